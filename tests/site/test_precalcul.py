"""The engine's answers precomputed at build time, in Chromium: the list shows
before Python (even with the engine's worker blocked), the engine in Pyodide
gives the same answers, and when it answers it replaces the list only if it
differs."""

import json
import random
import re
import urllib.parse

import pytest

from bts_inscription.bridge import Engine
from bts_inscription.regles import regles_for
from build_tools.site import precomputed
from tests.site.conftest import checklists_in_pyodide
from tests.test_cas import CASES

CHECKLIST = "#checklist"
PRECOMPUTED = "#checklist[data-etat=precalcul]"
READY = "#checklist[data-etat=pret]"


@pytest.fixture(scope="module")
def shipped(built_site):
    """The precomputed answers as the built page carries them."""
    html = (built_site / "outil" / "index.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="outil-donnees">(.*?)</script>', html, re.S).group(1)
    return json.loads(data)["precalcul"]


@pytest.fixture(scope="module")
def engine(bundle):
    return Engine(json.dumps(bundle, ensure_ascii=False))


def shown_list(page):
    """(piece id, deadline, motif) of each piece shown, in order."""
    return page.eval_on_selector_all(
        f"{CHECKLIST} [data-piece]",
        """els => els.map(e =>
        [e.dataset.piece, e.dataset.echeance, e.querySelector('.bts-motif').textContent])""",
    )


def expected_list(pieces):
    return [[p["id"], p["echeance"], p["motif"]] for p in pieces]


def without_spaces(rows):
    """The page spaces « » and : the French way (typography.mjs)."""
    return [[re.sub(r"\s", "", cell) for cell in row] for row in rows]


def link(profil) -> str:
    return "#profil=" + urllib.parse.quote(json.dumps(profil))


def covered_cases(shipped, count=6):
    """Cases of the rules with no error nor warning, covered by the table, with different lists."""
    chosen, lists = [], set()
    for param in CASES:
        case = param.values[2]
        if case.get("erreurs") or case.get("avertissements") or not isinstance(case.get("profil"), dict):
            continue
        found = precomputed.lookup(shipped, case["profil"])
        if found is None or repr(found[0]) in lists:
            continue
        lists.add(repr(found[0]))
        chosen.append(case)
    return chosen[:count]


def test_the_list_shows_with_the_engines_worker_blocked(page, server, shipped, engine):
    page.route("**/moteur.worker.mjs*", lambda route: route.abort())
    cases = covered_cases(shipped)
    assert len(cases) >= 4
    for case in cases:
        page.goto("about:blank")  # a new document each time, not a change of fragment
        page.goto(f"{server}/outil/{link(case['profil'])}")
        page.wait_for_selector(f"{CHECKLIST} [data-piece]", state="attached", timeout=20_000)
        pieces = json.loads(engine.checklist(json.dumps(case["profil"])))["pieces"]
        assert without_spaces(shown_list(page)) == without_spaces(expected_list(pieces)), case["nom"]
        assert page.evaluate("performance.getEntriesByName('bts-premiere-piece').length") == 1
        # The phone bar counts the same pieces.
        assert page.inner_text("#barre-texte").startswith(f"{len(pieces)} pièce")


def test_the_list_follows_the_answers_before_the_engine_starts(page, server, shipped, engine):
    """The worker never answers: the list is the build's, marked so."""
    page.context.route("**/regles/*.json", lambda route: None)  # held for ever
    page.goto(f"{server}/outil/")
    page.wait_for_selector(PRECOMPUTED, state="attached", timeout=20_000)
    page.check("input[name=categorie][value=apprenti]")
    page.check("input[name=scolaire_en_premiere_annee]")
    page.select_option("select[name=specialite]", "batiment")
    profil = {"categorie": "apprenti", "specialite": "batiment", "scolaire_en_premiere_annee": True, "forme": "globale"}
    pieces = json.loads(engine.checklist(json.dumps(profil)))["pieces"]
    page.wait_for_function("n => document.querySelectorAll('#checklist [data-piece]').length === n", arg=len(pieces))
    assert without_spaces(shown_list(page)) == without_spaces(expected_list(pieces))
    assert page.get_attribute(CHECKLIST, "data-etat") == "precalcul"
    # A typed answer: the list is marked « en cours de vérification ».
    page.fill("input[name=dispenses]", "U1")
    page.wait_for_selector(f"{CHECKLIST} .bts-verification", state="attached")
    assert "en cours de vérification" in page.inner_text(f"{CHECKLIST} .bts-verification")


def test_a_sample_of_keys_is_the_engines_answer_in_pyodide(page, server, shipped, bundle):
    regles = regles_for(bundle)
    covered = list(precomputed.covered_profiles(shipped, regles))
    sample = random.Random(15).sample(covered, 30)
    results = checklists_in_pyodide(page, server, [profil for profil, _ in sample])
    for (profil, pieces), result in zip(sample, results):
        assert result["reponse"]["ok"], result
        assert result["reponse"]["resultat"]["pieces"] == pieces, profil


def hold_rules(page):
    """Holds the engine's rules until release() (the engine cannot be ready before)."""
    held = []
    page.context.route("**/regles/*.json", lambda route: held.append(route))

    def release():
        while not held:
            page.wait_for_timeout(50)
        for route in held:
            route.continue_()

    return release


def test_the_engines_same_answer_leaves_the_list_as_it_is(page, server, shipped):
    release = hold_rules(page)
    page.goto(f"{server}/outil/{link({'categorie': 'scolaire', 'specialite': 'maintenance-des-systemes', 'option': 'C'})}")
    page.wait_for_selector(PRECOMPUTED + " [data-piece]", state="attached", timeout=20_000)
    before = shown_list(page)
    page.evaluate("() => { window.marquee = document.querySelector('#checklist [data-piece]'); window.marquee.dataset.marque = '1'; }")
    release()
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    assert page.evaluate("() => window.marquee.isConnected && document.querySelector('#checklist [data-piece]') === window.marquee")
    assert shown_list(page) == before


def test_the_engines_answer_wins_when_it_differs(page, server, shipped):
    """A unit code the engine refuses: the build took it as valid."""
    release = hold_rules(page)
    page.goto(f"{server}/outil/{link({'categorie': 'scolaire', 'specialite': 'batiment', 'dispenses': ['X']})}")
    page.wait_for_selector(PRECOMPUTED + " .bts-verification", state="attached", timeout=20_000)
    precomputed_ids = [row[0] for row in shown_list(page)]
    release()
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    engine_ids = [row[0] for row in shown_list(page)]
    assert len(engine_ids) == len(precomputed_ids) - 1 and set(engine_ids) < set(precomputed_ids)
    assert not page.query_selector(f"{CHECKLIST} .bts-verification")
