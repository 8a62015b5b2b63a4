// What the candidate and class tools' pages share: building DOM nodes,
// downloading a file, and booting the engine behind a progress bar.
import { reprendreMoteur } from "./moteur.mjs";

export function element(nom, attributs = {}, ...enfants) {
  const noeud = document.createElement(nom);
  for (const [cle, valeur] of Object.entries(attributs)) {
    if (cle === "texte") noeud.textContent = valeur;
    else noeud.setAttribute(cle, valeur);
  }
  noeud.append(...enfants.filter((e) => e !== null && e !== undefined));
  return noeud;
}

export function telecharger(contenu, type, nom) {
  const lien = element("a", { href: URL.createObjectURL(new Blob([contenu], { type })), download: nom });
  document.body.append(lien);
  lien.click();
  lien.remove();
}

// A tool's page starts its engine from an inline script at the top of its head
// (overrides/partials/moteur.html), before the page's styles are even read, so
// that Pyodide downloads and boots while the page renders. The tool's script,
// loaded with `async` from the head too, takes the worker over; it waits for
// documentLu() before using the page.
export const adressesDuMoteur = () => document.querySelector('meta[name="bts-moteur"]').dataset;

export function moteurDeLaPage() {
  const { worker, recus } = window.btsMoteurDemarre;
  return reprendreMoteur(worker, recus);
}

export function documentLu() {
  if (document.readyState !== "loading") return Promise.resolve();
  return new Promise((resoudre) => document.addEventListener("DOMContentLoaded", resoudre, { once: true }));
}

// Shows the engine's boot in #progression and #statut.
export function afficherLeChargement(moteur, { messagePret, surPret = () => {}, surEchec = () => {} }) {
  const statut = document.getElementById("statut");
  const barre = document.getElementById("progression");
  moteur.suivre({
    surProgression(pourcent, etape) {
      barre.value = pourcent;
      statut.textContent = etape;
      if (pourcent >= 100) {
        document.getElementById("chargement").classList.add("bts-charge");
        statut.textContent = messagePret;
        surPret();
      }
    },
    surEchec(message) {
      statut.textContent = `Le calcul ne peut pas démarrer dans ce navigateur (${message}).`;
      surEchec(message);
    },
  });
}
