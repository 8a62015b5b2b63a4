"""Rule text is text, on its own (build_tools/site/escaping.py): a hostile value,
escaped, goes through the site's Markdown in every place a template puts one
and comes out as the same text, with no element, attribute or link of its own.
The site built from such rules: tests/site/test_texte_regles.py."""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from build_tools.compiler import compile_edition
from build_tools.paths import MKDOCS_CONFIG, ROOT
from build_tools.site.escaping import UnsafeValue, anchor, text, url
from tests.conftest import EDITION
from tests.texte_hostile import PAYLOAD

HOSTILE = [
    PAYLOAD,
    "**gras** _penché_ `code` ~~barré~~ ==surligné==",
    "fin {: onclick=alert(1) } et {#autre .classe}",
    "# titre",
    "- liste",
    "+ liste",
    "1. liste",
    "12) liste",
    "!!! danger",
    ": définition",
    "=== ou ---",
    "| a | b |",
    "&lt;déjà échappé&gt; &amp; &#60;",
    "a\n\n<script>alert(5)</script>\n\nb",
    "avant\n    code indenté\n- liste",
    "    code indenté",
    "  - liste indentée",
    "\\[x](javascript:alert(6)) ![image](x.png) <https://exemple.fr> [ref]: javascript:alert(7)",
    "<!-- commentaire --> <?php ?> <![CDATA[x]]>",
    'l\'apostrophe et les "guillemets"',
    "identifiant_avec_soulignés et _emphase_",
]

# Where the templates put a value: (Markdown around it, the elements that Markdown itself makes).
PLACES = {
    "paragraphe": ("{}", {"p"}),
    "liste": ("- {}", {"ul", "li"}),
    "titre": ("## {} {{#ancre}}", {"h2"}),
    "tableau": ("| Date | Texte |\n|---|---|\n| x | {} |", {"table", "thead", "tbody", "tr", "th", "td"}),
    "bloc HTML": ('<p class="bts-aide">{}</p>', {"p"}),
    "attribut": ('<p data-colonne="{}">x</p>', {"p"}),
    "md_in_html": ('<div markdown="1">\n\n**{}**\n\n</div>', {"div", "p", "strong"}),
    "lien": ("[{}](#ancre)", {"p", "a"}),
    "définition": ("**A**\n:   {}", {"dl", "dt", "dd", "strong"}),
    "admonition": ('!!! note "Titre"\n\n    {}', {"div", "p"}),
}


def site_markdown() -> markdown.Markdown:
    extensions = yaml.safe_load(MKDOCS_CONFIG.read_text(encoding="utf-8"))["markdown_extensions"]
    names = [e if isinstance(e, str) else next(iter(e)) for e in extensions]
    configs = {next(iter(e)): next(iter(e.values())) for e in extensions if isinstance(e, dict)}
    return markdown.Markdown(extensions=names, extension_configs=configs)


class _Html(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements, self.attributes, self.text = set(), [], []

    def handle_starttag(self, tag, attrs):
        self.elements.add(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def rendered(source: str) -> _Html:
    parser = _Html()
    parser.feed(site_markdown().convert(source))
    parser.close()
    return parser


def words(value: str) -> str:
    return " ".join(value.split())


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_a_hostile_value_is_the_same_text_wherever_it_goes(place, value):
    around, elements = PLACES[place]
    html = rendered(around.format(text(value)))
    assert html.elements <= elements, f"éléments venus du texte : {html.elements - elements}"
    own = {
        ("p", "class", "bts-aide"),
        ("div", "markdown", "1"),
        ("a", "href", "#ancre"),
        ("h2", "id", "ancre"),
        ("div", "class", "admonition note"),
    }
    stray = [a for a in html.attributes if a not in own and a[1] != "data-colonne" and (a[0], a[1]) != ("p", "class")]
    assert not stray, stray
    if place == "attribut":
        assert words(dict((n, v) for _, n, v in html.attributes)["data-colonne"]) == words(value)
    else:
        assert words(value) in words("".join(html.text))


def test_markup_built_on_purpose_is_kept():
    bold = text("**") + text("date")
    assert text(bold) is not bold and str(text(bold)) == str(bold)


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//ailleurs.fr",
        "relatif",
    ],
)
def test_a_link_must_be_http_mail_or_phone(address):
    with pytest.raises(UnsafeValue, match="adresse refusée"):
        url(address)


def test_a_link_keeps_its_address_and_loses_what_markdown_or_html_would_read():
    assert url("https://exemple.fr/a_b?x=1&y=2#z") == "https://exemple.fr/a_b?x=1&amp;y=2#z"
    assert url('https://exemple.fr/") onclick="x') == "https://exemple.fr/%22%29%20onclick=%22x"
    assert url("https://exemple.fr/(a)[b]{c}") == "https://exemple.fr/%28a%29%5Bb%5D%7Bc%7D"
    assert url("tel:0240373818") == "tel:0240373818" and url("mailto:dec.bts@ac-nantes.fr") == "mailto:dec.bts@ac-nantes.fr"
    link = rendered(f"[texte]({url('https://exemple.fr/a b)[c](javascript:alert(1))')})")
    assert [(t, n, v) for t, n, v in link.attributes] == [("a", "href", "https://exemple.fr/a%20b%29%5Bc%5D%28javascript:alert%281%29%29")]


@pytest.mark.parametrize("identifier", ["a b", 'x" onclick="y', "x}{: onclick=y", "", "-x"])
def test_an_anchor_is_an_identifier(identifier):
    with pytest.raises(UnsafeValue, match="identifiant d'ancre refusé"):
        anchor(identifier)


def test_an_anchor_takes_only_bare_attributes():
    assert anchor("pieces-scolaire", " data-search-exclude") == "{#pieces-scolaire data-search-exclude}"
    with pytest.raises(UnsafeValue, match="attributs d'ancre refusés"):
        anchor("x", " onclick=alert(1)")


@pytest.mark.parametrize(
    "file, before, after",
    [
        ("specialites.yaml", 'referentiel: "http', 'referentiel: "javascript:alert(1)//http'),
        ("categories.yaml", 'url: "https', 'url: "javascript:alert(1)//https'),
        ("textes.yaml", 'url: "https', 'url: "javascript:alert(1)//https'),
    ],
)
def test_the_rules_refuse_an_address_that_is_not_a_web_address(tmp_path, file, before, after):
    edition = tmp_path / EDITION.name
    shutil.copytree(EDITION, edition, ignore=shutil.ignore_patterns("cas"))
    path = edition / file
    path.write_text(path.read_text(encoding="utf-8").replace(before, after, 1), encoding="utf-8")
    compilation = compile_edition(edition)
    assert not compilation.ok
    assert any("javascript:alert(1)" in str(error) and "https://" in str(error) for error in compilation.erreurs), compilation.erreurs


def test_the_templates_quote_attributes_with_double_quotes():
    """escaping.text leaves the apostrophe as it is: no template may write a value in a single-quoted attribute."""
    folders = [ROOT / "build_tools" / "site" / "templates", ROOT / "overrides"]
    found = []
    for template in sorted(p for folder in folders for p in Path(folder).rglob("*") if p.suffix in (".j2", ".html")):
        for line_number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""\s[\w:-]+\s*=\s*(?:'[^']*)?\{\{""", line):  # name='…{{ or name={{
                found.append(f"{template.relative_to(ROOT)}:{line_number}")
    assert not found, found
