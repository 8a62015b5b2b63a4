import assert from "node:assert/strict";
import { test } from "node:test";

import { campaignOver, campaignToday, comingDeadlines, endBanner } from "../../site_src/widget/campagne.mjs";

// Shaped as the build's campaign data (context.campaign_data); the texts are the test's own.
const campagne = {
  session: 2026,
  fuseau: "Europe/Paris",
  fin: { titre: "fin", texte: "texte", conseil: "conseil" },
  echeances: [{ id: "b", date: "2025-12-12" }, { id: "a", date: "2025-11-19" }],
};

test("the coming deadlines, soonest first, today's included", () => {
  assert.deepEqual(comingDeadlines(campagne.echeances, "2025-11-01").map((e) => e.id), ["a", "b"]);
  assert.deepEqual(comingDeadlines(campagne.echeances, "2025-11-19").map((e) => e.id), ["a", "b"]);
  assert.deepEqual(comingDeadlines(campagne.echeances, "2025-11-20").map((e) => e.id), ["b"]);
  assert.deepEqual(comingDeadlines(campagne.echeances, "2025-12-13"), []);
});

test("the campaign is over the day after its last deadline, not before", () => {
  assert.equal(campaignOver(campagne.echeances, "2025-12-11"), false);
  assert.equal(campaignOver(campagne.echeances, "2025-12-12"), false);
  assert.equal(campaignOver(campagne.echeances, "2025-12-13"), true);
  assert.equal(campaignOver(campagne.echeances, "2026-12-01"), true);
  assert.equal(campaignOver([], "2026-12-01"), false);
});

test("the end banner: its texts once every deadline has passed, none before or on an archive", () => {
  assert.equal(endBanner(campagne, "2025-11-20"), null);
  assert.equal(endBanner(campagne, "2025-12-12"), null);
  assert.deepEqual(endBanner(campagne, "2025-12-13"), campagne.fin);
  assert.equal(endBanner({ ...campagne, fin: null }, "2026-12-01"), null);
});

test("the campaign's day is the edition's: a year boundary in Paris while still 31 December in UTC", () => {
  assert.equal(campaignToday(campagne, new Date(Date.UTC(2025, 11, 31, 23, 30))), "2026-01-01");
  assert.equal(campaignToday({ ...campagne, fuseau: "America/Martinique" }, new Date(Date.UTC(2026, 0, 1, 2, 0))), "2025-12-31");
});
