// The class tool: reads a class file in the browser, has the engine (in its
// worker) check every row, then shows the follow-up matrix, the rows to fix,
// the CSV export and one printable checklist per candidate.
import { deadlineFormula } from "./echeances.mjs";
import { documentReady, download, element, pageEngine, setText, showEngineLoading } from "./page.mjs";

const engine = pageEngine();
await documentReady();

const classeStatus = document.getElementById("statut-classe");
const progressBar = document.getElementById("avancement");
const resultZone = document.getElementById("resultat-classe");
const table = document.getElementById("matrice");
const pieceFilter = document.getElementById("filtre-piece");
const echeanceFilter = document.getElementById("filtre-echeance");
const MAX_FILE_SIZE = 20_000_000;

let matrix = null;
let sort = { column: "ligne", direction: 1 };
let engineReady = false;

showEngineLoading(engine, {
  readyMessage: "Moteur prêt : ouvrez le fichier de la classe.",
  onReady: () => { engineReady = true; },
});

// A class has thousands of cells but only a few deadlines: each date is
// formatted once (building a formatter per cell took most of the rendering).
function dateFormat(options) {
  const format = new Intl.DateTimeFormat("fr-FR", options);
  const formatted = new Map();
  return (iso) => {
    if (!formatted.has(iso)) formatted.set(iso, format.format(new Date(`${iso}T12:00:00`)));
    return formatted.get(iso);
  };
}
const shortDate = dateFormat({ day: "numeric", month: "short" });
const longDate = dateFormat({ day: "numeric", month: "long", year: "numeric" });

document.getElementById("fichier-classe").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  event.target.value = "";  // the same file, corrected, can be opened again
  if (!file) return;
  if (file.size > MAX_FILE_SIZE) {
    setText(classeStatus, "Ce fichier est trop gros pour une liste de classe.");
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const xlsx = bytes[0] === 0x50 && bytes[1] === 0x4b;
  setText(classeStatus, engineReady ? "Traitement du fichier…" : "Traitement du fichier dès que le moteur sera prêt…");
  resultZone.dataset.etat = "calcul";
  progressBar.value = 0;
  try {
    const answer = await engine.call("lot", { nom: file.name, octets: bytes, xlsx },
      (part) => { progressBar.value = Math.round(part * 100); });
    if (answer.erreur_fichier) {
      matrix = null;
      resultZone.hidden = true;
      resultZone.dataset.etat = "erreur";
      setText(classeStatus, `${file.name} : ${answer.erreur_fichier}`);
      classeStatus.setAttribute("data-erreur-fichier", "");
      return;
    }
    classeStatus.removeAttribute("data-erreur-fichier");
    matrix = answer;
    progressBar.value = 100;
    render();
    const toFix = matrix.candidats.filter((c) => c.erreurs.length).length;
    setText(classeStatus, `${file.name} : ${matrix.candidats.length} candidat(s) traité(s), ${toFix} ligne(s) à corriger.`);
    resultZone.dataset.etat = "pret";
  } catch (error) {
    resultZone.dataset.etat = "erreur";
    setText(classeStatus, `Le fichier n'a pas pu être traité : ${error.message}`);
  }
});

function render() {
  resultZone.hidden = false;
  const { pieces } = matrix;
  pieceFilter.replaceChildren(new Option("Toutes les pièces", ""), ...pieces.map((p) => new Option(p.libelle, p.id)));
  const echeances = [...new Set(pieces.map((p) => p.echeance))].sort();
  echeanceFilter.replaceChildren(new Option("Toutes les dates", ""), ...echeances.map((e) => new Option(longDate(e), e)));
  renderErrors();
  renderMatrix();
  renderPrintout();
  document.getElementById("tampon-classe").textContent =
    `Calculé avec l'édition ${matrix.edition} des règles (empreinte ${matrix.empreinte.slice(0, 12)}).`;
}

function renderErrors() {
  const items = [];
  for (const candidat of matrix.candidats) {
    for (const error of candidat.erreurs) {
      items.push(element("li", { "data-ligne": String(candidat.ligne), "data-erreur": error.champ },
        `Ligne ${candidat.ligne} (${[candidat.prenom, candidat.nom].filter(Boolean).join(" ") || "sans nom"}) – ${error.champ} : ${error.message}`));
    }
  }
  document.getElementById("erreurs-classe").replaceChildren(
    items.length ? element("ul", { class: "bts-erreurs-classe" }, ...items) : element("p", { text: "Aucune ligne à corriger." }));
}

function shownPieces() {
  return matrix.pieces.filter((p) => (!pieceFilter.value || p.id === pieceFilter.value)
    && (!echeanceFilter.value || p.echeance === echeanceFilter.value));
}

function sortValue(candidat, column) {
  if (column === "ligne") return candidat.ligne;
  if (column === "nom" || column === "prenom") return candidat[column].toLocaleLowerCase("fr");
  if (column === "erreurs") return candidat.erreurs.length;
  return candidat.pieces[column] || "9999";
}

function renderMatrix() {
  const pieces = shownPieces();
  const candidats = matrix.candidats.filter((c) => pieces.some((p) => c.pieces[p.id]) || (!pieceFilter.value && !echeanceFilter.value));
  candidats.sort((a, b) => {
    const [x, y] = [sortValue(a, sort.column), sortValue(b, sort.column)];
    return (x < y ? -1 : x > y ? 1 : a.ligne - b.ligne) * sort.direction;
  });
  const header = (column, label, title) => {
    const ariaSort = sort.column === column ? (sort.direction === 1 ? "ascending" : "descending") : "none";
    const button = element("button", { type: "button", class: "bts-tri", "data-tri": column, title: title || label }, label);
    button.addEventListener("click", () => {
      sort = { column, direction: sort.column === column ? -sort.direction : 1 };
      renderMatrix();
      table.querySelector(`[data-tri="${CSS.escape(column)}"]`).focus();
    });
    return element("th", { scope: "col", "aria-sort": ariaSort, "data-colonne": column }, button);
  };
  table.tHead.replaceChildren(element("tr", {},
    header("ligne", "Ligne"), header("nom", "Nom"), header("prenom", "Prénom"), header("erreurs", "Erreurs"),
    ...pieces.map((p) => header(p.id, p.libelle, `${p.libelle} – ${deadlineFormula(matrix.formule, longDate(p.echeance))}`))));
  const rows = candidats.map((c) => element("tr", { "data-ligne": String(c.ligne) },
    element("td", { text: String(c.ligne) }), element("th", { scope: "row", text: c.nom }), element("td", { text: c.prenom }),
    element("td", { text: c.erreurs.length ? String(c.erreurs.length) : "" }),
    ...pieces.map((p) => element("td", c.pieces[p.id] ? { "data-piece": p.id, "data-echeance": c.pieces[p.id], text: shortDate(c.pieces[p.id]) } : { text: "" }))));
  table.tBodies[0].replaceChildren(...rows);
  table.tFoot.replaceChildren(element("tr", {},
    element("th", { scope: "row", colspan: "4", text: "Candidats concernés" }),
    ...pieces.map((p) => element("td", { "data-compte": p.id, text: String(matrix.candidats.filter((c) => c.pieces[p.id]).length) }))));
  setText(document.getElementById("compte-matrice"), `${candidats.length} candidat(s) affiché(s) sur ${matrix.candidats.length}.`);
}

// One printable checklist per candidate: the engine's sheets (printing.py), the
// same as the command line prints.
function renderPrintout() {
  const pages = matrix.impression.map((sheet) => element("article", { class: "bts-candidat", "data-ligne": String(sheet.ligne) },
    element("h2", { text: sheet.titre }),
    element("p", { class: "bts-tampon", text: sheet.tampon }),
    sheet.erreurs.length ? element("ul", { class: "bts-erreur" }, ...sheet.erreurs.map((text) => element("li", { text }))) : null,
    ...sheet.groupes.flatMap((group) => [
      element("h3", { text: group.titre }),
      element("ul", {}, ...group.pieces.map((p) => element("li", { "data-piece": p.id },
        element("strong", { text: `☐ ${p.libelle}` }), element("br"), element("span", { class: "bts-motif", text: p.motif })))),
    ])));
  document.getElementById("impression-classe").replaceChildren(...pages);
}

pieceFilter.addEventListener("change", renderMatrix);
echeanceFilter.addEventListener("change", renderMatrix);

document.getElementById("bouton-export").addEventListener("click", () => {
  download(matrix.csv, "text/csv;charset=utf-8", `pieces-classe-edition-${matrix.edition}-${matrix.empreinte.slice(0, 12)}.csv`);
});

document.getElementById("bouton-imprimer-classe").addEventListener("click", () => window.print());
