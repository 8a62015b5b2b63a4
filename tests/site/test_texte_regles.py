"""Rule text is text: a site built from rules whose every text carries
`<script>`, `<img onerror>`, a `javascript:` link and an attribute break-out
(tests/texte_hostile.py) shows them as text, hashes no script but the site's
own and Material's, and opens no dialog in Chromium."""

import os
import re
from html.parser import HTMLParser
from unittest import mock

import pytest

from build_tools.compiler import compile_edition
from build_tools.local_server import SiteServer
from build_tools.site.build import BuildError, build_site
from build_tools.site.security import inline_scripts, known_shapes
from build_tools.site.typography import french_spacing
from tests.conftest import EDITION
from tests.site.conftest import plain_spaces, site_pages
from tests.site.test_classe_navigateur import open_class_tool, upload
from tests.site.test_securite import RECORD_VIOLATIONS, script_hashes
from tests.test_classe import FIXTURE
from tests.texte_hostile import PAYLOAD, hostile_rules, payload_count


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory):
    return hostile_rules(tmp_path_factory.mktemp("regles_hostiles") / "rules")


@pytest.fixture(scope="module")
def hostile_bundle(hostile_root):
    compilation = compile_edition(hostile_root / EDITION.name)
    assert compilation.ok, "\n".join(map(str, compilation.erreurs))
    return compilation.bundle


@pytest.fixture(scope="module")
def hostile_site(hostile_root, tmp_path_factory):
    try:
        with mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(hostile_root)}):
            return build_site(tmp_path_factory.mktemp("site_hostile") / "site")
    except BuildError as exc:
        pytest.fail(f"Le site des règles hostiles ne se construit pas :\n{exc}", pytrace=False)


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    with SiteServer(hostile_site) as server:  # with _headers, as the host sends them
        yield server.url


class _Markup(HTMLParser):
    """What a page's markup does: its elements' attributes and its text (outside scripts)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attributes, self.elements, self.text, self._script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._script = tag == "script"

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if not self._script:
            self.text.append(data)


def markup(path) -> _Markup:
    parser = _Markup()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def test_the_payload_is_in_every_kind_of_rule_text(hostile_root, hostile_bundle):
    assert payload_count(hostile_root) > 600
    identite = hostile_bundle["identite"]
    assert identite["academie"].endswith(PAYLOAD) and identite["designation"].endswith(PAYLOAD)
    assert hostile_bundle["pieces"]["pieces"][0]["libelle"].endswith(PAYLOAD)
    assert hostile_bundle["calendrier"]["echeances"][0]["libelle"].endswith(PAYLOAD)
    assert hostile_bundle["specialites"]["specialites"][0]["libelle"].endswith(PAYLOAD)


def test_no_markup_comes_from_the_rules(hostile_site):
    problems = []
    for path in sorted(hostile_site.rglob("*.html")):
        found = markup(path)
        name = path.relative_to(hostile_site).as_posix()
        problems += [f"{name} : <{tag} {attr}=…>" for tag, attr, _ in found.attributes if attr.startswith("on")]
        problems += [
            f"{name} : <{tag} {attr}=« {value} »>"
            for tag, attr, value in found.attributes
            if attr in ("href", "src", "action", "formaction") and re.match(r"\s*javascript:", value, re.I)
        ]
        problems += [f"{name} : <img src=x>" for tag, attr, value in found.attributes if tag == "img" and attr == "src" and value == "x"]
        problems += [f"{name} : <svg> hors des icônes" for tag, attr, value in found.attributes if tag == "svg" and attr == "onload"]
    assert not problems, "\n".join(problems[:20])


# (page, where the value is in the bundle): each kind of text, written on its page as text.
WHERE = [
    ("index.html", lambda b: b["identite"]["designation"]),
    ("index.html", lambda b: b["calendrier"]["echeances"][0]["description"]),
    ("pieces/index.html", lambda b: b["pieces"]["pieces"][0]["libelle"]),
    ("nouveautes/index.html", lambda b: b["nouveautes"]["notes"][0]["texte"]),
    ("contacts/index.html", lambda b: b["contacts"]["bureau"]["nom"]),
    ("specialites/index.html", lambda b: b["specialites"]["specialites"][0]["libelle"]),
    ("reglementation/index.html", lambda b: b["categories"]["categories"][0]["libelle"]),
    ("cyclades/index.html", lambda b: b["cyclades"]["etapes"][0]["titre"]),
    ("fiche/index.html", lambda b: b["fiche"]["sections"][0]["titre"]),
    ("attestation/index.html", lambda b: b["attestation"]["titre"]),
    ("outil/index.html", lambda b: b["profil"]["champs"][0]["question"]),
]


@pytest.mark.parametrize("page, value", WHERE, ids=[f"{page}-{i}" for i, (page, _) in enumerate(WHERE)])
def test_each_kind_of_text_reads_as_written(hostile_site, hostile_bundle, page, value):
    expected = plain_spaces(french_spacing(value(hostile_bundle)))
    assert expected.endswith(plain_spaces(french_spacing(PAYLOAD)))
    text = plain_spaces(" ".join("".join(markup(hostile_site / page).text).split()))
    assert " ".join(expected.split()) in text


def test_a_specialty_page_title_is_text(hostile_site, hostile_bundle):
    specialite = hostile_bundle["specialites"]["specialites"][0]
    html = (hostile_site / "specialites" / specialite["id"] / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and "&lt;script&gt;alert(1)&lt;/script&gt;" in title


def test_only_the_site_s_own_and_material_s_scripts_are_hashed(hostile_site):
    shapes = known_shapes()
    for path in sorted(hostile_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        scripts = inline_scripts(html)
        assert all(any(shape.fullmatch(s) for shape in shapes) for s in scripts), path
        assert not [s for s in scripts if "alert" in s], path
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html).group(1)
        assert len(script_hashes(meta)) == len(set(scripts)), path
    assert "sha256-" not in (hostile_site / "_headers").read_text(encoding="utf-8")


def test_no_dialog_opens_anywhere(browser, hostile_site, hostile_server):
    context = browser.new_context(locale="fr-FR", service_workers="block")
    context.add_init_script(RECORD_VIOLATIONS)
    dialogs, violations = [], []
    page = context.new_page()

    def on_dialog(dialog):
        dialogs.append(f"{page.url} : {dialog.type} « {dialog.message} »")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        for path in site_pages(hostile_site) + ["/404.html"]:
            page.goto(hostile_server + path, wait_until="load")
            violations += [f"{path} : {v}" for v in page.evaluate("window.__violations")]
        # The search results, which Material writes from its index.
        page.goto(hostile_server + "/")
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("Maintenance des systèmes")
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        assert "<script>alert(1)</script>" in page.inner_text(".md-search-result")
        # The candidate tool's list, and its printed fiche, which the page writes from the engine's answers.
        page.goto(hostile_server + "/outil/")
        page.wait_for_selector("#checklist[data-etat=pret]", state="attached", timeout=120_000)
        page.check("input[name=categorie][value=scolaire]")
        page.select_option("select[name=specialite]", "batiment")
        page.wait_for_timeout(50)
        page.wait_for_selector("#checklist[data-etat=pret]", state="attached", timeout=30_000)
        assert PAYLOAD in page.inner_text("#checklist")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        violations += [f"/outil/ : {v}" for v in page.evaluate("window.__violations")]
        # The class tool's matrix and errors.
        open_class_tool(page, hostile_server)
        upload(page, str(FIXTURE))
        assert PAYLOAD in page.inner_text("#resultat-classe")
        page.wait_for_timeout(200)
        violations += [f"/outil/classe/ : {v}" for v in page.evaluate("window.__violations")]
    finally:
        context.close()
    assert not dialogs, "\n".join(dialogs)
    assert not violations, "\n".join(violations)
