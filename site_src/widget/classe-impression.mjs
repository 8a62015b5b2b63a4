// The class tool's printout: one checklist per candidate, the engine's sheets
// (printing.py), the same as the command line prints.
import { element } from "./page.mjs";

export function showPrintout(matrix) {
  const pages = matrix.impression.map((sheet) => element("article", { class: "bts-candidat", "data-ligne": String(sheet.ligne) },
    element("h2", { text: sheet.titre }),
    element("p", { class: "bts-tampon", text: sheet.tampon }),
    sheet.erreurs.length ? element("ul", { class: "bts-erreur" }, ...sheet.erreurs.map((text) => element("li", { text }))) : null,
    ...sheet.groupes.flatMap((group) => [
      element("h3", { text: group.titre }),
      element("ul", {}, ...group.pieces.map((p) => element("li", { "data-piece": p.id },
        element("strong", { text: `☐ ${p.libelle}` }), element("br"), element("span", { class: "bts-motif", text: p.motif })))),
    ])));
  document.getElementById("impression-classe").replaceChildren(...pages);
}

document.getElementById("bouton-imprimer-classe").addEventListener("click", () => window.print());
