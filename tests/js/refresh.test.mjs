import assert from "node:assert/strict";
import { test } from "node:test";

import { refresher } from "../../site_src/widget/refresh.mjs";

// A page whose steps are recorded; `answerOf(answers)` is what the fake engine answers.
function fakePage(answerOf = (answers) => ({ for: answers.profil.n })) {
  const seen = { kept: [], asked: [], applied: [], rendered: [], failed: [] };
  const page = { profil: { n: 0 }, seen, pending: [] };
  page.updater = refresher({
    read: () => ({ profil: { ...page.profil }, fiche: {} }),
    keep: (answers) => seen.kept.push(answers.profil.n),
    ask: (answers) => {
      seen.asked.push(answers.profil.n);
      return new Promise((resolve, reject) => page.pending.push({ resolve: () => resolve(answerOf(answers)), reject }));
    },
    applyQuestions: (results) => seen.applied.push(results.for),
    render: (results) => seen.rendered.push(results.for),
    fail: (error) => seen.failed.push(error.message),
  });
  return page;
}

test("before the engine is ready, only what needs no engine is updated", async () => {
  const page = fakePage();
  await page.updater.refresh();
  assert.deepEqual(page.seen.kept, [0]);
  assert.deepEqual(page.seen.asked, []);
});

test("only the latest call's answer is rendered", async () => {
  const page = fakePage();
  const first = page.updater.start();
  page.profil.n = 1;
  const second = page.updater.refresh();
  page.pending[1].resolve();
  page.pending[0].resolve();
  await Promise.all([first, second]);
  assert.deepEqual(page.seen.asked, [0, 1]);
  assert.deepEqual(page.seen.rendered, [1]);
});

test("an answer that changes the form's answers is asked again before rendering", async () => {
  const page = fakePage();
  const done = page.updater.start();
  page.pending[0].resolve();
  // The engine's questions showed a new answer: the form now says n = 2.
  page.profil.n = 2;
  await new Promise((resolve) => setImmediate(resolve));
  page.pending[1].resolve();
  await done;
  assert.deepEqual(page.seen.asked, [0, 2]);
  assert.deepEqual(page.seen.applied, [0, 2]);
  assert.deepEqual(page.seen.rendered, [2]);
});

test("a form that keeps changing is asked again a few times only", async () => {
  const page = fakePage((answers) => {
    page.profil.n += 1; // each answer changes the form again
    return { for: answers.profil.n };
  });
  const done = page.updater.start();
  for (let i = 0; i < 5; i += 1) {
    while (page.pending.length <= i) await new Promise((resolve) => setImmediate(resolve));
    page.pending[i].resolve();
  }
  await done;
  assert.equal(page.seen.asked.length, 5);
  assert.deepEqual(page.seen.rendered, [4]);
});

test("an engine error is shown only for the latest call", async () => {
  const page = fakePage();
  const first = page.updater.start();
  const second = page.updater.refresh();
  page.pending[0].reject(new Error("old"));
  page.pending[1].reject(new Error("new"));
  await Promise.all([first, second]);
  assert.deepEqual(page.seen.failed, ["new"]);
  assert.deepEqual(page.seen.rendered, []);
});
