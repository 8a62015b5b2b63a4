"""Indexes over a compiled edition bundle, built once per bundle."""

import re

from bts_inscription.champs import Champs
from bts_inscription.conditions import compile_condition, walk
from bts_inscription.dates import echeance_fr


def _by_id(items) -> dict:
    return {item["id"]: item for item in items}


def _motifs(pieces):
    for piece in pieces:
        for _, node in walk(piece["condition"]):
            if "motif" in node:
                yield node["motif"]


class Regles:
    def __init__(self, bundle: dict):
        self.bundle = bundle
        self.edition = bundle["edition"]
        self.session = bundle["session"]
        self.empreinte = bundle["empreinte"]
        self.textes = _by_id(bundle["textes"]["textes"])
        self.echeances = _by_id(bundle["calendrier"]["echeances"])
        self.pieces = bundle["pieces"]["pieces"]
        self.notes = _by_id(bundle["pieces"]["notes"])
        self.consignes = bundle["pieces"]["consignes"]
        self.categories = _by_id(bundle["categories"]["categories"])
        self.specialites = _by_id(bundle["specialites"]["specialites"])
        self.langues = _by_id(bundle["langues"]["langues"])
        # The profile's fields: their values, checks and questions come from profil.yaml.
        self.champs = Champs(bundle)
        self.unite = re.compile(bundle["profil"]["unite_motif"])
        self.unite_exemple = bundle["profil"]["unite_exemple"]
        # What a checklist says of each piece, whoever the candidate (all but the motif).
        self.sortie_piece = {piece["id"]: self._sortie(piece) for piece in self.pieces}
        # A piece's deadline by profile: the first case of `echeance_selon` that holds, else the above.
        self.sortie_selon = {
            piece["id"]: [(compile_condition(cas["condition"]), self._sortie(piece, cas["echeance"])) for cas in piece["echeance_selon"]]
            for piece in self.pieces
            if piece.get("echeance_selon")
        }
        self.conditions = [(piece["id"], compile_condition(piece["condition"])) for piece in self.pieces]
        # The fields whose answer a motif quotes ({specialite}, {option}…).
        self.champs_cites = [
            champ for champ in self.champs.values() if any("{" + champ.id + "}" in texte for texte in _motifs(self.pieces))
        ]

    def _sortie(self, piece, echeance_id=None) -> dict:
        echeance = self.echeances[echeance_id or piece["echeance"]]
        return {
            "id": piece["id"],
            "libelle": piece["libelle"],
            "echeance": echeance["date"],
            **({"heure": echeance["heure"]} if "heure" in echeance else {}),
            "echeance_id": echeance["id"],
            "echeance_texte": echeance_fr(echeance),
            "sources": self.sources(piece["source"]),
            "notes": [self.notes[n]["texte"] for n in piece.get("notes", [])],
        }

    def sortie_pour(self, piece_id: str, profil: dict) -> dict:
        """What a checklist says of a piece for this profile (all but the motif)."""
        for condition, sortie in self.sortie_selon.get(piece_id, ()):
            if condition(profil) is not None:
                return sortie
        return self.sortie_piece[piece_id]

    def citation(self, reference) -> tuple:
        """A `source` entry's (short title, url or None, section or None): every citation,
        in a checklist or on a page, is made of these."""
        texte = self.textes[reference["texte"]]
        return texte["court"], texte.get("url"), reference.get("section")

    def sources(self, references) -> list:
        """Readable citations: 'short title, « section »', each once."""
        labels = [court + (f", « {section} »" if section else "") for court, _, section in map(self.citation, references)]
        return list(dict.fromkeys(labels))


_CACHE: dict = {}


def regles_for(bundle: dict) -> Regles:
    key = (id(bundle), bundle.get("edition"), bundle.get("empreinte"))
    regles = _CACHE.get(key)
    if regles is None or regles.bundle is not bundle:
        _CACHE.clear()
        regles = _CACHE[key] = Regles(bundle)
    return regles
