import assert from "node:assert/strict";
import { test } from "node:test";

import { ficheAnswerText, isAskedOf, labelOf, profilAnswerText, tableRows } from "../../site_src/widget/fiche-text.mjs";

// A fields description shaped like the page's data (fictional ids): an option
// list whose values depend on the chosen "filiere".
const filiere = { id: "filiere", type: "choix", libelle: "Filière", selon: [], defaut: null,
  valeurs: { bois: "Bois", metal: "Métal" }, valeurs_selon: {} };
const option = { id: "option", type: "choix", libelle: "Option", selon: ["filiere"], defaut: null,
  valeurs: { a: "Option commune" }, valeurs_selon: { bois: { b: "Charpente" } } };
const langues = { id: "langues", type: "liste_choix", libelle: "Langues", selon: [], defaut: null,
  valeurs: { en: "Anglais", de: "Allemand" }, valeurs_selon: {} };
const forme = { id: "forme", type: "choix", libelle: "Forme", selon: [], defaut: "globale",
  valeurs: { globale: "Globale" }, valeurs_selon: {} };
const champs = [filiere, option, langues, forme];

test("a value's label is the chosen answer's own one, then the field's, then the value", () => {
  assert.equal(labelOf(option, "b", { filiere: "bois" }), "Charpente");
  assert.equal(labelOf(option, "a", { filiere: "bois" }), "Option commune");
  assert.equal(labelOf(option, "z", {}), "z");
  assert.equal(labelOf(undefined, 3), "3");
});

test("a profile answer names the answers that depend on it", () => {
  const profil = { filiere: "bois", option: "b" };
  assert.equal(profilAnswerText({ profil: "filiere" }, profil, champs), "Bois – option b Charpente");
  assert.equal(profilAnswerText({ profil: "filiere" }, { filiere: "metal", option: "ab" }, champs), "Métal – option ab");
});

test("a list answer is its labels; an unanswered field is its default, or nothing", () => {
  assert.equal(profilAnswerText({ profil: "langues" }, { langues: ["en", "de"] }, champs), "Anglais, Allemand");
  assert.equal(profilAnswerText({ profil: "langues" }, { langues: [] }, champs), undefined);
  assert.equal(profilAnswerText({ profil: "forme" }, {}, champs), "Globale");
  assert.equal(profilAnswerText({ profil: "filiere" }, {}, champs), undefined);
  assert.equal(profilAnswerText({ profil: "inconnu" }, { inconnu: "x" }, champs), undefined);
});

test("a fiche answer is printed by its field's type", () => {
  const context = { listes: { pcs: { valeurs: [{ code: "23", libelle: "Chefs d'entreprise" }] } }, champs };
  assert.equal(ficheAnswerText({ type: "texte" }, "", context), null);
  assert.equal(ficheAnswerText({ type: "texte" }, undefined, context), null);
  assert.equal(ficheAnswerText({ type: "texte" }, "Lyon", context), "Lyon");
  assert.equal(ficheAnswerText({ type: "oui_non" }, "oui", context), "Oui");
  assert.equal(ficheAnswerText({ type: "oui_non" }, "non", context), "Non");
  assert.equal(ficheAnswerText({ type: "date" }, "2008-03-09", context), "09/03/2008");
});

test("a fiche choice is printed from its code list, its own values or a profile field's values", () => {
  const context = { listes: { pcs: { valeurs: [{ code: "23", libelle: "Chefs d'entreprise" }] } }, champs };
  assert.equal(ficheAnswerText({ type: "choix", liste: "pcs" }, "23", context), "23 – Chefs d'entreprise");
  assert.equal(ficheAnswerText({ type: "choix", liste: "pcs" }, "99", context), "99");
  assert.equal(ficheAnswerText({ type: "choix", valeurs: [{ code: "x", libelle: "Autre" }] }, "x", context), "Autre");
  assert.equal(ficheAnswerText({ type: "choix" }, "de", context), "Allemand");
});

test("a fiche table prints the profile's rows, a column without profile key empty", () => {
  const table = { profil: "notes", colonnes: [{ profil: "unite" }, { profil: "note" }, {}] };
  assert.deepEqual(tableRows(table, { notes: [{ unite: "U1", note: 12 }, { unite: "U2" }] }), [["U1", "12", ""], ["U2", "", ""]]);
  assert.deepEqual(tableRows(table, {}), []);
  assert.deepEqual(tableRows({ colonnes: [] }, { notes: [{}] }), []);
});

test("a fiche field restricted to some categories is asked of those only", () => {
  assert.equal(isAskedOf({}, {}, "voie"), true);
  assert.equal(isAskedOf({ categories: ["un", "deux"] }, { voie: "deux" }, "voie"), true);
  assert.equal(isAskedOf({ categories: ["un"] }, { voie: "deux" }, "voie"), false);
});
