// The questions the page can show before the engine answers, from data the
// build derived with the engine itself: a field's `visible_si` truth table
// (`visibilite`: {champ: {lus, vrai, faux}}, keys as the build writes them) and
// the values that belong to each answer (`valeurs_selon`, the options of each
// specialty). The engine's answer then takes over. No DOM.

const isList = (champ) => ["liste_choix", "liste_unites", "tableau_notes"].includes(champ && champ.type);

// The key of the answers a table reads: JSON of the answers in `lus` order,
// null when not answered (an empty list for a list), lists sorted.
export function visibilityKey(lus, profil, champById) {
  return JSON.stringify(lus.map((id) => {
    const value = profil[id] ?? (isList(champById.get(id)) ? [] : null);
    return Array.isArray(value) ? [...value].sort() : value;
  }));
}

// {champ: {pose?, valeurs?}} for the fields the data can answer; `pose`
// is left out where it cannot say (an unknown combination of answers).
export function knownQuestions(champs, visibilite, profil) {
  const champById = new Map(champs.map((champ) => [champ.id, champ]));
  const questions = {};
  for (const champ of champs) {
    const question = {};
    const table = visibilite[champ.id];
    if (table) {
      const key = visibilityKey(table.lus, profil, champById);
      if (table.vrai.includes(key)) question.pose = true;
      else if (table.faux.includes(key)) question.pose = false;
    }
    if (champ.selon.length) {
      const own = champ.selon.flatMap((selon) => Object.keys(champ.valeurs_selon[profil[selon]] || {}));
      question.valeurs = [...champ.fixes, ...own];
      if (champ.selon_seulement) question.pose = own.length > 0 && question.pose !== false;
    }
    questions[champ.id] = question;
  }
  return questions;
}
