"""Find the editions in rules/ and load their compiled bundles (command side only).

The engine never reads YAML: the bundle is compiled by the rules compiler the
installed project declares (entry point `bts_inscription.compilateur`), and kept
in .cache/bundles/ under the hash of the rule files, the compiler's code and
the JSON schemas, so that an edited rule or compiler is always recompiled and
an unchanged one is read straight from JSON.
"""

import ast
import hashlib
import importlib.util
import json
import os
import re
from importlib.metadata import entry_points
from pathlib import Path

_EDITION = re.compile(r"^[0-9]{4}$")


class EditionError(Exception):
    """The command cannot run with this edition (message in French)."""


def rules_root() -> Path:
    if os.environ.get("BTS_INSCRIPTION_REGLES"):
        return Path(os.environ["BTS_INSCRIPTION_REGLES"])
    for candidate in (Path.cwd() / "rules", Path(__file__).resolve().parents[2] / "rules"):
        if candidate.is_dir():
            return candidate
    raise EditionError("Dossier des règles introuvable : lancez la commande depuis la racine du projet.")


def editions(root: Path) -> list:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and _EDITION.match(p.name))


def choose(root: Path, edition=None) -> str:
    known = editions(root)
    if not known:
        raise EditionError(f"Aucune édition dans {root}.")
    if edition is None:
        return known[-1]
    if edition not in known:
        raise EditionError(f"Édition inconnue : « {edition} ». Éditions disponibles : {', '.join(known)}.")
    return edition


COMPILER_GROUP = "bts_inscription.compilateur"


def _compiler_entry_point():
    """The rules compiler, as the installed project declares it (pyproject.toml): the
    engine finds it by this entry point and never imports the build tools by name."""
    found = sorted(entry_points(group=COMPILER_GROUP), key=lambda entry: entry.name)
    if not found:
        raise EditionError("Compilateur des règles introuvable : installez le projet (scripts/setup).")
    return found[0]


def _compiler(root: Path) -> Path:
    """The folder of the package that compiles the rules (found, not imported): its
    code is part of the cache key."""
    spec = importlib.util.find_spec(_compiler_entry_point().module.partition(".")[0])
    if spec is None or not spec.submodule_search_locations:
        raise EditionError("Compilateur des règles introuvable : installez le projet (scripts/setup).")
    return Path(list(spec.submodule_search_locations)[0])


def _sources(directory: Path, compiler: Path) -> list:
    """(name, path) of every file the bundle depends on: the rule files, the compiler's
    modules (its site builder aside), the engine's modules it uses (the condition
    language, the fields) and the schemas (build_tools.schema_check.SCHEMA_DIR)."""
    rules = [(p.name, p) for p in sorted(directory.glob("*.yaml")) if p.is_file()]
    code = [
        (f"build_tools/{p.relative_to(compiler).as_posix()}", p)
        for p in sorted(compiler.rglob("*.py"))
        if p.relative_to(compiler).parts[0] != "site"
    ]
    engine = [(f"bts_inscription/{p.name}", p) for p in sorted(Path(__file__).parent.glob("*.py"))]
    schemas = [(f"schema/{p.name}", p) for p in sorted((compiler.parent / "rules" / "schema").glob("*.json"))]
    return rules + code + engine + schemas


def _hash(directory: Path, compiler: Path) -> str:
    digest = hashlib.sha256()
    for name, path in _sources(directory, compiler):
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _bundle_format(compiler: Path):
    """build_tools.compiler.BUNDLE_FORMAT, read from its source: importing the compiler
    (jsonschema, PyYAML) would cost more than the whole cache hit."""
    for node in ast.parse((compiler / "compiler.py").read_bytes()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "BUNDLE_FORMAT" for t in node.targets):
            return ast.literal_eval(node.value)
    return None


def _cached(cache: Path, bundle_format):
    """The cached bundle, or None when it is absent, unreadable or of another format."""
    try:
        bundle = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    if bundle_format is None or not isinstance(bundle, dict) or bundle.get("format") != bundle_format:
        return None
    return bundle


def load_bundle(edition=None, root=None) -> dict:
    root = Path(root) if root else rules_root()
    edition = choose(root, edition)
    directory = root / edition
    compiler = _compiler(root)
    cache = root.parent / ".cache" / "bundles" / f"{edition}-{_hash(directory, compiler)[:16]}.json"
    bundle = _cached(cache, _bundle_format(compiler))
    if bundle is not None:
        return bundle
    bundle, erreurs = _compiler_entry_point().load()(directory)
    if erreurs:
        raise EditionError(
            f"Règles de l'édition {edition} non valides ({len(erreurs)} erreur{'s' if len(erreurs) > 1 else ''}), par exemple {erreurs[0]}. "
            f"Lancez : python -m build_tools validate {directory}"
        )
    cache.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    temporary.replace(cache)
    for stale in cache.parent.glob(f"{edition}-*.json"):  # bundles of older rules or code
        if stale != cache:
            stale.unlink(missing_ok=True)
    return bundle
