// The candidate's answers outside the page: the answers file, the share link,
// the copy kept on the device, and the check that a loaded answers object fits
// the form. Pure functions (no DOM).
//
// `champs` is the profile's fields description (profil.yaml, as the page's
// data gives it): [{id, type, valeurs: {id: libellé}, colonnes: [{id, type}], selon, …}].

// The most an answers file (bytes) or a share link's fragment (characters) may
// hold: the tool reads no more, so it writes no more either. Every answer the
// form can hold fits many times over; a bigger file or link is refused before
// it is read, so that reading and checking it stay short.
export const MAX_ANSWERS_SIZE = 200_000;
const FILE_FORMAT = "bts-inscription/reponses";
const NOT_CHANGED = "Vos réponses actuelles n'ont pas changé.";

// 200000 -> "200 000" (narrow no-break space between thousands).
const inFrench = (number) => String(number).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
export const tooBig = (size, unit) => `${inFrench(size)} ${unit}, au plus ${inFrench(MAX_ANSWERS_SIZE)}`;

export const storageKey = (edition) => `bts-inscription:${edition}`;

// Only the answers to the profile's fields.
export function profilOnly(profil, champs) {
  const ids = new Set(champs.map((champ) => champ.id));
  return Object.fromEntries(Object.entries(profil).filter(([key]) => ids.has(key)));
}

export function answersFile(edition, profil, fiche) {
  return { format: FILE_FORMAT, version: 1, edition, profil, fiche };
}

// The page's address with the profile in its fragment (#profil=…).
export function shareLink(href, profil) {
  const url = new URL(href);
  url.hash = `profil=${encodeURIComponent(JSON.stringify(profil))}`;
  return url.href;
}

// The profile a link's fragment carries: null when it carries none, {profil}
// when it can be read, {message} saying why not otherwise.
export function linkProfil(hash) {
  if (!hash.includes("profil=")) return null;
  if (hash.length > MAX_ANSWERS_SIZE) {
    return { message: `Lien non chargé : il est trop long pour être un lien de l'outil (${tooBig(hash.length, "caractères")}). ${NOT_CHANGED}` };
  }
  const text = new URLSearchParams(hash.replace(/^#/, "")).get("profil");
  if (text === null) return null;
  try {
    return { profil: JSON.parse(text) };
  } catch {
    return { message: `Lien non chargé : ses réponses ne sont pas du JSON lisible. ${NOT_CHANGED}` };
  }
}

// An answers file's object, or the status text saying why it is not loaded.
export async function readAnswersFile(file) {
  if (file.size > MAX_ANSWERS_SIZE) {
    return { message: `Fichier non chargé : il est trop gros pour être un fichier de réponses (${tooBig(file.size, "octets")}). ${NOT_CHANGED}` };
  }
  try {
    return { answers: JSON.parse(await file.text()) };
  } catch {
    return { message: `Fichier non chargé : ce n'est pas un fichier JSON lisible. ${NOT_CHANGED}` };
  }
}

const shortText = (value) => JSON.stringify(value).slice(0, 40);
const isObject = (value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);

// What is wrong with each answer of `profil`: a field the form does not have, or
// a value it cannot show. A box of the form shows any text, and keeps what it
// cannot read as typed (inputs.mjs): any text is taken back, however wrong, for
// the engine to say what is wrong with it. `rowCounts`: {champ id: rows of that
// table in the form}. One pass over the answers.
export function profilProblems(profil, champs, rowCounts = {}) {
  const champById = new Map(champs.map((champ) => [champ.id, champ]));
  const problems = [];
  const isCell = (v) => typeof v === "string" || typeof v === "number";
  for (const [key, value] of Object.entries(profil)) {
    const champ = champById.get(key);
    if (!champ) {
      problems.push(`champ inconnu « ${key.slice(0, 40)} »`);
      continue;
    }
    const isKnown = (v) => typeof v === "string" && Object.hasOwn(champ.valeurs, v);
    const rows = champ.type === "tableau_notes" ? rowCounts[key] ?? 0 : 0;
    const columns = champ.colonnes.map((c) => c.id);
    const fits = {
      choix: () => isKnown(value),
      liste_choix: () => Array.isArray(value) && value.every(isKnown),
      booleen: () => typeof value === "boolean",
      entier: () => Number.isInteger(value) || typeof value === "string",
      liste_unites: () => Array.isArray(value) && value.every((v) => typeof v === "string"),
      tableau_notes: () => Array.isArray(value) && value.length <= rows && value.every((row) => isObject(row)
        && Object.keys(row).every((k) => columns.includes(k)) && Object.values(row).every(isCell)),
    }[champ.type];
    if (!fits || !fits()) problems.push(`« ${key} » vaut ${shortText(value)}`);
  }
  return problems;
}

// The fiche's answers: the fiche form's field names only, texts (the engine
// says which is too long or badly written).
export function ficheProblems(fiche, ficheNames) {
  return Object.entries(fiche).filter(([key, value]) => !ficheNames.has(key) || typeof value !== "string")
    .map(([key]) => `rubrique de fiche « ${key.slice(0, 40)} » inconnue ou qui n'est pas un texte`);
}

// A saved file, link or copy is applied only if every value fits the form:
// anything else is refused as a whole, so a bad or hostile file changes
// nothing. Returns null when it fits, or what is wrong (at most 5 problems).
export function answersProblem(answers, { champs, rowCounts = {}, ficheNames = new Set() }) {
  if (!isObject(answers)) return "le fichier ne contient pas un objet JSON";
  if (!isObject(answers.profil)) return "la rubrique « profil » manque ou n'est pas un objet";
  if (answers.fiche !== undefined && answers.fiche !== null && !isObject(answers.fiche)) return "la rubrique « fiche » n'est pas un objet";
  const problems = [...profilProblems(answers.profil, champs, rowCounts), ...ficheProblems(answers.fiche || {}, ficheNames)];
  return problems.length ? problems.slice(0, 5).join(" ; ") : null;
}
