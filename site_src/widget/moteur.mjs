// Talks to the engine worker: one promise per call. The boot's progress and
// failure are kept, so that a page can start the engine before its own DOM is
// ready and show the progress later (suivre replays what already happened).

// The worker is configured by its URL (see moteur.worker.mjs).
export function adresseDuMoteur(adresseRegles, adressePyodide) {
  const adresse = new URL("moteur.worker.mjs", import.meta.url);
  adresse.searchParams.set("regles", new URL(adresseRegles, document.baseURI).href);
  adresse.searchParams.set("pyodide", new URL(adressePyodide, document.baseURI).href);
  return adresse;
}

export function demarrerMoteur(adresseRegles, adressePyodide) {
  return reprendreMoteur(new Worker(adresseDuMoteur(adresseRegles, adressePyodide), { type: "module" }));
}

// Takes over a worker started earlier, with the events (messages, errors) it
// has already sent.
export function reprendreMoteur(worker, dejaRecus = []) {
  const enAttente = new Map();
  const suiveurs = [];
  let derniereProgression = null;
  let echec = null;
  let compteur = 0;
  const echouer = (message) => {
    echec = message;
    for (const suiveur of suiveurs) suiveur.surEchec(message);
  };
  worker.onmessage = ({ data }) => {
    if (data.progression !== undefined) {
      derniereProgression = [data.progression, data.etape];
      for (const suiveur of suiveurs) suiveur.surProgression(...derniereProgression);
      return;
    }
    if (data.echec !== undefined) return echouer(data.echec);
    const attente = enAttente.get(data.id);
    if (!attente) return;
    if (data.avancement !== undefined) return attente.avancer(data.avancement);
    enAttente.delete(data.id);
    if (data.ok) attente.resoudre(data.resultat);
    else attente.rejeter(new Error(data.message));
  };
  worker.onerror = (evenement) => echouer(evenement.message || "Le moteur de calcul n'a pas pu démarrer.");
  for (const evenement of dejaRecus) (evenement.type === "error" ? worker.onerror : worker.onmessage)(evenement);
  return {
    appeler(appel, donnees, avancer = () => {}) {
      compteur += 1;
      const id = compteur;
      return new Promise((resoudre, rejeter) => {
        enAttente.set(id, { resoudre, rejeter, avancer });
        worker.postMessage({ id, appel, donnees });
      });
    },
    suivre(suiveur) {
      suiveurs.push(suiveur);
      if (derniereProgression) suiveur.surProgression(...derniereProgression);
      if (echec !== null) suiveur.surEchec(echec);
    },
  };
}
