"""nouvelle-edition: the test cases are copied shifted and still pass; nothing
stale is published: the Nouveautés are reset to "à confirmer", every source
citing the previous note and every text naming the previous session or its
dates become values to confirm, which `validate` warns about and a publication
build refuses, until the exam office has confirmed them."""

import contextlib
import io
import os
import re
import shutil
from pathlib import Path
from unittest import mock

import pytest

from bts_inscription import checklist
from bts_inscription.dates import date_fr
from build_tools.__main__ import main
from build_tools.compiler import compile_edition
from build_tools.crossref import walk
from build_tools.site.build import BuildError, build_site
from build_tools.site.context import build_context
from build_tools.site.pages import environment
from build_tools.yaml_strict import load_file
from tests.conftest import EDITION, RULES
from tests.editions.fixture import make_rules

OLD, NEW = EDITION.name, str(int(EDITION.name) + 1)


def command(rules, *args, capsys):
    with mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(rules)}):
        code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def created(tmp_path_factory):
    """rules/ holding a copy of the newest edition (with its cas/) and the edition made from it."""
    rules = tmp_path_factory.mktemp("regles")
    shutil.copytree(EDITION, rules / OLD)
    out = io.StringIO()
    with mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(rules)}), contextlib.redirect_stdout(out):
        assert main(["nouvelle-edition", NEW]) == 0
    return rules, out.getvalue()


def _cases(folder):
    for path in sorted((folder / "cas").glob("*.yaml")):
        loaded, errors = load_file(path, path.name)
        assert not errors, errors
        for index, case in enumerate(loaded.data["cas"]):
            yield f"{path.name}:{loaded.position(('cas', index))[0]}", case


def test_cases_are_copied_line_by_line_with_dates_and_sessions_shifted(created):
    rules, _ = created
    sources = sorted((RULES / OLD / "cas").glob("*.yaml"))
    assert sources and [p.name for p in sorted((rules / NEW / "cas").glob("*.yaml"))] == [p.name for p in sources]
    shifted = {"date": 0, "session": 0}
    for source in sources:
        before = source.read_text(encoding="utf-8").splitlines()
        after = (rules / NEW / "cas" / source.name).read_text(encoding="utf-8").splitlines()
        assert len(after) == len(before), source.name
        for old, new in zip(before, after):
            if old.lstrip().startswith("#"):
                assert new == old  # comments are kept as written
                continue
            dates = re.findall(r'"([0-9]{4})-([0-9]{2}-[0-9]{2})"', old)
            sessions = re.findall(r'"session": ([0-9]{4})', old)
            expected = re.sub(r'"([0-9]{4})-', lambda m: f'"{int(m[1]) + 1}-', old)
            expected = re.sub(r'"session": ([0-9]{4})', lambda m: f'"session": {int(m[1]) + 1}', expected)
            assert new == expected
            shifted["date"] += len(dates)
            shifted["session"] += len(sessions)
    assert shifted["date"] > 100 and shifted["session"] > 10


def test_copied_cases_pass_against_the_new_edition(created):
    rules, _ = created
    compilation = compile_edition(rules / NEW, check_coverage=False)
    assert compilation.ok, "\n".join(map(str, compilation.erreurs))
    cases = list(_cases(rules / NEW))
    assert len(cases) == len(list(_cases(RULES / OLD)))
    failures = []
    for where, case in cases:
        result = checklist(compilation.bundle, case["profil"])
        got = {
            "pieces": {p["id"]: p["echeance"] for p in result["pieces"]} if "pieces" in case else None,
            "erreurs": sorted(e["champ"] for e in result["erreurs"]),
            "avertissements": sorted(w["champ"] for w in result["avertissements"]),
        }
        expected = {
            "pieces": case.get("pieces"),
            "erreurs": sorted(case.get("erreurs", [])),
            "avertissements": sorted(case.get("avertissements", [])),
        }
        if got != expected:
            failures.append(f"{where} « {case['nom']} » : {got} au lieu de {expected}")
    assert not failures, "\n".join(failures)


def test_new_edition_validates_with_the_news_still_to_write(created, capsys):
    rules, _ = created
    code, out, err = command(rules, "validate", "--edition", NEW, capsys=capsys)
    assert code == 0, out
    news = [line for line in out.splitlines() if "nouveautés de l'édition à rédiger" in line]
    marker = (rules / NEW / "nouveautes.yaml").read_text(encoding="utf-8").splitlines().index("a_rediger: true") + 1
    assert news == [
        f"{rules / NEW / 'nouveautes.yaml'}:{marker}:1: avertissement : nouveautés de l'édition à rédiger ; "
        "la page « Nouveautés » les dit « à confirmer » (nouveautes.a_rediger)"
    ]
    assert f"{len(to_confirm(rules))} valeurs à confirmer avant publication" in err


def test_news_are_reset_to_be_confirmed(created):
    rules, _ = created
    previous, _ = load_file(RULES / OLD / "nouveautes.yaml", "nouveautes.yaml")
    titles = [note["titre"] for note in previous.data["notes"]]
    assert titles, "the newest edition announces news: the reset is what is tested"
    news, errors = load_file(rules / NEW / "nouveautes.yaml", "nouveautes.yaml")
    assert not errors and news.data == {"a_rediger": True, "notes": []}
    edition, _ = load_file(rules / NEW / "edition.yaml", "edition.yaml")
    assert "nouveautes.a_rediger" in edition.data["a_confirmer"]
    text = (rules / NEW / "nouveautes.yaml").read_text(encoding="utf-8")
    assert text.startswith(f"# Nouveautés que l'académie annonce pour la session {NEW}")  # comments in French

    bundle = compile_edition(rules / NEW, check_coverage=False).bundle
    site = {"archive": False, "precedente": OLD, "changements": [], "editions_du_site": [], "vers_racine_site": ""}
    page = environment({**build_context(bundle), **site}).get_template("nouveautes.md.j2").render()
    assert f"Nouveautés de l'édition {NEW} : à confirmer." in page
    assert not [title for title in titles if title in page]


def test_publication_is_refused_while_the_news_are_to_write(created, tmp_path):
    rules, _ = created
    with mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(rules)}), pytest.raises(BuildError) as refused:
        build_site(tmp_path / "site", publication=True)
    assert "publication refusée : avertissement : nouveautés de l'édition à rédiger" in str(refused.value)


def to_confirm(rules) -> list:
    edition, errors = load_file(rules / NEW / "edition.yaml", "edition.yaml")
    assert not errors
    return edition.data["a_confirmer"]


def previous_note(rules) -> str:
    edition, _ = load_file(rules / NEW / "edition.yaml", "edition.yaml")
    return edition.data["source"][0]["texte"]


def citing_lines(folder, note) -> list:
    """'file:line' of every `texte: <note>` line of an edition's rule files."""
    citing = re.compile(rf"^\s*(- )?texte: {re.escape(note)}\s*$")
    return [
        f"{path.name}:{number}"
        for path in sorted(folder.glob("*.yaml"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if citing.match(line)
    ]


def listed(out, header) -> list:
    """The '  - …' lines under the line of `out` containing `header`."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if header in line) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("  - ")), len(lines))
    return [line.removeprefix("  - ") for line in lines[start:end]]


def test_sources_citing_the_previous_note_are_values_to_confirm(created):
    rules, out = created
    note = previous_note(rules)
    expected = citing_lines(rules / NEW, note)
    assert len(expected) > 50
    header = next(line for line in out.splitlines() if "citent encore « " in line)
    assert header.startswith(f"- {len(expected)} sources citent encore « ")
    assert f"({note}), le document de l'édition {OLD}" in header
    places = listed(out, "citent encore « ")
    assert [place.split(" ")[0] for place in places] == expected
    paths = [place.split(" ")[1].strip("()") for place in places]
    assert paths[0].endswith(".source.0") and set(paths) <= set(to_confirm(rules))


def _source_item(data, where):
    """The source item (dict of a `source` list) a value of a rule file is inside, or None."""
    for index in range(len(where) - 1, 0, -1):
        key = where[index - 1]
        if isinstance(key, str) and (key == "source" or key.endswith("_source")) and isinstance(where[index], int):
            item = data
            for part in where[: index + 1]:
                item = item[part]
            return item
    return None


def stale_values(folder, pattern, note) -> list:
    """'file:line' of each text of an edition matching `pattern`, outside
    textes.yaml (titles of documents) and the sources citing `note`."""
    found = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "textes.yaml":
            continue
        loaded, _ = load_file(path, path.name)
        for where, value in walk(loaded.data):
            if not isinstance(value, str) or re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value) or not re.search(pattern, value):
                continue
            if (_source_item(loaded.data, where) or {}).get("texte") != note:
                found.append(f"{path.name}:{loaded.positions[where][0]}")
    return found


def old_dates() -> list:
    """Every date of the previous edition's rules, written the French way."""
    found = set()
    for path in sorted((RULES / OLD).glob("*.yaml")):
        loaded, _ = load_file(path, path.name)
        found |= {date_fr(v) for _, v in walk(loaded.data) if isinstance(v, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v)}
    return sorted(found)


def test_texts_naming_the_previous_session_are_values_to_confirm(created):
    rules, out = created
    places = listed(out, f"nomment encore la session {OLD}")
    where = [place.split(" ")[0] for place in places]
    dates = "|".join(map(re.escape, old_dates()))
    assert where == stale_values(rules / NEW, rf"(?<![\w/-]){OLD}(?![\w/-])|{dates}", previous_note(rules))
    title = next(
        n for n, line in enumerate((rules / NEW / "edition.yaml").read_text(encoding="utf-8").splitlines(), 1) if line.startswith("titre:")
    )
    assert f"edition.yaml:{title}" in where  # the edition's title still says the previous session
    assert not [place for place in where if place.startswith("textes.yaml")]  # a document's title stays true
    edition_title = next(place for place in places if place.startswith(f"edition.yaml:{title} "))
    assert edition_title.endswith(f" : « BTS session {OLD} : inscription et pièces justificatives sur CYCLADES »")
    assert {place.split(" ")[1].strip("()") for place in places} <= set(to_confirm(rules))


def test_shifted_dates_are_not_listed_as_texts_to_reread(created):
    rules, out = created
    places = listed(out, f"nomment encore la session {OLD}")
    texts = {place.split(" ")[1].strip("()") for place in places}
    shifted = listed(out, "dates décalées d'un an")
    assert len(shifted) == 4 and not texts & set(shifted)
    for path in sorted((rules / NEW).glob("*.yaml")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.fullmatch(rf'\s*-?\s*[a-z_]+: "{OLD}-[0-9]{{2}}-[0-9]{{2}}"', line):  # a date shifted to the old year
                assert not [place for place in places if place.startswith(f"{path.name}:{number} ")], line


def test_validate_warns_about_each_value_to_confirm(created, capsys):
    rules, _ = created
    code, out, err = command(rules, "validate", "--edition", NEW, capsys=capsys)
    assert code == 0, out
    warnings = out.splitlines()
    assert len(warnings) == len(to_confirm(rules)) > 50
    assert warnings == sorted(warnings, key=lambda w: (w.split(":")[0], int(w.split(":")[1])))  # file by file, line by line
    note = previous_note(rules)
    folder = rules / NEW
    for place in citing_lines(folder, note):
        name, line = place.split(":")
        assert any(
            w.startswith(f"{folder / name}:{line}:")
            and f": avertissement : source reprise de l'édition précédente, qui cite « Note académique BTS {OLD} » ({note}), à confirmer ("
            in w
            for w in warnings
        ), place
    title = [w for w in warnings if w.endswith("(edition.titre)")]
    assert title == [
        f"{folder / 'edition.yaml'}:{title[0].split(':')[1]}:1: avertissement : texte repris de l'édition précédente, qui nomme sa "
        f"session ou ses dates, à relire : « BTS session {OLD} : inscription et pièces justificatives sur CYCLADES » (edition.titre)"
    ]


def test_publication_refuses_every_value_to_confirm(created, tmp_path, capsys):
    rules, _ = created
    previous = tmp_path / "site"
    previous.mkdir()
    code, out, err = command(rules, "site", "--publication", "--sortie", str(previous), capsys=capsys)
    assert code == 1
    assert "Publication refusée : des valeurs restent à confirmer." in err
    refusals = [line for line in err.splitlines() if ": publication refusée : avertissement : " in line]
    assert len(refusals) == len(to_confirm(rules))
    for entry in to_confirm(rules):
        assert sum(line.endswith(f"({entry})") for line in refusals) == 1, entry
    assert not any(previous.iterdir())


def confirm_as_the_office_would(folder):
    """What the exam office does: declare the new note, cite it instead of the
    previous one, update the texts naming the previous session, write the
    news, and remove what it has confirmed from a_confirmer."""
    note = previous_note(folder.parent)
    new_note = note.replace(OLD, NEW)
    textes = folder / "textes.yaml"
    textes.write_text(
        textes.read_text(encoding="utf-8").replace(
            "textes:\n",
            f'textes:\n  - id: {new_note}\n    titre: "Note académique BTS session {NEW}"\n    court: "Note académique BTS {NEW}"\n',
            1,
        ),
        encoding="utf-8",
    )
    for path in folder.glob("*.yaml"):
        if path.name != "textes.yaml":
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(rf"texte: {re.escape(note)}\b", f"texte: {new_note}", text), encoding="utf-8")
    for place in to_confirm_texts(folder):
        name, number = place.split(":")
        path = folder / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[int(number) - 1] = re.sub(rf"\b{OLD}\b", NEW, lines[int(number) - 1])
        path.write_text("".join(lines), encoding="utf-8")
    news = folder / "nouveautes.yaml"
    news.write_text(
        news.read_text(encoding="utf-8").replace(
            "a_rediger: true\nnotes: []\n",
            f'notes:\n  - id: calendrier\n    titre: "Calendrier {NEW}"\n    texte: "Les dates de dépôt changent."\n'
            f"    source:\n      - texte: {new_note}\n",
        ),
        encoding="utf-8",
    )
    edition = folder / "edition.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text[: text.index("# Valeurs reprises")], encoding="utf-8")


def to_confirm_texts(folder) -> list:
    """'file:line' of the texts the edition lists to reread (as nouvelle-edition printed them)."""
    compilation = compile_edition(folder, check_coverage=False)
    return [f"{Path(w.fichier).name}:{w.ligne}" for w in compilation.avertissements if "texte repris de l'édition précédente" in w.message]


def test_once_confirmed_the_edition_is_published(created, tmp_path, capsys):
    rules = tmp_path / "regles"
    shutil.copytree(created[0], rules)
    confirm_as_the_office_would(rules / NEW)
    code, out, err = command(rules, "validate", "--edition", NEW, capsys=capsys)
    assert (code, out) == (0, ""), out
    assert err.startswith(f"Édition {NEW} valide (") and "à confirmer" not in err
    assert not citing_lines(rules / NEW, previous_note(created[0]))  # the previous note is no longer cited
    page = (rules / NEW / "edition.yaml").read_text(encoding="utf-8")
    assert f'titre: "BTS session {NEW} :' in page

    def built(site, *args):  # the pages themselves are built by tests/site; here, the refusal is what is tested
        site.mkdir(parents=True)
        (site / "index.html").write_text("<!doctype html>", encoding="utf-8")

    with mock.patch("build_tools.site.build._build_editions", built), mock.patch("build_tools.site.build.finalize"):
        code, out, err = command(rules, "site", "--publication", "--sortie", str(tmp_path / "site"), capsys=capsys)
    assert code == 0, err
    assert (tmp_path / "site" / "index.html").is_file()


def test_an_edition_without_cases_is_still_created(tmp_path, capsys):
    rules = make_rules(tmp_path / "rules")  # 2026 and 2027, without cas/
    code, out, err = command(rules, "nouvelle-edition", str(int(max(p.name for p in rules.iterdir())) + 1), capsys=capsys)
    assert code == 0, err
    assert "Cas de test" not in out
