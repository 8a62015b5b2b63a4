// The class tool's printout: one sheet per candidate, the engine's (printing.py,
// the sheets the command line prints), with the class and establishment typed
// on the page, the print date, and a QR code that opens the candidate tool on
// the candidate's answers. A row in error is printed only when the teacher asks
// for it, with its mention (« LISTE INCOMPLÈTE – à corriger », from the rules).
//
// The import does not wait for the printout: its sheets are built a hundred at
// a time once the matrix is shown, when the page is idle
// (#impression-classe[data-etat=pret] once done), or at once when printing
// starts. So are the QR codes, made here (code-qr.mjs): one per distinct link,
// kept for the page's life (a class has few distinct profiles).
import { shareLink } from "./answers.mjs";
import { qrCode } from "./code-qr.mjs";
import { element, plural, setText } from "./page.mjs";
import { printDateText } from "./recap.mjs";

// The class and establishment stay in this tab (sessionStorage): never on the device, never sent.
const TAB_KEY = "bts-inscription:classe-impression";
const TEXT_FIELDS = { classe: "impression-nom-classe", etablissement: "impression-etablissement" };
const TEXT_LABELS = { classe: "Classe", etablissement: "Établissement" };
const SHEETS_PER_STEP = 100;
// Time given to the QR codes per idle turn (a code takes about 10 ms on a laptop,
// most of it choosing its mask): the page keeps answering meanwhile.
const QR_TURN_MS = 20;
const QR_ALT = "Code QR : ouvre l'outil candidat sur les réponses de cette liste";
const QR_CAPTION = "Scannez ce code pour retrouver ces réponses dans l'outil candidat.";

// The candidate tool, whose link fragment carries a profile (answers.mjs shareLink).
const toolUrl = new URL("../", window.location.href).href;
const codes = new Map();  // link -> QR code (SVG data URI), or null if the link is too long for one

const container = document.getElementById("impression-classe");
const withErrorsBox = document.getElementById("impression-a-corriger");
const printStatus = document.getElementById("statut-impression");
const printButton = document.getElementById("bouton-imprimer-classe");

// The printout being shown: {matrix, shown: [sheet], links: [link of each],
// built: sheets built so far, images: link -> [img], missing: links without a code yet,
// codesLeft, codesReady, waiting}.
let current = null;

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

function sheetNode(sheet, recap, qr, texts) {
  return element("article", { class: "bts-candidat", "data-ligne": String(sheet.ligne), ...(sheet.a_corriger ? { "data-a-corriger": "" } : {}) },
    element("div", { class: "bts-candidat-entete" },
      element("div", { class: "bts-candidat-pour" },
        sheet.mention ? element("p", { class: "bts-mention", text: sheet.mention }) : null,
        element("h2", { text: sheet.titre }),
        element("p", { class: "bts-candidat-classe", text: texts.classe, ...(texts.classe ? {} : { hidden: "" }) }),
        recap),
      qr),
    ...sheet.groupes.flatMap((group) => [
      element("h3", { text: group.titre }),
      element("ul", {}, ...group.pieces.map((p) => element("li", { "data-piece": p.id },
        element("strong", { text: `☐ ${p.libelle}` }), element("br"), element("span", { class: "bts-motif", text: p.motif })))),
    ]),
    element("p", { class: "bts-tampon" },
      element("span", { class: "bts-date-impression", text: texts.date }), " · ", sheet.tampon));
}

function qrNode(state, link) {
  const img = element("img", { alt: QR_ALT, "data-lien": link });
  const figure = element("figure", { class: "bts-code-qr", hidden: "" }, img, element("figcaption", { text: QR_CAPTION }));
  if (!state.images.has(link)) state.images.set(link, []);
  state.images.get(link).push(img);
  if (codes.get(link)) showCode(img, link);
  return figure;
}

function showCode(img, link) {
  img.src = codes.get(link);
  img.parentNode.hidden = false;
}

// Makes the code of the state's next missing link and shows it on its sheets.
function makeNextCode(state) {
  const link = state.missing[state.missing.length - state.codesLeft];
  if (!codes.has(link)) {
    try {
      codes.set(link, qrCode(link));
    } catch {
      codes.set(link, null);  // over a QR code's capacity (the library throws a string)
    }
  }
  state.codesLeft -= 1;
  for (const img of state.images.get(link) || []) if (codes.get(link)) showCode(img, link);
}

// Appends the shown sheets up to `end`; a sheet of a profile already built is a copy of its recap.
function buildUpTo(state, end) {
  const texts = { classe: classText(), date: printDateText(new Date()) };
  const pages = [];
  for (; state.built < Math.min(end, state.shown.length); state.built += 1) {
    const sheet = state.shown[state.built];
    const link = state.links[state.built];
    if (!state.recaps.has(link)) state.recaps.set(link, recapNode(sheet.recapitulatif));
    pages.push(sheetNode(sheet, state.recaps.get(link).cloneNode(true), qrNode(state, link), texts));
  }
  container.append(...pages);
  if (state.built === state.shown.length) container.dataset.etat = "pret";
}

// When the page is idle: once the matrix is painted, between its events.
const idle = () => new Promise((resolve) => {
  if (window.requestIdleCallback) window.requestIdleCallback(resolve, { timeout: 500 });
  else setTimeout(resolve, 50);
});

async function buildSheets(state) {
  while (state.built < state.shown.length) {
    await idle();
    if (state !== current) return;
    buildUpTo(state, state.built + SHEETS_PER_STEP);
  }
  if (state === current) container.dataset.etat = "pret";
}

// The QR codes the shown sheets still lack, made when the page is idle.
async function makeCodes(state) {
  while (state.codesLeft) {
    await idle();
    if (state !== current) return;
    const end = performance.now() + QR_TURN_MS;
    while (state.codesLeft && performance.now() < end) makeNextCode(state);
    if (state.waiting) setText(printStatus, waitingText(state));
  }
  if (!state.waiting && state.links.some((link) => codes.get(link) === null)) setText(printStatus, statusText(state));
}

const waitingText = (state) => `Préparation des codes QR (${plural(state.codesLeft, "code restant", "codes restants")})…`;

function statusText(state) {
  const set = state.matrix.impression.length - state.shown.length;
  const parts = [state.shown.length ? `${plural(state.shown.length, "liste")} à imprimer` : "Aucune liste à imprimer"];
  if (set) parts.push(`${plural(set, "ligne")} à corriger sans liste (cochez la case ci-dessus pour ${set > 1 ? "les imprimer" : "l'imprimer"})`);
  const uncoded = state.links.filter((link) => codes.get(link) === null).length;
  if (uncoded) parts.push(`${plural(uncoded, "liste")} sans code QR (réponses trop longues pour un code)`);
  return `${parts.join(" ; ")}.`;
}

function render(matrix) {
  const shown = matrix.impression.filter((sheet) => withErrorsBox.checked || !sheet.a_corriger);
  const state = {
    matrix, shown, links: shown.map((sheet) => shareLink(toolUrl, sheet.profil)),
    built: 0, recaps: new Map(), images: new Map(), waiting: false,
  };
  state.missing = [...new Set(state.links)].filter((link) => !codes.has(link));
  state.codesLeft = state.missing.length;
  current = state;
  container.replaceChildren();
  container.dataset.etat = "calcul";
  setText(printStatus, statusText(state));
  state.codesReady = makeCodes(state);
  buildSheets(state);
}

export function showPrintout(matrix) {
  render(matrix);
}

function refreshClassText() {
  keepInTab();
  const text = classText();
  for (const node of container.querySelectorAll(".bts-candidat-classe")) {
    setText(node, text);
    node.hidden = !text;
  }
}

// Printing: every sheet now, with its QR code, each dated today.
function beforePrint() {
  if (current) {
    buildUpTo(current, Infinity);
    while (current.codesLeft) makeNextCode(current);
  }
  const today = printDateText(new Date());
  for (const node of container.querySelectorAll(".bts-date-impression")) setText(node, today);
}

const kept = readTab();
for (const [key, id] of Object.entries(TEXT_FIELDS)) {
  const input = document.getElementById(id);
  if (typeof kept[key] === "string") input.value = kept[key];
  input.addEventListener("input", refreshClassText);
}
withErrorsBox.addEventListener("change", () => { if (current) render(current.matrix); });
window.addEventListener("beforeprint", beforePrint);
printButton.addEventListener("click", async () => {
  const state = current;
  if (state && state.codesLeft) {
    state.waiting = true;
    setText(printStatus, waitingText(state));
    await state.codesReady;
    state.waiting = false;
    if (state === current) setText(printStatus, statusText(state));
  }
  window.print();
});
