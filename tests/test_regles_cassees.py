"""Broken rule files: `validate` reports every problem, word for word, and exits 1.

Each folder of tests/regles_cassees/ holds rule files that replace those of
rules/2026 in a temporary copy, an optional supprimer.txt (files to remove),
and attendu.txt: exactly what `python -m build_tools validate 2026` prints.
"""

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
    assert result.stderr.strip().endswith("erreur(s) : règles non valides.")


def test_the_real_edition_is_valid():
    result = subprocess.run([sys.executable, "-m", "build_tools", "validate", "rules/2026"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "Édition 2026 valide" in result.stderr
