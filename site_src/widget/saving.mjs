// Saving and sharing the candidate's answers: the answers file, the share
// link, and the copy kept on this device (localStorage), and loading any of
// them back once checked against the form.
import { answersFile, answersProblem, linkProfil, profilOnly, readAnswersFile, shareLink, storageKey } from "./answers.mjs";
import { download } from "./page.mjs";

// The copy kept on this device; load() is null when there is none or it is unreadable.
export function answersStorage(edition) {
  const key = storageKey(edition);
  return {
    save(answers) {
      try {
        localStorage.setItem(key, JSON.stringify(answers));
        return true;
      } catch {
        return false;
      }
    },
    load() {
      try {
        return JSON.parse(localStorage.getItem(key) || "null");
      } catch {
        return null;
      }
    },
    clear() {
      localStorage.removeItem(key);
    },
  };
}

// `profilForm` and `ficheForm`: the forms (form.mjs, fiche.mjs); `status`: where what
// happened is said; `linkInput`: the share link's box; `rememberBox`: the
// "remember on this device" checkbox; `refresh()`: recompute after a load.
export function answersSaving({ edition, champs, profilForm, ficheForm, status, linkInput, rememberBox, refresh }) {
  const storage = answersStorage(edition);
  const say = (text) => { status.textContent = text; };

  // At every change: the link carries the profile, the device keeps everything if asked.
  function keep(profil, fiche) {
    linkInput.value = shareLink(window.location.href, profilOnly(profil, champs));
    if (rememberBox.checked && !storage.save({ profil, fiche })) {
      say("Impossible d'enregistrer sur cet appareil (stockage refusé ou plein).");
    }
  }

  // Applies answers from `origin` ("Fichier", "Lien"…) if they fit the form; false otherwise.
  function load(answers, origin) {
    const problem = answersProblem(answers, { champs, rowCounts: profilForm.rowCounts(), ficheNames: ficheForm.names() });
    if (problem) {
      say(`${origin} non chargé : ${problem}. Vos réponses actuelles n'ont pas changé.`);
      return false;
    }
    profilForm.writeProfil(answers.profil);
    if (answers.fiche) ficheForm.write(answers.fiche);
    say(`${origin} chargé.`);
    refresh();
    return true;
  }

  async function loadFile(file) {
    const { answers, message } = await readAnswersFile(file);
    if (message) say(message);
    else load(answers, "Fichier");
  }

  function downloadFile() {
    const content = answersFile(edition, profilOnly(profilForm.readProfil(), champs), ficheForm.read());
    download(JSON.stringify(content, null, 2), "application/json", `reponses-bts-${edition}.json`);
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

  // Forgets the answers on this device and in the page's address (the forms are reset by the caller).
  function forgetAll() {
    storage.clear();
    rememberBox.checked = false;
    history.replaceState(null, "", window.location.pathname + window.location.search);
    say("Toutes vos réponses ont été effacées de cette page et de cet appareil.");
  }

  // At start: the link's profile (with the fiche kept on this device), else the copy kept on this device.
  function loadFirst() {
    const link = linkProfil(window.location.hash);
    const saved = storage.load();
    if (saved) rememberBox.checked = true;
    if (link) load({ profil: link.profil, fiche: saved && saved.fiche }, "Lien");
    else if (saved) load(saved, "Réponses enregistrées sur cet appareil");
  }

  return { keep, loadFile, downloadFile, copyLink, setRemember, forgetAll, loadFirst };
}
