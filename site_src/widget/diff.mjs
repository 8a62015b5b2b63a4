// What changes for the candidate between two editions' checklists. Pure
// functions (no DOM).
import { deadlineFormula } from "./echeances.mjs";

// The checklists of two editions, the older one first.
export function olderFirst(here, other, edition, otherEdition) {
  return Number(otherEdition) < Number(edition) ? [other, here] : [here, other];
}

// The pieces added, moved to another day and withdrawn, from `older` to `newer`:
// [{type: "ajoutee" | "deplacee" | "retiree", piece, text}]. `formule`: how the
// rules write a deadline (calendrier.yaml: "au plus tard le {date}").
export function diffChecklists(older, newer, formule) {
  const before = new Map(older.pieces.map((p) => [p.id, p]));
  const after = new Map(newer.pieces.map((p) => [p.id, p]));
  const changes = [];
  for (const [id, piece] of after) {
    if (!before.has(id)) changes.push({ type: "ajoutee", piece, text: `Nouvelle pièce : ${piece.libelle} (${deadlineFormula(formule, piece.echeance_texte)}).` });
    else if (before.get(id).echeance !== piece.echeance) {
      changes.push({ type: "deplacee", piece, text: `${piece.libelle} : date limite déplacée du ${before.get(id).echeance_texte} au ${piece.echeance_texte}.` });
    }
  }
  for (const [id, piece] of before) {
    if (!after.has(id)) changes.push({ type: "retiree", piece, text: `Pièce qui n'est plus demandée : ${piece.libelle}.` });
  }
  return changes;
}

export function diffTitle(older, newer, changes) {
  const title = `De l'édition ${older.edition} à l'édition ${newer.edition}, pour vos réponses :`;
  return changes.length ? title : `${title} rien ne change.`;
}
