"""The engine's answers precomputed at build time (build_tools/site/precomputed.py):
for every key shipped, the engine's live answer is the shipped one; every valid
profile is covered; the data stays small; another académie gets its own table."""

import gzip
import json
import random
import subprocess

import pytest

from bts_inscription.bridge import Engine
from bts_inscription.enumeration import profils
from bts_inscription.regles import regles_for
from build_tools.compiler import compile_edition
from build_tools.site import precomputed
from tests.conftest import ROOT
from tests.test_academie_exemple import EDITION as EXAMPLE_EDITION
from tests.test_academie_exemple import FIXTURE_RULES

MAX_GZIP = 40_000


@pytest.fixture(scope="module")
def shipped(bundle):
    return precomputed.precompute(bundle)


@pytest.fixture(scope="module")
def example_bundle():
    compilation = compile_edition(FIXTURE_RULES / EXAMPLE_EDITION)
    assert compilation.ok
    return compilation.bundle


def as_the_form_gives(profil: dict) -> dict:
    """The form sends no false boolean and no empty list."""
    return {k: v for k, v in profil.items() if precomputed.token_free(v) is not None}


def engine_pieces(engine: Engine, profil: dict) -> list:
    return json.loads(engine.checklist(json.dumps(profil, ensure_ascii=False)))["pieces"]


def assert_every_key_is_the_engines_answer(bundle, donnees):
    engine = Engine(json.dumps(bundle, ensure_ascii=False))
    regles = regles_for(engine.bundle)
    keys = 0
    for profil, pieces in precomputed.covered_profiles(donnees, regles):
        assert engine_pieces(engine, profil) == pieces, profil
        assert precomputed.lookup(donnees, profil)[0] == pieces, profil
        keys += 1
    return keys


def test_every_shipped_key_is_the_engines_live_answer(bundle, shipped):
    assert assert_every_key_is_the_engines_answer(bundle, shipped) > 1000


def test_every_valid_profile_is_covered_and_answered_as_the_engine_does(bundle, shipped):
    """Every field, the ones left out of the key included: a sample of every valid profile."""
    engine = Engine(json.dumps(bundle, ensure_ascii=False))
    tous = list(profils(bundle))
    for profil in random.Random(15).sample(tous, min(len(tous), 20_000)):
        profil = as_the_form_gives(profil)
        found = precomputed.lookup(shipped, profil)
        assert found is not None, profil
        assert found[0] == engine_pieces(engine, profil), profil


def test_answers_with_typed_values_are_provisional(bundle, shipped):
    regles = regles_for(bundle)
    typed = [c["id"] for c in shipped["champs"] if c.get("saisi")]
    assert typed, "the rules have typed fields the pieces read"
    for profil, _ in precomputed.covered_profiles(shipped, regles):
        assert precomputed.lookup(shipped, profil)[1] == any(champ in profil for champ in typed)


def test_a_combination_the_engine_refuses_is_not_covered(bundle, shipped):
    """A list of choices beyond its maximum: the engine keeps only the first ones."""
    regles = regles_for(bundle)
    liste = next(c for c in regles.champs.values() if c.type == "liste_choix" and c.description.get("maximum"))
    valeurs = list(liste.toutes_valeurs())[: liste.description["maximum"] + 1]
    profil = next(p for p, _ in precomputed.covered_profiles(shipped, regles))
    assert precomputed.lookup(shipped, {**profil, liste.id: valeurs}) is None
    assert precomputed.lookup(shipped, {**profil, liste.id: "pas une liste"}) is None


def test_the_key_leaves_out_the_fields_no_piece_depends_on(bundle, shipped):
    regles = regles_for(bundle)
    key = [c["id"] for c in shipped["champs"]]
    assert len(key) < len(regles.champs)
    assert set(key) >= {c.id for c in regles.champs_cites}


def sizes(donnees) -> dict:
    raw = json.dumps(donnees, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    brotli = subprocess.run(
        ["node", "-e", "process.stdout.write(String(require('zlib').brotliCompressSync(require('fs').readFileSync(0)).length))"],
        input=raw,
        capture_output=True,
        check=True,
    ).stdout
    return {"raw": len(raw), "gzip": len(gzip.compress(raw, 9)), "brotli": int(brotli)}


def test_the_shipped_answers_stay_small(shipped, example_bundle):
    for donnees in (shipped, precomputed.precompute(example_bundle)):
        measured = sizes(donnees)
        print(donnees["edition"], measured)
        assert measured["gzip"] <= MAX_GZIP, measured


def test_the_fictitious_academie_gets_its_own_table(example_bundle, shipped):
    donnees = precomputed.precompute(example_bundle)
    assert donnees["edition"] != shipped["edition"]
    # Its own fields (an integer among them) key its table.
    assert [c["id"] for c in donnees["champs"]] != [c["id"] for c in shipped["champs"]]
    assert any(c["type"] == "entier" and c["seuils"] for c in donnees["champs"])
    assert assert_every_key_is_the_engines_answer(example_bundle, donnees) > 100
    engine = Engine(json.dumps(example_bundle, ensure_ascii=False))
    tous = list(profils(example_bundle))
    for profil in random.Random(15).sample(tous, min(len(tous), 5_000)):
        profil = as_the_form_gives(profil)
        assert precomputed.lookup(donnees, profil)[0] == engine_pieces(engine, profil), profil


# Runs precomputed.mjs's lookup in node over profiles given on stdin.
NODE_LOOKUP = """
import { lookupPrecomputed } from "%s";
let text = "";
for await (const chunk of process.stdin) text += chunk;
const { donnees, profils } = JSON.parse(text);
process.stdout.write(JSON.stringify(profils.map((profil) => lookupPrecomputed(donnees, profil))));
"""


def test_the_browsers_lookup_reads_the_data_as_python_does(bundle, shipped):
    regles = regles_for(bundle)
    covered = [p for p, _ in precomputed.covered_profiles(shipped, regles)]
    sample = random.Random(15).sample(covered, 300)
    # Some the table does not cover: an unknown value, a mistyped boolean.
    sample += [{**sample[0], shipped["champs"][0]["id"]: "inconnue"}, {**sample[1], shipped["champs"][-1]["id"]: "oui"}]
    script = NODE_LOOKUP % (ROOT / "site_src" / "widget" / "precomputed.mjs").as_uri()
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps({"donnees": shipped, "profils": sample}),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    in_node = json.loads(out)
    for profil, found in zip(sample, in_node):
        expected = precomputed.lookup(shipped, profil)
        assert (None if found is None else (found["pieces"], found["provisoire"])) == (None if expected is None else tuple(expected)), (
            profil
        )
