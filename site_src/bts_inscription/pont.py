"""JSON in, JSON out: what the browser worker calls through Pyodide."""

import json

from bts_inscription.checklist import checklist
from bts_inscription.fiche import verifier_fiche


class Moteur:
    def __init__(self, bundle_json: str):
        self.bundle = json.loads(bundle_json)

    def _appel(self, fonction, donnees_json: str) -> str:
        try:
            donnees = json.loads(donnees_json)
        except ValueError:
            donnees = None
        return json.dumps(fonction(self.bundle, donnees), ensure_ascii=False)

    def checklist(self, profil_json: str) -> str:
        return self._appel(checklist, profil_json)

    def fiche(self, valeurs_json: str) -> str:
        return self._appel(verifier_fiche, valeurs_json)
