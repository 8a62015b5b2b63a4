"""The candidate tool in Chromium: the engine in Pyodide, the live checklist,
errors, the fiche, save and share, keyboard use, accessibility, privacy."""

import json
import time
import urllib.parse

import pytest

from bts_inscription.bridge import Engine
from tests.site.conftest import assert_same_origin, checklists_in_pyodide, describe_violations, run_axe
from tests.test_cas import CASES

READY = "#checklist[data-etat=pret]"


def open_tool(page, server, fragment=""):
    page.goto(f"{server}/outil/{fragment}")
    page.wait_for_selector(READY, state="attached", timeout=120_000)


def settle(page):
    """Wait until the checklist shows the engine's answer to the form as it stands."""
    page.wait_for_timeout(50)
    page.wait_for_selector(READY, state="attached", timeout=30_000)


def shown_pieces(page):
    return page.eval_on_selector_all("#checklist [data-piece]", "els => els.map(e => [e.dataset.piece, e.dataset.echeance])")


def shown_errors(page):
    return page.eval_on_selector_all("form#profil [data-erreur]:not([hidden])", "els => els.map(e => [e.dataset.erreur, e.textContent])")


def assert_no_axe_violation(page, state):
    violations = run_axe(page)
    assert not violations, f"axe-core, état « {state} » :\n{describe_violations(violations)}"


def test_parity_every_yaml_case_gives_the_same_answer_in_pyodide(page, server, bundle, page_log):
    cases = [param.values[2] for param in CASES]
    results = checklists_in_pyodide(page, server, [case["profil"] for case in cases])
    assert len(results) == len(cases) >= 60
    moteur = Engine(json.dumps(bundle))  # what the worker calls, in CPython
    for case, result in zip(cases, results):
        answer = result["reponse"]
        expected = json.loads(moteur.checklist(json.dumps(case["profil"])))
        assert answer["ok"], (case["nom"], answer)
        assert answer["resultat"] == expected, f"Pyodide et CPython diffèrent pour le cas « {case['nom']} »"
    assert_same_origin(page_log.requests, server)


def test_scolaire_maintenance_option_b(page, server, page_log):
    open_tool(page, server)
    assert_no_axe_violation(page, "prêt")
    page.check("input[name=categorie][value=scolaire]")
    page.select_option("select[name=specialite]", "maintenance-des-systemes")
    page.wait_for_selector("select[name=option]", state="visible")  # asked once the engine has answered
    page.select_option("select[name=option]", "B")
    settle(page)
    assert shown_pieces(page) == [
        ["confirmation_inscription", "2025-11-19"],
        ["piece_identite", "2025-11-19"],
        ["certificats_scolarite", "2025-11-19"],
        ["attestation_risque_electrique", "2025-12-12"],
        ["attestation_secours", "2025-12-12"],
        ["attestation_fluides_frigorigenes", "2025-12-12"],
    ]
    groups = page.eval_on_selector_all("[data-groupe-echeance] h3", "els => els.map(e => e.textContent)")
    assert groups[0].startswith("À déposer au plus tard le 19 novembre 2025")
    assert groups[1].startswith("À déposer au plus tard le 12 décembre 2025")
    item = page.locator('[data-piece="certificats_scolarite"]')
    assert "Vous êtes candidat ou candidate scolaire." in item.inner_text()
    assert item.locator("a").get_attribute("href") == "../pieces/#certificats_scolarite"
    assert "PDF" in page.inner_text("#checklist")
    assert "2026" in page.inner_text("#tampon-checklist")
    assert_same_origin(page_log.requests, server)


def test_option_question_only_for_a_specialty_with_options(page, server):
    """Which questions are asked is the engine's answer: wait for it after each change."""
    open_tool(page, server)
    page.select_option("select[name=specialite]", "batiment")
    settle(page)
    assert not page.is_visible("select[name=option]")
    assert not page.is_visible("input[name=scolaire_en_premiere_annee]")
    page.check("input[name=categorie][value=apprenti]")
    settle(page)
    assert page.is_visible("input[name=scolaire_en_premiere_annee]")
    assert not page.is_visible("input[name=forme][value=progressive]")
    page.select_option("select[name=specialite]", "maintenance-des-systemes")
    settle(page)
    assert page.is_visible("select[name=option]")
    assert page.eval_on_selector_all("select[name=option] option:not([hidden])", "os => os.map(o => o.value)") == ["", "A", "B", "C", "D"]


def test_apprentice_who_was_scolaire_in_year_one(page, server):
    open_tool(page, server)
    page.check("input[name=categorie][value=apprenti]")
    page.select_option("select[name=specialite]", "batiment")
    settle(page)
    assert "certificat_scolarite_premiere_annee" not in dict(shown_pieces(page))
    page.check("input[name=scolaire_en_premiere_annee]")
    settle(page)
    pieces = dict(shown_pieces(page))
    assert pieces["certificat_scolarite_premiere_annee"] == "2025-11-19"
    assert pieces["contrat_apprentissage"] == "2025-11-19"
    assert pieces["attestation_r408"] == "2025-12-12"


def test_portugais_shows_the_error_next_to_its_field(page, server, page_log):
    open_tool(page, server)
    page.check("input[name=categorie][value=scolaire]")
    page.select_option("select[name=specialite]", "batiment")
    assert not page.is_visible("select[name=langue_facultative]")
    page.check("input[name=epreuves_facultatives][value=langue_vivante]")
    page.select_option("select[name=langue_facultative]", "portugais")
    settle(page)
    errors = shown_errors(page)
    assert [champ for champ, _ in errors] == ["langue_facultative"]
    assert "portugais n'est plus proposé" in errors[0][1]
    zone = page.locator('[data-zone-erreur="langue_facultative"]')
    assert zone.is_visible()
    assert page.get_attribute("select[name=langue_facultative]", "aria-invalid") == "true"
    # The summary is a list of links to the fields, not an alert read on arrival.
    assert page.get_attribute("#resume-erreurs", "role") is None
    assert page.get_attribute('#resume-erreurs [data-erreur="langue_facultative"] a', "href") == "#question-langue_facultative"
    assert_no_axe_violation(page, "erreur")
    assert_same_origin(page_log.requests, server)


def test_more_than_two_optional_exams_is_refused_citing_the_rule(page, server):
    open_tool(page, server)
    page.check("input[name=categorie][value=scolaire]")
    page.select_option("select[name=specialite]", "services-informatiques-aux-organisations")
    page.select_option("select[name=option]", "A")
    for exam in ("engagement_etudiant", "mathematiques_approfondies", "parcours_certification_complementaire"):
        page.check(f"input[name=epreuves_facultatives][value={exam}]")
    settle(page)
    errors = dict(shown_errors(page))
    assert "Au plus 2 épreuves facultatives" in errors["epreuves_facultatives"]
    assert "Décret n° 2024-788" in errors["epreuves_facultatives"]


def test_the_whole_form_works_with_the_keyboard_alone(page, server):
    open_tool(page, server)
    page.focus("input[name=categorie][value=scolaire]")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # moves to and selects "apprenti"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.filtreListe") == "champ-specialite"  # the list's filter first
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "specialite"
    for letter in "maintenance des s":
        page.keyboard.press(letter if letter != " " else "Space")
    assert page.evaluate("document.activeElement.value") == "maintenance-des-systemes"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "option"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "scolaire_en_premiere_annee"
    page.keyboard.press("Space")
    settle(page)
    pieces = dict(shown_pieces(page))
    assert {"contrat_apprentissage", "certificat_scolarite_premiere_annee", "attestation_risque_electrique"} <= set(pieces)
    assert page.input_value("select[name=option]") == "A"


def fill_fiche(page):
    page.fill("#fiche-nom_famille", "Dupont-Secret")
    page.fill("#fiche-prenoms", "Camille")
    page.fill("#fiche-ine", "12345678 9AB")
    page.fill("#fiche-code_postal", "4400")
    settle(page)


def test_fiche_is_validated_filled_and_marks_what_remains(page, server):
    open_tool(page, server)
    page.check("input[name=categorie][value=formation_continue]")
    page.select_option("select[name=specialite]", "comptabilite-et-gestion")
    fill_fiche(page)
    error = page.locator('[data-zone-erreur-fiche="code_postal"]')
    assert error.is_visible() and "5 chiffres" in error.inner_text()
    assert not page.locator('[data-zone-erreur-fiche="ine"]').is_visible()
    printable = page.inner_text("#fiche-imprimable")
    assert "Dupont-Secret" in printable and "Comptabilité et gestion" in printable and "Formation continue" in printable
    assert page.locator("#fiche-imprimable .bts-a-completer").count() > 5
    assert_no_axe_violation(page, "fiche")
    page.emulate_media(media="print")
    assert not page.is_visible("form#profil")
    assert page.is_visible("#fiche-imprimable")


def test_json_round_trip(page, server, tmp_path, page_log):
    open_tool(page, server)
    page.check("input[name=categorie][value=apprenti]")
    page.select_option("select[name=specialite]", "maintenance-des-systemes")
    page.select_option("select[name=option]", "C")
    page.check("input[name=positionnement]")
    fill_fiche(page)
    before = shown_pieces(page)
    with page.expect_download() as download:
        page.click("#bouton-telecharger")
    saved = tmp_path / "reponses.json"
    download.value.save_as(saved)
    content = json.loads(saved.read_text(encoding="utf-8"))
    assert content["profil"]["option"] == "C" and content["fiche"]["nom_famille"] == "Dupont-Secret"
    page.click("#bouton-effacer")
    settle(page)
    assert page.input_value("select[name=specialite]") == ""
    page.set_input_files("#fichier-reponses", str(saved))
    settle(page)
    assert shown_pieces(page) == before
    assert page.input_value("#fiche-nom_famille") == "Dupont-Secret"
    assert_same_origin(page_log.requests, server)


def test_shared_link_round_trip_carries_no_etat_civil(page, server, browser):
    open_tool(page, server)
    page.check("input[name=categorie][value=scolaire]")
    page.select_option("select[name=specialite]", "services-informatiques-aux-organisations")
    page.select_option("select[name=option]", "B")
    page.check("input[name=epreuves_facultatives][value=engagement_etudiant]")
    fill_fiche(page)
    link = page.input_value("#lien-partage")
    assert "#profil=" in link
    for private in ("Dupont", "Camille", "123456789", "4400"):
        assert private not in link
    before = shown_pieces(page)
    other = browser.new_context(locale="fr-FR", service_workers="block").new_page()
    other.goto(link)
    other.wait_for_selector(READY, state="attached", timeout=120_000)
    assert shown_pieces(other) == before
    assert other.input_value("select[name=option]") == "B"
    assert other.input_value("#fiche-nom_famille") == ""
    other.context.close()


def test_remember_on_this_device_and_erase_everything(page, server):
    open_tool(page, server)
    page.check("#se-souvenir")
    page.check("input[name=categorie][value=scolaire]")
    page.select_option("select[name=specialite]", "batiment")
    settle(page)
    page.reload()
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    assert page.input_value("select[name=specialite]") == "batiment"
    page.click("#bouton-effacer")
    assert page.evaluate("Object.keys(localStorage)") == []
    settle(page)
    page.reload()
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    assert page.input_value("select[name=specialite]") == ""


@pytest.mark.parametrize(
    "content",
    [
        b"{ pas du json",
        b"[1, 2, 3]",
        b'{"profil": "scolaire"}',
        b'{"profil": {"categorie": "<img src=x onerror=alert(1)>"}}',
        b'{"profil": {"categorie": "scolaire", "__proto__": {"polluted": true}}}',
        b'{"profil": {"specialite": "batiment"}, "fiche": {"nom_famille": ["x"]}}',
    ],
    ids=["malformed", "array", "profil-text", "html", "proto", "fiche-type"],
)
def test_bad_or_hostile_file_changes_nothing(page, server, content):
    open_tool(page, server)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.check("input[name=categorie][value=apprenti]")
    page.select_option("select[name=specialite]", "travaux-publics")
    settle(page)
    before = (shown_pieces(page), page.input_value("select[name=specialite]"))
    page.set_input_files("#fichier-reponses", files=[{"name": "r.json", "mimeType": "application/json", "buffer": content}])
    page.wait_for_function("() => document.getElementById('statut-sauvegarde').textContent.includes('non chargé')")
    assert "Vos réponses actuelles n'ont pas changé" in page.inner_text("#statut-sauvegarde")
    settle(page)
    assert (shown_pieces(page), page.input_value("select[name=specialite]")) == before
    assert page.evaluate("({}).polluted") is None
    assert dialogs == []


def test_loading_state_is_accessible(page, server):
    page.goto(f"{server}/outil/", wait_until="domcontentloaded")
    assert page.get_attribute("#checklist", "data-etat") in ("chargement", "calcul", "precalcul")
    assert page.get_attribute("#statut", "role") == "status"
    assert page.is_visible("#progression")
    assert_no_axe_violation(page, "chargement")


def test_an_engine_wheel_that_differs_from_its_hash_is_refused(page, server, built_site):
    wheel = next((built_site / "pyodide").glob("bts_inscription-*.whl"))
    altered = wheel.read_bytes() + b"\0"
    page.context.route(f"**/pyodide/{wheel.name}", lambda route: route.fulfill(body=altered, content_type="application/octet-stream"))
    page.goto(f"{server}/outil/")
    page.wait_for_selector("#checklist[data-etat=erreur]", state="attached", timeout=120_000)
    status = page.text_content("#statut")
    assert "ne peut pas démarrer" in status and "empreinte" in status, status


def test_tool_pages_start_their_engine_before_their_styles(built_site):
    for path in ("outil/index.html", "outil/classe/index.html"):
        html = (built_site / path).read_text(encoding="utf-8")
        assert html.index("new Worker(") < html.index('rel="stylesheet"'), path


def test_the_worker_only_starts_from_a_complete_address_on_the_site(page, server):
    page.goto(f"{server}/mentions-legales/")
    echecs = page.evaluate(
        """(adresses) => Promise.all(adresses.map((adresse) => new Promise((resoudre) => {
        const worker = new Worker(adresse, { type: 'module' });
        worker.onmessage = ({ data }) => { if (data.echec !== undefined) { worker.terminate(); resoudre(data.echec); } };
    })))""",
        [
            "/outil/moteur.worker.mjs",
            "/outil/moteur.worker.mjs?regles=/regles/2026.json",
            "/outil/moteur.worker.mjs?regles=https://exemple.invalid/regles.json&pyodide=/pyodide/",
        ],
    )
    assert [("incomplète" in e, "fichiers du site" in e) for e in echecs] == [(True, False), (True, False), (False, True)], echecs


def test_an_engine_failure_before_the_tool_script_runs_is_still_shown(page, server):
    """The worker starts from the page's head; what it says before the tool's
    script takes it over (here, at once, a refusal) is kept and shown."""

    def foreign_rules(route):
        response = route.fetch()
        html = response.text().replace('data-regles="../regles/', 'data-regles="https://exemple.invalid/regles/')
        route.fulfill(response=response, body=html)

    def late_tool_script(route):
        time.sleep(1.5)  # the worker has refused its address long before
        route.continue_()

    page.route(f"{server}/outil/", foreign_rules)
    page.route("**/outil/outil.mjs", late_tool_script)
    page.goto(f"{server}/outil/")
    page.wait_for_selector("#checklist[data-etat=erreur]", state="attached", timeout=30_000)
    assert "ne charge que des fichiers du site" in page.text_content("#statut")


def test_the_tool_registers_the_offline_copy_only_once_its_engine_has_started(browser, server):
    """Precaching the site downloads Pyodide again: on a tool's page it waits
    for the engine, held here by holding back the rules it reads."""
    context = browser.new_context(locale="fr-FR", service_workers="allow")
    try:
        held = []
        context.route("**/regles/2026.json", lambda route: held.append(route))
        page = context.new_page()
        page.goto(f"{server}/outil/", wait_until="load")
        page.wait_for_timeout(1_000)
        registered = "() => navigator.serviceWorker.getRegistration().then((inscription) => inscription !== undefined)"
        assert held and not page.evaluate(registered)
        for route in held:
            route.continue_()
        page.wait_for_selector(READY, state="attached", timeout=120_000)
        page.wait_for_function(registered, timeout=30_000)
    finally:
        context.close()


def test_pyodide_imports_the_engine_from_its_bytecode(browser, server):
    """Each module of the site's engine wheel comes from its .pyc (checked
    against its source) rather than from a compilation at each boot. Pyodide runs
    in the page here, which the site's policy keeps for the engine worker only."""
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{server}/mentions-legales/")
    sources = page.evaluate("""async () => {
        const { loadPyodide } = await import('/pyodide/pyodide.mjs');
        const pyodide = await loadPyodide({ indexURL: '/pyodide/' });
        const verrou = await (await fetch('/pyodide/pyodide-lock.json')).json();
        const chemin = '/home/pyodide/' + verrou.packages['bts-inscription'].file_name;
        pyodide.FS.writeFile(chemin, new Uint8Array(await (await fetch('/pyodide/' + verrou.packages['bts-inscription'].file_name)).arrayBuffer()));
        pyodide.globals.set('chemin', chemin);
        return pyodide.runPython(`
import json, posixpath, zipimport, zipfile
def code(nom):
    paquet = posixpath.dirname(nom.removesuffix('/__init__.py'))
    module = nom[:-3].replace('/', '.').removesuffix('.__init__')
    return module, zipimport.zipimporter(posixpath.join(chemin, paquet)).get_code(module)
modules = dict(code(nom) for nom in zipfile.ZipFile(chemin).namelist() if nom.endswith('.py'))
json.dumps({module: code.co_filename for module, code in modules.items()})
`);
    }""")
    compiled_from = json.loads(sources)
    assert "bts_inscription.bridge" in compiled_from
    from_source = {module: filename for module, filename in compiled_from.items() if filename.startswith("/home/pyodide/")}
    assert not from_source, f"modules compilés depuis leur source : {from_source}"


def test_each_specialty_shows_its_own_options_and_exams(page, server):
    """Option ids repeat across specialties (A, B…): the list shows the chosen specialty's, with their labels."""
    open_tool(page, server)
    page.check("input[name=categorie][value=scolaire]")
    page.select_option("select[name=specialite]", "services-informatiques-aux-organisations")
    settle(page)
    options = page.eval_on_selector_all("select[name=option] option", "os => os.map(o => [o.value, o.text])")
    assert [value for value, _ in options] == ["", "A", "B"]
    assert "SLAM" in dict(options)["B"]
    assert page.is_visible("input[name=epreuves_facultatives][value=mathematiques_approfondies]")
    page.select_option("select[name=option]", "B")
    page.select_option("select[name=specialite]", "maintenance-des-systemes")
    settle(page)
    assert page.eval_on_selector("select[name=option]", "s => s.value") == ""  # SIO's B is not maintenance's B
    assert not page.is_visible("input[name=epreuves_facultatives][value=mathematiques_approfondies]")


def test_a_link_restores_an_option_and_an_exam_of_its_specialty(page, server):
    profil = {
        "categorie": "scolaire",
        "specialite": "services-informatiques-aux-organisations",
        "option": "B",
        "epreuves_facultatives": ["mathematiques_approfondies"],
    }
    open_tool(page, server, "#profil=" + urllib.parse.quote(json.dumps(profil)))
    assert page.inner_text("#statut-sauvegarde") == "Lien chargé."
    assert "SLAM" in page.eval_on_selector("select[name=option]", "s => s.selectedOptions[0].text")
    assert page.is_checked("input[name=epreuves_facultatives][value=mathematiques_approfondies]")
    assert not page.query_selector_all("form#profil [data-erreur]:not([hidden])")


def test_the_questions_follow_the_answers_before_the_engine_starts(page, server):
    """With the engine's worker blocked, the build's data (computed by the engine) shows the right questions."""
    page.route("**/moteur.worker.mjs*", lambda route: route.abort())
    page.goto(f"{server}/outil/")
    page.check("input[name=categorie][value=apprenti]")
    assert page.is_visible("input[name=scolaire_en_premiere_annee]")
    page.check("input[name=categorie][value=scolaire]")
    assert not page.is_visible("input[name=scolaire_en_premiere_annee]")
    page.select_option("select[name=specialite]", "services-informatiques-aux-organisations")
    assert page.eval_on_selector_all("select[name=option] option", "os => os.map(o => o.value)") == ["", "A", "B"]
    assert page.is_visible("input[name=epreuves_facultatives][value=mathematiques_approfondies]")
    assert not page.is_visible("select[name=langue_facultative]")
    page.check("input[name=epreuves_facultatives][value=langue_vivante]")
    assert page.is_visible("select[name=langue_facultative]")
    assert page.get_attribute("#checklist", "data-etat") != "pret"
