// The engine in a module Web Worker: Pyodide boots here, so the page never
// freezes. The first message says where the edition's rules and Pyodide are:
// {configuration: {regles, pyodide}} (absolute URLs of this site; Pyodide is
// served once, at the site's root, for every edition). Then messages in:
// {id, appel, donnees}; out: {id, ok, resultat | message}, and while booting
// {progression, etape}, or {echec} if the engine cannot start.

function progression(pourcent, etape) {
  self.postMessage({ progression: pourcent, etape });
}

// The engine wheel, fetched while Pyodide boots. Its sha256 comes from the
// site's pyodide-lock.json, and the browser refuses a file that differs
// (Subresource Integrity).
async function roueDuMoteur(adressePyodide) {
  const verrou = await fetch(new URL("pyodide-lock.json", adressePyodide));
  if (!verrou.ok) throw new Error(`Liste des paquets introuvable (${verrou.status})`);
  const { file_name: fichier, sha256 } = (await verrou.json()).packages["bts-inscription"];
  const integrite = `sha256-${btoa(String.fromCharCode(...sha256.match(/../g).map((octet) => parseInt(octet, 16))))}`;
  let reponse;
  try {
    reponse = await fetch(new URL(fichier, adressePyodide), { integrity: integrite });
  } catch {
    throw new Error("Le moteur de calcul téléchargé est incomplet ou ne correspond pas à son empreinte");
  }
  if (!reponse.ok) throw new Error(`Moteur de calcul introuvable (${reponse.status})`);
  return { fichier, octets: new Uint8Array(await reponse.arrayBuffer()) };
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
  const roueEnCours = roueDuMoteur(adressePyodide);
  // Both are awaited below; until then a failure must not count as unhandled.
  reglesEnCours.catch(() => {});
  roueEnCours.catch(() => {});
  const { loadPyodide } = await import(new URL("pyodide.mjs", adressePyodide).href);
  const pyodide = await loadPyodide({ indexURL: adressePyodide.href });
  progression(80, "Installation du moteur de calcul…");
  // A pure-Python wheel is a zip archive that Python imports from as it is.
  const { fichier, octets } = await roueEnCours;
  const chemin = `/home/pyodide/${fichier}`;
  pyodide.FS.writeFile(chemin, octets);
  pyodide.pyimport("sys").path.insert(0, chemin);
  const reglesJson = await reglesEnCours;
  progression(90, "Lecture des règles…");
  const moteur = pyodide.pyimport("bts_inscription.pont").Moteur(reglesJson);
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
      reponse = moteur.lot(donnees.nom, donnees.octets, rapporter);
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
