// The class tool: reads a class file in the browser, has the engine (in its
// worker) check every row, then shows the follow-up matrix, the rows to fix,
// the CSV export and one printable checklist per candidate.
import { afficherLeChargement, documentLu, element, moteurDeLaPage, telecharger } from "./page.mjs";

const moteur = moteurDeLaPage();
await documentLu();

const statutClasse = document.getElementById("statut-classe");
const avancement = document.getElementById("avancement");
const resultatZone = document.getElementById("resultat-classe");
const tableau = document.getElementById("matrice");
const filtrePiece = document.getElementById("filtre-piece");
const filtreEcheance = document.getElementById("filtre-echeance");
const TAILLE_MAX = 20_000_000;

let matrice = null;
let tri = { colonne: "ligne", sens: 1 };
let moteurPret = false;

afficherLeChargement(moteur, {
  messagePret: "Moteur prêt : ouvrez le fichier de la classe.",
  surPret: () => { moteurPret = true; },
});

// A class has thousands of cells but only a few deadlines: each date is
// formatted once (building a formatter per cell took most of the rendering).
function formatDeDate(options) {
  const format = new Intl.DateTimeFormat("fr-FR", options);
  const deja = new Map();
  return (iso) => {
    if (!deja.has(iso)) deja.set(iso, format.format(new Date(`${iso}T12:00:00`)));
    return deja.get(iso);
  };
}
const dateCourte = formatDeDate({ day: "numeric", month: "short" });
const dateLongue = formatDeDate({ day: "numeric", month: "long", year: "numeric" });

document.getElementById("fichier-classe").addEventListener("change", async (evenement) => {
  const fichier = evenement.target.files[0];
  evenement.target.value = "";  // the same file, corrected, can be opened again
  if (!fichier) return;
  if (fichier.size > TAILLE_MAX) {
    statutClasse.textContent = "Ce fichier est trop gros pour une liste de classe.";
    return;
  }
  const octets = new Uint8Array(await fichier.arrayBuffer());
  const xlsx = octets[0] === 0x50 && octets[1] === 0x4b;
  statutClasse.textContent = moteurPret ? "Traitement du fichier…" : "Traitement du fichier dès que le moteur sera prêt…";
  resultatZone.dataset.etat = "calcul";
  avancement.value = 0;
  try {
    const reponse = await moteur.appeler("lot", { nom: fichier.name, octets, xlsx },
      (part) => { avancement.value = Math.round(part * 100); });
    if (reponse.erreur_fichier) {
      matrice = null;
      resultatZone.hidden = true;
      resultatZone.dataset.etat = "erreur";
      statutClasse.textContent = `${fichier.name} : ${reponse.erreur_fichier}`;
      statutClasse.setAttribute("data-erreur-fichier", "");
      return;
    }
    statutClasse.removeAttribute("data-erreur-fichier");
    matrice = reponse;
    avancement.value = 100;
    afficher();
    const aCorriger = matrice.candidats.filter((c) => c.erreurs.length).length;
    statutClasse.textContent = `${fichier.name} : ${matrice.candidats.length} candidat(s) traité(s), ${aCorriger} ligne(s) à corriger.`;
    resultatZone.dataset.etat = "pret";
  } catch (erreur) {
    resultatZone.dataset.etat = "erreur";
    statutClasse.textContent = `Le fichier n'a pas pu être traité : ${erreur.message}`;
  }
});

function afficher() {
  resultatZone.hidden = false;
  const pieces = matrice.pieces;
  filtrePiece.replaceChildren(new Option("Toutes les pièces", ""), ...pieces.map((p) => new Option(p.libelle, p.id)));
  const echeances = [...new Set(pieces.map((p) => p.echeance))].sort();
  filtreEcheance.replaceChildren(new Option("Toutes les dates", ""), ...echeances.map((e) => new Option(dateLongue(e), e)));
  afficherErreurs();
  afficherMatrice();
  afficherImpression();
  document.getElementById("tampon-classe").textContent =
    `Calculé avec l'édition ${matrice.edition} des règles (empreinte ${matrice.empreinte.slice(0, 12)}).`;
}

function afficherErreurs() {
  const lignes = [];
  for (const candidat of matrice.candidats) {
    for (const erreur of candidat.erreurs) {
      lignes.push(element("li", { "data-ligne": String(candidat.ligne), "data-erreur": erreur.champ },
        `Ligne ${candidat.ligne} (${[candidat.prenom, candidat.nom].filter(Boolean).join(" ") || "sans nom"}) – ${erreur.champ} : ${erreur.message}`));
    }
  }
  document.getElementById("erreurs-classe").replaceChildren(
    lignes.length ? element("ul", { class: "bts-erreurs-classe" }, ...lignes) : element("p", { texte: "Aucune ligne à corriger." }));
}

function piecesVisibles() {
  return matrice.pieces.filter((p) => (!filtrePiece.value || p.id === filtrePiece.value)
    && (!filtreEcheance.value || p.echeance === filtreEcheance.value));
}

function valeurTri(candidat, colonne) {
  if (colonne === "ligne") return candidat.ligne;
  if (colonne === "nom" || colonne === "prenom") return candidat[colonne].toLocaleLowerCase("fr");
  if (colonne === "erreurs") return candidat.erreurs.length;
  return candidat.pieces[colonne] || "9999";
}

function afficherMatrice() {
  const pieces = piecesVisibles();
  const candidats = matrice.candidats.filter((c) => pieces.some((p) => c.pieces[p.id]) || (!filtrePiece.value && !filtreEcheance.value));
  candidats.sort((a, b) => {
    const [x, y] = [valeurTri(a, tri.colonne), valeurTri(b, tri.colonne)];
    return (x < y ? -1 : x > y ? 1 : a.ligne - b.ligne) * tri.sens;
  });
  const entete = (colonne, libelle, titre) => {
    const sens = tri.colonne === colonne ? (tri.sens === 1 ? "ascending" : "descending") : "none";
    const bouton = element("button", { type: "button", class: "bts-tri", "data-tri": colonne, title: titre || libelle }, libelle);
    bouton.addEventListener("click", () => {
      tri = { colonne, sens: tri.colonne === colonne ? -tri.sens : 1 };
      afficherMatrice();
      tableau.querySelector(`[data-tri="${CSS.escape(colonne)}"]`).focus();
    });
    return element("th", { scope: "col", "aria-sort": sens, "data-colonne": colonne }, bouton);
  };
  tableau.tHead.replaceChildren(element("tr", {},
    entete("ligne", "Ligne"), entete("nom", "Nom"), entete("prenom", "Prénom"), entete("erreurs", "Erreurs"),
    ...pieces.map((p) => entete(p.id, p.libelle, `${p.libelle} – au plus tard le ${dateLongue(p.echeance)}`))));
  const corps = candidats.map((c) => element("tr", { "data-ligne": String(c.ligne) },
    element("td", { texte: String(c.ligne) }), element("th", { scope: "row", texte: c.nom }), element("td", { texte: c.prenom }),
    element("td", { texte: c.erreurs.length ? String(c.erreurs.length) : "" }),
    ...pieces.map((p) => element("td", c.pieces[p.id] ? { "data-piece": p.id, "data-echeance": c.pieces[p.id], texte: dateCourte(c.pieces[p.id]) } : { texte: "" }))));
  tableau.tBodies[0].replaceChildren(...corps);
  tableau.tFoot.replaceChildren(element("tr", {},
    element("th", { scope: "row", colspan: "4", texte: "Candidats concernés" }),
    ...pieces.map((p) => element("td", { "data-compte": p.id, texte: String(matrice.candidats.filter((c) => c.pieces[p.id]).length) }))));
  document.getElementById("compte-matrice").textContent = `${candidats.length} candidat(s) affiché(s) sur ${matrice.candidats.length}.`;
}

function afficherImpression() {
  const libelles = Object.fromEntries(matrice.pieces.map((p) => [p.id, p.libelle]));
  const pages = matrice.candidats.map((c) => {
    const groupes = new Map();
    for (const piece of c.checklist) {
      if (!groupes.has(piece.echeance)) groupes.set(piece.echeance, []);
      groupes.get(piece.echeance).push(piece);
    }
    return element("article", { class: "bts-candidat", "data-ligne": String(c.ligne) },
      element("h2", { texte: [c.prenom, c.nom].filter(Boolean).join(" ") || `Ligne ${c.ligne}` }),
      element("p", { class: "bts-tampon", texte: `Édition ${matrice.edition} des règles, empreinte ${matrice.empreinte.slice(0, 12)} · ligne ${c.ligne} du fichier` }),
      c.erreurs.length ? element("ul", { class: "bts-erreur" }, ...c.erreurs.map((e) => element("li", { texte: `${e.champ} : ${e.message}` }))) : null,
      ...[...groupes].flatMap(([echeance, pieces]) => [
        element("h3", { texte: `À déposer sur CYCLADES au plus tard le ${dateLongue(echeance)}` }),
        element("ul", {}, ...pieces.map((p) => element("li", { "data-piece": p.id },
          element("strong", { texte: `☐ ${libelles[p.id]}` }), element("br"), element("span", { class: "bts-motif", texte: p.motif })))),
      ]));
  });
  document.getElementById("impression-classe").replaceChildren(...pages);
}

filtrePiece.addEventListener("change", afficherMatrice);
filtreEcheance.addEventListener("change", afficherMatrice);

document.getElementById("bouton-export").addEventListener("click", () => {
  telecharger(matrice.csv, "text/csv;charset=utf-8", `pieces-classe-edition-${matrice.edition}-${matrice.empreinte.slice(0, 12)}.csv`);
});

document.getElementById("bouton-imprimer-classe").addEventListener("click", () => window.print());
