"""Every valid profile of the edition, checked against the invariants."""

import time

from bts_inscription import checklist
from bts_inscription.enumeration import profils


def test_every_profile_keeps_the_invariants(bundle):
    ids = [piece["id"] for piece in bundle["pieces"]["pieces"]]
    always = {"confirmation_inscription", "piece_identite"}
    reached, count, started = set(), 0, time.perf_counter()
    for profil in profils(bundle):
        count += 1
        result = checklist(bundle, profil)
        assert result["erreurs"] == [], (profil, result["erreurs"])
        got = [piece["id"] for piece in result["pieces"]]
        assert always <= set(got), profil
        assert len(got) == len(set(got)), profil
        order = [(piece["echeance"], ids.index(piece["id"])) for piece in result["pieces"]]
        assert order == sorted(order), profil
        for piece in result["pieces"]:
            assert piece["motif"] and piece["sources"], (profil, piece)
        reached.update(got)
    elapsed = time.perf_counter() - started
    print(f"\n{count} profils vérifiés en {elapsed:.1f} s")
    assert reached == set(ids)
    assert count > 10_000
