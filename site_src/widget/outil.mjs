// The candidate tool: wires the page's parts together. At every change of the
// answers it fills the printable fiche, updates the share link and the copy
// kept on this device, then asks the engine (in its worker) for the checklist
// and renders it with the errors next to their fields.
//
//   form.mjs        the profile form (reading, writing, the engine's questions)
//   checklist.mjs   the checklist
//   checklist-bar.mjs  the list kept in sight: the phone's bar, the changes read aloud
//   errors.mjs      the errors next to their fields (once left) and in a summary
//   fiche.mjs       the fiche form and the printable fiche
//   saving.mjs      the answers file, the share link, the copy on this device
//   comparison.mjs  what changes between two editions
//   refresh.mjs     when the engine is asked, and which answer is rendered
//   list-view.mjs   the list shown: the build's precomputed answer until the engine's (precomputed.mjs)
// and their pure helpers: inputs.mjs, echeances.mjs, fiche-text.mjs, answers.mjs, diff.mjs.
import { checklistBar } from "./checklist-bar.mjs";
import { editionComparison } from "./comparison.mjs";
import { errorVisibility, renderErrors } from "./errors.mjs";
import { bindFicheForm, renderFiche } from "./fiche.mjs";
import { bindProfilForm } from "./form.mjs";
import { listView } from "./list-view.mjs";
import { documentReady, engineSettings, pageEngine, setText, showEngineLoading } from "./page.mjs";
import { knownQuestions } from "./questions.mjs";
import { renderRecap } from "./recap.mjs";
import { refresher } from "./refresh.mjs";
import { answersSaving } from "./saving.mjs";

const engine = pageEngine();
await documentReady();

const byId = (id) => document.getElementById(id);
const { edition } = byId("outil").dataset;
const checklistZone = byId("checklist");
const status = byId("statut");
const rememberBox = byId("se-souvenir");
const profilFormElement = byId("profil");
const ficheFormElement = byId("fiche");
// The profile's fields ({id, type, valeurs, colonnes, selon…}) and the fiche's description.
const toolData = JSON.parse(byId("outil-donnees").textContent);
const { champs } = toolData;

const profilForm = bindProfilForm(profilFormElement, champs);
const ficheForm = bindFicheForm(ficheFormElement);
const errorsShown = errorVisibility(profilFormElement);
const bar = checklistBar({ bar: byId("barre-liste"), text: byId("barre-texte"), announcer: byId("annonce-liste"), list: byId("resultat"), campagne: toolData.campagne });
const list = listView({ zone: checklistZone, stamp: byId("tampon-checklist"), bar, toolData });
// Restored answers (a link, a file, this tab's or this device's copy) open on their list.
let openListWhenReady = false;
const saving = answersSaving({
  edition, champs, profilForm, ficheForm, status: byId("statut-sauvegarde"), linkInput: byId("lien-partage"), rememberBox,
  refresh: () => updater.refresh(),
  onLoad(answers) {
    const given = Object.keys(answers.profil || {});
    errorsShown.markGiven(given);
    if (given.length) openListWhenReady = true;
  },
});

// The list is asked for: every error shows, and the list comes into view.
function showList() {
  errorsShown.showAll();
  updater.refresh();
  byId("resultat").scrollIntoView({ block: "start" });
  byId("titre-resultat").focus({ preventScroll: true });
}

// What the page knows without the engine (which questions are asked), applied
// before each reading of the form; the engine's answer then takes over.
function readAnswers() {
  profilForm.applyQuestions(knownQuestions(champs, toolData.visibilite, profilForm.readProfil()));
  return { profil: profilForm.readProfil(), fiche: ficheForm.read() };
}

// The engine answers every change once ready; until then, the build's answers do.
let engineAnswers = false;
const updater = refresher({
  read: readAnswers,
  keep(answers) {
    renderFiche(byId("fiche-contenu"), toolData.fiche, champs, answers.profil, answers.fiche);
    renderRecap(byId("recapitulatif"), champs, answers.profil, new Date());
    saving.keep(answers.profil, answers.fiche);
    if (!engineAnswers) list.showPrecomputed(answers.profil);
  },
  async ask(answers) {
    list.setState("calcul");
    const [checklist, ficheResult] = await Promise.all([engine.call("checklist", answers.profil), engine.call("fiche", answers.fiche)]);
    return { checklist, ficheResult };
  },
  applyQuestions: ({ checklist }) => profilForm.applyQuestions(checklist.questions),
  render({ checklist, ficheResult }) {
    list.showEngineAnswer(checklist);
    renderErrors(profilFormElement, byId("resume-erreurs"), checklist, profilForm.controls, errorsShown);
    ficheForm.renderErrors(ficheResult);
    if (openListWhenReady) {
      openListWhenReady = false;
      showList();
    }
    // When the candidate first sees a checklist (User Timing; read by bench/).
    if (!performance.getEntriesByName("bts-premiere-liste").length) performance.mark("bts-premiere-liste");
  },
  fail(error) {
    list.setState("erreur");
    setText(status, `Erreur du moteur de calcul : ${error.message}`);
  },
});

showEngineLoading(engine, {
  readyMessage: "Moteur prêt : la liste se met à jour à chaque réponse.",
  onReady: () => {
    engineAnswers = true;
    updater.start();
  },
  onFailure: () => {
    if (list.markEngineFailed()) updater.refresh();
  },
});

for (const form of [profilFormElement, ficheFormElement]) {
  form.addEventListener("input", () => updater.refresh());
  form.addEventListener("change", () => updater.refresh());
}
profilFormElement.addEventListener("submit", (event) => event.preventDefault());

byId("bouton-telecharger").addEventListener("click", () => saving.downloadFile());
byId("fichier-reponses").addEventListener("change", (event) => {
  const file = event.target.files[0];
  event.target.value = "";
  if (file) saving.loadFile(file);
});
byId("bouton-copier").addEventListener("click", () => saving.copyLink());
rememberBox.addEventListener("change", (event) => saving.setRemember(event.target.checked));
const undoButton = byId("bouton-annuler-effacement");
byId("bouton-effacer").addEventListener("click", () => {
  errorsShown.reset();
  saving.forgetAll((undo) => {
    undoButton.hidden = false;
    undoButton.onclick = undo;
    undoButton.focus();
    return () => {
      const hadFocus = document.activeElement === undoButton;
      undoButton.hidden = true;
      if (hadFocus) byId("bouton-effacer").focus();
    };
  });
});
byId("voir-liste").addEventListener("click", (event) => {
  event.preventDefault();
  showList();
});
// A link of the errors' summary takes the keyboard to its field.
byId("resume-erreurs").addEventListener("click", (event) => {
  const link = event.target.closest("a[href^='#']");
  const zone = link && document.getElementById(link.hash.slice(1));
  const control = zone && profilForm.controls(zone.dataset.champ).find((c) => !c.disabled);
  if (!control) return;
  event.preventDefault();
  zone.scrollIntoView({ block: "center" });
  control.focus({ preventScroll: true });
});
// The recap's print date is the day of printing, even for a page left open overnight.
window.addEventListener("beforeprint", () => renderRecap(byId("recapitulatif"), champs, profilForm.readProfil(), new Date()));
byId("bouton-imprimer").addEventListener("click", () => {
  errorsShown.showAll();
  updater.refresh();
  window.print();
});

const compareButton = byId("bouton-comparer");
if (compareButton) {
  const compare = editionComparison(engine, edition, engineSettings().pyodide, toolData.campagne.formule);
  compareButton.addEventListener("click", () =>
    compare(byId("comparer-edition").selectedOptions[0], byId("resultat-comparaison"), profilForm.readProfil()));
}

saving.loadFirst();
updater.refresh();
