import assert from "node:assert/strict";
import { test } from "node:test";

import { countMessage, foldText, matcher } from "../../site_src/widget/list-filter.mjs";

const SIO = "Services informatiques aux organisations SIO 40792 Solutions logicielles et applications métiers SLAM";
const IMMO = "Professions immobilières 32031312";
const ELEC = "Électrotechnique 32025520";
const NAVAL = "Maritime maintenance des systèmes électro-navals MMSEN";

test("accents, case and ligatures are folded", () => {
  assert.equal(foldText("Électro ŒUVRE"), "electro oeuvre");
});

test("each word typed must begin a word of the item, sigle or name", () => {
  const keeps = (query) => [SIO, IMMO, ELEC, NAVAL].filter(matcher(query));
  assert.deepEqual(keeps("sio"), [SIO]);
  assert.deepEqual(keeps("SIO"), [SIO]);
  assert.deepEqual(keeps("slam"), [SIO]);
  assert.deepEqual(keeps("électro"), [ELEC, NAVAL]);
  assert.deepEqual(keeps("electro"), [ELEC, NAVAL]);
  assert.deepEqual(keeps("maint syst"), [NAVAL]);
  assert.deepEqual(keeps("  "), [SIO, IMMO, ELEC, NAVAL]);
  assert.deepEqual(keeps("zzz"), []);
});

test("the count is said with the page's words, in French typography", () => {
  const messages = { annonceZero: "Aucun choix ne correspond : effacez", annonceUn: "1 choix correspond.", annoncePlusieurs: "{n} choix correspondent." };
  assert.equal(countMessage(0, messages), "Aucun choix ne correspond\u00a0: effacez");
  assert.equal(countMessage(1, messages), "1 choix correspond.");
  assert.equal(countMessage(3, messages), "3 choix correspondent.");
});
