"""Printing: the blank forms as content only (no header, navigation, search or
footer), fitting the A4 page and a 320 px phone; the candidate tool's printed
list (for whom, when, a box per piece) and fiche (what does not apply, room to write)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from bts_inscription.dates import date_fr
from tests.conftest import ROOT
from tests.site.test_outil import open_tool, settle

HIDDEN_IN_PRINT = (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer")
MIN_SCREENSHOT_BYTES = 10_000  # a blank A4-wide page is a few KB of PNG
A4_WIDTH_MM = 210
CSS_PX_PER_MM = 96 / 25.4
PHONE = {"width": 320, "height": 800}


def test_fiche_prints_without_navigation(page, server, tmp_path):
    page.goto(server + "/fiche/", wait_until="networkidle")
    for selector in HIDDEN_IN_PRINT:
        assert page.locator(selector).count(), f"{selector} absent de la page à l'écran"
    page.emulate_media(media="print")
    screenshot = tmp_path / "fiche-impression.png"
    page.screenshot(path=str(screenshot), full_page=True)
    for selector in HIDDEN_IN_PRINT:
        expect(page.locator(selector).first, f"{selector} visible à l'impression (capture : {screenshot})").to_be_hidden()
    size = screenshot.stat().st_size
    assert size > MIN_SCREENSHOT_BYTES, f"Capture d'impression presque vide ({size} octets) : {screenshot}"


def printable_width() -> int:
    """The A4 page's content width in CSS pixels, from the margins of impression.css's @page."""
    css = (ROOT / "docs" / "assets" / "impression.css").read_text(encoding="utf-8")
    page_rule = re.search(r"@page\s*{([^}]*)}", css).group(1)
    assert re.search(r"size:\s*A4", page_rule), page_rule
    margin = float(re.search(r"margin:\s*([0-9.]+)mm", page_rule).group(1))
    return int((A4_WIDTH_MM - 2 * margin) * CSS_PX_PER_MM)


# Elements under `selector` whose right edge passes the viewport's (the page's content box in print).
OVERFLOWING = """(selector) => [...document.querySelectorAll(selector)]
    .filter((e) => e.getClientRects().length && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`)"""

# The text a fiche field shows (what screen readers alone get left out).
SHOWN_TEXT = """(e) => { const copy = e.cloneNode(true); copy.querySelectorAll('.bts-lecteur').forEach((n) => n.remove());
    return copy.textContent.replace(/\\s+/g, ' ').trim(); }"""


def fiche_champs(bundle):
    return [champ for section in bundle["fiche"]["sections"] for champ in section["champs"]]


def fill_first_time_scolaire(page, bundle):
    """Scolaire, Maintenance des systèmes option A, "BTS déjà présenté : non", no optional exam.
    Returns the labels the recap must show, read from the rules."""
    categorie = next(c for c in bundle["categories"]["categories"] if c["id"] == "scolaire")
    specialite = next(s for s in bundle["specialites"]["specialites"] if s["id"] == "maintenance-des-systemes")
    option = specialite["options"][0]
    page.check(f"input[name=categorie][value={categorie['id']}]")
    page.select_option("select[name=specialite]", specialite["id"])
    page.wait_for_selector("select[name=option]", state="visible")
    page.select_option("select[name=option]", option["id"])
    for champ in fiche_champs(bundle):
        if "si_oui" in champ:
            page.check(f"#fiche input[name={champ['id']}][value=non]")
    assert not page.locator("input[name=epreuves_facultatives]:checked").count()
    settle(page)
    return [categorie["libelle"], specialite["libelle"], option["libelle"]]


def test_printed_fiche_says_what_does_not_apply_and_leaves_room_for_the_rest(page, server, bundle, tmp_path):
    open_tool(page, server)
    fill_first_time_scolaire(page, bundle)
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "outil.pdf"))
    champs = fiche_champs(bundle)
    field = lambda champ: page.locator(f'#fiche-contenu [data-fiche-champ="{champ["id"]}"]')  # noqa: E731
    not_applicable = [c for c in champs if c["id"] in {s["si_oui"] for s in champs if "si_oui" in s}]
    not_applicable += [c for c in champs if "categories" in c and "scolaire" not in c["categories"]]
    assert not_applicable
    for champ in not_applicable:
        text = field(champ).evaluate(SHOWN_TEXT)
        assert field(champ).get_attribute("data-etat") == "sans-objet" and text.endswith("sans objet"), (champ["id"], text)
        assert "compléter" not in field(champ).text_content(), champ["id"]
    with_wording = [c for c in champs if "si_vide" in c]
    assert with_wording
    for champ in with_wording:
        text = field(champ).evaluate(SHOWN_TEXT)
        assert field(champ).get_attribute("data-etat") == "aucun" and text.endswith(champ["si_vide"]), (champ["id"], text)
    to_fill = page.locator('#fiche-contenu [data-etat="a-completer"]')
    assert to_fill.count() > 5
    for index in range(to_fill.count()):
        zone = to_fill.nth(index)
        assert "compléter" not in zone.evaluate(SHOWN_TEXT), zone.evaluate(SHOWN_TEXT)
        drawn = zone.locator(".bts-champ-vide, .bts-case-caractere, .bts-case, .bts-date, td")
        assert drawn.count(), zone.get_attribute("data-fiche-champ")
    for line in page.locator("#fiche-contenu .bts-champ-vide").all():
        box = line.bounding_box()
        style = line.evaluate("(e) => getComputedStyle(e).borderBottomStyle")
        assert box["width"] >= 90 and style != "none", (box, style)


def test_printed_list_says_for_whom_when_and_has_a_box_per_piece(page, server, bundle):
    open_tool(page, server)
    labels = fill_first_time_scolaire(page, bundle)
    assert not page.is_visible("#recapitulatif"), "récapitulatif visible à l'écran"
    page.emulate_media(media="print")
    recap = page.inner_text("#recapitulatif")
    for label in labels:
        assert label in recap, (label, recap)
    assert f"Imprimé le {date_fr(datetime.date.today().isoformat())}" in recap
    assert page.is_visible("#tampon-checklist")
    pieces = page.locator("#checklist [data-piece]")
    assert pieces.count() > 1
    boxes = pieces.evaluate_all("""(items) => items.map((li) => { const box = getComputedStyle(li, '::before');
        return box.content !== 'none' && parseFloat(box.borderTopWidth) > 0 && parseFloat(box.width) > 5; })""")
    assert all(boxes), boxes
    introduction = page.locator(".md-content__inner > p")
    assert introduction.count()
    for index in range(introduction.count()):
        assert not introduction.nth(index).is_visible(), introduction.nth(index).inner_text()
    assert not page.is_visible("form#profil")


def test_printed_fiche_and_list_fit_the_page_and_the_phone(page, server):
    open_tool(page, server)  # nothing answered: every blank of the fiche is drawn
    page.set_viewport_size({"width": printable_width(), "height": 1100})
    page.emulate_media(media="print")
    assert not page.evaluate(OVERFLOWING, "#fiche-imprimable, #fiche-imprimable *, #resultat, #resultat *")
    page.emulate_media(media="screen")
    page.set_viewport_size(PHONE)
    assert not page.evaluate(OVERFLOWING, "#fiche-imprimable, #fiche-imprimable *")


@pytest.mark.parametrize("path", ["/fiche/", "/attestation/"])
def test_blank_forms_fit_a_phone_and_the_page(page, server, path):
    page.set_viewport_size(PHONE)
    page.goto(server + path, wait_until="networkidle")
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{path} : défilement horizontal à 320 px ({widths}) : {page.evaluate(OVERFLOWING, '.md-content *')}"
    page.set_viewport_size({"width": printable_width(), "height": 1100})
    page.emulate_media(media="print")
    assert not page.evaluate(OVERFLOWING, ".bts-formulaire, .bts-formulaire *")
