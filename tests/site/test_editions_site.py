"""A site built with two editions: each served, each tool computing with its own edition."""

import os
from unittest import mock

import pytest

from build_tools.local_server import QuietHandler, SiteServer
from build_tools.site.build import build_site
from tests.editions.fixture import make_rules
from tests.site.conftest import assert_same_origin

READY = "#checklist[data-etat=pret]"


@pytest.fixture(scope="module")
def two_edition_server(tmp_path_factory):
    work = tmp_path_factory.mktemp("deux-editions")
    rules = make_rules(work / "rules")
    with mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(rules)}):
        site = build_site(work / "site")
    server = SiteServer(site, handler=QuietHandler)
    yield server.url
    server.stop()


def answer(page, url, categorie, specialite):
    page.goto(url)
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    page.check(f"input[name=categorie][value={categorie}]")
    page.select_option("select[name=specialite]", specialite)
    page.wait_for_timeout(50)
    page.wait_for_selector(READY, state="attached")
    return dict(page.eval_on_selector_all("#checklist [data-piece]", "els => els.map(e => [e.dataset.piece, e.dataset.echeance])"))


def test_each_edition_is_served_and_computes_with_its_own_rules(page, page_log, two_edition_server):
    base = two_edition_server
    newest = answer(page, f"{base}/outil/", "formation_continue", "batiment")
    assert newest["attestation_assiduite"] == "2025-11-19"
    assert newest["attestation_r408"] == "2025-12-15"
    assert "édition 2027" in page.inner_text("#tampon-checklist")
    assert page.locator(".bts-archive").count() == 0

    older = answer(page, f"{base}/2026/outil/", "formation_continue", "batiment")
    assert "attestation_assiduite" not in older
    assert older["attestation_r408"] == "2025-12-12"
    assert "édition 2026" in page.inner_text("#tampon-checklist")
    banner = page.locator(".bts-archive")
    assert "édition 2026 (archive)" in banner.inner_text()
    banner.locator("a").click()
    page.wait_for_load_state()
    assert page.url.rstrip("/") == base

    page.goto(f"{base}/nouveautes/")
    changes = page.eval_on_selector_all("[data-changement]", "els => els.map(e => [e.dataset.changement, e.dataset.id])")
    assert changes == [
        ["piece_ajoutee", "attestation_assiduite"],
        ["echeance_deplacee", "engagement_etudiant"],
        ["valeur_ajoutee", "langue_facultative/portugais"],
    ]
    page.goto(f"{base}/2026/outil/classe/")
    page.wait_for_function("() => document.getElementById('statut').textContent.startsWith('Moteur prêt')", timeout=120_000)
    assert_same_origin(page_log.requests, base)


def compare(page):
    page.click("#bouton-comparer")
    page.wait_for_selector("#resultat-comparaison[data-etat=pret]", state="attached", timeout=120_000)
    return page.eval_on_selector_all(
        "#resultat-comparaison [data-changement]", "els => els.map(e => [e.dataset.changement, e.dataset.piece])"
    )


def test_what_changes_for_me(page, two_edition_server):
    answer(page, f"{two_edition_server}/2026/outil/", "formation_continue", "comptabilite-et-gestion")
    assert compare(page) == [["ajoutee", "attestation_assiduite"]]
    assert "De l'édition 2026 à l'édition 2027" in page.inner_text("#resultat-comparaison")
    page.check("input[name=categorie][value=scolaire]")
    page.wait_for_selector(READY, state="attached")
    assert compare(page) == []
    assert "rien ne change" in page.inner_text("#resultat-comparaison")
    page.check("input[name=epreuves_facultatives][value=engagement_etudiant]")
    page.wait_for_selector(READY, state="attached")
    assert compare(page) == [["deplacee", "demande_engagement_etudiant"]]
