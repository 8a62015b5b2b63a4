// The site's service worker: after one visit, the pages and the search work
// offline; after a tool page has been opened, the tools too.
// build_tools/site/offline.py writes it to the site root, after a prelude
// defining VERSION (hash of the build's files) and PARTIES ({part: {path
// relative to the site root, URL-encoded: revision}}, parts "lecture" and
// "outil": the tools and their Python runtime, over 10 MB).
//
// install: the reading part goes into the cache of this version, and the tool
//   part too if an older cache holds it (a file whose revision is already in
//   an older cache is copied, not downloaded again);
// message "outil" (enregistrer-sw.js, on a tool page): the tool part is added;
// activate: the caches of older versions of this site are deleted;
// fetch: a listed file is answered from the cache (whatever its query string:
//   a static host ignores it too), anything else goes to the network.

const REVISIONS = Object.assign({}, ...Object.values(PARTIES)); // PARTIES from the prelude
const SCOPE = self.registration.scope; // the site root, ends with "/"
const ROOT_PATH = new URL(SCOPE).pathname;
const CACHE_PREFIX = `bts-inscription ${SCOPE} `;
const CACHE = CACHE_PREFIX + VERSION;

// Cache key of a file: its URL plus its revision.
const isListed = (path) => Object.hasOwn(REVISIONS, path);
const cacheKey = (path) => new URL(`${path}?revision=${REVISIONS[path]}`, SCOPE).href;

// A page is fetched at its directory URL (some hosts redirect ".../index.html").
const fileUrl = (path) => new URL(path.replace(/(^|\/)index\.html$/, "$1"), SCOPE);

async function download(path) {
  const response = await fetch(fileUrl(path), { cache: "no-cache" });
  if (!response.ok) throw new Error(`${path} : HTTP ${response.status}`);
  if (!response.redirected) return response;
  // A redirected response may not answer a navigation: keep its content only.
  return new Response(await response.blob(), { status: response.status, headers: response.headers });
}

async function precache(files) {
  const cache = await caches.open(CACHE);
  const cached = new Set((await cache.keys()).map((request) => request.url)); // an interrupted install
  await Promise.all(Object.keys(files).map(async (path) => {
    if (cached.has(cacheKey(path))) return;
    const response = (await caches.match(cacheKey(path))) || (await download(path));
    await cache.put(cacheKey(path), response);
  }));
}

// Whether a cache of this site (an older version's) holds a file of the tool part.
async function toolPartKept() {
  for (const name of await caches.keys()) {
    if (!name.startsWith(CACHE_PREFIX)) continue;
    for (const request of await (await caches.open(name)).keys()) {
      if (Object.hasOwn(PARTIES.outil, new URL(request.url).pathname.slice(ROOT_PATH.length))) return true;
    }
  }
  return false;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    await precache(PARTIES.lecture);
    if (await toolPartKept()) await precache(PARTIES.outil);
    await self.skipWaiting(); // the open pages get the new files at their next load
  })());
});

self.addEventListener("message", (event) => {
  if (event.data?.type !== "outil") return;
  event.waitUntil(precache(PARTIES.outil));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin || !url.pathname.startsWith(ROOT_PATH)) return;
  let path = url.pathname.slice(ROOT_PATH.length);
  if (path === "" || path.endsWith("/")) path += "index.html";
  if (!isListed(path)) {
    // ".../pieces" without its final slash: the host would redirect, so do we.
    if (request.mode === "navigate" && isListed(`${path}/index.html`)) {
      event.respondWith(Response.redirect(new URL(`${url.pathname}/${url.search}`, url).href, 301));
    }
    return;
  }
  event.respondWith((async () => {
    const response = await (await caches.open(CACHE)).match(cacheKey(path));
    if (!response) return fetch(request);
    if (response.url === request.url) return response;
    // A worker's location is its response's URL: keep the request's, with its
    // query string (moteur.worker.mjs?regles=...), by answering a URL-less copy.
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
  })());
});
