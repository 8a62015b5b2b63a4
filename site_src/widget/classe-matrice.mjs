// The class tool's follow-up matrix: one row per candidate, one column per
// piece, filtered by piece and deadline, sortable, and its export.
import { deadlineFormula } from "./echeances.mjs";
import { download, element, setText } from "./page.mjs";

const table = document.getElementById("matrice");
const pieceFilter = document.getElementById("filtre-piece");
const echeanceFilter = document.getElementById("filtre-echeance");

let matrix = null;
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
const shortDate = dateFormat({ day: "numeric", month: "short" });
const longDate = dateFormat({ day: "numeric", month: "long", year: "numeric" });

export function showMatrix(answer) {
  matrix = answer;
  const { pieces } = matrix;
  pieceFilter.replaceChildren(new Option("Toutes les pièces", ""), ...pieces.map((p) => new Option(p.libelle, p.id)));
  const echeances = [...new Set(pieces.map((p) => p.echeance))].sort();
  echeanceFilter.replaceChildren(new Option("Toutes les dates", ""), ...echeances.map((e) => new Option(longDate(e), e)));
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

pieceFilter.addEventListener("change", renderMatrix);
echeanceFilter.addEventListener("change", renderMatrix);

document.getElementById("bouton-export").addEventListener("click", () => {
  download(matrix.csv, "text/csv;charset=utf-8", `pieces-classe-edition-${matrix.edition}-${matrix.empreinte.slice(0, 12)}.csv`);
});
