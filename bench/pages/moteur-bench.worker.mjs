import { loadPyodide } from "/pyodide/pyodide.mjs";
const pret = (async () => {
  const pyodide = await loadPyodide({ indexURL: new URL("/pyodide/", self.location.href).href });
  await pyodide.loadPackage("bts_inscription", { messageCallback: () => {} });
  const edition = new URL(self.location.href).searchParams.get("edition") || "2026";
  pyodide.globals.set("regles_json", await (await fetch(`/regles/${edition}.json`)).text());
  pyodide.runPython(`
import json, time
from bts_inscription import checklist
bundle = json.loads(regles_json)
def mesurer(profils_json):
    profils = json.loads(profils_json)
    debut = time.perf_counter()
    resultats = [checklist(bundle, p) for p in profils]
    duree = time.perf_counter() - debut
    return json.dumps({"duree": duree, "resultats": resultats}, ensure_ascii=False)
`);
  return pyodide.globals.get("mesurer");
})();
self.onmessage = async ({ data }) => {
  const mesurer = await pret;
  self.postMessage(JSON.parse(mesurer(JSON.stringify(data))));
};
