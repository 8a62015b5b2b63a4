"""Class lists on the command line: reading, row checks, the contract's pieces.csv."""

import csv
import io
import subprocess
import sys

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bts_inscription.classe import InvalidFile, check_rows, matrix_rows
from bts_inscription.export import read_spreadsheet_csv, spreadsheet_csv
from bts_inscription.reading import read_file
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "classe.csv"


def xlsx_from_csv(path, destination):
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.data_type = "s"  # text, as a spreadsheet keeps "=Cmd" typed in a text cell
    workbook.save(destination)
    return destination


def matrix_of(name, content, bundle):
    header, rows, numbers = read_file(name, content)
    return check_rows(header, rows, bundle, numbers)


def run_lot(path, out, *extra):
    return subprocess.run(
        [sys.executable, "-m", "bts_inscription", "lot", str(path), "--sortie", str(out), *extra], cwd=ROOT, capture_output=True, text=True
    )


def test_lot_writes_the_contract_csv(tmp_path):
    result = run_lot(FIXTURE, tmp_path / "sortie")
    assert result.returncode == 1, result.stderr
    raw = (tmp_path / "sortie" / "pieces.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    rows = read_spreadsheet_csv(raw)
    header = rows[0]
    assert header[:4] == ["ligne", "nom", "prenom", "erreurs"]
    by_name = {row[1]: dict(zip(header, row)) for row in rows[1:]}
    assert [row[0] for row in rows[1:]] == ["2", "3", "4", "5", "6"]
    durand = by_name["Durand"]
    assert durand["erreurs"] == ""
    assert durand["certificats_scolarite"] == "2025-11-19"
    assert durand["attestation_fluides_frigorigenes"] == "2025-12-12"
    assert durand["demande_engagement_etudiant"] == "2025-12-12"
    assert durand["contrat_apprentissage"] == ""
    martin = by_name["Martin"]
    assert (
        martin["contrat_apprentissage"],
        martin["certificat_scolarite_premiere_annee"],
        martin["releve_notes_benefices"],
        martin["attestation_r408"],
    ) == ("2025-11-19", "2025-11-19", "2025-11-19", "2025-12-12")
    nguyen = by_name["Nguyen"]
    assert nguyen["prenom"] == "Anne; Marie"
    assert (nguyen["attestation_formation"], nguyen["justificatif_dispense"], nguyen["erreurs"]) == ("2025-11-19", "2025-11-19", "")
    petit = by_name["Petit"]
    assert petit["erreurs"].startswith("option : ")
    assert "epreuves_facultatives : Au plus 2" in petit["erreurs"] and "langue_facultative : Le portugais" in petit["erreurs"]
    assert petit["confirmation_inscription"] == "2025-11-19"
    # formula guard: the exported cell is disarmed, reading back gives the text
    assert b";'=Cmd;'+Eve;" in raw
    assert by_name["=Cmd"]["prenom"] == "+Eve"
    assert (
        "tests/fixtures/classe.csv:5: Option : valeur « C » inconnue (spécialité « Services informatiques aux organisations »)"
        in result.stderr
    )
    html = (tmp_path / "sortie" / "checklists.html").read_text(encoding="utf-8")
    # Line 5 is in error: by default it gets no printed list (test_impression_classe.py).
    assert html.count('<section class="candidat"') == 4 and "break-after: page" in html


def test_xlsx_gives_the_same_matrix_as_csv(tmp_path, bundle):
    from_csv = matrix_rows(matrix_of("classe.csv", FIXTURE.read_bytes(), bundle))
    xlsx = xlsx_from_csv(FIXTURE, tmp_path / "classe.xlsx")
    from_xlsx = matrix_rows(matrix_of("classe.xlsx", xlsx.read_bytes(), bundle))
    assert from_xlsx == from_csv
    assert run_lot(xlsx, tmp_path / "x").returncode == 1


def test_windows_1252_and_comma_separator(bundle):
    content = "nom,prenom,categorie,specialite\r\nLefèvre,Zoé,scolaire,batiment\r\n".encode("cp1252")
    matrix = matrix_of("classe.csv", content, bundle)
    assert matrix["candidats"][0]["nom"] == "Lefèvre"
    assert matrix["candidats"][0]["prenom"] == "Zoé"
    assert matrix["candidats"][0]["erreurs"] == []


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("vide.csv", b"", "Le fichier est vide : il doit contenir une ligne d'en-tête puis un candidat par ligne."),
        ("blancs.csv", b"\r\n\r\n", "Le fichier est vide : il doit contenir une ligne d'en-tête puis un candidat par ligne."),
        ("sans-entete.csv", b";;;\r\nDurand;Lea;scolaire;batiment\r\n", "Le fichier n'a pas de ligne d'en-tête"),
        ("binaire.csv", bytes(range(256)) * 4, "Ce fichier n'est pas une liste CSV lisible (contenu binaire)"),
        ("faux.xlsx", b"nom;prenom\r\n", "Ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel."),
        ("abime.xlsx", b"PK\x03\x04abime", "Ce fichier XLSX est illisible ou endommagé"),
        ("obligatoire.csv", b"nom;prenom;categorie\r\n", "Colonne obligatoire absente : « Spécialité »."),
    ],
)
def test_unusable_files_get_one_clear_message(name, content, message, bundle):
    with pytest.raises(InvalidFile) as raised:
        matrix_of(name, content, bundle)
    assert str(raised.value).startswith(message)


def test_unusable_file_on_the_command_line_exits_2_without_traceback(tmp_path):
    path = tmp_path / "binaire.csv"
    path.write_bytes(bytes(range(256)))
    result = run_lot(path, tmp_path / "sortie")
    assert result.returncode == 2
    assert "contenu binaire" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "sortie" / "pieces.csv").exists()


def test_a_bad_row_never_stops_the_others(bundle):
    content = (
        "nom;prenom;categorie;specialite;positionnement;benefices\r\n"
        "A;a;scolaire;batiment;peut-être;\r\n"
        "B;b;scolaire;batiment;;U3:douze:2024\r\n"
        "C;c;inconnue;batiment;;\r\n"
        "D;d;scolaire;batiment;oui;\r\n"
    ).encode()
    matrix = matrix_of("c.csv", content, bundle)
    errors = {c["nom"]: [(e["champ"], e["message"]) for e in c["erreurs"]] for c in matrix["candidats"]}
    assert errors["A"] == [
        (
            "positionnement",
            "valeur « peut-être » illisible ; attendu : oui ou non (aussi : o, x, vrai, 1, true pour oui ; n, faux, 0, false pour non).",
        )
    ]
    assert errors["B"] == [("benefices", "valeur « U3:douze:2024 » illisible ; attendu : un nombre, par exemple 12,5.")]
    assert errors["C"][0][0] == "categorie"
    assert errors["D"] == []
    assert matrix["candidats"][3]["pieces"]["decision_positionnement"] == "2025-11-19"
    assert [c["ligne"] for c in matrix["candidats"]] == [2, 3, 4, 5]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(), min_size=1, max_size=5), min_size=1, max_size=5))
def test_export_then_import_round_trips_any_text(rows):
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    assert read_spreadsheet_csv(spreadsheet_csv(rows)) == rows


@pytest.mark.parametrize("text", ["=1+1", "+33 6", "-2", "@SUM(A1)", "'=déjà", "a;b", 'guillemet "x"', "ligne\r\nsuivante", "\ufeffBOM"])
def test_dangerous_and_tricky_cells(text):
    exported = spreadsheet_csv([[text]])
    assert read_spreadsheet_csv(exported) == [[text]]
    first = exported.decode("utf-8-sig").lstrip('"')
    assert not first.startswith(("=", "+", "-", "@"))


def test_the_class_tool_prints_the_command_lines_sheets(bundle):
    """One printed checklist: the browser's sheets are the ones checklists.html is made of."""
    import json

    from bts_inscription.bridge import Engine, expand_sheets
    from bts_inscription.classe import check_rows
    from bts_inscription.printing import candidate_sheets, checklists_html
    from bts_inscription.reading import read_file

    octets = (ROOT / "tests" / "fixtures" / "classe.csv").read_bytes()
    answer = json.loads(Engine(json.dumps(bundle)).lot("classe.csv", octets))
    matrice = check_rows(*read_file("classe.csv", octets)[:2], bundle, read_file("classe.csv", octets)[2])
    assert expand_sheets(answer) == candidate_sheets(matrice, bundle)
    page = checklists_html(matrice, bundle, avec_a_corriger=True)
    for sheet in expand_sheets(answer):
        assert sheet["titre"] in page and all(group["titre"] in page for group in sheet["groupes"])
    assert expand_sheets(answer)[0]["groupes"][0]["titre"] == "À déposer sur CYCLADES au plus tard le 19 novembre 2025"
