import assert from "node:assert/strict";
import { test } from "node:test";

import { readCell, readEntier, readRow, readUnites } from "../../site_src/widget/inputs.mjs";

test("a cell is read by its column's type", () => {
  assert.equal(readCell("unite", "u61"), "U61");
  assert.equal(readCell("entier", "2024"), 2024);
  assert.equal(readCell("entier", "-3"), -3);
  assert.equal(readCell("entier", "20.5"), "20.5");
  assert.equal(readCell("note", "12.5"), 12.5);
  assert.equal(readCell("nombre", "12,5"), 12.5); // the French decimal comma
  assert.equal(readCell("nombre", ",5"), 0.5);
  assert.equal(readCell("nombre", "-0,25"), -0.25);
  assert.equal(readCell("nombre", "12,5,0"), "12,5,0"); // left for the engine to refuse
  assert.equal(readCell("nombre", "1,234.5"), "1,234.5");
  assert.equal(readCell("entier", "2024,5"), "2024,5");
  assert.equal(readCell("note", "abc"), "abc");
  assert.equal(readCell("note", ""), "");
  // Numbers JSON would not give back as typed stay text (the answers file is read back).
  assert.equal(readCell("nombre", "1e400"), "1e400");
  assert.equal(readCell("entier", "9".repeat(30)), "9".repeat(30));
});

test("a table row is read from its cells' texts, trimmed; an empty row is no row", () => {
  const columns = [{ id: "unite", type: "unite" }, { id: "note", type: "note" }, { id: "annee", type: "entier" }];
  assert.deepEqual(readRow(columns, [" u5 ", "14", "2023"]), { unite: "U5", note: 14, annee: 2023 });
  assert.deepEqual(readRow(columns, ["u3", " 12,5 ", "2024"]), { unite: "U3", note: 12.5, annee: 2024 });
  assert.deepEqual(readRow(columns, ["u5", "", ""]), { unite: "U5", note: "", annee: "" });
  assert.equal(readRow(columns, ["", "  ", ""]), undefined);
});

test("an integer field is undefined when empty", () => {
  assert.equal(readEntier("  "), undefined);
  assert.equal(readEntier(" 3 "), 3);
  assert.equal(readEntier("trois"), "trois");
});

test("a list of units is split on spaces, commas and semicolons, in capitals", () => {
  assert.deepEqual(readUnites(" u1, u2;u3  u4 "), ["U1", "U2", "U3", "U4"]);
  assert.equal(readUnites("   "), undefined);
});
