"""Long and hostile answers stay cheap to check (issue 18): the duplicate checks
are one pass, and a fiche answer longer than `limites.CARACTERES_RUBRIQUE` is
refused, saying the bound, before its format is matched."""

import time

from bts_inscription import limites
from bts_inscription.checklist import checklist
from bts_inscription.fiche import check_fiche

PROFIL = {"categorie": "scolaire", "specialite": "batiment"}


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def test_100_000_dispenses_with_repeats_are_checked_in_one_pass(bundle):
    result, elapsed = timed(checklist, bundle, {**PROFIL, "dispenses": ["U2", "U1", "U2"] + ["U3"] * 99_997})
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert result["erreurs"] == []
    assert [a["message"] for a in result["avertissements"]] == [
        "Valeurs répétées dans « dispenses » : « U2 », « U3 » ; chacune ne compte qu'une fois."
    ]


def test_repeated_units_in_many_benefices_are_checked_in_one_pass(bundle):
    session = bundle["session"] - 1
    benefices = [{"epreuve": f"U{i % 40 + 1}", "note": 12, "session": session} for i in range(40_000)]
    result, elapsed = timed(checklist, bundle, {**PROFIL, "benefices": benefices})
    assert elapsed < 5.0, f"{elapsed:.2f} s"
    repetees = [e["message"] for e in result["erreurs"] if "plusieurs fois" in e["message"]]
    assert len(repetees) == 40 and repetees[0] == "L'épreuve U1 apparaît plusieurs fois dans les bénéfices."


def test_a_20_000_character_email_is_refused_at_once_saying_the_bound(bundle):
    # The worst text for the e-mail pattern: each dot makes it try again up to the space.
    email = "a@" + "b." * 9_998 + " x"
    assert len(email) == 20_000
    result, elapsed = timed(check_fiche, bundle, {"email": email})
    assert elapsed < 0.05, f"{elapsed:.3f} s"
    assert result["erreurs"] == [
        {"champ": "email", "message": "Adresse électronique : texte trop long (20\u202f000 caractères, au plus 500).", "sources": []}
    ]
    assert "email" not in result["valeurs"]


def test_the_longest_fiche_answer_is_still_checked_by_its_format(bundle):
    assert limites.CARACTERES_RUBRIQUE == 500
    worst = "a@" + "b." * 247 + " x"
    result, elapsed = timed(check_fiche, bundle, {"email": worst + "y" * (limites.CARACTERES_RUBRIQUE - len(worst))})
    assert elapsed < 0.05, f"{elapsed:.3f} s"
    assert [e["message"] for e in result["erreurs"]] == ["Adresse électronique : L'adresse électronique s'écrit nom@domaine.fr."]
    longest = "camille@" + "x" * (limites.CARACTERES_RUBRIQUE - len("camille@.fr")) + ".fr"
    assert check_fiche(bundle, {"email": longest, "nom_famille": "N" * limites.CARACTERES_RUBRIQUE})["valeurs"] == {
        "email": longest,
        "nom_famille": "N" * limites.CARACTERES_RUBRIQUE,
    }
