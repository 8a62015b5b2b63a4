import assert from "node:assert/strict";
import { test } from "node:test";

import { frenchSpacing } from "../../site_src/widget/typography.mjs";

const NBSP = "\u00a0";
const NNBSP = "\u202f";

test("a regular space before : ; ! ? becomes a no-break space", () => {
  assert.equal(frenchSpacing("Date limite : 19 novembre"), `Date limite${NBSP}: 19 novembre`);
  assert.equal(frenchSpacing("a ; b ! c ?"), `a${NNBSP}; b${NNBSP}! c${NNBSP}?`);
  assert.equal(frenchSpacing("Pourquoi  ?"), `Pourquoi${NNBSP}?`);
});

test("a missing space before a sentence's punctuation is added", () => {
  assert.equal(frenchSpacing("Règle: voir la note"), `Règle${NBSP}: voir la note`);
  assert.equal(frenchSpacing("Prêt!"), `Prêt${NNBSP}!`);
  assert.equal(frenchSpacing("(U61); suite"), `(U61)${NNBSP}; suite`);
});

test("inside « » the spaces are no-break ones, added when missing", () => {
  assert.equal(frenchSpacing("l'état « inscrit »"), `l'état «${NBSP}inscrit${NBSP}»`);
  assert.equal(frenchSpacing("«inscrit»"), `«${NBSP}inscrit${NBSP}»`);
  assert.equal(frenchSpacing(`«${NBSP}déjà${NBSP}»`), `«${NBSP}déjà${NBSP}»`);
});

test("times, URLs, ratios and entities are left alone", () => {
  for (const text of ["à 17:00", "https://www.legifrance.gouv.fr/a?b=1&c=2", "1:2", "&amp;", "a;b", "page?x=1"]) {
    assert.equal(frenchSpacing(text), text);
  }
});

test("a number and its unit stay together", () => {
  assert.equal(frenchSpacing("1 350 h de formation, 10 Mo au plus"), `1 350${NBSP}h de formation, 10${NBSP}Mo au plus`);
  assert.equal(frenchSpacing("2 heures"), "2 heures");
});

test("what is not a text passes unchanged, and the rule is idempotent", () => {
  assert.equal(frenchSpacing(undefined), undefined);
  assert.equal(frenchSpacing(3), 3);
  const once = frenchSpacing("Erreur : « x » ; voir ? ! : fin");
  assert.equal(frenchSpacing(once), once);
});
