"""Finding a specialty by name or sigle: the candidate tool's list and the
specialties' index page, in French order, with one filter (list-filter.mjs)."""

import unicodedata

from bts_inscription import checklist
from build_tools.site.pages import french_key, search_words

READY = "#checklist[data-etat=pret]"
SPECIALITE = "select[name=specialite]"
FILTRE = "[data-filtre-liste]"


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def open_tool(page, server):
    page.goto(f"{server}/outil/")
    page.wait_for_selector(READY, state="attached", timeout=120_000)


def specialites(bundle) -> list:
    return bundle["specialites"]["specialites"]


def by_sigle(bundle, sigle) -> dict:
    return next(s for s in specialites(bundle) if s.get("sigle") == sigle)


def listed(page) -> list:
    """The specialties the list offers, in its order (the placeholder and withdrawn values left out)."""
    return page.eval_on_selector_all(f"{SPECIALITE} option[data-recherche]", "options => options.map(o => o.value)")


def kept_by(bundle, query) -> set:
    """The specialties one of whose words (name, sigle, codes, options') begins with `query`."""
    return {
        s["id"]
        for s in specialites(bundle)
        if any(word.startswith(fold(query)) for word in fold(search_words(s)).replace(",", " ").replace("'", " ").split())
    }


def test_the_list_is_in_french_order(page, server, bundle):
    open_tool(page, server)
    order = listed(page)
    labels = {s["id"]: s["libelle"] for s in specialites(bundle)}
    assert order == sorted(labels, key=lambda id: french_key(labels[id]))
    # An accented initial sorts with its letter, not after Z.
    accented = next(id for id in order if labels[id].startswith("É"))
    later = next(id for id in order if fold(labels[id][0]) > "e")
    assert order.index(accented) < order.index(later)


def test_a_sigle_or_the_start_of_a_word_finds_the_specialty(page, server, bundle):
    open_tool(page, server)
    for query, wanted in (
        ("sio", by_sigle(bundle, "SIO")),
        ("SIO", by_sigle(bundle, "SIO")),
        ("mco", by_sigle(bundle, "MCO")),
        ("ndrc", by_sigle(bundle, "NDRC")),
    ):
        page.fill(FILTRE, query)
        assert listed(page) == [wanted["id"]], query
        assert page.text_content("#filtre-specialite-statut").startswith("1 ")
    for query in ("électro", "electro", "ELECTRO"):
        page.fill(FILTRE, query)
        shown = listed(page)
        assert set(shown) == kept_by(bundle, "électro"), query
        assert any(fold(s["libelle"]).startswith("electro") for s in specialites(bundle) if s["id"] in shown)
        said = page.get_attribute(FILTRE, "data-annonce-plusieurs").replace("{n}", str(len(shown)))
        assert page.text_content("#filtre-specialite-statut") == said
    assert page.get_attribute("#filtre-specialite-statut", "role") == "status"
    page.fill(FILTRE, "")
    assert len(listed(page)) == len(specialites(bundle))
    # Typing in the filter is not an answer: the engine was not asked again.
    assert page.get_attribute("#checklist", "data-etat") == "pret"


def test_keyboard_only_filter_then_choose_gives_the_right_checklist(page, server, bundle):
    open_tool(page, server)
    sio = by_sigle(bundle, "SIO")
    page.focus("input[name=categorie][value=scolaire]")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.filtreListe") == "champ-specialite"
    page.keyboard.type("sio")
    page.keyboard.press("Enter")  # to the list
    assert page.evaluate("document.activeElement.name") == "specialite"
    page.keyboard.press("ArrowDown")
    assert page.input_value(SPECIALITE) == sio["id"]
    page.wait_for_selector("select[name=option]", state="visible")
    option = sio["options"][0]["id"]
    page.select_option("select[name=option]", option)
    page.wait_for_timeout(50)
    page.wait_for_selector(READY, state="attached", timeout=30_000)
    expected = checklist(bundle, {"categorie": "scolaire", "specialite": sio["id"], "option": option})
    shown = page.eval_on_selector_all("#checklist [data-piece]", "els => els.map(e => e.dataset.piece)")
    assert shown == [p["id"] for p in expected["pieces"]]

    # Another filter that leaves the chosen specialty out keeps it chosen: the answer does not change.
    page.fill(FILTRE, "électro")
    assert page.input_value(SPECIALITE) == sio["id"]
    assert sio["id"] in listed(page)
    assert page.input_value("select[name=option]") == option


def test_the_index_page_has_the_same_order_and_matching(page, server, bundle):
    page.goto(f"{server}/specialites/")
    items = "#liste-specialites li"
    ids = page.eval_on_selector_all(f"{items} a", "links => links.map(a => a.getAttribute('href').replace(/\\/$/, '').split('/').pop())")
    labels = {s["id"]: s["libelle"] for s in specialites(bundle)}
    assert ids == sorted(labels, key=lambda id: french_key(labels[id]))
    for query in ("sio", "électro"):
        page.fill("#filtre", query)
        page.wait_for_function("document.getElementById('liste-specialites-statut').textContent !== ''")
        shown = page.eval_on_selector_all(
            f"{items}:not([hidden]) a", "links => links.map(a => a.getAttribute('href').replace(/\\/$/, '').split('/').pop())"
        )
        assert set(shown) == kept_by(bundle, query), query
        page.fill("#filtre", "")
