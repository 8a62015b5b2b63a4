// The engine in a module Web Worker: Pyodide boots here, so the page never
// freezes. The worker's own URL says where the edition's rules and Pyodide are
// (moteur.worker.mjs?regles=…&pyodide=…, relative to this file or absolute, on
// this site; Pyodide is served once, at the site's root, for every edition), so
// it starts booting as soon as it is loaded, without waiting for the page.
// Messages in: {id, appel, donnees}; out: {id, ok, resultat | message}, and
// while booting {progression, etape}, or {echec} if the engine cannot start.

function reportProgress(percent, step) {
  self.postMessage({ progression: percent, etape: step });
}

// The site's pyodide-lock.json, read once: by Pyodide (openpyxl on demand) and
// for the engine wheel below.
async function readLockFile(pyodideUrl) {
  const response = await fetch(new URL("pyodide-lock.json", pyodideUrl));
  if (!response.ok) throw new Error(`Liste des paquets introuvable (${response.status})`);
  return response.json();
}

// The engine wheel, fetched while Pyodide boots. Its sha256 comes from the
// lock file, and the browser refuses a file that differs (Subresource Integrity).
async function fetchEngineWheel(pyodideUrl, lockFileLoading) {
  const { file_name: fileName, sha256 } = (await lockFileLoading).packages["bts-inscription"];
  const integrity = `sha256-${btoa(String.fromCharCode(...sha256.match(/../g).map((byte) => parseInt(byte, 16))))}`;
  let response;
  try {
    response = await fetch(new URL(fileName, pyodideUrl), { integrity });
  } catch {
    throw new Error("Le moteur de calcul téléchargé est incomplet ou ne correspond pas à son empreinte");
  }
  if (!response.ok) throw new Error(`Moteur de calcul introuvable (${response.status})`);
  return { fileName, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function start(params) {
  if (!params.get("regles") || !params.get("pyodide")) {
    throw new Error("Adresse du moteur incomplète : moteur.worker.mjs?regles=…&pyodide=…");
  }
  const reglesUrl = new URL(params.get("regles"), self.location.href);
  const pyodideUrl = new URL(params.get("pyodide"), self.location.href);
  if (reglesUrl.origin !== self.location.origin || pyodideUrl.origin !== self.location.origin) {
    throw new Error("Le moteur ne charge que des fichiers du site.");
  }
  const pyodideModule = import(new URL("pyodide.mjs", pyodideUrl).href);
  reportProgress(5, "Chargement de Python dans le navigateur…");
  const reglesLoading = fetch(reglesUrl).then((response) => {
    if (!response.ok) throw new Error(`Règles introuvables (${response.status})`);
    return response.text();
  });
  const lockFileLoading = readLockFile(pyodideUrl);
  const wheelLoading = fetchEngineWheel(pyodideUrl, lockFileLoading);
  // All are awaited below; until then a failure must not count as unhandled.
  for (const loading of [reglesLoading, lockFileLoading, wheelLoading]) loading.catch(() => {});
  const { loadPyodide } = await pyodideModule;
  // The standard library is the site's own: only the modules the site runs,
  // already compiled (build_tools/site/stdlib.py).
  const pyodide = await loadPyodide({
    indexURL: pyodideUrl.href, lockFileContents: lockFileLoading, packageBaseUrl: pyodideUrl.href,
    stdLibURL: new URL("python_stdlib.zip", pyodideUrl).href,
  });
  reportProgress(80, "Installation du moteur de calcul…");
  // A pure-Python wheel is a zip archive that Python imports from as it is,
  // with its modules' bytecode (build_tools/site/bytecode.py).
  const { fileName, bytes } = await wheelLoading;
  const wheelPath = `/home/pyodide/${fileName}`;
  pyodide.FS.writeFile(wheelPath, bytes);
  pyodide.pyimport("sys").path.insert(0, wheelPath);
  const reglesJson = await reglesLoading;
  reportProgress(90, "Lecture des règles…");
  const engine = pyodide.pyimport("bts_inscription.bridge").Engine(reglesJson);
  reportProgress(100, "Moteur prêt.");
  return { pyodide, engine };
}

// XLSX support is loaded only when a class file needs it.
let xlsxLoading = null;
function loadXlsx(pyodide) {
  xlsxLoading ??= pyodide.loadPackage("openpyxl", { checkIntegrity: true, messageCallback: () => {} });
  return xlsxLoading;
}

const engineReady = start(new URL(import.meta.url).searchParams);
engineReady.catch((error) => self.postMessage({ echec: String(error && error.message || error) }));

self.onmessage = async ({ data }) => {
  const { id, appel, donnees } = data;
  try {
    const { pyodide, engine } = await engineReady;
    let answer;
    if (appel === "lot") {
      if (donnees.xlsx) await loadXlsx(pyodide);
      const reportBatchProgress = (done, total) => self.postMessage({ id, avancement: done / total });
      answer = engine.lot(donnees.nom, donnees.octets, reportBatchProgress);
    } else if (appel === "export") {
      // The class tool's export of its last file (bridge.py Engine.export): the file in base64.
      if (donnees.format === "xlsx") await loadXlsx(pyodide);
      answer = engine.export(JSON.stringify(donnees));
    } else if (appel === "checklist" || appel === "fiche") {
      answer = engine[appel](JSON.stringify(donnees));
    } else {
      throw new Error(`Appel inconnu : ${appel}`);
    }
    // The JSON text, parsed by the page: a class's answer is megabytes, and a string
    // crosses to the page far faster than the object graph it holds.
    self.postMessage({ id, ok: true, json: answer });
  } catch (error) {
    self.postMessage({ id, ok: false, message: String(error && error.message || error) });
  }
};
