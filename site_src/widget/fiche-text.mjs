// The texts of the printable fiche, from the profile's and the fiche form's
// answers. Pure functions (no DOM).
//
// `ficheChamp`: a field of the fiche (fiche.yaml: {id, libelle, type, profil,
// valeurs, liste, categories, colonnes}); `champs`: the profile's fields
// description (see answers.mjs).

// A value's label: the label of the chosen specialty's own option, or the field's own label.
export const labelOf = (champ, value, profil = {}) => (champ && ((champ.valeurs_selon[profil[champ.selon[0]]] || {})[value]
  || champ.valeurs[value])) || String(value);

// Printed where a field does not apply to the candidate.
export const NOT_APPLICABLE = "sans objet";

// Whether the fiche asks this field of the candidate's category (`champCategorie`:
// the profile field the fiche's `categories` refer to); while the category is
// not answered, every field may apply.
export const isAskedOf = (ficheChamp, profil, champCategorie) => !ficheChamp.categories
  || profil[champCategorie] === undefined || ficheChamp.categories.includes(profil[champCategorie]);

// The part of a list answer that the `rank`-th of `count` fiche fields printing
// that list shows: one value each, the last one the rest.
export const shareOf = (values, { rank, count } = { rank: 0, count: 1 }) =>
  (rank < count - 1 ? values.slice(rank, rank + 1) : values.slice(rank));

// A profile answer as the fiche prints it (undefined when not answered); a
// choice also names the answers that depend on it (the option after the specialty).
// `share`: which part of a list answer this field prints (see shareOf).
export function profilAnswerText(ficheChamp, profil, champs, share = undefined) {
  const champ = champs.find((c) => c.id === ficheChamp.profil);
  const value = profil[ficheChamp.profil] ?? (champ ? champ.defaut ?? undefined : undefined);
  if (!champ || value === undefined) return undefined;
  if (Array.isArray(value)) {
    return shareOf(value, share).map((v) => (typeof v === "string" ? labelOf(champ, v, profil) : "")).filter(Boolean).join(", ") || undefined;
  }
  let text = typeof value === "string" ? labelOf(champ, value, profil) : String(value);
  for (const next of champs.filter((c) => c.selon.includes(champ.id) && typeof profil[c.id] === "string")) {
    text += ` – ${next.libelle.toLowerCase()} ${profil[next.id].length === 1 ? profil[next.id] + " " : ""}${labelOf(next, profil[next.id], profil)}`;
  }
  return text;
}

// An answer of the fiche form as the fiche prints it; null when not answered.
// `listes`: the fiche's code lists ({id: {valeurs: [{code, libelle}]}}).
export function ficheAnswerText(ficheChamp, value, { listes, champs }) {
  if (value === undefined || value === "") return null;
  if (ficheChamp.type === "oui_non") return value === "oui" ? "Oui" : "Non";
  if (ficheChamp.type === "date") return new Date(`${value}T12:00:00`).toLocaleDateString("fr-FR");
  if (ficheChamp.type === "choix") {
    const choices = ficheChamp.liste ? listes[ficheChamp.liste].valeurs : ficheChamp.valeurs || [];
    const found = choices.find((v) => v.code === value);
    if (found) return ficheChamp.liste ? `${found.code} – ${found.libelle}` : found.libelle;
    // A value from a profile field's list (the languages).
    const champ = champs.find((c) => c.valeurs[value]);
    return champ ? champ.valeurs[value] : value;
  }
  return value;
}

// The cells' texts of a table of the fiche, one array a row, from the profile
// answer it prints (a column with no profile key stays empty, to fill by hand).
export function tableRows(ficheChamp, profil) {
  const rows = ficheChamp.profil && Array.isArray(profil[ficheChamp.profil]) ? profil[ficheChamp.profil] : [];
  return rows.map((row) => ficheChamp.colonnes.map((c) => String(c.profil ? row[c.profil] ?? "" : "")));
}

// {fiche field id: its state on the printed fiche}, every field of the fiche
// `description` ({sections, champ_categorie}) in order:
//   {etat: "rempli", texte} or, for a table, {etat: "rempli", lignes: [[cell text]]};
//   {etat: "sans-objet", texte}: another category's field, or the follow-up of a "non";
//   {etat: "aucun", texte}: a profile answer with nothing in it (the field's `si_vide`);
//   {etat: "a-completer"}: to write by hand.
// `values`: the fiche form's answers ({id: text}).
export function ficheStates(description, champs, profil, values) {
  const all = description.sections.flatMap((section) => section.champs);
  const followUpOf = new Map(all.filter((c) => c.si_oui).map((c) => [c.si_oui, c.id]));
  const sharing = (ficheChamp) => all.filter((c) => c.profil && c.profil === ficheChamp.profil);
  const context = { listes: description.listes, champs };
  const states = new Map();
  for (const ficheChamp of all) {
    const doesNotApply = !isAskedOf(ficheChamp, profil, description.champ_categorie)
      || (followUpOf.has(ficheChamp.id) && values[followUpOf.get(ficheChamp.id)] === "non");
    let state;
    if (doesNotApply) state = { etat: "sans-objet", texte: NOT_APPLICABLE };
    else if (ficheChamp.type === "tableau") {
      const lignes = tableRows(ficheChamp, profil);
      state = lignes.length ? { etat: "rempli", lignes } : undefined;
    } else {
      const others = sharing(ficheChamp);
      const texte = ficheChamp.profil ? profilAnswerText(ficheChamp, profil, champs, { rank: others.indexOf(ficheChamp), count: others.length })
        : ficheAnswerText(ficheChamp, values[ficheChamp.id], context);
      state = texte ? { etat: "rempli", texte } : undefined;
    }
    if (!state) state = ficheChamp.si_vide ? { etat: "aucun", texte: ficheChamp.si_vide } : { etat: "a-completer" };
    states.set(ficheChamp.id, state);
  }
  return states;
}
