// The candidate's profile form (generated from profil.yaml): reading each
// answer by its field's type, writing a saved profile back, and showing the
// questions, values and help the engine's `questions` answer says.
import { readEntier, readRow, readUnites } from "./inputs.mjs";
import { countMessage, matcher } from "./list-filter.mjs";
import { isShown } from "./page.mjs";

// `form`: the <form id="profil">; `champs`: the profile's fields description (see answers.mjs).
export function bindProfilForm(form, champs) {
  const champById = new Map(champs.map((champ) => [champ.id, champ]));
  const controls = (name) => [...form.elements].filter((e) => e.name === name);
  const activeControls = (name) => controls(name).filter((e) => !e.disabled && isShown(e));
  const champZone = (id) => form.querySelector(`[data-champ="${CSS.escape(id)}"]`);
  const tableRowsOf = (id) => [...(champZone(id)?.querySelectorAll("[data-ligne]") || [])];

  // Every option of each list, kept aside: a list shows only the values open to the
  // candidate (hiding an <option> is not enough on every phone). The options that
  // belong to another answer (the options of each specialty) start aside.
  const keptOptions = new Map([...form.querySelectorAll("select")].map((select) => [select, [...select.options]]));
  for (const option of form.querySelectorAll("option[data-selon]")) option.remove();
  // The options open to the candidate (the engine's answer), of which a long list
  // shows those its filter keeps: the filter narrows the list, never the answer.
  const allowedOptions = new Map([...keptOptions.keys()].map((select) => [select, [...select.options]]));
  const filterOf = new Map([...form.querySelectorAll("[data-filtre-liste]")]
    .map((filter) => [document.getElementById(filter.dataset.filtreListe), filter]));

  // Shows the allowed options of `select` that its filter keeps, and the chosen one
  // in any case; returns how many the filter keeps.
  function showOptions(select) {
    const selected = select.selectedOptions[0];
    const filter = filterOf.get(select);
    const keeps = filter ? matcher(filter.value) : () => true;
    const matching = allowedOptions.get(select).filter((option) => option.value && keeps(option.dataset.recherche ?? option.text));
    const allowed = new Set(allowedOptions.get(select));
    select.replaceChildren(...keptOptions.get(select)
      .filter((option) => option === selected || (allowed.has(option) && (!option.value || matching.includes(option)))));
    select.value = "";
    if (selected) selected.selected = true;
    return matching.length;
  }

  for (const [select, filter] of filterOf) {
    const status = document.getElementById(filter.getAttribute("aria-describedby"));
    // Typing in the filter is not an answer: the form's listeners (the engine) are not told.
    filter.addEventListener("change", (event) => event.stopPropagation());
    filter.addEventListener("input", (event) => {
      event.stopPropagation();
      const count = showOptions(select);
      status.textContent = filter.value.trim() ? countMessage(count, filter.dataset) : "";
    });
    filter.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== "ArrowDown") return;
      event.preventDefault();
      select.focus();
    });
  }
  // After a reset (the filters are emptied) or a saved profile written back.
  form.addEventListener("reset", () => queueMicrotask(() => {
    for (const [select, filter] of filterOf) {
      showOptions(select);
      document.getElementById(filter.getAttribute("aria-describedby")).textContent = "";
    }
  }));

  // One answer, read by the field's type; undefined when not given.
  function readChamp(champ) {
    const active = activeControls(champ.id);
    switch (champ.type) {
      case "choix": {
        const chosen = active.find((e) => (e.type === "radio" ? e.checked : true));
        return chosen && chosen.value ? chosen.value : undefined;
      }
      case "liste_choix": {
        const checked = active.filter((e) => e.checked).map((e) => e.value);
        return checked.length ? checked : undefined;
      }
      case "booleen":
        return active.some((e) => e.checked) ? true : undefined;
      case "entier":
        return readEntier((active[0] || { value: "" }).value);
      case "liste_unites":
        return readUnites((active[0] || { value: "" }).value);
      case "tableau_notes": {
        const zone = champZone(champ.id);
        if (!zone || !isShown(zone)) return undefined;
        const rows = tableRowsOf(champ.id)
          .map((row) => readRow(champ.colonnes, champ.colonnes.map((c) => row.querySelector(`[data-cle="${CSS.escape(c.id)}"]`).value)))
          .filter((row) => row !== undefined);
        return rows.length ? rows : undefined;
      }
      default:
        return undefined;
    }
  }

  function readProfil() {
    const profil = {};
    for (const champ of champs) {
      const value = readChamp(champ);
      if (value !== undefined) profil[champ.id] = value;
    }
    return profil;
  }

  function show(node, shown) {
    node.hidden = !shown;
    for (const control of node.querySelectorAll("input, select, textarea")) control.disabled = !shown;
  }

  // Which questions are asked, with which values and which help: the engine's answer
  // ({champ id: {pose, valeurs, aide}}), or before it what the build's data can say
  // (questions.mjs), where `pose` or `aide` may be left out: what is not said stays.
  function applyQuestions(questions) {
    for (const champ of champs) {
      const question = questions[champ.id];
      const zone = champZone(champ.id);
      if (!question || !zone) continue;
      if (question.pose !== undefined) show(zone, question.pose);
      if (question.aide !== undefined) {
        for (const help of zone.querySelectorAll("[data-aide]")) help.hidden = Number(help.dataset.aide) !== question.aide;
      }
      if (zone.hidden || !question.valeurs) continue;
      // A value belonging to another answer (the option of another specialty) stays hidden.
      const chosen = new Set(champ.selon.map((selon) => readChamp(champById.get(selon))));
      const isAllowed = (node, value) => question.valeurs.includes(value)
        && (node.dataset.selon === undefined || chosen.has(node.dataset.selon));
      for (const label of zone.querySelectorAll("[data-valeur]")) show(label, isAllowed(label, label.dataset.valeur));
      const select = zone.querySelector("select");
      if (select) {
        const selected = select.selectedOptions[0];
        const kept = keptOptions.get(select).filter((option) => !option.value || isAllowed(option, option.value));
        allowedOptions.set(select, kept);
        if (selected && !kept.includes(selected)) select.value = "";
        showOptions(select);
      }
      const radios = controls(champ.id).filter((e) => e.type === "radio");
      if (radios.length && !radios.some((e) => e.checked && !e.disabled)) {
        const byDefault = radios.find((e) => e.defaultChecked && !e.disabled);
        if (byDefault) byDefault.checked = true;
      }
    }
  }

  function writeChamp(champ, value, profil) {
    if (value === undefined || value === null) return;
    if (champ.type === "tableau_notes") {
      const rows = tableRowsOf(champ.id);
      (Array.isArray(value) ? value : []).slice(0, rows.length).forEach((row, index) => {
        if (!row || typeof row !== "object") return;
        for (const column of champ.colonnes) {
          const cell = row[column.id];
          if (typeof cell === "string" || typeof cell === "number") {
            rows[index].querySelector(`[data-cle="${CSS.escape(column.id)}"]`).value = String(cell);
          }
        }
      });
      return;
    }
    for (const control of controls(champ.id)) {
      if (control.tagName === "SELECT") {
        // The value of this answer's list (the option of the chosen specialty), not of another one.
        const option = keptOptions.get(control).find((o) => o.value === value
          && (o.dataset.selon === undefined || champ.selon.some((selon) => profil[selon] === o.dataset.selon)));
        if (typeof value === "string" && option) {
          if (!option.isConnected) control.add(option);
          option.selected = true;
        }
      } else if (control.type === "radio" || control.type === "checkbox") {
        control.checked = Array.isArray(value) ? value.map(String).includes(control.value) : String(value) === control.value;
      } else if (Array.isArray(value)) {
        control.value = value.map(String).join(" ");
      } else {
        control.value = String(value);
      }
    }
  }

  function writeProfil(profil) {
    form.reset();
    for (const champ of champs) writeChamp(champ, profil[champ.id], profil);
  }

  // How many rows each table of the form has: {champ id: rows}.
  const rowCounts = () => Object.fromEntries(champs.filter((champ) => champ.type === "tableau_notes")
    .map((champ) => [champ.id, tableRowsOf(champ.id).length]));

  return { readProfil, writeProfil, applyQuestions, controls, rowCounts, reset: () => form.reset() };
}
