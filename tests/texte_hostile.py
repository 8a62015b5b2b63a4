"""A copy of rules/2026 whose every text carries hostile markup (tests of « rule text is text »).

Each file is read with the project's loader and written back as JSON (JSON is
YAML), with PAYLOAD appended to every text a reader sees: names, labels,
texts, titles, help, messages, the sections of the citations, the short
titles of the texts. Identifiers, codes, dates, addresses and patterns stay
as they are, so that the rules stay valid."""

import json
import shutil
from pathlib import Path

from build_tools.yaml_strict import load_file
from tests.conftest import EDITION

PAYLOAD = '<script>alert(1)</script> <img src=x onerror=alert(2)> [lien](javascript:alert(3)) "><svg onload=alert(4)>'

# Keys whose strings (or lists of strings) are text for a reader.
TEXT_KEYS = {
    "academie",
    "designation",
    "titre",
    "nom",
    "libelle",
    "description",
    "question",
    "aide",
    "motif",
    "section",
    "court",
    "credit",
    "mention_a_verifier",
    "formule",
    "textes",
    "actions",
    "consignes",
    "quand",
    "menu",
    "rubrique",
    "fiches_memo",
    "fiches_memo_texte",
    "aupres_de",
    "beneficiaires",
    "certification",
    "condition",
    "message",
    "requis",
    "inconnue",
    "maximum",
    "retiree",
    "hors_liste",
    "nom_ligne",
    "a_corriger",
    "sigle",
    "conseil_passee",
    "terminee_titre",
    "terminee_texte",
    "terminee_conseil",
    "dans_jours",
    "demain",
    "aujourdhui",
    "passee",
}
# Prose, or an id (a `texte` cited, a column `unique` in its rows): prose has spaces.
PROSE_KEYS = {"texte", "unique"}
# Where a text key holds something else: the class template's example row, a condition's tree.
SKIPPED = {("profil.yaml", "exemple"), ("pieces.yaml", "condition")}


def _inject(value, file: str, key=None, parent=None, inside=False):
    if isinstance(value, dict):
        return {k: _inject(v, file, k, key, inside or (file, k) in SKIPPED) for k, v in value.items()}
    if isinstance(value, list):
        return [_inject(v, file, key, parent, inside) for v in value]
    if isinstance(value, str) and not inside:
        if key in TEXT_KEYS or (key in PROSE_KEYS and " " in value):
            return value + " " + PAYLOAD
    return value


def hostile_rules(destination: Path) -> Path:
    """A rules/ root at `destination` holding the 2026 edition with PAYLOAD in its texts."""
    edition = destination / EDITION.name
    shutil.copytree(EDITION, edition, ignore=shutil.ignore_patterns("cas"))
    for path in sorted(edition.glob("*.yaml")):
        loaded, errors = load_file(path, path.name)
        assert not errors, errors
        data = _inject(loaded.data, path.name)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return destination


def payload_count(root: Path) -> int:
    return sum(p.read_text(encoding="utf-8").count(json.dumps(PAYLOAD)[1:-1]) for p in (root / EDITION.name).glob("*.yaml"))
