// What changes for the candidate between this edition and another one: the
// other edition's engine, started once on demand, computes the checklist of
// the same answers.
import { diffChecklists, diffTitle, olderFirst } from "./diff.mjs";
import { startEngine } from "./moteur.mjs";
import { element, setText } from "./page.mjs";

// `formule`: how the rules write a deadline (the tool data's campagne.formule).
export function editionComparison(engine, edition, pyodideUrl, formule) {
  const otherEngines = new Map();
  // `option`: the chosen <option> (its value: the other edition's rules URL;
  // data-edition: its year); the result is rendered in `zone`.
  return async function compare(option, zone, profil) {
    const otherEdition = option.dataset.edition;
    zone.dataset.etat = "calcul";
    setText(zone, `Calcul avec l'édition ${otherEdition}…`);
    if (!otherEngines.has(option.value)) otherEngines.set(option.value, startEngine(option.value, pyodideUrl));
    try {
      const [here, other] = await Promise.all([engine.call("checklist", profil), otherEngines.get(option.value).call("checklist", profil)]);
      const [older, newer] = olderFirst(here, other, edition, otherEdition);
      const changes = diffChecklists(older, newer, formule);
      zone.replaceChildren(element("p", { text: diffTitle(older, newer, changes) }),
        ...(changes.length ? [element("ul", {}, ...changes.map((c) =>
          element("li", { "data-changement": c.type, "data-piece": c.piece.id, text: c.text })))] : []));
      zone.dataset.etat = "pret";
    } catch (error) {
      zone.dataset.etat = "erreur";
      setText(zone, `Comparaison impossible : ${error.message}`);
    }
  };
}
