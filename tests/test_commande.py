"""`python -m bts_inscription checklist` follows the contract: output, exit codes, French messages."""

import json
import subprocess
import sys

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
