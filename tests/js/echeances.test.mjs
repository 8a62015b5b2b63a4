import assert from "node:assert/strict";
import { test } from "node:test";

import { daysLeft, daysLeftText, groupByEcheance } from "../../site_src/widget/echeances.mjs";

const today = new Date(2026, 2, 30, 23, 30); // 30 March 2026, late evening, local time

test("days left count whole calendar days, whatever the time of day", () => {
  assert.equal(daysLeft("2026-03-31", today), 1);
  assert.equal(daysLeft("2026-03-30", today), 0);
  assert.equal(daysLeft("2026-04-30", today), 31);
  assert.equal(daysLeft("2026-03-01", today), -29);
  assert.equal(daysLeft("2027-03-30", today), 365);
});

test("days left text: plural, singular, today and past", () => {
  assert.equal(daysLeftText("2026-04-02", today), "il reste 3 jours");
  assert.equal(daysLeftText("2026-03-31", today), "il reste 1 jour");
  assert.equal(daysLeftText("2026-03-30", today), "c'est aujourd'hui");
  assert.equal(daysLeftText("2026-03-29", today), "date dépassée depuis 1 jour");
  assert.equal(daysLeftText("2026-03-20", today), "date dépassée depuis 10 jours");
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
