"""Find the editions in rules/ and load their compiled bundles (command side only).

The engine never reads YAML: the bundle is compiled by build_tools, and kept
in .cache/bundles/ under the hash of the rule files, so that an edited rule
is always recompiled and an unchanged one is read straight from JSON.
"""

import hashlib
import json
import os
import re
import sys
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


def _hash(directory: Path) -> str:
    # Same digest as build_tools.compiler.rules_hash, computed without YAML.
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.glob("*.yaml") if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def load_bundle(edition=None, root=None) -> dict:
    root = Path(root) if root else rules_root()
    edition = choose(root, edition)
    directory = root / edition
    cache = root.parent / ".cache" / "bundles" / f"{edition}-{_hash(directory)[:16]}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    if str(root.parent) not in sys.path:
        sys.path.insert(0, str(root.parent))
    from build_tools.compiler import compile_edition

    compilation = compile_edition(directory, check_coverage=False)
    if not compilation.ok:
        first = compilation.erreurs[0]
        raise EditionError(f"Règles de l'édition {edition} non valides ({len(compilation.erreurs)} erreur(s)), par exemple {first}. "
                           f"Lancez : python -m build_tools validate {directory}")
    cache.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache.with_suffix(".tmp")
    temporary.write_text(json.dumps(compilation.bundle, ensure_ascii=False), encoding="utf-8")
    temporary.replace(cache)
    return compilation.bundle
