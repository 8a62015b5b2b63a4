// The printed list's heading: for whom it was computed (the answered profile
// fields, by their labels) and the day it was printed. Text from pure
// functions; the DOM only in renderRecap.
//
// `champs`: the profile's fields description (see answers.mjs).
import { labelOf } from "./fiche-text.mjs";

const month = new Intl.DateTimeFormat("fr-FR", { month: "long" });

// The local calendar day of `date`, in words ("1er" for the first of a month).
export function frenchDate(date) {
  const day = date.getDate();
  return `${day === 1 ? "1er" : day} ${month.format(date)} ${date.getFullYear()}`;
}

export const printDateText = (today) => `Imprimé le ${frenchDate(today)}`;

// A choice's label; a one-letter value (an option) keeps its letter: "A – Systèmes de production".
const choiceText = (champ, value, profil) => {
  const label = labelOf(champ, value, profil);
  return value.length === 1 && label !== value ? `${value} – ${label}` : label;
};

const cellsText = (row) => Object.values(row).filter((cell) => cell !== "" && cell !== null && cell !== undefined).join(" – ");

// An answer as the recap prints it; undefined when there is nothing to print.
export function answerText(champ, value, profil) {
  if (value === undefined || value === null || value === "" || value === false) return undefined;
  if (Array.isArray(value)) {
    const parts = value.map((item) => {
      if (item && typeof item === "object") return cellsText(item);
      return champ.type === "liste_choix" ? choiceText(champ, String(item), profil) : String(item);
    }).filter(Boolean);
    return parts.length ? parts.join(champ.type === "tableau_notes" ? " ; " : ", ") : undefined;
  }
  if (value === true) return "Oui";
  if (typeof value === "string" && champ.type === "choix") return choiceText(champ, value, profil);
  return String(value);
}

// [{id, libelle, texte}]: each answered field of `profil`, in the fields' order.
export const recapLines = (champs, profil) => champs
  .map((champ) => ({ id: champ.id, libelle: champ.libelle, texte: answerText(champ, profil[champ.id], profil) }))
  .filter((line) => line.texte !== undefined);

// Fills `container` with the recap of `profil` and the print date (`today`, a Date).
export function renderRecap(container, champs, profil, today = new Date()) {
  const doc = container.ownerDocument;
  const make = (tag, attributes = {}, ...children) => {
    const node = doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    node.append(...children);
    return node;
  };
  const lines = recapLines(champs, profil);
  const answers = lines.length
    ? make("dl", { class: "bts-recapitulatif-reponses" }, ...lines.map((line) => make("div", { "data-recap-champ": line.id },
      make("dt", {}, line.libelle), make("dd", {}, line.texte))))
    : make("p", {}, "Aucune réponse pour l'instant.");
  container.replaceChildren(make("p", { class: "bts-recapitulatif-titre" }, "Liste calculée pour ces réponses :"),
    answers, make("p", { class: "bts-recapitulatif-date" }, printDateText(today)));
}
