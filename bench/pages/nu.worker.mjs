import { loadPyodide } from "/pyodide/pyodide.mjs";
// Pyodide as distributed: its whole standard library (bench/serveur.py), not the site's trimmed one.
const pyodide = await loadPyodide({
  indexURL: new URL("/pyodide/", self.location.href).href,
  stdLibURL: new URL("/bench/python_stdlib_amont.zip", self.location.href).href,
});
pyodide.runPython("1 + 1");
self.postMessage("pret");
