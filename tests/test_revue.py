"""Review fixes: a diff independent of the hash seed, a bundle cache keyed on the
compiler too, the ONISEP importer's strict reading, class files that fail only
when really unreadable."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

import build_tools
from bts_inscription import editions
from bts_inscription.bridge import Engine
from bts_inscription.reading import BINAIRE, XLSX_ENDOMMAGE
from build_tools import onisep
from build_tools.compiler import BUNDLE_FORMAT, compile_edition
from build_tools.yaml_strict import load_text
from tests.conftest import EDITION, ROOT, RULES
from tests.editions.fixture import make_rules

# ---------------------------------------------------------------------------
# 1. diff: the same output whatever PYTHONHASHSEED
# ---------------------------------------------------------------------------

ECHEANCE = """  - id: {id}
    date: "{date}"
    libelle: "Échéance {id}"
    description: "Échéance de test {id}."
    source:
      - texte: note_dec_2026
"""
PIECE = """  - id: {id}
    libelle: "Pièce {id}"
    echeance: {echeance}
    condition:
      champ: categorie
      egal: formation_continue
      motif: "vous êtes candidat ou candidate de la formation continue"
    source:
      - texte: note_dec_2026
"""
NAMES = ("zeta", "alpha", "mu", "kappa", "beta")
DEADLINES = ("omega", "beta", "nu")


def _append(path: Path, text: str):
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def _retarget(path: Path, piece: str, echeance: str):
    text, count = re.subn(
        rf"(  - id: {piece}\n(?:    .*\n)*?    echeance: )\S+", rf"\g<1>{echeance}", path.read_text(encoding="utf-8"), count=1
    )
    assert count == 1, piece
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def many_changes(tmp_path_factory):
    """2026 and 2027 differing in many pieces and deadlines at once."""
    rules = make_rules(tmp_path_factory.mktemp("regles"))
    old, new = rules / "2026", rules / "2027"
    _append(old / "calendrier.yaml", "".join(ECHEANCE.format(id=f"ancienne_{n}", date=f"2025-11-2{i}") for i, n in enumerate(DEADLINES)))
    _append(
        old / "pieces.yaml", "".join(PIECE.format(id=f"retiree_{n}", echeance=f"ancienne_{DEADLINES[i % 3]}") for i, n in enumerate(NAMES))
    )
    _append(
        new / "calendrier.yaml", "".join(ECHEANCE.format(id=f"nouvelle_{n}", date=f"2025-12-0{i + 1}") for i, n in enumerate(DEADLINES))
    )
    _append(
        new / "pieces.yaml", "".join(PIECE.format(id=f"ajoutee_{n}", echeance=f"nouvelle_{DEADLINES[i % 3]}") for i, n in enumerate(NAMES))
    )
    calendar = new / "calendrier.yaml"
    calendar.write_text(calendar.read_text(encoding="utf-8").replace('date: "2025-11-19"', 'date: "2025-11-21"'), encoding="utf-8")
    for piece in ("releve_notes_benefices", "attestation_r408", "piece_identite"):
        _retarget(new / "pieces.yaml", piece, "nouvelle_nu")
    return rules


def run_diff(rules, seed, *options):
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "diff", "2026", "2027", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"BTS_INSCRIPTION_REGLES": str(rules), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": str(seed)},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_diff_is_the_same_under_any_hash_seed_in_the_rules_order(many_changes):
    outputs = {seed: run_diff(many_changes, seed, "--json") for seed in (1, 2, 3, 4)}
    assert len(set(outputs.values())) == 1
    changes = json.loads(outputs[1])["changements"]
    assert [(c["type"], c["id"]) for c in changes] == (
        [("piece_ajoutee", "attestation_assiduite")]
        + [("piece_ajoutee", f"ajoutee_{n}") for n in NAMES]
        + [("piece_retiree", f"retiree_{n}") for n in NAMES]
        # kept pieces in the 2027 piece order, whatever the order they were edited in
        + [("piece_echeance", p) for p in ("piece_identite", "releve_notes_benefices", "attestation_r408")]
        + [("echeance_deplacee", "depot_pieces"), ("echeance_deplacee", "engagement_etudiant")]
        + [("echeance_ajoutee", f"nouvelle_{n}") for n in DEADLINES]
        + [("echeance_retiree", f"ancienne_{n}") for n in DEADLINES]
        + [("valeur_ajoutee", "langue_facultative/portugais")]
    )


def test_diff_text_feeding_the_news_page_is_the_same_under_any_hash_seed(many_changes):
    texts = {run_diff(many_changes, seed) for seed in (5, 6, 7)}
    assert len(texts) == 1
    assert texts.pop().startswith("Changements de l'édition 2026 à l'édition 2027 : 23\n")


# ---------------------------------------------------------------------------
# 2. The CLI's bundle cache: keyed on rules, compiler and schemas; format checked
# ---------------------------------------------------------------------------


def _touch(path: Path):
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def test_cache_key_changes_with_the_rules_the_compiler_and_the_schemas(tmp_path):
    tree = tmp_path / "arbre"
    shutil.copytree(Path(build_tools.__file__).parent, tree / "build_tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(RULES / "schema", tree / "rules" / "schema")
    shutil.copytree(EDITION, tree / "rules" / "2026", ignore=shutil.ignore_patterns("cas"))
    directory, compiler = tree / "rules" / "2026", tree / "build_tools"
    keys = [editions._hash(directory, compiler)]
    for edited in (
        "rules/schema/pieces.schema.json",
        "rules/schema/commun.schema.json",
        "build_tools/compiler.py",
        "build_tools/crossref.py",
        "build_tools/yaml_strict.py",
        "rules/2026/pieces.yaml",
    ):
        _touch(tree / edited)
        keys.append(editions._hash(directory, compiler))
        assert keys[-1] not in keys[:-1], edited
    _touch(tree / "build_tools" / "site" / "build.py")  # the site builder does not make the bundle
    assert editions._hash(directory, compiler) == keys[-1]


def test_bundle_format_is_read_from_the_compiler_without_importing_it():
    assert editions._bundle_format(Path(build_tools.__file__).parent) == BUNDLE_FORMAT


@pytest.fixture
def rules_copy(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(EDITION, rules / "2026", ignore=shutil.ignore_patterns("cas"))
    return rules


def test_a_cached_bundle_of_another_format_or_unreadable_is_recompiled(rules_copy):
    bundle = editions.load_bundle("2026", root=rules_copy)
    (cache,) = (rules_copy.parent / ".cache" / "bundles").glob("2026-*.json")
    marked = {**bundle, "marque": "lu dans le cache"}
    cache.write_text(json.dumps(marked), encoding="utf-8")
    with mock.patch("build_tools.compiler.compile_edition", side_effect=AssertionError("compiled despite a valid cache")):
        assert editions.load_bundle("2026", root=rules_copy)["marque"] == "lu dans le cache"
    for damaged in (
        json.dumps({**marked, "format": BUNDLE_FORMAT + 1}),
        json.dumps({**marked, "format": None}),
        json.dumps([marked]),
        '{"format": 1, "edition": ',
        "\udcff",
    ):
        cache.write_bytes(damaged.encode("utf-8", "surrogateescape"))
        reloaded = editions.load_bundle("2026", root=rules_copy)
        assert "marque" not in reloaded and reloaded["format"] == BUNDLE_FORMAT, damaged
        assert json.loads(cache.read_text(encoding="utf-8"))["format"] == BUNDLE_FORMAT


def test_a_new_bundle_replaces_the_stale_ones_of_its_edition(rules_copy):
    stale = rules_copy.parent / ".cache" / "bundles" / "2026-0000000000000000.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")
    editions.load_bundle("2026", root=rules_copy)
    assert [p.name for p in stale.parent.iterdir()] != [stale.name] and not stale.exists()


# ---------------------------------------------------------------------------
# 3. The ONISEP importer reads the existing file with the strict loader
# ---------------------------------------------------------------------------

CSV = ROOT / "data" / "onisep" / "bts_specialites_onisep.csv"
SPECIALITES = EDITION / "specialites.yaml"
FIRST = '  - id: aeronautique\n    libelle: "Aéronautique"\n'


def _existing(addition: str) -> str:
    text = SPECIALITES.read_text(encoding="utf-8")
    assert text.count(FIRST) == 1
    return text.replace(FIRST, FIRST + addition)


def _libelle_line() -> int:
    """The line of the first specialty's libelle in the real file."""
    text = SPECIALITES.read_text(encoding="utf-8")
    return text[: text.index(FIRST)].count("\n") + 2


def test_reimporting_the_real_file_keeps_its_data():
    text = onisep.import_specialites(CSV, SPECIALITES.read_text(encoding="utf-8"))
    assert load_text(text, "x")[0].data == load_text(SPECIALITES.read_text(encoding="utf-8"), "x")[0].data


def test_a_duplicate_key_in_the_existing_file_is_reported_in_french_with_its_line():
    with pytest.raises(onisep.ImportRefuse) as refused:
        onisep.import_specialites(CSV, _existing('    libelle: "Aéronautique (bis)"\n'), "rules/2026/specialites.yaml")
    line = _libelle_line()
    assert str(refused.value) == f"rules/2026/specialites.yaml:{line + 1}:5: clé « libelle » en double (déjà définie ligne {line})"


def test_the_command_refuses_the_import_and_leaves_the_file_alone(tmp_path, capsys):
    out = tmp_path / "specialites.yaml"
    out.write_text(_existing("    sigle: A\n    sigle: B\n"), encoding="utf-8")
    before = out.read_bytes()
    assert onisep.main([str(CSV), str(out)]) == 1
    error = capsys.readouterr().err
    line = _libelle_line()
    assert f"{out}:{line + 2}:5: clé « sigle » en double (déjà définie ligne {line + 1})" in error
    assert "Import refusé" in error
    assert out.read_bytes() == before


def test_scalars_of_the_existing_file_stay_text():
    text = onisep.import_specialites(CSV, _existing("    remarque: no\n    mise_a_jour: 2025-10-21\n    code_interne: 0123\n"))
    assert '    remarque: "no"\n' in text and '    mise_a_jour: "2025-10-21"\n' in text and '    code_interne: "0123"\n' in text
    first = load_text(text, "x")[0].data["specialites"][0]
    assert (first["remarque"], first["mise_a_jour"], first["code_interne"]) == ("no", "2025-10-21", "0123")


def test_an_existing_file_with_a_yaml_error_or_not_an_object_is_refused():
    with pytest.raises(onisep.ImportRefuse, match=r"^specialites\.yaml:\d+:\d+: syntaxe YAML invalide"):
        onisep.import_specialites(CSV, "specialites:\n  - id: [a\n")
    with pytest.raises(onisep.ImportRefuse, match=r"^specialites\.yaml:1:1: le fichier doit être un objet YAML"):
        onisep.import_specialites(CSV, "- a\n- b\n")


# ---------------------------------------------------------------------------
# 4. bridge.Engine.lot: only an unreadable file is "unreadable"
# ---------------------------------------------------------------------------

CLASSE = "nom;prenom;categorie;specialite\nMartin;Léa;scolaire;batiment\n".encode()


@pytest.fixture(scope="module")
def moteur():
    compilation = compile_edition(EDITION, check_coverage=False)  # the class tool needs no coverage check
    assert compilation.ok, compilation.erreurs
    return Engine(json.dumps(compilation.bundle))


@pytest.mark.parametrize("bug", [KeyError("specialite"), ValueError("bug"), TypeError("bug")])
def test_a_bug_while_processing_a_class_file_propagates(moteur, bug):
    with mock.patch("bts_inscription.classe.check_rows", side_effect=bug):
        with pytest.raises(type(bug)):
            moteur.lot("classe.csv", CLASSE)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("classe.csv", b"\x00\x01\x02binaire", BINAIRE),
        ("classe.xlsx", b"PK\x03\x04endommage", XLSX_ENDOMMAGE),
        ("classe.xlsx", b"nom;categorie", "Ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel."),
        ("classe.csv", b"nom,prenom,inconnue\n", "Colonne obligatoire absente : « Catégorie de candidat », « Spécialité »."),
    ],
)
def test_a_damaged_class_file_gives_a_french_file_error(moteur, name, content, message):
    assert json.loads(moteur.lot(name, content))["erreur_fichier"].startswith(message)


def test_a_readable_class_file_gives_its_matrix(moteur):
    matrice = json.loads(moteur.lot("classe.csv", CLASSE))
    assert [c["nom"] for c in matrice["candidats"]] == ["Martin"] and matrice["impression"][0]["titre"].endswith("Martin")
