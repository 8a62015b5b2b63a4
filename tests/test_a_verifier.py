"""Optional exams whose values come from an older text carry `a_verifier`:
the bundle keeps the mark, the checks refuse a broken one, the specialty page
shows the rules' phrase naming both texts, and the ONISEP re-import keeps it."""

import html
import shutil

import pytest
import yaml

from build_tools.compiler import compile_edition
from build_tools.onisep import import_specialites
from build_tools.site.context import build_context
from build_tools.site.pages import environment
from tests.conftest import EDITION, ROOT

MARKED = {
    "services-informatiques-aux-organisations": ("mathematiques_approfondies", "parcours_certification_complementaire"),
    "management-commercial-operationnel": ("parcours_professionnalisation_etranger", "entrepreneuriat"),
}


def compiled(directory):
    # Coverage is another area's check; these tests are about the marks only.
    compilation = compile_edition(directory, check_coverage=False)
    assert compilation.ok, "\n".join(map(str, compilation.erreurs))
    return compilation.bundle


@pytest.fixture(scope="module")
def bundle():
    return compiled(EDITION)


def specialty(bundle, specialite_id):
    return next(s for s in bundle["specialites"]["specialites"] if s["id"] == specialite_id)


def broken_edition(tmp_path, old, new):
    edition = tmp_path / "2026"
    edition.mkdir()
    for rule_file in EDITION.glob("*.yaml"):
        shutil.copy(rule_file, edition)
    path = edition / "specialites.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return [str(e) for e in compile_edition(edition, check_coverage=False).erreurs]


def test_the_sio_and_mco_optional_exams_are_marked_in_the_bundle(bundle):
    textes = {t["id"] for t in bundle["textes"]["textes"]}
    assert "{texte}" in bundle["specialites"]["mention_a_verifier"]
    assert "{verifier_dans}" in bundle["specialites"]["mention_a_verifier"]
    for specialite_id, exam_ids in MARKED.items():
        exams = {e["id"]: e for e in specialty(bundle, specialite_id)["epreuves_facultatives"]}
        assert set(exam_ids) <= set(exams)
        for exam_id in exam_ids:
            mark = exams[exam_id]["a_verifier"]
            assert mark["texte"] in textes and mark["verifier_dans"] in textes
            assert mark["texte"] != mark["verifier_dans"]


def test_the_specialty_page_shows_the_mark_next_to_each_marked_exam(bundle):
    env = environment(build_context(bundle))
    template = env.get_template("specialite.md.j2")
    textes = {t["id"]: t for t in bundle["textes"]["textes"]}
    for specialite_id in MARKED:
        spec = specialty(bundle, specialite_id)
        page = template.render(specialite=spec)
        for exam in spec["epreuves_facultatives"]:
            line = next(line for line in html.unescape(page).splitlines() if line.startswith(f"- {exam['libelle']}"))
            mark = exam["a_verifier"]
            assert 'class="bts-a-verifier"' in line
            assert "règlement d'examen de la spécialité" in line  # read unescaped: however the escaping writes the apostrophe
            used, newer = textes[mark["texte"]]["court"], textes[mark["verifier_dans"]]["court"]
            assert newer in line and used in line and line.index(newer) < line.index(used)
            assert "{texte}" not in line and "{verifier_dans}" not in line
    unmarked = template.render(specialite=specialty(bundle, "aeronautique"))
    assert "bts-a-verifier" not in unmarked


def test_the_candidate_form_shows_the_mark_next_to_each_marked_exam(bundle):
    env = environment(build_context(bundle))
    page = env.get_template("outil.md.j2").render(editions_du_site=[], vers_racine_site="")
    textes = {t["id"]: t for t in bundle["textes"]["textes"]}
    for specialite_id in MARKED:
        for exam in specialty(bundle, specialite_id)["epreuves_facultatives"]:
            label = next(line for line in page.splitlines() if f'value="{exam["id"]}"' in line and "checkbox" in line)
            assert 'class="bts-a-verifier"' in label and textes[exam["a_verifier"]["texte"]]["court"] in label


def test_a_mark_naming_an_unknown_text_is_refused(tmp_path):
    errors = broken_edition(tmp_path, 'verifier_dans: "arrete_8_juillet_2024_sio"', 'verifier_dans: "arrete_inexistant"')
    assert any("specialites.yaml" in e and "texte « arrete_inexistant » introuvable" in e for e in errors), errors


def test_a_mark_without_the_rules_phrase_is_refused(tmp_path):
    errors = broken_edition(tmp_path, "mention_a_verifier:", "autre_cle:")
    assert any("mention_a_verifier" in e for e in errors), errors


def test_a_phrase_that_does_not_name_both_texts_is_refused(tmp_path):
    errors = broken_edition(tmp_path, "réécrit par « {verifier_dans} »", "réécrit depuis")
    assert any("specialites.yaml:" in e and "{verifier_dans}" in e for e in errors), errors


def test_the_onisep_reimport_keeps_the_marks_and_the_phrase():
    current = (EDITION / "specialites.yaml").read_text(encoding="utf-8")
    reimported = yaml.safe_load(import_specialites(ROOT / "data" / "onisep" / "bts_specialites_onisep.csv", current))
    before = yaml.safe_load(current)
    assert reimported["mention_a_verifier"] == before["mention_a_verifier"]
    for specialite_id in MARKED:
        old = next(s for s in before["specialites"] if s["id"] == specialite_id)
        new = next(s for s in reimported["specialites"] if s["id"] == specialite_id)
        assert new["epreuves_facultatives"] == old["epreuves_facultatives"]
