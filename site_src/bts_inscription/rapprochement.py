"""How a class list's headers and cells are recognised, as a teacher types them.

A name matches whatever its case, accents, spaces and punctuation ("Prénom",
"prenom", "PRÉNOM "); a value is given by its id, its label or its sigle,
as long as that designates one value only.
"""

import difflib
import functools
import unicodedata


@functools.lru_cache(maxsize=65536)  # a class repeats the same few values
def cle(texte) -> str:
    """The comparison key of a name: letters and digits, unaccented, case-folded."""
    decompose = unicodedata.normalize("NFKD", str(texte)).casefold()
    return "".join(c for c in decompose if c.isalnum())


class Index:
    """Finds the one item a text designates among {id: item}, by id, label or sigle."""

    def __init__(self, items: dict, noms=("libelle", "sigle")):
        self.items = items
        self._par_cle: dict = {}
        for ident, item in items.items():
            for nom in (ident, *(item.get(n) for n in noms)):
                if nom:
                    self._par_cle.setdefault(cle(nom), []).append(ident)

    def find(self, texte) -> tuple:
        """(id, []) when the text designates one item; (None, [candidates]) when it
        could be several of them; (None, []) when it names none."""
        if texte in self.items:
            return texte, []
        trouves = list(dict.fromkeys(self._par_cle.get(cle(texte), [])))
        if len(trouves) == 1:
            return trouves[0], []
        return None, trouves

    def nearest(self, texte, n=3) -> list:
        """Up to n ids whose id, label or sigle is closest to the text."""
        proches = difflib.get_close_matches(cle(texte), list(self._par_cle), n=n * 2, cutoff=0.6)
        return list(dict.fromkeys(i for proche in proches for i in self._par_cle[proche]))[:n]


def label(item: dict) -> str:
    return str(item.get("libelle") or item["id"])


def quoted(textes) -> str:
    """« a », « b » ou « c »"""
    textes = [f"« {t} »" for t in textes]
    return " ou ".join(textes) if len(textes) < 3 else ", ".join(textes[:-1]) + " ou " + textes[-1]
