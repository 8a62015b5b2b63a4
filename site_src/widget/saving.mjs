// Saving and sharing the candidate's answers: the answers file, the share
// link, the copy kept for the tab's life (sessionStorage: a reload, or the
// phone closing the tab in the background, loses nothing), the copy kept on
// this device when asked (localStorage), and loading any of them back once
// checked against the form.
import {
  MAX_ANSWERS_SIZE, answersFile, answersProblem, linkProfil, profilOnly, readAnswersFile, shareLink, storageKey, tooBig,
} from "./answers.mjs";
import { download, setText } from "./page.mjs";

// A copy of the answers in `store` (localStorage or sessionStorage); load() is
// null when there is none or it is unreadable.
export function answersStorage(edition, store = localStorage) {
  const key = storageKey(edition);
  return {
    save(answers) {
      try {
        store.setItem(key, JSON.stringify(answers));
        return true;
      } catch {
        return false;
      }
    },
    load() {
      try {
        return JSON.parse(store.getItem(key) || "null");
      } catch {
        return null;
      }
    },
    clear() {
      try {
        store.removeItem(key);
      } catch {
        // Storage refused: there is nothing to clear.
      }
    },
  };
}

// How long "Tout effacer" can be undone.
export const UNDO_DELAY_MS = 10_000;

// `profilForm` and `ficheForm`: the forms (form.mjs, fiche.mjs); `status`: where what
// happened is said; `linkInput`: the share link's box; `rememberBox`: the
// "remember on this device" checkbox; `refresh()`: recompute after a load.
export function answersSaving({ edition, champs, profilForm, ficheForm, status, linkInput, rememberBox, refresh, onLoad = () => {} }) {
  const storage = answersStorage(edition);
  const tabStorage = answersStorage(edition, sessionStorage);
  const say = (text) => setText(status, text);

  // At every change: the link carries the profile, the tab keeps everything, the device too if asked.
  // A link longer than the tool reads is not offered.
  function keep(profil, fiche) {
    const link = shareLink(window.location.href, profilOnly(profil, champs));
    const fragment = new URL(link).hash.length;
    linkInput.value = fragment <= MAX_ANSWERS_SIZE ? link : "";
    if (fragment > MAX_ANSWERS_SIZE) {
      say(`Pas de lien pour ces réponses : elles sont trop longues pour un lien (${tooBig(fragment, "caractères")}).`);
    }
    tabStorage.save({ profil, fiche });
    if (rememberBox.checked && !storage.save({ profil, fiche })) {
      say("Impossible d'enregistrer sur cet appareil (stockage refusé ou plein).");
    }
  }

  // Applies answers from `origin` ("Fichier", "Lien") if they fit the form; false otherwise.
  function load(answers, origin, loaded = `${origin} chargé.`) {
    const problem = answersProblem(answers, { champs, rowCounts: profilForm.rowCounts(), ficheNames: ficheForm.names() });
    if (problem) {
      say(`${origin} non chargé : ${problem}. Vos réponses actuelles n'ont pas changé.`);
      return false;
    }
    profilForm.writeProfil(answers.profil);
    if (answers.fiche) ficheForm.write(answers.fiche);
    say(loaded);
    onLoad(answers);
    refresh();
    return true;
  }

  async function loadFile(file) {
    const { answers, message } = await readAnswersFile(file);
    if (message) say(message);
    else load(answers, "Fichier");
  }

  // A file the tool could not read back is not written.
  function downloadFile() {
    const content = JSON.stringify(answersFile(edition, profilOnly(profilForm.readProfil(), champs), ficheForm.read()), null, 2);
    const size = new TextEncoder().encode(content).length;
    if (size > MAX_ANSWERS_SIZE) {
      say(`Fichier non enregistré : vos réponses sont trop longues (${tooBig(size, "octets")}) ; raccourcissez les plus longues.`);
      return;
    }
    download(content, "application/json", `reponses-bts-${edition}.json`);
    say("Fichier de réponses téléchargé.");
  }

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(linkInput.value);
      say("Lien copié.");
    } catch {
      linkInput.select();
      say("Sélectionnez le lien et copiez-le (Ctrl+C).");
    }
  }

  function setRemember(remember) {
    if (remember) {
      keep(profilForm.readProfil(), ficheForm.read());
      say("Vos réponses seront gardées sur cet appareil.");
    } else {
      storage.clear();
      say("Vos réponses ne sont plus gardées sur cet appareil.");
    }
  }

  // Forgets the answers in this tab, on this device and in the page's address,
  // and resets the forms; "Annuler" brings everything back for UNDO_DELAY_MS.
  // `offerUndo(undo)`: shows the undo button, and returns a function that hides it.
  function forgetAll(offerUndo) {
    const before = { profil: profilForm.readProfil(), fiche: ficheForm.read(), remember: rememberBox.checked, hash: window.location.hash };
    storage.clear();
    tabStorage.clear();
    rememberBox.checked = false;
    history.replaceState(null, "", window.location.pathname + window.location.search);
    profilForm.reset();
    ficheForm.reset();
    refresh();
    say("Toutes vos réponses ont été effacées de cette page et de cet appareil. Vous pouvez annuler pendant 10 secondes.");
    let hide = () => {};
    const timer = setTimeout(() => {
      hide();
      say("Toutes vos réponses ont été effacées de cette page et de cet appareil.");
    }, UNDO_DELAY_MS);
    hide = offerUndo(() => {
      clearTimeout(timer);
      hide();
      profilForm.writeProfil(before.profil);
      ficheForm.write(before.fiche);
      rememberBox.checked = before.remember;
      if (before.hash) history.replaceState(null, "", before.hash);
      say("Effacement annulé : vos réponses sont revenues.");
      refresh();
    });
  }

  // At start: the link's profile (with the fiche kept in this tab or on this
  // device), else the copy of this tab, else the copy kept on this device. A
  // link that cannot be read changes nothing: the kept copy is loaded instead.
  function loadFirst() {
    const link = linkProfil(window.location.hash);
    const saved = storage.load();
    const kept = tabStorage.load() || saved;
    if (saved) rememberBox.checked = true;
    if (link && !link.message && load({ profil: link.profil, fiche: kept && kept.fiche }, "Lien")) return;
    const linkProblem = link ? link.message || status.textContent : "";
    if (kept) load(kept, "Réponses", tabStorage.load() ? "Vos réponses de cet onglet sont revenues." : "Vos réponses enregistrées sur cet appareil sont revenues.");
    if (linkProblem) say(linkProblem);
  }

  return { keep, loadFile, downloadFile, copyLink, setRemember, forgetAll, loadFirst };
}
