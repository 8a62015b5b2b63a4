// The class tool: reads a class file in the browser, has the engine (in its
// worker) check every row, then shows the follow-up matrix, the rows to fix,
// the CSV export and one printable checklist per candidate (classe-matrice.mjs,
// classe-impression.mjs).
import { showMatrix } from "./classe-matrice.mjs";
import { showPrintout } from "./classe-impression.mjs";
import { documentReady, element, pageEngine, plural, setText, showEngineLoading } from "./page.mjs";

const engine = pageEngine();
await documentReady();

const classeStatus = document.getElementById("statut-classe");
const progressBar = document.getElementById("avancement");
const resultZone = document.getElementById("resultat-classe");
// The bounds of a class file (bts_inscription/limites.py), from the page's data.
const { limites } = JSON.parse(document.getElementById("classe-donnees").textContent);
const megabytes = (bytes) => `${Math.floor(bytes / 1_000_000)} Mo`;

let matrix = null;
let engineReady = false;

showEngineLoading(engine, {
  readyMessage: "Moteur prêt : ouvrez le fichier de la classe.",
  onReady: () => { engineReady = true; },
});

document.getElementById("fichier-classe").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  event.target.value = "";  // the same file, corrected, can be opened again
  if (!file) return;
  if (file.size > limites.octets_fichier) {
    showFileRefused(file.name, `ce fichier fait ${megabytes(file.size)}, plus que les ${megabytes(limites.octets_fichier)} permis pour une liste de classe.`);
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const xlsx = bytes[0] === 0x50 && bytes[1] === 0x4b;
  showStatus(engineReady ? "Traitement du fichier…" : "Traitement du fichier dès que le moteur sera prêt…");
  resultZone.dataset.etat = "calcul";
  progressBar.value = 0;
  try {
    const answer = await engine.call("lot", { nom: file.name, octets: bytes, xlsx },
      (part) => { progressBar.value = Math.round(part * 100); });
    if (answer.erreur_fichier) {
      showFileRefused(file.name, answer.erreur_fichier);
      return;
    }
    matrix = withWholeSheets(answer);
    progressBar.value = 100;
    render();
    const toFix = matrix.candidats.filter((c) => c.erreurs.length).length;
    const treated = plural(matrix.candidats.length, "candidat traité", "candidats traités");
    showStatus(`${file.name} : ${treated}, ${plural(toFix, "ligne")} à corriger.`);
    resultZone.dataset.etat = "pret";
  } catch (error) {
    showError(`Le fichier n'a pas pu être traité : ${error.message}`);
  }
});

// The engine sends what a sheet says of its profile once per distinct profile
// (bridge.compact_sheets): each sheet gets it back here, shared, not copied.
function withWholeSheets(answer) {
  const models = answer.modeles_impression;
  return { ...answer, impression: answer.impression.map((sheet) => ({ ...sheet, ...models[sheet.modele] })) };
}

function showStatus(text) {
  classeStatus.removeAttribute("data-erreur-fichier");
  classeStatus.classList.remove("bts-message-erreur");
  setText(classeStatus, text);
}

// A file the tool cannot use, or an engine failure: said in the status (a polite
// live region, so it is announced), styled and worded as an error, the previous
// result hidden.
function showFileRefused(name, reason) {
  showError(`Fichier refusé – ${name} : ${reason}`);
}

function showError(text) {
  matrix = null;
  resultZone.hidden = true;
  resultZone.dataset.etat = "erreur";
  classeStatus.setAttribute("data-erreur-fichier", "");
  classeStatus.classList.add("bts-message-erreur");
  setText(classeStatus, text);
}

function render() {
  resultZone.hidden = false;
  renderErrors();
  showMatrix(matrix, engine);
  showPrintout(matrix);
  document.getElementById("tampon-classe").textContent =
    `Calculé avec l'édition ${matrix.edition} des règles (empreinte ${matrix.empreinte.slice(0, 12)}).`;
}

// Listed one by one up to this many: the table and the exports hold them all.
const ERRORS_LISTED = 200;

function renderErrors() {
  const items = [];
  let count = 0;
  for (const candidat of matrix.candidats) {
    for (const error of candidat.erreurs) {
      if (count++ >= ERRORS_LISTED) continue;
      items.push(element("li", { "data-ligne": String(candidat.ligne), "data-erreur": error.champ },
        `Ligne ${candidat.ligne} (${[candidat.prenom, candidat.nom].filter(Boolean).join(" ") || "sans nom"}) – ${error.colonne} : ${error.message}`));
    }
  }
  const others = count - items.length;
  document.getElementById("erreurs-classe").replaceChildren(
    items.length ? element("ul", { class: "bts-erreurs-classe" }, ...items) : element("p", { text: "Aucune ligne à corriger." }),
    others ? element("p", { text: `… et ${plural(others, "autre erreur", "autres erreurs")}, dans le tableau de suivi et ses exports.` }) : "");
  // What the import set aside: columns it does not know, the template's example row.
  document.getElementById("remarques-classe").replaceChildren(...(matrix.remarques.length
    ? [element("ul", {}, ...matrix.remarques.map((text) => element("li", { text })))] : []));
}
