import assert from "node:assert/strict";
import { test } from "node:test";

import { barText, changeText, nextEcheance } from "../../site_src/widget/checklist-bar.mjs";

const piece = (id, echeance, libelle = id) => ({ id, libelle, echeance, echeance_texte: `le ${echeance}` });
const pieces = [piece("a", "2025-11-19"), piece("b", "2025-12-12"), piece("c", "2025-11-19")];

test("the next deadline is the nearest one not past yet, today included", () => {
  assert.equal(nextEcheance(pieces, "2025-11-01").echeance, "2025-11-19");
  assert.equal(nextEcheance(pieces, "2025-11-19").echeance, "2025-11-19");
  assert.equal(nextEcheance(pieces, "2025-11-20").echeance, "2025-12-12");
  assert.equal(nextEcheance(pieces, "2025-12-13"), null);
});

// The test's own wording, shaped as calendrier.yaml's `delai`.
const wording = { dans_jours: "dans {jours} jours ({jour})", demain: "demain", aujourdhui: "aujourd'hui", passee: "dates passées" };

test("the bar counts the pieces and names the next deadline in the rules' words", () => {
  assert.equal(barText(pieces, "2025-11-20", wording), "3 pièces · prochaine échéance dans 22 jours (vendredi 12 décembre)");
  assert.equal(barText([pieces[0]], "2025-11-18", wording), "1 pièce · prochaine échéance demain");
  assert.equal(barText(pieces, "2025-11-19", wording), "3 pièces · prochaine échéance aujourd'hui");
  assert.equal(barText(pieces, "2026-12-01", wording), "3 pièces · dates passées");
});

test("a change of the list is read as pieces added then removed", () => {
  assert.equal(changeText(pieces, pieces), "");
  assert.equal(changeText([pieces[0]], [pieces[0], pieces[1]]), "+ b");
  assert.equal(changeText([pieces[0], pieces[2]], [pieces[1]]), "+ b ; − a ; − c");
});
