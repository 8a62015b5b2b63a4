// Compiles Python sources with the Python that Pyodide runs in the browser
// (3.14, where the build runs 3.11), so that the engine wheel can carry its
// bytecode. Called by bytecode.py: node bytecode.mjs IN.json OUT.json, where
// IN maps "package/module.py" to its source (base64) and OUT maps
// "package/module.pyc" to its checked-hash .pyc (base64).
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [entree, sortie] = process.argv.slice(2);
const pyodide = await loadPyodide();
pyodide.globals.set("sources", readFileSync(entree, "utf8"));
const compile = pyodide.runPython(`
import base64, json, py_compile
from pathlib import Path

def compiler(sources):
    compiles = {}
    for chemin, contenu in json.loads(sources).items():
        source = Path("/tmp/sources") / chemin
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(base64.b64decode(contenu))
        cible = source.with_suffix(".pyc")
        py_compile.compile(str(source), cfile=str(cible), dfile=chemin, doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
        compiles[chemin.removesuffix(".py") + ".pyc"] = base64.b64encode(cible.read_bytes()).decode()
    return json.dumps(compiles)

compiler(sources)
`);
writeFileSync(sortie, compile);
