// The texts of the printable fiche, from the profile's and the fiche form's
// answers. Pure functions (no DOM).
//
// `ficheChamp`: a field of the fiche (fiche.yaml: {id, libelle, type, profil,
// valeurs, liste, categories, colonnes}); `champs`: the profile's fields
// description (see answers.mjs).

// A value's label: the label of the chosen specialty's own option, or the field's own label.
export const labelOf = (champ, value, profil = {}) => (champ && ((champ.valeurs_selon[profil[champ.selon[0]]] || {})[value]
  || champ.valeurs[value])) || String(value);

// Whether the fiche asks this field of the candidate's category (`champCategorie`:
// the profile field the fiche's `categories` refer to).
export const isAskedOf = (ficheChamp, profil, champCategorie) => !ficheChamp.categories
  || ficheChamp.categories.includes(profil[champCategorie]);

// A profile answer as the fiche prints it (undefined when not answered); a
// choice also names the answers that depend on it (the option after the specialty).
export function profilAnswerText(ficheChamp, profil, champs) {
  const champ = champs.find((c) => c.id === ficheChamp.profil);
  const value = profil[ficheChamp.profil] ?? (champ ? champ.defaut ?? undefined : undefined);
  if (!champ || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? labelOf(champ, v, profil) : "")).filter(Boolean).join(", ") || undefined;
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
