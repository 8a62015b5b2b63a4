"""Prepare next year's edition: copy the newest one, shift every date by one
year, and list in `a_confirmer` (edition.yaml) every value a person must
check before publishing: the shifted dates, each source citing the previous
edition's note, each text naming the previous session or its dates, and the
Nouveautés (reset to "still to write"). `validate` warns about each of them;
a publication build refuses them. The test cases (cas/) are copied shifted too."""

import datetime
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from bts_inscription.dates import date_fr
from build_tools.compiler import rule_files
from build_tools.confirmation import NEWS_TO_WRITE, readable_path
from build_tools.crossref import is_source_list, walk
from build_tools.yaml_strict import load_file

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
CASES = "cas"
# The texts of this file describe documents (their titles stay true): never stale.
DOCUMENTS = "textes"


class EditionExists(Exception):
    pass


@dataclass(frozen=True)
class Place:
    """A value of the new edition to confirm: where it is, its a_confirmer entry, its text."""

    lieu: str  # "file:line"
    chemin: str  # as listed in a_confirmer
    texte: str = ""


@dataclass
class NewEdition:
    folder: Path
    shifted: list  # readable paths of the shifted values, as listed in a_confirmer
    mentions: list  # [Place] of the texts still naming the previous session or its dates
    citations: list  # (text id, short title, [Place]) of the sources citing the previous note

    @property
    def to_confirm(self) -> list:
        """Every a_confirmer entry, in the order edition.yaml lists them."""
        cited = [place.chemin for _, _, places in self.citations for place in places]
        return self.shifted + [NEWS_TO_WRITE] + cited + [place.chemin for place in self.mentions]


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
    """nouveautes.yaml of a new edition: no news yet, the marker saying so, and
    (in French, for the exam office) how to write them."""
    key = NEWS_TO_WRITE.partition(".")[2]
    return (
        f"# Nouveautés que l'académie annonce pour la session {year}, au-delà de ce que\n"
        "# montre la comparaison des règles (page « Nouveautés » du site).\n"
        "#\n"
        "# À RÉDIGER. Celles de l'édition précédente ont été retirées : elles ne valent\n"
        f"# plus. Tant que « {key}: true » figure ci-dessous, la page « Nouveautés » les\n"
        f"# dit « à confirmer » ; tant que « {NEWS_TO_WRITE} » figure dans « a_confirmer »\n"
        "# (edition.yaml), la construction pour publication est refusée.\n"
        "#\n"
        "# Pour chaque nouveauté du document de l'académie, ajoutez sous « notes » :\n"
        "#   - id: titre_court_sans_accent    # identifiant : minuscules, mots séparés par _\n"
        '#     titre: "Titre de la nouveauté"  # les textes s\'écrivent entre guillemets\n'
        '#     texte: "Ce qui change pour les candidats et les candidates."\n'
        "#     source:\n"
        "#       - texte: identifiant_du_document  # le document, déclaré dans textes.yaml\n"
        '#         section: "Nouveautés"           # facultatif : la partie du document\n'
        "# (et remplacez « notes: [] » par « notes: » suivi des nouveautés).\n"
        f"# Puis supprimez la ligne « {key}: true » ci-dessous et la ligne\n"
        f"# « {NEWS_TO_WRITE} » de « a_confirmer » dans edition.yaml. S'il n'y a\n"
        "# aucune nouveauté, gardez « notes: [] » et supprimez ces deux lignes de même.\n"
        f"{key}: true\n"
        "notes: []\n"
    )


def _write_edition_identity(edition: Path, year: str):
    """The new edition's year and session; the previous list of values to confirm dropped."""
    text = edition.read_text(encoding="utf-8")
    text = re.sub(r'^edition: "[0-9]{4}"', f'edition: "{year}"', text, count=1, flags=re.M)
    text = re.sub(r"^session: [0-9]{4}", f"session: {int(year)}", text, count=1, flags=re.M)
    text = re.sub(r"^# Valeurs reprises de l'édition précédente.*?(?=^a_confirmer:)", "", text, flags=re.M | re.S)
    text = re.sub(r"^a_confirmer:.*?(?=^\S|\Z)", "", text, flags=re.M | re.S)
    edition.write_text(text, encoding="utf-8")


def _write_to_confirm(edition: Path, created: "NewEdition"):
    """Append the list `a_confirmer` to edition.yaml, one commented group per kind of value."""
    groups = (
        ("Dates décalées d'un an : vérifiez-les dans le nouveau document de l'académie.", created.shifted),
        ("Nouveautés à rédiger dans nouveautes.yaml (voir le commentaire de ce fichier).", [NEWS_TO_WRITE]),
        (
            "Sources qui citent le document de l'édition précédente : faites-les pointer vers\n"
            "  #   celui de la nouvelle édition (à ajouter dans textes.yaml) et vérifiez la section.",
            [place.chemin for _, _, places in created.citations for place in places],
        ),
        ("Textes qui nomment la session précédente ou ses dates : relisez-les.", [place.chemin for place in created.mentions]),
    )
    lines = [
        "# Valeurs reprises de l'édition précédente, à vérifier avant publication :",
        "# « validate » signale chacune, et la construction pour publication les refuse.",
        "# Une fois une valeur vérifiée (et corrigée si besoin), retirez sa ligne ;",
        "# un groupe entier vérifié se retire de même, commentaire compris.",
        "a_confirmer:",
    ]
    for comment, entries in groups:
        if entries:
            lines.append(f"  # {comment}")
            lines += [f'  - "{entry}"' for entry in entries]
    text = edition.read_text(encoding="utf-8").rstrip("\n")
    edition.write_text(text + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


def _iso_dates(folder: Path) -> list:
    """Every ISO date of an edition's rule files."""
    found = set()
    for path in rule_files(folder):
        loaded, _ = load_file(path, path.name)
        found |= {value for _, value in walk(loaded.data if loaded else None) if isinstance(value, str) and _DATE.match(value)}
    return sorted(found)


def stale_pattern(old_year: str, old_dates: list) -> re.Pattern:
    """What names a previous session in a text: its year as a word, one of its
    dates written the ISO way, the French way (day, month name, year) or as DD/MM/YYYY."""
    forms = [old_year]
    for iso in old_dates:
        day = datetime.date.fromisoformat(iso)
        forms += [iso, date_fr(iso), f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.day}/{day.month}/{day.year}"]
    return re.compile(r"(?<![\w/-])(" + "|".join(map(re.escape, sorted(set(forms), key=len, reverse=True))) + r")(?![\w/-])")


def _citations(folder: Path) -> list:
    """The sources of every rule citing a text the edition's own `source` names
    (the previous edition's note, once copied): (id, short title, [Place])."""
    edition, _ = load_file(folder / "edition.yaml", "edition.yaml")
    textes, _ = load_file(folder / f"{DOCUMENTS}.yaml", f"{DOCUMENTS}.yaml")
    if not (edition and isinstance(edition.data, dict) and textes and isinstance(textes.data, dict)):
        return []  # left to validate
    titles = {t.get("id"): t.get("court", t.get("id")) for t in textes.data.get("textes", []) if isinstance(t, dict)}
    notes = list(dict.fromkeys(s["texte"] for s in edition.data.get("source", []) if isinstance(s, dict) and "texte" in s))
    places = {note: [] for note in notes}
    for path in rule_files(folder):
        loaded, _ = load_file(path, path.name)
        for where, value in walk(loaded.data if loaded else None):
            if is_source_list(where[:-1]) and isinstance(value, dict) and value.get("texte") in places:
                chemin = f"{path.stem}.{readable_path(loaded.data, where)}"
                places[value["texte"]].append(Place(f"{path.name}:{loaded.positions[where][0]}", chemin))
    return [(note, titles.get(note, note), places[note]) for note in notes]


def _mentions(folder: Path, pattern: re.Pattern, cited: set) -> list:
    """[Place] of every text of the new edition that names the previous session
    or its dates; the sources already listed as citations are left out (their
    section is checked with them), and so are the shifted dates (new values)."""
    found = []
    for path in rule_files(folder):
        if path.stem in (DOCUMENTS, NEWS_TO_WRITE.partition(".")[0]):
            continue
        loaded, _ = load_file(path, path.name)
        for where, value in walk(loaded.data if loaded else None):
            if not isinstance(value, str) or _DATE.match(value) or not pattern.search(value):
                continue
            chemin = f"{path.stem}.{readable_path(loaded.data, where)}"
            if any(chemin.startswith(source + ".") for source in cited):
                continue
            found.append(Place(f"{path.name}:{loaded.positions[where][0]}", chemin, value))
    return found


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
        _write_edition_identity(target / "edition.yaml", year)
        citations = _citations(target)
        cited = {place.chemin for _, _, places in citations for place in places}
        mentions = _mentions(target, stale_pattern(source_edition, _iso_dates(source)), cited)
        created = NewEdition(target, shifted, mentions, citations)
        _write_to_confirm(target / "edition.yaml", created)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return created
