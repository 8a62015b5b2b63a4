import { loadPyodide } from "/pyodide/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: new URL("/pyodide/", self.location.href).href });
pyodide.runPython("1 + 1");
self.postMessage("pret");
