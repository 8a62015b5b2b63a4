// Bare Pyodide in a module worker, for comparison with the candidate tool's boot.
const worker = new Worker(new URL("nu.worker.mjs", import.meta.url), { type: "module" });
worker.onmessage = () => {
  window.__pret = performance.now();
  document.getElementById("etat").textContent = "pret";
};
