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

// Boots the engine of the page's edition (data-regles, data-pyodide on
// `racine`), showing progress in #progression and #statut.
export function moteurDeLaPage(racine, { messagePret, surPret = () => {}, surEchec = () => {} }) {
  const statut = document.getElementById("statut");
  const barre = document.getElementById("progression");
  return demarrerMoteur(racine.dataset.regles, racine.dataset.pyodide, {
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
