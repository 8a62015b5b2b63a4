// Talks to the engine worker: one promise per call. The boot's progress and
// failure are kept, so that a page can start the engine before its own DOM is
// ready and show the progress later (follow replays what already happened).

// The worker is configured by its URL (see moteur.worker.mjs).
export function workerUrl(reglesUrl, pyodideUrl) {
  const url = new URL("moteur.worker.mjs", import.meta.url);
  url.searchParams.set("regles", new URL(reglesUrl, document.baseURI).href);
  url.searchParams.set("pyodide", new URL(pyodideUrl, document.baseURI).href);
  return url;
}

export function startEngine(reglesUrl, pyodideUrl) {
  return takeOverEngine(new Worker(workerUrl(reglesUrl, pyodideUrl), { type: "module" }));
}

// Takes over a worker started earlier, with the events (messages, errors) it
// has already sent.
export function takeOverEngine(worker, received = []) {
  const pending = new Map();
  const followers = [];
  let lastProgress = null;
  let failure = null;
  let counter = 0;
  const fail = (message) => {
    failure = message;
    for (const follower of followers) follower.onFailure(message);
  };
  worker.onmessage = ({ data }) => {
    if (data.progression !== undefined) {
      lastProgress = [data.progression, data.etape];
      for (const follower of followers) follower.onProgress(...lastProgress);
      return;
    }
    if (data.echec !== undefined) return fail(data.echec);
    const call = pending.get(data.id);
    if (!call) return;
    if (data.avancement !== undefined) return call.onStep(data.avancement);
    pending.delete(data.id);
    if (data.ok) call.resolve(JSON.parse(data.json));
    else call.reject(new Error(data.message));
  };
  worker.onerror = (event) => fail(event.message || "Le moteur de calcul n'a pas pu démarrer.");
  for (const event of received) (event.type === "error" ? worker.onerror : worker.onmessage)(event);
  return {
    // `onStep(part)` hears a long call's progress (a class file: 0 to 1).
    call(name, data, onStep = () => {}) {
      counter += 1;
      const id = counter;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, onStep });
        worker.postMessage({ id, appel: name, donnees: data });
      });
    },
    // `follower`: {onProgress(percent, step), onFailure(message)}.
    follow(follower) {
      followers.push(follower);
      if (lastProgress) follower.onProgress(...lastProgress);
      if (failure !== null) follower.onFailure(failure);
    },
  };
}
