import assert from "node:assert/strict";
import { test } from "node:test";

import {
  calendarDay, dayText, daysLeft, deadlineFormula, deadlineState, deadlineText, fill, groupByEcheance, todayIn,
} from "../../site_src/widget/echeances.mjs";

const today = new Date(2026, 2, 30, 23, 30); // 30 March 2026, late evening, local time
// The test's own wording, shaped as calendrier.yaml's `delai` (the rules' texts are checked in tests/site/).
const wording = { dans_jours: "dans {jours} jours ({jour})", demain: "demain", aujourdhui: "aujourd'hui", passee: "date passée" };

test("days left count whole calendar days, whatever the time of day", () => {
  assert.equal(daysLeft("2026-03-31", today), 1);
  assert.equal(daysLeft("2026-03-30", today), 0);
  assert.equal(daysLeft("2026-04-30", today), 31);
  assert.equal(daysLeft("2026-03-01", today), -29);
  assert.equal(daysLeft("2027-03-30", today), 365);
  assert.equal(daysLeft("2026-04-02", "2026-03-30"), 3);
});

test("today is a local Date's day or a day as written", () => {
  assert.equal(calendarDay(today), "2026-03-30");
  assert.equal(calendarDay(new Date(2026, 0, 1, 0, 5)), "2026-01-01");
  assert.equal(calendarDay("2025-11-19"), "2025-11-19");
});

test("today is counted in the edition's time zone", () => {
  const now = new Date(Date.UTC(2025, 10, 19, 23, 30)); // 19 November 2025, 23:30 UTC
  assert.equal(todayIn("Europe/Paris", now), "2025-11-20");
  assert.equal(todayIn("America/Martinique", now), "2025-11-19");
  assert.equal(todayIn("UTC", new Date(Date.UTC(2025, 11, 31, 23, 59))), "2025-12-31");
  assert.equal(todayIn("Europe/Paris", new Date(Date.UTC(2025, 11, 31, 23, 0))), "2026-01-01");
});

test("the state of a deadline: the day before, the day of, the day after", () => {
  assert.equal(deadlineState("2025-11-19", "2025-11-18"), "a_venir");
  assert.equal(deadlineState("2025-11-19", "2025-11-19"), "aujourdhui");
  assert.equal(deadlineState("2025-11-19", "2025-11-20"), "passee");
  assert.equal(deadlineState("2026-01-01", "2025-12-31"), "a_venir");
  assert.equal(deadlineState("2025-12-31", "2026-01-01"), "passee");
  assert.equal(deadlineState("2025-11-19", "2026-12-01"), "passee");
});

test("the day of a deadline without its year, the French way", () => {
  assert.equal(dayText("2025-11-19"), "mercredi 19 novembre");
  assert.equal(dayText("2025-12-01"), "lundi 1er décembre");
  assert.equal(dayText("2026-01-02"), "vendredi 2 janvier");
});

test("each state's text, from the rules' wording", () => {
  assert.equal(deadlineText("2025-11-19", "2025-11-14", wording), "dans 5 jours (mercredi 19 novembre)");
  assert.equal(deadlineText("2025-11-19", "2025-11-17", wording), "dans 2 jours (mercredi 19 novembre)");
  assert.equal(deadlineText("2025-11-19", "2025-11-18", wording), "demain");
  assert.equal(deadlineText("2025-11-19", "2025-11-19", wording), "aujourd'hui");
  assert.equal(deadlineText("2025-11-19", "2025-11-20", wording), "date passée");
  assert.equal(deadlineText("2025-11-19", "2026-12-01", wording), "date passée");
});

test("the texts across a year boundary", () => {
  assert.equal(deadlineText("2026-01-02", "2025-12-30", wording), "dans 3 jours (vendredi 2 janvier)");
  assert.equal(deadlineText("2026-01-01", "2025-12-31", wording), "demain");
  assert.equal(deadlineText("2025-12-31", "2026-01-01", wording), "date passée");
  assert.equal(deadlineText("2026-01-05", new Date(2025, 11, 31, 23, 59), wording), "dans 5 jours (lundi 5 janvier)");
});

test("another académie's wording is used as written", () => {
  const other = { dans_jours: "encore {jours} jours, jusqu'au {jour}", demain: "c'est demain", aujourdhui: "c'est aujourd'hui", passee: "échéance passée" };
  assert.equal(deadlineText("2030-11-20", "2030-11-10", other), "encore 10 jours, jusqu'au mercredi 20 novembre");
  assert.equal(deadlineText("2030-11-20", "2030-11-19", other), "c'est demain");
  assert.equal(deadlineText("2030-11-20", "2030-11-21", other), "échéance passée");
});

test("the deadline formula and placeholders", () => {
  assert.equal(deadlineFormula("au plus tard le {date}", "19 novembre 2025 à 17 h"), "au plus tard le 19 novembre 2025 à 17 h");
  assert.equal(deadlineFormula("avant le {date}", "12 décembre 2025"), "avant le 12 décembre 2025");
  assert.equal(fill("{a} et {b}", { a: 1 }), "1 et {b}");
});

test("pieces are grouped by day and time, in the order they come", () => {
  const pieces = [
    { id: "a", echeance: "2026-04-10" },
    { id: "b", echeance: "2026-04-10", heure: "12:00" },
    { id: "c", echeance: "2026-03-01" },
    { id: "d", echeance: "2026-04-10" },
    { id: "e", echeance: "2026-04-10", heure: "12:00" },
  ];
  assert.deepEqual(groupByEcheance(pieces).map((group) => group.map((p) => p.id)), [["a", "d"], ["b", "e"], ["c"]]);
  assert.deepEqual(groupByEcheance([]), []);
});
