// The class tool's printout: one sheet per candidate, the engine's (printing.py,
// the sheets the command line prints), with the class and establishment typed
// on the page, the print date, and a QR code that opens the candidate tool on
// the candidate's answers. A row in error is printed only when the teacher asks
// for it, with its mention (« LISTE INCOMPLÈTE – à corriger », from the rules).
//
// The QR codes are made by the engine (segno) after the sheets are shown, one
// per distinct link and kept for the page's life: a class has few distinct
// profiles, and the import never waits for them.
import { shareLink } from "./answers.mjs";
import { element, plural, setText } from "./page.mjs";
import { printDateText } from "./recap.mjs";

// The class and establishment stay in this tab (sessionStorage): never on the device, never sent.
const TAB_KEY = "bts-inscription:classe-impression";
const TEXT_FIELDS = { classe: "impression-nom-classe", etablissement: "impression-etablissement" };
const TEXT_LABELS = { classe: "Classe", etablissement: "Établissement" };
// Links per engine call: a class file opened meanwhile waits for one batch at most.
const QR_BATCH = 8;
const QR_ALT = "Code QR : ouvre l'outil candidat sur les réponses de cette liste";
const QR_CAPTION = "Scannez ce code pour retrouver ces réponses dans l'outil candidat.";

// The candidate tool, whose link fragment carries a profile (answers.mjs shareLink).
const toolUrl = new URL("../", window.location.href).href;
const codes = new Map();  // link -> QR code (SVG data URI)

const container = document.getElementById("impression-classe");
const withErrorsBox = document.getElementById("impression-a-corriger");
const printStatus = document.getElementById("statut-impression");
const printButton = document.getElementById("bouton-imprimer-classe");

let current = null;  // {matrix, engine, shown: [sheet], codesReady: Promise}
let generation = 0;

function readTab() {
  try {
    return JSON.parse(window.sessionStorage.getItem(TAB_KEY)) || {};
  } catch {
    return {};
  }
}

function keepInTab() {
  const values = Object.fromEntries(Object.entries(TEXT_FIELDS).map(([key, id]) => [key, document.getElementById(id).value]));
  try {
    window.sessionStorage.setItem(TAB_KEY, JSON.stringify(values));
  } catch {
    // Storage refused (private mode, quota): the fields still print.
  }
}

const classText = () => Object.entries(TEXT_FIELDS)
  .map(([key, id]) => [TEXT_LABELS[key], document.getElementById(id).value.trim()])
  .filter(([, value]) => value).map(([label, value]) => `${label} : ${value}`).join(" · ");

function recapNode(lines) {
  return element("div", { class: "bts-recapitulatif" },
    element("p", { class: "bts-recapitulatif-titre", text: "Liste calculée pour ces réponses :" }),
    element("dl", { class: "bts-recapitulatif-reponses" }, ...lines.map((line) => element("div", { "data-recap-champ": line.champ },
      element("dt", { text: line.libelle }), element("dd", { text: line.texte })))));
}

function sheetNode(sheet, link, recap, today) {
  const qr = element("figure", { class: "bts-code-qr", hidden: "" },
    element("img", { alt: QR_ALT, "data-lien": link }),
    element("figcaption", { text: QR_CAPTION }));
  const klass = classText();
  return element("article", { class: "bts-candidat", "data-ligne": String(sheet.ligne), ...(sheet.a_corriger ? { "data-a-corriger": "" } : {}) },
    element("div", { class: "bts-candidat-entete" },
      element("div", { class: "bts-candidat-pour" },
        sheet.mention ? element("p", { class: "bts-mention", text: sheet.mention }) : null,
        element("h2", { text: sheet.titre }),
        element("p", { class: "bts-candidat-classe", text: klass, ...(klass ? {} : { hidden: "" }) }),
        recap.cloneNode(true)),
      qr),
    ...sheet.groupes.flatMap((group) => [
      element("h3", { text: group.titre }),
      element("ul", {}, ...group.pieces.map((p) => element("li", { "data-piece": p.id },
        element("strong", { text: `☐ ${p.libelle}` }), element("br"), element("span", { class: "bts-motif", text: p.motif })))),
    ]),
    element("p", { class: "bts-tampon" },
      element("span", { class: "bts-date-impression", text: today }), " · ", sheet.tampon));
}

function showCode(link) {
  for (const img of container.querySelectorAll("img[data-lien]")) {
    if (img.dataset.lien !== link) continue;
    img.src = codes.get(link);
    img.closest("figure").hidden = false;
  }
}

// The QR codes the shown sheets still lack, a few links per engine call.
async function makeCodes(state, token) {
  const missing = [...new Set(state.links)].filter((link) => !codes.has(link));
  for (let start = 0; start < missing.length; start += QR_BATCH) {
    const links = missing.slice(start, start + QR_BATCH);
    const answer = await state.engine.call("codes_qr", { liens: links });
    links.forEach((link, index) => codes.set(link, answer.codes[index]));
    if (token !== generation) return;
    links.forEach(showCode);
  }
  for (const link of new Set(state.links)) showCode(link);
}

function statusText(state) {
  const set = state.matrix.impression.length - state.shown.length;
  const parts = [state.shown.length ? `${plural(state.shown.length, "liste")} à imprimer` : "Aucune liste à imprimer"];
  if (set) parts.push(`${plural(set, "ligne")} à corriger sans liste (cochez la case ci-dessus pour ${set > 1 ? "les imprimer" : "l'imprimer"})`);
  return `${parts.join(" ; ")}.`;
}

function render() {
  if (!current) return;
  generation += 1;
  const token = generation;
  const { matrix } = current;
  const today = printDateText(new Date());
  const shown = matrix.impression.filter((sheet) => withErrorsBox.checked || !sheet.a_corriger);
  const recaps = new Map();  // one recap per distinct profile, cloned onto its sheets
  const links = [];
  const pages = shown.map((sheet) => {
    const link = shareLink(toolUrl, sheet.profil);
    links.push(link);
    if (!recaps.has(link)) recaps.set(link, recapNode(sheet.recapitulatif));
    return sheetNode(sheet, link, recaps.get(link), today);
  });
  container.replaceChildren(...pages);
  Object.assign(current, { shown, links });
  setText(printStatus, statusText(current));
  current.codesReady = makeCodes(current, token).catch((error) => {
    if (token === generation) setText(printStatus, `Codes QR indisponibles (${error.message}) : les listes s'impriment sans eux.`);
  });
  for (const link of new Set(links)) if (codes.has(link)) showCode(link);
}

export function showPrintout(matrix, engine) {
  current = { matrix, engine, shown: [], links: [] };
  render();
}

function refreshClassText() {
  keepInTab();
  const text = classText();
  for (const node of container.querySelectorAll(".bts-candidat-classe")) {
    setText(node, text);
    node.hidden = !text;
  }
}

function refreshDate() {
  const today = printDateText(new Date());
  for (const node of container.querySelectorAll(".bts-date-impression")) setText(node, today);
}

const kept = readTab();
for (const [key, id] of Object.entries(TEXT_FIELDS)) {
  const input = document.getElementById(id);
  if (typeof kept[key] === "string") input.value = kept[key];
  input.addEventListener("input", refreshClassText);
}
withErrorsBox.addEventListener("change", render);
window.addEventListener("beforeprint", refreshDate);
printButton.addEventListener("click", async () => {
  if (current && current.codesReady) {
    setText(printStatus, "Préparation des codes QR…");
    await current.codesReady;
    setText(printStatus, statusText(current));
  }
  window.print();
});
