"""The campaign's state in Chromium, with a fixed clock: each deadline's text on
the home page and in the candidate tool, the advice once a date has passed, and
the end-of-campaign banner (home page and both tools). Every expected text is
the rules' (calendrier.yaml), read from the bundle."""

import datetime
import json
import urllib.parse

import pytest

from bts_inscription.checklist import checklist
from bts_inscription.dates import date_jour_fr, echeance_fr, echeance_jour_fr
from bts_inscription.printing import candidate_sheet
from build_tools.compiler import compile_edition
from build_tools.site.context import build_context
from build_tools.site.pages import environment, render_pages
from tests.conftest import ROOT
from tests.site.conftest import describe_violations, run_axe
from tests.test_cas import CASES

READY = "#checklist[data-etat=pret]"
BANNER = "[data-bandeau-campagne]"


def deadlines(bundle) -> list:
    return sorted(bundle["calendrier"]["echeances"], key=lambda e: e["date"])


def day(iso: str, offset: int) -> datetime.datetime:
    """Noon UTC (the afternoon in Paris) `offset` days from the day `iso`."""
    date = datetime.date.fromisoformat(iso) + datetime.timedelta(days=offset)
    return datetime.datetime(date.year, date.month, date.day, 12, tzinfo=datetime.UTC)


def expected_text(bundle, iso: str, today: datetime.datetime) -> str:
    """The rules' wording for a deadline seen from `today`."""
    wording = bundle["calendrier"]["delai"]
    days = (datetime.date.fromisoformat(iso) - today.date()).days
    if days < 0:
        return wording["passee"]
    if days == 0:
        return wording["aujourdhui"]
    if days == 1:
        return wording["demain"]
    without_year = date_jour_fr(iso).rsplit(" ", 1)[0]
    return wording["dans_jours"].replace("{jours}", str(days)).replace("{jour}", without_year)


def sessions(bundle, text: str) -> str:
    return text.replace("{session}", str(bundle["session"])).replace("{session_suivante}", str(bundle["session"] + 1))


def end_banner(bundle) -> list:
    textes = bundle["calendrier"]["campagne"]
    return [sessions(bundle, textes[key]) for key in ("terminee_titre", "terminee_texte", "terminee_conseil")]


@pytest.fixture(scope="module")
def profil_with_every_deadline(bundle) -> dict:
    """A profile of the rules' cases whose checklist has a piece at every deadline."""
    every = {e["date"] for e in bundle["calendrier"]["echeances"]}
    for param in CASES:
        case = param.values[2]
        result = checklist(bundle, case["profil"])
        if not result["erreurs"] and {p["echeance"] for p in result["pieces"]} == every:
            return case["profil"]
    pytest.fail("aucun cas des règles n'a une pièce à chaque échéance")


def open_at(page, url: str, when: datetime.datetime):
    page.clock.set_fixed_time(when)
    page.goto(url)


def home_states(page) -> dict:
    return page.eval_on_selector_all(
        "[data-delai]", "els => Object.fromEntries(els.map(e => [e.dataset.delai, [e.textContent, e.hidden]]))"
    )


def banner_texts(page) -> list:
    return page.eval_on_selector_all(f"{BANNER} [data-campagne]", "els => els.map(e => e.textContent)")


def open_tool_at(page, server, profil, when):
    open_at(page, f"{server}/outil/#profil={urllib.parse.quote(json.dumps(profil))}", when)
    page.wait_for_selector(READY, state="attached", timeout=120_000)


def tool_groups(page) -> dict:
    """{deadline date: (title, state, advice or None)} of the checklist."""
    return page.eval_on_selector_all(
        "#checklist [data-groupe-echeance]",
        """els => Object.fromEntries(els.map(e => [e.dataset.groupeEcheance,
            [e.querySelector('h3').textContent, e.dataset.etatEcheance, e.querySelector('.bts-conseil-passee')?.textContent ?? null]]))""",
    )


def assert_tool_texts(page, bundle, when):
    groups = tool_groups(page)
    formule = bundle["calendrier"]["formule"]
    for echeance in deadlines(bundle):
        title, state, advice = groups[echeance["date"]]
        relative = expected_text(bundle, echeance["date"], when)
        assert title == f"À déposer {formule.replace('{date}', echeance_fr(echeance))} – {relative}"
        passed = relative == bundle["calendrier"]["delai"]["passee"]
        assert state == ("passee" if passed else "a_venir")
        assert advice == (bundle["calendrier"]["delai"]["conseil_passee"] if passed else None)


def test_tool_before_the_first_deadline(page, server, bundle, profil_with_every_deadline, page_log):
    first = deadlines(bundle)[0]
    when = day(first["date"], -5)
    open_tool_at(page, server, profil_with_every_deadline, when)
    assert_tool_texts(page, bundle, when)
    assert "5" in tool_groups(page)[first["date"]][0]
    assert page.locator(BANNER).is_hidden()
    assert not page_log.page_errors


def test_tool_between_the_deadlines(page, server, bundle, profil_with_every_deadline):
    first, last = deadlines(bundle)[0], deadlines(bundle)[-1]
    when = day(first["date"], 1)
    open_tool_at(page, server, profil_with_every_deadline, when)
    assert_tool_texts(page, bundle, when)
    groups = tool_groups(page)
    assert groups[first["date"]][1] == "passee" and groups[last["date"]][1] == "a_venir"
    assert page.locator(BANNER).is_hidden()


def test_tool_after_every_deadline_shows_the_banner(page, server, bundle, profil_with_every_deadline):
    when = day(deadlines(bundle)[-1]["date"], 1)
    open_tool_at(page, server, profil_with_every_deadline, when)
    assert_tool_texts(page, bundle, when)
    assert page.locator(BANNER).is_visible()
    assert banner_texts(page) == end_banner(bundle)


@pytest.mark.parametrize("offset", [-5, -1, 0, 1])
def test_home_page_around_the_first_deadline(page, server, bundle, offset):
    first, last = deadlines(bundle)[0], deadlines(bundle)[-1]
    when = day(first["date"], offset)
    open_at(page, f"{server}/", when)
    page.wait_for_selector(f"[data-delai='{first['date']}']:not([hidden])")
    states = home_states(page)
    assert states == {e["date"]: [expected_text(bundle, e["date"], when), False] for e in deadlines(bundle)}
    advice = page.locator("[data-conseil-passee]")
    if offset > 0:
        assert advice.is_visible() and advice.text_content() == bundle["calendrier"]["delai"]["conseil_passee"]
    else:
        assert advice.is_hidden()
    assert page.locator(BANNER).is_hidden()
    assert last["date"] in states


@pytest.mark.parametrize("offset,shown", [(0, False), (1, True), (400, True)])
def test_home_page_banner_after_the_last_deadline(page, server, bundle, offset, shown):
    when = day(deadlines(bundle)[-1]["date"], offset)
    open_at(page, f"{server}/", when)
    page.wait_for_selector(f"{BANNER}[data-etat-campagne]", state="attached")
    assert page.locator(BANNER).is_visible() == shown
    if shown:
        assert banner_texts(page) == end_banner(bundle)
        violations = run_axe(page)
        assert not violations, describe_violations(violations)


@pytest.mark.parametrize("offset,shown", [(-5, False), (1, True)])
def test_class_tool_banner(page, server, bundle, offset, shown):
    open_at(page, f"{server}/outil/classe/", day(deadlines(bundle)[-1]["date"], offset))
    page.wait_for_selector(f"{BANNER}[data-etat-campagne]", state="attached")
    assert page.locator(BANNER).is_visible() == shown
    if shown:
        assert banner_texts(page) == end_banner(bundle)


def test_home_page_without_javascript_names_the_session(browser, server, bundle):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False, service_workers="block")
    page = context.new_page()
    page.goto(f"{server}/")
    titles = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
    assert sessions(bundle, bundle["calendrier"]["campagne"]["titre"]) in titles
    assert page.locator(BANNER).is_hidden()
    context.close()


def test_another_academies_formula_is_used_by_every_page_and_printed_sheet():
    """The fictitious académie has its own formula: every deadline heading and printed
    sheet uses it, and no page keeps the real edition's wording (but its rules' own texts)."""
    compilation = compile_edition(ROOT / "tests/fixtures/academie_exemple/rules/2031")
    assert compilation.ok, compilation.erreurs
    bundle = compilation.bundle
    formule = bundle["calendrier"]["formule"]
    real = compile_edition(ROOT / "rules/2026", check_coverage=False).bundle["calendrier"]["formule"].split("{date}")[0].strip()
    assert real not in formule
    site = {"archive": False, "precedente": None, "changements": [], "editions_du_site": [], "vers_racine_site": ""}
    pages = dict(render_pages(bundle, site))
    for echeance in bundle["calendrier"]["echeances"]:
        assert f"## À déposer {formule.replace('{date}', echeance_jour_fr(echeance))}" in pages["pieces/index.md"]
    # The wordings the templates used to type (the rules' own texts quote them on these two pages).
    for path, markdown in pages.items():
        if path not in ("cyclades/index.md", "nouveautes/index.md"):
            assert real not in markdown and "avant le" not in markdown, path
    echeance = bundle["calendrier"]["echeances"][0]
    piece = bundle["pieces"]["pieces"][0]
    matrice = {"edition": bundle["edition"], "empreinte": bundle["empreinte"], "formule": formule}
    candidat = {
        "ligne": 1,
        "prenom": "",
        "nom": "",
        "erreurs": [],
        "checklist": [{"id": piece["id"], "echeance": echeance["date"], "heure": echeance.get("heure"), "motif": ""}],
    }
    sheet = candidate_sheet(candidat, matrice, {piece["id"]: piece["libelle"]})
    assert sheet["groupes"][0]["titre"] == f"À déposer sur CYCLADES {formule.replace('{date}', echeance_fr(echeance))}"


@pytest.mark.parametrize("archive", [False, True])
def test_an_archived_edition_has_no_end_banner(bundle, archive):
    """An archive has its own notice (overrides/main.html) and its next edition is published."""
    env = environment(build_context(bundle))
    site = {"archive": archive, "precedente": None, "changements": [], "editions_du_site": [], "vers_racine_site": ""}
    home = env.get_template("accueil.md.j2").render(**site)
    assert ("data-bandeau-campagne" in home) is not archive
    assert 'id="campagne-donnees"' in home and "campagne-page.mjs" in home
