"""The matrix as a teachers' workbook (pieces.xlsx, `lot` and the class tool's
export): readable headers, the rows of pieces.csv, autofilter, frozen panes,
rows in error marked; and the engine's exports, of the whole class or of the
rows shown, in both formats."""

import base64
import datetime
import io
import json

import openpyxl
import pytest

from bts_inscription.bridge import Engine
from bts_inscription.dates import date_fr
from bts_inscription.export import matrix_xlsx, read_spreadsheet_csv
from tests.test_classe import FIXTURE, matrix_of, run_lot


@pytest.fixture(scope="module")
def matrice(bundle):
    return matrix_of("classe.csv", FIXTURE.read_bytes(), bundle)


@pytest.fixture(scope="module")
def lot_output(tmp_path_factory):
    out = tmp_path_factory.mktemp("lot")
    result = run_lot(FIXTURE, out)
    return out, result


def sheet_of(octets):
    return openpyxl.load_workbook(io.BytesIO(octets)).active


def expected_headers(bundle) -> list:
    """Each piece's label, then its deadline in the rules' words, with its year."""
    dates = {e["id"]: e["date"] for e in bundle["calendrier"]["echeances"]}
    formule = bundle["calendrier"]["formule"]
    return ["Ligne", "Nom", "Prénom", "Erreurs"] + [
        f"{p['libelle']}\n{formule.replace('{date}', date_fr(dates[p['echeance']]))}" for p in bundle["pieces"]["pieces"]
    ]


def test_lot_writes_pieces_xlsx_and_says_so(lot_output):
    out, result = lot_output
    assert result.returncode == 1, result.stderr
    assert (out / "pieces.xlsx").read_bytes().startswith(b"PK")
    assert str(out / "pieces.xlsx") in result.stderr
    help_text = run_lot("--help", out).stdout
    assert "pieces.xlsx" in help_text


def test_headers_are_readable_with_each_deadline_and_its_year(bundle, lot_output):
    sheet = sheet_of((lot_output[0] / "pieces.xlsx").read_bytes())
    headers = [cell.value for cell in sheet[1]]
    assert headers == expected_headers(bundle)
    years = {str(datetime.date.fromisoformat(e["date"]).year) for e in bundle["calendrier"]["echeances"]}
    assert all(any(year in header for year in years) for header in headers[4:])
    assert all(cell.font.bold and cell.alignment.wrap_text for cell in sheet[1])


def test_rows_are_those_of_pieces_csv_with_real_dates(lot_output):
    out = lot_output[0]
    csv_rows = read_spreadsheet_csv((out / "pieces.csv").read_bytes())
    sheet = sheet_of((out / "pieces.xlsx").read_bytes())
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(csv_rows) - 1 == 5
    for row, csv_row in zip(rows, csv_rows[1:]):
        ligne, nom, prenom, erreurs, *dates = row
        assert [str(ligne), nom or "", prenom or ""] == csv_row[:3]
        assert [d.date().isoformat() if d else "" for d in dates] == csv_row[4:]
    # every date cell shows its year
    date_cells = [c for r in sheet.iter_rows(min_row=2, min_col=5) for c in r if c.value is not None]
    assert date_cells and all(c.is_date and c.number_format == "DD/MM/YYYY" for c in date_cells)
    # a cell that a spreadsheet would run as a formula stays text
    formula_row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == "=Cmd")
    assert formula_row[1].data_type == "s" and formula_row[2].value == "+Eve" and formula_row[2].data_type == "s"


def test_autofilter_and_frozen_panes(lot_output):
    sheet = sheet_of((lot_output[0] / "pieces.xlsx").read_bytes())
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(sheet.max_column)}{sheet.max_row}"
    assert sheet.max_row == 6
    assert sheet.freeze_panes == "D2"


def test_rows_in_error_are_filled_and_carry_their_messages(matrice):
    sheet = sheet_of(matrix_xlsx(matrice))
    by_line = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    in_error = [c for c in matrice["candidats"] if c["erreurs"]]
    assert in_error and len(in_error) < len(matrice["candidats"])
    for candidat in matrice["candidats"]:
        row = by_line[candidat["ligne"]]
        fills = {cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None for cell in row}
        if candidat["erreurs"]:
            assert len(fills) == 1 and None not in fills, f"ligne {candidat['ligne']} : {fills}"
            lines = row[3].value.split("\n")
            assert lines == [f"{e.get('colonne', e['champ'])} : {e['message']}" for e in candidat["erreurs"]]
            assert all(e["message"] in row[3].value for e in candidat["erreurs"])
            assert row[3].alignment.wrap_text
        else:
            assert fills == {None} and row[3].value is None


def cli_pieces_csv(tmp_path):
    run_lot(FIXTURE, tmp_path / "lot")
    return (tmp_path / "lot" / "pieces.csv").read_bytes()


def test_engine_export_of_the_whole_class_and_of_the_rows_shown(bundle, tmp_path):
    engine = Engine(json.dumps(bundle))
    with pytest.raises(ValueError, match="Aucune liste"):
        engine.export(json.dumps({"format": "csv", "lignes": None}))
    engine.lot("classe.csv", FIXTURE.read_bytes())

    def export(format_, lignes):
        answer = json.loads(engine.export(json.dumps({"format": format_, "lignes": lignes})))
        return answer, base64.b64decode(answer["base64"])

    answer, whole = export("csv", None)
    assert read_spreadsheet_csv(whole) == read_spreadsheet_csv(cli_pieces_csv(tmp_path))  # the contract's pieces.csv, as lot writes it
    assert answer["type"].startswith("text/csv") and answer["lignes"] == 5
    answer, some = export("csv", [6, 2])
    rows = read_spreadsheet_csv(some)
    assert answer["lignes"] == 2
    assert rows[0] == read_spreadsheet_csv(whole)[0]  # the same columns
    assert [r[0] for r in rows[1:]] == ["6", "2"]  # the rows shown, in the order shown
    answer, workbook = export("xlsx", [4])
    assert answer["type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" and answer["lignes"] == 1
    assert [r[0] for r in sheet_of(workbook).iter_rows(min_row=2, values_only=True)] == [4]
    assert sheet_of(workbook).auto_filter.ref.endswith("2")
    with pytest.raises(ValueError, match="Format d'export inconnu"):
        engine.export(json.dumps({"format": "ods", "lignes": None}))
    engine.lot("vide.csv", b"")
    with pytest.raises(ValueError, match="Aucune liste"):  # never the previous file's rows
        engine.export(json.dumps({"format": "xlsx", "lignes": None}))
