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
from build_tools.suggestions import vocabulary_proposal
from build_tools.yaml_strict import RuleError, load_file

BUNDLE_FORMAT = 1


@dataclass
class Compilation:
    bundle: dict = None
    erreurs: list = field(default_factory=list)
    avertissements: list = field(default_factory=list)
    remarques: list = field(default_factory=list)  # what could not be checked, and why

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


@dataclass
class Loading:
    """What could be read of an edition's rule files."""

    files: dict = field(default_factory=dict)  # {stem: LoadedFile}, damaged ones included
    errors: list = field(default_factory=list)
    damaged: set = field(default_factory=set)  # stems read with errors (syntax details, schema)
    unreadable: dict = field(default_factory=dict)  # {stem: (name shown, why)}: no data at all


def _why_unreadable(errors) -> str:
    if [e.message for e in errors] == [texte("yaml_vide")]:
        return "fichier vide"
    if errors and errors[0].message.startswith(texte("fichier_illisible", detail="")):
        return "fichier illisible"
    return "syntaxe illisible"


def load_files(directory: Path) -> Loading:
    """Load and schema-check every rule file, each on its own: one file's errors
    never keep another from being checked."""
    expected = schema_check.known_stems()
    loading = Loading()
    for path in rule_files(directory):
        name = _display(path)
        stem = path.stem
        if stem not in expected:
            allowed = [f"{s}.yaml" for s in expected]
            proposition = vocabulary_proposal(path.name, allowed, "fichiers attendus")
            loading.errors.append(RuleError(name, 1, 1, texte("fichier_inconnu", proposition=proposition)))
            continue
        loaded, load_errors = load_file(path, name)
        loading.errors += load_errors
        if loaded is None:
            loading.unreadable[stem] = (name, _why_unreadable(load_errors))
            continue
        schema_errors = schema_check.check(loaded, stem)
        loading.errors += schema_errors
        loading.files[stem] = loaded
        if load_errors or schema_errors:
            loading.damaged.add(stem)
    for stem in expected:
        if not (directory / f"{stem}.yaml").exists():
            name = _display(directory / f"{stem}.yaml")
            loading.errors.append(RuleError(name, 1, 1, texte("fichier_manquant", fichier=f"{stem}.yaml")))
            loading.unreadable[stem] = (name, "fichier manquant")
    return loading


def compile_for_engine(directory) -> tuple:
    """(bundle, [error texts]) for the engine's command line (entry point
    `bts_inscription.compilateur` in pyproject.toml): the engine calls this without
    importing the build tools."""
    compilation = compile_edition(directory, check_coverage=False)
    return (compilation.bundle if compilation.ok else None), [str(e) for e in compilation.erreurs]


def _by_place(errors) -> list:
    return sorted(errors, key=lambda e: (e.fichier, e.ligne, e.colonne))


def _new_places(errors, known) -> list:
    """`errors` less those at a place where an error is already reported (a
    date the schema refuses is not also said invalid)."""
    places = {(e.fichier, e.ligne, e.colonne) for e in known}
    return [e for e in errors if (e.fichier, e.ligne, e.colonne) not in places]


def _bundle(directory: Path, resolved: dict) -> dict:
    edition = resolved["edition"]
    return {
        "format": BUNDLE_FORMAT,
        "edition": edition["edition"],
        "session": edition["session"],
        "genere_le": build_date(),
        "empreinte": rules_hash(directory),
        "identite": placeholders.edition_identity(edition),
        **{stem: data for stem, data in resolved.items() if stem != "edition"},
    }


def _piece_lines(loaded) -> dict:
    """{piece id: (first line, last line)} of pieces.yaml."""
    pieces = loaded.data["pieces"]
    starts = [loaded.position(("pieces", index))[0] for index in range(len(pieces))]
    ends = [start - 1 for start in starts[1:]] + [float("inf")]
    return {piece["id"]: (start, end) for piece, start, end in zip(pieces, starts, ends)}


# The files the enumeration of profiles reads: an error in one of them would make coverage say wrong things.
_COVERAGE_READS = ("profil", "specialites", "categories", "langues", "reglementation")
# And those it cannot do without.
_COVERAGE_NEEDS = (*_COVERAGE_READS, "edition", "pieces", "calendrier")


def _for_coverage(bundle: dict, skipped: set) -> dict:
    """The bundle coverage reads: without the pieces that have errors of their
    own (each piece is reached or not on its own), and with any invalid deadline
    date (reported) replaced by a valid one, since which pieces a profile gets
    does not depend on the dates."""
    echeances = []
    for echeance in bundle["calendrier"]["echeances"]:
        try:
            datetime.date.fromisoformat(echeance["date"])
        except (TypeError, ValueError):
            echeance = {**echeance, "date": datetime.date.min.isoformat()}
        echeances.append(echeance)
    pieces = [piece for piece in bundle["pieces"]["pieces"] if piece.get("id") not in skipped]
    return {
        **bundle,
        "calendrier": {**bundle["calendrier"], "echeances": echeances},
        "pieces": {**bundle["pieces"], "pieces": pieces},
    }


def _coverage(directory: Path, loading: Loading, resolved: dict, errors: list) -> tuple:
    """([RuleError], [remark]) of the coverage check (every piece reaches a
    profile, with a motif), run even when other errors were found, but not for
    a piece that has errors of its own."""
    unreadable = [f"{stem}.yaml" for stem in _COVERAGE_NEEDS if stem in loading.unreadable]
    if unreadable:
        verb = "n'a pas pu être lu" if len(unreadable) == 1 else "n'ont pas pu être lus"
        return [], [texte("couverture_sautee", raison=f"{', '.join(unreadable)} {verb}")]
    blocking = sorted({stem for stem in _COVERAGE_READS if any(e.fichier == loading.files[stem].fichier for e in errors)})
    if blocking:
        fichiers = ", ".join(f"{stem}.yaml" for stem in blocking)
        verb = "contient" if len(blocking) == 1 else "contiennent"
        return [], [texte("couverture_sautee", raison=f"{fichiers} {verb} des erreurs")]
    pieces = loading.files["pieces"]
    in_error = {e.ligne for e in errors if e.fichier == pieces.fichier}
    try:
        lines = _piece_lines(pieces)
        skipped = {piece_id for piece_id, (first, last) in lines.items() if any(first <= line <= last for line in in_error)}
        problems = coverage_problems(_for_coverage(_bundle(directory, resolved), skipped))
    except Exception:  # noqa: BLE001 -- damaged rules the errors above describe; coverage waits for them
        return [], [texte("couverture_sautee", raison="les erreurs ci-dessus empêchent de parcourir les profils")]
    ids = [piece.get("id") for piece in resolved["pieces"]["pieces"]]
    return [pieces.error(("pieces", ids.index(piece_id), "id"), texte(code, id=piece_id)) for code, piece_id in problems], []


def compile_edition(directory, check_coverage: bool = True) -> Compilation:
    """Every error the rules hold, from every file and stage at once: syntax and
    schema file by file, then placeholders, cross-references, values to confirm
    and coverage on whatever could be read."""
    directory = Path(directory)
    if not directory.is_dir():
        return Compilation(erreurs=[RuleError(str(directory), 1, 1, texte("edition_introuvable", chemin=directory))])
    loading = load_files(directory)
    files, errors = loading.files, list(loading.errors)
    remarks = [texte("verification_sautee", fichier=name, raison=why) for name, why in loading.unreadable.values()]
    resolved, placeholder_errors = placeholders.resolve(files, loading.unreadable)
    cross_errors, interrupted = crossref.check(files, resolved, loading.damaged)
    errors += _new_places(placeholder_errors + cross_errors, errors)
    remarks += interrupted
    edition = resolved.get("edition")
    if isinstance(edition, dict) and isinstance(edition.get("edition"), str) and directory.name != edition["edition"]:
        errors.append(files["edition"].error(("edition",), texte("edition_dossier", dossier=directory.name, edition=edition["edition"])))
    warnings = unconfirmed(files) if "edition" in files else []
    errors += [w for w in warnings if w.niveau == "erreur"]
    warnings = [w for w in warnings if w.niveau != "erreur"]
    if check_coverage:
        coverage_errors, coverage_remarks = _coverage(directory, loading, resolved, errors)
        errors += coverage_errors
        remarks += coverage_remarks
    if errors:
        return Compilation(erreurs=_by_place(errors), avertissements=_by_place(warnings), remarques=remarks)
    return Compilation(bundle=_bundle(directory, resolved), avertissements=_by_place(warnings))
