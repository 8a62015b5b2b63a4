// The list the candidate sees: the build's precomputed answer (precomputed.mjs)
// from the first answer, until the engine's own; the engine's answer replaces
// it only where the two differ, so an equal answer changes nothing on screen.
// `#checklist[data-etat]`: chargement, precalcul (the build's answer), calcul
// (the engine computing), pret (the engine's answer to the form as it stands) or erreur.
import { renderChecklist } from "./checklist.mjs";
import { element, setText } from "./page.mjs";
import { lookupPrecomputed, sameList } from "./precomputed.mjs";

// `zone`: #checklist; `stamp`: where the edition is named; `bar`: the phone's
// bar (checklist-bar.mjs); `toolData`: the page's data (champs, campagne, precalcul, consignes).
export function listView({ zone, stamp, bar, toolData }) {
  const { champs, campagne, precalcul } = toolData;
  const waitingContent = [...zone.childNodes].map((node) => node.cloneNode(true));
  const barTextElement = document.getElementById("barre-texte");
  const waitingBarText = barTextElement.textContent;
  const verificationNote = element("p", { class: "bts-verification", role: "status" });
  // The list shown (the engine's answer or the build's), kept to render only what differs.
  let shownList = null;
  let engineFailed = false;

  function setState(state) {
    zone.dataset.etat = state;
    zone.setAttribute("aria-busy", String(state === "calcul"));
  }

  function render(resultat) {
    renderChecklist(zone, stamp, resultat, campagne);
    bar.render(resultat.pieces);
    shownList = resultat;
    // When the candidate first sees a piece, the build's or the engine's (User Timing; read by bench/).
    if (resultat.pieces.length && !performance.getEntriesByName("bts-premiere-piece").length) performance.mark("bts-premiere-piece");
  }

  // The typed answers (units, marks) a precomputed list took as valid, by their labels.
  const typedLabels = (profil) => precalcul.champs
    .filter((champ) => champ.saisi && profil[champ.id] !== undefined)
    .map((champ) => `« ${champs.find((c) => c.id === champ.id).libelle} »`).join(", ");

  function showVerificationNote(profil) {
    const labels = typedLabels(profil);
    setText(verificationNote, engineFailed
      ? `Liste préparée à l'avance : le moteur de calcul n'a pas démarré, vos réponses ${labels} n'ont pas été vérifiées.`
      : `Liste en cours de vérification : vos réponses ${labels} seront vérifiées dès que le moteur de calcul sera prêt.`);
    zone.prepend(verificationNote);
  }

  return {
    setState,
    // Before the engine answers: the build's answer for these answers, or, for
    // answers it does not cover (an invalid combination), the waiting message.
    showPrecomputed(profil) {
      const found = lookupPrecomputed(precalcul, profil);
      if (!found) {
        shownList = null;
        zone.replaceChildren(...waitingContent.map((node) => node.cloneNode(true)));
        barTextElement.textContent = waitingBarText;
        if (!engineFailed) setState("chargement");
        return;
      }
      const resultat = { edition: precalcul.edition, empreinte: precalcul.empreinte, pieces: found.pieces, consignes: toolData.consignes };
      if (!shownList || !sameList(shownList, resultat)) render(resultat);
      if (found.provisoire) showVerificationNote(profil);
      else verificationNote.remove();
      if (!engineFailed) setState("precalcul");
    },
    // The engine's answer: the list shown already stays as it is when the engine says the same.
    showEngineAnswer(checklist) {
      if (!shownList || !sameList(shownList, checklist)) render(checklist);
      else bar.render(checklist.pieces);
      verificationNote.remove();
      setState("pret");
    },
    // The engine cannot start: the build's list stays, and its note says what was not checked.
    // Returns whether that note must be rewritten.
    markEngineFailed() {
      engineFailed = true;
      setState("erreur");
      return verificationNote.isConnected;
    },
  };
}
