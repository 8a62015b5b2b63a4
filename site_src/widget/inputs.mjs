// What a text typed in the candidate's form means, by the field's type: a
// table's cells, a list of units. Pure functions (no DOM).

// One cell of a table: a unit in capitals, an integer, or a number (a mark),
// written with a decimal comma ("12,5") or point; any other text stays as
// typed, for the engine to explain what is wrong. So does a number JSON cannot
// carry as it is (an integer past 2^53, 1e400): the answers file keeps it.
export function readCell(type, text) {
  if (type === "unite") return text.toUpperCase();
  if (type === "entier") return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
  const number = /^-?\d*,\d+$/.test(text) ? text.replace(",", ".") : text;
  return number === "" || !Number.isFinite(Number(number)) ? text : Number(number);
}

// One row of a table, from its cells' texts in the columns' order
// ({id, type} each); undefined when every cell is empty.
export function readRow(columns, texts) {
  const trimmed = texts.map((text) => text.trim());
  if (trimmed.every((text) => text === "")) return undefined;
  return Object.fromEntries(columns.map((column, index) => [column.id, readCell(column.type, trimmed[index])]));
}

// An integer field: undefined when empty.
export function readEntier(text) {
  const trimmed = text.trim();
  return trimmed === "" ? undefined : readCell("entier", trimmed);
}

// A list of units typed in one box, separated by spaces, commas or semicolons.
export function readUnites(text) {
  const trimmed = text.trim();
  return trimmed ? trimmed.toUpperCase().split(/[\s,;]+/).filter(Boolean) : undefined;
}
