// Narrowing a long list as the reader types, the same way in the candidate
// tool's form and on the specialties' index page: each word typed must begin a
// word of the item's text (its name, sigle, codes), accents, case and
// punctuation ignored. Pure functions (node-tested).
import { frenchSpacing } from "./typography.mjs";

export const foldText = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
  .replace(/œ/g, "oe").replace(/æ/g, "ae");

const wordsOf = (text) => foldText(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

// (text) → whether an item of that text is kept by the filter `query`.
export function matcher(query) {
  const wanted = wordsOf(query);
  return (text) => {
    const words = wordsOf(text);
    return wanted.every((start) => words.some((word) => word.startsWith(start)));
  };
}

// What the status says after filtering; `messages`: the filter's data-annonce-zero,
// -un and -plusieurs ("{n} …"), as the page's template words them.
export function countMessage(count, { annonceZero, annonceUn, annoncePlusieurs }) {
  const message = count === 0 ? annonceZero : count === 1 ? annonceUn : annoncePlusieurs;
  return frenchSpacing(message.replace("{n}", String(count)));
}
