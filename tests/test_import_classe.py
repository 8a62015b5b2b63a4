"""The class import reads a file as a teacher types it: headers and values
whatever their case, accents and punctuation, values by label or sigle,
French booleans and decimal commas; only what stays wrong is reported."""

import subprocess
import sys
from pathlib import Path

import pytest

from bts_inscription.classe import InvalidFile, check_rows, read_header
from bts_inscription.export import read_spreadsheet_csv
from bts_inscription.rapprochement import Index, cle
from bts_inscription.reading import read_file
from tests.test_classe import xlsx_from_csv

ROOT = Path(__file__).resolve().parent.parent
HUMAINE = ROOT / "tests" / "fixtures" / "classe-humaine.csv"


def matrix_of(name, content, bundle):
    entete, lignes, numeros = read_file(name, content)
    return check_rows(entete, lignes, bundle, numeros)


def by_line(matrix):
    return {c["ligne"]: c for c in matrix["candidats"]}


@pytest.fixture(scope="module")
def humaine(bundle):
    return matrix_of(HUMAINE.name, HUMAINE.read_bytes(), bundle)


def test_the_held_in_class_file_imports_with_zero_errors(humaine):
    assert HUMAINE.read_bytes().decode("cp1252")  # as Excel saves a French CSV
    assert len(humaine["candidats"]) == 30
    assert [(c["ligne"], c["erreurs"]) for c in humaine["candidats"] if c["erreurs"]] == []
    # The school's own column is set aside, and said so.
    assert humaine["remarques"] == ["Colonne « Classe » ignorée : elle ne correspond à aucune question."]


def test_values_are_read_by_label_sigle_and_in_any_case(humaine):
    lignes = by_line(humaine)
    sio = "services-informatiques-aux-organisations"
    # "SIO" + option sigle "SLAM"; the full label + "B"; "sio" + "A"; "S.I.O." + the option's label
    assert [(lignes[n]["profil"]["specialite"], lignes[n]["profil"]["option"]) for n in (2, 3, 4, 5)] == [
        (sio, "B"),
        (sio, "B"),
        (sio, "A"),
        (sio, "A"),
    ]
    assert {lignes[n]["profil"]["categorie"] for n in (11, 12, 13)} == {
        "formation_continue"
    }  # "Formation continue", "formation continue", "Formation Continue"
    assert lignes[14]["profil"]["specialite"] == "management-en-hotellerie-restauration"  # the exact label
    assert lignes[16]["profil"]["option"] == "C"  # "Management d'unité d'hébergement"
    assert lignes[3]["profil"]["epreuves_facultatives"] == ["mathematiques_approfondies"]
    assert lignes[10]["profil"]["langue_facultative"] == "espagnol"


def test_booleans_marks_and_units_as_typed(humaine):
    lignes = by_line(humaine)
    premiere = {n: lignes[n]["profil"]["scolaire_en_premiere_annee"] for n in (7, 8, 9, 16, 21, 22, 29, 31)}
    assert premiere == {7: True, 8: False, 9: True, 16: True, 21: True, 22: False, 29: True, 31: False}  # Oui non x O 1 0 vrai Non
    assert lignes[12]["profil"]["benefices"] == [{"epreuve": "U3", "note": 12.5, "session": 2025}]
    assert lignes[19]["profil"]["benefices"] == [{"epreuve": "U5", "note": 11.75, "session": 2025}]
    assert lignes[13]["profil"]["dispenses"] == ["U1", "U2"]  # "U1, U2"
    assert (lignes[12]["profil"]["positionnement"], lignes[27]["profil"]["positionnement"]) == (True, True)  # "Oui", "OUI"


def test_the_command_line_gives_the_same_matrix_with_exit_0(humaine, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bts_inscription", "lot", str(HUMAINE), "--sortie", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "30 candidats, 0 ligne à corriger" in result.stderr
    assert "Colonne « Classe » ignorée" in result.stderr
    rows = read_spreadsheet_csv((tmp_path / "pieces.csv").read_bytes())
    assert [int(r[0]) for r in rows[1:]] == [c["ligne"] for c in humaine["candidats"]]
    assert all(r[3] == "" for r in rows[1:])


def test_the_same_class_in_xlsx_gives_the_same_matrix(humaine, bundle, tmp_path):
    utf8 = tmp_path / "classe.csv"
    utf8.write_bytes(HUMAINE.read_bytes().decode("cp1252").encode("utf-8"))
    xlsx = xlsx_from_csv(utf8, tmp_path / "classe.xlsx")
    assert matrix_of("classe.xlsx", xlsx.read_bytes(), bundle)["candidats"] == humaine["candidats"]


WRONG = (
    "Nom;Prénom;Catégorie de candidat;SPÉCIALITÉ;option;Épreuves facultatives\r\n"
    "A;a;Apprentie;MCO;;\r\n"
    "B;b;Scolaire;Managment en hotelerie restauration;;\r\n"
    "C;c;Scolaire;SIO;SLAMM;\r\n"
    "D;d;Scolaire;SIO;B;Mathématiques approfondies|Escalade\r\n"
    "E;e;Scolaire;Tourisme;;\r\n"
)


def test_what_stays_wrong_is_reported_with_row_column_and_suggestion(bundle):
    lignes = by_line(matrix_of("c.csv", WRONG.encode(), bundle))
    erreurs = {n: [(e["champ"], e["colonne"], e["message"]) for e in c["erreurs"]] for n, c in lignes.items()}
    assert erreurs[2] == [("categorie", "Catégorie de candidat", "valeur « Apprentie » inconnue. Vouliez-vous dire « Apprenti » ?")]
    assert erreurs[3][0][:2] == ("specialite", "Spécialité")
    assert erreurs[3][0][2].startswith(
        "valeur « Managment en hotelerie restauration » inconnue. Vouliez-vous dire « Management en hôtellerie restauration »"
    )
    assert erreurs[4][0][:2] == ("option", "Option")
    assert erreurs[4][0][2].startswith("valeur « SLAMM » inconnue (spécialité « Services informatiques aux organisations »).")
    assert "« Solutions logicielles et applications métiers »" in erreurs[4][0][2]
    assert erreurs[5] == [
        (
            "epreuves_facultatives",
            "Épreuves facultatives",
            "valeur « Escalade » inconnue. Valeurs permises : « Engagement étudiant », « Langue vivante facultative », "
            "« Mathématiques approfondies » ou « Parcours de certification complémentaire ».",
        )
    ]
    assert lignes[5]["profil"]["epreuves_facultatives"] == ["mathematiques_approfondies"]  # the part that was right is kept
    assert erreurs[6] == []
    # A row in error still gets its pieces computed from what is right.
    assert lignes[3]["pieces"]["confirmation_inscription"]


def test_a_value_that_could_be_two_is_ambiguous_not_guessed():
    index = Index({"a": {"id": "a", "libelle": "Alpha", "sigle": "AL"}, "b": {"id": "b", "libelle": "Al", "sigle": "B"}})
    assert index.find("AL") == (None, ["a", "b"])
    assert index.find("b") == ("b", [])
    assert index.find("ALPHA") == ("a", [])
    assert index.find("zzz") == (None, [])


def test_the_keys_ignore_case_accents_spaces_and_punctuation():
    assert cle(" Spécialité ") == cle("specialite") == cle("SPECIALITE") == cle("spé-cia-lité")
    assert cle("Scolaire en 1re année") == "scolaireen1reannee"
    assert cle("S.I.O.") == cle("sio")


def test_headers_by_id_or_label_and_unknown_columns_set_aside(bundle):
    noms, remarques = read_header(["NOM", "Prénom", "Catégorie", "Spécialité de BTS", "Spécialité", "INE"], bundle)
    assert noms == ["nom", "prenom", "categorie", None, "specialite", None]
    assert remarques[0].startswith(
        "Colonne « Spécialité de BTS » ignorée : elle ne correspond à aucune question. Vouliez-vous dire « Spécialité »"
    )
    assert remarques[1] == "Colonne « INE » ignorée : elle ne correspond à aucune question."
    with pytest.raises(InvalidFile, match="Colonne en double : « Spécialité » ou « specialite » désignent la même colonne « Spécialité »."):
        read_header(["nom", "Catégorie", "Spécialité", "specialite"], bundle)


def test_the_templates_example_row_is_set_aside(bundle):
    exemple = bundle["profil"]["liste_classe"]["exemple"]["identite"]
    content = f"nom;prenom;categorie;specialite\r\n{exemple['nom'].lower()};{exemple['prenom']};scolaire;batiment\r\nVrai;Élève;scolaire;batiment\r\n"
    matrix = matrix_of("c.csv", content.encode(), bundle)
    assert [c["nom"] for c in matrix["candidats"]] == ["Vrai"]
    assert matrix["remarques"] == ["Ligne 2 ignorée : c'est la ligne d'exemple du modèle."]


def test_the_contract_csv_is_read_as_before(bundle):
    content = "nom;prenom;categorie;specialite;option;positionnement\r\nA;a;scolaire;services-informatiques-aux-organisations;A;oui\r\n"
    (candidat,) = matrix_of("c.csv", content.encode(), bundle)["candidats"]
    assert candidat["profil"] == {
        "categorie": "scolaire",
        "specialite": "services-informatiques-aux-organisations",
        "option": "A",
        "positionnement": True,
    }
