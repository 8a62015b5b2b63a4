"""JSON in, JSON out: what the browser worker calls through Pyodide."""

import base64
import json

from bts_inscription.checklist import checklist
from bts_inscription.classe import FichierInvalide, lignes_matrice, traiter_lignes
from bts_inscription.export import csv_tableur
from bts_inscription.fiche import verifier_fiche
from bts_inscription.lecture import lire_fichier


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

    def lot(self, fichier_json: str, rapporter=None) -> str:
        """A class file ({"nom", "contenu_base64"}) -> the matrix and its CSV export."""
        try:
            fichier = json.loads(fichier_json)
            octets = base64.b64decode(fichier["contenu_base64"], validate=True)
            entete, lignes, numeros = lire_fichier(str(fichier.get("nom", "")), octets)
            matrice = traiter_lignes(entete, lignes, self.bundle, numeros, rapporter)
        except FichierInvalide as exc:
            return json.dumps({"erreur_fichier": str(exc)}, ensure_ascii=False)
        except (ValueError, KeyError, TypeError):
            return json.dumps({"erreur_fichier": "Fichier illisible."}, ensure_ascii=False)
        matrice["csv"] = csv_tableur(lignes_matrice(matrice)).decode("utf-8")
        return json.dumps(matrice, ensure_ascii=False)
