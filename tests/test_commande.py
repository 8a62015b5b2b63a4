"""`python -m bts_inscription checklist` follows the contract: output, exit codes, French messages."""

import json
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "bts_inscription", *map(str, args)], cwd=cwd, capture_output=True, text=True)


def write(tmp_path, content, name="profil.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def test_valid_profile_exits_0_with_the_contract_object(tmp_path):
    path = write(tmp_path, {"categorie": "scolaire", "specialite": "maintenance-des-systemes", "option": "B"})
    result = run("checklist", path)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["edition"] == "2026"
    assert output["erreurs"] == [] and output["avertissements"] == []
    pieces = output["pieces"]
    assert [p["id"] for p in pieces][:3] == ["confirmation_inscription", "piece_identite", "certificats_scolarite"]
    assert "attestation_fluides_frigorigenes" in [p["id"] for p in pieces]
    assert [p["echeance"] for p in pieces] == sorted(p["echeance"] for p in pieces)
    for piece in pieces:
        assert set(piece) >= {"id", "libelle", "echeance", "motif", "sources"}


def test_profile_with_errors_exits_1_and_still_prints(tmp_path):
    path = write(
        tmp_path,
        {"categorie": "scolaire", "specialite": "batiment", "epreuves_facultatives": ["langue_vivante"], "langue_facultative": "portugais"},
    )
    result = run("checklist", path, "--edition", "2026")
    assert result.returncode == 1
    output = json.loads(result.stdout)
    assert [e["champ"] for e in output["erreurs"]] == ["langue_facultative"]
    assert "portugais" in output["erreurs"][0]["message"]
    assert output["erreurs"][0]["sources"]


@pytest.mark.parametrize("content", ["[1, 2]", '"texte"', "null", "42"])
def test_a_json_value_that_is_not_an_object_is_an_error_not_a_traceback(tmp_path, content):
    result = run("checklist", write(tmp_path, content))
    assert result.returncode == 1
    assert json.loads(result.stdout)["erreurs"][0]["champ"] == "profil"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        ("{pas du json", "n'est pas du JSON valide (ligne 1, colonne 2)"),
        (b"\xff\xfe\x00garbage", "Fichier illisible"),
    ],
)
def test_unreadable_files_exit_2_with_one_french_line(tmp_path, content, message):
    path = tmp_path / "profil.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run("checklist", path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_file_and_unknown_edition_exit_2(tmp_path):
    missing = run("checklist", tmp_path / "absent.json")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr.strip() == f"Erreur : Fichier introuvable : {tmp_path / 'absent.json'}"
    path = write(tmp_path, {"categorie": "scolaire", "specialite": "batiment"})
    unknown = run("checklist", path, "--edition", "1999")
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert unknown.stderr.strip() == "Erreur : Édition inconnue : « 1999 ». Éditions disponibles : 2026."


def test_bad_arguments_exit_2_in_french():
    result = run("checklist")
    assert result.returncode == 2
    assert "Erreur : arguments invalides" in result.stderr


def test_every_specialty_and_option_answers(bundle, tmp_path):
    from bts_inscription import checklist

    for specialite in bundle["specialites"]["specialites"]:
        for option in [o["id"] for o in specialite.get("options", [])] or [None]:
            profil = {"categorie": "apprenti", "specialite": specialite["id"]}
            if option:
                profil["option"] = option
            result = checklist(bundle, profil)
            assert result["erreurs"] == [], (profil, result["erreurs"])
    # and the command itself, for one specialty with slug options
    path = write(
        tmp_path,
        {
            "categorie": "formation_continue",
            "specialite": "europlastics-et-composites",
            "option": "conception-outillage",
            "forme": "progressive",
        },
    )
    assert run("checklist", path).returncode == 0


# ---------------------------------------------------------------------------
# Hostile input: exit 2 and one French line, never a traceback (issue 18)
# ---------------------------------------------------------------------------


def assert_refused(result, message):
    """Exit 2, nothing on stdout, one line on stderr holding `message`."""
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr, result.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        (
            '{"categorie": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "n'est pas un profil lisible : ses valeurs sont imbriquées trop profondément.",
        ),
        ('{"x": ' + '{"a": ' * 5_000 + "1" + "}" * 5_001, "n'est pas un profil lisible : ses valeurs sont imbriquées trop profondément."),
        (
            '{"categorie": ' + "7" * 5_000 + "}",
            "n'est pas un profil lisible : un nombre y compte 5\u202f000 chiffres ; au plus 4\u202f300.",
        ),
        (
            '{"benefices": [{"epreuve": "U3", "note": -' + "1" * 4_301 + "}]}",
            "un nombre y compte 4\u202f301 chiffres ; au plus 4\u202f300.",
        ),
        ('{"categorie": NaN}', "n'est pas un profil lisible : « NaN » n'est pas une valeur JSON."),
    ],
    ids=["nested-lists", "nested-objects", "huge-integer", "huge-negative-integer-in-a-table", "nan"],
)
def test_json_that_python_cannot_hold_exits_2_with_one_french_line(tmp_path, content, message):
    assert_refused(run("checklist", write(tmp_path, content)), message)


def test_the_longest_integer_python_reads_is_an_error_of_its_field(tmp_path):
    result = run("checklist", write(tmp_path, '{"categorie": ' + "7" * 4_300 + "}"))
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["erreurs"][0]["champ"] == "categorie"


def test_a_lone_surrogate_echoed_in_a_message_cannot_break_the_output(tmp_path):
    path = write(tmp_path, '{"categorie": "\\ud800", "specialite": "batiment", "\\udc00clé": 1}')
    result = subprocess.run([sys.executable, "-m", "bts_inscription", "checklist", str(path)], cwd=ROOT, capture_output=True)
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    output = json.loads(result.stdout.decode("utf-8"))  # strict UTF-8, and JSON
    assert "\ud800" in output["erreurs"][0]["message"]  # the escape written is the one JSON reads back
    assert [a["champ"] for a in output["avertissements"]] == ["\udc00clé"]
    assert result.stderr == b""


def test_an_unexpected_exception_is_one_line_asking_for_a_report(tmp_path):
    path = write(tmp_path, {"categorie": "scolaire"})
    code = (
        "import sys\n"
        "import bts_inscription.cli as cli\n"
        "def broken(bundle, profil):\n"
        "    raise RuntimeError('pieces\\nsur deux lignes')\n"
        "cli.checklist = broken\n"
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, "checklist", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert_refused(result, f"Erreur interne, signalez-la avec ce fichier ({path}) : RuntimeError : pieces sur deux lignes")


CLASSE = "nom;prenom;categorie;specialite\nMartin;Léa;scolaire;batiment\n"


@pytest.mark.parametrize("where", ["a-file", "under-a-file", "unwritable"])
def test_lot_output_that_cannot_be_written_exits_2_with_one_french_line(tmp_path, where):
    classe = write(tmp_path, CLASSE, "classe.csv")
    fichier = write(tmp_path, "déjà là", "fichier.txt")
    sortie, message = {
        "a-file": (fichier, f"Erreur : --sortie {fichier} est un fichier, pas un dossier."),
        "under-a-file": (
            fichier / "sous" / "dossier",
            f"Erreur : --sortie {fichier / 'sous' / 'dossier'} : {fichier} est un fichier, pas un dossier.",
        ),
        # pieces.csv taken by a folder: the output cannot be written, whoever runs the tests (root too)
        "unwritable": (tmp_path / "sortie", f"Erreur : impossible d'écrire {tmp_path / 'sortie' / 'pieces.csv'} (c'est un dossier)."),
    }[where]
    if where == "unwritable":
        (sortie / "pieces.csv").mkdir(parents=True)
    result = run("lot", classe, "--sortie", sortie)
    assert_refused(result, message)
    assert result.stderr.strip() == message
    assert fichier.read_text(encoding="utf-8") == "déjà là"


def test_lot_refuses_a_read_only_folder_before_reading_the_class(tmp_path):
    classe = write(tmp_path, CLASSE, "classe.csv")
    sortie = tmp_path / "lecture-seule"
    sortie.mkdir()
    code = (
        "import os, sys\n"
        "import bts_inscription.cli as cli\n"
        "os.access = lambda path, mode: False\n"  # as a folder the user may not write to (root may write anywhere)
        "cli.read_file = None\n"  # never reached: the folder is checked first
        "sys.exit(cli.main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "lot", str(classe), "--sortie", str(sortie)], cwd=ROOT, capture_output=True, text=True
    )
    assert_refused(result, f"Erreur : --sortie {sortie} : impossible d'écrire dans ce dossier (accès refusé).")


def timed_run(*args):
    started = time.perf_counter()
    result = run(*args)
    return result, time.perf_counter() - started


def test_100_000_dispenses_take_under_two_seconds(tmp_path):
    """The duplicate check is one pass: it took over 100 s when it counted each value again."""
    for dispenses, code in ((["U1", "U2", "U3"] * 33_334, 0), ([f"X{i}" for i in range(100_000)], 1)):
        path = write(tmp_path, {"categorie": "scolaire", "specialite": "batiment", "dispenses": dispenses})
        (result, first), (_, second) = timed_run("checklist", path), timed_run("checklist", path)
        assert result.returncode == code, result.stderr
        assert min(first, second) < 2.0, f"{min(first, second):.2f} s"  # the better of two: the machine may be busy
    output = json.loads(result.stdout)
    assert [e["champ"] for e in output["erreurs"]] == ["dispenses"]
