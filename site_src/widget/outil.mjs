// The candidate tool: reads the generated form, asks the engine (in a worker)
// for the checklist at every change, renders it with the errors next to their
// fields, fills the printable fiche, and saves / shares the answers.
import { demarrerMoteur } from "./moteur.mjs";
import { adressesDuMoteur, afficherLeChargement, documentLu, element, moteurDeLaPage, telecharger } from "./page.mjs";

const moteur = moteurDeLaPage();
await documentLu();

const racine = document.getElementById("outil");
const formulaire = document.getElementById("profil");
const ficheFormulaire = document.getElementById("fiche");
const zoneListe = document.getElementById("checklist");
const resumeErreurs = document.getElementById("resume-erreurs");
const statut = document.getElementById("statut");
const statutSauvegarde = document.getElementById("statut-sauvegarde");
const donnees = JSON.parse(document.getElementById("outil-donnees").textContent);
const edition = racine.dataset.edition;
const cleStockage = `bts-inscription:${edition}`;
// The profile's fields, as profil.yaml describes them: [{id, type, valeurs: {id: libellé}, colonnes, selon}].
const champs = donnees.champs;
const champsProfil = champs.map((champ) => champ.id);
const champParId = new Map(champs.map((champ) => [champ.id, champ]));
const TAILLE_MAX_FICHIER = 200_000;

// ---------- reading and writing the form ----------

const controles = (nom) => [...formulaire.elements].filter((e) => e.name === nom);
const visible = (element) => !element.closest("[hidden]");
const actifs = (nom) => controles(nom).filter((e) => !e.disabled && visible(e));

const zoneDuChamp = (id) => formulaire.querySelector(`[data-champ="${CSS.escape(id)}"]`);

// Every option of each list, kept aside: a list shows only the values open to the
// candidate (hiding an <option> is not enough on every phone). The options that
// belong to another answer (the options of each specialty) start aside.
const reserve = new Map([...formulaire.querySelectorAll("select")].map((select) => [select, [...select.options]]));
for (const option of formulaire.querySelectorAll("option[data-selon]")) option.remove();

function lireCellule(type, texte) {
  if (type === "unite") return texte.toUpperCase();
  if (type === "entier") return /^-?\d+$/.test(texte) ? Number(texte) : texte;
  return texte === "" || Number.isNaN(Number(texte)) ? texte : Number(texte);
}

// One answer, read by the field's type; undefined when not given.
function lireChamp(champ) {
  const presents = actifs(champ.id);
  switch (champ.type) {
    case "choix": {
      const choisi = presents.find((e) => (e.type === "radio" ? e.checked : true));
      return choisi && choisi.value ? choisi.value : undefined;
    }
    case "liste_choix": {
      const cochees = presents.filter((e) => e.checked).map((e) => e.value);
      return cochees.length ? cochees : undefined;
    }
    case "booleen":
      return presents.some((e) => e.checked) ? true : undefined;
    case "entier": {
      const texte = (presents[0] || { value: "" }).value.trim();
      return texte === "" ? undefined : lireCellule("entier", texte);
    }
    case "liste_unites": {
      const texte = (presents[0] || { value: "" }).value.trim();
      return texte ? texte.toUpperCase().split(/[\s,;]+/).filter(Boolean) : undefined;
    }
    case "tableau_notes": {
      const lignes = [];
      const zone = zoneDuChamp(champ.id);
      if (!zone || !visible(zone)) return undefined;
      for (const ligne of zone.querySelectorAll("[data-ligne]")) {
        const cellules = champ.colonnes.map((c) => ligne.querySelector(`[data-cle="${CSS.escape(c.id)}"]`).value.trim());
        if (cellules.every((c) => c === "")) continue;
        lignes.push(Object.fromEntries(champ.colonnes.map((c, i) => [c.id, lireCellule(c.type, cellules[i])])));
      }
      return lignes.length ? lignes : undefined;
    }
    default:
      return undefined;
  }
}

function lireProfil() {
  const profil = {};
  for (const champ of champs) {
    const valeur = lireChamp(champ);
    if (valeur !== undefined) profil[champ.id] = valeur;
  }
  return profil;
}

function montrer(element, oui) {
  element.hidden = !oui;
  for (const controle of element.querySelectorAll("input, select, textarea")) controle.disabled = !oui;
}

// Which questions are asked, with which values and which help: the engine's answer.
function appliquerQuestions(questions) {
  for (const champ of champs) {
    const question = questions[champ.id];
    const zone = zoneDuChamp(champ.id);
    if (!question || !zone) continue;
    montrer(zone, question.pose);
    for (const aide of zone.querySelectorAll("[data-aide]")) aide.hidden = Number(aide.dataset.aide) !== question.aide;
    if (!question.pose || !question.valeurs) continue;
    // A value belonging to another answer (the option of another specialty) stays hidden.
    const choisis = new Set(champ.selon.map((selon) => lireChamp(champParId.get(selon))));
    const permise = (element, valeur) => question.valeurs.includes(valeur)
      && (element.dataset.selon === undefined || choisis.has(element.dataset.selon));
    for (const label of zone.querySelectorAll("[data-valeur]")) montrer(label, permise(label, label.dataset.valeur));
    const select = zone.querySelector("select");
    if (select) {
      const choisie = select.selectedOptions[0];
      const gardees = reserve.get(select).filter((option) => !option.value || permise(option, option.value));
      select.replaceChildren(...gardees);
      select.value = "";
      if (choisie && gardees.includes(choisie)) choisie.selected = true;
    }
    const radios = controles(champ.id).filter((e) => e.type === "radio");
    if (radios.length && !radios.some((e) => e.checked && !e.disabled)) {
      const parDefaut = radios.find((e) => e.defaultChecked && !e.disabled);
      if (parDefaut) parDefaut.checked = true;
    }
  }
}

function ecrireChamp(champ, valeur, profil) {
  const presents = controles(champ.id);
  if (valeur === undefined || valeur === null) return;
  if (champ.type === "tableau_notes") {
    const lignes = [...zoneDuChamp(champ.id).querySelectorAll("[data-ligne]")];
    (Array.isArray(valeur) ? valeur : []).slice(0, lignes.length).forEach((ligne, index) => {
      if (!ligne || typeof ligne !== "object") return;
      for (const colonne of champ.colonnes) {
        const cellule = ligne[colonne.id];
        if (typeof cellule === "string" || typeof cellule === "number") {
          lignes[index].querySelector(`[data-cle="${CSS.escape(colonne.id)}"]`).value = String(cellule);
        }
      }
    });
    return;
  }
  for (const controle of presents) {
    if (controle.tagName === "SELECT") {
      // The value of this answer's list (the option of the chosen specialty), not of another one.
      const option = reserve.get(controle).find((o) => o.value === valeur
        && (o.dataset.selon === undefined || champ.selon.some((selon) => profil[selon] === o.dataset.selon)));
      if (typeof valeur === "string" && option) {
        if (!option.isConnected) controle.add(option);
        option.selected = true;
      }
    } else if (controle.type === "radio" || controle.type === "checkbox") {
      controle.checked = Array.isArray(valeur) ? valeur.map(String).includes(controle.value) : String(valeur) === controle.value;
    } else if (Array.isArray(valeur)) {
      controle.value = valeur.map(String).join(" ");
    } else {
      controle.value = String(valeur);
    }
  }
}

function ecrireProfil(profil) {
  formulaire.reset();
  for (const champ of champs) ecrireChamp(champ, profil[champ.id], profil);
}

function lireFiche() {
  const valeurs = {};
  for (const element of ficheFormulaire.elements) {
    if (!element.name || element.disabled || !visible(element)) continue;
    if ((element.type === "radio" || element.type === "checkbox") && !element.checked) continue;
    if (element.value.trim() !== "") valeurs[element.name] = element.value;
  }
  return valeurs;
}

function ecrireFiche(valeurs) {
  ficheFormulaire.reset();
  for (const [nom, valeur] of Object.entries(valeurs || {})) {
    if (typeof valeur !== "string") continue;
    for (const element of ficheFormulaire.elements) {
      if (element.name !== nom) continue;
      if (element.type === "radio") element.checked = element.value === valeur;
      else element.value = valeur;
    }
  }
}

// ---------- rendering ----------

function joursRestants(iso) {
  const [a, m, j] = iso.split("-").map(Number);
  const aujourdhui = new Date();
  const debut = Date.UTC(aujourdhui.getFullYear(), aujourdhui.getMonth(), aujourdhui.getDate());
  return Math.round((Date.UTC(a, m - 1, j) - debut) / 86_400_000);
}

function delai(iso) {
  const jours = joursRestants(iso);
  if (jours > 1) return `il reste ${jours} jours`;
  if (jours === 1) return "il reste 1 jour";
  if (jours === 0) return "c'est aujourd'hui";
  return `date dépassée depuis ${-jours} jour${jours < -1 ? "s" : ""}`;
}

function afficherListe(resultat) {
  const groupes = new Map();
  for (const piece of resultat.pieces) {
    // One group per deadline: a day, and its time when the rules give one.
    const cle = `${piece.echeance} ${piece.heure || ""}`;
    if (!groupes.has(cle)) groupes.set(cle, []);
    groupes.get(cle).push(piece);
  }
  const contenu = [];
  const nombre = resultat.pieces.length;
  contenu.push(element("p", { class: "bts-compte", texte: `${nombre} pièce${nombre > 1 ? "s" : ""} à déposer sur CYCLADES.` }));
  for (const pieces of groupes.values()) {
    const { echeance } = pieces[0];
    const titre = element("h3", {}, `À déposer au plus tard le ${pieces[0].echeance_texte} `,
      element("span", { class: "bts-delai", texte: `(${delai(echeance)})` }));
    const liste = element("ul", { class: "bts-pieces" });
    for (const piece of pieces) {
      const source = element("a", { href: `../pieces/#${piece.id}`, texte: piece.sources.join(" ; ") });
      liste.append(element("li", { "data-piece": piece.id, "data-echeance": piece.echeance },
        element("strong", { texte: piece.libelle }),
        element("p", { class: "bts-motif", texte: piece.motif }),
        ...piece.notes.map((note) => element("p", { class: "bts-note", texte: note })),
        element("p", { class: "bts-source" }, "Règle : ", source)));
    }
    contenu.push(element("section", { class: "bts-groupe-echeance", "data-groupe-echeance": echeance }, titre, liste));
  }
  if (resultat.consignes.length) {
    contenu.push(element("div", { class: "admonition tip" },
      element("p", { class: "admonition-title", texte: "Pour chaque dépôt" }),
      ...resultat.consignes.map((texte) => element("p", { texte }))));
  }
  zoneListe.replaceChildren(...contenu);
  document.getElementById("tampon-checklist").textContent =
    `Calculé avec l'édition ${resultat.edition} des règles (empreinte ${resultat.empreinte.slice(0, 12)}).`;
}

function afficherErreurs(resultat) {
  for (const zone of formulaire.querySelectorAll("[data-zone-erreur]")) {
    zone.hidden = true;
    zone.replaceChildren();
    zone.removeAttribute("data-erreur");
  }
  for (const controle of formulaire.querySelectorAll("[aria-invalid]")) controle.removeAttribute("aria-invalid");
  const resume = [];
  for (const erreur of resultat.erreurs) {
    const texte = `${erreur.message}${erreur.sources.length ? ` (${erreur.sources.join(" ; ")})` : ""}`;
    const zone = formulaire.querySelector(`[data-zone-erreur="${CSS.escape(erreur.champ)}"]`);
    if (zone) {
      zone.hidden = false;
      zone.setAttribute("data-erreur", erreur.champ);
      zone.append(element("span", { texte }));
      for (const controle of controles(erreur.champ)) controle.setAttribute("aria-invalid", "true");
    }
    resume.push(element("li", { "data-erreur": erreur.champ, texte }));
  }
  const avertissements = resultat.avertissements.map((a) => element("li", { "data-avertissement": a.champ, texte: a.message }));
  const blocs = [];
  if (resume.length) blocs.push(element("p", { texte: `${resume.length} réponse${resume.length > 1 ? "s" : ""} à corriger :` }), element("ul", {}, ...resume));
  if (avertissements.length) blocs.push(element("p", { texte: "À noter :" }), element("ul", {}, ...avertissements));
  resumeErreurs.replaceChildren(...blocs);
}

// ---------- the printable fiche ----------

const libelleDe = (champ, valeur, profil = {}) => (champ && ((champ.valeurs_selon[profil[champ.selon[0]]] || {})[valeur]
  || champ.valeurs[valeur])) || String(valeur);

// A profile answer as the fiche prints it; a choice also names the answers that
// depend on it (the option after the specialty).
function valeurProfil(champFiche, profil) {
  const champ = champParId.get(champFiche.profil);
  const valeur = profil[champFiche.profil] ?? (champ ? champ.defaut ?? undefined : undefined);
  if (!champ || valeur === undefined) return undefined;
  if (Array.isArray(valeur)) return valeur.map((v) => (typeof v === "string" ? libelleDe(champ, v, profil) : "")).filter(Boolean).join(", ") || undefined;
  let texte = typeof valeur === "string" ? libelleDe(champ, valeur, profil) : String(valeur);
  for (const suite of champs.filter((c) => c.selon.includes(champ.id) && typeof profil[c.id] === "string")) {
    texte += ` – ${suite.libelle.toLowerCase()} ${profil[suite.id].length === 1 ? profil[suite.id] + " " : ""}${libelleDe(suite, profil[suite.id], profil)}`;
  }
  return texte;
}

function texteFiche(champ, valeur) {
  if (valeur === undefined || valeur === "") return null;
  if (champ.type === "oui_non") return valeur === "oui" ? "Oui" : "Non";
  if (champ.type === "date") return new Date(`${valeur}T12:00:00`).toLocaleDateString("fr-FR");
  if (champ.type === "choix") {
    const liste = champ.liste ? donnees.fiche.listes[champ.liste].valeurs : champ.valeurs || [];
    const trouve = liste.find((v) => v.code === valeur);
    if (trouve) return champ.liste ? `${trouve.code} – ${trouve.libelle}` : trouve.libelle;
    const champ = champs.find((c) => c.valeurs[valeur]);
    return champ ? champ.valeurs[valeur] : valeur;
  }
  return valeur;
}

function afficherFiche(profil, valeurs) {
  const contenu = [];
  for (const section of donnees.fiche.sections) {
    const lignes = [];
    for (const champ of section.champs) {
      if (champ.categories && !champ.categories.includes(profil.categorie)) continue;
      if (champ.type === "tableau") {
        const lignesProfil = champ.profil && Array.isArray(profil[champ.profil]) ? profil[champ.profil] : [];
        const corps = lignesProfil.map((b) => element("tr", {}, ...champ.colonnes.map((c) =>
          element("td", { texte: String(c.profil ? b[c.profil] ?? "" : "") }))));
        if (!corps.length) corps.push(element("tr", {}, element("td", { colspan: String(champ.colonnes.length), class: "bts-a-completer", texte: "Aucun (ou à compléter à la main)" })));
        lignes.push(element("div", { class: "bts-fiche-ligne" }, element("span", { class: "bts-fiche-libelle", texte: champ.libelle }),
          element("table", {}, element("thead", {}, element("tr", {}, ...champ.colonnes.map((c) => element("th", { scope: "col", texte: c.libelle })))),
            element("tbody", {}, ...corps))));
        continue;
      }
      const brute = champ.profil ? valeurProfil(champ, profil) : valeurs[champ.id];
      const texte = champ.profil ? brute : texteFiche(champ, brute);
      lignes.push(element("div", { class: "bts-fiche-ligne", "data-fiche-champ": champ.id },
        element("span", { class: "bts-fiche-libelle", texte: `${champ.libelle} : ` }),
        texte ? element("span", { class: "bts-fiche-valeur", texte })
          : element("span", { class: "bts-a-completer", texte: "à compléter à la main" })));
    }
    if (lignes.length) contenu.push(element("section", { class: "bts-fiche-bloc" }, element("h3", { texte: section.titre }), ...lignes));
  }
  document.getElementById("fiche-contenu").replaceChildren(...contenu);
}

// ---------- engine calls ----------

let dernierAppel = 0;
let moteurPret = false;
afficherLeChargement(moteur, {
  messagePret: "Moteur prêt : la liste se met à jour à chaque réponse.",
  surPret() {
    moteurPret = true;
    actualiser();
  },
  surEchec() {
    zoneListe.dataset.etat = "erreur";
  },
});

async function actualiser(reprises = 0) {
  const profil = lireProfil();
  const valeursFiche = lireFiche();
  afficherFiche(profil, valeursFiche);
  mettreAJourLien(profil);
  memoriser(profil, valeursFiche);
  if (!moteurPret) return;
  dernierAppel += 1;
  const numero = dernierAppel;
  zoneListe.dataset.etat = "calcul";
  zoneListe.setAttribute("aria-busy", "true");
  try {
    const [resultat, fiche] = await Promise.all([moteur.appeler("checklist", profil), moteur.appeler("fiche", valeursFiche)]);
    if (numero !== dernierAppel) return;
    appliquerQuestions(resultat.questions);
    // A question just shown or hidden changes what the form says: ask again.
    if (reprises < 4 && JSON.stringify(lireProfil()) !== JSON.stringify(profil)) {
      actualiser(reprises + 1);
      return;
    }
    afficherListe(resultat);
    afficherErreurs(resultat);
    afficherErreursFiche(fiche);
    zoneListe.dataset.etat = "pret";
    zoneListe.setAttribute("aria-busy", "false");
    // When the candidate first sees a checklist (User Timing; read by bench/).
    if (!performance.getEntriesByName("bts-premiere-liste").length) performance.mark("bts-premiere-liste");
  } catch (erreur) {
    if (numero !== dernierAppel) return;
    zoneListe.dataset.etat = "erreur";
    statut.textContent = `Erreur du moteur de calcul : ${erreur.message}`;
  }
}

function afficherErreursFiche(resultat) {
  for (const zone of ficheFormulaire.querySelectorAll("[data-zone-erreur-fiche]")) {
    const erreur = resultat.erreurs.find((e) => e.champ === zone.dataset.zoneErreurFiche);
    zone.hidden = !erreur;
    zone.textContent = erreur ? erreur.message : "";
    if (erreur) zone.setAttribute("data-erreur", erreur.champ);
    else zone.removeAttribute("data-erreur");
    const controle = ficheFormulaire.elements[zone.dataset.zoneErreurFiche];
    if (controle && controle.setAttribute) {
      if (erreur) controle.setAttribute("aria-invalid", "true");
      else controle.removeAttribute("aria-invalid");
    }
  }
}

// ---------- save, share, remember ----------

function profilSeul(profil) {
  return Object.fromEntries(Object.entries(profil).filter(([cle]) => champsProfil.includes(cle)));
}

function mettreAJourLien(profil) {
  const adresse = new URL(window.location.href);
  adresse.hash = `profil=${encodeURIComponent(JSON.stringify(profilSeul(profil)))}`;
  document.getElementById("lien-partage").value = adresse.href;
}

function memoriser(profil, fiche) {
  if (!document.getElementById("se-souvenir").checked) return;
  try {
    localStorage.setItem(cleStockage, JSON.stringify({ profil, fiche }));
  } catch {
    statutSauvegarde.textContent = "Impossible d'enregistrer sur cet appareil (stockage refusé ou plein).";
  }
}

const choixPossibles = (nom) => controles(nom).flatMap((c) => (c.tagName === "SELECT" ? [...c.options].map((o) => o.value) : [c.value])).filter(Boolean);
const texteCourt = (valeur) => JSON.stringify(valeur).slice(0, 40);

// A saved file or link is applied only if every value fits the form: anything
// else is refused as a whole, so a bad or hostile file changes nothing.
function problemesProfil(profil) {
  const problemes = [];
  const texteCourtOk = (v) => (typeof v === "string" && v.length <= 10) || typeof v === "number";
  for (const [cle, valeur] of Object.entries(profil)) {
    const champ = champParId.get(cle);
    if (!champ) {
      problemes.push(`champ inconnu « ${cle.slice(0, 40)} »`);
      continue;
    }
    const connue = (v) => typeof v === "string" && Object.hasOwn(champ.valeurs, v);
    const lignes = champ.type === "tableau_notes" ? zoneDuChamp(cle).querySelectorAll("[data-ligne]").length : 0;
    const colonnes = champ.colonnes.map((c) => c.id);
    const correcte = {
      choix: () => connue(valeur),
      liste_choix: () => Array.isArray(valeur) && valeur.every(connue),
      booleen: () => typeof valeur === "boolean",
      entier: () => Number.isInteger(valeur),
      liste_unites: () => Array.isArray(valeur) && valeur.every((v) => typeof v === "string" && v.length <= 10),
      tableau_notes: () => Array.isArray(valeur) && valeur.length <= lignes && valeur.every((l) => l && typeof l === "object"
        && !Array.isArray(l) && Object.keys(l).every((k) => colonnes.includes(k)) && Object.values(l).every(texteCourtOk)),
    }[champ.type];
    if (!correcte || !correcte()) problemes.push(`« ${cle} » vaut ${texteCourt(valeur)}`);
  }
  return problemes;
}

function problemesFiche(fiche) {
  const noms = new Set([...ficheFormulaire.elements].map((e) => e.name).filter(Boolean));
  return Object.entries(fiche).filter(([cle, valeur]) => !noms.has(cle) || typeof valeur !== "string" || valeur.length > 500)
    .map(([cle]) => `rubrique de fiche « ${cle.slice(0, 40)} » inconnue ou trop longue`);
}

function reponsesValides(objet) {
  if (!objet || typeof objet !== "object" || Array.isArray(objet)) return "le fichier ne contient pas un objet JSON";
  if (!objet.profil || typeof objet.profil !== "object" || Array.isArray(objet.profil)) return "la rubrique « profil » manque ou n'est pas un objet";
  if (objet.fiche !== undefined && objet.fiche !== null && (typeof objet.fiche !== "object" || Array.isArray(objet.fiche))) return "la rubrique « fiche » n'est pas un objet";
  const problemes = [...problemesProfil(objet.profil), ...problemesFiche(objet.fiche || {})];
  return problemes.length ? problemes.slice(0, 5).join(" ; ") : null;
}

function charger(objet, origine) {
  const probleme = reponsesValides(objet);
  if (probleme) {
    statutSauvegarde.textContent = `${origine} non chargé : ${probleme}. Vos réponses actuelles n'ont pas changé.`;
    return false;
  }
  ecrireProfil(objet.profil);
  if (objet.fiche) ecrireFiche(objet.fiche);
  statutSauvegarde.textContent = `${origine} chargé.`;
  actualiser();
  return true;
}

document.getElementById("bouton-telecharger").addEventListener("click", () => {
  const contenu = { format: "bts-inscription/reponses", version: 1, edition, profil: profilSeul(lireProfil()), fiche: lireFiche() };
  telecharger(JSON.stringify(contenu, null, 2), "application/json", `reponses-bts-${edition}.json`);
  statutSauvegarde.textContent = "Fichier de réponses téléchargé.";
});

document.getElementById("fichier-reponses").addEventListener("change", async (evenement) => {
  const fichier = evenement.target.files[0];
  evenement.target.value = "";
  if (!fichier) return;
  if (fichier.size > TAILLE_MAX_FICHIER) {
    statutSauvegarde.textContent = "Fichier non chargé : il est trop gros pour être un fichier de réponses. Vos réponses actuelles n'ont pas changé.";
    return;
  }
  let objet;
  try {
    objet = JSON.parse(await fichier.text());
  } catch {
    statutSauvegarde.textContent = "Fichier non chargé : ce n'est pas un fichier JSON lisible. Vos réponses actuelles n'ont pas changé.";
    return;
  }
  charger(objet, "Fichier");
});

document.getElementById("bouton-copier").addEventListener("click", async () => {
  const champ = document.getElementById("lien-partage");
  try {
    await navigator.clipboard.writeText(champ.value);
    statutSauvegarde.textContent = "Lien copié.";
  } catch {
    champ.select();
    statutSauvegarde.textContent = "Sélectionnez le lien et copiez-le (Ctrl+C).";
  }
});

document.getElementById("se-souvenir").addEventListener("change", (evenement) => {
  if (evenement.target.checked) {
    memoriser(lireProfil(), lireFiche());
    statutSauvegarde.textContent = "Vos réponses seront gardées sur cet appareil.";
  } else {
    localStorage.removeItem(cleStockage);
    statutSauvegarde.textContent = "Vos réponses ne sont plus gardées sur cet appareil.";
  }
});

document.getElementById("bouton-effacer").addEventListener("click", () => {
  localStorage.removeItem(cleStockage);
  document.getElementById("se-souvenir").checked = false;
  formulaire.reset();
  ficheFormulaire.reset();
  history.replaceState(null, "", window.location.pathname + window.location.search);
  statutSauvegarde.textContent = "Toutes vos réponses ont été effacées de cette page et de cet appareil.";
  actualiser();
});

document.getElementById("bouton-imprimer").addEventListener("click", () => window.print());

// ---------- what changes for me between two editions ----------

const autresMoteurs = new Map();

function differences(ancienne, nouvelle) {
  const avant = new Map(ancienne.pieces.map((p) => [p.id, p]));
  const apres = new Map(nouvelle.pieces.map((p) => [p.id, p]));
  const changements = [];
  for (const [id, piece] of apres) {
    if (!avant.has(id)) changements.push({ type: "ajoutee", piece, texte: `Nouvelle pièce : ${piece.libelle} (au plus tard le ${piece.echeance_texte}).` });
    else if (avant.get(id).echeance !== piece.echeance) {
      changements.push({ type: "deplacee", piece, texte: `${piece.libelle} : date limite déplacée du ${avant.get(id).echeance_texte} au ${piece.echeance_texte}.` });
    }
  }
  for (const [id, piece] of avant) {
    if (!apres.has(id)) changements.push({ type: "retiree", piece, texte: `Pièce qui n'est plus demandée : ${piece.libelle}.` });
  }
  return changements;
}

const boutonComparer = document.getElementById("bouton-comparer");
if (boutonComparer) {
  boutonComparer.addEventListener("click", async () => {
    const choix = document.getElementById("comparer-edition").selectedOptions[0];
    const zone = document.getElementById("resultat-comparaison");
    zone.dataset.etat = "calcul";
    zone.textContent = `Calcul avec l'édition ${choix.dataset.edition}…`;
    if (!autresMoteurs.has(choix.value)) autresMoteurs.set(choix.value, demarrerMoteur(choix.value, adressesDuMoteur().pyodide));
    try {
      const profil = lireProfil();
      const [ici, autre] = await Promise.all([moteur.appeler("checklist", profil), autresMoteurs.get(choix.value).appeler("checklist", profil)]);
      const [ancienne, nouvelle] = Number(choix.dataset.edition) < Number(edition) ? [autre, ici] : [ici, autre];
      const changements = differences(ancienne, nouvelle);
      const titre = `De l'édition ${ancienne.edition} à l'édition ${nouvelle.edition}, pour vos réponses :`;
      zone.replaceChildren(element("p", { texte: changements.length ? titre : `${titre} rien ne change.` }),
        ...(changements.length ? [element("ul", {}, ...changements.map((c) =>
          element("li", { "data-changement": c.type, "data-piece": c.piece.id, texte: c.texte })))] : []));
      zone.dataset.etat = "pret";
    } catch (erreur) {
      zone.dataset.etat = "erreur";
      zone.textContent = `Comparaison impossible : ${erreur.message}`;
    }
  });
}

// ---------- start ----------

formulaire.addEventListener("input", () => actualiser());
formulaire.addEventListener("change", () => actualiser());
ficheFormulaire.addEventListener("input", () => actualiser());
ficheFormulaire.addEventListener("change", () => actualiser());
formulaire.addEventListener("submit", (evenement) => evenement.preventDefault());

function demarrer() {
  const fragment = new URLSearchParams(window.location.hash.slice(1)).get("profil");
  let memoire = null;
  try {
    memoire = JSON.parse(localStorage.getItem(cleStockage) || "null");
  } catch {
    memoire = null;
  }
  if (memoire) document.getElementById("se-souvenir").checked = true;
  if (fragment !== null) {
    let profil;
    try {
      profil = JSON.parse(fragment);
    } catch {
      profil = undefined;
    }
    charger({ profil, fiche: memoire && memoire.fiche }, "Lien");
  } else if (memoire) {
    charger(memoire, "Réponses enregistrées sur cet appareil");
  }
  actualiser();
}

demarrer();
