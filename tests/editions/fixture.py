"""Build the test edition 2027 from rules/2026 and its modifications.yaml."""

import shutil
from pathlib import Path

from build_tools.yaml_strict import load_file
from tests.conftest import RULES

HERE = Path(__file__).parent


def make_rules(destination: Path, edition: str = "2027") -> Path:
    """A rules/ folder holding 2026 and the test edition; returns that folder."""
    recipe, errors = load_file(HERE / edition / "modifications.yaml", "modifications.yaml")
    assert not errors, errors
    base = recipe.data["base"]
    for name in (base, edition):
        shutil.copytree(RULES / base, destination / name, ignore=shutil.ignore_patterns("cas"))
    for change in recipe.data["modifications"]:
        path = destination / edition / change["fichier"]
        text = path.read_text(encoding="utf-8")
        if "ajouter" in change:
            text = text.rstrip("\n") + "\n" + change["ajouter"]
        else:
            assert text.count(change["remplacer"]) == 1, f"{change['fichier']}: {change['remplacer']!r} must appear once"
            text = text.replace(change["remplacer"], change["par"])
        path.write_text(text, encoding="utf-8")
    return destination
