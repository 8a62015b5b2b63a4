"""Details of the candidate tool in Chromium: a mark typed with a decimal comma,
a mark error naming its row and its rule, the fiche's autocomplete tokens, and
the specialty pages opening the tool on their specialty."""

import json
import urllib.parse

from bts_inscription.regles import Regles
from tests.site.test_outil import READY, open_tool, settle

# The fiche's fields a browser can fill from the candidate's own data, and the HTML token of each.
AUTOFILLED = {
    "nom_famille": "family-name",
    "prenoms": "given-name",
    "date_naissance": "bday",
    "adresse": "address-line1",
    "code_postal": "postal-code",
    "ville": "address-level2",
    "telephone_mobile": "tel",
    "email": "email",
}


def _marks_field(bundle) -> dict:
    return next(champ for champ in bundle["profil"]["champs"] if champ["type"] == "tableau_notes")


def _specialite_field(bundle) -> str:
    return Regles(bundle).champs.organisant_les_pages()[0]


def _fill_row(page, champ, index, cells):
    row = page.locator(f'[data-champ="{champ["id"]}"] [data-ligne]').nth(index)
    for column, text in zip(champ["colonnes"], cells):
        row.locator(f'[data-cle="{column["id"]}"]').fill(text)


def _shared_profil(page) -> dict:
    fragment = urllib.parse.urlsplit(page.input_value("#lien-partage")).fragment
    return json.loads(urllib.parse.parse_qs(fragment)["profil"][0])


def _start(page, server, bundle):
    open_tool(page, server)
    page.check("input[name=categorie][value=scolaire]")
    page.select_option(f"select[name={_specialite_field(bundle)}]", "batiment")


def test_a_mark_typed_with_a_decimal_comma_is_the_number(page, server, bundle):
    champ = _marks_field(bundle)
    _start(page, server, bundle)
    _fill_row(page, champ, 0, ["U3", "12,5", str(bundle["session"] - 1)])
    page.focus(f"select[name={_specialite_field(bundle)}]")  # leaves the table: its errors would show
    settle(page)
    assert not page.is_visible(f'[data-zone-erreur="{champ["id"]}"]')
    assert [row["note"] for row in _shared_profil(page)[champ["id"]]] == [12.5]


def test_a_mark_out_of_the_scale_names_its_row_and_cites_the_scale_rule(page, server, bundle):
    champ = _marks_field(bundle)
    note = next(column for column in champ["colonnes"] if column["type"] == "nombre")
    session = str(bundle["session"] - 1)
    _start(page, server, bundle)
    _fill_row(page, champ, 0, ["U3", "12", session])
    _fill_row(page, champ, 1, ["U4", str(note["au_plus"] + 5), session])
    page.focus(f"select[name={_specialite_field(bundle)}]")
    settle(page)
    zone = page.locator(f'[data-zone-erreur="{champ["id"]}"]')
    assert zone.is_visible()
    text = zone.text_content().replace("\u00a0", " ").replace("\u202f", " ")  # the page's French spacing
    assert text.startswith(f"{champ['nom_ligne']} 2 (U4) : "), text
    regles = Regles(bundle)
    assert all(source in text for source in regles.sources(note["source"])), text
    assert not any(source in text for source in regles.sources(champ["source"])), "la source générale du champ est citée"


def test_the_fiche_fields_carry_the_autocomplete_token_of_their_rules(page, server, bundle):
    open_tool(page, server)
    fields = [field for section in bundle["fiche"]["sections"] for field in section["champs"]]
    given = {field["id"]: field["autocomplete"] for field in fields if "autocomplete" in field}
    assert given == AUTOFILLED
    shown = dict(page.eval_on_selector_all("form#fiche [name][autocomplete]", "els => els.map(e => [e.name, e.autocomplete])"))
    assert shown == AUTOFILLED
    profile_tokens = page.eval_on_selector_all(
        "form#profil [autocomplete]", "els => [...new Set(els.map(e => e.getAttribute('autocomplete')))]"
    )
    assert profile_tokens == ["off"]


def test_a_specialty_page_opens_the_tool_with_its_specialty_chosen(page, server, bundle):
    specialite = bundle["specialites"]["specialites"][-1]["id"]
    page.goto(f"{server}/specialites/{specialite}/")
    page.click("a[data-profil-specialite]")
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    assert page.url.startswith(f"{server}/outil/")
    assert page.input_value(f"select[name={_specialite_field(bundle)}]") == specialite
    assert page.inner_text("#statut-sauvegarde") == "Lien chargé."
