// The list kept in sight while answering: on a phone, a bar at the bottom of
// the screen ("6 pièces · prochaine échéance le 19 novembre · Voir ma liste"),
// hidden while the list itself is on screen; on a wide screen the list is in
// the right column (CSS). Each change of the list is announced politely, on
// every screen ("+ Certificat de scolarité…").
import { campaignToday } from "./campagne.mjs";
import { deadlineState, deadlineText } from "./echeances.mjs";
import { plural, setText } from "./page.mjs";

// The nearest deadline of the pieces not passed yet (today's included), or null.
export function nextEcheance(pieces, today) {
  const coming = pieces.filter((piece) => deadlineState(piece.echeance, today) !== "passee")
    .sort((a, b) => a.echeance.localeCompare(b.echeance));
  return coming[0] || null;
}

// The bar's text for a checklist answer, the deadline in the rules' words
// (`wording`: calendrier.yaml's `delai`): "6 pièces · prochaine échéance dans 5 jours (mercredi 19 novembre)".
export function barText(pieces, today, wording) {
  const next = nextEcheance(pieces, today);
  const echeance = next ? `prochaine échéance ${deadlineText(next.echeance, today, wording)}` : wording.passee;
  return `${plural(pieces.length, "pièce")} · ${echeance}`;
}

// What changed between two lists of pieces, as read aloud: "+ A", "− B".
export function changeText(before, after) {
  const ids = (pieces) => new Set(pieces.map((piece) => piece.id));
  const [had, has] = [ids(before), ids(after)];
  return [
    ...after.filter((piece) => !had.has(piece.id)).map((piece) => `+ ${piece.libelle}`),
    ...before.filter((piece) => !has.has(piece.id)).map((piece) => `− ${piece.libelle}`),
  ].join(" ; ");
}

// `bar`: the bar (#barre-liste) with its text (#barre-texte); `announcer`: a
// polite live region; `list`: the list's section, whose presence on screen
// hides the bar, and where the pieces just added are marked; `campagne`: the
// tool data's campaign (the deadlines' wording and time zone).
export function checklistBar({ bar, text, announcer, list, campagne }) {
  let shown = null;
  new IntersectionObserver(([entry]) => {
    bar.classList.toggle("bts-barre--liste-visible", entry.isIntersecting);
  }).observe(list);
  return {
    // `pieces`: the engine's pieces for the answers as they stand.
    render(pieces, today = campaignToday(campagne)) {
      setText(text, barText(pieces, today, campagne.delai));
      // The first list is not a change: nothing is read on arrival.
      if (shown) {
        const change = changeText(shown, pieces);
        if (change) setText(announcer, change);
        const had = new Set(shown.map((piece) => piece.id));
        for (const item of list.querySelectorAll("[data-piece]")) item.classList.toggle("bts-nouvelle", !had.has(item.dataset.piece));
      }
      shown = pieces;
    },
  };
}
