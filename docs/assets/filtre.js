// Filters a list as the reader types: <input data-filtre="ID"> filters the
// items of #ID by their data-recherche text, with the candidate tool's rule
// (outil/list-filter.mjs: each word typed begins a word, accents and case
// ignored); the element its aria-describedby names says how many are shown.
(function () {
  var champs = document.querySelectorAll("input[data-filtre]");
  if (!champs.length) return;
  import(new URL("../outil/list-filter.mjs", document.currentScript.src).href).then(function (filtre) {
    champs.forEach(function (champ) {
      var liste = document.getElementById(champ.dataset.filtre);
      var statut = document.getElementById(champ.getAttribute("aria-describedby"));
      if (!liste) return;
      champ.addEventListener("input", function () {
        var garde = filtre.matcher(champ.value);
        var visibles = 0;
        liste.querySelectorAll("[data-recherche]").forEach(function (element) {
          element.hidden = !garde(element.dataset.recherche);
          if (!element.hidden) visibles += 1;
        });
        if (statut) statut.textContent = champ.value.trim() ? filtre.countMessage(visibles, champ.dataset) : "";
      });
    });
  });
})();
