// The engine in a module Web Worker: Pyodide boots here, so the page never
// freezes. Messages in: {id, appel, donnees}; out: {id, ok, resultat | message}
// and, while booting, {progression, etape}.
import { loadPyodide } from "../pyodide/pyodide.mjs";

const parametres = new URL(self.location.href).searchParams;
const adresseRegles = new URL(parametres.get("regles"), self.location.href);

function progression(pourcent, etape) {
  self.postMessage({ progression: pourcent, etape });
}

async function demarrer() {
  progression(5, "Chargement de Python dans le navigateur…");
  const reglesEnCours = fetch(adresseRegles).then((reponse) => {
    if (!reponse.ok) throw new Error(`Règles introuvables (${reponse.status})`);
    return reponse.text();
  });
  const pyodide = await loadPyodide({ indexURL: new URL("../pyodide/", import.meta.url).href });
  progression(70, "Installation du moteur de calcul…");
  // The lock file gives the wheel's sha256: Pyodide refuses a file that differs.
  await pyodide.loadPackage("bts_inscription", { checkIntegrity: true, messageCallback: () => {} });
  progression(90, "Lecture des règles…");
  pyodide.globals.set("regles_json", await reglesEnCours);
  const moteur = pyodide.runPython("from bts_inscription.pont import Moteur\nMoteur(regles_json)");
  pyodide.globals.delete("regles_json");
  progression(100, "Moteur prêt.");
  return { pyodide, moteur };
}

// XLSX support is loaded only when a class file needs it.
let lecteurXlsx = null;
function chargerXlsx(pyodide) {
  lecteurXlsx ??= pyodide.loadPackage("openpyxl", { checkIntegrity: true, messageCallback: () => {} });
  return lecteurXlsx;
}

const moteurPret = demarrer();
moteurPret.catch((erreur) => self.postMessage({ echec: String(erreur && erreur.message || erreur) }));

self.onmessage = async ({ data }) => {
  const { id, appel, donnees } = data;
  try {
    const { pyodide, moteur } = await moteurPret;
    let reponse;
    if (appel === "lot") {
      if (donnees.xlsx) await chargerXlsx(pyodide);
      const rapporter = (fait, total) => self.postMessage({ id, avancement: fait / total });
      reponse = moteur.lot(JSON.stringify(donnees), rapporter);
    } else if (appel === "checklist" || appel === "fiche") {
      reponse = moteur[appel](JSON.stringify(donnees));
    } else {
      throw new Error(`Appel inconnu : ${appel}`);
    }
    self.postMessage({ id, ok: true, resultat: JSON.parse(reponse) });
  } catch (erreur) {
    self.postMessage({ id, ok: false, message: String(erreur && erreur.message || erreur) });
  }
};
