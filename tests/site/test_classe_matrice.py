"""The class tool's follow-up matrix in Chromium: the page's whole width, rows in
error marked with their messages, dates with their year and where they stand
from a fixed today, one card per candidate on a phone, the exports (rows shown or
the whole class, CSV and XLSX), keyboard use. What is expected comes from the
engine's own matrix of the fixture and from the rules' wording."""

import datetime
import io

import openpyxl
import pytest

from bts_inscription.export import read_spreadsheet_csv
from tests.site.conftest import describe_violations, plain_spaces, run_axe
from tests.site.test_campagne import day, expected_text
from tests.site.test_classe_navigateur import open_class_tool, upload
from tests.test_classe import FIXTURE, matrix_of

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 800}


@pytest.fixture(scope="module")
def matrice(bundle):
    return matrix_of("classe.csv", FIXTURE.read_bytes(), bundle)


@pytest.fixture(scope="module")
def today(bundle):
    """A day after the first deadline and before the last: both states are shown."""
    dates = sorted({e["date"] for e in bundle["calendrier"]["echeances"]})
    when = day(dates[0], 3)
    assert when.date() < datetime.date.fromisoformat(dates[-1]) - datetime.timedelta(days=1), "il faut deux échéances espacées"
    return when


def open_matrix(page, server, viewport, when):
    page.set_viewport_size(viewport)
    page.clock.set_fixed_time(when)
    open_class_tool(page, server)
    upload(page, str(FIXTURE))
    assert page.get_attribute("#resultat-classe", "data-etat") == "pret"


def download(page, selector, tmp_path):
    page.evaluate("document.getElementById('statut-export').textContent = ''")
    with page.expect_download() as downloading:
        page.click(selector)
    path = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(path)
    page.wait_for_function("() => document.getElementById('statut-export').textContent.includes('enregistré')")
    return path


# Header cells entirely inside the table's visible part and the window.
VISIBLE_COLUMNS = """() => {
  const right = Math.min(document.querySelector('.bts-defilement').getBoundingClientRect().right, innerWidth);
  return [...document.querySelectorAll('#matrice thead th')].filter((th) => th.getBoundingClientRect().right <= right + 0.5).length;
}"""


def test_the_matrix_takes_the_whole_width_at_1280_px(page, server, today, matrice):
    open_matrix(page, server, DESKTOP, today)
    columns = page.locator("#matrice thead th").count()
    assert columns == len(matrice["colonnes"]) == 4 + len(matrice["pieces"])
    assert not page.locator(".md-sidebar--primary").is_visible() and not page.locator(".md-sidebar--secondary").is_visible()
    width = page.evaluate("document.querySelector('.bts-defilement').getBoundingClientRect().width")
    assert width > 1100, width
    visible = page.evaluate(VISIBLE_COLUMNS)
    assert visible > columns / 2, f"{visible} colonnes visibles sur {columns}"
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    violations = run_axe(page)
    assert not violations, describe_violations(violations)


def test_rows_in_error_are_marked_with_their_messages(page, server, today, matrice):
    open_matrix(page, server, DESKTOP, today)
    in_error = [c for c in matrice["candidats"] if c["erreurs"]]
    assert in_error and len(in_error) < len(matrice["candidats"])
    marked = page.eval_on_selector_all("#matrice tbody tr.bts-ligne-erreur", "els => els.map(e => Number(e.dataset.ligne))")
    assert marked == [c["ligne"] for c in in_error]
    for candidat in in_error:
        cell = page.locator(f'#matrice tbody tr[data-ligne="{candidat["ligne"]}"] .bts-erreurs-ligne')
        text = plain_spaces(cell.inner_text())
        assert "⚠" in text and "À corriger" in text  # a sign and a word, not a colour only
        for erreur in candidat["erreurs"]:
            assert plain_spaces(erreur["message"]) in text
        assert cell.locator("li").count() == len(candidat["erreurs"])
    valid = next(c for c in matrice["candidats"] if not c["erreurs"])
    assert page.inner_text(f'#matrice tbody tr[data-ligne="{valid["ligne"]}"] td:nth-child(4)') == ""
    background = "(s) => getComputedStyle(document.querySelector(s)).backgroundColor"
    assert page.evaluate(background, f'#matrice tr[data-ligne="{in_error[0]["ligne"]}"] td') != page.evaluate(
        background, f'#matrice tr[data-ligne="{valid["ligne"]}"] td'
    )
    count = plain_spaces(page.inner_text("#compte-matrice"))
    n = len(in_error)
    assert count == (
        f"{len(matrice['candidats'])} candidats affichés sur {len(matrice['candidats'])}, dont {n} {'lignes' if n > 1 else 'ligne'} à corriger."
    )


def test_dates_have_their_year_and_where_they_stand_today(page, server, bundle, today, matrice):
    open_matrix(page, server, DESKTOP, today)
    wording = bundle["calendrier"]["delai"]
    states = set()
    for piece in matrice["pieces"]:
        year = piece["echeance"][:4]
        header = page.locator(f'#matrice thead th[data-colonne="{piece["id"]}"]')
        expected = expected_text(bundle, piece["echeance"], today)
        assert plain_spaces(header.locator(".bts-delai").inner_text()) == plain_spaces(expected)
        assert year in header.locator("time").inner_text()
        cells = page.locator(f'#matrice tbody td[data-piece="{piece["id"]}"]')
        etat = "passee" if datetime.date.fromisoformat(piece["echeance"]) < today.date() else "a_venir"
        states.add(etat)
        for i in range(cells.count()):
            cell = cells.nth(i)
            assert cell.get_attribute("data-etat-echeance") == etat
            assert year in cell.locator("time").inner_text()
            assert cell.locator("time").get_attribute("datetime") == piece["echeance"]
            assert plain_spaces(cell.locator(".bts-delai").text_content()) == plain_spaces(expected)
            # a passed date says so in the cell; a coming one in its column's header (and in the cards on a phone)
            assert cell.locator(".bts-delai").is_visible() == (etat == "passee")
    assert states == {"passee", "a_venir"}
    options = page.eval_on_selector_all("#filtre-echeance option", "els => els.map(e => e.textContent)")
    assert any(wording["passee"] in plain_spaces(o) for o in options)


def test_a_phone_shows_one_card_per_candidate_without_sideways_scrolling(page, server, today, matrice):
    open_matrix(page, server, PHONE, today)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("document.querySelector('#filtre-piece').getBoundingClientRect().right") <= PHONE["width"]
    assert page.eval_on_selector("#filtre-piece", "e => getComputedStyle(e).maxWidth") != "none"
    cards = page.locator("#matrice tbody tr")
    assert cards.count() == len(matrice["candidats"])
    boxes = [cards.nth(i).bounding_box() for i in range(cards.count())]
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] for box in boxes)
    assert all(a["y"] + a["height"] <= b["y"] for a, b in zip(boxes, boxes[1:]))  # one under the other
    # each cell shown is labelled by its column; the empty ones are left out
    labels = page.eval_on_selector_all(
        "#matrice tbody tr:first-child > *",
        """els => els.filter(e => getComputedStyle(e).display !== 'none')
                    .map(e => [e.dataset.libelle, getComputedStyle(e, '::before').content])""",
    )
    first = matrice["candidats"][0]
    libelles = {p["id"]: p["libelle"] for p in matrice["pieces"]}
    expected = (
        ["Ligne", "Nom", "Prénom"] + (["Erreurs"] if first["erreurs"] else []) + [libelles[p] for p in libelles if p in first["pieces"]]
    )
    assert [label for label, _ in labels] == expected
    assert all(content.startswith(f'"{label}"') for label, content in labels), labels
    # every date of a card says where it stands, a coming one too
    states = page.locator("#matrice tbody td[data-echeance] .bts-delai")
    assert states.count() > 0 and all(states.nth(i).is_visible() for i in range(states.count()))
    assert page.locator('#matrice tbody td[data-etat-echeance="a_venir"]').count() > 0
    # the sort buttons stay usable; the pieces' headers are inside the cards
    assert page.locator('button[data-tri="nom"]').is_visible()
    assert not page.locator("#matrice thead th[data-piece-colonne]").first.is_visible()
    page.select_option("#filtre-piece", matrice["pieces"][-1]["id"])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = run_axe(page)
    assert not violations, describe_violations(violations)


def test_the_export_holds_the_rows_shown_or_the_whole_class_and_says_which(page, server, today, matrice, tmp_path):
    open_matrix(page, server, DESKTOP, today)
    total = len(matrice["candidats"])
    assert not page.locator("#exports-affichees").is_visible()  # no filter: the rows shown are the class
    assert plain_spaces(page.inner_text("#bouton-export-xlsx")) == f"Exporter toute la classe, {total} lignes (XLSX)"
    piece = next(p for p in matrice["pieces"] if 1 < sum(p["id"] in c["pieces"] for c in matrice["candidats"]) < total)
    lines = [c["ligne"] for c in matrice["candidats"] if piece["id"] in c["pieces"]]
    page.select_option("#filtre-piece", piece["id"])
    assert plain_spaces(page.inner_text("#bouton-export-affichees")) == f"Exporter les {len(lines)} lignes affichées (CSV)"
    shown_csv = read_spreadsheet_csv(download(page, "#bouton-export-affichees", tmp_path).read_bytes())
    whole_csv = read_spreadsheet_csv(download(page, "#bouton-export", tmp_path).read_bytes())
    assert shown_csv[0] == whole_csv[0] == matrice["colonnes"]  # the contract's columns, always
    assert [int(r[0]) for r in shown_csv[1:]] == lines
    assert [int(r[0]) for r in whole_csv[1:]] == [c["ligne"] for c in matrice["candidats"]]
    assert plain_spaces(page.inner_text("#statut-export")).endswith(f" : toute la classe ({total} lignes).")
    path = download(page, "#bouton-export-affichees-xlsx", tmp_path)
    assert path.name.endswith("-lignes-affichees.xlsx")
    assert plain_spaces(page.inner_text("#statut-export")).endswith(f" : {len(lines)} lignes affichées sur {total}.")
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == lines
    assert sheet.auto_filter.ref and sheet.freeze_panes == "D2"
    sheet = openpyxl.load_workbook(io.BytesIO(download(page, "#bouton-export-xlsx", tmp_path).read_bytes())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [c["ligne"] for c in matrice["candidats"]]
    page.select_option("#filtre-piece", "")
    assert not page.locator("#exports-affichees").is_visible()


def test_sorting_and_filtering_with_the_keyboard_show_the_focus(page, server, today, matrice):
    open_matrix(page, server, DESKTOP, today)
    page.focus("#filtre-echeance")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.tri") == "ligne"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.tri") == "nom"
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline
    page.keyboard.press("Enter")
    names = page.eval_on_selector_all("#matrice tbody th", "els => els.map(e => e.textContent)")
    assert names == sorted((c["nom"] for c in matrice["candidats"]), key=str.lower)
    assert page.evaluate("document.activeElement.dataset.tri") == "nom"  # the focus stays on the button
    assert page.get_attribute('th[data-colonne="nom"]', "aria-sort") == "ascending"
    page.keyboard.press("Space")
    assert page.get_attribute('th[data-colonne="nom"]', "aria-sort") == "descending"
    assert page.eval_on_selector_all("#matrice tbody th", "els => els.map(e => e.textContent)") == names[::-1]
    page.focus("#filtre-piece")
    page.keyboard.press("ArrowDown")  # the first piece
    first = matrice["pieces"][0]["id"]
    assert page.input_value("#filtre-piece") == first
    headers = page.eval_on_selector_all("#matrice thead th", "els => els.map(e => e.dataset.colonne)")
    assert headers == ["ligne", "nom", "prenom", "erreurs", first]
