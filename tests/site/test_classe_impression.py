"""The class tool's printed sheets in Chromium: the recap, the class and
establishment typed on the page (kept in the tab only), the date and the stamp;
rows in error left out, or printed marked; a QR code that a decoder (jsQR, from
npm) reads as a link opening the candidate tool on that profile, without any
name; the print view at 320 px."""

import datetime
import json
from urllib.parse import unquote

import pytest

from bts_inscription.dates import date_fr
from bts_inscription.printing import candidate_sheets
from build_tools.site.modules import NPM_MODULES, NpmModuleError, npm_modules, static_imports
from tests.conftest import ROOT
from tests.site.conftest import assert_same_origin, describe_violations, plain_spaces, run_axe
from tests.site.test_classe_navigateur import open_class_tool, upload
from tests.site.test_outil import READY
from tests.site.test_reflow import PHONE, assert_no_horizontal_scroll
from tests.test_classe import FIXTURE, matrix_of, run_lot

JSQR = ROOT / "node_modules" / "jsqr" / "dist" / "jsQR.js"
SHEETS = "#impression-classe article.bts-candidat"
CLASSE, ETABLISSEMENT = "BTS MS 2 B", "Lycée polyvalent Victor-Schœlcher"

# An <img>'s picture drawn on a white canvas, then read by jsQR: the link it holds.
DECODE = """async (src) => {
  const img = new Image();
  img.src = src;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth * 2;
  canvas.height = img.naturalHeight * 2;
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(img, 0, 0, canvas.width, canvas.height);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  const code = jsQR(data, canvas.width, canvas.height);
  return code ? code.data : null;
}"""


@pytest.fixture(scope="module")
def expected(bundle):
    return {sheet["ligne"]: sheet for sheet in candidate_sheets(matrix_of("classe.csv", FIXTURE.read_bytes(), bundle), bundle)}


@pytest.fixture(scope="module")
def mention(bundle):
    return bundle["profil"]["liste_classe"]["impression"]["a_corriger"]


def type_class(page):
    page.fill("#impression-nom-classe", CLASSE)
    page.fill("#impression-etablissement", ETABLISSEMENT)


def shown_lines(page) -> list:
    page.wait_for_selector("#impression-classe[data-etat=pret]", state="attached")
    return page.eval_on_selector_all(SHEETS, "els => els.map((e) => Number(e.dataset.ligne))")


def wait_for_qr_codes(page):
    page.wait_for_selector("#impression-classe[data-etat=pret]", state="attached")
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{SHEETS}')].every((a) => a.querySelector('img[data-lien]').src.startsWith('data:'))",
        timeout=60_000,
    )


def decode(browser, src) -> str:
    """The QR code's text, read by jsQR in a blank page."""
    reader = browser.new_page()
    reader.add_script_tag(path=str(JSQR))
    text = reader.evaluate(DECODE, src)
    reader.close()
    return text


def test_sheets_carry_the_recap_class_establishment_date_and_stamp(page, server, expected, page_log):
    open_class_tool(page, server)
    upload(page, str(FIXTURE))
    type_class(page)  # the sheets already shown take it
    page.emulate_media(media="print")
    assert shown_lines(page) == [2, 3, 4, 6]
    today = f"Imprimé le {date_fr(datetime.date.today().isoformat())}"
    for article in page.locator(SHEETS).all():
        sheet = expected[int(article.get_attribute("data-ligne"))]
        text = plain_spaces(article.inner_text())
        assert f"Classe : {CLASSE} · Établissement : {ETABLISSEMENT}" in text
        assert f"{today} · {sheet['tampon']}" in text
        recap = article.locator("[data-recap-champ]").evaluate_all(
            "els => els.map((e) => [e.dataset.recapChamp, e.querySelector('dt').textContent, e.querySelector('dd').textContent])",
        )
        assert [tuple(map(plain_spaces, line)) for line in recap] == [
            (line["champ"], plain_spaces(line["libelle"]), plain_spaces(line["texte"])) for line in sheet["recapitulatif"]
        ]
        assert sheet["recapitulatif"], "un récapitulatif vide ne prouverait rien"
    martin = plain_spaces(page.inner_text(f"{SHEETS}[data-ligne='3']"))
    assert "U3 : 12,5 (2024)" in martin
    status = plain_spaces(page.inner_text("#statut-impression"))
    assert status.startswith("4 listes à imprimer ; 1 ligne à corriger sans liste")
    wait_for_qr_codes(page)
    assert page.locator(f"{SHEETS} img[data-lien]").first.is_visible()
    assert_same_origin(page_log.requests, server)


def test_class_and_establishment_stay_in_the_tab_only(page, server):
    open_class_tool(page, server)
    upload(page, str(FIXTURE))
    type_class(page)
    kept = page.evaluate("() => [JSON.stringify(sessionStorage), JSON.stringify(localStorage)]")
    assert CLASSE in kept[0] and ETABLISSEMENT in kept[0]
    assert CLASSE not in kept[1] and ETABLISSEMENT not in kept[1]
    page.fill("#impression-nom-classe", "Autre classe")
    assert "Autre classe" in page.inner_text(f"{SHEETS} .bts-candidat-classe >> nth=0")
    page.reload()
    open_class_tool(page, server)
    upload(page, str(FIXTURE))
    assert "Autre classe" in page.inner_text(f"{SHEETS} .bts-candidat-classe >> nth=0")
    assert page.input_value("#impression-nom-classe") == "Autre classe"
    assert page.input_value("#impression-etablissement") == ETABLISSEMENT
    other = page.context.new_page()  # another tab of the same browser: nothing there
    other.goto(f"{server}/outil/classe/")
    assert other.input_value("#impression-nom-classe") == "" and other.input_value("#impression-etablissement") == ""
    other.close()


def test_a_row_in_error_is_printed_only_when_asked_and_then_marked(page, server, mention, bundle):
    open_class_tool(page, server)
    upload(page, str(FIXTURE))
    assert 5 not in shown_lines(page)
    page.check("#impression-a-corriger")
    page.emulate_media(media="print")
    assert shown_lines(page) == [2, 3, 4, 5, 6]
    petit = page.locator(f"{SHEETS}[data-ligne='5']")
    assert petit.locator(".bts-mention").inner_text() == mention
    assert page.locator(f"{SHEETS} .bts-mention").count() == 1
    # The teacher's messages stay on the page, off the sheet.
    errors = page.eval_on_selector_all("#erreurs-classe li", "els => els.map((e) => e.innerText)")
    assert errors
    printed = petit.inner_text()
    assert not [e for e in errors if e.split(" : ", 1)[-1][:30] in printed]
    assert plain_spaces(page.inner_text("#statut-impression")) == "5 listes à imprimer."
    page.emulate_media(media="screen")
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    lines = FIXTURE.read_bytes().split(b"\r\n")
    only_errors = {"name": "erreurs.csv", "mimeType": "text/csv", "buffer": b"\r\n".join([lines[0], lines[4], b""])}
    page.uncheck("#impression-a-corriger")
    upload(page, only_errors)
    assert shown_lines(page) == []
    status = plain_spaces(page.inner_text("#statut-impression"))
    assert status == "Aucune liste à imprimer ; 1 ligne à corriger sans liste (cochez la case ci-dessus pour l'imprimer)."


def profile_in_tool(browser, link) -> dict:
    """Opens the link in a new tab: the profile its form shows (the tool's own share link of it)."""
    tool = browser.new_context(locale="fr-FR", service_workers="block").new_page()
    tool.goto(link)
    tool.wait_for_selector(READY, state="attached", timeout=120_000)
    assert tool.inner_text("#statut-sauvegarde") == "Lien chargé."
    shown = {
        "categorie": tool.eval_on_selector("input[name=categorie]:checked", "e => e.value"),
        "specialite": tool.input_value("select[name=specialite]"),
    }
    form = json.loads(unquote(tool.input_value("#lien-partage").split("#profil=", 1)[1]))
    tool.context.close()
    return {**form, **{f"affiche:{k}": v for k, v in shown.items()}}


def assert_opens_on(browser, link, sheet, names):
    assert not [name for name in names if name in unquote(link)]
    profil = sheet["profil"]
    shown = profile_in_tool(browser, link)
    assert shown["affiche:categorie"] == profil["categorie"] and shown["affiche:specialite"] == profil["specialite"]
    # An unchecked box is a false answer, which the tool's link leaves out.
    assert {key: shown.get(key, False if value is False else None) for key, value in profil.items()} == profil


def test_the_qr_code_opens_the_candidate_tool_on_that_profile(page, server, browser, expected):
    open_class_tool(page, server)
    upload(page, str(FIXTURE))
    wait_for_qr_codes(page)
    images = page.eval_on_selector_all(f"{SHEETS} img[data-lien]", "els => els.map((e) => [e.closest('article').dataset.ligne, e.src])")
    assert len(images) == 4
    ligne, src = images[0]
    link = decode(browser, src)
    assert link and link.startswith(f"{server}/outil/#profil="), link
    sheet = expected[int(ligne)]
    assert_opens_on(browser, link, sheet, ["Durand", "Léa"])
    assert len({src for _, src in images}) == 4, "un code par profil"


def test_the_command_lines_qr_code_opens_the_tool_too(browser, server, expected, tmp_path):
    run_lot(FIXTURE, tmp_path, "--adresse", f"{server}/outil/")
    page = (tmp_path / "checklists.html").read_text(encoding="utf-8")
    start = page.index('<section class="candidat" data-ligne="3">')
    src = page[page.index('<img src="', start) + 10 :]
    src = src[: src.index('"')].replace("&amp;", "&").replace("&#x27;", "'")
    link = decode(browser, src)
    assert link and link.startswith(f"{server}/outil/#profil=")
    assert_opens_on(browser, link, expected[3], ["Martin", "Paul"])


def test_the_print_view_fits_320_px(page, server, tmp_path):
    page.set_viewport_size(PHONE)
    open_class_tool(page, server)
    upload(page, str(FIXTURE))
    type_class(page)
    page.check("#impression-a-corriger")
    wait_for_qr_codes(page)
    assert_no_horizontal_scroll(page, "outil classe, options d'impression")
    page.emulate_media(media="print")
    assert_no_horizontal_scroll(page, "listes individuelles imprimées à 320 px")
    width = page.eval_on_selector(f"{SHEETS} img[data-lien]", "e => e.getBoundingClientRect().width")
    assert 90 <= width <= PHONE["width"], width
    for name, viewport in (("classe-impression-320.png", PHONE), ("classe-impression-a4.png", {"width": 680, "height": 1000})):
        page.set_viewport_size(viewport)
        shot = tmp_path / name
        page.locator(f"{SHEETS} >> nth=0").screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000


def test_the_qr_codes_are_made_by_the_npm_library_served_as_it_is(built_site):
    served = built_site / "outil" / "qrcode-generator.mjs"
    assert served.read_bytes() == NPM_MODULES["qrcode-generator.mjs"].read_bytes()
    assert "Copyright (c) 2009 Kazuhiko Arase" in served.read_text(encoding="utf-8")[:600], "licence gardée"
    assert "qrcode-generator.mjs" in static_imports("classe-impression.mjs"), "préchargé avec l'outil classe"
    # segno stays on the command line: the browser gets neither its wheel nor the modules it imports.
    lock = json.loads((built_site / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert "segno" not in lock["packages"] and not list((built_site / "pyodide").glob("segno-*"))


def test_a_missing_or_clashing_npm_module_stops_the_build_with_a_reason(tmp_path, monkeypatch):
    (tmp_path / "qrcode-generator.mjs").write_text("export default 1;\n")
    with pytest.raises(NpmModuleError, match="qrcode-generator.mjs : nom déjà pris par un module du site"):
        npm_modules(tmp_path)
    monkeypatch.setitem(NPM_MODULES, "qrcode-generator.mjs", tmp_path / "absent.mjs")
    with pytest.raises(NpmModuleError, match=r"absent de node_modules .* lancez scripts/setup \(npm ci\)"):
        npm_modules(tmp_path / "vide")


def test_a_link_too_long_for_a_qr_code_leaves_its_sheet_without_one_and_says_so(page, server, expected):
    open_class_tool(page, server)
    short, long = expected[2], {**expected[3], "profil": {"categorie": "x" * 3000}}
    page.evaluate(
        "async (sheets) => (await import('../classe-impression.mjs')).showPrintout({ impression: sheets })",
        [short, long],
    )
    page.wait_for_function("() => document.getElementById('statut-impression').textContent.includes('code QR')")
    status = plain_spaces(page.inner_text("#statut-impression"))
    assert status == "2 listes à imprimer ; 1 liste sans code QR (réponses trop longues pour un code)."
    figures = page.eval_on_selector_all(f"{SHEETS} figure", "els => els.map((e) => [e.closest('article').dataset.ligne, e.hidden])")
    assert figures == [["2", False], ["3", True]]


def distinct_profiles_file(count: int) -> dict:
    """A class file of `count` rows, each with its own profile (a mark kept, different on each row)."""
    lines = FIXTURE.read_bytes().decode("utf-8-sig").split("\r\n")
    header, nguyen = lines[0], lines[3]
    rows = [nguyen.replace("U4:8:2023", f"U4:{i // 100},{i % 100:02d}:2023") for i in range(count)]
    return {"name": "classe.csv", "mimeType": "text/csv", "buffer": "\r\n".join([header, *rows, ""]).encode("utf-8")}


def test_printing_gives_every_sheet_its_code_even_before_they_are_all_made(page, server):
    open_class_tool(page, server)
    upload(page, distinct_profiles_file(200))
    # Ctrl+P: the browser's beforeprint, while the page is still making the codes.
    before, after = page.evaluate("""() => {
      const missing = () => 200 - [...document.querySelectorAll('#impression-classe img[data-lien]')].filter((i) => i.src.startsWith('data:')).length;
      const before = missing();
      window.dispatchEvent(new Event('beforeprint'));
      return [before, missing()];
    }""")
    assert before > 0 and after == 0, (before, after)
