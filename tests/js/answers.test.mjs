import assert from "node:assert/strict";
import { test } from "node:test";

import {
  MAX_FILE_SIZE, answersFile, answersProblem, linkProfil, profilOnly, readAnswersFile, shareLink, storageKey,
} from "../../site_src/widget/answers.mjs";

// A fields description shaped like the page's data (fictional ids).
const champs = [
  { id: "couleur", type: "choix", valeurs: { rouge: "Rouge", vert: "Vert" }, colonnes: [], selon: [] },
  { id: "gouts", type: "liste_choix", valeurs: { sucre: "Sucré", sale: "Salé" }, colonnes: [], selon: [] },
  { id: "majeur", type: "booleen", valeurs: {}, colonnes: [], selon: [] },
  { id: "annee", type: "entier", valeurs: {}, colonnes: [], selon: [] },
  { id: "unites", type: "liste_unites", valeurs: {}, colonnes: [], selon: [] },
  { id: "notes", type: "tableau_notes", valeurs: {}, colonnes: [{ id: "unite", type: "unite" }, { id: "note", type: "note" }], selon: [] },
];
const context = { champs, rowCounts: { notes: 2 }, ficheNames: new Set(["nom", "ville"]) };
const fitting = {
  profil: { couleur: "vert", gouts: ["sucre"], majeur: true, annee: 2024, unites: ["U1"], notes: [{ unite: "U1", note: 12 }] },
  fiche: { nom: "Dupont" },
};

test("answers that fit the form have no problem", () => {
  assert.equal(answersProblem(fitting, context), null);
  assert.equal(answersProblem({ profil: {}, fiche: null }, context), null);
  assert.equal(answersProblem({ profil: {} }, context), null);
});

test("answers that are not objects are refused, with the part that is wrong", () => {
  for (const answers of [null, [], "texte", 3]) {
    assert.equal(answersProblem(answers, context), "le fichier ne contient pas un objet JSON");
  }
  assert.equal(answersProblem({}, context), "la rubrique « profil » manque ou n'est pas un objet");
  assert.equal(answersProblem({ profil: [] }, context), "la rubrique « profil » manque ou n'est pas un objet");
  assert.equal(answersProblem({ profil: {}, fiche: [] }, context), "la rubrique « fiche » n'est pas un objet");
  assert.equal(answersProblem({ profil: {}, fiche: "x" }, context), "la rubrique « fiche » n'est pas un objet");
});

test("each value must be one the field can take", () => {
  const problem = (profil) => answersProblem({ profil }, context);
  assert.equal(problem({ inconnu: 1 }), "champ inconnu « inconnu »");
  assert.equal(problem({ couleur: "bleu" }), "« couleur » vaut \"bleu\"");
  assert.equal(problem({ couleur: "toString" }), "« couleur » vaut \"toString\""); // not an inherited key
  assert.equal(problem({ gouts: "sucre" }), "« gouts » vaut \"sucre\"");
  assert.equal(problem({ majeur: "oui" }), "« majeur » vaut \"oui\"");
  assert.equal(problem({ annee: 20.5 }), "« annee » vaut 20.5");
  assert.equal(problem({ unites: ["U12345678901"] }), "« unites » vaut [\"U12345678901\"]");
  assert.match(problem({ notes: [{}, {}, {}] }), /^« notes » vaut/); // more rows than the form has
  assert.match(problem({ notes: [{ autre: 1 }] }), /^« notes » vaut/);
  assert.match(problem({ notes: [[]] }), /^« notes » vaut/);
  assert.match(problem({ notes: [{ note: { a: 1 } }] }), /^« notes » vaut/);
});

test("fiche answers must be short texts of the fiche form's fields", () => {
  assert.equal(answersProblem({ profil: {}, fiche: { autre: "x" } }, context), "rubrique de fiche « autre » inconnue ou trop longue");
  assert.equal(answersProblem({ profil: {}, fiche: { nom: 3 } }, context), "rubrique de fiche « nom » inconnue ou trop longue");
  assert.equal(answersProblem({ profil: {}, fiche: { nom: "x".repeat(501) } }, context), "rubrique de fiche « nom » inconnue ou trop longue");
});

test("at most five problems are told, and long keys are cut", () => {
  const profil = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`inconnu${i}`, 1]));
  assert.equal(answersProblem({ profil }, context).split(" ; ").length, 5);
  assert.equal(answersProblem({ profil: { ["k".repeat(100)]: 1 } }, context), `champ inconnu « ${"k".repeat(40)} »`);
});

test("only the profile's fields are shared", () => {
  assert.deepEqual(profilOnly({ couleur: "vert", nom: "Dupont" }, champs), { couleur: "vert" });
});

test("a share link carries the profile in its fragment, and gives it back", () => {
  const profil = { couleur: "vert", unites: ["U1+U2", "é & ç"], notes: [{ note: 12.5 }] };
  const link = shareLink("https://exemple.invalid/outil/?x=1#ancien", profil);
  assert.ok(link.startsWith("https://exemple.invalid/outil/?x=1#profil="), link);
  assert.deepEqual(linkProfil(new URL(link).hash), { profil });
  assert.equal(linkProfil(""), null);
  assert.equal(linkProfil("#autre=1"), null);
  assert.deepEqual(linkProfil("#profil=%7Bpas-du-json"), { profil: undefined });
});

test("an answers file is read only when small and valid JSON", async () => {
  const file = (text, size = text.length) => ({ size, text: async () => text });
  assert.deepEqual(await readAnswersFile(file('{"profil": {}}')), { answers: { profil: {} } });
  assert.match((await readAnswersFile(file("{", MAX_FILE_SIZE + 1))).message, /^Fichier non chargé : il est trop gros/);
  assert.match((await readAnswersFile(file("{pas du json"))).message, /^Fichier non chargé : ce n'est pas un fichier JSON lisible/);
});

test("the answers file and the device's copy are named by edition", () => {
  assert.deepEqual(answersFile("2026", { couleur: "vert" }, {}),
    { format: "bts-inscription/reponses", version: 1, edition: "2026", profil: { couleur: "vert" }, fiche: {} });
  assert.equal(storageKey("2026"), "bts-inscription:2026");
});
