"""The profile is data (profil.yaml) and conditions have one language (conditions.py)."""

import json
import shutil

import pytest
from jsonschema import Draft202012Validator

from bts_inscription import checklist, conditions
from bts_inscription.profil import questions
from bts_inscription.regles import Regles
from build_tools import schema_check
from build_tools.compiler import compile_edition
from tests.conftest import EDITION, ROOT

# ---------- the condition language ----------


def test_every_kind_declares_what_every_consumer_needs():
    for key, kind in conditions.KINDS.items():
        assert kind.schema, key
        assert kind.describe, key
        if kind.leaf:
            assert kind.test and kind.values, key
        else:
            assert kind.children and kind.combine, key


@pytest.mark.parametrize(
    "node, profil, holds",
    [
        ({"champ": "n", "au_moins": 3}, {"n": 3}, True),
        ({"champ": "n", "au_moins": 3}, {"n": 2}, False),
        ({"champ": "n", "au_plus": 3}, {"n": 2.5}, True),
        ({"champ": "n", "au_plus": 3}, {"n": True}, False),  # a boolean is not a number
        ({"champ": "n", "au_moins": 3}, {}, False),
        ({"champ": "l", "au_plus": 2}, {"l": ["a", "b"]}, True),  # a list: its length
        ({"champ": "l", "au_plus": 2}, {"l": ["a", "b", "c"]}, False),
        ({"champ": "d", "au_moins": "2026-01-15"}, {"d": "2026-02-01"}, True),  # ISO dates
        ({"champ": "d", "au_moins": "2026-01-15"}, {"d": "2025-12-31"}, False),
        ({"champ": "d", "au_moins": "2026-01-15"}, {"d": 20260201}, False),  # never a number against a date
        ({"champ": "ligne.note", "au_moins": 10}, {"ligne": {"note": 12}}, True),
        ({"non": {"champ": "n", "egal": 1}}, {"n": True}, True),  # true is not 1
    ],
)
def test_numeric_and_date_comparisons(node, profil, holds):
    assert (conditions.compile_condition(node)(profil) is not None) is holds


def test_motifs_walk_and_fields():
    node = {"tous": [{"champ": "a", "egal": "x", "motif": "m1"}, {"non": {"champ": "b", "non_vide": True}}]}
    assert conditions.compile_condition(node)({"a": "x"}) == ("m1",)
    assert conditions.fields_read(node) == {"a", "b"}
    assert [path for path, _ in conditions.walk(node)] == [(), ("tous", 0), ("tous", 1), ("tous", 1, "non")]
    assert conditions.describe(node, str.upper, lambda champ, v: f"<{v}>") == "A : « <x> » et sauf : B (au moins une réponse)"


def test_thresholds_are_said_in_french():
    def say(node):
        return conditions.describe(node, lambda champ: "Date", lambda champ, v: v)

    assert say({"champ": "d", "au_moins": "2026-01-15"}) == "Date : au moins 15 janvier 2026"
    assert say({"champ": "d", "au_plus": 3.0}) == "Date : au plus 3"


def test_the_schema_comes_from_the_registry():
    validator = Draft202012Validator(conditions.schema(), registry=schema_check._registry())
    assert not list(validator.iter_errors({"champ": "annees", "au_moins": {"valeur": "reglementation.x", "moins": 1}}))
    assert list(validator.iter_errors({"champ": "a", "egal": 1, "dans": [1]}))  # two tests in one leaf
    assert list(validator.iter_errors({"egal": 1}))  # a test without its field
    assert list(validator.iter_errors({"tous": [{"au_moins_de": 1}]}))


# ---------- edition 2026 gives the same answers ----------


def test_every_2026_case_gives_the_answers_of_the_code_before_profil_yaml(bundle):
    """tests/fixtures/reponses_2026.json holds each case's answer computed by the
    engine before the profile became data (commit e7a10f5): pieces, deadlines,
    motifs, sources and notes, and the fields of errors and warnings."""
    golden = json.loads((ROOT / "tests" / "fixtures" / "reponses_2026.json").read_text(encoding="utf-8"))
    from tests.test_cas import CASES

    cases = {param.values[2]["nom"]: param.values[2] for param in CASES if param.values[0].parent.parent.name == "2026"}
    assert set(golden) == set(cases)
    for nom, attendu in golden.items():
        result = checklist(bundle, cases[nom]["profil"])
        got = [[p["id"], p["echeance"], p["motif"], p["sources"], p["notes"]] for p in result["pieces"]]
        assert got == attendu["pieces"], nom
        assert sorted(e["champ"] for e in result["erreurs"]) == attendu["erreurs"], nom
        assert sorted(a["champ"] for a in result["avertissements"]) == attendu["avertissements"], nom


# ---------- defects found in review ----------


def _edited_copy(tmp_path, old, new):
    copy = tmp_path / "2026"
    shutil.copytree(EDITION, copy, ignore=shutil.ignore_patterns("cas"))
    profil = copy / "profil.yaml"
    text = profil.read_text(encoding="utf-8")
    assert old in text
    profil.write_text(text.replace(old, new), encoding="utf-8")
    compilation = compile_edition(copy, check_coverage=False)
    assert compilation.ok, [str(e) for e in compilation.erreurs]
    return compilation.bundle


def test_requis_si_reads_the_whole_profile(tmp_path):
    """A condition on two fields: required only for an apprentice who chose the language exam."""
    bundle = _edited_copy(
        tmp_path,
        "    visible_si: {champ: epreuves_facultatives, contient: langue_vivante}\n    requis_si: {toujours: true}\n",
        "    visible_si: {champ: epreuves_facultatives, contient: langue_vivante}\n    requis_si: {champ: categorie, egal: apprenti}\n",
    )
    base = {"specialite": "comptabilite-et-gestion", "epreuves_facultatives": ["langue_vivante"]}
    apprenti = checklist(bundle, {**base, "categorie": "apprenti"})
    scolaire = checklist(bundle, {**base, "categorie": "scolaire"})
    assert [e["champ"] for e in apprenti["erreurs"]] == ["langue_facultative"]
    assert scolaire["erreurs"] == []


def test_a_refused_progressive_form_leaves_the_globale_rules_for_benefices(bundle):
    result = checklist(
        bundle,
        {
            "categorie": "scolaire",
            "specialite": "comptabilite-et-gestion",
            "forme": "progressive",
            "benefices": [{"epreuve": "U3", "note": 8, "session": 2024}],
        },
    )
    erreurs = {e["champ"]: e["message"] for e in result["erreurs"]}
    assert set(erreurs) == {"forme", "benefices"}
    assert "forme globale" in erreurs["benefices"] and "au moins 10/20" in erreurs["benefices"]
    assert "releve_notes_benefices" not in [p["id"] for p in result["pieces"]]


def test_the_benefices_help_follows_the_form(bundle):
    regles = Regles(bundle)
    aides = [texte for _, texte in regles.champs["benefices"].aides]
    progressive = questions(regles, {"categorie": "formation_continue", "forme": "progressive"})["benefices"]["aide"]
    globale = questions(regles, {"categorie": "formation_continue"})["benefices"]["aide"]
    assert "toutes les notes, quelles qu'elles soient" in aides[progressive]
    assert "au moins 10/20" in aides[globale] and progressive != globale


def test_questions_follow_the_answers(bundle):
    regles = Regles(bundle)
    scolaire = questions(regles, {"categorie": "scolaire", "specialite": "comptabilite-et-gestion"})
    apprenti = questions(
        regles, {"categorie": "apprenti", "specialite": "maintenance-des-systemes", "epreuves_facultatives": ["langue_vivante"]}
    )
    assert not scolaire["scolaire_en_premiere_annee"]["pose"] and apprenti["scolaire_en_premiere_annee"]["pose"]
    assert not scolaire["option"]["pose"] and apprenti["option"]["valeurs"] == ["A", "B", "C", "D"]
    assert not scolaire["langue_facultative"]["pose"] and apprenti["langue_facultative"]["pose"]
    assert scolaire["forme"]["valeurs"] == ["globale"]  # the progressive form is refused to them
    assert questions(regles, {"categorie": "formation_continue"})["forme"]["valeurs"] == ["globale", "progressive"]


def test_a_control_may_only_read_the_fields_declared_before_it(tmp_path):
    copy = tmp_path / "2026"
    shutil.copytree(EDITION, copy, ignore=shutil.ignore_patterns("cas"))
    profil = copy / "profil.yaml"
    text = profil.read_text(encoding="utf-8")
    profil.write_text(
        text.replace("    visible_si: {champ: categorie, egal: apprenti}", "    visible_si: {champ: positionnement, egal: true}"),
        encoding="utf-8",
    )
    compilation = compile_edition(copy, check_coverage=False)
    messages = [str(e) for e in compilation.erreurs]
    assert any(
        "profil.yaml" in m
        and "une condition de « scolaire_en_premiere_annee » lit le champ « positionnement », qui est déclaré après lui" in m
        for m in messages
    ), messages


def test_the_diff_sees_a_new_time_of_day(tmp_path, bundle):
    from build_tools.diff import diff_bundles

    copy = tmp_path / "2026"
    shutil.copytree(EDITION, copy, ignore=shutil.ignore_patterns("cas"))
    calendrier = copy / "calendrier.yaml"
    text = calendrier.read_text(encoding="utf-8")
    calendrier.write_text(text.replace('    date: "2025-11-19"\n', '    date: "2025-11-19"\n    heure: "17:00"\n', 1), encoding="utf-8")
    compilation = compile_edition(copy, check_coverage=False)
    assert compilation.ok, [str(e) for e in compilation.erreurs]
    changes = diff_bundles(bundle, compilation.bundle)
    assert [(c["type"], c["id"]) for c in changes] == [("echeance_deplacee", "depot_pieces")]
    assert changes[0]["message"].endswith("19 novembre 2025 → 19 novembre 2025 à 17 h.")
