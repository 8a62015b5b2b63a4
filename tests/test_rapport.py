"""The publication report (`python -m build_tools rapport`): one self-contained
French HTML page with the validation messages, the values to confirm, the diff
and what changes for candidates, for an edition made by nouvelle-edition, a
hand-modified one, a broken one and one without a previous edition."""

import contextlib
import html
import io
import os
import re
import shutil
from html.parser import HTMLParser
from unittest import mock

import pytest

from bts_inscription import checklist
from bts_inscription.dates import date_fr
from bts_inscription.enumeration import distinct_profils
from build_tools.__main__ import main
from build_tools.compiler import compile_edition
from build_tools.confirmation import resolve_path
from build_tools.diff import diff_bundles
from build_tools.yaml_strict import load_file
from tests.conftest import EDITION
from tests.editions.fixture import make_rules

OLD, NEW = EDITION.name, str(int(EDITION.name) + 1)
SECTIONS = ("erreurs", "a-confirmer", "differences", "candidats")


class _Page(HTMLParser):
    """The text of each section (by id), tags and attributes of the whole page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.sections, self.text = [], {}, []
        self._section, self._raw = None, 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "section":
            self._section = dict(attrs).get("id")
            self.sections[self._section] = []
        if tag in ("style", "script"):
            self._raw += 1
        if tag in ("p", "li", "tr", "td", "th", "h2", "h3", "h4", "caption"):
            self._add("\n")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._raw -= 1
        if tag == "section":
            self._section = None

    def handle_data(self, data):
        if not self._raw:
            self._add(data)

    def _add(self, text):
        self.text.append(text)
        if self._section:
            self.sections[self._section].append(text)


def read_page(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.text = "".join(page.text)
    page.sections = {name: "".join(parts) for name, parts in page.sections.items()}
    return page


def plain(text: str) -> str:
    text = re.sub(r"[ \t]+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))
    return re.sub(r"\s*\n\s*", "\n", text)


def report(rules, tmp_path, *args, edition=NEW):
    """(exit code, the page's HTML, what the command printed) of `rapport <edition>`."""
    output = tmp_path / f"rapport-{edition}-{len(list(tmp_path.iterdir()))}.html"
    err = io.StringIO()
    with mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(rules)}), contextlib.redirect_stderr(err):
        code = main(["rapport", edition, "--sortie", str(output), *args])
    return code, output.read_text(encoding="utf-8"), err.getvalue()


def new_edition(rules):
    with (
        mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(rules)}),
        contextlib.redirect_stdout(io.StringIO()),
    ):
        assert main(["nouvelle-edition", NEW]) == 0


@pytest.fixture(scope="module")
def created(tmp_path_factory):
    """rules/ with a copy of the newest edition (and its cas/) and the edition nouvelle-edition makes from it."""
    rules = tmp_path_factory.mktemp("regles")
    shutil.copytree(EDITION, rules / OLD)
    new_edition(rules)
    return rules


@pytest.fixture(scope="module")
def published(created, tmp_path_factory):
    code, text, err = report(created, tmp_path_factory.mktemp("rapport"))
    return code, text, read_page(text), err


def bundle(folder):
    compilation = compile_edition(folder, check_coverage=False)
    assert compilation.ok, compilation.erreurs
    return compilation.bundle


def test_report_has_every_section_and_says_it_is_written(published):
    code, text, page, err = published
    assert code == 0
    assert [name for name in page.sections if name] == list(SECTIONS)
    titles = [plain(t) for t in re.findall(r"<h2[^>]*>(.*?)</h2>", text)]
    assert titles == [
        "En bref",
        "1. Erreurs et avertissements",
        "2. Valeurs à confirmer",
        "3. Différences avec l'édition précédente",
        "4. Ce qui change pour les candidats",
    ]
    assert f"Rapport de l'édition {NEW} écrit dans " in err and f"depuis l'édition {OLD}." in err
    assert "Aucune erreur : l'édition est valide." in plain(page.sections["erreurs"])


def test_values_to_confirm_are_listed_with_their_place_and_value(created, published):
    _, _, page, _ = published
    edition, _ = load_file(created / NEW / "edition.yaml", "edition.yaml")
    entries = edition.data["a_confirmer"]
    assert len(entries) >= 4
    section = plain(page.sections["a-confirmer"])
    assert f"{len(entries)} valeurs reprises de l'édition précédente" in section
    for entry in entries:
        stem, _, dotted = entry.partition(".")
        loaded, _ = load_file(created / NEW / f"{stem}.yaml", f"{stem}.yaml")
        path = resolve_path(loaded.data, dotted)
        value = loaded.data
        for key in path:
            value = value[key]
        shown = f"{date_fr(value)} ({value})" if isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\d$", value) else None
        row = re.escape(f"\n{stem}.yaml, ligne {loaded.position(path)[0]}\n") + r"[^\n]*" + re.escape(f"({entry})\n")
        assert re.search(row, section), entry
        if shown:
            assert re.search(row + re.escape(shown), section), entry


def test_the_validation_warnings_are_shown_each_once(created, published):
    _, _, page, _ = published
    compilation = compile_edition(created / NEW)
    assert compilation.avertissements
    messages, to_confirm = plain(page.sections["erreurs"]), plain(page.sections["a-confirmer"])
    assert f"{len(compilation.avertissements)} avertissements" in messages
    for warning in compilation.avertissements:
        text = plain(warning.message.removeprefix("avertissement : "))
        place = f"{warning.fichier.rpartition('/')[2]}, ligne {warning.ligne}"
        # A warning about a value to confirm is shown on that value's row, the others with the validation.
        assert (f"\n{place}\n{text}\n" in to_confirm) != (text in messages), text


def test_the_diff_is_shown_in_french(created, published):
    _, _, page, _ = published
    changes = diff_bundles(bundle(created / OLD), bundle(created / NEW))
    assert changes
    section = plain(page.sections["differences"])
    assert f"{len(changes)} changements de l'édition {OLD} à l'édition {NEW}" in section
    for change in changes:
        assert f"\n{plain(change['message'])}" in section


def test_each_case_shows_its_deadlines_before_and_after(created, published):
    _, _, page, _ = published
    section = plain(page.sections["candidats"])
    old, new = bundle(created / OLD), bundle(created / NEW)
    cases = []
    for path in sorted((created / NEW / "cas").glob("*.yaml")):
        loaded, _ = load_file(path, path.name)
        previous, _ = load_file(created / OLD / "cas" / path.name, path.name)  # the same cases, a year earlier
        cases += [(path.name, loaded.position(("cas", i))[0], case, previous.data["cas"][i]) for i, case in enumerate(loaded.data["cas"])]
    assert len(cases) >= 60
    assert f"{len(cases)} cas : " in section
    moved = 0
    for name, line, case, old_case in cases:
        assert old_case["nom"] == case["nom"]
        after = {p["id"]: p["echeance_texte"] for p in checklist(new, case["profil"])["pieces"]}
        before = {p["id"]: p["echeance_texte"] for p in checklist(old, old_case["profil"])["pieces"]}
        # nouvelle-edition shifts every date by one year: each case's deadlines move.
        assert set(after) == set(before) and all(before[i] != after[i] for i in after), case["nom"]
        entry = next(item for item in section.split("\n") if item.startswith(f"{plain(case['nom'])} (cas/{name}:{line})"))
        for piece in after:
            assert f"{plain(before[piece])} → {plain(after[piece])}" in entry, (case["nom"], piece)
            moved += 1
    assert moved > 100
    assert "Cas dont seules les dates sont décalées d'un an" in section
    assert "0 avec des pièces, des dates ou des libellés changés autrement" in section


def test_generated_profiles_are_counted(created, published):
    _, _, page, _ = published
    total = len(distinct_profils(bundle(created / NEW)))
    section = plain(page.sections["candidats"])
    count = f"{total:,}".replace(",", " ")
    assert f"L'énumération des réponses possibles donne {count} profils distincts" in section
    assert f"{count} profils voient un changement, 0 est inchangé." in section
    assert "Date décalée d'un an : « " in section


def test_the_page_is_self_contained_printable_and_french(published):
    _, text, page, _ = published
    assert text.startswith("<!DOCTYPE html>") and '<html lang="fr">' in text
    assert not [tag for tag, _ in page.tags if tag in ("script", "link", "img", "iframe", "object", "embed")]
    references = [(tag, name, value) for tag, attrs in page.tags for name, value in attrs.items() if name in ("src", "href", "action")]
    assert references and all(name == "href" and value.startswith("#") for _, name, value in references)
    ids = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
    assert {value[1:] for _, _, value in references} <= ids
    assert "http://" not in text and "https://" not in text and "url(" not in text and "@import" not in text
    assert "@media print" in text and "@page" in text
    body = page.text
    assert not re.search(r"[^\u00a0\u202f][:;!?](\s|$)", body.replace("...", "")), "no-break space before : ; ! ?"
    assert not re.search(r"«[^\u00a0]|[^\u00a0]»", body)
    assert re.search(
        r"\b(1er|[0-9]{1,2}) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) [0-9]{4}\b", body
    )
    summary = body[: body.index("1. Erreurs et avertissements")]
    assert "(s)" not in summary and "(s)" not in published[3]  # the rules may say "épreuve(s)", the report does not


def test_rule_text_is_escaped(created, tmp_path):
    rules = tmp_path / "regles"
    shutil.copytree(created, rules)
    pieces = rules / NEW / "pieces.yaml"
    loaded, _ = load_file(pieces, "pieces.yaml")
    label = loaded.data["pieces"][0]["libelle"]
    hostile = '<script>alert("x")</script> & <b>gras</b>'
    source = pieces.read_text(encoding="utf-8")
    assert source.count(f'libelle: "{label}"') == 1
    pieces.write_text(source.replace(f'libelle: "{label}"', f"libelle: '{hostile}'"), encoding="utf-8")
    code, text, _ = report(rules, tmp_path)
    page = read_page(text)
    assert code == 0
    assert "<script" not in text and "<b>" not in text
    assert html.escape(hostile, quote=False) in text
    section = page.sections["candidats"]
    assert f"{hostile} (avant : « {label} »)".replace(" ", "") in section.replace(" ", "").replace("\u00a0", "")
    assert "libellé modifié" in section


def test_a_broken_edition_still_gives_a_report_with_its_errors(created, tmp_path):
    rules = tmp_path / "regles"
    shutil.copytree(created, rules)
    calendar = rules / NEW / "calendrier.yaml"
    text = calendar.read_text(encoding="utf-8")
    wrong = re.search(r'date: "(\d{4})-(\d\d)-(\d\d)"', text)
    calendar.write_text(text.replace(wrong[0], f'date: "{wrong[3]}/{wrong[2]}/{wrong[1]}"', 1), encoding="utf-8")
    line = text[: wrong.start()].count("\n") + 1
    errors = compile_edition(rules / NEW).erreurs
    assert errors

    code, text, err = report(rules, tmp_path)
    page = read_page(text)
    assert code == 1
    section = plain(page.sections["erreurs"])
    assert f"{len(errors)} erreur" in section
    assert f"\ncalendrier.yaml\n{line}\n" in section
    for error in errors:
        assert plain(error.message) in section
    assert "ne se compilent pas" in plain(page.sections["differences"])
    assert "ne se compilent pas" in plain(page.sections["candidats"])
    assert "valeurs reprises de l'édition précédente" in plain(page.sections["a-confirmer"])  # still listed
    assert "L'édition n'est pas valide" in plain(page.text)
    assert "1 erreur" in err


def test_a_real_change_is_highlighted_and_the_unchanged_are_counted(tmp_path):
    """The test edition of tests/editions: one piece added for formation continue, one deadline moved, no cas/."""
    rules = make_rules(tmp_path / "regles")
    new = bundle(rules / NEW)
    profils = distinct_profils(new)
    added = next(p for p in new["pieces"]["pieces"] if p["id"] not in {q["id"] for q in bundle(rules / OLD)["pieces"]["pieces"]})
    concerned = [p for p in profils if any(piece["id"] == added["id"] for piece in checklist(new, p)["pieces"])]
    assert 0 < len(concerned) < len(profils)

    code, text, _ = report(rules, tmp_path)
    section = plain(read_page(text).sections["candidats"])
    assert code == 0
    assert "Aucun cas de test dans le dossier cas/" in section
    number = f"{len(concerned):,}".replace(",", " ")
    total = f"{len(profils):,}".replace(",", " ")
    assert f"Pièce ajoutée : « {plain(added['libelle'])} »\nAvant : absente ; après : " in section
    assert f"{number} profils sur {total}, par exemple :" in section
    assert "Date déplacée : « " in section and "12 décembre 2025 ; après : 15 décembre 2025." in section
    unchanged = re.search(r"profils voient un changement, ([0-9 ]+) sont inchangés\.", section)
    assert unchanged and int(unchanged[1].replace(" ", "")) > 0
    assert '<article class="changement ajoutee">' in text and '<article class="changement deplacee">' in text


def test_without_a_previous_edition_the_report_says_so(tmp_path, monkeypatch):
    rules = tmp_path / "regles"
    shutil.copytree(EDITION, rules / OLD, ignore=shutil.ignore_patterns("cas"))
    monkeypatch.chdir(tmp_path)
    err = io.StringIO()
    with mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(rules)}), contextlib.redirect_stderr(err):
        assert main(["rapport"]) == 0  # the newest edition, written in the current folder
    page = read_page((tmp_path / f"rapport-{OLD}.html").read_text(encoding="utf-8"))
    for section in ("differences", "candidats"):
        assert "Aucune édition précédente" in plain(page.sections[section])
    assert f"rapport-{OLD}.html" in err.getvalue()
