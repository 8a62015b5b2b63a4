// The class tool: reads a class file in the browser, has the engine (in its
// worker) check every row, then shows the follow-up matrix, the rows to fix,
// the CSV export and one printable checklist per candidate (classe-matrice.mjs,
// classe-impression.mjs).
import { showMatrix } from "./classe-matrice.mjs";
import { showPrintout } from "./classe-impression.mjs";
import { documentReady, element, pageEngine, setText, showEngineLoading } from "./page.mjs";

const engine = pageEngine();
await documentReady();

const classeStatus = document.getElementById("statut-classe");
const progressBar = document.getElementById("avancement");
const resultZone = document.getElementById("resultat-classe");
const MAX_FILE_SIZE = 20_000_000;

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
  renderErrors();
  showMatrix(matrix);
  showPrintout(matrix);
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
