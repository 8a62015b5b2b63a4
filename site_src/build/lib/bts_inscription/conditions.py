"""Evaluate the declarative conditions of the rules over a candidate profile.

A condition is `toujours`, a test of one field (`champ` with `egal`, `dans`,
`contient` or `non_vide`), or a combination (`tous`, `au_moins_un`, `non`).
Evaluation returns None when the condition does not hold, otherwise the list
of reasons (`motif`) of the nodes that made it hold.
"""


def _same(value, expected) -> bool:
    return type(value) is type(expected) and value == expected


def _test(node, value) -> bool:
    if "egal" in node:
        return _same(value, node["egal"])
    if "dans" in node:
        return any(_same(value, option) for option in node["dans"])
    if "contient" in node:
        return isinstance(value, list) and any(_same(item, node["contient"]) for item in value)
    if "non_vide" in node:
        return bool(value)
    raise ValueError(f"condition sans test : {node}")


def evaluer(node: dict, profil: dict):
    if "toujours" in node:
        motifs = []
    elif "champ" in node:
        if not _test(node, profil.get(node["champ"])):
            return None
        motifs = []
    elif "tous" in node:
        motifs = []
        for child in node["tous"]:
            child_motifs = evaluer(child, profil)
            if child_motifs is None:
                return None
            motifs += child_motifs
    elif "au_moins_un" in node:
        motifs = next((m for m in (evaluer(child, profil) for child in node["au_moins_un"]) if m is not None), None)
        if motifs is None:
            return None
    elif "non" in node:
        if evaluer(node["non"], profil) is not None:
            return None
        motifs = []
    else:
        raise ValueError(f"condition inconnue : {node}")
    return [node["motif"]] if "motif" in node else motifs
