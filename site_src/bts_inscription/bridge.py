"""JSON in, JSON out: what the browser worker calls through Pyodide."""

import json

from bts_inscription.checklist import checklist
from bts_inscription.fiche import check_fiche
from bts_inscription.profil import questions
from bts_inscription.regles import regles_for

# The class tool's exports: format -> media type.
EXPORT_TYPES = {"csv": "text/csv;charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


# A candidate of the class matrix, as the page shows it (the rest stays in the engine).
CANDIDAT_AFFICHE = ("ligne", "nom", "prenom", "erreurs", "pieces")
# What a printed sheet says of its profile: the same for every row with that profile.
FEUILLE_DU_PROFIL = ("profil", "recapitulatif", "groupes")


def compact_sheets(feuilles) -> dict:
    """The sheets as the page receives them: what depends on the profile only
    once per distinct profile ("modeles_impression"), each sheet naming its
    own ("modele"). The page puts them back together (classe.mjs)."""
    modeles, index, compactes = [], {}, []
    for feuille in feuilles:
        cle = json.dumps(feuille["profil"], sort_keys=True)
        if cle not in index:
            index[cle] = len(modeles)
            modeles.append({k: feuille[k] for k in FEUILLE_DU_PROFIL})
        compactes.append({**{k: v for k, v in feuille.items() if k not in FEUILLE_DU_PROFIL}, "modele": index[cle]})
    return {"impression": compactes, "modeles_impression": modeles}


def expand_sheets(reponse) -> list:
    """The sheets of a `lot` answer, whole again (what classe.mjs does)."""
    modeles = reponse["modeles_impression"]
    return [{**{k: v for k, v in feuille.items() if k != "modele"}, **modeles[feuille["modele"]]} for feuille in reponse["impression"]]


class Engine:
    def __init__(self, bundle_json: str):
        self.bundle = json.loads(bundle_json)
        self._matrice = None  # the last class file's matrix, for `export`

    def _appel(self, fonction, donnees_json: str) -> str:
        try:
            donnees = json.loads(donnees_json)
        except ValueError:
            donnees = None
        return json.dumps(fonction(self.bundle, donnees), ensure_ascii=False)

    def checklist(self, profil_json: str) -> str:
        """The checklist, and which questions the form asks (see profil.questions)."""
        return self._appel(
            lambda bundle, profil: {**checklist(bundle, profil), "questions": questions(regles_for(bundle), profil)}, profil_json
        )

    def fiche(self, valeurs_json: str) -> str:
        return self._appel(check_fiche, valeurs_json)

    def lot(self, nom: str, octets, rapporter=None) -> str:
        """A class file (its name and bytes, or a JavaScript Uint8Array) -> the
        matrix and the printed sheets (compact_sheets)."""
        # Only the class tool needs these (the csv module among them): the
        # candidate tool's engine starts without loading them.
        from bts_inscription.classe import InvalidFile, check_rows
        from bts_inscription.printing import candidate_sheets
        from bts_inscription.reading import read_file

        if not isinstance(octets, bytes):
            octets = octets.to_bytes()
        # Only InvalidFile means an unusable file (reading raises it for every unreadable
        # one); any other exception is a bug, and the worker reports it as an engine error.
        try:
            entete, lignes, numeros = read_file(str(nom), octets)
            matrice = check_rows(entete, lignes, self.bundle, numeros, rapporter)
        except InvalidFile as exc:
            self._matrice = None
            return json.dumps({"erreur_fichier": str(exc)}, ensure_ascii=False)
        self._matrice = matrice
        # What the page shows, and no more: a school's list is thousands of rows, and
        # the page receives the answer in one piece. The exports are asked for (export).
        reponse = {cle: valeur for cle, valeur in matrice.items() if cle != "candidats"}
        reponse["candidats"] = [{cle: c[cle] for cle in CANDIDAT_AFFICHE} for c in matrice["candidats"]]
        # The printed checklists, as the command line prints them (printing.py);
        # the page makes their QR codes (code-qr.mjs).
        reponse.update(compact_sheets(candidate_sheets(matrice, self.bundle)))
        return json.dumps(reponse, ensure_ascii=False)

    def export(self, demande_json: str) -> str:
        """The last class file's matrix as a file: demande {"format": "csv" | "xlsx",
        "lignes": [line numbers, in the order shown] or null for the whole class}
        -> {"type", "base64", "lignes": how many}. The CSV is the contract's pieces.csv."""
        import base64

        from bts_inscription.export import matrix_csv, matrix_xlsx, select_rows

        demande = json.loads(demande_json)
        if self._matrice is None:
            raise ValueError("Aucune liste de classe à exporter.")
        if demande.get("format") not in EXPORT_TYPES:
            raise ValueError(f"Format d'export inconnu : {demande.get('format')}")
        matrice = select_rows(self._matrice, demande.get("lignes"))
        octets = matrix_csv(matrice) if demande["format"] == "csv" else matrix_xlsx(matrice)
        return json.dumps(
            {
                "type": EXPORT_TYPES[demande["format"]],
                "base64": base64.b64encode(octets).decode("ascii"),
                "lignes": len(matrice["candidats"]),
            }
        )
