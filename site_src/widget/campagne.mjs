// Where the registration campaign stands today, on the home page and in the
// tools: each deadline's state, and the banner shown once every deadline of
// the edition has passed. `campagne` is the build's campaign data
// (context.campaign_data): {session, fuseau, formule, delai, fin, echeances}.
import { deadlineState, deadlineText, todayIn } from "./echeances.mjs";
import { frenchSpacing } from "./typography.mjs";

// The deadlines not passed yet, soonest first.
export const comingDeadlines = (echeances, today) =>
  echeances.filter((e) => deadlineState(e.date, today) !== "passee").sort((a, b) => a.date.localeCompare(b.date));

export const campaignOver = (echeances, today) => echeances.length > 0 && comingDeadlines(echeances, today).length === 0;

// The end-of-campaign banner's texts ({titre, texte, conseil}), or null while a
// deadline remains or when the site has no banner (an archived edition).
export const endBanner = (campagne, today) => (campagne.fin && campaignOver(campagne.echeances, today) ? campagne.fin : null);

// The day it is for the edition (its time zone), the day the rules' deadlines are counted in.
export const campaignToday = (campagne, now = new Date()) => todayIn(campagne.fuseau, now);

// The campaign data of the page: its own, or the candidate tool's.
export function readCampaign(root) {
  const own = root.getElementById("campagne-donnees");
  if (own) return JSON.parse(own.textContent);
  return JSON.parse(root.getElementById("outil-donnees").textContent).campagne;
}

// Fills what the page prepared: the banner ([data-bandeau-campagne], with its
// [data-campagne="titre|texte|conseil"] parts; data-etat-campagne: en_cours or terminee), each deadline's state
// ([data-delai="YYYY-MM-DD"]) and the advice once a date has passed ([data-conseil-passee]).
export function renderCampaign(root, campagne, today = campaignToday(campagne)) {
  const banner = root.querySelector("[data-bandeau-campagne]");
  const texts = endBanner(campagne, today);
  if (banner) {
    banner.hidden = !texts;
    banner.dataset.etatCampagne = texts ? "terminee" : "en_cours";
    for (const part of banner.querySelectorAll("[data-campagne]")) part.textContent = texts ? frenchSpacing(texts[part.dataset.campagne]) : "";
  }
  for (const zone of root.querySelectorAll("[data-delai]")) {
    zone.textContent = frenchSpacing(deadlineText(zone.dataset.delai, today, campagne.delai));
    zone.dataset.etatEcheance = deadlineState(zone.dataset.delai, today);
    zone.hidden = false;
  }
  const anyPassed = campagne.echeances.some((e) => deadlineState(e.date, today) === "passee");
  for (const advice of root.querySelectorAll("[data-conseil-passee]")) {
    advice.textContent = frenchSpacing(campagne.delai.conseil_passee);
    advice.hidden = !anyPassed;
  }
}
