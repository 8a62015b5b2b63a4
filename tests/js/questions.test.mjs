import assert from "node:assert/strict";
import { test } from "node:test";

import { knownQuestions, visibilityKey } from "../../site_src/widget/questions.mjs";

const champs = [
  { id: "voie", type: "choix", selon: [], fixes: ["a", "b"], valeurs_selon: {} },
  { id: "metier", type: "choix", selon: [], fixes: ["m1", "m2"], valeurs_selon: {} },
  { id: "variante", type: "choix", selon: ["metier"], fixes: [], selon_seulement: true, valeurs_selon: { m1: { A: "Un", B: "Deux" } } },
  { id: "choix", type: "liste_choix", selon: ["metier"], fixes: ["x"], selon_seulement: false, valeurs_selon: { m2: { y: "Y" } } },
  { id: "precision", type: "booleen", selon: [], fixes: [], valeurs_selon: {} },
  { id: "langue", type: "choix", selon: [], fixes: ["en"], valeurs_selon: {} },
];
const visibilite = {
  precision: { lus: ["voie"], vrai: ['["b"]'], faux: ["[null]", '["a"]'] },
  langue: { lus: ["choix"], vrai: ['[["x"]]'], faux: ["[[]]"] },
};

test("the key is the answers read, in order, lists sorted, null or [] when not given", () => {
  const byId = new Map(champs.map((c) => [c.id, c]));
  assert.equal(visibilityKey(["voie", "choix"], { choix: ["y", "x"] }, byId), '[null,["x","y"]]');
});

test("a table says whether a question is asked, and says nothing for an unknown combination", () => {
  assert.equal(knownQuestions(champs, visibilite, { voie: "b" }).precision.pose, true);
  assert.equal(knownQuestions(champs, visibilite, { voie: "a" }).precision.pose, false);
  assert.equal(knownQuestions(champs, visibilite, {}).langue.pose, false);
  assert.equal(knownQuestions(champs, visibilite, { choix: ["x", "y", "z"] }).langue.pose, undefined);
});

test("a field whose values all belong to another answer is asked when that answer has some", () => {
  assert.deepEqual(knownQuestions(champs, visibilite, { metier: "m1" }).variante, { pose: true, valeurs: ["A", "B"] });
  assert.equal(knownQuestions(champs, visibilite, { metier: "m2" }).variante.pose, false);
  assert.equal(knownQuestions(champs, visibilite, {}).variante.pose, false);
  assert.deepEqual(knownQuestions(champs, visibilite, { metier: "m2" }).choix, { valeurs: ["x", "y"] });
});
