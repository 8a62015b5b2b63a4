// The printable fiche: its own form (the answers the profile does not ask),
// the engine's errors on it, and the fiche filled with every answer, to print.
import { ficheAnswerText, isAskedOf, profilAnswerText, tableRows } from "./fiche-text.mjs";
import { element, isShown } from "./page.mjs";

// `form`: the <form id="fiche">.
export function bindFicheForm(form) {
  // {name: text} of the answered fields that are shown.
  function read() {
    const values = {};
    for (const control of form.elements) {
      if (!control.name || control.disabled || !isShown(control)) continue;
      if ((control.type === "radio" || control.type === "checkbox") && !control.checked) continue;
      if (control.value.trim() !== "") values[control.name] = control.value;
    }
    return values;
  }

  function write(values) {
    form.reset();
    for (const [name, value] of Object.entries(values || {})) {
      if (typeof value !== "string") continue;
      for (const control of form.elements) {
        if (control.name !== name) continue;
        if (control.type === "radio") control.checked = control.value === value;
        else control.value = value;
      }
    }
  }

  const names = () => new Set([...form.elements].map((control) => control.name).filter(Boolean));

  // `resultat`: the engine's `fiche` answer ({erreurs: [{champ, message}]}).
  function renderErrors(resultat) {
    for (const zone of form.querySelectorAll("[data-zone-erreur-fiche]")) {
      const error = resultat.erreurs.find((e) => e.champ === zone.dataset.zoneErreurFiche);
      zone.hidden = !error;
      zone.textContent = error ? error.message : "";
      if (error) zone.setAttribute("data-erreur", error.champ);
      else zone.removeAttribute("data-erreur");
      const control = form.elements[zone.dataset.zoneErreurFiche];
      if (control && control.setAttribute) {
        if (error) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
      }
    }
  }

  return { read, write, names, renderErrors, reset: () => form.reset() };
}

const TO_FILL = "à compléter à la main";

function tableLine(ficheChamp, profil) {
  const rows = tableRows(ficheChamp, profil).map((cells) => element("tr", {}, ...cells.map((text) => element("td", { text }))));
  if (!rows.length) rows.push(element("tr", {}, element("td", { colspan: String(ficheChamp.colonnes.length), class: "bts-a-completer", text: "Aucun (ou à compléter à la main)" })));
  return element("div", { class: "bts-fiche-ligne" }, element("span", { class: "bts-fiche-libelle", text: ficheChamp.libelle }),
    element("table", {}, element("thead", {}, element("tr", {}, ...ficheChamp.colonnes.map((c) => element("th", { scope: "col", text: c.libelle })))),
      element("tbody", {}, ...rows)));
}

// Fills `container` with the fiche: `description` is the bundle's fiche
// ({sections, listes}), `values` the fiche form's answers.
export function renderFiche(container, description, champs, profil, values) {
  const content = [];
  for (const section of description.sections) {
    const lines = [];
    for (const ficheChamp of section.champs) {
      if (!isAskedOf(ficheChamp, profil, description.champ_categorie)) continue;
      if (ficheChamp.type === "tableau") {
        lines.push(tableLine(ficheChamp, profil));
        continue;
      }
      const text = ficheChamp.profil ? profilAnswerText(ficheChamp, profil, champs)
        : ficheAnswerText(ficheChamp, values[ficheChamp.id], { listes: description.listes, champs });
      lines.push(element("div", { class: "bts-fiche-ligne", "data-fiche-champ": ficheChamp.id },
        element("span", { class: "bts-fiche-libelle", text: `${ficheChamp.libelle} : ` }),
        text ? element("span", { class: "bts-fiche-valeur", text })
          : element("span", { class: "bts-a-completer", text: TO_FILL })));
    }
    if (lines.length) content.push(element("section", { class: "bts-fiche-bloc" }, element("h3", { text: section.titre }), ...lines));
  }
  container.replaceChildren(...content);
}
