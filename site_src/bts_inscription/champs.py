"""The profile's fields as profil.yaml describes them: their value lists, labels
and compiled conditions, read once per bundle."""

from bts_inscription.conditions import compile_condition, fields_read

TYPES_LISTE = ("liste_choix", "liste_unites", "tableau_notes")


def lookup(data: dict, dotted: str, missing=None):
    """Follow file.key…; inside a list, a segment selects the item with that id.
    In a compiled bundle, `edition.*` is the edition's identity. `missing` when
    the path does not exist."""
    first, _, rest = dotted.partition(".")
    current = data.get("identite" if first == "edition" and "identite" in data else first, missing)
    for segment in rest.split(".") if rest else ():
        if isinstance(current, dict):
            current = current.get(segment, missing)
        elif isinstance(current, list):
            current = next((item for item in current if isinstance(item, dict) and item.get("id") == segment), missing)
        else:
            return missing
        if current is missing:
            return missing
    return current


def _items(bundle, liste, libelles=None) -> dict:
    """{id: item} of a rules list of items, or of ids labelled by another list."""
    labels = {item["id"]: item for item in lookup(bundle, libelles) or []} if libelles else {}
    items = {}
    for entry in liste or []:
        if isinstance(entry, dict):
            items[entry["id"]] = entry
        else:
            items[entry] = labels.get(entry, {"id": entry, "libelle": str(entry)})
    return items


def short_label(item: dict) -> str:
    """How a motif or a message names a chosen value: a one-letter id (options
    A, B…) as it is, anything else by its label."""
    return item["id"] if len(str(item["id"])) == 1 else item.get("libelle", str(item["id"]))


class Champ:
    def __init__(self, description: dict, bundle: dict, champs: "Champs"):
        self.description = description
        self.id = description["id"]
        self.type = description["type"]
        self.libelle = description["libelle"]
        self.source = description["source"]
        self.messages = description.get("messages", {})
        self.defaut = description.get("defaut")
        self.est_liste = self.type in TYPES_LISTE
        self.visible_si = compile_condition(description["visible_si"]) if "visible_si" in description else None
        self.requis_si = compile_condition(description["requis_si"]) if "requis_si" in description else None
        # The fields `visible_si` reads: when one is unknown, so is whether the question is asked.
        self.lus = fields_read(description["visible_si"]) if "visible_si" in description else set()
        self.aides = [(compile_condition(a["si"]) if "si" in a else None, a["texte"]) for a in description.get("aide", [])]
        self.controles = [(compile_condition(c["erreur_si"]), c) for c in description.get("controles", [])]
        self.controles_ligne = [(compile_condition(c["erreur_si"]), c) for c in description.get("controles_ligne", [])]
        self.colonnes = description.get("colonnes", [])
        self._champs, self._bundle = champs, bundle
        self._fixes, self._selon = {}, []
        for source in description.get("valeurs", []):
            if "selon" in source:
                self._selon.append(source)
            else:
                self._fixes.update(_items(bundle, lookup(bundle, source["liste"]), source.get("libelles")))
        self.selon = [source["selon"] for source in self._selon]
        # Only values of the chosen item (an option of the specialty): unknown until that item is.
        self.selon_seulement = bool(self._selon) and not self._fixes
        self.retirees = {}
        if "retirees" in description:
            cle = description["retirees"]["cle"]
            self.retirees = {r[cle]: r for r in lookup(bundle, description["retirees"]["liste"]) or []}
        self.hors_liste = _items(bundle, lookup(bundle, description["hors_liste"])) if "hors_liste" in description else {}
        self._par_choix, self._toutes = {}, None

    @property
    def a_valeurs(self) -> bool:
        return self.type in ("choix", "liste_choix")

    def _de_l_element(self, source, choisi) -> dict:
        element = self._champs[source["selon"]].toutes_valeurs().get(choisi) if isinstance(choisi, str) else None
        return _items(self._bundle, (element or {}).get(source["liste"]), source.get("libelles"))

    def valeurs(self, profil: dict) -> dict:
        """{id: item} of the values this profile may give, in the rules' order."""
        if not self._selon:
            return self._fixes
        cle = tuple(profil.get(selon) for selon in self.selon)
        valeurs = self._par_choix.get(cle)
        if valeurs is None:
            valeurs = dict(self._fixes)
            for source, choisi in zip(self._selon, cle):
                valeurs.update(self._de_l_element(source, choisi))
            self._par_choix[cle] = valeurs
        return valeurs

    def toutes_valeurs(self) -> dict:
        """{id: item} of every value some profile may give."""
        if self._toutes is None:
            valeurs = dict(self._fixes)
            for source in self._selon:
                for choisi in self._champs[source["selon"]].toutes_valeurs():
                    valeurs.update(self._de_l_element(source, choisi))
            self._toutes = valeurs
        return self._toutes

    def aide(self, profil: dict):
        """Index of the help text that applies to this profile, or None."""
        for index, (condition, _) in enumerate(self.aides):
            if condition is None or condition(profil) is not None:
                return index
        return None

    def etiquette(self, valeur) -> str:
        """A chosen value as a motif or a message names it."""
        item = self.toutes_valeurs().get(valeur) if isinstance(valeur, str) else None
        return short_label(item) if item else str(valeur)


class Champs(dict):
    """{id: Champ}, in the order of profil.yaml."""

    # The site has one page per value of the first list (the specialties), and
    # tables with a column per value of the second (the categories).
    LISTE_DES_PAGES = "specialites.specialites"
    LISTE_DES_COLONNES = "categories.categories"

    def __init__(self, bundle: dict):
        super().__init__()
        for description in bundle["profil"]["champs"]:
            self[description["id"]] = Champ(description, bundle, self)

    def de_la_liste(self, chemin) -> list:
        """The fields whose values are this rules list."""
        return [
            champ.id
            for champ in self.values()
            if any(s.get("liste") == chemin and "selon" not in s for s in champ.description.get("valeurs", []))
        ]

    def organisant_les_pages(self) -> list:
        """The field whose values are the specialties, then the fields whose values depend on it (the option)."""
        principaux = self.de_la_liste(self.LISTE_DES_PAGES)
        return principaux + [champ.id for champ in self.values() if champ.selon_seulement and set(champ.selon) & set(principaux)]

    def organisant_les_colonnes(self) -> list:
        return self.de_la_liste(self.LISTE_DES_COLONNES)
