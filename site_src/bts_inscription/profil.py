"""Check a candidate profile against the rules of an edition.

Returns the profile reduced to the values that are valid, so that the
checklist can still be computed for the rest, with every error and warning
naming its field and citing its rule.
"""

import json


def _en_texte(valeur) -> str:
    """A value as its JSON text: the same in CPython and Pyodide, whose Unicode
    databases differ on which characters repr() escapes."""
    if isinstance(valeur, str):
        return valeur
    return json.dumps(valeur, ensure_ascii=False, default=str)


def _liste(valeurs) -> str:
    return ", ".join(f"« {_en_texte(v)} »" for v in valeurs)


def _montrer(valeur) -> str:
    if isinstance(valeur, bool):
        return "vrai" if valeur else "faux"
    if isinstance(valeur, str):
        return f"« {valeur} »"
    return _en_texte(valeur)


def _est_nombre(valeur) -> bool:
    return isinstance(valeur, (int, float)) and not isinstance(valeur, bool)


class Verification:
    def __init__(self, regles, brut):
        self.regles = regles
        self.brut = brut
        self.profil: dict = {}
        self.erreurs: list = []
        self.avertissements: list = []

    def erreur(self, champ, message, sources=None):
        sources = sources if sources is not None else self.regles.champs[champ]["source"]
        self.erreurs.append({"champ": champ, "message": message, "sources": self.regles.sources(sources)})

    def avertissement(self, champ, message):
        self.avertissements.append({"champ": champ, "message": message})

    def inconnu(self, champ, valeur, permises, quoi):
        message = f"{quoi} inconnu(e) : {_montrer(valeur)}."
        import difflib  # only for a wrong value: it takes a tenth of the engine's start-up in Pyodide

        proches = difflib.get_close_matches(_en_texte(valeur), [str(p) for p in permises], n=3)
        if proches:
            message += f" Vouliez-vous dire {_liste(proches)} ?"
        elif len(permises) <= 12:
            message += f" Valeurs permises : {_liste(permises)}."
        self.erreur(champ, message)

    def texte(self, champ, permises, quoi):
        valeur = self.brut.get(champ)
        if valeur is None:
            if self.regles.champs[champ]["obligatoire"]:
                self.erreur(champ, f"Champ obligatoire manquant : « {champ} » ({self.regles.champs[champ]['libelle']}).")
            return None
        if not isinstance(valeur, str):
            self.erreur(champ, f"« {champ} » doit être un texte (identifiant), pas {_montrer(valeur)}.")
            return None
        if valeur not in permises:
            self.inconnu(champ, valeur, list(permises), quoi)
            return None
        self.profil[champ] = valeur
        return valeur

    def booleen(self, champ):
        valeur = self.brut.get(champ)
        if valeur is None:
            return None
        if not isinstance(valeur, bool):
            self.erreur(champ, f"« {champ} » doit valoir true ou false, pas {_montrer(valeur)}.")
            return None
        self.profil[champ] = valeur
        return valeur

    def liste_textes(self, champ):
        valeur = self.brut.get(champ)
        if valeur is None:
            return []
        if not isinstance(valeur, list) or not all(isinstance(v, str) for v in valeur):
            self.erreur(champ, f"« {champ} » doit être une liste d'identifiants (textes).")
            return None
        doublons = sorted({v for v in valeur if valeur.count(v) > 1})
        if doublons:
            self.avertissement(champ, f"Valeur(s) répétée(s) dans « {champ} » : {_liste(doublons)} ; elles ne comptent qu'une fois.")
        return list(dict.fromkeys(valeur))

    # The fields, in the order of the contract.

    def run(self):
        regles = self.regles
        if not isinstance(self.brut, dict):
            self.erreurs.append({"champ": "profil", "message": "Le profil doit être un objet JSON (des champs et leurs valeurs).", "sources": []})
            return self
        for champ in self.brut:
            if champ not in regles.champs:
                self.avertissement(champ, f"Champ inconnu ignoré : « {champ} ». Champs reconnus : {_liste(regles.champs)}.")
        categorie = self.texte("categorie", regles.categories, "Catégorie")
        specialite = self.texte("specialite", regles.specialites, "Spécialité")
        self.option(specialite)
        self.premiere_annee(categorie)
        forme = self.forme(categorie)
        self.dispenses()
        self.liste_benefices(forme)
        self.facultatives(specialite)
        self.booleen("positionnement")
        return self

    def option(self, specialite):
        if specialite is None:
            return
        options = self.regles.options(specialite)
        libelle = self.regles.specialites[specialite]["libelle"]
        valeur = self.brut.get("option")
        if not options:
            if valeur is not None:
                self.erreur("option", f"La spécialité « {libelle} » n'a pas d'option : retirez « option ».")
            return
        if valeur is None:
            self.erreur("option", f"Option obligatoire pour la spécialité « {libelle} » : {_liste(options)}.")
            return
        if not isinstance(valeur, str):
            self.erreur("option", f"« option » doit être un texte (identifiant), pas {_montrer(valeur)}.")
            return
        if valeur not in options:
            self.erreur("option", f"Option inconnue pour « {libelle} » : {_montrer(valeur)}. Options permises : {_liste(options)}.")
            return
        self.profil["option"] = valeur

    def premiere_annee(self, categorie):
        valeur = self.booleen("scolaire_en_premiere_annee")
        concernees = self.regles.champs["scolaire_en_premiere_annee"].get("categories", [])
        if valeur and categorie is not None and categorie not in concernees:
            self.avertissement("scolaire_en_premiere_annee", "Cette précision ne concerne que les apprentis ; elle est ignorée.")
            del self.profil["scolaire_en_premiere_annee"]

    def forme(self, categorie):
        defaut = self.regles.champs["forme"].get("defaut")
        if self.brut.get("forme") is None:
            self.profil["forme"] = defaut
            return defaut
        forme = self.texte("forme", self.regles.formes, "Forme de passage")
        if forme is None:
            return None
        regle = self.regles.formes[forme]
        if categorie is not None and categorie not in regle["categories"]:
            ouvertes = [self.regles.categories[c]["libelle"].lower() for c in regle["categories"]]
            self.erreur("forme", f"La {regle['libelle'].lower()} est réservée aux candidats de catégorie {' ou '.join(ouvertes)}.", regle["source"])
            del self.profil["forme"]
            return None
        return forme

    def dispenses(self):
        valeurs = self.liste_textes("dispenses")
        if valeurs is None:
            return
        mauvaises = [v for v in valeurs if not self.regles.unite.match(v)]
        if mauvaises:
            self.erreur("dispenses", f"Code d'unité invalide : {_liste(mauvaises)}. Un code d'unité s'écrit comme U1, U31 ou U6.")
            return
        self.profil["dispenses"] = valeurs

    def liste_benefices(self, forme):
        valeur = self.brut.get("benefices")
        if valeur is None:
            self.profil["benefices"] = []
            return
        if not isinstance(valeur, list):
            self.erreur("benefices", "« benefices » doit être une liste de notes conservées ({\"epreuve\", \"note\", \"session\"}).")
            return
        valides = []
        for numero, benefice in enumerate(valeur, start=1):
            if self.benefice(numero, benefice, forme):
                valides.append(benefice)
        epreuves = [b["epreuve"] for b in valides]
        for epreuve in sorted({e for e in epreuves if epreuves.count(e) > 1}):
            self.erreur("benefices", f"L'épreuve {epreuve} apparaît plusieurs fois dans les bénéfices.")
        self.profil["benefices"] = valides

    def benefice(self, numero, benefice, forme) -> bool:
        regles = self.regles
        source = regles.benefices["source"]
        prefixe = f"Bénéfice n° {numero}"
        if not isinstance(benefice, dict):
            self.erreur("benefices", f"{prefixe} : un objet {{\"epreuve\", \"note\", \"session\"}} est attendu.", source)
            return False
        inconnus = [cle for cle in benefice if cle not in ("epreuve", "note", "session")]
        if inconnus:
            self.avertissement("benefices", f"{prefixe} : clé(s) ignorée(s) {_liste(inconnus)}.")
        epreuve, note, session = benefice.get("epreuve"), benefice.get("note"), benefice.get("session")
        ok = True
        if not isinstance(epreuve, str) or not regles.unite.match(epreuve):
            self.erreur("benefices", f"{prefixe} : « epreuve » doit être un code d'unité comme U3, pas {_montrer(epreuve)}. Seules les notes d'unités peuvent être conservées.", source)
            ok = False
        else:
            prefixe += f" ({epreuve})"
        bas, haut = regles.bareme["note_min"], regles.bareme["note_max"]
        if not _est_nombre(note):
            self.erreur("benefices", f"{prefixe} : « note » doit être un nombre entre {bas} et {haut}.", source)
            ok = False
        elif not bas <= note <= haut:
            self.erreur("benefices", f"{prefixe} : la note {note} n'est pas entre {bas} et {haut}.", regles.bareme["source"])
            ok = False
        elif forme is not None and note < regles.benefices["note_minimale"].get(forme, bas):
            minimum = regles.benefices["note_minimale"][forme]
            self.erreur("benefices", f"{prefixe} : en {regles.formes[forme]['libelle'].lower()}, seule une note d'au moins {minimum}/{haut} peut être conservée (note {note}).", source)
            ok = False
        duree = regles.benefices["duree_sessions"]
        if not isinstance(session, int) or isinstance(session, bool):
            self.erreur("benefices", f"{prefixe} : « session » doit être une année, par exemple {regles.session - 1}.", source)
            ok = False
        elif session >= regles.session:
            self.erreur("benefices", f"{prefixe} : la session {session} n'est pas antérieure à la session {regles.session}.", source)
            ok = False
        elif regles.session - session > duree:
            self.erreur("benefices", f"{prefixe} : une note de la session {session} n'est plus conservable ; un bénéfice vaut pour les {duree} sessions suivantes (au plus tôt {regles.session - duree}).", source)
            ok = False
        return ok

    def facultatives(self, specialite):
        regles = self.regles
        valeurs = self.liste_textes("epreuves_facultatives")
        source = regles.facultatives["source"]
        choisies = []
        if valeurs:
            ouvertes = regles.epreuves_facultatives(specialite)
            for valeur in valeurs:
                if valeur in ouvertes:
                    choisies.append(valeur)
                else:
                    self.inconnu("epreuves_facultatives", valeur, list(ouvertes), "Épreuve facultative")
            maximum = regles.facultatives["maximum"]
            if len(valeurs) > maximum:
                self.erreur("epreuves_facultatives", f"Au plus {maximum} épreuves facultatives, engagement étudiant compris ; vous en avez choisi {len(valeurs)}.", source)
                choisies = choisies[:maximum]
        if valeurs is not None:
            self.profil["epreuves_facultatives"] = choisies
        self.langue(choisies)

    def langue(self, choisies):
        regles = self.regles
        requis = regles.langue_requise({"epreuves_facultatives": choisies}) is not None
        valeur = self.brut.get("langue_facultative")
        source = regles.langue_facultative["source"]
        offertes = [regles.langues[l]["libelle"].lower() for l in regles.langues_offertes]
        if valeur is None:
            if requis:
                self.erreur("langue_facultative", f"Précisez la langue de l'épreuve facultative : {', '.join(offertes)}.", source)
            return
        if not isinstance(valeur, str):
            self.erreur("langue_facultative", f"« langue_facultative » doit être un identifiant de langue, pas {_montrer(valeur)}.", source)
            return
        if valeur in regles.langues_retirees:
            retrait = regles.langues_retirees[valeur]
            self.erreur("langue_facultative", f"{retrait['texte']} Langues proposées : {', '.join(offertes)}.", retrait["source"])
            return
        if valeur not in regles.langues_offertes:
            if valeur in regles.langues:
                self.erreur("langue_facultative", f"La langue « {regles.langues[valeur]['libelle']} » n'est pas proposée en épreuve facultative dans l'académie. Langues proposées : {', '.join(offertes)}.", source)
            else:
                self.inconnu("langue_facultative", valeur, regles.langues_offertes, "Langue")
            return
        if not requis:
            self.avertissement("langue_facultative", "Une langue est indiquée sans l'épreuve facultative de langue vivante : elle est ignorée.")
            return
        self.profil["langue_facultative"] = valeur


def verifier(regles, brut) -> tuple:
    """Return (valid part of the profile, erreurs, avertissements)."""
    verification = Verification(regles, brut).run()
    return verification.profil, verification.erreurs, verification.avertissements
