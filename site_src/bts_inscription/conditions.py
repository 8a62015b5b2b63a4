"""Evaluate the declarative conditions of the rules over a candidate profile.

A condition is `toujours`, a test of one field (`champ` with `egal`, `dans`,
`contient` or `non_vide`), or a combination (`tous`, `au_moins_un`, `non`).
A condition is compiled once into a function of the profile that returns
None when it does not hold, otherwise the reasons (`motif`) of the nodes that
made it hold.
"""

_AUCUN = ()


def _valeurs(liste) -> frozenset:
    # (type, value) pairs, so that true never equals 1 as it would in Python.
    return frozenset((type(v), v) for v in liste)


def _test(node):
    champ = node["champ"]
    if "egal" in node:
        attendu = (type(node["egal"]), node["egal"])
        return lambda profil: (type(profil.get(champ)), profil.get(champ)) == attendu
    if "dans" in node:
        permises = _valeurs(node["dans"])
        return lambda profil: (type(profil.get(champ)), profil.get(champ)) in permises
    if "contient" in node:
        attendu = (type(node["contient"]), node["contient"])
        return lambda profil: isinstance(profil.get(champ), list) and any((type(v), v) == attendu for v in profil[champ])
    if "non_vide" in node:
        return lambda profil: bool(profil.get(champ))
    raise ValueError(f"condition sans test : {node}")


def compiler(node: dict):
    """Turn a condition into a function profile -> list of motifs, or None."""
    propre = (node["motif"],) if "motif" in node else None
    if "toujours" in node:
        resultat = propre or _AUCUN
        return lambda profil: resultat
    if "champ" in node:
        test = _test(node)
        resultat = propre or _AUCUN
        return lambda profil: resultat if test(profil) else None
    if "tous" in node:
        enfants = [compiler(child) for child in node["tous"]]

        def tous(profil):
            motifs = ()
            for enfant in enfants:
                m = enfant(profil)
                if m is None:
                    return None
                motifs += m
            return propre or motifs
        return tous
    if "au_moins_un" in node:
        enfants = [compiler(child) for child in node["au_moins_un"]]

        def au_moins_un(profil):
            for enfant in enfants:
                m = enfant(profil)
                if m is not None:
                    return propre or m
            return None
        return au_moins_un
    if "non" in node:
        enfant = compiler(node["non"])
        resultat = propre or _AUCUN
        return lambda profil: resultat if enfant(profil) is None else None
    raise ValueError(f"condition inconnue : {node}")
