"""The class tool in Chromium: CSV and XLSX uploads, the matrix, the errors,
the exported CSV, the per-candidate print view; same answers as `lot`."""

import pytest

from bts_inscription.export import read_spreadsheet_csv
from tests.site.conftest import assert_same_origin, describe_violations, plain_spaces, run_axe
from tests.test_classe import FIXTURE, run_lot, xlsx_from_csv
from tests.test_import_classe import HUMAINE
from tests.test_lecture_limites import zip_bomb

RESULT = "#resultat-classe"


def open_class_tool(page, server):
    page.goto(f"{server}/outil/classe/")
    page.wait_for_function("() => document.getElementById('statut').textContent.startsWith('Moteur prêt')", timeout=120_000)


def upload(page, path_or_file):
    page.evaluate("document.getElementById('resultat-classe').dataset.etat = 'attente'")
    page.set_input_files("#fichier-classe", path_or_file)
    page.wait_for_selector(f"{RESULT}[data-etat=pret], {RESULT}[data-etat=erreur]", state="attached", timeout=120_000)


def exported_csv(page, tmp_path, name):
    with page.expect_download() as download:
        page.click("#bouton-export")
    path = tmp_path / name
    download.value.save_as(path)
    return path.read_bytes()


@pytest.fixture(scope="module")
def cli_rows(tmp_path_factory):
    out = tmp_path_factory.mktemp("lot")
    run_lot(FIXTURE, out)
    return read_spreadsheet_csv((out / "pieces.csv").read_bytes())


def test_csv_upload_matrix_errors_and_export(page, server, tmp_path, cli_rows, page_log):
    open_class_tool(page, server)
    upload(page, str(FIXTURE))
    assert page.get_attribute(RESULT, "data-etat") == "pret"
    errors = page.eval_on_selector_all("#erreurs-classe li", "els => els.map(e => [e.dataset.ligne, e.dataset.erreur])")
    assert errors == [["5", "option"], ["5", "epreuves_facultatives"], ["5", "langue_facultative"]]
    rows = page.eval_on_selector_all("#matrice tbody tr", "els => els.map(e => e.dataset.ligne)")
    assert rows == ["2", "3", "4", "5", "6"]
    counts = dict(page.eval_on_selector_all("#matrice tfoot [data-compte]", "els => els.map(e => [e.dataset.compte, e.textContent])"))
    assert counts["confirmation_inscription"] == "5" and counts["contrat_apprentissage"] == "2"
    exported = exported_csv(page, tmp_path, "export.csv")
    assert exported.startswith(b"\xef\xbb\xbf") and b"\r\n" in exported
    assert read_spreadsheet_csv(exported) == cli_rows
    violations = run_axe(page)
    assert not violations, describe_violations(violations)
    assert_same_origin(page_log.requests, server)


def test_xlsx_upload_gives_the_same_matrix_as_the_command_line(page, server, tmp_path, cli_rows):
    xlsx = xlsx_from_csv(FIXTURE, tmp_path / "classe.xlsx")
    open_class_tool(page, server)
    upload(page, str(xlsx))
    assert page.get_attribute(RESULT, "data-etat") == "pret"
    assert read_spreadsheet_csv(exported_csv(page, tmp_path, "export.csv")) == cli_rows


def test_sort_and_filter(page, server):
    open_class_tool(page, server)
    upload(page, str(FIXTURE))
    page.click('button[data-tri="nom"]')
    names = page.eval_on_selector_all("#matrice tbody th", "els => els.map(e => e.textContent)")
    assert names == sorted(names, key=str.lower)
    assert page.get_attribute('th[data-colonne="nom"]', "aria-sort") == "ascending"
    page.select_option("#filtre-piece", "contrat_apprentissage")
    lines = page.eval_on_selector_all("#matrice tbody tr", "els => els.map(e => e.dataset.ligne)")
    assert sorted(lines) == ["3", "6"]
    headers = page.eval_on_selector_all("#matrice thead th", "els => els.map(e => e.dataset.colonne)")
    assert headers == ["ligne", "nom", "prenom", "erreurs", "contrat_apprentissage"]
    page.select_option("#filtre-piece", "")
    page.select_option("#filtre-echeance", "2025-12-12")
    headers = page.eval_on_selector_all("#matrice thead th", "els => els.map(e => e.dataset.colonne)")
    assert "attestation_r408" in headers and "piece_identite" not in headers


def test_print_view_has_one_checklist_per_page(page, server):
    open_class_tool(page, server)
    upload(page, str(FIXTURE))
    page.emulate_media(media="print")
    page.wait_for_selector("#impression-classe[data-etat=pret]", state="attached")  # built once the matrix is shown
    articles = page.locator("#impression-classe article.bts-candidat")
    assert articles.count() == 4  # line 5, in error, is printed on demand only (test_classe_impression.py)
    assert all(articles.nth(i).is_visible() for i in range(4))
    assert page.eval_on_selector("#impression-classe article", "e => getComputedStyle(e).breakAfter") == "page"
    assert not page.is_visible("#matrice")
    first = articles.nth(0).inner_text()
    assert "Léa Durand" in first and "2026" in first and "Attestation de formation à la manipulation des fluides frigorigènes" in first


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("vide.csv", b"", "Le fichier est vide"),
        ("binaire.csv", bytes(range(256)) * 8, "contenu binaire"),
        ("colonnes.csv", b"nom;prenom;categorie\r\nA;B;scolaire\r\n", "Colonne obligatoire absente : « Spécialité »"),
        ("entete.csv", b"Durand;Lea;scolaire;batiment\r\n", "pas de ligne d'en-tête"),
    ],
)
def test_unusable_files_give_one_clear_message(page, server, name, content, message, page_log):
    open_class_tool(page, server)
    upload(page, {"name": name, "mimeType": "text/csv", "buffer": content})
    assert page.get_attribute(RESULT, "data-etat") == "erreur"
    status = plain_spaces(page.inner_text("#statut-classe"))
    assert status.startswith(f"Fichier refusé – {name} : ") and message in status
    # Styled as an error (not by colour alone: worded "Fichier refusé"), in the polite live region.
    style = page.eval_on_selector("#statut-classe", "e => [getComputedStyle(e).color, getComputedStyle(e).borderLeftStyle]")
    assert style == ["rgb(176, 0, 32)", "solid"]
    assert page.get_attribute("#statut-classe", "aria-live") == "polite"
    assert page_log.page_errors == []


def test_a_class_typed_by_hand_imports_as_on_the_command_line(page, server, tmp_path):
    """The held-in 30-row file (labels, sigles, capitals, accented headers, decimal
    commas, Windows-1252): zero rows to fix, and the matrix `lot` writes."""
    out = tmp_path / "lot"
    assert run_lot(HUMAINE, out).returncode == 0
    open_class_tool(page, server)
    upload(page, str(HUMAINE))
    assert page.get_attribute(RESULT, "data-etat") == "pret"
    assert plain_spaces(page.inner_text("#statut-classe")) == "classe-humaine.csv : 30 candidats traités, 0 ligne à corriger."
    assert page.inner_text("#erreurs-classe") == "Aucune ligne à corriger."
    assert "Colonne « Classe » ignorée" in plain_spaces(page.inner_text("#remarques-classe"))
    exported = read_spreadsheet_csv(exported_csv(page, tmp_path, "export.csv"))
    assert exported == read_spreadsheet_csv((out / "pieces.csv").read_bytes())


def test_a_refused_zip_bomb_leaves_the_tool_working(page, server, tmp_path, page_log):
    open_class_tool(page, server)
    upload(page, str(zip_bomb(tmp_path / "bombe.xlsx")))
    assert page.get_attribute(RESULT, "data-etat") == "erreur"
    assert "Ce classeur se décompresse en" in plain_spaces(page.inner_text("#statut-classe"))
    upload(page, str(FIXTURE))  # the worker survived: the next file works
    assert page.get_attribute(RESULT, "data-etat") == "pret"
    assert page.locator("#matrice tbody tr").count() == 5
    assert page_log.page_errors == []


def test_a_long_list_comes_onto_the_page_in_batches(page, server, tmp_path):
    """A school's whole list: 200 rows at a time, the next ones a button away,
    the count and the exports about every row."""
    lines = HUMAINE.read_bytes().decode("cp1252").splitlines()
    big = tmp_path / "lycee.csv"
    big.write_text("\n".join([lines[0]] + [f"N{i};" + ";".join(lines[1 + i % 30].split(";")[1:]) for i in range(450)]), encoding="utf-8")
    open_class_tool(page, server)
    upload(page, str(big))
    rows = page.locator("#matrice tbody tr")
    assert rows.count() == 200
    assert plain_spaces(page.inner_text("#plus-de-lignes")) == "Montrer 200 lignes de plus (200 sur 450 à l'écran)"
    page.focus("#plus-de-lignes")
    page.keyboard.press("Enter")
    assert rows.count() == 400
    assert page.evaluate("document.activeElement.closest('tr').dataset.ligne") == "202"  # the first new row
    page.click("#plus-de-lignes")
    assert rows.count() == 450 and page.is_hidden("#plus-de-lignes")
    assert plain_spaces(page.inner_text("#compte-matrice")).startswith("450 candidats affichés sur 450")
