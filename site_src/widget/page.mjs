// What the candidate and class tools' pages share: building DOM nodes,
// downloading a file, and booting the engine behind a progress bar.
import { demarrerMoteur } from "./moteur.mjs";

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

// The tools' scripts load with `async` from the page's head, next to
// <meta name="bts-moteur" data-regles data-pyodide>: the engine boots while the
// rest of the page is still being read. Wait for documentLu() before using it.
export const adressesDuMoteur = () => document.querySelector('meta[name="bts-moteur"]').dataset;

export function moteurDeLaPage() {
  const { regles, pyodide } = adressesDuMoteur();
  return demarrerMoteur(regles, pyodide);
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
