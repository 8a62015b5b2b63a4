// The engine's errors and warnings on the profile: next to their fields and
// summed up above the list, as links to the fields. An error shows only once
// the candidate has left its field, or has asked for the list: nothing is red
// on arrival, and nothing is read aloud before an answer.
import { element, plural } from "./page.mjs";

// The message, and the rule behind a "Pourquoi ?" disclosure.
function errorContent(error) {
  const parts = [element("span", { class: "bts-erreur-texte", text: error.message })];
  if (error.sources.length) {
    parts.push(" ", element("details", { class: "bts-pourquoi" },
      element("summary", { text: "Pourquoi ?" }),
      element("span", { text: `Règle : ${error.sources.join(" ; ")}.` })));
  }
  return parts;
}

// The first control of a field, to link to from the summary (a radio group: its fieldset).
function anchorOf(form, champ) {
  const zone = form.querySelector(`[data-champ="${CSS.escape(champ)}"]`);
  if (!zone) return null;
  if (!zone.id) zone.id = `question-${champ}`;
  return zone.id;
}

// Which fields the candidate has left (or answered, for choices), and whether
// the list has been asked for: then every error shows.
export function errorVisibility(form) {
  const left = new Set();
  let all = false;
  const champOf = (target) => target.closest("[data-champ]")?.dataset.champ;
  form.addEventListener("focusout", (event) => {
    const champ = champOf(event.target);
    // Within the same question (the radios of one group) the field is not left yet.
    if (champ && champOf(event.relatedTarget || document.body) !== champ) left.add(champ);
  });
  form.addEventListener("change", (event) => {
    const champ = champOf(event.target);
    if (champ && event.target.type !== "text" && event.target.type !== "number") left.add(champ);
  });
  return {
    isShown: (champ) => all || left.has(champ),
    // Answers restored from a link or a file were given: their errors show.
    markGiven: (champs) => champs.forEach((champ) => left.add(champ)),
    showAll() { all = true; },
    reset() { left.clear(); all = false; },
  };
}

// Each error of a field the candidate has left next to it (its controls marked
// invalid), and those errors and the warnings listed in `summary`, each a link
// to its field. `controls(name)`: the form's controls of a field.
export function renderErrors(form, summary, resultat, controls, visibility) {
  for (const zone of form.querySelectorAll("[data-zone-erreur]")) {
    zone.hidden = true;
    zone.replaceChildren();
    zone.removeAttribute("data-erreur");
  }
  for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  const errors = [];
  for (const error of resultat.erreurs.filter((e) => visibility.isShown(e.champ))) {
    const zone = form.querySelector(`[data-zone-erreur="${CSS.escape(error.champ)}"]`);
    if (zone) {
      zone.hidden = false;
      zone.setAttribute("data-erreur", error.champ);
      zone.append(...errorContent(error));
      for (const control of controls(error.champ)) control.setAttribute("aria-invalid", "true");
    }
    const anchor = anchorOf(form, error.champ);
    errors.push(element("li", { "data-erreur": error.champ },
      anchor ? element("a", { href: `#${anchor}`, text: error.message }) : error.message));
  }
  const warnings = resultat.avertissements.filter((w) => visibility.isShown(w.champ))
    .map((w) => element("li", { "data-avertissement": w.champ, text: w.message }));
  const blocks = [];
  if (errors.length) blocks.push(element("p", { text: `${plural(errors.length, "réponse")} à corriger :` }), element("ul", {}, ...errors));
  if (warnings.length) blocks.push(element("p", { text: "À noter :" }), element("ul", {}, ...warnings));
  summary.replaceChildren(...blocks);
  summary.hidden = !blocks.length;
}
