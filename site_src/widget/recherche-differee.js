// Material's search worker, started at the visitor's first query instead of at
// page load. On a tool's page, building the search index (lunr, French
// stemmer) would take a share of the machine's cores while Pyodide boots.
// build_tools/site/search.py points the tool pages' search here, with the
// address of Material's worker in the query string (?recherche=…, relative to
// this file).
//
// Material's protocol: the page sends {type: 0, data: index} (set-up) and
// waits for {type: 1} (ready) before sending queries {type: 2, data: query},
// answered by {type: 3, data: results}. The set-up is acknowledged at once and
// kept; Material's worker receives it, then the queries, from the first
// non-empty query on. Until then an empty query (Material sends one as soon as
// the search is ready) gets the answer Material's worker gives it: no results.
// Messages to a worker are handled in order, so the index is built before the
// first query is answered.

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULTS = 3;

const searchWorkerUrl = new URL(new URL(self.location.href).searchParams.get("recherche") || "", self.location.href);
let setup = null;
let searchWorker = null;

function startSearch() {
  if (searchWorkerUrl.origin !== self.location.origin) throw new Error("La recherche ne charge que des fichiers du site.");
  const worker = new Worker(searchWorkerUrl);
  worker.onmessage = ({ data }) => {
    if (data.type !== READY) self.postMessage(data); // the page was told already
  };
  if (setup !== null) worker.postMessage(setup);
  return worker;
}

self.onmessage = ({ data }) => {
  if (data.type === SETUP && searchWorker === null) {
    setup = data;
    self.postMessage({ type: READY });
    return;
  }
  if (searchWorker === null && data.type === QUERY && String(data.data).trim() === "") {
    self.postMessage({ type: RESULTS, data: { items: [] } });
    return;
  }
  searchWorker ??= startSearch();
  searchWorker.postMessage(data);
};
