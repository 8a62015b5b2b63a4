import assert from "node:assert/strict";
import { test } from "node:test";

import {
  MAX_ANSWERS_SIZE, answersFile, answersProblem, linkProfil, profilOnly, readAnswersFile, shareLink, storageKey,
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
  assert.equal(problem({ unites: [12] }), "« unites » vaut [12]");
  assert.match(problem({ notes: [{}, {}, {}] }), /^« notes » vaut/); // more rows than the form has
  assert.match(problem({ notes: [{ autre: 1 }] }), /^« notes » vaut/);
  assert.match(problem({ notes: [[]] }), /^« notes » vaut/);
  assert.match(problem({ notes: [{ note: { a: 1 } }] }), /^« notes » vaut/);
});

test("any text a box of the form holds is taken back, however long or wrong, for the engine to judge", () => {
  // Typed in the form as they are (a unit box, a table's cells, an integer box), saved, then loaded again.
  const typed = {
    unites: ["U1U2U3U4U5U6U7", "X".repeat(5_000)],
    notes: [{ unite: "U31 ET U32 ET U4", note: "douze et demi" }, { unite: "U1", note: 12.5 }],
    annee: "deux mille vingt-quatre",
  };
  assert.equal(answersProblem({ profil: typed, fiche: { nom: "x".repeat(5_000) } }, context), null);
});

test("fiche answers must be texts of the fiche form's fields", () => {
  const problem = (fiche) => answersProblem({ profil: {}, fiche }, context);
  assert.equal(problem({ autre: "x" }), "rubrique de fiche « autre » inconnue ou qui n'est pas un texte");
  assert.equal(problem({ nom: 3 }), "rubrique de fiche « nom » inconnue ou qui n'est pas un texte");
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
  assert.match(linkProfil("#profil=%7Bpas-du-json").message, /^Lien non chargé : ses réponses ne sont pas du JSON lisible\. Vos réponses/);
});

test("a link longer than the tool reads is refused before it is read, saying the bound", () => {
  const huge = `#profil=${encodeURIComponent(JSON.stringify({ unites: Array(60_000).fill("U1") }))}`;
  assert.ok(huge.length > 429_000, huge.length);
  const started = performance.now();
  const { message, profil } = linkProfil(huge);
  assert.ok(performance.now() - started < 50);
  assert.equal(profil, undefined);
  assert.equal(message, `Lien non chargé : il est trop long pour être un lien de l'outil (${String(huge.length).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f")} caractères, `
    + "au plus 200\u202f000). Vos réponses actuelles n'ont pas changé.");
});

test("the longest link the tool reads is parsed and checked in one pass", () => {
  const unites = Array(Math.floor((MAX_ANSWERS_SIZE - 200) / "%22U1%22%2C".length)).fill("U1");
  const link = shareLink("https://exemple.invalid/outil/", { unites, notes: [{ unite: "U1", note: 12 }] });
  const { hash } = new URL(link);
  assert.ok(hash.length <= MAX_ANSWERS_SIZE && hash.length > MAX_ANSWERS_SIZE * 0.9, hash.length);
  const started = performance.now();
  const { profil } = linkProfil(hash);
  assert.equal(answersProblem({ profil }, context), null);
  assert.ok(performance.now() - started < 200, `${performance.now() - started} ms`);
  assert.equal(profil.unites.length, unites.length);
});

test("an answers file is read only when small and valid JSON", async () => {
  const file = (text, size = text.length) => ({ size, text: async () => text });
  assert.deepEqual(await readAnswersFile(file('{"profil": {}}')), { answers: { profil: {} } });
  assert.equal((await readAnswersFile(file("{", MAX_ANSWERS_SIZE + 1))).message, "Fichier non chargé : il est trop gros pour être "
    + "un fichier de réponses (200\u202f001 octets, au plus 200\u202f000). Vos réponses actuelles n'ont pas changé.");
  assert.match((await readAnswersFile(file("{pas du json"))).message, /^Fichier non chargé : ce n'est pas un fichier JSON lisible/);
});

test("the answers file and the device's copy are named by edition", () => {
  assert.deepEqual(answersFile("2026", { couleur: "vert" }, {}),
    { format: "bts-inscription/reponses", version: 1, edition: "2026", profil: { couleur: "vert" }, fiche: {} });
  assert.equal(storageKey("2026"), "bts-inscription:2026");
});
