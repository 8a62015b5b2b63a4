"""Property-based fuzzing (hypothesis) of everything that reads outside input.

- the YAML loader and the rule validator: any text, or a real rule file with
  random damage, gives a bundle or our own French errors, never a traceback;
- the engine: any JSON value as a profile, or a nearly valid one, gives a
  well-formed checklist; same for the fiche;
- the class-list readers: any bytes, nearly valid CSV, random and damaged
  XLSX workbooks give a matrix or InvalidFile, nothing else.
- the `checklist` command: a profile file nested deeper than Python reads,
  with integers longer than it converts, lone surrogates or long lists gives
  exit 2 and one French line, or the contract's JSON in strict UTF-8.

Runs are reproducible (derandomized, no example database). The number of
examples comes from FUZZ_EXAMPLES (default 200); expensive properties run a
fraction of it. A benchmark run can ask for more: FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py
"""

import copy
import csv
import datetime
import io
import json
import os
import re
import shutil
import string
import zipfile
from contextlib import contextmanager

import openpyxl
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from bts_inscription.checklist import checklist
from bts_inscription.classe import InvalidFile, allowed_columns, check_rows, matrix_rows
from bts_inscription.export import spreadsheet_csv
from bts_inscription.fiche import check_fiche, fiche_champs
from bts_inscription.reading import read_file
from build_tools import schema_check
from build_tools.compiler import compile_edition
from build_tools.messages import MESSAGES
from build_tools.yaml_strict import RuleError, load_text
from tests.conftest import EDITION

pytestmark = pytest.mark.fuzz  # left out of scripts/test --rapide

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))


def fuzz(share: float = 1.0):
    """Settings for one property: `share` of FUZZ_EXAMPLES examples, reproducible, no time limit."""
    return settings(
        max_examples=max(5, round(EXAMPLES * share)),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# ---------------------------------------------------------------------------
# Generic JSON values
# ---------------------------------------------------------------------------

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=15), children, max_size=5),
    max_leaves=20,
)


# True about one time in four. (Hypothesis favours small integers, so
# `integers(0, 4) == 0` would be true far more often than one time in five.)
rarely = st.sampled_from([False, False, False, True])


def assert_json(value):
    """`value` is plain JSON: what the page and the Pyodide worker exchange (no NaN, no Infinity)."""
    json.dumps(value, allow_nan=False, ensure_ascii=False)


# ---------------------------------------------------------------------------
# 1. YAML loader and rule validator
# ---------------------------------------------------------------------------

RULE_NAMES = sorted(path.name for path in EDITION.glob("*.yaml"))
RULE_TEXTS = {name: (EDITION / name).read_text(encoding="utf-8") for name in RULE_NAMES}


def _message_pattern(modele: str) -> str:
    """A catalogue message template as a regex: literal text escaped, each {field} any text."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(modele):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(".*")
    return "".join(parts)


def message_code(message: str):
    """The catalogue code (build_tools.messages) whose template gives `message`, or None."""
    return next((code for code, m in MESSAGES.items() if re.fullmatch(_message_pattern(m.modele), message, re.DOTALL)), None)


def assert_rule_errors(errors, fichier_pattern: str):
    for error in errors:
        assert isinstance(error, RuleError), repr(error)
        assert re.match(rf"^{fichier_pattern}:\d+:\d+: .+", str(error)), str(error)
        assert error.ligne >= 1 and error.colonne >= 1, str(error)
        assert message_code(error.message), f"message hors du catalogue (donc ni français ni documenté) : {error}"


# Tokens that YAML treats specially, or that our loader refuses.
YAML_TOKENS = [
    ":",
    ": ",
    "-",
    "- ",
    "\t",
    "'",
    '"',
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "<<: *a",
    "!!python/object:os.system ",
    "!!str ",
    "!local ",
    "? ",
    "|",
    ">",
    "#",
    "%",
    "@",
    "`",
    "---\n",
    "...\n",
    "\ufeff",
    "\x00",
    "\x85",
    "\u2028",
    "é",
    "\\",
    "\n",
    "  ",
    "{valeur:",
    "{date:",
    "}",
]
# Values that are legal YAML but may be wrong for the schema or the cross checks.
YAML_VALUES = [
    "",
    "~",
    "null",
    "true",
    "no",
    "0",
    "-1",
    "12.5",
    "0123",
    "1e3",
    "9" * 30,
    "2025-11-19",
    "'2025-02-30'",
    '"1999-01-01"',
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "'{valeur:reglementation.bareme.note_max}'",
    "'{valeur:nulle.part}'",
    "'{date:inconnue}'",
    "'{date_jour:depot_pieces}'",
    '"x {valeur:edition.session} y"',
]


def _value_split(line: str):
    """(head, value) of a `key: value` or `- value` line, or None."""
    match = re.match(r"^(\s*(?:- )?[^:#'\"]*: |\s*- )(.+?)\s*$", line)
    return (match.group(1), match.group(2)) if match else None


RULE_VALUES = {name: sorted({split[1] for line in text.splitlines() if (split := _value_split(line))}) for name, text in RULE_TEXTS.items()}


# Each mutation changes line i of `lines` in place; `values` are the file's own values.
def delete_line(draw, lines, i, values):
    del lines[i]


def duplicate_line(draw, lines, i, values):
    lines.insert(i, lines[i])


def swap_lines(draw, lines, i, values):
    j = draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]


def insert_token(draw, lines, i, values):
    column = draw(st.integers(0, len(lines[i])))
    lines[i] = lines[i][:column] + draw(st.sampled_from(YAML_TOKENS)) + lines[i][column:]


def reindent(draw, lines, i, values):
    indent = draw(st.sampled_from(["", " ", "   ", "\t", "  \t", "      ", "        "]))
    lines[i] = indent + lines[i].lstrip(" ")


def replace_value(draw, lines, i, values):
    split = _value_split(lines[i])
    if split:
        value = draw(st.sampled_from(YAML_VALUES) | st.sampled_from(values) | st.text(max_size=8))
        lines[i] = f"{split[0]}{value}\n"


def truncate(draw, lines, i, values):
    lines[i:] = [lines[i][: draw(st.integers(0, len(lines[i])))]]


MUTATIONS = [delete_line, duplicate_line, swap_lines, insert_token, reindent, replace_value, replace_value, truncate]


@st.composite
def mutated_rule_file(draw, names=tuple(RULE_NAMES)):
    """(file name, text): a real rule file with one to three random mutations."""
    name = draw(st.sampled_from(names))
    lines = RULE_TEXTS[name].splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        mutation = draw(st.sampled_from(MUTATIONS))
        mutation(draw, lines, draw(st.integers(0, len(lines) - 1)), RULE_VALUES[name])
    return name, "".join(lines)


@pytest.fixture(scope="module")
def edition_copy(tmp_path_factory):
    """A private copy of rules/2026 without its cases (the folder keeps the edition's name)."""
    copy_dir = tmp_path_factory.mktemp("fuzz-rules") / EDITION.name
    shutil.copytree(EDITION, copy_dir, ignore=shutil.ignore_patterns("cas"))
    return copy_dir


@contextmanager
def rule_file_replaced(edition_dir, name, text):
    """`name` holds `text` (written as UTF-8; lone surrogates give an unreadable file) until the block ends."""
    path = edition_dir / name
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        yield
    finally:
        path.write_text(RULE_TEXTS[name], encoding="utf-8")


def assert_compilation_is_clean(compilation, edition_dir):
    """A bundle, or only RuleErrors located in a rule file of `edition_dir`, in French."""
    assert isinstance(compilation.erreurs, list)
    assert_rule_errors(compilation.erreurs, re.escape(str(edition_dir)) + r"/[a-z_]+\.yaml")
    assert (compilation.bundle is None) == bool(compilation.erreurs)
    if compilation.bundle is not None:
        assert_json(compilation.bundle)
    event("compiled" if compilation.bundle is not None else f"refused, first error: {message_code(compilation.erreurs[0].message)}")


@fuzz()
@given(st.text())
@example("a: " + "1" * 5000)  # longer than Python's limit for int(str)
@example("[" * 2000 + "]" * 2000)  # deeper than Python's recursion limit
@example("a: &a [1]\nb: *a\n<<: *a\n? [x]\n: 1\nc: !!python/object:os.system x\n")
def test_load_text_never_raises(text):
    loaded, errors = load_text(text, "f.yaml")
    assert_rule_errors(errors, r"f\.yaml")
    if loaded is None:
        assert errors
    else:
        assert_json(loaded.data)
    event("loaded" if loaded is not None else "refused")


@fuzz()
@given(mutated_rule_file())
def test_a_damaged_rule_file_gets_only_our_errors_from_loader_and_schema(named_text):
    name, text = named_text
    loaded, errors = load_text(text, name)
    if loaded is not None:
        errors += schema_check.check(loaded, name.removesuffix(".yaml"))
    assert_rule_errors(errors, re.escape(name))


@fuzz(0.2)
@given(mutated_rule_file())
def test_an_edition_with_one_damaged_rule_file_compiles_or_says_why(edition_copy, named_text):
    name, text = named_text
    with rule_file_replaced(edition_copy, name, text):
        compilation = compile_edition(edition_copy, check_coverage=False)
    assert_compilation_is_clean(compilation, edition_copy)


@fuzz(0.1)
@given(st.sampled_from(["contacts.yaml", "calendrier.yaml", "pieces.yaml"]), st.text())
def test_an_edition_with_any_text_as_a_rule_file_says_why(edition_copy, name, text):
    with rule_file_replaced(edition_copy, name, text):
        compilation = compile_edition(edition_copy, check_coverage=False)
    assert_compilation_is_clean(compilation, edition_copy)
    assert compilation.erreurs or text == RULE_TEXTS[name]


# ---------------------------------------------------------------------------
# 2. Engine: checklist and fiche
# ---------------------------------------------------------------------------


def any_profiles(bundle):
    """Any JSON value, or an object whose keys are often real field names."""
    fields = [champ["id"] for champ in bundle["profil"]["champs"]]
    keys = st.sampled_from(fields) | st.text(max_size=15)
    return json_values | st.dictionaries(keys, json_values, max_size=8)


unit_codes = st.sampled_from(["U1", "U2", "U3", "U31", "U51", "U6", "UF1", "UF2"])
bad_unit_codes = st.from_regex(r"U[0-9A-Z]{4,5}|u[0-9]|[A-T][0-9]", fullmatch=True) | st.sampled_from(["U", " U1", "U1 ", "", "U١"])


def benefices(bundle):
    """One kept mark that the rules accept (a recent session, a mark in the scale)."""
    session = bundle["session"]
    bareme = bundle["reglementation"]["bareme"]
    return st.fixed_dictionaries(
        {
            "epreuve": unit_codes,
            "note": st.integers(bareme["note_min"], bareme["note_max"]) | st.floats(bareme["note_min"], bareme["note_max"]),
            "session": st.integers(session - 5, session - 1),
        }
    )


@st.composite
def broken_benefices(draw, bundle):
    """A kept mark with a key missing, an unknown key, or a value out of range or of the wrong type."""
    benefice = dict(draw(benefices(bundle)))
    key = draw(st.sampled_from(sorted(benefice)))
    damage = draw(st.sampled_from(["remove", "replace", "extra key"]))
    if damage == "remove":
        del benefice[key]
    elif damage == "replace":
        benefice[key] = draw(bad_unit_codes | st.integers(-(10**6), 10**6) | st.floats(-1e9, 1e9) | json_scalars)
    else:
        benefice[draw(st.text(max_size=8))] = draw(json_scalars)
    return benefice


def wrong_values(ids):
    """A value of the wrong type or the wrong field: any JSON, an id of another field, a near miss."""
    some_id = st.sampled_from(ids)
    return (
        json_values
        | some_id
        | some_id.map(str.upper)
        | some_id.map(lambda v: f" {v}")
        | some_id.map(lambda v: [v])
        | some_id.map(lambda v: {"id": v})
    )


@st.composite
def near_valid_profiles(draw, bundle):
    """A profile built from the real ids: every field good, then a few dropped and a few broken."""
    specialites = {s["id"]: s for s in bundle["specialites"]["specialites"]}
    specialite = draw(st.sampled_from(sorted(specialites)))
    options = [o["id"] for o in specialites[specialite].get("options", [])]
    facultatives = [e["id"] for e in bundle["reglementation"]["epreuves_facultatives"]["communes"]] + [
        e["id"] for e in specialites[specialite].get("epreuves_facultatives", [])
    ]
    langues = bundle["langues"]["facultative"]["offertes"]
    good = {
        "categorie": st.sampled_from([c["id"] for c in bundle["categories"]["categories"]]),
        "specialite": st.just(specialite),
        "option": st.sampled_from(options) if options else st.none(),
        "scolaire_en_premiere_annee": st.booleans(),
        "forme": st.sampled_from([f["id"] for f in bundle["reglementation"]["formes"]]),
        "dispenses": st.lists(unit_codes, max_size=3, unique=True),
        "benefices": st.lists(benefices(bundle), max_size=2, unique_by=lambda b: b["epreuve"]),
        "epreuves_facultatives": st.lists(st.sampled_from(facultatives), max_size=2, unique=True),
        "langue_facultative": st.sampled_from(langues),
        "positionnement": st.booleans(),
    }
    every_id = sorted(
        set(specialites)
        | set(options)
        | set(facultatives)
        | set(bundle["langues"]["facultative"]["offertes"])
        | {langue["id"] for langue in bundle["langues"]["langues"]}
    )
    wrong = {
        **{champ: wrong_values(every_id) for champ in good},
        "dispenses": st.lists(unit_codes | bad_unit_codes, min_size=1, max_size=4) | wrong_values(every_id),
        "benefices": st.lists(benefices(bundle) | broken_benefices(bundle), min_size=1, max_size=3) | wrong_values(every_id),
        "epreuves_facultatives": st.lists(st.sampled_from(facultatives) | st.sampled_from(every_id), min_size=1, max_size=4),
    }
    profil = {champ: draw(strategy) for champ, strategy in good.items()}
    profil = {champ: value for champ, value in profil.items() if value is not None}
    for champ in draw(st.sets(st.sampled_from(sorted(good)), max_size=3)):
        profil.pop(champ, None)
    for champ in draw(st.sets(st.sampled_from(sorted(good)), max_size=2)):
        profil[champ] = draw(wrong[champ])
    if draw(rarely):
        profil[draw(st.text(max_size=10))] = draw(json_values)
    return profil


def assert_checklist_is_well_formed(result, bundle):
    assert isinstance(result, dict)
    assert {"edition", "pieces", "erreurs", "avertissements"} <= result.keys()
    assert result["edition"] == bundle["edition"]
    assert_json(result)
    for erreur in result["erreurs"]:
        assert isinstance(erreur["champ"], str) and isinstance(erreur["message"], str) and erreur["message"]
        assert all(isinstance(source, str) for source in erreur["sources"])
    for avertissement in result["avertissements"]:
        assert isinstance(avertissement["champ"], str) and isinstance(avertissement["message"], str)
    ids = [piece["id"] for piece in result["pieces"]]
    assert len(ids) == len(set(ids)), ids
    echeances = [piece["echeance"] for piece in result["pieces"]]
    assert echeances == sorted(echeances)


def check_profile(bundle, profil):
    before = copy.deepcopy(profil)
    result = checklist(bundle, profil)
    assert profil == before, "checklist a modifié le profil reçu"
    assert_checklist_is_well_formed(result, bundle)
    assert checklist(bundle, profil) == result  # same answer twice (caches)


# The properties that need the bundle (a session fixture) run an inner @given
# function: strategies are built from the real ids, and a failure shows the
# drawn input, not the whole bundle.


def test_checklist_of_any_json_value(bundle):
    @fuzz()
    @given(any_profiles(bundle))
    def checklist_of_any_json_value(profil):
        check_profile(bundle, profil)

    checklist_of_any_json_value()


def test_checklist_of_a_nearly_valid_profile(bundle):
    @fuzz()
    @given(near_valid_profiles(bundle))
    def checklist_of_a_nearly_valid_profile(profil):
        check_profile(bundle, profil)

    checklist_of_a_nearly_valid_profile()


def fiche_texts(bundle):
    """Text close to the fiche's formats: matching strings, with separators, impossible dates."""
    motifs = [motif for regle in bundle["fiche"]["formats"].values() for motif in regle["motifs"]]
    matching = st.one_of([st.from_regex(motif) for motif in motifs])
    return (
        matching
        | matching.map(lambda v: " ".join(v))
        | matching.map(lambda v: v.replace("0", "٠"))  # Arabic-Indic zero
        | st.sampled_from(["2025-02-30", "9999-12-31", "0000-00-00", "2A", "2a", "9", "+33 6 12 34 56 78", "ß@x.y"])
        | st.text(max_size=20)
    )


def any_fiche_values(bundle):
    fields = list(fiche_champs(bundle["fiche"]))
    values = fiche_texts(bundle) | json_values
    return json_values | st.dictionaries(st.sampled_from(fields) | st.text(max_size=10), values, max_size=12)


def check_fiche_values(bundle, valeurs):
    result = check_fiche(bundle, valeurs, aujourdhui=datetime.date(2026, 1, 15))
    assert set(result) == {"valeurs", "erreurs", "a_completer"}
    assert_json(result)
    fields = fiche_champs(bundle["fiche"])
    assert set(result["valeurs"]) <= set(fields)
    for erreur in result["erreurs"]:
        assert erreur["champ"] in fields and isinstance(erreur["message"], str) and erreur["message"]
    assert not set(result["a_completer"]) & set(result["valeurs"])


def test_fiche_of_any_json_value(bundle):
    @fuzz()
    @given(any_fiche_values(bundle))
    def fiche_of_any_json_value(valeurs):
        check_fiche_values(bundle, valeurs)

    fiche_of_any_json_value()


# ---------------------------------------------------------------------------
# 3. Class lists: CSV and XLSX
# ---------------------------------------------------------------------------


def read_and_process(name, octets, bundle):
    """What `bridge.Engine.lot` does: read, check every row, export; only InvalidFile may stop it."""
    try:
        entete, lignes, numeros = read_file(name, octets)
    except InvalidFile as exc:
        assert str(exc)
        event("refused when read")
        return None
    assert isinstance(entete, list) and len(lignes) == len(numeros)
    assert numeros == sorted(numeros)
    try:
        matrice = check_rows(entete, lignes, bundle, numeros)
    except InvalidFile as exc:
        assert str(exc)
        event("refused by the header check")
        return None
    event("matrix" if matrice["candidats"] else "matrix without candidates")
    assert_json(matrice)
    for candidat in matrice["candidats"]:
        for erreur in candidat["erreurs"]:  # no Python exception text in a row's errors
            assert not re.search(r"invalid literal|Exceeds the limit|could not convert", erreur["message"]), erreur
    assert len(matrice["candidats"]) <= len(lignes)
    spreadsheet_csv(matrix_rows(matrice))
    return matrice


# Bits of cells that trouble CSV readers and our conversions.
CELL_TRAPS = [";", ",", '"', "\n", "\r\n", "\r", "\ufeff", "\x00", "\x1a", "é", "€", "\x85", "|", ":", " ", "'", "="]


def cell_values(bundle):
    """A cell: a real value, a value our conversions read, a trap, or any text."""
    real = sorted(
        {c["id"] for c in bundle["categories"]["categories"]}
        | {s["id"] for s in bundle["specialites"]["specialites"]}
        | {langue["id"] for langue in bundle["langues"]["langues"]}
        | {"A", "B", "progressive", "globale", "engagement_etudiant", "langue_vivante"}
    )
    converted = st.sampled_from(
        [
            "oui",
            "NON",
            "vrai",
            "1",
            "0",
            "peut-être",
            "U1|U2",
            "U1||u3|",
            "U3:12,5:2024",
            "U3:12.5:2024",
            "U3:8:2023|U4:15:2025",
            "U3:x:2024",
            "U3:12:20x4",
            "U3::",
            "U3:12:²",
            "U3:-0:2024",
            "U3:" + "9" * 400 + ":2024",
        ]
    )
    printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12)  # controls come from CELL_TRAPS
    pieces = st.sampled_from(real) | converted | st.sampled_from(CELL_TRAPS) | printable
    return st.lists(pieces, min_size=0, max_size=3).map("".join)


@st.composite
def near_valid_csv(draw, bundle):
    """Bytes of a class list: a header of (mostly) real columns, rows of random cells, some encoding."""
    columns = allowed_columns(bundle)
    header = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=len(columns), unique=True))
    if not draw(rarely):  # usually the required columns are there
        header = ["categorie", "specialite"] + [c for c in header if c not in ("categorie", "specialite")]
    if draw(rarely):  # a damaged header: wrong case, spaces, unknown or repeated column
        index = draw(st.integers(0, len(header) - 1))
        header[index] = draw(st.sampled_from([header[index].upper(), f" {header[index]} ", "colonne", header[0], ""]))
    rows = draw(st.lists(st.lists(cell_values(bundle), max_size=len(header) + 2), max_size=6))
    separator = draw(st.sampled_from([";", ","]))
    if draw(st.booleans()):  # written by a spreadsheet: quoted when needed
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=separator).writerows([header] + rows)
        text = buffer.getvalue()
    else:  # written by hand: cells joined as they are
        text = "\n".join(separator.join(row) for row in [header] + rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    octets = text.encode(encoding, errors="replace")
    if draw(rarely):  # a stray byte: NUL, undefined in cp1252, Latin-1 é
        position = draw(st.integers(0, len(octets)))
        octets = octets[:position] + draw(st.sampled_from([b"\x00", b"\x81", b"\xff", b"\xe9", b"\xef\xbb\xbf"])) + octets[position:]
    return octets


def test_any_bytes_as_a_csv_class_list(bundle):
    @fuzz()
    @given(st.binary(max_size=2000))
    def any_bytes_as_a_csv_class_list(octets):
        read_and_process("x.csv", octets, bundle)

    any_bytes_as_a_csv_class_list()


def test_a_nearly_valid_csv_class_list(bundle):
    @fuzz()
    @given(near_valid_csv(bundle))
    @example(f"categorie;specialite;benefices\nscolaire;batiment;U3:{'9' * 400}:2024\n".encode())  # a mark of 400 digits
    @example(f"categorie;specialite;benefices\nscolaire;batiment;U3:12:²|U4:12:1{'0' * 5000}\n".encode())
    def a_nearly_valid_csv_class_list(octets):
        read_and_process("classe.csv", octets, bundle)

    a_nearly_valid_csv_class_list()


def test_any_bytes_as_an_xlsx_class_list(bundle):
    @fuzz()
    @given(st.binary(max_size=2000) | st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b))
    def any_bytes_as_an_xlsx_class_list(octets):
        read_and_process("x.xlsx", octets, bundle)

    any_bytes_as_an_xlsx_class_list()


def xlsx_cells(bundle):
    """What a spreadsheet cell may hold (text without the control characters XML cannot carry)."""
    text = cell_values(bundle).map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v))
    return (
        text
        | st.none()
        | st.booleans()
        | st.integers(-(10**15), 10**15)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.datetimes(datetime.datetime(1900, 3, 1), datetime.datetime(2100, 1, 1))
    )


@st.composite
def workbooks(draw, bundle):
    """Bytes of an XLSX workbook written by openpyxl: a header row, then rows of random cells."""
    columns = allowed_columns(bundle)
    others = [c for c in columns if c not in ("categorie", "specialite")]
    header = ["categorie", "specialite"] + draw(st.lists(st.sampled_from(others), max_size=4, unique=True))
    rows = draw(st.lists(st.lists(xlsx_cells(bundle), max_size=len(header) + 1), max_size=5))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if draw(st.booleans()):
        sheet.append([])  # a blank first row: the header is the first non-blank one
    for row in [header] + rows:
        sheet.append(row)
    if draw(rarely):
        workbook.create_sheet("vide", 0)  # the first sheet is empty
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@st.composite
def damaged_workbooks(draw, bundle):
    """A real workbook whose zip is rebuilt with one member cut short, garbled or missing."""
    original = zipfile.ZipFile(io.BytesIO(draw(workbooks(bundle))))
    names = original.namelist()
    victim = draw(st.sampled_from(names))
    damage = draw(st.sampled_from(["truncate", "garble", "remove"]))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as rebuilt:
        for name in names:
            data = original.read(name)
            if name == victim:
                if damage == "remove":
                    continue
                position = draw(st.integers(0, len(data)))
                data = (
                    data[:position] if damage == "truncate" else data[:position] + draw(st.binary(min_size=1, max_size=8)) + data[position:]
                )
            rebuilt.writestr(name, data)
    return buffer.getvalue()


def test_a_random_xlsx_workbook(bundle):
    @fuzz(0.1)
    @given(workbooks(bundle))
    def a_random_xlsx_workbook(octets):
        read_and_process("classe.xlsx", octets, bundle)

    a_random_xlsx_workbook()


def test_a_damaged_xlsx_workbook(bundle):
    @fuzz(0.1)
    @given(damaged_workbooks(bundle))
    def a_damaged_xlsx_workbook(octets):
        read_and_process("classe.xlsx", octets, bundle)

    a_damaged_xlsx_workbook()


# ---------------------------------------------------------------------------
# 4. The command line: hostile profile files
# ---------------------------------------------------------------------------

# A JSON text Python cannot hold, or that is costly, as one value: nested
# deeper than Python recurses, an integer longer than it converts, a text with
# lone surrogates (written as JSON escapes), a long list.
nested_json = st.tuples(st.sampled_from(["[", '{"a": ']), st.integers(1, 3_000)).map(
    lambda shape: shape[0] * shape[1] + "1" + ("]" if shape[0] == "[" else "}") * shape[1]
)
huge_integers = st.tuples(st.sampled_from(["", "-"]), st.integers(4_000, 6_000)).map(lambda shape: shape[0] + "7" * shape[1])
surrogate_texts = st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | st.characters(), max_size=12).map(json.dumps)
long_lists = st.tuples(st.lists(unit_codes | bad_unit_codes | st.text(max_size=4), min_size=1, max_size=4), st.integers(1_000, 30_000)).map(
    lambda shape: json.dumps((shape[0] * shape[1])[: shape[1]])
)
hostile_json = nested_json | huge_integers | surrogate_texts | long_lists


@st.composite
def hostile_profile_texts(draw, bundle):
    """A profile file's text: a valid start, then one to three fields (real or not, names with surrogates too) holding hostile values."""
    fields = [champ["id"] for champ in bundle["profil"]["champs"]]
    members = {"categorie": '"scolaire"', "specialite": '"batiment"'}
    for _ in range(draw(st.integers(1, 3))):
        key = draw(
            st.sampled_from(fields) | st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | st.characters(), max_size=6)
        )
        members[key] = draw(hostile_json)
    if draw(rarely):
        return draw(hostile_json)  # the whole file is one such value
    return "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in members.items()) + "}"


def run_cli(*args):
    """(exit code, stdout bytes, stderr text) of `python -m bts_inscription …`, in this process, through strict UTF-8 streams."""
    from contextlib import redirect_stderr, redirect_stdout

    from bts_inscription.cli import main

    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    out.flush()
    err.flush()
    return code, out.buffer.getvalue(), err.buffer.getvalue().decode("utf-8")


def test_checklist_command_of_a_hostile_profile_file(bundle, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz-cli") / "profil.json"

    @fuzz(0.25)
    @given(hostile_profile_texts(bundle))
    @example('{"categorie": ' + "[" * 100_000 + "]" * 100_000 + "}")
    @example('{"benefices": ' + "[" * 950 + "]" * 950 + ', "x": ' + '{"a": ' * 950 + "1" + "}" * 950 + "}")  # as deep as Python reads
    @example('{"categorie": ' + "7" * 5_000 + "}")
    @example('{"categorie": "\\ud800", "\\udfff": "\\udc00"}')
    @example('{"categorie": "scolaire", "specialite": "batiment", "dispenses": ' + json.dumps(["U1", "X"] * 50_000) + "}")
    def checklist_command_of_a_hostile_profile_file(text):
        path.write_text(text, encoding="utf-8")
        code, out, err = run_cli("checklist", str(path))
        assert "Traceback" not in err
        if code == 2:
            assert out == b""
            assert err.startswith("Erreur") and len(err.strip().splitlines()) == 1, err
            event(f"refused: {err.split(' : ')[-1][:30]}")
            return
        result = json.loads(out.decode("utf-8"))  # strict UTF-8: a surrogate is written as its JSON escape
        assert_checklist_is_well_formed(result, bundle)
        assert code == (1 if result["erreurs"] else 0), (code, result["erreurs"])
        event(f"exit {code}")

    checklist_command_of_a_hostile_profile_file()
