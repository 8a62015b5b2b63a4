import assert from "node:assert/strict";
import { test } from "node:test";

import { ficheAnswerText, ficheStates, isAskedOf, labelOf, NOT_APPLICABLE, profilAnswerText, shareOf, tableRows } from "../../site_src/widget/fiche-text.mjs";

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

test("a fiche field restricted to some categories is asked of those only, and of everyone before the category is known", () => {
  assert.equal(isAskedOf({}, {}, "voie"), true);
  assert.equal(isAskedOf({ categories: ["un", "deux"] }, { voie: "deux" }, "voie"), true);
  assert.equal(isAskedOf({ categories: ["un"] }, { voie: "deux" }, "voie"), false);
  assert.equal(isAskedOf({ categories: ["un"] }, {}, "voie"), true);
});

test("fiche fields printing the same list share it: one value each, the last one the rest", () => {
  assert.deepEqual(shareOf(["a", "b", "c"]), ["a", "b", "c"]);
  assert.deepEqual(shareOf(["a", "b", "c"], { rank: 0, count: 2 }), ["a"]);
  assert.deepEqual(shareOf(["a", "b", "c"], { rank: 1, count: 2 }), ["b", "c"]);
  assert.deepEqual(shareOf(["a"], { rank: 1, count: 2 }), []);
  assert.equal(profilAnswerText({ profil: "langues" }, { langues: ["en", "de"] }, champs, { rank: 1, count: 2 }), "Allemand");
});

// A fiche shaped like fiche.yaml (fictional ids): a yes/no with its follow-up,
// another category's field, list fields with their `si_vide`, a table, a free field.
const description = {
  champ_categorie: "filiere",
  listes: {},
  sections: [
    { id: "s1", titre: "Un", champs: [
      { id: "deja", type: "oui_non", si_oui: "annee" },
      { id: "annee", type: "annee" },
      { id: "pour_metal", type: "texte", categories: ["metal"] },
      { id: "nom", type: "texte" },
    ] },
    { id: "s2", titre: "Deux", champs: [
      { id: "langue_1", type: "choix", profil: "langues", profil_valeurs: "langues", si_vide: "aucune" },
      { id: "langue_2", type: "choix", profil: "langues", profil_valeurs: "langues", si_vide: "aucune" },
      { id: "notes", type: "tableau", profil: "notes", lignes: 2, colonnes: [{ id: "u", profil: "unite" }, { id: "ou" }], si_vide: "aucun" },
      { id: "filiere", type: "choix", profil: "filiere", profil_valeurs: "filiere" },
    ] },
  ],
};
const etats = (states) => Object.fromEntries([...states].map(([id, state]) => [id, state.etat]));

test("a follow-up of a \"non\" and another category's field do not apply; an empty list says so in its own words", () => {
  const states = ficheStates(description, champs, { filiere: "bois" }, { deja: "non", nom: "Lyon" });
  assert.deepEqual(etats(states), {
    deja: "rempli", annee: "sans-objet", pour_metal: "sans-objet", nom: "rempli",
    langue_1: "aucun", langue_2: "aucun", notes: "aucun", filiere: "rempli",
  });
  assert.equal(states.get("annee").texte, NOT_APPLICABLE);
  assert.equal(states.get("pour_metal").texte, NOT_APPLICABLE);
  assert.equal(states.get("langue_1").texte, "aucune");
  assert.equal(states.get("notes").texte, "aucun");
});

test("what may apply and is not answered is left to fill by hand", () => {
  const states = ficheStates(description, champs, {}, {});
  assert.deepEqual(etats(states), {
    deja: "a-completer", annee: "a-completer", pour_metal: "a-completer", nom: "a-completer",
    langue_1: "aucun", langue_2: "aucun", notes: "aucun", filiere: "a-completer",
  });
  assert.equal(ficheStates(description, champs, {}, { deja: "oui" }).get("annee").etat, "a-completer");
  const withoutWording = { ...description, sections: [{ id: "s", titre: "S", champs: [{ ...description.sections[1].champs[2], si_vide: undefined }] }] };
  assert.equal(ficheStates(withoutWording, champs, {}, {}).get("notes").etat, "a-completer");
});

test("answered lists and tables are printed, shared between their fields", () => {
  const states = ficheStates(description, champs, { filiere: "metal", langues: ["en", "de"], notes: [{ unite: "U1" }] }, { pour_metal: "x" });
  assert.deepEqual(states.get("langue_1"), { etat: "rempli", texte: "Anglais" });
  assert.deepEqual(states.get("langue_2"), { etat: "rempli", texte: "Allemand" });
  assert.deepEqual(states.get("notes"), { etat: "rempli", lignes: [["U1", ""]] });
  assert.deepEqual(states.get("pour_metal"), { etat: "rempli", texte: "x" });
});
