"""Prepare next year's edition: copy the newest one, shift every date by one
year, and list each shifted value in `a_confirmer` (edition.yaml) until a
person checks it. `validate` warns about each of them; a publication build
refuses them. The test cases (cas/) are copied shifted too, the Nouveautés
are reset to "still to write", and the rules still citing the previous
edition's note are listed."""

import datetime
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from build_tools.compiler import rule_files
from build_tools.confirmation import NEWS_TO_WRITE, readable_path
from build_tools.crossref import walk
from build_tools.yaml_strict import load_file

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_ANY_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CASES = "cas"


class EditionExists(Exception):
    pass


@dataclass
class NewEdition:
    folder: Path
    shifted: list  # readable paths of the shifted values, as listed in a_confirmer
    mentions: list  # "file:line" of the texts still naming the previous year
    citations: list  # (text id, short title, ["file:line", ...]) of the sources citing the previous note


def shift_year(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    try:
        return day.replace(year=day.year + 1).isoformat()
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28).isoformat()


def _shifted_dates(data):
    """(path, old, new) for every ISO date of a file."""
    for path, value in walk(data):
        if path and isinstance(value, str) and _DATE.match(value):
            yield path, value, shift_year(value)


def _shifted_sessions(data):
    """(path, old, new) for every integer `session` inside a case's `profil`:
    the session of a kept mark (bénéfice), checked against the edition's."""
    cases = data.get("cas") if isinstance(data, dict) else None
    for index, case in enumerate(cases if isinstance(cases, list) else []):
        if not isinstance(case, dict) or "profil" not in case:
            continue
        for path, value in walk(case["profil"], ("cas", index, "profil")):
            if path[-1] == "session" and type(value) is int:
                yield path, value, value + 1


def _rewrite(source: Path, target: Path, changes) -> tuple:
    """Copy source to target with `changes(data)` -> (path, old, new) applied in
    place, so that comments and layout stay. Returns (loaded source, changed paths)."""
    loaded, errors = load_file(source, str(source))
    text = source.read_text(encoding="utf-8")
    if loaded is None or errors:
        target.write_text(text, encoding="utf-8")
        return None, []
    lines = text.splitlines(keepends=True)
    found = sorted(
        ((loaded.positions[path], path, str(old), str(new)) for path, old, new in changes(loaded.data)), key=lambda change: change[0]
    )
    for (line, column), _, old, new in reversed(found):  # right to left: earlier columns stay valid
        row = lines[line - 1]
        start = row.index(old, column - 1)
        lines[line - 1] = row[:start] + new + row[start + len(old) :]
    target.write_text("".join(lines), encoding="utf-8")
    return loaded, [path for _, path, _, _ in found]


def _shift_file(source: Path, target: Path) -> list:
    """Copy one rule file with its dates shifted; return the shifted values' paths."""
    loaded, paths = _rewrite(source, target, _shifted_dates)
    return [f"{source.stem}.{readable_path(loaded.data, path)}" for path in paths]


def _copy_cases(source: Path, target: Path):
    """Copy the test cases with their dates and bénéfice sessions shifted."""
    if not source.is_dir():
        return
    target.mkdir()
    for path in sorted(source.iterdir()):
        if path.is_dir():
            shutil.copytree(path, target / path.name)
        elif path.suffix == ".yaml":
            _rewrite(path, target / path.name, lambda data: (*_shifted_dates(data), *_shifted_sessions(data)))
        else:
            shutil.copy2(path, target / path.name)


def _news_to_write(year: str) -> str:
    """nouveautes.yaml of a new edition: no news yet, and the marker saying so."""
    key = NEWS_TO_WRITE.partition(".")[2]
    return (
        f"# Nouveautés que l'académie annonce pour la session {year}, au-delà de ce que\n"
        "# montre la comparaison des règles (page « Nouveautés » du site).\n"
        f"# À rédiger : tant que « {key} » figure ci-dessous, la page dit les\n"
        "# nouveautés « à confirmer » ; tant que sa ligne figure dans « a_confirmer »\n"
        "# (edition.yaml), la publication est refusée. Ajoutez chaque nouveauté sous\n"
        "# « notes » (id, titre, texte, source), puis retirez ces deux lignes.\n"
        f"{key}: true\n"
        "notes: []\n"
    )


def _write_edition_identity(edition: Path, year: str, to_confirm: list):
    text = edition.read_text(encoding="utf-8")
    text = re.sub(r'^edition: "[0-9]{4}"', f'edition: "{year}"', text, count=1, flags=re.M)
    text = re.sub(r"^session: [0-9]{4}", f"session: {int(year)}", text, count=1, flags=re.M)
    text = re.sub(r"^a_confirmer:.*?(?=^\S|\Z)", "", text, flags=re.M | re.S)
    text = (
        text.rstrip("\n") + "\n# Valeurs reprises de l'édition précédente, à vérifier dans le nouveau document\n"
        "# de l'académie : retirez chaque ligne une fois la valeur confirmée.\na_confirmer:\n"
        + "".join(f'  - "{path}"\n' for path in to_confirm)
    )
    edition.write_text(text, encoding="utf-8")


def _files_to_read(folder: Path) -> list:
    """(name shown, path) of every rule file and test case of an edition."""
    return [(path.name, path) for path in rule_files(folder)] + [(f"{CASES}/{path.name}", path) for path in rule_files(folder / CASES)]


def _mentions(source: Path, target: Path, old_year: str) -> list:
    """'file:line' of every non-comment line that named the old year and still
    does once copied: a shifted date or session that now reads so is not one
    (the copy keeps the lines of each file)."""
    pattern = re.compile(rf"\b{re.escape(old_year)}\b")

    def names(line: str) -> bool:
        return not line.lstrip().startswith("#") and bool(pattern.search(_ANY_DATE.sub("", line)))

    found = []
    for name, path in _files_to_read(target):
        before = (source / name).read_text(encoding="utf-8").splitlines() if (source / name).is_file() else []
        after = path.read_text(encoding="utf-8").splitlines()
        found += [f"{name}:{number}" for number, (old, new) in enumerate(zip(before, after), start=1) if names(old) and names(new)]
    return found


def _is_source(path) -> bool:
    """A `source` list, or a `<something>_source` one (as crossref checks them)."""
    return bool(path) and isinstance(path[-1], str) and (path[-1] == "source" or path[-1].endswith("_source"))


def _citations(folder: Path) -> list:
    """The sources of every rule citing a text the edition's own `source` names
    (the previous edition's note, once copied): (id, short title, ['file:line'])."""
    edition, _ = load_file(folder / "edition.yaml", "edition.yaml")
    textes, _ = load_file(folder / "textes.yaml", "textes.yaml")
    if not (edition and isinstance(edition.data, dict) and textes and isinstance(textes.data, dict)):
        return []  # left to validate
    titles = {t.get("id"): t.get("court", t.get("id")) for t in textes.data.get("textes", []) if isinstance(t, dict)}
    notes = list(dict.fromkeys(s["texte"] for s in edition.data.get("source", []) if isinstance(s, dict) and "texte" in s))
    places = {note: [] for note in notes}
    for path in rule_files(folder):
        loaded, _ = load_file(path, path.name)
        for where, value in walk(loaded.data if loaded else None):
            if _is_source(where[:-2]) and where[-1:] == ("texte",) and isinstance(value, str) and value in places:
                places[value].append(f"{path.name}:{loaded.positions[where][0]}")
    return [(note, titles.get(note, note), places[note]) for note in notes]


def create_edition(root: Path, year: str, source_edition: str) -> NewEdition:
    """Create root/year from root/source_edition."""
    target = root / year
    if target.exists():
        raise EditionExists(f"L'édition {year} existe déjà : {target}")
    source = root / source_edition
    target.mkdir()
    try:
        news = NEWS_TO_WRITE.partition(".")[0] + ".yaml"
        shifted = []
        for path in rule_files(source):
            if path.name != news:  # the previous year's news are not republished
                shifted += _shift_file(path, target / path.name)
        (target / news).write_text(_news_to_write(year), encoding="utf-8")
        _copy_cases(source / CASES, target / CASES)
        _write_edition_identity(target / "edition.yaml", year, shifted + [NEWS_TO_WRITE])
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return NewEdition(target, shifted, _mentions(source, target, source_edition), _citations(target))
