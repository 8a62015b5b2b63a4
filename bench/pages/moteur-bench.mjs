// Runs the engine over a list of profiles inside Pyodide and reports checklists per second.
const worker = new Worker(new URL("moteur-bench.worker.mjs", import.meta.url), { type: "module" });
window.mesurer = (profils) => new Promise((resoudre) => {
  worker.onmessage = ({ data }) => resoudre(data);
  worker.postMessage(profils);
});
