// Deadlines as the pages show them, from today's date: the site is built once,
// so only the reader's browser knows the day. Pure functions (no DOM); the
// wording is the rules' (calendrier.yaml: `formule`, `delai`).

const DAY = 86_400_000;

// `today`: a Date (its local calendar day) or a day "YYYY-MM-DD".
export function calendarDay(today = new Date()) {
  if (typeof today === "string") return today;
  const pad = (n) => String(n).padStart(2, "0");
  return `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
}

// The day "YYYY-MM-DD" it is in `timeZone` (the edition's, an IANA name) at `now`.
export function todayIn(timeZone, now = new Date()) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const part = (type) => parts.find((p) => p.type === type).value;
  return `${part("year")}-${part("month")}-${part("day")}`;
}

const utc = (iso) => {
  const [year, month, day] = iso.split("-").map(Number);
  return Date.UTC(year, month - 1, day);
};

// Whole days from `today` to the day `iso` (YYYY-MM-DD); negative once past.
export function daysLeft(iso, today = new Date()) {
  return Math.round((utc(iso) - utc(calendarDay(today))) / DAY);
}

// "a_venir", "aujourdhui" or "passee".
export function deadlineState(iso, today = new Date()) {
  const days = daysLeft(iso, today);
  if (days > 0) return "a_venir";
  return days === 0 ? "aujourdhui" : "passee";
}

const weekday = new Intl.DateTimeFormat("fr-FR", { weekday: "long", timeZone: "UTC" });
const month = new Intl.DateTimeFormat("fr-FR", { month: "long", timeZone: "UTC" });

// The day of a deadline without its year: "mercredi 19 novembre", "lundi 1er décembre".
export function dayText(iso) {
  const date = new Date(utc(iso));
  const day = date.getUTCDate();
  return `${weekday.format(date)} ${day === 1 ? "1er" : day} ${month.format(date)}`;
}

// A text of the rules with its {placeholders} replaced; unknown ones are left as they are.
export const fill = (template, values) =>
  template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));

// How every page writes a deadline: the rules' `formule` ("au plus tard le {date}")
// around the date as the engine writes it (day, month in words, year, and the time when set).
export const deadlineFormula = (formule, dateText) => fill(formule, { date: dateText });

// Where a deadline stands from today, in the rules' words (`wording`: calendrier.yaml's
// `delai`): "dans 5 jours (mercredi 19 novembre)", "demain", "aujourd'hui", "date passée".
export function deadlineText(iso, today, wording) {
  const days = daysLeft(iso, today);
  if (days < 0) return wording.passee;
  if (days === 0) return wording.aujourdhui;
  if (days === 1) return wording.demain;
  return fill(wording.dans_jours, { jours: days, jour: dayText(iso) });
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
