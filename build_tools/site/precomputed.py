"""The engine's answers, computed at build time for every profile the form can
express with its choices, so that the page shows the list before Python starts.

The key of a profile is made of the fields the pieces read (their conditions,
their `echeance_selon`, the fields their motifs quote) and the fields on which
the validity of those depends (`visible_si`, `selon`, `controles`): every other
field changes neither which answers the engine keeps nor the pieces. Each key
field's answer becomes a token (tokens below, mirrored by precomputed.mjs):

- a choice: its id; a boolean: "1" when true (the form never sends false);
- a list of choices: its ids, sorted, joined by "|";
- an integer: its place among the thresholds conditions compare it with;
- a typed list (units, marks): "+" when not empty. The engine checks what is
  typed; the answer shipped is that of the field's `exemple` (valid), so such
  an answer is provisional until the engine has checked it;
- no answer: "".

The enumeration gives every key field each answer it can take (none included:
the form starts empty), and keeps only the profiles the engine keeps as they
are. The answers are stored as a decision diagram: one node per key field,
{token: next node or answer}; identical nodes are shared. A token a node does
not list is a profile the table does not cover: the engine answers it alone.
"""

import itertools
import json

from bts_inscription.checklist import pieces_for
from bts_inscription.conditions import fields_read, thresholds
from bts_inscription.profil import check_profil
from bts_inscription.regles import regles_for

VERSION = 1
# The token of a field without an answer, of a typed list with one, of a true boolean.
SANS_REPONSE, REMPLI, VRAI = "", "+", "1"
SEPARATEUR = "|"
# Types the candidate types in (checked by the engine only); integers are typed too,
# but their thresholds say all the engine's conditions can tell of them.
TYPES_SAISIS = ("liste_unites", "tableau_notes")


def _piece_conditions(regles):
    for piece in regles.pieces:
        yield piece["condition"]
        for cas in piece.get("echeance_selon", []):
            yield cas["condition"]


def _field_conditions(champ):
    """The conditions of a field that decide whether its answer is kept."""
    description = champ.description
    if "visible_si" in description:
        yield description["visible_si"]
    for controle in description.get("controles", []):
        yield controle["erreur_si"]


def key_fields(regles) -> list:
    """The key's fields, in profil.yaml's order: those the pieces read or quote,
    and, field by field, those their being kept depends on."""
    lus = set().union(*(fields_read(c) for c in _piece_conditions(regles))) | {c.id for c in regles.champs_cites}
    a_voir = [champ for champ in lus if champ in regles.champs]
    cles = set()
    while a_voir:
        champ = regles.champs[a_voir.pop()]
        if champ.id in cles:
            continue
        cles.add(champ.id)
        dependances = set(champ.selon).union(*(fields_read(c) for c in _field_conditions(champ)))
        a_voir.extend(d for d in dependances if d in regles.champs and d not in cles)
    return [champ for champ in regles.champs.values() if champ.id in cles]


def field_thresholds(regles, champ) -> list:
    """The numbers the conditions (of pieces and fields) compare an integer field with."""
    conditions = list(_piece_conditions(regles))
    for autre in regles.champs.values():
        conditions.extend(_field_conditions(autre))
        if "requis_si" in autre.description:
            conditions.append(autre.description["requis_si"])
    return sorted({s for c in conditions for s in thresholds(c, champ.id) if isinstance(s, (int, float)) and not isinstance(s, bool)})


def _is_integer(valeur) -> bool:
    return isinstance(valeur, int) and not isinstance(valeur, bool)


def token(type_, valeur, seuils=()):
    """The token of an answer as the form gives it (None: a value the table cannot key)."""
    if valeur is None or valeur == [] or valeur is False:
        return SANS_REPONSE
    if type_ == "choix":
        return valeur if isinstance(valeur, str) else None
    if type_ == "booleen":
        return VRAI if valeur is True else None
    if type_ == "liste_choix":
        if not isinstance(valeur, list) or not all(isinstance(v, str) for v in valeur) or len(set(valeur)) != len(valeur):
            return None
        return SEPARATEUR.join(sorted(valeur))
    if type_ == "entier":
        if not _is_integer(valeur):
            return None
        return str(2 * sum(1 for s in seuils if s < valeur) + (1 if valeur in seuils else 0))
    if type_ in TYPES_SAISIS:
        return REMPLI if isinstance(valeur, list) else None
    return None


def _integers(seuils) -> list:
    return sorted({s + d for s in seuils for d in (-1, 0, 1) if _is_integer(s)})


def _answers(regles, champ, profil, seuils) -> list:
    """Each answer this key field can take in this partial profile, none first."""
    if champ.visible_si is not None and champ.visible_si(profil) is None:
        return [None]
    if champ.type == "choix":
        return [None, *champ.valeurs(profil)]
    if champ.type == "liste_choix":
        permises = list(champ.valeurs(profil))
        maximum = champ.description.get("maximum", len(permises))
        return [None] + [list(c) for taille in range(1, maximum + 1) for c in itertools.combinations(permises, taille)]
    if champ.type == "booleen":
        return [None, True]
    if champ.type == "entier":
        exemple = champ.description.get("exemple")
        return [None, *sorted(set(_integers(seuils)) | ({exemple} if _is_integer(exemple) else set()))]
    return [None, champ.description["exemple"]]


def key_profiles(regles, champs, seuils):
    """(profile, its pieces) for every profile of the key fields the engine keeps as
    it is, as the form gives it."""

    def extend(profil, index):
        if index == len(champs):
            yield profil
            return
        champ = champs[index]
        for valeur in _answers(regles, champ, profil, seuils.get(champ.id, ())):
            suite = dict(profil) if valeur is None else {**profil, champ.id: valeur}
            if valeur is not None and any(condition(suite) is not None for condition, _ in champ.controles):
                continue
            yield from extend(suite, index + 1)

    for profil in extend({}, 0):
        valide, _, _ = check_profil(regles, profil)
        if all(_same(valide.get(c.id), profil.get(c.id)) for c in champs):
            # The checklist's pieces, as checklist.checklist computes them from the kept profile.
            yield profil, pieces_for(regles, valide)


def _same(kept, given) -> bool:
    return token_free(kept) == token_free(given)


def token_free(valeur):
    """A value with its defaults of no answer (an empty list, false) as none."""
    return None if valeur is None or valeur == [] or valeur is False else valeur


class _Diagram:
    """Shared nodes [field index, {token: child}]; a child >= 0 is a node, < 0 the answer -1 - child."""

    def __init__(self):
        self.noeuds, self._index = [], {}

    def node(self, champ_index, enfants: dict) -> int:
        cle = json.dumps([champ_index, enfants], sort_keys=True)
        if cle not in self._index:
            self._index[cle] = len(self.noeuds)
            self.noeuds.append([champ_index, enfants])
        return self._index[cle]


def _interned(table: list, index: dict, valeur) -> int:
    cle = repr(valeur)
    if cle not in index:
        index[cle] = len(table)
        table.append(valeur)
    return index[cle]


def precompute(bundle: dict) -> dict:
    """The shipped data (see the module's docstring); precomputed.mjs reads it."""
    regles = regles_for(bundle)
    champs = key_fields(regles)
    seuils = {c.id: field_thresholds(regles, c) for c in champs if c.type == "entier"}
    pieces, pieces_index, reponses, reponses_index = [], {}, [], {}
    arbre: dict = {}
    for profil, pieces_du_profil in key_profiles(regles, champs, seuils):
        reponse = [_interned(pieces, pieces_index, piece) for piece in pieces_du_profil]
        feuille = _interned(reponses, reponses_index, reponse)
        noeud = arbre
        for champ in champs[:-1]:
            noeud = noeud.setdefault(token(champ.type, profil.get(champ.id), seuils.get(champ.id, ())), {})
        dernier = champs[-1]
        noeud[token(dernier.type, profil.get(dernier.id), seuils.get(dernier.id, ()))] = feuille

    diagramme = _Diagram()

    def build(noeud, index) -> int:
        if index == len(champs):
            return -1 - noeud
        return diagramme.node(index, {t: build(enfant, index + 1) for t, enfant in noeud.items()})

    racine = build(arbre, 0)
    return {
        "version": VERSION,
        "edition": regles.edition,
        "empreinte": regles.empreinte,
        "champs": [
            {
                "id": c.id,
                "type": c.type,
                **({"seuils": seuils[c.id]} if c.id in seuils else {}),
                **({"saisi": True} if c.type in TYPES_SAISIS else {}),
            }
            for c in champs
        ],
        "pieces": pieces,
        "reponses": reponses,
        "noeuds": diagramme.noeuds,
        "racine": racine,
    }


def lookup(donnees: dict, profil: dict):
    """(answer's pieces, provisional) for a profile as the form gives it, or None when
    the table does not cover it: the Python twin of precomputed.mjs's lookup."""
    if not isinstance(profil, dict):
        return None
    noeud = donnees["racine"]
    provisoire = False
    while noeud >= 0:
        champ_index, enfants = donnees["noeuds"][noeud]
        champ = donnees["champs"][champ_index]
        t = token(champ["type"], profil.get(champ["id"]), champ.get("seuils", ()))
        if t is None or t not in enfants:
            return None
        provisoire = provisoire or (champ.get("saisi", False) and t != SANS_REPONSE)
        noeud = enfants[t]
    return [donnees["pieces"][i] for i in donnees["reponses"][-1 - noeud]], provisoire


def _representative(champ, tok: str, exemple):
    """A profile value whose token is `tok` (see `token`)."""
    if tok == SANS_REPONSE:
        return None
    if champ["type"] == "booleen":
        return True
    if champ["type"] == "liste_choix":
        return tok.split(SEPARATEUR)
    if champ["type"] == "entier":
        seuils, place = champ.get("seuils", []), int(tok)
        if place % 2:
            return seuils[place // 2]
        return seuils[place // 2] - 1 if place // 2 < len(seuils) else seuils[-1] + 1
    if champ.get("saisi"):
        return exemple
    return tok


def covered_profiles(donnees: dict, regles):
    """(profile as the form gives it, the shipped pieces) for every key of the table."""

    def walk(noeud, profil):
        if noeud < 0:
            yield profil, [donnees["pieces"][i] for i in donnees["reponses"][-1 - noeud]]
            return
        champ_index, enfants = donnees["noeuds"][noeud]
        champ = donnees["champs"][champ_index]
        for tok, enfant in enfants.items():
            valeur = _representative(champ, tok, regles.champs[champ["id"]].description.get("exemple"))
            yield from walk(enfant, profil if valeur is None else {**profil, champ["id"]: valeur})

    yield from walk(donnees["racine"], {})
