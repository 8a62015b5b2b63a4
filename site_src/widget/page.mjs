// What the candidate and class tools' pages share: building DOM nodes,
// downloading a file, and booting the engine behind a progress bar.
import { takeOverEngine } from "./moteur.mjs";
import { frenchSpacing } from "./typography.mjs";

// Attributes the reader reads, spaced like the text.
const TEXT_ATTRIBUTES = new Set(["title", "aria-label", "alt", "placeholder"]);

// A DOM element; the attribute `text` is its text content. Its texts follow
// French typography (typography.mjs), the engine's messages included.
export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = frenchSpacing(value);
    else node.setAttribute(name, TEXT_ATTRIBUTES.has(name) ? frenchSpacing(value) : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined).map(frenchSpacing));
  return node;
}

// "0 pièce", "1 pièce", "3 pièces": French puts 0 and 1 in the singular.
export const plural = (count, word, words = `${word}s`) => `${count} ${count > 1 ? words : word}`;

// A node's text, with French typography (typography.mjs).
export function setText(node, text) {
  node.textContent = frenchSpacing(text);
}

// Shown unless inside a hidden part of the page.
export const isShown = (node) => !node.closest("[hidden]");

export function download(content, type, fileName) {
  const link = element("a", { href: URL.createObjectURL(new Blob([content], { type })), download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
}

// A tool's page starts its engine from an inline script at the top of its head
// (overrides/partials/moteur.html), before the page's styles are even read, so
// that Pyodide downloads and boots while the page renders. The tool's script,
// loaded with `async` from the head too, takes the worker over; it waits for
// documentReady() before using the page.

// The engine's settings, as the page's <meta name="bts-moteur"> declares them:
// {worker, regles, pyodide}, URLs relative to the page.
export const engineSettings = () => document.querySelector('meta[name="bts-moteur"]').dataset;

// The engine the page's head started (window.btsMoteurDemarre: {worker, recus, demarrage}).
export function pageEngine() {
  const { worker, recus } = window.btsMoteurDemarre;
  return takeOverEngine(worker, recus);
}

export function documentReady() {
  if (document.readyState !== "loading") return Promise.resolve();
  return new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
}

// Shows the engine's boot in #progression and #statut.
export function showEngineLoading(engine, { readyMessage, onReady = () => {}, onFailure = () => {} }) {
  const status = document.getElementById("statut");
  const bar = document.getElementById("progression");
  engine.follow({
    onProgress(percent, step) {
      bar.value = percent;
      status.textContent = frenchSpacing(step);
      if (percent >= 100) {
        document.getElementById("chargement").classList.add("bts-charge");
        status.textContent = frenchSpacing(readyMessage);
        onReady();
      }
    },
    onFailure(message) {
      status.textContent = frenchSpacing(`Le calcul ne peut pas démarrer dans ce navigateur (${message}).`);
      onFailure(message);
    },
  });
}
