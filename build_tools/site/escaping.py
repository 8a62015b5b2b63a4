"""Rule text is text: how a value of the rules is written into a generated page.

The page templates write Markdown that holds HTML (raw blocks, inline tags,
attributes). A value of the rules may land in any of these, so one escape
serves them all: HTML's special characters become entities, and so do the
characters that Markdown or its extensions (links, emphasis, code, attr_list,
tables) would read as syntax. A numeric character reference means the same
character in Markdown text, in a raw HTML block and in a quoted attribute, and
the browser shows it as that character: « <script> » in a rule reads as
« <script> » on the page and never runs.

`text` is the templates' default (the Jinja environment's `finalize`, and the
`e` filter); the few values that are markup on purpose are built here, as
`Markup`, from escaped parts: a link (`url`), an attr_list anchor (`anchor`).
"""

import re
from urllib.parse import quote, urlsplit

from markupsafe import Markup

# The templates quote every attribute with double quotes (tests/test_texte_regles.py
# checks it), so the apostrophe, in every other French word, stays as it is.
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;"}
# Markdown syntax anywhere in a line: backslash escapes, code, emphasis, links
# and images, attr_list, table cells, headings' closing hashes.
_MARKDOWN = "\\`*[]{}|#"
_ANYWHERE = re.compile("[" + re.escape("".join(_HTML) + _MARKDOWN) + "]")
# An underscore opens or closes emphasis unless it sits between two letters or
# digits (Python-Markdown's rule): « a_b » stays as it is, so do identifiers.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# A rule's text is one paragraph: a line break inside it (which a page shows as
# a space) would end the Markdown block it sits in, or start one (a list, a
# code block), so it is written as a space.
_LINE_BREAK = re.compile(r"[ \t]*[\r\n][\s]*")
# Where a template starts a line with a value: a list (« - », « + », « 1. »,
# « 1) »), a definition (« : »), an admonition (« !!! »), a setext underline
# (« === »), after spaces or not, and an indented code block.
_LINE_START = re.compile(r"^([ \t]*)([-+:!=])")
_LINE_START_NUMBER = re.compile(r"^([ \t]*\d+)([.)])")
_INDENT = re.compile(r"^[ \t](?=[ \t])")


def _reference(character: str) -> str:
    return _HTML.get(character) or f"&#{ord(character)};"


def text(value) -> Markup:
    """`value` as text in Markdown, HTML or a quoted attribute; markup already built (`Markup`) is kept."""
    if hasattr(value, "__html__"):
        return Markup(value.__html__())
    written = _LINE_BREAK.sub(" ", str(value))
    written = _ANYWHERE.sub(lambda m: _reference(m.group()), written)
    written = _UNDERSCORE.sub("&#95;", written)
    written = _LINE_START_NUMBER.sub(lambda m: m.group(1) + _reference(m.group(2)), written)
    written = _LINE_START.sub(lambda m: m.group(1) + _reference(m.group(2)), written)
    written = _INDENT.sub(lambda m: _reference(m.group()), written)
    return Markup(written)


class UnsafeValue(ValueError):
    """A value of the rules that cannot be written where a template puts it."""


# The schemes a link of the site may have; a rule's address must start with one.
SCHEMES = ("https", "http", "mailto", "tel")
# Kept as they are in an address; everything else (quotes, brackets, parentheses,
# spaces, braces, backslashes) is percent-encoded, so that neither Markdown nor HTML reads it.
_URL_SAFE = ":/?#@!$&*+,;=%-._~"


def url(value) -> Markup:
    """A link's address from the rules, for an href or a Markdown link: refused
    unless its scheme is one of SCHEMES, then percent-encoded and HTML-escaped."""
    address = str(value).strip()
    scheme = urlsplit(address).scheme.lower()
    if scheme not in SCHEMES:
        raise UnsafeValue(f"adresse refusée : « {address} » (un lien commence par {', '.join(s + ':' for s in SCHEMES)})")
    return Markup(quote(address, safe=_URL_SAFE).replace("&", "&amp;"))


_ID = re.compile(r"[a-z0-9A-Z]+([_.-][a-z0-9A-Z]+)*")
_ATTRIBUTES = re.compile(r"( [a-z][a-z0-9-]*)*")


def anchor(identifier, attributes: str = "") -> Markup:
    """An attr_list anchor `{#id attributes}` after a heading; `identifier` is a rule's
    id (refused unless it is one), `attributes` the template's own bare attributes."""
    identifier = str(identifier)
    if not _ID.fullmatch(identifier):
        raise UnsafeValue(f"identifiant d'ancre refusé : « {identifier} »")
    if not _ATTRIBUTES.fullmatch(attributes):
        raise UnsafeValue(f"attributs d'ancre refusés : « {attributes} »")
    return Markup("{#" + identifier + attributes + "}")
