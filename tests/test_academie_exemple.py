"""A second, fictitious académie adopts the project with YAML alone.

The rules tree tests/fixtures/academie_exemple/rules/2031 is an edition of an
« Académie d'exemple »: five categories, two profile fields of its own, timed
deadlines in another time zone, a per-specialty deadline, its own languages.
Its YAML cases go through the command line, one profile at a time
(`checklist`) and as a class list (`lot`), exactly as an académie would run them.
"""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bts_inscription.export import read_spreadsheet_csv
from build_tools import schema_check
from build_tools.compiler import compile_edition
from build_tools.yaml_strict import load_file
from tests.conftest import ROOT

FIXTURE_RULES = ROOT / "tests" / "fixtures" / "academie_exemple" / "rules"
EDITION = "2031"
IDENTITY = ("nom", "prenom")


def load_cases(rules: Path = FIXTURE_RULES, edition: str = EDITION) -> list:
    """[(where, case)] of the fixture's YAML cases, each checked against cas.schema.json."""
    cases = []
    for path in sorted((rules / edition / "cas").glob("*.yaml")):
        loaded, errors = load_file(path, str(path.relative_to(ROOT)))
        assert not errors, [str(e) for e in errors]
        schema_errors = schema_check.check(loaded, "cas")
        assert not schema_errors, [str(e) for e in schema_errors]
        for index, case in enumerate(loaded.data["cas"]):
            cases.append((f"{path.relative_to(ROOT)}:{loaded.position(('cas', index))[0]}", case))
    return cases


CASES = load_cases()


def case_params():
    return [pytest.param(where, case, id=case["nom"]) for where, case in CASES]


def copy_rules(destination: Path) -> Path:
    """A private copy of the fixture's rules root: the engine's bundle cache
    (next to the rules root) then lives in the test's temporary folder."""
    root = destination / "rules"
    shutil.copytree(FIXTURE_RULES, root)
    return root


def environment(rules_root: Path) -> dict:
    return {**os.environ, "BTS_INSCRIPTION_REGLES": str(rules_root)}


def run_engine(rules_root: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bts_inscription", *args, "--edition", EDITION],
        cwd=ROOT,
        env=environment(rules_root),
        capture_output=True,
        text=True,
    )


def field_ids(answers) -> list:
    return sorted(answer["champ"] for answer in answers)


def csv_cell(champ: dict, value) -> str:
    """A profile value as a class list cell (site_src/bts_inscription/classe.py's contract)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if champ["type"] == "tableau_notes":
        return "|".join(":".join(str(ligne[c["id"]]).replace(".", ",") for c in champ["colonnes"]) for ligne in value)
    if isinstance(value, list):
        return "|".join(value)
    return str(value)


def class_list(bundle: dict, cases) -> bytes:
    """A class list CSV with one row per case: nom;prenom and every profile field."""
    champs = bundle["profil"]["champs"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([*IDENTITY, *(champ["id"] for champ in champs)])
    for number, (_, case) in enumerate(cases, start=1):
        profil = case["profil"]
        writer.writerow(
            [f"Exemple{number}", "Cas", *(csv_cell(champ, profil[champ["id"]]) if champ["id"] in profil else "" for champ in champs)]
        )
    return out.getvalue().encode("utf-8")


def error_fields(cell: str) -> list:
    """The fields named by a pieces.csv `erreurs` cell (« champ : message | champ : message »)."""
    return sorted(part.split(" : ", 1)[0] for part in cell.split(" | ")) if cell else []


def compiled_bundle() -> dict:
    compilation = compile_edition(FIXTURE_RULES / EDITION)
    assert compilation.ok, "\n".join(map(str, compilation.erreurs))
    return compilation.bundle


@pytest.fixture(scope="module")
def bundle() -> dict:
    return compiled_bundle()


@pytest.fixture(scope="module")
def rules_root(tmp_path_factory) -> Path:
    return copy_rules(tmp_path_factory.mktemp("academie_exemple"))


# ---------- the edition itself ----------


@pytest.mark.parametrize("form", ["folder", "edition"])
def test_validate_accepts_the_edition_without_any_warning(form):
    args = [str(FIXTURE_RULES / EDITION)] if form == "folder" else ["--edition", EDITION]
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "validate", *args], cwd=ROOT, env=environment(FIXTURE_RULES), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "", f"erreurs ou avertissements :\n{result.stdout}"
    assert result.stderr.startswith(f"Édition {EDITION} valide"), result.stderr
    assert "à confirmer" not in result.stderr


def test_the_edition_is_its_own_academie(bundle):
    identite = bundle["identite"]
    assert identite["academie"] == "Académie d'exemple"
    assert identite["fuseau_horaire"] == "America/Martinique"
    assert "a_confirmer" not in identite
    assert "Note de l'académie d'exemple" in {t["court"] for t in bundle["textes"]["textes"]}
    assert all("heure" in e for e in bundle["calendrier"]["echeances"])
    assert len(bundle["categories"]["categories"]) == 5
    assert 4 <= len(bundle["specialites"]["specialites"]) <= 6


def test_the_rules_never_mention_the_real_edition():
    for path in sorted((FIXTURE_RULES / EDITION).rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for word in ("Nantes", "nantes", "note_dec_2026"):
            assert word not in text, f"{path.relative_to(ROOT)} cite encore « {word} »"
        assert text.startswith("# "), f"{path.relative_to(ROOT)} : commentaire d'en-tête attendu"
        assert re.search("fictif|fictive", "".join(text.splitlines(True)[:2]), re.I), f"{path.relative_to(ROOT)} : en-tête sans « fictif »"


# ---------- the cases cover what the edition adds ----------


def test_cases_are_many_and_uniquely_named():
    names = [case["nom"] for _, case in CASES]
    assert len(names) >= 15
    assert len(names) == len(set(names))


def test_cases_cover_every_category_piece_and_new_field(bundle):
    profiles = [case["profil"] for _, case in CASES]
    assert {p.get("categorie") for p in profiles} >= {c["id"] for c in bundle["categories"]["categories"]}
    reached = set().union(*(case.get("pieces", {}) for _, case in CASES))
    assert reached == {p["id"] for p in bundle["pieces"]["pieces"]}, "une pièce n'est atteinte par aucun cas"
    champs = {champ["id"]: champ for champ in bundle["profil"]["champs"]}
    assert champs["annees_experience"]["type"] == "entier" and champs["amenagement_epreuves"]["type"] == "booleen"
    assert any("annees_experience" in case.get("erreurs", []) and "annees_experience" in case["profil"] for _, case in CASES)
    assert {p.get("amenagement_epreuves") for p in profiles} >= {True, False}


def test_cases_cover_the_per_specialty_deadline(bundle):
    dates = {e["id"]: e["date"] for e in bundle["calendrier"]["echeances"]}
    for piece in bundle["pieces"]["pieces"]:
        for echeance in [piece["echeance"]] + [cas["echeance"] for cas in piece.get("echeance_selon", [])]:
            assert any(case.get("pieces", {}).get(piece["id"]) == dates[echeance] for _, case in CASES), (
                f"aucun cas ne donne l'échéance « {echeance} » à la pièce « {piece['id']} »"
            )


def test_cases_cover_the_language_list(bundle):
    facultative = bundle["langues"]["facultative"]
    chosen = {case["profil"].get("langue_facultative"): case for _, case in CASES}
    assert any(langue in facultative["offertes"] and "langue_facultative" not in case.get("erreurs", []) for langue, case in chosen.items())
    for retiree in facultative["retirees"]:
        assert "langue_facultative" in chosen[retiree["langue"]]["erreurs"]


# ---------- the command line ----------


@pytest.mark.parametrize("where, case", case_params())
def test_case_through_the_checklist_command(where, case, rules_root, bundle, tmp_path):
    profile = tmp_path / "profil.json"
    profile.write_text(json.dumps(case["profil"], ensure_ascii=False), encoding="utf-8")
    result = run_engine(rules_root, "checklist", str(profile))
    assert result.returncode == (1 if case.get("erreurs") else 0), f"{where} : {result.stderr}"
    answer = json.loads(result.stdout)
    assert answer["edition"] == EDITION
    if "pieces" in case:
        got = {piece["id"]: piece["echeance"] for piece in answer["pieces"]}
        assert got == case["pieces"], f"{where} : cas « {case['nom']} » : pièces différentes"
    assert field_ids(answer["erreurs"]) == sorted(case.get("erreurs", [])), f"{where} : erreurs {answer['erreurs']}"
    assert field_ids(answer["avertissements"]) == sorted(case.get("avertissements", [])), (
        f"{where} : avertissements {answer['avertissements']}"
    )
    heures = {e["id"]: e.get("heure") for e in bundle["calendrier"]["echeances"]}
    for piece in answer["pieces"]:
        assert piece.get("heure") == heures[piece["echeance_id"]], f"{where} : heure de « {piece['id']} »"


def test_class_list_through_the_lot_command(rules_root, bundle, tmp_path):
    path = tmp_path / "classe-exemple.csv"
    path.write_bytes(class_list(bundle, CASES))
    result = run_engine(rules_root, "lot", str(path), "--sortie", str(tmp_path / "sortie"))
    assert result.returncode == 1, result.stderr  # some cases are errors on purpose
    rows = read_spreadsheet_csv((tmp_path / "sortie" / "pieces.csv").read_bytes())
    header, body = rows[0], [dict(zip(rows[0], row)) for row in rows[1:]]
    piece_ids = [p["id"] for p in bundle["pieces"]["pieces"]]
    assert header == ["ligne", "nom", "prenom", "erreurs", *piece_ids]
    assert len(body) == len(CASES)
    problems = []
    for row, (where, case) in zip(body, CASES):
        got = {piece: row[piece] for piece in piece_ids if row[piece]}
        if "pieces" in case and got != case["pieces"]:
            problems.append(f"{where} ({case['nom']}) : pièces {got}")
        if error_fields(row["erreurs"]) != sorted(case.get("erreurs", [])):
            problems.append(f"{where} ({case['nom']}) : erreurs « {row['erreurs']} »")
    assert not problems, "\n".join(problems)
