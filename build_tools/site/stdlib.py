"""The standard library the browser downloads: only the modules the site runs,
as bytecode of Pyodide's own Python.

Pyodide's python_stdlib.zip (2.5 MB) holds the whole library as sources, which
Python compiles at each boot. Which modules the site needs is not written by
hand: stdlib.mjs boots Pyodide in Node.js with the full library, runs what the
worker runs (bts_inscription.bridge.Engine: the checklist of every case of the
rules and of wrong answers, the fiche check, the class tool on CSV and XLSX
files made from the rules' template and its CSV and XLSX exports, an
engine error), and lists the files of
the library the imported modules come from, Pyodide's start-up included. Those
files only, compiled, make the served python_stdlib.zip: sourceless .pyc that
zipimport loads as they are. The result is kept in .cache/stdlib, keyed by
everything the run reads.
"""

import base64
import hashlib
import io
import json
import tempfile
import zipfile
from pathlib import Path

from build_tools.site.runtime import PYODIDE_DIR, ROOT, WHEEL_CACHE, RuntimeError_, run_node
from build_tools.yaml_strict import load_file

SCRIPT = Path(__file__).with_name("stdlib.mjs")
CACHE = ROOT / ".cache" / "stdlib"
FULL_STDLIB = PYODIDE_DIR / "python_stdlib.zip"
_DATE = (2026, 1, 1, 0, 0, 0)


def case_profiles(rules: Path) -> list:
    """The profiles of an edition's YAML cases (rules/<année>/cas)."""
    profils = []
    for path in sorted((rules / "cas").glob("*.yaml")):
        loaded, errors = load_file(path, path.name)
        if errors:
            raise RuntimeError_(f"cas illisibles : {errors[0]}")
        profils += [case["profil"] for case in loaded.data["cas"]]
    return profils


def _cell(value, champ) -> str:
    """A profile's value written as a class list cell (see classe.RowReader)."""
    from bts_inscription.classe import SEPARATEUR_LISTE

    if isinstance(value, bool):
        return "oui" if value else "non"
    if champ["type"] == "tableau_notes" and isinstance(value, list):
        return SEPARATEUR_LISTE.join(
            ":".join(str(ligne.get(c["id"], "")).replace(".", ",") for c in champ["colonnes"]) for ligne in value if isinstance(ligne, dict)
        )
    if isinstance(value, list):
        return SEPARATEUR_LISTE.join(map(str, value))
    return str(value)


def class_rows(bundle, profils) -> list:
    """The rules' template header, then one row per profile (names with accents, for the Windows-1252 file)."""
    from bts_inscription.classe import identity_columns

    champs = {champ["id"]: champ for champ in bundle["profil"]["champs"]}
    entete = [*(colonne["id"] for colonne in identity_columns(bundle)), *champs]
    rows = [entete]
    for numero, profil in enumerate(profils, start=1):
        rows.append(["Élève", f"Zoé {numero}"] + [_cell(profil[c], champs[c]) if c in profil else "" for c in champs])
    return rows


def class_files(bundle, profils) -> list:
    """[(name, bytes)]: the class lists a teacher may give the class tool, good and bad."""
    from openpyxl import load_workbook

    from bts_inscription.export import spreadsheet_csv
    from build_tools.site.class_templates import template_xlsx

    rows = class_rows(bundle, profils)
    csv_utf8 = spreadsheet_csv(rows)
    texte = csv_utf8.decode("utf-8-sig")
    classeur = load_workbook(io.BytesIO(template_xlsx(bundle)))
    for row in rows[1:]:
        classeur.active.append([int(c) if c.isdigit() else c for c in row])
    xlsx = io.BytesIO()
    classeur.save(xlsx)
    return [
        ("classe.csv", csv_utf8),
        ("classe-virgules.csv", texte.replace(";", ",").encode("utf-8")),
        ("classe-windows.csv", texte.encode("cp1252", errors="replace")),
        ("vide.csv", b""),
        ("binaire.csv", bytes(range(256))),
        ("classe.xlsx", xlsx.getvalue()),
        ("abime.xlsx", b"PK\x03\x04" + bytes(200)),
        ("faux.xlsx", csv_utf8),
    ]


def fiche_values(bundle) -> list:
    """Fiche inputs: empty, every field wrong, every field a date, and not JSON."""
    from bts_inscription.fiche import fiche_champs

    champs = fiche_champs(bundle["fiche"])
    return ["{}", json.dumps({c: "x?" for c in champs}), json.dumps({c: "2000-01-01" for c in champs}), "pas du JSON"]


def export_requests() -> list:
    """The class tool's exports after each class file read (bridge.Engine.export): both
    formats, of the whole class and of some rows (in the order a sorted table shows them)."""
    return [json.dumps({"format": f, "lignes": lignes}) for f in ("csv", "xlsx") for lignes in (None, [3, 2])]


def workload(bundles: dict, rules_root: Path) -> list:
    editions = []
    for edition, bundle in sorted(bundles.items()):
        profils = case_profiles(rules_root / edition)
        editions.append(
            {
                "bundle": json.dumps(bundle, ensure_ascii=False, separators=(",", ":")),
                "profils": [json.dumps(p, ensure_ascii=False) for p in profils] + ["{}", "null", "pas du JSON"],
                "fiches": fiche_values(bundle),
                "exports": export_requests(),
                "fichiers": [
                    {"nom": nom, "octets": base64.b64encode(octets).decode(), "xlsx": nom.endswith(".xlsx")}
                    for nom, octets in class_files(bundle, profils)
                ],
            }
        )
    return editions


def _zip_digest(data: bytes) -> str:
    """A zip's (wheel, XLSX) content, whatever the dates in it; an XLSX's
    docProps/core.xml, which openpyxl dates to the second, is left out."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(set(archive.namelist()) - {"docProps/core.xml"}):
            digest.update(name.encode() + b"\0" + hashlib.sha256(archive.read(name)).digest())
    return digest.hexdigest()


def _workload_digest(editions: list) -> str:
    """What the run reads: the class files by their content (see _zip_digest)."""

    def stable(fichier):
        octets = base64.b64decode(fichier["octets"])
        try:
            return {**fichier, "octets": _zip_digest(octets)}
        except zipfile.BadZipFile:
            return fichier

    return json.dumps([{**edition, "fichiers": [stable(f) for f in edition["fichiers"]]} for edition in editions])


def _traced(given: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="bts-stdlib-") as work:
        entree, sortie = Path(work) / "travail.json", Path(work) / "stdlib.json"
        entree.write_text(json.dumps(given), encoding="utf-8")
        run_node(SCRIPT, entree, sortie, what="trace de la bibliothèque standard du navigateur")
        return json.loads(sortie.read_text(encoding="utf-8"))


def write_zip(path: Path, pyc: dict) -> None:
    """{"json/__init__.py": bytecode} -> a zip of "json/__init__.pyc", byte for byte reproducible.

    Its members are stored, not deflated: the whole file, compressed once for
    the transfer (its .br copy, compression.py), is 30 % smaller than the
    sum of its members deflated one by one, and zipimport reads them as they are."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for name in sorted(pyc):
            archive.writestr(zipfile.ZipInfo(name.removesuffix(".py") + ".pyc", date_time=_DATE), pyc[name])


def trimmed_stdlib(engine: Path, lock: str, bundles: dict, rules_root: Path) -> Path:
    """The site's python_stdlib.zip, from .cache/stdlib or traced now (about 5 s)."""
    editions = workload(bundles, rules_root)
    key = hashlib.sha256()
    for part in (
        SCRIPT.read_bytes(),
        Path(__file__).read_bytes(),
        FULL_STDLIB.read_bytes(),
        _zip_digest(engine.read_bytes()).encode(),
        json.dumps(
            {name: package["sha256"] for name, package in json.loads(lock)["packages"].items() if name != "bts-inscription"}, sort_keys=True
        ).encode(),
        _workload_digest(editions).encode(),
    ):
        key.update(hashlib.sha256(part).digest())
    cached = CACHE / f"{key.hexdigest()[:24]}.zip"
    if cached.exists():
        return cached
    traced = _traced({"lock": lock, "paquets": f"{WHEEL_CACHE}/", "roue": str(engine), "editions": editions})
    pyc = {name: base64.b64decode(data) for name, data in traced["pyc"].items()}
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".partiel")
    write_zip(partial, pyc)
    # Which of them Pyodide's start-up imports, and all: for whoever wonders why a module is there.
    cached.with_suffix(".json").write_text(json.dumps({"demarrage": traced["demarrage"], "modules": sorted(pyc)}, indent=1))
    partial.replace(cached)
    return cached
