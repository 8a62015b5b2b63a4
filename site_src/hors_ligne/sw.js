// The site's service worker: after one visit, the whole site works offline.
// build_tools/site/hors_ligne.py writes it to the site root, after a prelude
// defining VERSION (hash of the build's files) and FICHIERS ({path relative
// to the site root, URL-encoded: revision}).
//
// install: every file goes into the cache of this version (a file whose
//   revision is already in an older cache is copied, not downloaded again);
// activate: the caches of older versions of this site are deleted;
// fetch: a listed file is answered from the cache (whatever its query string:
//   a static host ignores it too), anything else goes to the network.

const PORTEE = self.registration.scope; // the site root, ends with "/"
const RACINE = new URL(PORTEE).pathname;
const PREFIXE = `bts-inscription ${PORTEE} `;
const CACHE = PREFIXE + VERSION;

// Cache key of a file: its URL plus its revision.
const enListe = (chemin) => Object.hasOwn(FICHIERS, chemin);
const cle = (chemin) => new URL(`${chemin}?revision=${FICHIERS[chemin]}`, PORTEE).href;

// A page is fetched at its directory URL (some hosts redirect ".../index.html").
const adresse = (chemin) => new URL(chemin.replace(/(^|\/)index\.html$/, "$1"), PORTEE);

async function telecharger(chemin) {
  const reponse = await fetch(adresse(chemin), { cache: "no-cache" });
  if (!reponse.ok) throw new Error(`${chemin} : HTTP ${reponse.status}`);
  if (!reponse.redirected) return reponse;
  // A redirected response may not answer a navigation: keep its content only.
  return new Response(await reponse.blob(), { status: reponse.status, headers: reponse.headers });
}

self.addEventListener("install", (evenement) => {
  evenement.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const deja = new Set((await cache.keys()).map((requete) => requete.url)); // an interrupted install
    await Promise.all(Object.keys(FICHIERS).map(async (chemin) => {
      if (deja.has(cle(chemin))) return;
      const reponse = (await caches.match(cle(chemin))) || (await telecharger(chemin));
      await cache.put(cle(chemin), reponse);
    }));
    await self.skipWaiting(); // the open pages get the new files at their next load
  })());
});

self.addEventListener("activate", (evenement) => {
  evenement.waitUntil((async () => {
    for (const nom of await caches.keys()) {
      if (nom.startsWith(PREFIXE) && nom !== CACHE) await caches.delete(nom);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (evenement) => {
  const requete = evenement.request;
  const url = new URL(requete.url);
  if (requete.method !== "GET" || url.origin !== location.origin || !url.pathname.startsWith(RACINE)) return;
  let chemin = url.pathname.slice(RACINE.length);
  if (chemin === "" || chemin.endsWith("/")) chemin += "index.html";
  if (!enListe(chemin)) {
    // ".../pieces" without its final slash: the host would redirect, so do we.
    if (requete.mode === "navigate" && enListe(`${chemin}/index.html`)) {
      evenement.respondWith(Response.redirect(new URL(`${url.pathname}/${url.search}`, url).href, 301));
    }
    return;
  }
  evenement.respondWith((async () => {
    const reponse = await (await caches.open(CACHE)).match(cle(chemin));
    if (!reponse) return fetch(requete);
    if (reponse.url === requete.url) return reponse;
    // A worker's location is its response's URL: keep the request's, with its
    // query string (moteur.worker.mjs?regles=...), by answering a URL-less copy.
    return new Response(reponse.body, { status: reponse.status, statusText: reponse.statusText, headers: reponse.headers });
  })());
});
