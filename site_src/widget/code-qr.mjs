// A link's QR code for the printed sheets, made in the page by qrcode-generator
// (npm, served beside these modules as qrcode-generator.mjs:
// build_tools/site/modules.py): error correction M, the smallest version the
// link fits in, drawn as the command line's are (printing.py qr_code, segno):
// an SVG image as a data: URI, one horizontal stroke per run of dark modules.
import qrcode from "./qrcode-generator.mjs";

const SCALE = 4; // pixels per module: the image's natural size
const BORDER = 2; // quiet zone, in modules

// The dark modules as one path of relative moves: "m dx dy h length" per run,
// each stroke on the middle of its row (a 1-wide line covers the row).
function darkRuns(code) {
  const size = code.getModuleCount();
  let path = `M${BORDER} ${BORDER}.5`;
  let x = BORDER;
  let y = BORDER;
  for (let row = 0; row < size; row += 1) {
    for (let column = 0; column < size; column += 1) {
      if (!code.isDark(row, column)) continue;
      const start = column;
      while (column + 1 < size && code.isDark(row, column + 1)) column += 1;
      path += `m${start + BORDER - x} ${row + BORDER - y}h${column - start + 1}`;
      x = column + 1 + BORDER;
      y = row + BORDER;
    }
  }
  return path;
}

// Percent-encodes only what a data: URI of SVG text cannot hold as it is.
const uriText = (text) => text.replace(/[%#<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function qrCode(link) {
  // A URL's href is ASCII (its host in punycode, the rest percent-encoded):
  // the library's byte mode, one byte per character, keeps it as it is.
  const code = qrcode(0, "M");
  code.addData(link, "Byte");
  code.make();
  const side = code.getModuleCount() + 2 * BORDER;
  const svg = `<svg xmlns='http://www.w3.org/2000/svg' width='${side * SCALE}' height='${side * SCALE}' viewBox='0 0 ${side} ${side}'>`
    + `<rect width='${side}' height='${side}' fill='#fff'/><path fill='none' stroke='#000' d='${darkRuns(code)}'/></svg>`;
  return `data:image/svg+xml;charset=utf-8,${uriText(svg)}`;
}
