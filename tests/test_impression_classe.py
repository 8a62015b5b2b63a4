"""The printed sheets of a class (printing.py, `lot`'s checklists.html): the
profile each list was computed for, in the rules' labels; the class, the
establishment, the date and the stamp; rows in error left out or marked; a QR
code of the candidate tool's link, which carries the profile and no name."""

import datetime
import json
import re
from html import escape as html_escape
from html import unescape as html_unescape
from urllib.parse import unquote

import pytest

from bts_inscription.bridge import Engine, expand_sheets
from bts_inscription.dates import date_fr
from bts_inscription.printing import candidate_sheets, checklists_html, printed_sheets, profil_link
from bts_inscription.regles import regles_for
from tests.test_classe import FIXTURE, matrix_of, run_lot

ADRESSE = "https://exemple.fr/bts/outil/"
NBSP, NNBSP = "\u00a0", "\u202f"
SECTION = re.compile(r'<section class="candidat" data-ligne="(\d+)">(.*?)</section>', re.S)


@pytest.fixture(scope="module")
def matrice(bundle):
    return matrix_of("classe.csv", FIXTURE.read_bytes(), bundle)


@pytest.fixture(scope="module")
def sheets(matrice, bundle):
    return {sheet["ligne"]: sheet for sheet in candidate_sheets(matrice, bundle)}


def recap(sheet) -> dict:
    return {line["champ"]: (line["libelle"], line["texte"]) for line in sheet["recapitulatif"]}


def mots(bundle) -> dict:
    return bundle["profil"]["liste_classe"]["impression"]


def test_the_recap_gives_each_answer_in_the_rules_labels(sheets, bundle):
    champs = regles_for(bundle).champs
    martin = sheets[3]  # apprenti;batiment;;OUI;;;U3:12,5:2024;;;non
    categorie = champs["categorie"].valeurs({})[martin["profil"]["categorie"]]["libelle"]
    specialite = champs["specialite"].valeurs({})[martin["profil"]["specialite"]]["libelle"]
    assert recap(martin) == {
        "categorie": (champs["categorie"].libelle, categorie),
        "specialite": (champs["specialite"].libelle, specialite),
        "scolaire_en_premiere_annee": (champs["scolaire_en_premiere_annee"].libelle, mots(bundle)["oui"]),
        "benefices": (champs["benefices"].libelle, f"U3{NBSP}: 12,5 (2024)"),
        "positionnement": (champs["positionnement"].libelle, mots(bundle)["non"]),
    }
    nguyen = recap(sheets[4])  # dispenses U1|U2, two optional exams, a language
    assert nguyen["dispenses"][1] == "U1, U2"
    langues = champs["epreuves_facultatives"].valeurs(sheets[4]["profil"])
    assert nguyen["epreuves_facultatives"][1] == langues[sheets[4]["profil"]["epreuves_facultatives"][0]]["libelle"]
    assert nguyen["langue_facultative"][1] == champs["langue_facultative"].valeurs({})["espagnol"]["libelle"]
    assert [line["champ"] for line in sheets[4]["recapitulatif"]] == [c for c in champs if c in nguyen], "dans l'ordre de profil.yaml"


def test_an_options_label_is_the_chosen_specialtys(bundle):
    regles = regles_for(bundle)
    with_b = [s for s in regles.specialites.values() if any(o["id"] == "B" for o in s.get("options", []))][:2]
    rows = [["A", next(iter(regles.categories)), s["id"], "B"] for s in with_b]
    matrix = matrix_of_rows(bundle, ["nom", "categorie", "specialite", "option"], rows)
    texts = [recap(sheet)["option"][1] for sheet in candidate_sheets(matrix, bundle)]
    expected = [f"B – {next(o['libelle'] for o in s['options'] if o['id'] == 'B')}" for s in with_b]
    assert texts == expected and texts[0] != texts[1]


def matrix_of_rows(bundle, header, rows):
    from bts_inscription.classe import check_rows

    return check_rows(header, rows, bundle)


def test_several_benefits_are_one_line_each_separated(bundle):
    matrix = matrix_of_rows(
        bundle, ["nom", "categorie", "specialite", "benefices"], [["A", "scolaire", "batiment", "U3:12,5:2024|U4:10:2023"]]
    )
    (sheet,) = candidate_sheets(matrix, bundle)
    assert recap(sheet)["benefices"][1] == f"U3{NBSP}: 12,5 (2024){NNBSP}; U4{NBSP}: 10 (2023)"


def test_a_sheet_says_nothing_meant_for_the_teacher_only(sheets, matrice, bundle):
    petit = sheets[5]
    assert petit["a_corriger"] and petit["mention"] == mots(bundle)["a_corriger"]
    assert "erreurs" not in petit
    page = checklists_html(matrice, bundle, avec_a_corriger=True)
    messages = [e["message"] for c in matrice["candidats"] for e in c["erreurs"]]
    assert messages and not [m for m in messages if m in page]
    assert all(not sheet["a_corriger"] and sheet["mention"] == "" for line, sheet in sheets.items() if line != 5)


def test_printed_sheets_leave_rows_in_error_out_unless_asked(sheets):
    every = list(sheets.values())
    assert [s["ligne"] for s in printed_sheets(every)] == [2, 3, 4, 6]
    assert [s["ligne"] for s in printed_sheets(every, avec_a_corriger=True)] == [2, 3, 4, 5, 6]


def test_the_page_carries_class_establishment_date_stamp_and_recap(matrice, bundle, sheets):
    page = checklists_html(
        matrice, bundle, classe="BTS 2 <A>", etablissement="Lycée Schœlcher", aujourdhui=datetime.date(2026, 12, 1), adresse=ADRESSE
    )
    printed = dict(SECTION.findall(page))
    assert sorted(map(int, printed)) == [2, 3, 4, 6]
    for line, html in printed.items():
        sheet = sheets[int(line)]
        assert f"Classe{NBSP}: BTS 2 &lt;A&gt; · Établissement{NBSP}: Lycée Schœlcher" in html
        assert f"Imprimé le {date_fr('2026-12-01')} · {sheet['tampon']}" in html
        assert date_fr("2026-12-01") == "1er décembre 2026"
        assert f"Édition {bundle['edition']} des règles, empreinte {bundle['empreinte'][:12]}" in html
        for libelle, texte in recap(sheet).values():
            assert f"<dt>{html_escape(libelle)}</dt><dd>{html_escape(texte)}</dd>" in html
        assert mots(bundle)["a_corriger"] not in html  # no mention on a complete list
    assert "Classe" not in checklists_html(matrice, bundle).split("<body>")[1], "sans classe, pas de ligne vide"


def test_an_error_row_is_printed_marked_when_asked(matrice, bundle):
    printed = dict(SECTION.findall(checklists_html(matrice, bundle, avec_a_corriger=True)))
    assert f'<p class="mention">{mots(bundle)["a_corriger"]}</p>' in printed["5"]
    assert sum(mots(bundle)["a_corriger"] in html for html in printed.values()) == 1


def links_of(page) -> list:
    return [html_unescape(link) for link in re.findall(r'data-lien="([^"]*)"', page)]


def test_each_sheet_has_a_qr_code_of_the_tools_link_with_its_profile_and_no_name(matrice, bundle, sheets):
    page = checklists_html(matrice, bundle, adresse=ADRESSE)
    printed = dict(SECTION.findall(page))
    for line, html in printed.items():
        (link,) = links_of(html)
        assert link.startswith(f"{ADRESSE}#profil=")
        assert json.loads(unquote(link.split("#profil=", 1)[1])) == sheets[int(line)]["profil"]
        candidat = next(c for c in matrice["candidats"] if c["ligne"] == int(line))
        assert candidat["nom"] not in unquote(link) and candidat["prenom"] not in unquote(link)
        assert re.search(r'<img src="data:image/svg\+xml;charset=utf-8,[^"]+" data-lien=', html)
    assert "<img" not in checklists_html(matrice, bundle), "sans --adresse, pas de code QR"


def test_the_link_is_the_candidate_tools_share_link():
    """encodeURIComponent(JSON.stringify(profil)), as answers.mjs shareLink writes it."""
    profil = {"categorie": "scolaire", "dispenses": ["U1"], "benefices": [{"epreuve": "U3", "note": 12.5, "session": 2025}], "x": "é (1)!"}
    expected = (
        "https://exemple.fr/outil/#profil=%7B%22categorie%22%3A%22scolaire%22%2C%22dispenses%22%3A%5B%22U1%22%5D%2C"
        "%22benefices%22%3A%5B%7B%22epreuve%22%3A%22U3%22%2C%22note%22%3A12.5%2C%22session%22%3A2025%7D%5D%2C%22x%22%3A%22%C3%A9%20(1)!%22%7D"
    )
    assert profil_link("https://exemple.fr/outil/#ancien", profil) == expected


def test_the_bridge_gives_the_sheets_and_leaves_the_qr_codes_to_the_page(bundle, matrice):
    """The class tool's page makes the codes (code-qr.mjs): segno is never loaded in the browser."""
    engine = Engine(json.dumps(bundle))
    answer = json.loads(engine.lot("classe.csv", FIXTURE.read_bytes()))
    assert expand_sheets(answer) == candidate_sheets(matrice, bundle)
    assert not any("data:image" in json.dumps(sheet) for sheet in expand_sheets(answer)), "pas de code QR à l'import"
    assert all(sheet["profil"] for sheet in expand_sheets(answer)), "le profil dont la page fait le lien"


def test_lot_leaves_rows_in_error_out_of_its_page_unless_asked(tmp_path, bundle):
    result = run_lot(FIXTURE, tmp_path / "a")
    page = (tmp_path / "a" / "checklists.html").read_text(encoding="utf-8")
    assert [line for line, _ in SECTION.findall(page)] == ["2", "3", "4", "6"] and "<img" not in page
    assert "checklists.html : 1 ligne à corriger sans liste imprimée (--avec-lignes-a-corriger" in result.stderr
    result = run_lot(
        FIXTURE, tmp_path / "b", "--avec-lignes-a-corriger", "--adresse", ADRESSE, "--nom-classe", "BTS 2", "--etablissement", "Lycée"
    )
    page = (tmp_path / "b" / "checklists.html").read_text(encoding="utf-8")
    assert [line for line, _ in SECTION.findall(page)] == ["2", "3", "4", "5", "6"]
    assert mots(bundle)["a_corriger"] in dict(SECTION.findall(page))["5"] and f"Classe{NBSP}: BTS 2 · Établissement{NBSP}: Lycée" in page
    assert len(links_of(page)) == 5 and "sans liste imprimée" not in result.stderr


def test_lot_wants_a_whole_address_for_its_qr_codes(tmp_path):
    result = run_lot(FIXTURE, tmp_path, "--adresse", "outil/")
    assert result.returncode == 2
    assert "adresse complète attendue, par exemple https://exemple.fr/outil/ (reçu : outil/)" in result.stderr
