"""No domain id in code: every category, profile field, piece, specialty and
language id of every edition comes from rules/, never from a string written in
site_src/, build_tools/ or overrides/ (templates included)."""

import json
import re

from build_tools.yaml_strict import load_file
from tests.conftest import ROOT

RULES_ROOTS = [ROOT / "rules", ROOT / "tests" / "fixtures" / "academie_exemple" / "rules"]
CODE = [ROOT / "site_src", ROOT / "build_tools", ROOT / "overrides"]
SUFFIXES = (".py", ".mjs", ".js", ".j2", ".html")

# Where code may name an id, and why.
EXCEPTIONS = {
    # The ONISEP importer turns the open-data file into specialites.yaml: it
    # writes the rules, so it knows their keys.
    "build_tools/onisep.py": "écrit specialites.yaml : il en connaît les clés",
}


def _ids() -> dict:
    """{id: what it is} over every edition of every rules tree."""
    lists = {
        "categories": ("categories", "catégorie"),
        "profil": ("champs", "champ du profil"),
        "pieces": ("pieces", "pièce"),
        "specialites": ("specialites", "spécialité"),
        "langues": ("langues", "langue"),
    }
    ids = {}
    for root in RULES_ROOTS:
        for edition in sorted(p for p in root.iterdir() if re.fullmatch(r"[0-9]{4}", p.name)):
            for stem, (key, kind) in lists.items():
                loaded, errors = load_file(edition / f"{stem}.yaml", stem)
                assert not errors, errors
                ids.update({item["id"]: kind for item in loaded.data[key]})
    return ids


def _schema_keys() -> set:
    """The names of the rules files and of their keys: code reads the rules by them.
    An id spelled like one (the specialty « édition », the field « dispenses » and
    reglementation.yaml's `dispenses` section) is read as that key."""
    keys = set()

    def walk(node):
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            keys.update(node.get("required", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in (ROOT / "rules" / "schema").glob("*.schema.json"):
        keys.add(path.name.removesuffix(".schema.json"))
        walk(json.loads(path.read_text(encoding="utf-8")))
    return keys


def _written_ids():
    ids, structure = _ids(), _schema_keys()
    for folder in CODE:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(ROOT).as_posix()
            if path.suffix not in SUFFIXES or relative in EXCEPTIONS or "__pycache__" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for match in re.finditer(r"""(["'])([a-z0-9_-]+)\1""", text):
                ident = match.group(2)
                if ident in ids and ident not in structure:
                    line = text.count("\n", 0, match.start()) + 1
                    yield f"{relative}:{line}: {ids[ident]} « {ident} »"


def test_no_domain_id_is_written_in_code():
    found = list(_written_ids())
    assert not found, "Identifiants des règles écrits dans le code :\n" + "\n".join(found)


def test_the_check_sees_an_id_written_in_code(tmp_path, monkeypatch):
    """The scan is not blind: a piece id written in a module is found."""
    module = tmp_path / "site_src" / "module.py"
    module.parent.mkdir()
    module.write_text('PIECE = "piece_identite"\n', encoding="utf-8")
    monkeypatch.setattr("tests.test_identifiants.CODE", [tmp_path / "site_src"])
    monkeypatch.setattr("tests.test_identifiants.ROOT", tmp_path)
    monkeypatch.setattr("tests.test_identifiants.RULES_ROOTS", RULES_ROOTS)
    assert [line.split(": ", 1)[1] for line in _written_ids()] == ["pièce « piece_identite »"]


def test_every_edition_is_scanned():
    ids = _ids()
    assert {"piece_identite", "comptabilite-et-gestion", "anglais", "scolaire", "benefices"} <= set(ids)
    assert any(kind == "catégorie" and ident not in ("scolaire", "apprenti", "formation_continue") for ident, kind in ids.items())
