// Finds which modules of the standard library the site runs, and compiles
// them with Pyodide's own Python (3.14). Called by stdlib.py:
// node stdlib.mjs IN.json OUT.json. IN holds the site's lock file, the folder
// of its wheels, the engine wheel's path and a workload: every edition's
// bundle with profiles, fiche values, class files (base64) and the exports to
// make of each class file read (bridge.Engine.export). Pyodide boots
// here with its full standard library, runs the workload through the worker's
// own entry point (bts_inscription.bridge.Engine, openpyxl loaded by
// loadPackage as the worker does), then OUT maps each module file the run
// imported from python_stdlib.zip ("json/__init__.py") to its .pyc (base64).
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [entree, sortie] = process.argv.slice(2);
const travail = JSON.parse(readFileSync(entree, "utf8"));
const pyodide = await loadPyodide({ lockFileContents: travail.lock, packageBaseUrl: travail.paquets });

const moduleFiles = pyodide.runPython(`
import sys

def module_files():
    """Files of python_stdlib.zip that the modules imported so far come from."""
    stdlib = next(entry for entry in sys.path if entry.endswith(".zip")) + "/"
    files = set()
    for module in list(sys.modules.values()):
        spec = getattr(module, "__spec__", None)
        for path in (getattr(module, "__file__", None), getattr(spec, "origin", None)):
            if isinstance(path, str) and path.startswith(stdlib):
                files.add(path[len(stdlib):])
    return sorted(files)

module_files
`);

const atStart = moduleFiles().toJs();
pyodide.FS.writeFile("/home/pyodide/engine.whl", readFileSync(travail.roue));
pyodide.pyimport("sys").path.insert(0, "/home/pyodide/engine.whl");
const { Engine } = pyodide.pyimport("bts_inscription.bridge");
// openpyxl, loaded as the worker loads it: for an XLSX file, or an export.
let xlsxLoading = null;
const loadXlsx = () => (xlsxLoading ??= pyodide.loadPackage("openpyxl", { checkIntegrity: true, messageCallback: () => {} }));
for (const { bundle, profils, fiches, fichiers, exports } of travail.editions) {
  const engine = Engine(bundle);
  for (const profil of profils) engine.checklist(profil);
  for (const fiche of fiches) engine.fiche(fiche);
  for (const { nom, octets, xlsx } of fichiers) {
    if (xlsx) await loadXlsx();
    const matrice = JSON.parse(engine.lot(nom, new Uint8Array(Buffer.from(octets, "base64")), () => {}));
    if (matrice.erreur_fichier) continue;
    // The class tool's exports of the file read (bridge.Engine.export).
    await loadXlsx();
    for (const demande of exports) engine.export(demande);
  }
  // An engine error reaches the worker as a JavaScript error, whose message
  // Pyodide writes from the Python traceback.
  try {
    engine.lot(null, null);
  } catch (error) {
    if (!String(error.message).includes("Error")) throw error;
  }
}

const imported = moduleFiles().toJs();
pyodide.globals.set("fichiers", pyodide.toPy(imported));
const compiled = pyodide.runPython(`
import base64, json, py_compile, zipfile
from pathlib import Path

stdlib = next(entry for entry in sys.path if entry.endswith(".zip"))
compiles = {}
with zipfile.ZipFile(stdlib) as archive:
    for chemin in fichiers:
        source = Path("/tmp/stdlib") / chemin
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(archive.read(chemin))
        cible = source.with_suffix(".pyc")
        # Tracebacks name the module's path in the full library, as before. Docstrings
        # and asserts are left out (optimize=2): nothing the site runs reads them, and
        # a phone downloads a quarter less.
        py_compile.compile(str(source), cfile=str(cible), dfile=f"{stdlib}/{chemin}", doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH, optimize=2)
        compiles[chemin] = base64.b64encode(cible.read_bytes()).decode()
json.dumps(compiles)
`);
writeFileSync(sortie, JSON.stringify({ demarrage: atStart, pyc: JSON.parse(compiled) }));
