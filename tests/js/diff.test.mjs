import assert from "node:assert/strict";
import { test } from "node:test";

import { diffChecklists, diffTitle, olderFirst } from "../../site_src/widget/diff.mjs";

const piece = (id, echeance, echeanceTexte = echeance) => ({ id, libelle: `Pièce ${id}`, echeance, echeance_texte: echeanceTexte });

test("the diff names the pieces added, moved and withdrawn", () => {
  const older = { edition: "2026", pieces: [piece("kept", "2026-03-01"), piece("moved", "2026-03-01", "1er mars"), piece("gone", "2026-03-01")] };
  const newer = { edition: "2027", pieces: [piece("kept", "2026-03-01"), piece("moved", "2026-04-01", "1er avril"), piece("new", "2026-05-01", "1er mai")] };
  const changes = diffChecklists(older, newer, "jusqu'au {date} inclus");
  assert.deepEqual(changes.map((c) => [c.type, c.piece.id]), [["deplacee", "moved"], ["ajoutee", "new"], ["retiree", "gone"]]);
  assert.deepEqual(changes.map((c) => c.text), [
    "Pièce moved : date limite déplacée du 1er mars au 1er avril.",
    "Nouvelle pièce : Pièce new (jusqu'au 1er mai inclus).",
    "Pièce qui n'est plus demandée : Pièce gone.",
  ]);
});

test("the same checklist makes no change, and the title says so", () => {
  const checklist = { edition: "2026", pieces: [piece("a", "2026-03-01")] };
  const changes = diffChecklists(checklist, { ...checklist, edition: "2027" }, "au plus tard le {date}");
  assert.deepEqual(changes, []);
  assert.equal(diffTitle({ edition: "2026" }, { edition: "2027" }, changes),
    "De l'édition 2026 à l'édition 2027, pour vos réponses : rien ne change.");
  assert.equal(diffTitle({ edition: "2026" }, { edition: "2027" }, [{}]), "De l'édition 2026 à l'édition 2027, pour vos réponses :");
});

test("the older edition's checklist comes first", () => {
  assert.deepEqual(olderFirst("here", "other", "2027", "2026"), ["other", "here"]);
  assert.deepEqual(olderFirst("here", "other", "2026", "2027"), ["here", "other"]);
});
