// Filters a list as the reader types: <input data-filtre="ID"> filters the
// items of #ID by their data-recherche text (accents and case ignored).
(function () {
  function normaliser(texte) {
    return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("input[data-filtre]").forEach(function (champ) {
    var liste = document.getElementById(champ.dataset.filtre);
    var statut = document.getElementById(champ.dataset.filtre + "-statut");
    if (!liste) return;
    champ.addEventListener("input", function () {
      var cherche = normaliser(champ.value.trim());
      var visibles = 0;
      liste.querySelectorAll("[data-recherche]").forEach(function (element) {
        var garde = normaliser(element.dataset.recherche).indexOf(cherche) !== -1;
        element.hidden = !garde;
        if (garde) visibles += 1;
      });
      if (statut) statut.textContent = visibles + " spécialité" + (visibles > 1 ? "s" : "") + " affichée" + (visibles > 1 ? "s" : "");
    });
  });
})();
