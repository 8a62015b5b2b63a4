// The engine's answers the build computed for every profile the form can give
// with its choices (build_tools/site/precomputed.py writes them, and explains
// the tokens and the decision diagram): the list is shown from the first
// answer, before Python has started. No DOM.

const SANS_REPONSE = "";
const REMPLI = "+";
const VRAI = "1";
const SEPARATEUR = "|";
const TYPES_SAISIS = ["liste_unites", "tableau_notes"];

const isInteger = (value) => Number.isInteger(value);

// The token of an answer as the form gives it; null when the table cannot key it.
export function token(champ, value) {
  if (value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0)) return SANS_REPONSE;
  switch (champ.type) {
    case "choix":
      return typeof value === "string" ? value : null;
    case "booleen":
      return value === true ? VRAI : null;
    case "liste_choix":
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string") || new Set(value).size !== value.length) return null;
      return [...value].sort().join(SEPARATEUR);
    case "entier": {
      if (!isInteger(value)) return null;
      const seuils = champ.seuils || [];
      return String(2 * seuils.filter((s) => s < value).length + (seuils.includes(value) ? 1 : 0));
    }
    default:
      return TYPES_SAISIS.includes(champ.type) && Array.isArray(value) ? REMPLI : null;
  }
}

// {pieces, provisoire} for `profil` (the form's answers), or null when the
// table does not cover it. `provisoire`: a typed answer (units, marks) was
// taken as valid; the engine checks it.
export function lookupPrecomputed(data, profil) {
  if (!data || !profil) return null;
  let node = data.racine;
  let provisoire = false;
  while (node >= 0) {
    const [champIndex, children] = data.noeuds[node];
    const champ = data.champs[champIndex];
    const key = token(champ, profil[champ.id]);
    if (key === null || !Object.hasOwn(children, key)) return null;
    if (champ.saisi && key !== SANS_REPONSE) provisoire = true;
    node = children[key];
  }
  return { pieces: data.reponses[-1 - node].map((index) => data.pieces[index]), provisoire };
}

// A value as JSON with its keys sorted: the page's data and the engine's answer
// may order an object's keys differently.
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

// What a checklist shows: two answers with the same are the same list.
export const shownPart = (resultat) => canonicalJson([resultat.edition, resultat.empreinte, resultat.pieces, resultat.consignes]);

export const sameList = (a, b) => shownPart(a) === shownPart(b);
