"""The candidate tool's answers outside the page (issue 18): a refused link or
file changes nothing — neither the form, nor the fiche, nor what is kept in this
tab or on this device — and the tool reads back every file and link it writes,
even with every field at its longest."""

import json
import urllib.parse

import pytest

from bts_inscription import limites
from tests.site.test_outil import READY, open_tool, settle

# The value of every named control of a form, as the page shows it.
FORM_STATE = """id => [...document.getElementById(id).elements].filter((e) => e.name).map((e) =>
  [e.name, e.type === "checkbox" || e.type === "radio" ? `${e.value}:${e.checked}` : e.value, e.disabled])"""
STORAGE = "store => Object.fromEntries(Object.keys(window[store]).map((key) => [key, JSON.parse(window[store].getItem(key))]))"


def state(page):
    """Both forms and both copies of the answers: what a refused link or file must not change."""
    return {
        "profil": page.evaluate(FORM_STATE, "profil"),
        "fiche": page.evaluate(FORM_STATE, "fiche"),
        "localStorage": page.evaluate(STORAGE, "localStorage"),
        "sessionStorage": page.evaluate(STORAGE, "sessionStorage"),
    }


def remembered_answers(page, server):
    open_tool(page, server)
    page.check("#se-souvenir")
    page.check("input[name=categorie][value=apprenti]")
    page.select_option("select[name=specialite]", "travaux-publics")
    page.fill("input[name=dispenses]", "U1 U2")
    page.fill("#fiche-nom_famille", "Martin")
    settle(page)
    before = state(page)
    saved = before["localStorage"]["bts-inscription:2026"]
    assert saved["profil"]["categorie"] == "apprenti" and saved["fiche"]["nom_famille"] == "Martin"
    assert before["sessionStorage"] == before["localStorage"]
    return before


def link(profil_text: str) -> str:
    return "#profil=" + urllib.parse.quote(profil_text, safe="")


TOO_LONG = link(json.dumps({"dispenses": ["U1"] * 40_000}))  # 560 KB, as long as the link the tester tried


@pytest.mark.parametrize(
    "fragment, said",
    [
        ("#profil=%7Bxx", "Lien non chargé : ses réponses ne sont pas du JSON lisible."),
        (link('{"pirate": 1}'), "Lien non chargé : champ inconnu « pirate »."),
        (link('{"categorie": "scolaire", "dispenses": "U1"}'), 'Lien non chargé : « dispenses » vaut "U1".'),
        (
            TOO_LONG,
            f"Lien non chargé : il est trop long pour être un lien de l'outil ({limites.en_francais(len(TOO_LONG))} caractères, "
            "au plus 200\u202f000).",
        ),
    ],
    ids=["bad-json", "unknown-field", "wrong-type", "too-long"],
)
def test_a_refused_link_changes_nothing(page, server, fragment, said):
    before = remembered_answers(page, server)
    page.goto("about:blank")
    page.goto(f"{server}/outil/{fragment}")
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    settle(page)
    assert said in page.inner_text("#statut-sauvegarde").replace("\u00a0", " ")
    assert "Vos réponses actuelles n'ont pas changé." in page.inner_text("#statut-sauvegarde")
    assert state(page) == before


@pytest.mark.parametrize(
    "content, said",
    [
        (b"{ pas du json", "Fichier non chargé : ce n'est pas un fichier JSON lisible."),
        (b'{"profil": {"pirate": 1}}', "Fichier non chargé : champ inconnu « pirate »."),
        (b'{"profil": {"categorie": "scolaire"}, "fiche": {"nom_famille": ["x"]}}', "qui n'est pas un texte"),
        (
            b" " * 200_001,
            "Fichier non chargé : il est trop gros pour être un fichier de réponses (200\u202f001 octets, au plus 200\u202f000).",
        ),
    ],
    ids=["bad-json", "unknown-field", "fiche-type", "too-big"],
)
def test_a_refused_answers_file_changes_nothing(page, server, content, said):
    before = remembered_answers(page, server)
    page.set_input_files("#fichier-reponses", files=[{"name": "r.json", "mimeType": "application/json", "buffer": content}])
    page.wait_for_function("() => document.getElementById('statut-sauvegarde').textContent.includes('non chargé')")
    settle(page)
    assert said in page.inner_text("#statut-sauvegarde").replace("\u00a0", " ")
    assert state(page) == before


# Fills every control that is shown with its longest value: the longest option of
# a list, the longest value of a group of radios, every checkbox, and `text` in
# every box (a date box: a date). Returns how many controls changed.
FILL_LONGEST = """([id, text]) => {
  const form = document.getElementById(id);
  const shown = (e) => !e.disabled && e.offsetParent !== null;
  const longest = (values) => values.reduce((a, b) => (b.length > a.length ? b : a), "");
  const changed = [];
  const set = (e, apply) => {
    const before = e.type === "checkbox" || e.type === "radio" ? e.checked : e.value;
    apply();
    if (before !== (e.type === "checkbox" || e.type === "radio" ? e.checked : e.value)) {
      changed.push(e.name);
      e.dispatchEvent(new Event("input", { bubbles: true }));
      e.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };
  const controls = [...form.elements].filter((e) => e.name && shown(e));
  for (const e of controls) {
    if (e.type === "radio") {
      const group = controls.filter((o) => o.type === "radio" && o.name === e.name);
      if (e.value === longest(group.map((o) => o.value))) set(e, () => { e.checked = true; });
    } else if (e.type === "checkbox") {
      set(e, () => { e.checked = true; });
    } else if (e.tagName === "SELECT") {
      const value = longest([...e.options].map((o) => o.value));
      set(e, () => { e.value = value; });
    } else if (e.type === "date") {
      set(e, () => { e.value = "2001-02-03"; });
    } else if (e.type === "number") {
      set(e, () => { e.value = "1" + "0".repeat(30); });
    } else {
      set(e, () => { e.value = text; });
    }
  }
  return changed.length;
}"""


def fill_longest(page, form, text):
    """Fills `form` until nothing more shows up (an answer may open another question)."""
    for _ in range(6):
        if not page.evaluate(FILL_LONGEST, [form, text]):
            return
        settle(page)
    raise AssertionError(f"le formulaire « {form} » change encore")


def download_answers(page, path):
    with page.expect_download() as download:
        page.click("#bouton-telecharger")
    download.value.save_as(path)
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_field_at_its_longest_is_saved_and_read_back(page, server, browser, tmp_path):
    longest = ("U1 U31 UF2 U1U2U3U4U5U6U7 " * 40)[: limites.CARACTERES_RUBRIQUE]
    open_tool(page, server)
    fill_longest(page, "profil", longest)
    fill_longest(page, "fiche", longest)
    before = {"profil": page.evaluate(FORM_STATE, "profil"), "fiche": page.evaluate(FORM_STATE, "fiche")}
    saved = download_answers(page, tmp_path / "reponses.json")
    # Every kind of answer is there, at its longest: the cells of more than 10 characters that were refused.
    assert saved["profil"]["benefices"][0]["epreuve"] == longest.strip().upper()
    assert saved["profil"]["benefices"][0]["session"] == "1" + "0" * 30
    assert "U1U2U3U4U5U6U7" in saved["profil"]["dispenses"]
    assert saved["profil"]["epreuves_facultatives"] and saved["profil"]["langue_facultative"]
    assert {len(value) for key, value in saved["fiche"].items() if "date" not in key} >= {limites.CARACTERES_RUBRIQUE}
    shared = page.input_value("#lien-partage")
    assert "#profil=" in shared

    page.click("#bouton-effacer")
    settle(page)
    assert page.input_value("#fiche-nom_famille") == ""
    page.set_input_files("#fichier-reponses", str(tmp_path / "reponses.json"))
    page.wait_for_function("() => document.getElementById('statut-sauvegarde').textContent.includes('Fichier chargé')")
    settle(page)
    assert {"profil": page.evaluate(FORM_STATE, "profil"), "fiche": page.evaluate(FORM_STATE, "fiche")} == before
    assert download_answers(page, tmp_path / "encore.json") == saved

    # The link it wrote opens on the same profile.
    other = browser.new_context(locale="fr-FR", service_workers="block").new_page()
    other.goto(shared)
    other.wait_for_selector(READY, state="attached", timeout=120_000)
    settle(other)
    assert "non chargé" not in other.inner_text("#statut-sauvegarde")
    assert other.evaluate(FORM_STATE, "profil") == before["profil"]
    other.context.close()
