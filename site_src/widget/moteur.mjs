// Talks to the engine worker: one promise per call, boot progress reported.
export function demarrerMoteur(adresseRegles, adressePyodide, { surProgression = () => {}, surEchec = () => {} } = {}) {
  const worker = new Worker(new URL("moteur.worker.mjs", import.meta.url), { type: "module" });
  worker.postMessage({ configuration: {
    regles: new URL(adresseRegles, document.baseURI).href,
    pyodide: new URL(adressePyodide, document.baseURI).href,
  } });
  const enAttente = new Map();
  let compteur = 0;
  worker.onmessage = ({ data }) => {
    if (data.progression !== undefined) return surProgression(data.progression, data.etape);
    if (data.echec !== undefined) return surEchec(data.echec);
    const attente = enAttente.get(data.id);
    if (!attente) return;
    if (data.avancement !== undefined) return attente.avancer(data.avancement);
    enAttente.delete(data.id);
    if (data.ok) attente.resoudre(data.resultat);
    else attente.rejeter(new Error(data.message));
  };
  worker.onerror = (evenement) => surEchec(evenement.message || "Le moteur de calcul n'a pas pu démarrer.");
  return {
    appeler(appel, donnees, avancer = () => {}) {
      compteur += 1;
      const id = compteur;
      return new Promise((resoudre, rejeter) => {
        enAttente.set(id, { resoudre, rejeter, avancer });
        worker.postMessage({ id, appel, donnees });
      });
    },
  };
}
