// Registers the site's service worker (sw.js, at the site root, next to this
// file): after this first visit, the pages and the search work without
// network; on a tool page, it also asks for the tools and their Python runtime.
if ("serviceWorker" in navigator) {
  const serviceWorkerUrl = new URL("sw.js", document.currentScript.src);
  // After the page has loaded, and on a tool's page after its engine has
  // started (overrides/partials/moteur.html), so that precaching (on a tool page
  // Pyodide included) never competes with them.
  const pageLoaded = new Promise((resolve) => window.addEventListener("load", resolve));
  Promise.all([pageLoaded, window.btsMoteurDemarre && window.btsMoteurDemarre.demarrage]).then(() => {
    navigator.serviceWorker.register(serviceWorkerUrl)
      .then(() => window.btsMoteurDemarre
        && navigator.serviceWorker.ready.then((registration) => registration.active.postMessage({ type: "outil" })))
      .catch((error) => {
        console.warn("Consultation hors ligne indisponible :", error);
      });
  });
}
