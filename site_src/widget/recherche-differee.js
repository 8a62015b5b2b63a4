// Material's search worker, started at the visitor's first query instead of at
// page load. On a tool's page, building the search index (lunr, French
// stemmer) would take a share of the machine's cores while Pyodide boots.
// build_tools/site/recherche.py points the tool pages' search here, with the
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

const PREPARATION = 0;
const PRETE = 1;
const REQUETE = 2;
const RESULTATS = 3;

const adresse = new URL(new URL(self.location.href).searchParams.get("recherche") || "", self.location.href);
let preparation = null;
let recherche = null;

function demarrerLaRecherche() {
  if (adresse.origin !== self.location.origin) throw new Error("La recherche ne charge que des fichiers du site.");
  const travailleur = new Worker(adresse);
  travailleur.onmessage = ({ data }) => {
    if (data.type !== PRETE) self.postMessage(data); // the page was told already
  };
  if (preparation !== null) travailleur.postMessage(preparation);
  return travailleur;
}

self.onmessage = ({ data }) => {
  if (data.type === PREPARATION && recherche === null) {
    preparation = data;
    self.postMessage({ type: PRETE });
    return;
  }
  if (recherche === null && data.type === REQUETE && String(data.data).trim() === "") {
    self.postMessage({ type: RESULTATS, data: { items: [] } });
    return;
  }
  recherche ??= demarrerLaRecherche();
  recherche.postMessage(data);
};
