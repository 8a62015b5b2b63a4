"""nouvelle-edition: the test cases are copied shifted and still pass, the
Nouveautés are reset to "à confirmer", the citations of the previous note are listed."""

import contextlib
import io
import os
import re
import shutil
from unittest import mock

import pytest

from bts_inscription import checklist
from build_tools.__main__ import main
from build_tools.compiler import compile_edition
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
    assert "valeur(s) à confirmer avant publication" in err


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


def test_sources_citing_the_previous_note_are_listed(created):
    rules, out = created
    edition, _ = load_file(rules / NEW / "edition.yaml", "edition.yaml")
    note = edition.data["source"][0]["texte"]
    citing = re.compile(rf"^\s*(- )?texte: {re.escape(note)}\s*$")
    expected = [
        f"{path.name}:{number}"
        for path in sorted((rules / NEW).glob("*.yaml"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if citing.match(line)
    ]
    assert len(expected) > 50
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if "citent encore « " in line)
    assert lines[header].startswith(f"{len(expected)} source(s) citent encore « ")
    assert f"({note}), le document de l'édition {OLD}" in lines[header]
    assert lines[header + 1 : header + 1 + len(expected)] == [f"  - {place}" for place in expected]


def test_old_year_mentions_leave_out_the_shifted_values(created):
    rules, out = created
    listed = set(re.findall(r"^  - (\S+:[0-9]+)$", out[out.index(f"citent encore {OLD} (à relire)") :], flags=re.M))
    lines = (rules / NEW / "edition.yaml").read_text(encoding="utf-8").splitlines()
    title = next(n for n, line in enumerate(lines, start=1) if line.startswith("titre:"))
    assert OLD in lines[title - 1] and f"edition.yaml:{title}" in listed  # a text still naming the old year
    for path in sorted((rules / NEW).glob("**/*.yaml")):
        name = path.relative_to(rules / NEW).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(rf'"{OLD}-[0-9]{{2}}-[0-9]{{2}}"|"session": {OLD}\b', line) and line.count(OLD) == 1:
                assert f"{name}:{number}" not in listed, line  # a shifted value that now reads the old year


def test_an_edition_without_cases_is_still_created(tmp_path, capsys):
    rules = make_rules(tmp_path / "rules")  # 2026 and 2027, without cas/
    code, out, err = command(rules, "nouvelle-edition", str(int(max(p.name for p in rules.iterdir())) + 1), capsys=capsys)
    assert code == 0, err
    assert "Cas de test" not in out
