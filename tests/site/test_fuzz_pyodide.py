"""Fuzzed profiles through the engine in Pyodide (the module Web Worker of the
candidate tool, in Chromium): the same answer as CPython, and never `ok: false`.

The profiles come from the strategies of tests/test_fuzz.py (any JSON value,
and nearly valid profiles built from the real ids), drawn by a derandomized
hypothesis run, so every run sends the same ones. FUZZ_PYODIDE_EXAMPLES sets
how many (default 40, half of each kind).
"""

import json
import os

from hypothesis import HealthCheck, Phase, given, settings

from bts_inscription.bridge import Engine
from tests.site.conftest import assert_same_origin, checklists_in_pyodide
from tests.test_fuzz import any_profiles, near_valid_profiles

SAMPLE = int(os.environ.get("FUZZ_PYODIDE_EXAMPLES", "40"))

# Profiles that once broke the engine or that JSON carries differently in
# JavaScript (lone surrogate, -0, integers beyond 2**53, integer-like keys
# that JavaScript puts first), or a character that Python 3.14's Unicode
# database knows and 3.11's does not (a CJK Extension H ideograph): repr()
# would show it differently in Pyodide and in CPython.
KNOWN_TRAPS = [
    {"categorie": {"nom": "\U00031f2d"}, "specialite": ["\U00031f2d"]},
    {"categorie": "scolaire", "specialite": "maintenance-des-systemes", "option": [1]},
    {"categorie": "scolaire", "specialite": "batiment", "\udc80": "\ud800", "langue_facultative": "\udfff"},
    {"benefices": [{"epreuve": "U3", "note": -0.0, "session": 2**53 + 1}], "dispenses": ["U1"] * 3},
    {"b": 1, "10": 2, "2": 3, "categorie": 1.0},
]


def drawn(strategy, count: int) -> list:
    """`count` values of `strategy`, the same on every run (derandomized hypothesis, generation only)."""
    values = []

    @settings(
        max_examples=count, derandomize=True, database=None, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(strategy)
    def collect(value):
        values.append(value)

    collect()
    return values[:count]


def test_fuzzed_profiles_give_the_same_checklist_in_pyodide(page, server, bundle, page_log):
    profiles = KNOWN_TRAPS + drawn(any_profiles(bundle), SAMPLE // 2) + drawn(near_valid_profiles(bundle), SAMPLE - SAMPLE // 2)
    results = checklists_in_pyodide(page, server, profiles)
    assert len(results) == len(profiles)
    moteur = Engine(json.dumps(bundle))  # what the worker calls, in CPython
    for sent, result in zip(profiles, results):
        answer = result["reponse"]
        assert answer["ok"], f"Le moteur Pyodide a échoué ({answer.get('message')}) sur le profil {sent!r}"
        received = json.loads(result["recu"])
        expected = json.loads(moteur.checklist(json.dumps(received)))
        assert answer["resultat"] == expected, f"Pyodide et CPython diffèrent pour le profil {received!r}"
    assert not page_log.page_errors
    assert_same_origin(page_log.requests, server)
