// The candidate's checklist, grouped by deadline, and the engine's errors and
// warnings: next to their fields and summed up above the form.
import { daysLeftText, groupByEcheance } from "./echeances.mjs";
import { element } from "./page.mjs";

const plural = (count, word) => `${count} ${word}${count > 1 ? "s" : ""}`;

// `resultat`: the engine's `checklist` answer; `stamp`: where the edition and fingerprint are named.
export function renderChecklist(zone, stamp, resultat, today = new Date()) {
  const content = [element("p", { class: "bts-compte", text: `${plural(resultat.pieces.length, "pièce")} à déposer sur CYCLADES.` })];
  for (const pieces of groupByEcheance(resultat.pieces)) {
    const { echeance, echeance_texte: echeanceTexte } = pieces[0];
    const title = element("h3", {}, `À déposer au plus tard le ${echeanceTexte} `,
      element("span", { class: "bts-delai", text: `(${daysLeftText(echeance, today)})` }));
    const list = element("ul", { class: "bts-pieces" });
    for (const piece of pieces) {
      const source = element("a", { href: `../pieces/#${piece.id}`, text: piece.sources.join(" ; ") });
      list.append(element("li", { "data-piece": piece.id, "data-echeance": piece.echeance },
        element("strong", { text: piece.libelle }),
        element("p", { class: "bts-motif", text: piece.motif }),
        ...piece.notes.map((note) => element("p", { class: "bts-note", text: note })),
        element("p", { class: "bts-source" }, "Règle : ", source)));
    }
    content.push(element("section", { class: "bts-groupe-echeance", "data-groupe-echeance": echeance }, title, list));
  }
  if (resultat.consignes.length) {
    content.push(element("div", { class: "admonition tip" },
      element("p", { class: "admonition-title", text: "Pour chaque dépôt" }),
      ...resultat.consignes.map((text) => element("p", { text }))));
  }
  zone.replaceChildren(...content);
  stamp.textContent = `Calculé avec l'édition ${resultat.edition} des règles (empreinte ${resultat.empreinte.slice(0, 12)}).`;
}

const errorText = (error) => `${error.message}${error.sources.length ? ` (${error.sources.join(" ; ")})` : ""}`;

// Each error next to its field (the field marked invalid), and the errors and
// warnings listed in `summary`. `controls(name)`: the form's controls of a field.
export function renderErrors(form, summary, resultat, controls) {
  for (const zone of form.querySelectorAll("[data-zone-erreur]")) {
    zone.hidden = true;
    zone.replaceChildren();
    zone.removeAttribute("data-erreur");
  }
  for (const control of form.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  const errors = [];
  for (const error of resultat.erreurs) {
    const text = errorText(error);
    const zone = form.querySelector(`[data-zone-erreur="${CSS.escape(error.champ)}"]`);
    if (zone) {
      zone.hidden = false;
      zone.setAttribute("data-erreur", error.champ);
      zone.append(element("span", { text }));
      for (const control of controls(error.champ)) control.setAttribute("aria-invalid", "true");
    }
    errors.push(element("li", { "data-erreur": error.champ, text }));
  }
  const warnings = resultat.avertissements.map((w) => element("li", { "data-avertissement": w.champ, text: w.message }));
  const blocks = [];
  if (errors.length) blocks.push(element("p", { text: `${plural(errors.length, "réponse")} à corriger :` }), element("ul", {}, ...errors));
  if (warnings.length) blocks.push(element("p", { text: "À noter :" }), element("ul", {}, ...warnings));
  summary.replaceChildren(...blocks);
}
