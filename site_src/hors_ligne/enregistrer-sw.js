// Registers the site's service worker (sw.js, at the site root, next to this
// file): after this first visit, the whole site works without network.
if ("serviceWorker" in navigator) {
  const adresse = new URL("sw.js", document.currentScript.src);
  // After the page has loaded, so that precaching never slows it down.
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(adresse).catch((erreur) => {
      console.warn("Consultation hors ligne indisponible :", erreur);
    });
  });
}
