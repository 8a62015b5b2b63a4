// The class tool's follow-up matrix: one row per candidate, one column per
// piece, filtered by piece and deadline, sortable, and its exports (CSV of the
// contract, XLSX for teachers; both written by the engine, of the rows shown or
// of the whole class). Rows in error are marked and carry their messages; each
// date has its year and where it stands from the reader's today, in the rules'
// words (calendrier.yaml `delai`). On a phone, each row is a card (outil.css).
import { campaignToday, readCampaign } from "./campagne.mjs";
import { deadlineFormula, deadlineState, deadlineText } from "./echeances.mjs";
import { download, element, setText } from "./page.mjs";

const table = document.getElementById("matrice");
const pieceFilter = document.getElementById("filtre-piece");
const echeanceFilter = document.getElementById("filtre-echeance");
const exportStatus = document.getElementById("statut-export");
const shownExports = document.getElementById("exports-affichees");

const IDENTITY_COLUMNS = [["ligne", "Ligne"], ["nom", "Nom"], ["prenom", "Prénom"], ["erreurs", "Erreurs"]];

// Rows are put on the page a batch at a time: a school's whole list (thousands of
// rows) never blocks the page for long, and the next batch is a button away.
const ROWS_PER_BATCH = 200;
const moreRows = document.getElementById("plus-de-lignes");

let matrix = null;
let engine = null;
let shown = [];
let onPage = 0;
let sort = { column: "ligne", direction: 1 };

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
const shortDate = dateFormat({ day: "numeric", month: "short", year: "numeric" });
const longDate = dateFormat({ day: "numeric", month: "long", year: "numeric" });

// Where each deadline stands from today ({etat, texte}), once per date.
function deadlineStates() {
  const campagne = readCampaign(document);
  const today = campaignToday(campagne);
  const states = new Map();
  return (iso) => {
    if (!states.has(iso)) states.set(iso, { etat: deadlineState(iso, today), texte: deadlineText(iso, today, campagne.delai) });
    return states.get(iso);
  };
}
let stateOf = null;

// `matrixEngine`: the page's engine (page.mjs pageEngine), which writes the exports.
export function showMatrix(answer, matrixEngine) {
  matrix = answer;
  engine = matrixEngine;
  stateOf = deadlineStates();
  cellModels = new Map();
  const { pieces } = matrix;
  pieceFilter.replaceChildren(new Option("Toutes les pièces", ""), ...pieces.map((p) => new Option(p.libelle, p.id)));
  const echeances = [...new Set(pieces.map((p) => p.echeance))].sort();
  echeanceFilter.replaceChildren(new Option("Toutes les dates", ""),
    ...echeances.map((e) => new Option(`${longDate(e)} (${stateOf(e).texte})`, e)));
  setText(exportStatus, "");
  renderMatrix();
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

// A class has thousands of cells but few different ones: each piece's cell, empty
// or for one date, is built once and copied (building each took most of the rendering).
let cellModels = new Map();
function cellModel(key, build) {
  if (!cellModels.has(key)) cellModels.set(key, build());
  return cellModels.get(key).cloneNode(true);
}

// A piece's cell: its date, with its year, and where it stands ([data-etat-echeance]:
// a_venir, aujourdhui, passee), or empty when the candidate does not need it.
function pieceCell(piece, iso) {
  if (!iso) return cellModel(piece.id, () => element("td", { "data-libelle": piece.libelle }));
  return cellModel(`${piece.id} ${iso}`, () => {
    const { etat, texte } = stateOf(iso);
    return element("td", { "data-piece": piece.id, "data-libelle": piece.libelle, "data-echeance": iso, "data-etat-echeance": etat },
      element("time", { datetime: iso, text: shortDate(iso) }), " ", element("span", { class: "bts-delai", text: texte }));
  });
}

function headerCell(column, label, { title = label, piece = null } = {}) {
  const ariaSort = sort.column === column ? (sort.direction === 1 ? "ascending" : "descending") : "none";
  const button = element("button", { type: "button", class: "bts-tri", "data-tri": column, title }, label);
  button.addEventListener("click", () => {
    sort = { column, direction: sort.column === column ? -sort.direction : 1 };
    renderMatrix();
    table.querySelector(`[data-tri="${CSS.escape(column)}"]`).focus();
  });
  const { etat, texte } = piece ? stateOf(piece.echeance) : {};
  return element("th", { scope: "col", "aria-sort": ariaSort, "data-colonne": column, ...(piece ? { "data-piece-colonne": "" } : {}) },
    button,
    piece ? element("span", { class: "bts-echeance-colonne", "data-etat-echeance": etat },
      element("time", { datetime: piece.echeance, text: shortDate(piece.echeance) }), " ",
      element("span", { class: "bts-delai", text: texte })) : null);
}

// The row's errors, written out: an icon and a word, not a colour only.
function errorCell(candidat) {
  if (!candidat.erreurs.length) return element("td", { "data-libelle": "Erreurs" });
  return element("td", { "data-libelle": "Erreurs", class: "bts-erreurs-ligne" },
    element("strong", {}, element("span", { "aria-hidden": "true", text: "⚠ " }), "À corriger :"),
    element("ul", {}, ...candidat.erreurs.map((e) => element("li", { "data-erreur": e.champ, text: `${e.colonne || e.champ} : ${e.message}` }))));
}

function row(candidat, pieces) {
  const rowError = candidat.erreurs.length > 0;
  return element("tr", { "data-ligne": String(candidat.ligne), ...(rowError ? { class: "bts-ligne-erreur", "data-en-erreur": "" } : {}) },
    element("td", { "data-libelle": "Ligne", text: String(candidat.ligne) }),
    element("th", { scope: "row", "data-libelle": "Nom", text: candidat.nom }),
    element("td", { "data-libelle": "Prénom", text: candidat.prenom }),
    errorCell(candidat),
    ...pieces.map((p) => pieceCell(p, candidat.pieces[p.id])));
}

const plural = (count, one, many) => (count > 1 ? many : one);

function renderMatrix() {
  const pieces = shownPieces();
  const filtered = Boolean(pieceFilter.value || echeanceFilter.value);
  shown = matrix.candidats.filter((c) => !filtered || pieces.some((p) => c.pieces[p.id]));
  shown.sort((a, b) => {
    const [x, y] = [sortValue(a, sort.column), sortValue(b, sort.column)];
    return (x < y ? -1 : x > y ? 1 : a.ligne - b.ligne) * sort.direction;
  });
  table.tHead.replaceChildren(element("tr", {},
    ...IDENTITY_COLUMNS.map(([column, label]) => headerCell(column, label)),
    ...pieces.map((p) => headerCell(p.id, p.libelle, { title: `${p.libelle} – ${deadlineFormula(matrix.formule, longDate(p.echeance))}`, piece: p }))));
  table.tBodies[0].replaceChildren();
  onPage = 0;
  addRows(pieces);
  table.tFoot.replaceChildren(element("tr", {},
    element("th", { scope: "row", colspan: "4", text: "Candidats concernés" }),
    ...pieces.map((p) => element("td", { "data-compte": p.id, "data-libelle": p.libelle,
      text: String(matrix.candidats.filter((c) => c.pieces[p.id]).length) }))));
  const total = matrix.candidats.length;
  const inError = shown.filter((c) => c.erreurs.length).length;
  setText(document.getElementById("compte-matrice"),
    `${shown.length} ${plural(shown.length, "candidat affiché", "candidats affichés")} sur ${total}`
    + (inError ? `, dont ${inError} ${plural(inError, "ligne", "lignes")} à corriger.` : "."));
  renderExportButtons(filtered);
}

function addRows(pieces = shownPieces()) {
  const batch = shown.slice(onPage, onPage + ROWS_PER_BATCH);
  table.tBodies[0].append(...batch.map((c) => row(c, pieces)));
  onPage += batch.length;
  const left = shown.length - onPage;
  moreRows.hidden = left === 0;
  setText(moreRows, `Montrer ${Math.min(left, ROWS_PER_BATCH)} ${plural(left, "ligne", "lignes")} de plus (${onPage} sur ${shown.length} à l'écran)`);
}

moreRows.addEventListener("click", () => {
  const first = onPage;
  addRows();
  table.tBodies[0].rows[first]?.querySelector("th")?.setAttribute("tabindex", "-1");
  table.tBodies[0].rows[first]?.querySelector("th")?.focus();
});

// The export buttons say what the file holds: the rows shown (when a filter
// leaves out some of them) or the whole class.
function renderExportButtons(filtered) {
  const count = shown.length;
  const total = matrix.candidats.length;
  shownExports.hidden = !filtered;
  const shownRows = `les ${count} ${plural(count, "ligne affichée", "lignes affichées")}`.replace(/^les 1 /, "la ");
  for (const button of document.querySelectorAll("[data-export]")) {
    const format = button.dataset.format.toUpperCase();
    setText(button, button.dataset.export === "affichees"
      ? `Exporter ${shownRows} (${format})`
      : `Exporter toute la classe, ${total} ${plural(total, "ligne", "lignes")} (${format})`);
    button.disabled = button.dataset.export === "affichees" && count === 0;
  }
}

const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function exportMatrix(button) {
  const { format, export: scope } = button.dataset;
  const rows = scope === "affichees" ? shown.map((c) => c.ligne) : null;
  const what = scope === "affichees"
    ? `${shown.length} ${plural(shown.length, "ligne affichée", "lignes affichées")} sur ${matrix.candidats.length}`
    : `toute la classe (${matrix.candidats.length} ${plural(matrix.candidats.length, "ligne", "lignes")})`;
  setText(exportStatus, "Préparation du fichier…");
  try {
    const answer = await engine.call("export", { format, lignes: rows });
    const name = `pieces-classe-edition-${matrix.edition}-${matrix.empreinte.slice(0, 12)}${scope === "affichees" ? "-lignes-affichees" : ""}.${format}`;
    download(fromBase64(answer.base64), answer.type, name);
    setText(exportStatus, `Fichier ${name} enregistré : ${what}.`);
    exportStatus.dataset.lignes = String(answer.lignes);
  } catch (error) {
    setText(exportStatus, `L'export n'a pas pu être préparé : ${error.message}`);
  }
}

pieceFilter.addEventListener("change", renderMatrix);
echeanceFilter.addEventListener("change", renderMatrix);
for (const button of document.querySelectorAll("[data-export]")) button.addEventListener("click", () => exportMatrix(button));
