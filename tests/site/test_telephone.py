"""The candidate tool as a candidate uses it on a phone, often just before a
deadline: the list kept in sight while answering, errors only after an answer,
and answers that survive a reload or a mistaken "Tout effacer"."""

import json
import urllib.parse

import pytest

from tests.site.test_outil import READY, settle, shown_pieces

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def open_at(browser):
    """open_at(url, viewport) → a page of its own context, the engine's first answer shown."""
    contexts = []

    def open_page(url, viewport=PHONE):
        context = browser.new_context(locale="fr-FR", viewport=viewport, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector(READY, state="attached", timeout=120_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def visible_errors(page):
    return page.eval_on_selector_all("form#profil [data-erreur]:not([hidden])", "els => els.map(e => e.dataset.erreur)")


def test_nothing_is_red_or_read_aloud_on_arrival(open_at, server):
    page = open_at(f"{server}/outil/")
    assert visible_errors(page) == []
    assert page.query_selector_all("[aria-invalid]") == []
    assert page.query_selector_all("[role=alert]") == []
    assert not page.is_visible("#resume-erreurs")
    # The profile's required fields are still missing: the engine knows, the page waits.
    assert page.inner_text("#annonce-liste") == ""


def test_an_error_shows_once_its_field_is_left(open_at, server):
    page = open_at(f"{server}/outil/")
    page.check("input[name=categorie][value=scolaire]")
    page.fill("input[name=dispenses]", "ZZ9")
    settle(page)
    assert "dispenses" not in visible_errors(page), "pas d'erreur pendant la saisie"
    page.keyboard.press("Tab")
    settle(page)
    assert "dispenses" in visible_errors(page)
    assert page.get_attribute("input[name=dispenses]", "aria-invalid") == "true"
    # The rule behind the message is one step away, not inside it.
    zone = page.locator('[data-zone-erreur="dispenses"]')
    assert zone.locator(".bts-erreur-texte").is_visible()
    assert zone.locator("details.bts-pourquoi summary").inner_text().startswith("Pourquoi")
    # Fields not answered yet (the specialty) are not reported before the list is asked for.
    assert "specialite" not in visible_errors(page)


def test_the_phone_bar_counts_the_pieces_announces_changes_and_leads_to_the_list(open_at, server, bundle):
    page = open_at(f"{server}/outil/")
    bar = page.locator("#barre-liste")
    assert bar.is_visible()
    everyone = len(shown_pieces(page))
    assert page.inner_text("#barre-texte").startswith(f"{everyone} pièces")
    page.check("input[name=categorie][value=apprenti]")
    settle(page)
    added = next(p for p in bundle["pieces"]["pieces"] if p["id"] == "contrat_apprentissage")
    assert page.inner_text("#barre-texte").startswith(f"{everyone + 1} pièces")
    assert page.inner_text("#annonce-liste") == f"+ {added['libelle']}"
    assert page.get_attribute("#annonce-liste", "aria-live") == "polite"
    marked = page.eval_on_selector_all("#checklist .bts-nouvelle", "els => els.map(e => e.dataset.piece)")
    assert marked == ["contrat_apprentissage"], "la pièce ajoutée est marquée dans la liste"
    # The bar never hides what has the focus: the page keeps room under it.
    assert page.evaluate("getComputedStyle(document.documentElement).scrollPaddingBottom") != "auto"
    page.click("#voir-liste")
    page.wait_for_function("() => document.activeElement.id === 'titre-resultat'")
    settle(page)
    assert page.locator("#titre-resultat").is_visible()
    # Asking for the list shows what is still missing, as links to the fields.
    assert "specialite" in visible_errors(page)
    link = page.locator('#resume-erreurs [data-erreur="specialite"] a')
    link.click()
    assert page.evaluate("document.activeElement.name") == "specialite"
    page.locator("#resultat").scroll_into_view_if_needed()
    page.wait_for_selector("#barre-liste", state="hidden")


def test_on_a_wide_screen_the_list_is_the_right_column_and_stays_in_sight(open_at, server):
    page = open_at(f"{server}/outil/", DESKTOP)
    assert not page.is_visible("#barre-liste")
    form, result = (page.locator(selector).bounding_box() for selector in ("form#profil", "#resultat"))
    assert result["x"] >= form["x"] + form["width"], "la liste est à droite des questions"
    assert result["y"] < DESKTOP["height"], "la liste est visible sans défiler"
    page.locator("#fiche").scroll_into_view_if_needed()
    top = page.locator("#resultat").bounding_box()["y"]
    assert 0 <= top < DESKTOP["height"] / 2, "la liste reste à l'écran pendant la fiche"


def test_a_shared_profile_opens_on_its_list(open_at, server):
    profil = {"categorie": "scolaire", "specialite": "batiment"}
    page = open_at(f"{server}/outil/#profil={urllib.parse.quote(json.dumps(profil))}")
    page.wait_for_function("() => document.activeElement.id === 'titre-resultat'")
    box = page.locator("#titre-resultat").bounding_box()
    assert 0 <= box["y"] < PHONE["height"]


def test_a_reload_keeps_answers_and_fiche_in_this_tab_only(open_at, server):
    page = open_at(f"{server}/outil/")
    page.check("input[name=categorie][value=formation_continue]")
    page.select_option("select[name=specialite]", "batiment")
    page.fill("#fiche-nom_famille", "Dupont")
    settle(page)
    page.reload()
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    assert page.input_value("select[name=specialite]") == "batiment"
    assert page.input_value("#fiche-nom_famille") == "Dupont"
    assert page.evaluate("Object.keys(localStorage)") == [], "rien sur l'appareil sans « Se souvenir »"
    assert not page.is_checked("#se-souvenir")


def test_erase_everything_can_be_undone(open_at, server):
    page = open_at(f"{server}/outil/")
    page.check("input[name=categorie][value=scolaire]")
    page.select_option("select[name=specialite]", "batiment")
    page.fill("#fiche-prenoms", "Camille")
    settle(page)
    before = shown_pieces(page)
    page.click("#bouton-effacer")
    settle(page)
    assert page.input_value("select[name=specialite]") == ""
    assert page.input_value("#fiche-prenoms") == ""
    undo = page.locator("#bouton-annuler-effacement")
    assert undo.is_visible()
    assert page.evaluate("document.activeElement.id") == "bouton-annuler-effacement"
    undo.click()
    settle(page)
    assert page.input_value("select[name=specialite]") == "batiment"
    assert page.input_value("#fiche-prenoms") == "Camille"
    assert shown_pieces(page) == before
    assert not undo.is_visible()
    assert page.evaluate("document.activeElement.id") == "bouton-effacer"


def test_the_undo_offer_ends_after_ten_seconds(browser, server):
    context = browser.new_context(locale="fr-FR", viewport=PHONE, service_workers="block")
    page = context.new_page()
    page.clock.install()
    page.goto(f"{server}/outil/")
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    page.check("input[name=categorie][value=scolaire]")
    settle(page)
    page.click("#bouton-effacer")
    assert page.is_visible("#bouton-annuler-effacement")
    page.clock.run_for(9_000)
    assert page.is_visible("#bouton-annuler-effacement")
    page.clock.run_for(2_000)
    assert not page.is_visible("#bouton-annuler-effacement")
    assert not page.is_checked("input[name=categorie][value=scolaire]")
    context.close()


def test_a_bad_link_keeps_the_answers_kept_on_this_device(open_at, server):
    page = open_at(f"{server}/outil/")
    page.check("#se-souvenir")
    page.check("input[name=categorie][value=apprenti]")
    page.fill("#fiche-nom_famille", "Martin")
    settle(page)
    page.goto("about:blank")
    page.goto(f"{server}/outil/#profil=%7Bxx")
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    assert "non chargé" in page.inner_text("#statut-sauvegarde")
    assert page.is_checked("input[name=categorie][value=apprenti]")
    assert page.input_value("#fiche-nom_famille") == "Martin"
    saved = json.loads(page.evaluate("localStorage.getItem(Object.keys(localStorage)[0])"))
    assert saved["profil"]["categorie"] == "apprenti" and saved["fiche"]["nom_famille"] == "Martin"


def test_the_loading_label_goes_once_the_engine_is_ready(open_at, server):
    page = open_at(f"{server}/outil/")
    assert not page.is_visible("label[for=progression]")
    assert not page.is_visible("#progression")
    assert "prêt" in page.inner_text("#statut")
