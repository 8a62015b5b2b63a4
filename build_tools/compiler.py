"""Compile one edition's YAML rules into the JSON bundle the engine reads."""

import datetime
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from bts_inscription.enumeration import coverage_problems
from build_tools import crossref, placeholders, schema_check
from build_tools.confirmation import unconfirmed
from build_tools.messages import texte
from build_tools.yaml_strict import RuleError, load_file

BUNDLE_FORMAT = 1


@dataclass
class Compilation:
    bundle: dict = None
    erreurs: list = field(default_factory=list)
    avertissements: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.bundle is not None and not self.erreurs


def rule_files(directory: Path) -> list:
    return sorted(path for path in directory.glob("*.yaml") if path.is_file())


def rules_hash(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in rule_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    return datetime.date.today().isoformat()


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_files(directory: Path) -> tuple:
    """Load and schema-check every rule file: ({stem: LoadedFile}, [RuleError])."""
    expected = schema_check.known_stems()
    files, errors = {}, []
    for path in rule_files(directory):
        name = _display(path)
        stem = path.stem
        if stem not in expected:
            errors.append(RuleError(name, 1, 1, texte("fichier_inconnu", attendus=", ".join(f"{s}.yaml" for s in expected))))
            continue
        loaded, load_errors = load_file(path, name)
        errors += load_errors
        if loaded is None:
            continue
        schema_errors = schema_check.check(loaded, stem)
        errors += schema_errors
        if not load_errors and not schema_errors:
            files[stem] = loaded
    for stem in expected:
        if not (directory / f"{stem}.yaml").exists():
            errors.append(RuleError(_display(directory / f"{stem}.yaml"), 1, 1, texte("fichier_manquant", fichier=f"{stem}.yaml")))
    return files, errors


def compile_for_engine(directory) -> tuple:
    """(bundle, [error texts]) for the engine's command line (entry point
    `bts_inscription.compilateur` in pyproject.toml): the engine calls this without
    importing the build tools."""
    compilation = compile_edition(directory, check_coverage=False)
    return (compilation.bundle if compilation.ok else None), [str(e) for e in compilation.erreurs]


def compile_edition(directory, check_coverage: bool = True) -> Compilation:

    directory = Path(directory)
    if not directory.is_dir():
        return Compilation(erreurs=[RuleError(str(directory), 1, 1, texte("edition_introuvable", chemin=directory))])
    files, errors = load_files(directory)
    if errors:
        return Compilation(erreurs=errors)
    resolved, errors = placeholders.resolve(files)
    errors += crossref.check(files, resolved)
    edition = resolved["edition"]["edition"]
    if directory.name != edition:
        errors.append(files["edition"].error(("edition",), texte("edition_dossier", dossier=directory.name, edition=edition)))
    warnings = unconfirmed(files)
    errors += [w for w in warnings if w.niveau == "erreur"]
    warnings = [w for w in warnings if w.niveau != "erreur"]
    if errors:
        return Compilation(erreurs=sorted(errors, key=lambda e: (e.fichier, e.ligne, e.colonne)))
    bundle = {
        "format": BUNDLE_FORMAT,
        "edition": edition,
        "session": resolved["edition"]["session"],
        "genere_le": build_date(),
        "empreinte": rules_hash(directory),
        "identite": {"designation": f"l'académie de {resolved['edition']['academie']}", **resolved["edition"]},
        **{stem: data for stem, data in resolved.items() if stem != "edition"},
    }
    if check_coverage:
        for code, piece_id in coverage_problems(bundle):
            index = next(i for i, p in enumerate(resolved["pieces"]["pieces"]) if p["id"] == piece_id)
            errors.append(files["pieces"].error(("pieces", index, "id"), texte(code, id=piece_id)))
    return Compilation(bundle=bundle if not errors else None, erreurs=errors, avertissements=warnings)
