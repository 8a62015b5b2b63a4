"""Check a candidate profile against the fields profil.yaml describes.

Fields are checked in their declared order; each check sees the valid part of
the profile so far (the conditions of a field only read the fields declared
before it). The result is the profile reduced to the values that are valid,
so that the checklist can still be computed for the rest, with every error
and warning naming its field and citing its rule.
"""

import json
import re

_PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)?)\}")


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


def _nombre_texte(valeur) -> str:
    """A number as French writes it: 20, 12,5."""
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    return str(valeur).replace(".", ",") if _est_nombre(valeur) else str(valeur)


def _est_nombre(valeur) -> bool:
    return isinstance(valeur, (int, float)) and not isinstance(valeur, bool)


def _est_entier(valeur) -> bool:
    return isinstance(valeur, int) and not isinstance(valeur, bool)


def _repetees(valeurs) -> list:
    """The values given more than once, sorted: one pass (a list of 100,000 answers stays fast)."""
    vues, repetees = set(), set()
    for valeur in valeurs:
        (repetees if valeur in vues else vues).add(valeur)
    return sorted(repetees)


def fill(modele: str, valeurs: dict) -> str:
    """Replace {name} and {ligne.colonne} in a rules text; unknown names stay as they are."""

    def one(match):
        valeur = valeurs.get(match.group(1))
        return match.group(0) if valeur is None else str(valeur)

    return _PLACEHOLDER.sub(one, modele)


class ProfilCheck:
    def __init__(self, regles, brut):
        self.regles = regles
        self.champs = regles.champs
        self.brut = brut
        self.profil: dict = {}
        self.erreurs: list = []
        self.avertissements: list = []

    # ---------- reporting ----------

    def error(self, champ, message, sources=None):
        sources = sources if sources is not None else champ.source
        self.erreurs.append({"champ": champ.id, "message": message, "sources": self.regles.sources(sources)})

    def warning(self, champ_id, message):
        self.avertissements.append({"champ": champ_id, "message": message})

    def text(self, modele, champ, **extra) -> str:
        """A rules message, with {<field>} as the label of that field's answer."""
        valeurs = {
            cle: self.champs[cle].etiquette(v) for cle, v in self.profil.items() if cle in self.champs and not isinstance(v, (list, dict))
        }
        valeurs.update(champ=champ.id, libelle=champ.libelle, **extra)
        return fill(modele, valeurs)

    def message(self, champ, cle, defaut, **extra) -> str:
        return self.text(champ.messages.get(cle, defaut), champ, **extra)

    # ---------- the whole profile ----------

    def run(self):
        if not isinstance(self.brut, dict):
            self.erreurs.append(
                {"champ": "profil", "message": "Le profil doit être un objet JSON (des champs et leurs valeurs).", "sources": []}
            )
            return self
        for cle in self.brut:
            if cle not in self.champs:
                self.warning(cle, f"Champ inconnu ignoré : « {cle} ». Champs reconnus : {_liste(self.champs)}.")
        for champ in self.champs.values():
            self.check_champ(champ)
        return self

    def check_champ(self, champ):
        if champ.selon_seulement and any(selon not in self.profil for selon in champ.selon):
            return  # its values all depend on an answer that is missing or refused
        valeur = self.brut.get(champ.id)
        pose = self.is_asked(champ)
        if valeur is None:
            self.on_absent(champ, pose)
            return
        permises = champ.valeurs(self.profil) if champ.a_valeurs else None
        if pose is False and (permises is not None and not permises):
            self.hors_propos(champ, valeur)
            return
        retenue = self.read(champ, valeur, permises)
        if retenue is None:
            self.refuse(champ)
            return
        if pose is False:
            self.hors_propos(champ, retenue)
            return
        self.profil[champ.id] = retenue
        for condition, controle in champ.controles:
            if condition(self.profil) is not None:
                self.error(champ, self.text(controle["message"], champ), controle["source"])
                self.refuse(champ)
                return

    def is_asked(self, champ):
        """Whether the question is asked: True, False, or None when that depends on
        answers that are missing or refused."""
        if champ.a_valeurs and not champ.valeurs(self.profil):
            return False
        if champ.visible_si is None:
            return True
        if champ.visible_si(self.profil) is not None:
            return True
        return False if all(lu in self.profil for lu in champ.lus) else None

    def on_absent(self, champ, pose):
        if champ.defaut is not None:
            self.profil[champ.id] = champ.defaut
        elif champ.est_liste:
            self.profil[champ.id] = []
        if pose and champ.requis_si is not None and champ.requis_si(self.profil) is not None:
            permises = champ.valeurs(self.profil) if champ.a_valeurs else {}
            self.error(
                champ,
                self.message(
                    champ,
                    "requis",
                    "Champ obligatoire manquant : « {champ} » ({libelle}).",
                    valeurs=_liste(permises),
                    libelles=", ".join(i["libelle"].lower() for i in permises.values()),
                ),
            )

    def refuse(self, champ):
        """The answer is not kept: the field takes its default (a list: empty), if it has one."""
        self.profil.pop(champ.id, None)
        if champ.defaut is not None:
            self.profil[champ.id] = champ.defaut
        elif champ.est_liste:
            self.profil[champ.id] = []

    def hors_propos(self, champ, valeur):
        implicite = False if champ.type == "booleen" else champ.defaut
        if (valeur == implicite and type(valeur) is type(implicite)) or (champ.est_liste and valeur == []):
            if champ.defaut is not None:
                self.profil[champ.id] = champ.defaut
            elif valeur is not None:
                self.profil[champ.id] = valeur
            return
        regle = champ.description.get(
            "hors_propos", {"niveau": "avertissement", "message": "Cette question ne vous concerne pas : la réponse est ignorée."}
        )
        texte = self.text(regle["message"], champ)
        if regle["niveau"] == "erreur":
            self.error(champ, texte)
        else:
            self.warning(champ.id, texte)
        self.refuse(champ)

    # ---------- one value, by type ----------

    def read(self, champ, valeur, permises):
        """The valid value to keep, or None after reporting why it is refused."""
        return getattr(self, f"read_{champ.type}")(champ, valeur, permises)

    def read_choix(self, champ, valeur, permises):
        if not isinstance(valeur, str):
            self.error(
                champ, self.message(champ, "type", "« {champ} » doit être un texte (identifiant), pas {valeur}.", valeur=_montrer(valeur))
            )
            return None
        if valeur in permises:
            return valeur
        libelles = ", ".join(i["libelle"].lower() for i in permises.values())
        extra = {"valeur": _montrer(valeur), "valeurs": _liste(permises), "libelles": libelles}
        if valeur in champ.retirees:
            retrait = champ.retirees[valeur]
            self.error(champ, self.message(champ, "retiree", "{texte}", texte=retrait["texte"], **extra), retrait["source"])
        elif valeur in champ.hors_liste and "hors_liste" in champ.messages:
            self.error(champ, self.message(champ, "hors_liste", "", libelle_valeur=champ.hors_liste[valeur]["libelle"], **extra))
        elif "inconnue" in champ.messages:
            self.error(champ, self.message(champ, "inconnue", "", **extra))
        else:
            self.unknown(champ, valeur, list(permises))
        return None

    def unknown(self, champ, valeur, permises):
        message = f"{champ.libelle} : valeur inconnue {_montrer(valeur)}."
        import difflib  # only for a wrong value: it takes a tenth of the engine's start-up in Pyodide

        proches = difflib.get_close_matches(_en_texte(valeur), [str(p) for p in permises], n=3)
        if proches:
            message += f" Vouliez-vous dire {_liste(proches)} ?"
        elif len(permises) <= 12:
            message += f" Valeurs permises : {_liste(permises)}."
        self.error(champ, message)

    def read_booleen(self, champ, valeur, permises):
        if isinstance(valeur, bool):
            return valeur
        self.error(champ, f"« {champ.id} » doit valoir true ou false, pas {_montrer(valeur)}.")
        return None

    def read_entier(self, champ, valeur, permises):
        if _est_entier(valeur):
            return valeur
        self.error(champ, f"« {champ.id} » doit être un nombre entier, pas {_montrer(valeur)}.")
        return None

    def _texts(self, champ, valeur):
        if not isinstance(valeur, list) or not all(isinstance(v, str) for v in valeur):
            self.error(champ, f"« {champ.id} » doit être une liste d'identifiants (textes).")
            return None
        doublons = _repetees(valeur)
        if doublons:
            repetees = "Valeurs répétées" if len(doublons) > 1 else "Valeur répétée"
            self.warning(champ.id, f"{repetees} dans « {champ.id} » : {_liste(doublons)} ; chacune ne compte qu'une fois.")
        return list(dict.fromkeys(valeur))

    def read_liste_choix(self, champ, valeur, permises):
        valeurs = self._texts(champ, valeur)
        if valeurs is None:
            return None
        choisies = []
        for v in valeurs:
            if v in permises:
                choisies.append(v)
            else:
                self.unknown(champ, v, list(permises))
        maximum = champ.description.get("maximum")
        if maximum is not None and len(valeurs) > maximum:
            self.error(
                champ,
                self.message(
                    champ, "maximum", "Au plus {maximum} choix ; vous en avez choisi {nombre}.", maximum=maximum, nombre=len(valeurs)
                ),
            )
            choisies = choisies[:maximum]
        return choisies

    def read_liste_unites(self, champ, valeur, permises):
        valeurs = self._texts(champ, valeur)
        if valeurs is None:
            return None
        mauvaises = [v for v in valeurs if not self.regles.unite.match(v)]
        if mauvaises:
            self.error(champ, f"Code d'unité invalide : {_liste(mauvaises)}. Un code d'unité s'écrit comme {self.regles.unite_exemple}.")
            return None
        return valeurs

    def read_tableau_notes(self, champ, valeur, permises):
        noms = [c["id"] for c in champ.colonnes]
        if not isinstance(valeur, list):
            self.error(champ, f"« {champ.id} » doit être une liste de lignes ({', '.join(noms)}).")
            return None
        valides = [ligne for numero, ligne in enumerate(valeur, start=1) if self.check_row(champ, numero, ligne)]
        unique = champ.description.get("unique")
        if unique:
            vues = [ligne[unique] for ligne in valides]
            for double in _repetees(vues):
                self.error(champ, self.message(champ, "unique", "{valeur} apparaît plusieurs fois dans « {libelle} ».", valeur=double))
        return valides

    def check_row(self, champ, numero, ligne) -> bool:
        noms = [c["id"] for c in champ.colonnes]
        # The row as the form's cells name it ("Bénéfice 2 : Note sur 20").
        prefixe = f"{champ.description.get('nom_ligne', 'Ligne')} {numero}"
        if not isinstance(ligne, dict):
            self.error(champ, f"{prefixe} : un objet {{{', '.join(json.dumps(n) for n in noms)}}} est attendu.")
            return False
        inconnues = [cle for cle in ligne if cle not in noms]
        if inconnues:
            ignorees = "clés ignorées" if len(inconnues) > 1 else "clé ignorée"
            self.warning(champ.id, f"{prefixe} : {ignorees} {_liste(inconnues)}.")
        ok = True
        for colonne in champ.colonnes:
            probleme = self.cell_problem(colonne, ligne.get(colonne["id"]), ligne)
            if probleme:
                # The rule of the column's bounds, when it has its own.
                self.error(champ, f"{prefixe} : {probleme}", colonne.get("source"))
                ok = False
            elif colonne is champ.colonnes[0]:
                prefixe += f" ({ligne[colonne['id']]})"
        if not ok:
            return False
        contexte = {**self.profil, "ligne": ligne}
        for condition, controle in champ.controles_ligne:
            if condition(contexte) is not None:
                texte = self.text(controle["message"], champ, **{f"ligne.{k}": _nombre_texte(v) for k, v in ligne.items()})
                self.error(champ, f"{prefixe} : {texte}", controle["source"])
                ok = False
        return ok

    def cell_problem(self, colonne, valeur, ligne):
        """Why a cell is refused, or None."""
        nom, type_ = colonne["id"], colonne["type"]
        bas, haut = colonne.get("au_moins"), colonne.get("au_plus")
        if type_ == "unite":
            if not isinstance(valeur, str) or not self.regles.unite.match(valeur):
                return f"« {nom} » doit être un code d'unité comme {self.regles.unite_exemple}, pas {_montrer(valeur)}."
            return None
        juste = _est_entier(valeur) if type_ == "entier" else _est_nombre(valeur)
        if not juste:
            genre = "un nombre entier" if type_ == "entier" else "un nombre"
            borne = f" entre {_nombre_texte(bas)} et {_nombre_texte(haut)}" if bas is not None and haut is not None else ""
            return f"« {nom} » doit être {genre}{borne}."
        messages = colonne.get("messages", {})
        valeurs = {f"ligne.{k}": _nombre_texte(v) for k, v in ligne.items()} | {
            "minimum": _nombre_texte(bas),
            "maximum": _nombre_texte(haut),
        }
        for cle, hors in (("au_moins", bas is not None and valeur < bas), ("au_plus", haut is not None and valeur > haut)):
            if hors:
                defaut = f"« {nom} » vaut {_nombre_texte(valeur)}, hors de l'intervalle {_nombre_texte(bas)} – {_nombre_texte(haut)}."
                return fill(messages.get(cle, defaut), valeurs)
        return None


def check_profil(regles, brut) -> tuple:
    """Return (valid part of the profile, erreurs, avertissements)."""
    verification = ProfilCheck(regles, brut).run()
    return verification.profil, verification.erreurs, verification.avertissements


def questions(regles, brut) -> dict:
    """What the form asks this candidate, field by field: whether the question
    is asked (`pose`), which help text applies (`aide`, an index) and, for a
    choice, the values open to them (`valeurs`, those no control refuses)."""
    verification = ProfilCheck(regles, brut).run()
    valide = verification.profil
    reponse = {}
    for champ in regles.champs.values():
        entree = {"pose": verification.is_asked(champ) is True, "aide": champ.aide(valide)}
        if champ.a_valeurs and (champ.selon or champ.controles):
            entree["valeurs"] = [valeur for valeur in champ.valeurs(valide) if champ.type != "choix" or not _refusee(champ, valide, valeur)]
        reponse[champ.id] = entree
    return reponse


def _refusee(champ, profil, valeur) -> bool:
    essai = {**profil, champ.id: valeur}
    return any(condition(essai) is not None for condition, _ in champ.controles)
