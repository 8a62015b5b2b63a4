"""Indexes over a compiled edition bundle, built once per bundle."""

import re


def _by_id(items) -> dict:
    return {item["id"]: item for item in items}


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
        reglementation = bundle["reglementation"]
        self.reglementation = reglementation
        self.formes = _by_id(reglementation["formes"])
        self.bareme = reglementation["bareme"]
        self.benefices = reglementation["benefices"]
        self.facultatives = reglementation["epreuves_facultatives"]
        self.communes = _by_id(self.facultatives["communes"])
        langues = bundle["langues"]
        self.langues = _by_id(langues["langues"])
        self.langues_offertes = langues["facultative"]["offertes"]
        self.langues_retirees = {r["langue"]: r for r in langues["facultative"]["retirees"]}
        self.langue_facultative = langues["facultative"]
        self.champs = _by_id(bundle["profil"]["champs"])
        self.unite = re.compile(bundle["profil"]["unite_motif"])

    def options(self, specialite_id: str) -> dict:
        return _by_id(self.specialites.get(specialite_id, {}).get("options", []))

    def epreuves_facultatives(self, specialite_id) -> dict:
        """The optional exams open to a candidate of this specialty, by id."""
        own = self.specialites.get(specialite_id, {}).get("epreuves_facultatives", [])
        return {**self.communes, **_by_id(own)}

    def sources(self, references) -> list:
        """Readable citations: 'short title, « section »'."""
        labels = []
        for reference in references:
            label = self.textes[reference["texte"]]["court"]
            if "section" in reference:
                label += f", « {reference['section']} »"
            if label not in labels:
                labels.append(label)
        return labels


_CACHE: dict = {}


def regles_pour(bundle: dict) -> Regles:
    key = (id(bundle), bundle.get("edition"), bundle.get("empreinte"))
    regles = _CACHE.get(key)
    if regles is None or regles.bundle is not bundle:
        _CACHE.clear()
        regles = _CACHE[key] = Regles(bundle)
    return regles
