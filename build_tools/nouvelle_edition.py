"""Prepare next year's edition: copy the newest one, shift every date by one
year, and list each shifted value in `a_confirmer` (edition.yaml) until a
person checks it. `validate` warns about each of them; a publication build
refuses them."""

import datetime
import re
import shutil
from pathlib import Path

from build_tools.compiler import rule_files
from build_tools.confirmation import readable_path
from build_tools.crossref import walk
from build_tools.yaml_strict import load_file

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class EditionExists(Exception):
    pass


def shift_year(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    try:
        return day.replace(year=day.year + 1).isoformat()
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28).isoformat()


def _shift_file(source: Path, target: Path) -> list:
    """Copy one rule file with its dates shifted; return the shifted values' paths."""
    loaded, errors = load_file(source, str(source))
    text = source.read_text(encoding="utf-8")
    if loaded is None or errors:
        target.write_text(text, encoding="utf-8")
        return []
    lines = text.splitlines(keepends=True)
    shifted = []
    for path, value in walk(loaded.data):
        if isinstance(value, str) and _DATE.match(value) and path:
            line, column = loaded.positions[path]
            row = lines[line - 1]
            start = row.index(value, column - 1)
            lines[line - 1] = row[:start] + shift_year(value) + row[start + len(value):]
            shifted.append(f"{source.stem}.{readable_path(loaded.data, path)}")
    target.write_text("".join(lines), encoding="utf-8")
    return shifted


def create_edition(root: Path, year: str, source_edition: str) -> tuple:
    """Create root/year from root/source_edition. Returns (folder, shifted paths, texts naming the old year)."""
    target = root / year
    if target.exists():
        raise EditionExists(f"L'édition {year} existe déjà : {target}")
    source = root / source_edition
    target.mkdir()
    try:
        shifted = []
        for path in rule_files(source):
            shifted += _shift_file(path, target / path.name)
        edition = target / "edition.yaml"
        text = edition.read_text(encoding="utf-8")
        text = re.sub(r'^edition: "[0-9]{4}"', f'edition: "{year}"', text, count=1, flags=re.M)
        text = re.sub(r"^session: [0-9]{4}", f"session: {int(year)}", text, count=1, flags=re.M)
        text = re.sub(r"^a_confirmer:.*?(?=^\S|\Z)", "", text, flags=re.M | re.S)
        text = text.rstrip("\n") + "\n# Values copied from the previous edition and shifted by one year: remove each\n" \
            "# line once checked against the academy's new document.\na_confirmer:\n" \
            + "".join(f'  - "{path}"\n' for path in shifted)
        edition.write_text(text, encoding="utf-8")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    old_year = re.compile(rf"\b{re.escape(source_edition)}\b")
    mentions = [f"{p.name}:{n}" for p in rule_files(target) if p.name != "edition.yaml"
                for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
                if old_year.search(line) and not line.lstrip().startswith("#")]
    return target, shifted, mentions
