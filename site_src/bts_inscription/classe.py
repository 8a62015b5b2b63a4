"""Class lists: one candidate per row, checked and turned into a follow-up matrix.

Reading the file (CSV, XLSX) lives in `reading`; this module works on rows of
text cells, so the same code serves the command line and the browser.
"""

import json
import math
import re

from bts_inscription.checklist import checklist
from bts_inscription.rapprochement import Index, cle, label, quoted
from bts_inscription.regles import regles_for

SEPARATEUR_LISTE = "|"
_SEPARATEURS_UNITES = re.compile(r"[|,;/\s]+")
_NOMBRE = re.compile(r"^-?[0-9]+([.,][0-9]+)?$")


class InvalidFile(Exception):
    """The whole file cannot be used (message in French)."""


def liste_classe(bundle) -> dict:
    return bundle["profil"]["liste_classe"]


def identity_columns(bundle) -> list:
    """[{id, libelle}] of the columns that are not profile fields (nom, prénom)."""
    return liste_classe(bundle)["identite"]


def allowed_columns(bundle) -> list:
    return [colonne["id"] for colonne in identity_columns(bundle)] + [champ["id"] for champ in bundle["profil"]["champs"]]


def required_columns(bundle) -> list:
    """The fields every candidate must answer: always asked, always required."""
    return [
        champ["id"]
        for champ in bundle["profil"]["champs"]
        if champ.get("requis_si") == {"toujours": True}
        and "visible_si" not in champ
        and "valeurs" in champ
        and not any("selon" in source for source in champ["valeurs"])
    ]


def _column_index(bundle) -> Index:
    return Index({c["id"]: c for c in identity_columns(bundle)} | {c["id"]: c for c in bundle["profil"]["champs"]}, noms=("libelle",))


def read_header(entete, bundle) -> tuple:
    """(the column id of each header cell, None where it is ignored; French notes
    on the ignored ones). Raises InvalidFile when the header cannot be used."""
    index = _column_index(bundle)
    textes = [str(nom or "").strip() for nom in entete]
    noms = [index.find(texte)[0] if texte else None for texte in textes]
    if not any(noms):
        permises = ", ".join(label(c) for c in index.items.values())
        raise InvalidFile(f"Le fichier n'a pas de ligne d'en-tête reconnue : la première ligne doit nommer les colonnes ({permises}).")
    remarques = []
    for texte, nom in zip(textes, noms):
        if texte and nom is None:
            proches = index.nearest(texte)
            conseil = f" Vouliez-vous dire {quoted(label(index.items[p]) for p in proches)} ?" if proches else ""
            remarques.append(f"Colonne « {texte} » ignorée : elle ne correspond à aucune question.{conseil}")
    doubles = sorted({nom for nom in noms if nom and noms.count(nom) > 1}, key=noms.index)
    if doubles:
        raise InvalidFile(
            "Colonne en double : "
            + ", ".join(
                quoted([t for t, n in zip(textes, noms) if n == nom]) + f" désignent la même colonne « {label(index.items[nom])} »"
                for nom in doubles
            )
            + "."
        )
    manquantes = [nom for nom in required_columns(bundle) if nom not in noms]
    if manquantes:
        raise InvalidFile(f"Colonne obligatoire absente : {', '.join(f'« {label(index.items[n])} »' for n in manquantes)}.")
    return noms, remarques


def check_header(entete, bundle) -> list:
    """The column id of each header cell (None where ignored); raises InvalidFile if unusable."""
    return read_header(entete, bundle)[0]


def _nombre(texte):
    if not _NOMBRE.match(texte):
        raise ValueError("un nombre, par exemple 12,5")
    valeur = float(texte.replace(",", "."))
    if not math.isfinite(valeur):  # hundreds of digits: not a mark, and not JSON either
        raise ValueError("un nombre, par exemple 12,5")
    return int(valeur) if valeur.is_integer() and "," not in texte and "." not in texte else valeur


def _entier(texte):
    if not (texte.lstrip("-").isascii() and texte.lstrip("-").isdigit()) or len(texte) > 9:  # int() refuses "²" and 4300+ digits
        raise ValueError("un nombre entier, par exemple 3")
    return int(texte)


def _ligne(texte, champ):
    """One row of a table of marks, its cells separated by « : » (U3:12,5:2025)."""
    colonnes = champ["colonnes"]
    morceaux = [m.strip() for m in texte.split(":")]
    modele = ":".join(c["id"].upper() for c in colonnes)
    if len(morceaux) != len(colonnes):
        raise ValueError(f"{modele}, par exemple {example_row(champ)}")
    ligne = {}
    for colonne, morceau in zip(colonnes, morceaux):
        if colonne["type"] == "unite":
            ligne[colonne["id"]] = morceau.upper()
        elif colonne["type"] == "entier":
            try:
                ligne[colonne["id"]] = _entier(morceau)
            except ValueError:
                raise ValueError(f"{modele} avec « {colonne['id']} » en chiffres, par exemple {example_row(champ)}") from None
        else:
            ligne[colonne["id"]] = _nombre(morceau)
    return ligne


def example_row(champ) -> str:
    """The field's example row (profil.yaml `exemple`), as a class list cell."""
    lignes = champ.get("exemple") or [{}]
    return ":".join(str(lignes[0].get(c["id"], "")).replace(".", ",") for c in champ["colonnes"])


class RowReader:
    """Turns a row's text cells into a profile, reading values as a teacher writes
    them (see rapprochement); what stays wrong or ambiguous is a conversion error."""

    def __init__(self, bundle):
        self.regles = regles_for(bundle)
        classe = liste_classe(bundle)
        self.oui = {cle(mot) for mot in classe["oui"]}
        self.non = {cle(mot) for mot in classe["non"]}
        oui, non = classe["oui"], classe["non"]
        self.mots_booleens = f"{oui[0]} ou {non[0]}" + (
            f" (aussi : {', '.join(oui[1:])} pour {oui[0]} ; {', '.join(non[1:])} pour {non[0]})" if oui[1:] and non[1:] else ""
        )
        self._index: dict = {}
        self._lues: dict = {}  # a class repeats the same rows of answers

    def index(self, champ, profil) -> Index:
        cle_index = (champ.id, *(profil.get(selon) for selon in champ.selon))
        if cle_index not in self._index:
            self._index[cle_index] = Index(champ.valeurs(profil))
        return self._index[cle_index]

    def known_elsewhere(self, champ, texte):
        """A value the rules know but no longer offer (withdrawn, not offered here):
        given as it is, the engine says why in the rules' words."""
        if not (champ.retirees or champ.hors_liste):
            return None
        if ("connues", champ.id) not in self._index:
            self._index["connues", champ.id] = Index({**champ.hors_liste, **{i: {"id": i} for i in champ.retirees}})
        return self._index["connues", champ.id].find(texte)[0]

    def read(self, cellules: dict) -> tuple:
        """(profile, [conversion errors]) from one row's cells, by column id."""
        cle_lue = tuple(cellules.items())
        if cle_lue not in self._lues:
            self._lues[cle_lue] = self._read(cellules)
        profil, erreurs = self._lues[cle_lue]
        return dict(profil), list(erreurs)

    def _read(self, cellules):
        profil, erreurs = {}, []
        for champ in self.regles.champs.values():
            brut = cellules.get(champ.id)
            texte = str(brut).strip() if brut is not None else ""
            if not texte:
                continue
            try:
                valeur = self.value(champ, texte, profil)
            except ValueError as probleme:
                erreurs.append({"champ": champ.id, "message": str(probleme)})
                valeur = getattr(probleme, "valeur_lue", None)
            if valeur is not None:
                profil[champ.id] = valeur
        return profil, erreurs

    def value(self, champ, texte, profil):
        """The profile's value for one cell; ValueError (French) when unreadable."""
        if champ.type == "booleen":
            mot = cle(texte)
            if mot in self.oui or mot in self.non:
                return mot in self.oui
            raise ValueError(f"valeur « {texte} » illisible ; attendu : {self.mots_booleens}.")
        if champ.type == "entier":
            try:
                return _entier(texte)
            except ValueError as attendu:
                raise ValueError(f"valeur « {texte} » illisible ; attendu : {attendu}.") from None
        if champ.type == "liste_unites":
            return [v.upper() for v in _SEPARATEURS_UNITES.split(texte) if v]
        if champ.type == "tableau_notes":
            try:
                return [_ligne(v, champ.description) for v in texte.split(SEPARATEUR_LISTE) if v.strip()]
            except ValueError as attendu:
                raise ValueError(f"valeur « {texte} » illisible ; attendu : {attendu}.") from None
        if not champ.valeurs(profil) or (champ.selon_seulement and any(selon not in profil for selon in champ.selon)):
            return texte  # not asked, or asked depending on an answer missing or refused: the engine says so
        if champ.type == "liste_choix":
            morceaux = [m.strip() for m in texte.split(SEPARATEUR_LISTE) if m.strip()]
            valeurs, inconnues = [], []
            for morceau in morceaux:
                trouvee = self.choice(champ, morceau, profil, strict=False)
                if trouvee is None and "," in morceau:  # « a, b » typed for « a|b »
                    parties = [self.choice(champ, m.strip(), profil, strict=False) for m in morceau.split(",") if m.strip()]
                    if all(parties):
                        valeurs += parties
                        continue
                (valeurs.append(trouvee) if trouvee else inconnues.append(morceau))
            if inconnues:
                probleme = ValueError("; ".join(self.unknown(champ, m, profil) for m in inconnues))
                probleme.valeur_lue = valeurs or None  # the values that were right are kept
                raise probleme
            return valeurs
        return self.choice(champ, texte, profil, strict=True)

    def choice(self, champ, texte, profil, strict):
        index = self.index(champ, profil)
        trouvee, possibles = index.find(texte)
        if trouvee is not None:
            return trouvee
        if possibles:
            raise ValueError(
                f"« {texte} » peut désigner {quoted(label(index.items[p]) for p in possibles)} : "
                f"écrivez le libellé entier ou l'identifiant ({', '.join(possibles)})."
            )
        connue = self.known_elsewhere(champ, texte)
        if connue is not None:
            return connue
        if strict:
            raise ValueError(self.unknown(champ, texte, profil))
        return None

    def unknown(self, champ, texte, profil) -> str:
        index = self.index(champ, profil)
        choisis = [
            f"{self.regles.champs[selon].libelle.lower()} « {label(self.regles.champs[selon].toutes_valeurs()[profil[selon]])} »"
            for selon in champ.selon
            if selon in profil and champ.selon_seulement
        ]
        message = f"valeur « {texte} » inconnue" + (f" ({', '.join(choisis)})." if choisis else ".")
        proches = index.nearest(texte)
        if proches:
            return message + f" Vouliez-vous dire {quoted(label(index.items[p]) for p in proches)} ?"
        if len(index.items) <= 12:
            return message + f" Valeurs permises : {quoted(label(item) for item in index.items.values())}."
        return message


def profil_of_row(cellules: dict, bundle) -> tuple:
    """(profile, [conversion errors]) from one row of text cells, by column id."""
    return RowReader(bundle).read(cellules)


def _texte_erreur(erreur) -> str:
    return f"{erreur['champ']} : {erreur['message']}"


def _is_example(rangee, exemple) -> bool:
    """The template's example row, left in the file as it was."""
    return bool(exemple) and all(cle(rangee.get(colonne) or "") == cle(valeur) for colonne, valeur in exemple.items())


def check_rows(entete, lignes, bundle, numeros=None, rapporter=None) -> dict:
    """Check every row and compute its checklist; a bad row never stops the others.

    `lignes` are lists of cells in header order; `numeros` their line numbers
    in the file (default: from 2). Returns the follow-up matrix.
    """
    noms, remarques = read_header(entete, bundle)
    regles = regles_for(bundle)
    lecteur = RowReader(bundle)
    exemple = liste_classe(bundle)["exemple"]["identite"]
    libelles = {c["id"]: label(c) for c in identity_columns(bundle)} | {c.id: c.libelle for c in regles.champs.values()}
    libelles["ligne"] = "Ligne"
    piece_ids = [piece["id"] for piece in regles.pieces]
    candidats, total = [], len(lignes)
    deja_calcules = {}  # a class holds many identical profiles
    for index, cellules in enumerate(lignes):
        numero = numeros[index] if numeros else index + 2
        if not any(str(c).strip() for c in cellules if c is not None):
            continue
        rangee = {nom: (cellules[i] if i < len(cellules) else None) for i, nom in enumerate(noms) if nom}
        if _is_example(rangee, exemple):
            remarques.append(f"Ligne {numero} ignorée : c'est la ligne d'exemple du modèle.")
            continue
        profil, erreurs = lecteur.read(rangee)
        converties = {erreur["champ"] for erreur in erreurs}
        # What reading the file noticed in this row's cells (reading.CelluleSignalee).
        erreurs += [
            {"champ": noms[i] or "ligne", "message": cellule.probleme}
            for i, cellule in enumerate(cellules)
            if hasattr(cellule, "probleme") and i < len(noms)
        ]
        cle_profil = json.dumps(profil, sort_keys=True)
        resultat = deja_calcules.get(cle_profil)
        if resultat is None:
            resultat = deja_calcules[cle_profil] = checklist(bundle, profil)
        erreurs += [e for e in resultat["erreurs"] if e["champ"] not in converties]
        candidats.append(
            {
                "ligne": numero,
                "nom": str(rangee.get("nom") or "").strip(),
                "prenom": str(rangee.get("prenom") or "").strip(),
                "profil": profil,
                "erreurs": [{**e, "colonne": libelles.get(e["champ"], e["champ"])} for e in erreurs],
                "avertissements": resultat["avertissements"],
                "pieces": {piece["id"]: piece["echeance"] for piece in resultat["pieces"]},
                "checklist": [
                    {"id": p["id"], "echeance": p["echeance"], **({"heure": p["heure"]} if "heure" in p else {}), "motif": p["motif"]}
                    for p in resultat["pieces"]
                ],
            }
        )
        if rapporter is not None and (index % 200 == 0 or index == total - 1):
            rapporter(index + 1, total)
    return {
        "edition": regles.edition,
        "empreinte": regles.empreinte,
        # How the printed sheets and the table write a deadline (calendrier.yaml).
        "formule": regles.bundle["calendrier"]["formule"],
        "pieces": [{"id": p["id"], "libelle": p["libelle"], "echeance": regles.echeances[p["echeance"]]["date"]} for p in regles.pieces],
        "colonnes": ["ligne", "nom", "prenom", "erreurs"] + piece_ids,
        "candidats": candidats,
        "remarques": remarques,
    }


def matrix_rows(matrice) -> list:
    """The rows of pieces.csv (contract, section 5), header first, as text cells."""
    piece_ids = [piece["id"] for piece in matrice["pieces"]]
    rangees = [matrice["colonnes"]]
    for candidat in matrice["candidats"]:
        rangees.append(
            [str(candidat["ligne"]), candidat["nom"], candidat["prenom"], " | ".join(_texte_erreur(e) for e in candidat["erreurs"])]
            + [candidat["pieces"].get(piece_id, "") for piece_id in piece_ids]
        )
    return rangees
