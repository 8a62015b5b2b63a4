"""The fictitious « Académie d'exemple » as a whole site, seen by Chromium.

The site is built from the fixture's rules root alone (BTS_INSCRIPTION_REGLES),
served, and each of the fixture's YAML cases is opened in the candidate tool
through a share link (`/outil/#profil=…`); the class tool gets the class list
made from the same cases. Both must give the pieces and deadlines of the cases.
"""

import json
import os
from unittest import mock
from urllib.parse import quote

import pytest

from bts_inscription.champs import Champs
from build_tools.local_server import QuietHandler, SiteServer
from build_tools.site.build import BuildError, build_site
from tests.site.conftest import plain_spaces
from tests.site.test_classe_navigateur import RESULT, open_class_tool, upload
from tests.site.test_outil import READY, shown_errors, shown_pieces
from tests.test_academie_exemple import CASES, EDITION, case_params, class_list, compiled_bundle, copy_rules


@pytest.fixture(scope="module")
def exemple_bundle() -> dict:
    return compiled_bundle()


@pytest.fixture(scope="module")
def exemple_site(tmp_path_factory):
    """The site of the fixture's rules root, built once for this module."""
    work = tmp_path_factory.mktemp("site_academie_exemple")
    rules_root = copy_rules(work)
    try:
        with mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(rules_root)}):
            return build_site(work / "site")
    except BuildError as exc:
        pytest.fail(f"Le site de l'académie d'exemple ne se construit pas :\n{exc}", pytrace=False)


@pytest.fixture(scope="module")
def exemple_server(exemple_site):
    with SiteServer(exemple_site, handler=QuietHandler) as site_server:
        yield site_server.url


@pytest.fixture(scope="module")
def tool_page(browser):
    """One page for every case: its context keeps Pyodide in the HTTP cache between cases."""
    context = browser.new_context(locale="fr-FR", service_workers="block")
    page = context.new_page()
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.page_errors = page_errors
    yield page
    context.close()


def outside_the_form(bundle: dict, profil: dict) -> list:
    """The fields whose answer in this profile is none of the form's choices (an
    unoffered language, say; a withdrawn one stays choosable, so that the engine
    says why): the tool refuses such a link as a whole."""
    outside = []
    for champ in Champs(bundle).values():
        if champ.a_valeurs and champ.id in profil:
            answers = profil[champ.id] if isinstance(profil[champ.id], list) else [profil[champ.id]]
            if any(answer not in champ.toutes_valeurs() and answer not in champ.retirees for answer in answers):
                outside.append(champ.id)
    return outside


def test_the_site_is_the_fictitious_academie(exemple_site):
    home = (exemple_site / "index.html").read_text(encoding="utf-8")
    assert "Académie d'exemple" in home
    assert (exemple_site / "regles" / f"{EDITION}.json").exists()
    assert not (exemple_site / "regles" / "2026.json").exists()
    ics = (exemple_site / f"calendrier-bts-{EDITION}.ics").read_text(encoding="utf-8")
    assert "TZID=America/Martinique" in ics


@pytest.mark.parametrize("where, case", case_params())
def test_case_opened_from_a_share_link(where, case, tool_page, exemple_server, exemple_bundle):
    page = tool_page
    page.page_errors.clear()
    page.goto("about:blank")
    fragment = quote(json.dumps(case["profil"], ensure_ascii=False), safe="")
    page.goto(f"{exemple_server}/outil/#profil={fragment}")
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    got = dict(shown_pieces(page))
    loading = plain_spaces(page.inner_text("#statut-sauvegarde"))
    detail = (
        f"{where} : cas « {case['nom']} »\n  chargement : {loading!r}"
        f"\n  erreurs affichées : {[champ for champ, _ in shown_errors(page)]}\n  erreurs JavaScript : {page.page_errors}"
    )
    outside = outside_the_form(exemple_bundle, case["profil"])
    if outside:  # the form cannot hold this answer: the link changes nothing, and says why
        assert loading.startswith("Lien non chargé") and all(f"« {champ} »" in loading for champ in outside), detail
        return
    assert loading == "Lien chargé.", detail
    assert got == case["pieces"], f"{detail}\n  pièces affichées : {got}"


def test_class_list_in_the_class_tool(tool_page, exemple_server, exemple_bundle):
    page = tool_page
    page.goto("about:blank")
    open_class_tool(page, exemple_server)
    upload(page, {"name": "classe-exemple.csv", "mimeType": "text/csv", "buffer": class_list(exemple_bundle, CASES)})
    assert page.get_attribute(RESULT, "data-etat") == "pret", page.inner_text("#statut-classe")
    rows = page.eval_on_selector_all(
        "#matrice tbody tr",
        "rows => rows.map(r => [r.dataset.ligne, [...r.querySelectorAll('[data-piece]')].map(c => [c.dataset.piece, c.dataset.echeance])])",
    )
    errors = page.eval_on_selector_all("#erreurs-classe li", "els => els.map(e => [e.dataset.ligne, e.dataset.erreur])")
    assert [line for line, _ in rows] == [str(n) for n in range(2, len(CASES) + 2)]
    problems = []
    for (line, pieces), (where, case) in zip(rows, CASES):
        if dict(pieces) != case["pieces"]:
            problems.append(f"ligne {line}, {where} ({case['nom']}) : pièces {dict(pieces)}")
        champs = sorted(champ for ligne, champ in errors if ligne == line)
        if champs != sorted(case.get("erreurs", [])):
            problems.append(f"ligne {line}, {where} ({case['nom']}) : erreurs {champs}")
    assert not problems, "\n".join(problems)
