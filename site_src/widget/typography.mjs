// French typography of a text shown to the reader: a no-break space before
// « : ; ! ? », inside « », between a number and its unit. The same rule as the
// build's (build_tools/site/typography.py), for the texts the tools render. Pure.
//
// Narrow no-break space (U+202F) before ; ! ?, no-break space (U+00A0) before :
// and inside « » and before a unit. A colon or a question mark with no space
// before it is left alone unless a space or the end of the text follows: "17:00",
// "https://…", "page?x=1" stay as they are.

const NBSP = "\u00a0";
const NNBSP = "\u202f";

const RULES = [
  [/[ \t\r\n]+([;!?])/g, `${NNBSP}$1`],
  // (not the ";" ending an HTML entity, should a text hold one: "&amp;")
  [/(?<!&#?[\p{L}\p{N}]*)([\p{L}\p{N})\]»%])([;!?])(?=[\s)»]|$)/gu, `$1${NNBSP}$2`],
  [/[ \t\r\n]+:/g, `${NBSP}:`],
  [/([\p{L})\]»])(:)(?=\s|$)/gu, `$1${NBSP}$2`],
  [/«[\u00a0\u202f][ \t\r\n]+/g, `«${NBSP}`],
  [/«(?![\u00a0\u202f])[ \t\r\n]*/g, `«${NBSP}`],
  [/(?<![\u00a0\u202f])[ \t\r\n]*»/g, `${NBSP}»`],
  [/(\p{N}) (h|min|Mo|Go|ko|Ko|€|%|km)(?![\p{L}\p{N}])/gu, `$1${NBSP}$2`],
];

export function frenchSpacing(text) {
  if (typeof text !== "string") return text;
  return RULES.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}
