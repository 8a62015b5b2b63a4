"""French typography of every page, once, on the finished HTML of each page.

In the text the reader reads (text nodes, and the text attributes alt, title,
aria-label, placeholder), a regular space before « : ; ! ? », just inside « »,
or between a number and its unit becomes a no-break space, and a missing one is
added: narrow (U+202F) before ; ! ?, U+00A0 before : and inside « » and before a unit.
The same rule runs in the browser for the texts the tools render
(site_src/widget/typography.mjs).

Scripts, styles, text areas, code (pre, code, kbd, samp) and comments are left
as they are, so are URLs and times: a colon or a question mark glued to what
follows ("17:00", "https://…", "?x=1") is not punctuation of a sentence.
"""

import html
import re

NBSP = "\u00a0"
NNBSP = "\u202f"

_LETTER = r"[^\W\d_]"
_WORD = r"[^\W_]"
_RULES = [
    (re.compile(r"[ \t\r\n]+([;!?])"), NNBSP + r"\1"),
    (re.compile(rf"({_WORD}|[)\]»%])([;!?])(?=[\s)»]|$)"), r"\1" + NNBSP + r"\2"),
    (re.compile(r"[ \t\r\n]+:"), NBSP + ":"),
    (re.compile(rf"({_LETTER}|[)\]»])(:)(?=\s|$)"), r"\1" + NBSP + r"\2"),
    (re.compile(r"«[\u00a0\u202f][ \t\r\n]+"), "«" + NBSP),
    (re.compile(r"«(?![\u00a0\u202f])[ \t\r\n]*"), "«" + NBSP),
    (re.compile(r"(?<![\u00a0\u202f])[ \t\r\n]*»"), NBSP + "»"),
    (re.compile(r"(\d) (h|min|Mo|Go|ko|Ko|€|%|km)(?!\w)"), r"\1" + NBSP + r"\2"),
]


def french_spacing(text: str) -> str:
    """The rule on a plain (already unescaped) text."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


# Tags, comments, doctype: everything that is not a text node.
_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<\?[^>]*>|</?([A-Za-z][^\s/>]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
_RAW_TEXT = {"script", "style", "textarea"}
_CODE = {"pre", "code", "kbd", "samp"}
# Inline elements: the text on either side of them reads as one.
_INLINE = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "code",
    "data",
    "dfn",
    "em",
    "i",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "wbr",
    "img",
    "svg",
    "path",
}
_TEXT_ATTRIBUTE = re.compile(r"""(\s(?:alt|title|aria-label|placeholder)\s*=\s*)(?:"([^"]*)"|'([^']*)')""", re.I)
_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|/|\.\.?/|#)", re.I)


def _spaced_attributes(tag: str) -> str:
    def replace(match):
        raw = match.group(2) if match.group(2) is not None else match.group(3)
        value = html.unescape(raw)
        spaced = value if _URL.match(value) else french_spacing(value)
        return match.group(0) if spaced == value else f'{match.group(1)}"{html.escape(spaced, quote=True)}"'

    return _TEXT_ATTRIBUTE.sub(replace, tag)


class _Text:
    """The text nodes of one page in order, each spaced with the end of the text before it as context."""

    def __init__(self):
        self.before = ""

    def space(self, raw: str) -> str:
        text = html.unescape(raw)
        context = self.before if self.before.strip() else ""
        spaced = french_spacing(context + text)
        spaced = spaced[len(context) :] if spaced.startswith(context) else french_spacing(text)
        self.follow(spaced)
        return raw if spaced == text else html.escape(spaced, quote=False)

    def follow(self, text: str):
        self.before = (self.before + text)[-2:]

    def boundary(self):
        self.before = ""


def typeset(page: str) -> str:
    """The page's HTML with French spacing in the text it shows."""
    out = []
    text = _Text()
    position = 0
    code_depth = 0
    while position < len(page):
        match = _TOKEN.search(page, position)
        end = match.start() if match else len(page)
        if end > position:
            raw = page[position:end]
            if code_depth:
                out.append(raw)
                text.follow(html.unescape(raw))
            else:
                out.append(text.space(raw))
        if not match:
            break
        tag = match.group(0)
        name = (match.group(1) or "").lower()
        closing = tag.startswith("</")
        position = match.end()
        if not name:
            out.append(tag)
            continue
        out.append(tag if closing else _spaced_attributes(tag))
        if name not in _INLINE:
            text.boundary()
        if name in _RAW_TEXT and not closing:
            close = re.compile(rf"</{name}\s*>", re.I).search(page, position)
            stop = close.start() if close else len(page)
            out.append(page[position:stop])
            position = stop
        elif name in _CODE and not tag.endswith("/>"):
            code_depth = max(0, code_depth + (-1 if closing else 1))
    return "".join(out)
