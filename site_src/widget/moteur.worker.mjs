// The engine in a module Web Worker: Pyodide boots here, so the page never
// freezes. The first message says where the edition's rules and Pyodide are:
// {configuration: {regles, pyodide}} (absolute URLs of this site; Pyodide is
// served once, at the site's root, for every edition). Then messages in:
// {id, appel, donnees}; out: {id, ok, resultat | message}, and while booting
// {progression, etape}, or {echec} if the engine cannot start.

function progression(pourcent, etape) {
  self.postMessage({ progression: pourcent, etape });
}

async function demarrer({ regles, pyodide: racinePyodide }) {
  const adresseRegles = new URL(regles, self.location.href);
  const adressePyodide = new URL(racinePyodide || "../pyodide/", self.location.href);
  if (adresseRegles.origin !== self.location.origin || adressePyodide.origin !== self.location.origin) {
    throw new Error("Le moteur ne charge que des fichiers du site.");
  }
  progression(5, "Chargement de Python dans le navigateur…");
  const reglesEnCours = fetch(adresseRegles).then((reponse) => {
    if (!reponse.ok) throw new Error(`Règles introuvables (${reponse.status})`);
    return reponse.text();
  });
  const { loadPyodide } = await import(new URL("pyodide.mjs", adressePyodide).href);
  const pyodide = await loadPyodide({ indexURL: adressePyodide.href });
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

let moteurPret = null;

self.onmessage = async ({ data }) => {
  if (data.configuration) {
    moteurPret ??= demarrer(data.configuration);
    moteurPret.catch((erreur) => self.postMessage({ echec: String(erreur && erreur.message || erreur) }));
    return;
  }
  const { id, appel, donnees } = data;
  try {
    if (!moteurPret) throw new Error("Moteur non configuré : le premier message doit être {configuration}.");
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
