"""Broken rule files: `validate` reports every problem, word for word, and exits 1.

Each folder of tests/regles_cassees/ holds rule files that replace those of
rules/2026 in a temporary copy, an optional supprimer.txt (files to remove),
and attendu.txt: exactly what `python -m build_tools validate 2026` prints.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EDITION, ROOT

CASES = sorted(p for p in (Path(__file__).parent / "regles_cassees").iterdir() if p.is_dir())


def run_validate(tmp_path: Path, case: Path):
    edition = tmp_path / "2026"
    edition.mkdir()
    for rule_file in EDITION.glob("*.yaml"):
        shutil.copy(rule_file, edition)
    for rule_file in case.glob("*.yaml"):
        shutil.copy(rule_file, edition)
    removed = case / "supprimer.txt"
    for name in removed.read_text().split() if removed.exists() else []:
        (edition / name).unlink()
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "validate", "2026"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_rules_are_reported_word_for_word(tmp_path, case):
    result = run_validate(tmp_path, case)
    assert result.stdout == (case / "attendu.txt").read_text(encoding="utf-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    count = sum(1 for line in result.stdout.splitlines() if not line.startswith("Remarque : "))
    assert result.stderr == f"{count} erreur{'s' if count > 1 else ''} : règles non valides.\n"


def test_the_real_edition_is_valid():
    result = subprocess.run([sys.executable, "-m", "build_tools", "validate", "rules/2026"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "Édition 2026 valide" in result.stderr


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` of a rule file by `new`; the line number of the change."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if fragment in line)


def _validate(tmp_path: Path, edition: Path):
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "validate", edition.name],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def test_three_mistakes_in_three_files_are_all_reported_in_one_run(tmp_path):
    """A date typed the French way, a text removed from textes.yaml but still
    cited by a piece, a specialty misspelt in a condition: one run shows the
    three, each at its file and line, each with what to write instead."""
    edition = tmp_path / "2026"
    shutil.copytree(EDITION, edition, ignore=shutil.ignore_patterns("cas"))
    date = _edit(edition / "calendrier.yaml", 'date: "2025-11-19"', 'date: "19/11/2025"')
    textes = edition / "textes.yaml"
    text = textes.read_text(encoding="utf-8")
    entry = text.index("  - id: arrete_14_avril_2016\n")
    textes.write_text(text[:entry] + text[text.index("  - id:", entry + 1) :], encoding="utf-8")
    cited = _line_of(edition / "pieces.yaml", "texte: arrete_14_avril_2016")
    typo = _edit(edition / "pieces.yaml", "egal: maintenance-des-systemes", "egal: maintenance-des-sytemes")

    result = _validate(tmp_path, edition)
    assert result.stdout.splitlines() == [
        f"2026/calendrier.yaml:{date}:5: « 19/11/2025 » ne respecte pas le format attendu "
        '(date AAAA-MM-JJ entre guillemets, ici "2025-11-19")',
        f"2026/pieces.yaml:{cited}:9: texte « arrete_14_avril_2016 » introuvable ; aucun identifiant proche parmi les 17 définis (textes.yaml)",
        f"2026/pieces.yaml:{typo}:7: valeur « maintenance-des-sytemes » impossible pour le champ « specialite » ; "
        "vouliez-vous dire « maintenance-des-systemes » ?",
    ]
    assert result.returncode == 1
    assert result.stderr == "3 erreurs : règles non valides.\n"


def test_an_unreadable_file_does_not_hide_the_errors_of_the_others(tmp_path):
    """profil.yaml cannot be read: its references (and the conditions reading
    its fields) are not checked, and the output says so; the other files'
    errors, schema and cross-references, are all reported in the same run."""
    edition = tmp_path / "2026"
    shutil.copytree(EDITION, edition, ignore=shutil.ignore_patterns("cas"))
    broken = _edit(edition / "profil.yaml", "champs:\n", "champs:\n  - id: [\n")
    phone = _edit(edition / "contacts.yaml", "02 40 37 38 18", "02.40.37.38.18")
    deadline = _edit(edition / "pieces.yaml", "echeance: depot_pieces", "echeance: depot_piece")

    result = _validate(tmp_path, edition)
    lines = result.stdout.splitlines()
    assert [line.rsplit(":", 1)[0] for line in (line.split(": ", 1)[0] for line in lines[:3])] == [
        f"2026/contacts.yaml:{phone}",
        f"2026/pieces.yaml:{deadline}",
        f"2026/profil.yaml:{broken + 2}",
    ]
    assert "échéance « depot_piece » introuvable ; vouliez-vous dire « depot_pieces » ?" in lines[1]
    assert "syntaxe YAML invalide" in lines[2]
    assert lines[3:] == [
        "Remarque : 2026/profil.yaml : syntaxe illisible, ses références ne sont pas vérifiées (ni celles des autres fichiers vers lui).",
        "Remarque : couverture des pièces (chaque pièce s'applique à un profil possible, avec un motif) non vérifiée : "
        "profil.yaml n'a pas pu être lu.",
    ]
    assert result.stderr == "3 erreurs : règles non valides.\n"


def test_no_unknown_id_message_lists_more_than_three_ids(tmp_path):
    """An unknown field, specialty, text or deadline: at most three suggestions, never the whole list."""
    edition = tmp_path / "2026"
    shutil.copytree(EDITION, edition, ignore=shutil.ignore_patterns("cas"))
    _edit(edition / "pieces.yaml", "egal: maintenance-des-systemes", "egal: zzz")
    _edit(edition / "pieces.yaml", "champ: specialite", "champ: specialiteee")
    _edit(edition / "pieces.yaml", "texte: note_dec_2026", "texte: note_dec_2025")
    _edit(edition / "pieces.yaml", "echeance: depot_pieces", "echeance: depot")
    result = _validate(tmp_path, edition)
    lines = result.stdout.splitlines()
    assert len([line for line in lines if not line.startswith("Remarque")]) == 4, result.stdout
    for line in lines:
        assert line.count("«") <= 2 + 3, line  # the value itself, then at most three ids
    assert any("champ du profil « specialiteee » introuvable ; vouliez-vous dire « specialite » ?" in line for line in lines)
    assert any(
        "valeur « zzz » impossible pour le champ « specialite » ; aucun identifiant proche parmi les 82 définis" in line for line in lines
    )
    assert any("texte « note_dec_2025 » introuvable ; vouliez-vous dire « note_dec_2026 » ?" in line for line in lines)
    assert any("échéance « depot » introuvable ; valeurs permises : depot_pieces, engagement_etudiant" in line for line in lines)


ENGLISH = re.compile(r"\b(the|and|of|is|are|with|which|when|each|every|from|only)\b", re.I)


def test_the_comments_of_the_rules_are_in_french():
    """The exam office reads rules/: its comments are French (code comments stay English)."""
    english = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "rules").rglob("*.yaml"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.lstrip().startswith("#") and ENGLISH.search(line)
    ]
    assert not english, "\n".join(english)
