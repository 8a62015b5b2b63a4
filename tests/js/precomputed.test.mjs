import assert from "node:assert/strict";
import { test } from "node:test";

import { canonicalJson, lookupPrecomputed, sameList, token } from "../../site_src/widget/precomputed.mjs";

// A small table: a choice, then a typed list; two answers.
const data = {
  champs: [{ id: "c", type: "choix" }, { id: "u", type: "liste_unites", saisi: true }],
  pieces: [{ id: "p" }, { id: "q" }],
  reponses: [[0], [0, 1]],
  noeuds: [[1, { "": -1, "+": -2 }], [0, { "": 0, x: 0 }]],
  racine: 1,
};

test("tokens follow the field's type", () => {
  assert.equal(token({ type: "choix" }, undefined), "");
  assert.equal(token({ type: "choix" }, "a"), "a");
  assert.equal(token({ type: "choix" }, 3), null);
  assert.equal(token({ type: "booleen" }, true), "1");
  assert.equal(token({ type: "booleen" }, false), "");
  assert.equal(token({ type: "booleen" }, "oui"), null);
  assert.equal(token({ type: "liste_choix" }, ["b", "a"]), "a|b");
  assert.equal(token({ type: "liste_choix" }, ["a", "a"]), null);
  assert.equal(token({ type: "liste_unites" }, ["U1"]), "+");
  assert.equal(token({ type: "tableau_notes" }, []), "");
});

test("an integer's token is its place among the thresholds", () => {
  const champ = { type: "entier", seuils: [3, 5] };
  assert.deepEqual([2, 3, 4, 5, 6].map((n) => token(champ, n)), ["0", "1", "2", "3", "4"]);
  assert.equal(token(champ, "4"), null);
});

test("the lookup walks the diagram to the answer's pieces", () => {
  assert.deepEqual(lookupPrecomputed(data, {}), { pieces: [{ id: "p" }], provisoire: false });
  assert.deepEqual(lookupPrecomputed(data, { c: "x", u: ["U1"] }), { pieces: [{ id: "p" }, { id: "q" }], provisoire: true });
});

test("answers the table does not list are not covered", () => {
  assert.equal(lookupPrecomputed(data, { c: "y" }), null);
  assert.equal(lookupPrecomputed(data, { c: 1 }), null);
  assert.equal(lookupPrecomputed(null, {}), null);
});

test("two lists are the same whatever the order of their keys", () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), '{"a":[{"c":3,"d":2}],"b":1}');
  const list = { edition: "e", empreinte: "f", pieces: [{ id: "p", motif: "m" }], consignes: ["x"], erreurs: [1] };
  assert.ok(sameList(list, { consignes: ["x"], pieces: [{ motif: "m", id: "p" }], empreinte: "f", edition: "e" }));
  assert.ok(!sameList(list, { ...list, pieces: [] }));
});
