// The engine in a module Web Worker: Pyodide boots here, so the page never
// freezes. The worker's own URL says where the edition's rules and Pyodide are
// (moteur.worker.mjs?regles=…&pyodide=…, relative to this file or absolute, on
// this site; Pyodide is served once, at the site's root, for every edition), so
// it starts booting as soon as it is loaded, without waiting for the page.
// Messages in: {id, appel, donnees}; out: {id, ok, resultat | message}, and
// while booting {progression, etape}, or {echec} if the engine cannot start.

function progression(pourcent, etape) {
  self.postMessage({ progression: pourcent, etape });
}

// The site's pyodide-lock.json, read once: by Pyodide (openpyxl on demand) and
// for the engine wheel below.
async function listeDesPaquets(adressePyodide) {
  const reponse = await fetch(new URL("pyodide-lock.json", adressePyodide));
  if (!reponse.ok) throw new Error(`Liste des paquets introuvable (${reponse.status})`);
  return reponse.json();
}

// The engine wheel, fetched while Pyodide boots. Its sha256 comes from the
// lock file, and the browser refuses a file that differs (Subresource Integrity).
async function roueDuMoteur(adressePyodide, verrouEnCours) {
  const { file_name: fichier, sha256 } = (await verrouEnCours).packages["bts-inscription"];
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

async function demarrer(parametres) {
  if (!parametres.get("regles") || !parametres.get("pyodide")) {
    throw new Error("Adresse du moteur incomplète : moteur.worker.mjs?regles=…&pyodide=…");
  }
  const adresseRegles = new URL(parametres.get("regles"), self.location.href);
  const adressePyodide = new URL(parametres.get("pyodide"), self.location.href);
  if (adresseRegles.origin !== self.location.origin || adressePyodide.origin !== self.location.origin) {
    throw new Error("Le moteur ne charge que des fichiers du site.");
  }
  const modulePyodide = import(new URL("pyodide.mjs", adressePyodide).href);
  progression(5, "Chargement de Python dans le navigateur…");
  const reglesEnCours = fetch(adresseRegles).then((reponse) => {
    if (!reponse.ok) throw new Error(`Règles introuvables (${reponse.status})`);
    return reponse.text();
  });
  const verrouEnCours = listeDesPaquets(adressePyodide);
  const roueEnCours = roueDuMoteur(adressePyodide, verrouEnCours);
  // All are awaited below; until then a failure must not count as unhandled.
  for (const enCours of [reglesEnCours, verrouEnCours, roueEnCours]) enCours.catch(() => {});
  const { loadPyodide } = await modulePyodide;
  const pyodide = await loadPyodide({
    indexURL: adressePyodide.href, lockFileContents: verrouEnCours, packageBaseUrl: adressePyodide.href,
  });
  progression(80, "Installation du moteur de calcul…");
  // A pure-Python wheel is a zip archive that Python imports from as it is,
  // with its modules' bytecode (build_tools/site/bytecode.py).
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

const moteurPret = demarrer(new URL(import.meta.url).searchParams);
moteurPret.catch((erreur) => self.postMessage({ echec: String(erreur && erreur.message || erreur) }));

self.onmessage = async ({ data }) => {
  const { id, appel, donnees } = data;
  try {
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
