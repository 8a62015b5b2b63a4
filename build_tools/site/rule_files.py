"""The staff guide's table of an edition's files (publier.md.j2): for each rule
file, what it holds, in the rules' own French: its schema's title, the first
sentence of its opening comment, and its top-level keys; then the test cases
folder. Nothing is typed here: a new file or key shows up by itself."""

import json
import re
from pathlib import Path

from markupsafe import Markup

from build_tools.compiler import rule_files
from build_tools.new_edition import CASES
from build_tools.paths import SCHEMA_DIR
from build_tools.site import escaping
from build_tools.yaml_strict import load_file

# A sentence ends at . ! or ? followed by a space and a capital letter (or « ).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ«{])")
# `code` in a comment, as the files write it.
_CODE = re.compile(r"`([^`]+)`")


def schema_title(stem: str) -> str:
    path = SCHEMA_DIR / f"{stem}.schema.json"
    return json.loads(path.read_text(encoding="utf-8")).get("title", "") if path.is_file() else ""


def opening_comment(text: str) -> str:
    """The first paragraph of the comment lines a file starts with, as one line."""
    words = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        line = line.lstrip("#").strip()
        if not line and words:
            break
        words.append(line)
    return " ".join(word for word in words if word)


def first_sentence(paragraph: str) -> str:
    return _SENTENCE_END.split(paragraph, maxsplit=1)[0]


def with_code(text: str) -> Markup:
    """The text escaped, its `code` spans as <code>."""
    return Markup("").join(
        Markup("<code>{}</code>").format(escaping.text(part)) if index % 2 else escaping.text(part)
        for index, part in enumerate(_CODE.split(text))
    )


def _top_level_keys(path: Path) -> list:
    loaded, _ = load_file(path, path.name)
    return list(loaded.data) if loaded and isinstance(loaded.data, dict) else []


def describe_files(folder: Path) -> list:
    """[{fichier, titre, resume (markup), cles}] for every rule file of the edition
    folder, in name order, then its test cases folder; [] if there is no such folder."""
    rows = []
    for path in rule_files(folder) if folder.is_dir() else []:
        resume = first_sentence(opening_comment(path.read_text(encoding="utf-8")))
        rows.append({"fichier": path.name, "titre": schema_title(path.stem), "resume": with_code(resume), "cles": _top_level_keys(path)})
    cases = folder / CASES
    if cases.is_dir():
        rows.append(
            {"fichier": f"{CASES}/", "titre": schema_title(CASES), "resume": Markup(""), "cles": [p.name for p in rule_files(cases)]}
        )
    return rows
