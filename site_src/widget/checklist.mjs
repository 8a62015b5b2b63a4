// The candidate's checklist, grouped by deadline.
import { campaignToday } from "./campagne.mjs";
import { deadlineFormula, deadlineState, deadlineText, groupByEcheance } from "./echeances.mjs";
import { element, plural } from "./page.mjs";


// `resultat`: the engine's `checklist` answer; `stamp`: where the edition and fingerprint are named;
// `campagne`: the deadlines' wording (the tool data's `campagne`); `today`: a Date or "YYYY-MM-DD".
export function renderChecklist(zone, stamp, resultat, campagne, today = campaignToday(campagne)) {
  const content = [element("p", { class: "bts-compte", text: `${plural(resultat.pieces.length, "pièce")} à déposer sur CYCLADES.` })];
  for (const pieces of groupByEcheance(resultat.pieces)) {
    const { echeance, echeance_texte: echeanceTexte } = pieces[0];
    const state = deadlineState(echeance, today);
    const title = element("h3", {}, `À déposer ${deadlineFormula(campagne.formule, echeanceTexte)} – `,
      element("span", { class: "bts-delai", "data-etat-echeance": state, text: deadlineText(echeance, today, campagne.delai) }));
    const advice = state === "passee" ? element("p", { class: "bts-conseil-passee", text: campagne.delai.conseil_passee }) : null;
    const list = element("ul", { class: "bts-pieces" });
    for (const piece of pieces) {
      const source = element("a", { href: `../pieces/#${piece.id}`, text: piece.sources.join(" ; ") });
      list.append(element("li", { "data-piece": piece.id, "data-echeance": piece.echeance },
        element("strong", { text: piece.libelle }),
        element("p", { class: "bts-motif", text: piece.motif }),
        ...piece.notes.map((note) => element("p", { class: "bts-note", text: note })),
        element("p", { class: "bts-source" }, "Règle : ", source)));
    }
    content.push(element("section", { class: "bts-groupe-echeance", "data-groupe-echeance": echeance, "data-etat-echeance": state },
      title, advice, list));
  }
  if (resultat.consignes.length) {
    content.push(element("div", { class: "admonition tip" },
      element("p", { class: "admonition-title", text: "Pour chaque dépôt" }),
      ...resultat.consignes.map((text) => element("p", { text }))));
  }
  zone.replaceChildren(...content);
  stamp.textContent = `Calculé avec l'édition ${resultat.edition} des règles (empreinte ${resultat.empreinte.slice(0, 12)}).`;
}
