// Deadlines as the candidate's checklist shows them. Pure functions (no DOM).

// Whole days from `today` (local time) to the day `iso` (YYYY-MM-DD); negative once past.
export function daysLeft(iso, today = new Date()) {
  const [year, month, day] = iso.split("-").map(Number);
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((Date.UTC(year, month - 1, day) - start) / 86_400_000);
}

export function daysLeftText(iso, today = new Date()) {
  const days = daysLeft(iso, today);
  if (days > 1) return `il reste ${days} jours`;
  if (days === 1) return "il reste 1 jour";
  if (days === 0) return "c'est aujourd'hui";
  return `date dépassée depuis ${-days} jour${days < -1 ? "s" : ""}`;
}

// The pieces in groups of one deadline each (a day, and its time when the rules
// give one), in the order the pieces come.
export function groupByEcheance(pieces) {
  const groups = new Map();
  for (const piece of pieces) {
    const key = `${piece.echeance} ${piece.heure || ""}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(piece);
  }
  return [...groups.values()];
}
