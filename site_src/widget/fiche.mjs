// The printable fiche: its own form (the answers the profile does not ask),
// the engine's errors on it, and the fiche filled with every answer, to print.
import { ficheStates } from "./fiche-text.mjs";
import { element, isShown, setText } from "./page.mjs";

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
      setText(zone, error ? error.message : "");
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

// Layout only: the boxes of an INE, the lines of a long text, and how many
// values a choice may have to be printed as ☐ boxes.
const INE_BOXES = 11;
const LONG_TEXT_LINES = 3;
const MAX_BOXED_CHOICES = 12;
// Blank line widths by field type (the others fill the row).
const BLANK_WIDTH = { code_postal: "court", departement: "court", annee: "court", telephone_mobile: "moyen" };
// For screen readers, in the blanks that are drawn only.
const TO_FILL = "à compléter à la main";

const spoken = (text) => element("span", { class: "bts-lecteur", text });
const blankLine = (width = "") => element("span", { class: `bts-champ-vide${width ? ` bts-champ-vide--${width}` : ""} bts-a-completer` }, spoken(TO_FILL));
const boxes = (count, description) => element("span", { class: "bts-cases bts-a-completer", role: "img", "aria-label": description },
  ...Array.from({ length: count }, () => element("span", { class: "bts-case-caractere" })));
const choiceBoxes = (labels) => element("ul", { class: "bts-choix bts-a-completer" },
  ...labels.map((text) => element("li", {}, element("span", { class: "bts-case", text }))));

// The labels a choice offers on paper, when few enough to be boxes (else undefined).
function choiceLabels(ficheChamp, champs) {
  if (ficheChamp.type === "oui_non") return ["Oui", "Non"];
  if (ficheChamp.valeurs) return ficheChamp.valeurs.map((v) => v.libelle);
  const champ = ficheChamp.type === "choix" && champs.find((c) => c.id === ficheChamp.profil_valeurs);
  if (!champ || !champ.fixes.length || champ.fixes.length > MAX_BOXED_CHOICES) return undefined;
  return champ.fixes.map((id) => champ.valeurs[id] || id);
}

// The space to write a field's answer by hand, by its type.
function writingSpace(ficheChamp, description, champs) {
  if (ficheChamp.type === "ine") return [boxes(INE_BOXES, `${INE_BOXES} cases, un caractère par case`)];
  if (ficheChamp.type === "date") {
    return [element("span", { class: "bts-date bts-a-completer", "aria-hidden": "true", text: "__ / __ / ____" }), spoken("jour, mois et année")];
  }
  if (ficheChamp.type === "texte_long") {
    return [element("span", { class: "bts-lignes" }, ...Array.from({ length: LONG_TEXT_LINES }, () => blankLine()))];
  }
  if (ficheChamp.liste) {
    const liste = description.listes[ficheChamp.liste];
    const length = Math.max(...liste.valeurs.map((v) => v.code.length));
    return [boxes(length, `code à ${length} caractères`),
      element("span", { class: "bts-renvoi", text: `(code de la liste « ${liste.libelle} », en fin de fiche)` })];
  }
  const labels = choiceLabels(ficheChamp, champs);
  return [labels ? choiceBoxes(labels) : blankLine(BLANK_WIDTH[ficheChamp.type])];
}

// The label, with the condition a field has on paper (another category's field, a free-text condition).
function labelText(ficheChamp, description, champs) {
  const categorie = champs.find((c) => c.id === description.champ_categorie);
  const conditions = [
    ...(ficheChamp.condition ? [ficheChamp.condition] : []),
    ...(ficheChamp.categories ? [`${ficheChamp.categories.map((id) => (categorie && categorie.valeurs[id]) || id).join(", ")} uniquement`] : []),
  ];
  return `${ficheChamp.libelle}${conditions.length ? ` (${conditions.join(" ; ")})` : ""} :`;
}

function table(ficheChamp, rows) {
  const tableRowsOf = rows.length ? rows : Array.from({ length: ficheChamp.lignes }, () => ficheChamp.colonnes.map(() => ""));
  return element("table", { class: "bts-tableau-vide" },
    element("caption", { text: ficheChamp.libelle }),
    element("thead", {}, element("tr", {}, ...ficheChamp.colonnes.map((c) => element("th", { scope: "col", class: `bts-colonne--${c.type}`, text: c.libelle })))),
    element("tbody", {}, ...tableRowsOf.map((cells) => element("tr", {}, ...cells.map((text) => element("td", {}, text || spoken(TO_FILL)))))));
}

function fieldLine(ficheChamp, state, description, champs) {
  const attributes = { class: `bts-champ bts-champ--${ficheChamp.type}`, "data-fiche-champ": ficheChamp.id, "data-etat": state.etat };
  if (ficheChamp.type === "tableau" && (state.lignes || state.etat === "a-completer")) {
    return element("div", attributes, table(ficheChamp, state.lignes || []));
  }
  const answer = state.etat === "a-completer" ? writingSpace(ficheChamp, description, champs)
    : [element("span", { class: `bts-fiche-valeur bts-fiche-valeur--${state.etat}`, text: state.texte })];
  return element("div", attributes, element("div", { class: "bts-ligne" },
    element("span", { class: "bts-libelle", text: labelText(ficheChamp, description, champs) }), ...answer));
}

// The code lists some field left to write by hand refers to, at the end of the fiche.
function codeLists(description, states) {
  const names = [...new Set(description.sections.flatMap((section) => section.champs)
    .filter((c) => c.liste && states.get(c.id).etat === "a-completer").map((c) => c.liste))];
  return names.map((name) => {
    const liste = description.listes[name];
    return element("section", { class: "bts-bloc bts-bloc--liste", "data-liste": name },
      element("h3", { text: `Liste : ${liste.libelle}` }),
      element("ul", { class: "bts-liste-codes" }, ...liste.valeurs.map((v) => element("li", {},
        element("span", { class: "bts-code", text: v.code }), ` ${v.libelle}`))));
  });
}

// Fills `container` with the fiche: `description` is the bundle's fiche
// ({sections, listes, champ_categorie}), `values` the fiche form's answers.
export function renderFiche(container, description, champs, profil, values) {
  const states = ficheStates(description, champs, profil, values);
  const content = description.sections.map((section) => element("section", { class: "bts-bloc", "data-section": section.id },
    element("h3", { text: section.titre }),
    ...section.champs.map((ficheChamp) => fieldLine(ficheChamp, states.get(ficheChamp.id), description, champs))));
  container.replaceChildren(...content, ...codeLists(description, states));
}
