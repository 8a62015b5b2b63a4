// When the answers change: what needs no engine is updated at once, then the
// engine is asked; only the latest call's answer is rendered. Showing or
// hiding a question changes the answers the form gives: the engine is then
// asked again (a few times at most). No DOM: the page gives each step.
//
// read() → answers; keep(answers): what needs no engine; ask(answers) →
// results (a promise); applyQuestions(results); render(results); fail(error).
export function refresher({ read, keep, ask, applyQuestions, render, fail, maxRetries = 4 }) {
  let latest = 0;
  let engineReady = false;

  async function refresh(retries = 0) {
    const answers = read();
    keep(answers);
    if (!engineReady) return;
    latest += 1;
    const call = latest;
    try {
      const results = await ask(answers);
      if (call !== latest) return;
      applyQuestions(results);
      if (retries < maxRetries && JSON.stringify(read().profil) !== JSON.stringify(answers.profil)) {
        return refresh(retries + 1);
      }
      render(results);
    } catch (error) {
      if (call !== latest) return;
      fail(error);
    }
  }

  return {
    refresh: () => refresh(),
    // The engine is ready: from now on every refresh asks it.
    start() {
      engineReady = true;
      return refresh();
    },
  };
}
