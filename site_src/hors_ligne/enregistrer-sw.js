// Registers the site's service worker (sw.js, at the site root, next to this
// file): after this first visit, the whole site works without network.
if ("serviceWorker" in navigator) {
  const serviceWorkerUrl = new URL("sw.js", document.currentScript.src);
  // After the page has loaded, and on a tool's page after its engine has
  // started (overrides/partials/moteur.html), so that precaching the site,
  // Pyodide included, never competes with them.
  const pageLoaded = new Promise((resolve) => window.addEventListener("load", resolve));
  Promise.all([pageLoaded, window.btsMoteurDemarre && window.btsMoteurDemarre.demarrage]).then(() => {
    navigator.serviceWorker.register(serviceWorkerUrl).catch((error) => {
      console.warn("Consultation hors ligne indisponible :", error);
    });
  });
}
