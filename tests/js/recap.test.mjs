import assert from "node:assert/strict";
import { test } from "node:test";

import { answerText, frenchDate, printDateText, recapLines, renderRecap } from "../../site_src/widget/recap.mjs";

// A fields description shaped like the page's data (fictional ids).
const filiere = { id: "filiere", type: "choix", libelle: "Filière", selon: [], valeurs: { bois: "Bois" }, valeurs_selon: {} };
const option = { id: "option", type: "choix", libelle: "Option", selon: ["filiere"], valeurs: {}, valeurs_selon: { bois: { B: "Charpente" } } };
const langues = { id: "langues", type: "liste_choix", libelle: "Langues", selon: [], valeurs: { en: "Anglais", de: "Allemand" }, valeurs_selon: {} };
const premiere = { id: "premiere", type: "booleen", libelle: "Scolaire en 1re année", selon: [], valeurs: {}, valeurs_selon: {} };
const unites = { id: "unites", type: "liste_unites", libelle: "Dispenses", selon: [], valeurs: {}, valeurs_selon: {} };
const notes = { id: "notes", type: "tableau_notes", libelle: "Notes", selon: [], valeurs: {}, valeurs_selon: {} };
const champs = [filiere, option, langues, premiere, unites, notes];

test("the print date is written the French way", () => {
  assert.equal(frenchDate(new Date(2026, 11, 1)), "1er décembre 2026");
  assert.equal(frenchDate(new Date(2025, 10, 19)), "19 novembre 2025");
  assert.equal(printDateText(new Date(2026, 11, 1)), "Imprimé le 1er décembre 2026");
});

test("each answer is printed by its label, in the fields' order; unanswered fields are left out", () => {
  const profil = { langues: ["de", "en"], option: "B", filiere: "bois", premiere: true, unites: ["U31", "U32"], notes: [{ u: "U4", note: 12 }] };
  assert.deepEqual(recapLines(champs, profil), [
    { id: "filiere", libelle: "Filière", texte: "Bois" },
    { id: "option", libelle: "Option", texte: "B – Charpente" },
    { id: "langues", libelle: "Langues", texte: "Allemand, Anglais" },
    { id: "premiere", libelle: "Scolaire en 1re année", texte: "Oui" },
    { id: "unites", libelle: "Dispenses", texte: "U31, U32" },
    { id: "notes", libelle: "Notes", texte: "U4 – 12" },
  ]);
  assert.deepEqual(recapLines(champs, { filiere: "bois", langues: [], premiere: false }), [{ id: "filiere", libelle: "Filière", texte: "Bois" }]);
  assert.equal(answerText(filiere, "inconnue", {}), "inconnue");
});

// Just enough of a DOM for renderRecap.
const fakeDocument = {
  createElement(tag) {
    return { tag, attributes: {}, children: [], setAttribute(name, value) { this.attributes[name] = value; },
      append(...nodes) { this.children.push(...nodes); } };
  },
};
const textOf = (node) => (typeof node === "string" ? node : node.children.map(textOf).join(" "));

test("the recap names each answer and the print date", () => {
  const container = { ownerDocument: fakeDocument, replaceChildren(...nodes) { this.children = nodes; } };
  renderRecap(container, champs, { filiere: "bois" }, new Date(2026, 11, 1));
  const text = container.children.map(textOf).join(" ");
  assert.match(text, /Filière Bois/);
  assert.match(text, /Imprimé le 1er décembre 2026/);
  renderRecap(container, champs, {}, new Date(2026, 11, 1));
  assert.match(container.children.map(textOf).join(" "), /Aucune réponse/);
});
