import shutil
import subprocess
import sys
import time

from build_tools.yaml_strict import VALEURS_PAR_ALIAS, load_text
from tests.conftest import EDITION, ROOT


def load(text):
    loaded, errors = load_text(text, "f.yaml")
    return (loaded.data if loaded else None), [str(e) for e in errors]


def test_yaml_11_traps_stay_strings():
    data, errors = load("langue: no\nactif: on\ncode: 0123\ndate: 2025-11-19\nnon: off\n")
    assert errors == []
    assert data == {"langue": "no", "actif": "on", "code": "0123", "date": "2025-11-19", "non": "off"}


def test_plain_scalars_that_are_typed():
    data, _ = load("a: true\nb: false\nc: 12\nd: -3\ne: 12.5\nf: null\ng: ~\nh:\ni: '12'\n")
    assert data == {"a": True, "b": False, "c": 12, "d": -3, "e": 12.5, "f": None, "g": None, "h": None, "i": "12"}


def test_duplicate_keys_are_errors_with_both_lines():
    _, errors = load("a: 1\nb: 2\na: 3\n")
    assert errors == ["f.yaml:3:1: clé « a » en double (déjà définie ligne 1)"]


def test_nested_duplicates_are_all_reported():
    _, errors = load("x:\n  a: 1\n  a: 2\ny:\n  - b: 1\n    b: 1\n")
    assert errors == [
        "f.yaml:3:3: clé « a » en double (déjà définie ligne 2)",
        "f.yaml:6:5: clé « b » en double (déjà définie ligne 5)",
    ]


def test_tags_and_merge_keys_are_refused():
    _, errors = load("a: !!python/name:os.system x\n")
    assert errors == ["f.yaml:1:4: balise YAML « tag:yaml.org,2002:python/name:os.system » non autorisée"]
    _, errors = load("base: &b {x: 1}\nautre:\n  <<: *b\n")
    assert errors == ["f.yaml:3:3: la fusion YAML « << » n'est pas autorisée"]


def test_syntax_error_has_a_position():
    _, errors = load("a: [1, 2\nb: 3\n")
    assert len(errors) == 1 and errors[0].startswith("f.yaml:")
    assert "syntaxe YAML invalide" in errors[0]


def test_positions_point_at_keys_and_items():
    loaded, _ = load_text("a:\n  - id: x\n  - id: y\n", "f.yaml")
    assert loaded.position(("a", 1, "id")) == (3, 5)
    assert loaded.position(("a", 1, "absent")) == (3, 5)


def alias_bomb(levels=10, width=16):
    """About 1 KB of YAML that unfolds into width ** levels values (a million millions)."""
    lines = [f"n0: &n0 [{', '.join(['lol'] * width)}]"]
    lines += [f"n{i}: &n{i} [{', '.join([f'*n{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_the_alias_that_passes_the_bound():
    text = alias_bomb()
    assert 800 < len(text.encode()) <= 1024
    started = time.perf_counter()
    data, errors = load(text)
    assert time.perf_counter() - started < 1.0
    assert data is None
    assert VALEURS_PAR_ALIAS == 10_000
    assert errors == [
        "f.yaml:4:15: syntaxe YAML invalide : l'alias « *n2 » porte à plus de 10\u202f000 les valeurs recopiées par des alias"
    ]


def test_aliases_within_the_bound_are_read_and_a_self_reference_is_refused():
    data, errors = load("base: &b {x: 1}\ncopie: *b\nliste:\n  - *b\n")
    assert errors == [] and data == {"base": {"x": 1}, "copie": {"x": 1}, "liste": [{"x": 1}]}
    data, errors = load("a: &a\n  - 1\n  - *a\n")
    assert data is None
    assert errors == ["f.yaml:3:5: syntaxe YAML invalide : l'alias « *a » se trouve dans la valeur qu'il reprend"]


def test_validate_exits_cleanly_on_an_alias_bomb(tmp_path):
    edition = tmp_path / "2026"
    shutil.copytree(EDITION, edition, ignore=shutil.ignore_patterns("cas"))
    contacts = edition / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8") + alias_bomb(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "validate", str(edition)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    ligne = len(EDITION.joinpath("contacts.yaml").read_text(encoding="utf-8").splitlines()) + 4
    assert f"{contacts}:{ligne}:15: syntaxe YAML invalide : l'alias « *n2 »" in result.stdout
    assert result.stderr.strip() == "1 erreur : règles non valides."
