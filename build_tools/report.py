"""The publication report of an edition: one self-contained HTML page that the
exam office reads before publishing.

It gathers what `validate` finds (errors and warnings), the values still to
confirm (edition.yaml `a_confirmer`), the diff with the previous edition
(build_tools.diff) and what changes for candidates (build_tools.candidate_changes).

The page has no script and no external resource (inline CSS only); every text
from the rules is escaped (Jinja's autoescape), and the finished page goes
through the site's French typography (no-break spaces).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from bts_inscription.dates import date_fr
from bts_inscription.editions import editions, rules_root
from build_tools import candidate_changes
from build_tools.candidate_changes import CandidateChanges, compare_editions
from build_tools.compiler import build_date, compile_edition, rule_files
from build_tools.confirmation import resolve_path
from build_tools.diff import diff_bundles
from build_tools.site.typography import typeset
from build_tools.yaml_strict import load_file

TEMPLATE = "report.html.j2"
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

# Why the comparison for candidates (or the diff) is missing.
NO_PREVIOUS, PREVIOUS_INVALID, EDITION_INVALID = "sans_precedente", "precedente_invalide", "edition_invalide"


@dataclass
class Report:
    edition: str
    dossier: str
    genere_le: str
    precedente: str = None
    designation: str = None
    erreurs: list = field(default_factory=list)
    avertissements: list = field(default_factory=list)
    autres_avertissements: list = field(default_factory=list)  # those not about a value to confirm
    a_confirmer: list = None  # None: edition.yaml unreadable
    changements: list = None  # the diff's changes; None: see `sans_comparaison`
    sans_comparaison: str = None
    partiel: bool = False  # compared although the edition fails a check that does not stop compilation
    candidats: CandidateChanges = None


# --- gathering the report ----------------------------------------------------


def previous_edition(root: Path, edition: str):
    earlier_editions = [e for e in editions(root) if e < edition]
    return earlier_editions[-1] if earlier_editions else None


def _relative(fichier: str, folder: Path) -> str:
    """A rule file's name as the report shows it: relative to the edition's folder when inside it."""
    path = Path(fichier)
    for candidate, base in ((path.resolve(), folder.resolve()), (path, folder)):
        try:
            return candidate.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _place(error, folder: Path) -> dict:
    return {
        "fichier": _relative(error.fichier, folder),
        "ligne": error.ligne,
        "colonne": error.colonne,
        "message": error.message.removeprefix(f"{error.niveau} : "),
    }


def shown_value(value) -> str:
    """A rule value as the report shows it: lists and mappings written out, yes/no in French."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dict):
        return ", ".join(f"{key} : {shown_value(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(map(shown_value, value))
    return "" if value is None else str(value)


def values_to_confirm(folder: Path):
    """[{chemin, fichier, ligne, valeur, date, trouvee, message}] of edition.yaml's
    `a_confirmer`, or None if it cannot be read. `message` is filled by `attach_warnings`."""
    edition, _ = load_file(folder / "edition.yaml", "edition.yaml")
    if edition is None or not isinstance(edition.data, dict):
        return None
    files = {path.stem: path for path in rule_files(folder)}
    loaded = {}
    rows = []
    for index, entry in enumerate(edition.data.get("a_confirmer") or []):
        stem, _, dotted = str(entry).partition(".")
        if stem in files and stem not in loaded:
            loaded[stem] = load_file(files[stem], files[stem].name)[0]
        data = loaded.get(stem)
        path = resolve_path(data.data, dotted) if data is not None and dotted else None
        row = {"chemin": str(entry), "valeur": None, "date": None, "trouvee": path is not None, "message": None}
        if path is None:
            rows.append({**row, "fichier": "edition.yaml", "ligne": edition.position(("a_confirmer", index))[0]})
            continue
        value = data.data
        for key in path:
            value = value[key]
        date = date_fr(value) if isinstance(value, str) and _ISO_DATE.match(value) else None
        rows.append({**row, "fichier": files[stem].name, "ligne": data.position(path)[0], "valeur": shown_value(value), "date": date})
    return rows


def attach_warnings(rows: list, warnings: list) -> list:
    """Give each value to confirm the validator's warning at its place; return the other warnings."""
    others = list(warnings)
    for row in rows:
        here = [w for w in others if (w["fichier"], w["ligne"]) == (row["fichier"], row["ligne"])]
        named = [w for w in here if f"({row['chemin']})" in w["message"]] or here
        if named:
            row["message"] = named[0]["message"]
            others.remove(named[0])
    return others


def build_report(edition: str, root: Path = None) -> Report:
    root = Path(root) if root else rules_root()
    folder = root / edition
    report = Report(edition=edition, dossier=str(folder), genere_le=date_fr(build_date()), precedente=previous_edition(root, edition))
    compilation = compile_edition(folder)
    report.erreurs = [_place(error, folder) for error in compilation.erreurs]
    report.avertissements = [_place(warning, folder) for warning in compilation.avertissements]
    report.a_confirmer = values_to_confirm(folder)
    report.autres_avertissements = attach_warnings(report.a_confirmer or [], report.avertissements)
    bundle = compilation.bundle if compilation.ok else None
    if bundle is None:
        # The coverage check fails after compiling: what can be compared still is.
        bundle = compile_edition(folder, check_coverage=False).bundle
        report.partiel = bundle is not None
    if bundle is not None:
        report.designation = bundle["identite"].get("designation")
    old_bundle = compile_edition(root / report.precedente, check_coverage=False).bundle if report.precedente else None
    if report.precedente is None:
        report.sans_comparaison = NO_PREVIOUS
    elif bundle is None:
        report.sans_comparaison = EDITION_INVALID
    elif old_bundle is None:
        report.sans_comparaison = PREVIOUS_INVALID
    else:
        report.changements = diff_bundles(old_bundle, bundle)
        report.candidats = compare_editions(folder, old_bundle, bundle)
    return report


# --- the page ----------------------------------------------------------------


def _nombre(value: int) -> str:
    """13984 -> '13 984' (narrow no-break space between thousands)."""
    return f"{value:,}".replace(",", "\u202f")


def _accord(count: int, singulier: str, pluriel: str) -> str:
    """'1 erreur', '0 erreur', '3 erreurs'."""
    return f"{_nombre(count)} {singulier if count < 2 else pluriel}"


def render(report: Report) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["nombre"] = _nombre
    env.globals["accord"] = _accord
    kinds = {name: getattr(candidate_changes, name) for name in ("ADDED", "REMOVED", "MOVED", "SHIFTED", "RENAMED")}
    page = env.get_template(TEMPLATE).render(r=report, NO_PREVIOUS=NO_PREVIOUS, EDITION_INVALID=EDITION_INVALID, **kinds)
    return typeset(page)


def default_output(edition: str) -> Path:
    return Path(f"rapport-{edition}.html")


def write_report(edition: str, sortie=None, root: Path = None) -> tuple:
    """(report, path written)."""
    report = build_report(edition, root)
    path = Path(sortie) if sortie else default_output(edition)
    path.write_text(render(report), encoding="utf-8")
    return report, path


def summary(report: Report, path: Path) -> str:
    """What the command prints once the page is written."""
    parts = [
        _accord(len(report.erreurs), "erreur", "erreurs"),
        _accord(len(report.avertissements), "avertissement", "avertissements"),
        _accord(len(report.a_confirmer or []), "valeur à confirmer", "valeurs à confirmer"),
    ]
    if report.changements is not None:
        parts.append(_accord(len(report.changements), "changement", "changements") + f" depuis l'édition {report.precedente}")
    return f"Rapport de l'édition {report.edition} écrit dans {path}\u00a0: {', '.join(parts)}."
