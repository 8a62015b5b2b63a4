"""Checks that span rule files: ids exist, are unique, dates fit the edition."""

import datetime

from build_tools.messages import texte


def _ids(items) -> list:
    return [item["id"] for item in items if isinstance(item, dict) and "id" in item]


def _show(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _join(values) -> str:
    return ", ".join(_show(value) for value in values)


def walk(data, path=()):
    """Every (path, value) of a loaded rule file, the file itself first."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, path + (index,))


class CrossChecker:
    def __init__(self, files: dict):
        self.files = files
        self.errors: list = []
        d = {stem: loaded.data for stem, loaded in files.items()}
        self.data = d
        self.specialites = d["specialites"]["specialites"]
        self.domains = {
            "categorie": _ids(d["categories"]["categories"]),
            "specialite": _ids(self.specialites),
            "option": sorted({o["id"] for s in self.specialites for o in s.get("options", [])}),
            "forme": _ids(d["reglementation"]["formes"]),
            "epreuves_facultatives": _ids(d["reglementation"]["epreuves_facultatives"]["communes"])
            + [e["id"] for s in self.specialites for e in s.get("epreuves_facultatives", [])],
            "langue_facultative": _ids(d["langues"]["langues"]),
        }
        self.profile_fields = {champ["id"]: champ for champ in d["profil"]["champs"]}

    def report(self, stem, path, code, **values):
        self.errors.append(self.files[stem].error(path, texte(code, **values)))

    def reference(self, stem, path, value, allowed, quoi):
        if value not in allowed:
            self.report(stem, path, "ref_inconnue", quoi=quoi, valeur=value, permises=_join(allowed))

    def run(self) -> list:
        self.unique_ids()
        self.sources()
        self.edition_dates()
        self.pieces()
        self.languages()
        self.categories_and_forms()
        self.profile()
        self.forms_documents()
        self.cyclades()
        return self.errors

    def unique_ids(self):
        for stem, loaded in self.files.items():
            for path, value in walk(loaded.data):
                if not isinstance(value, list):
                    continue
                seen = {}
                for index, item in enumerate(value):
                    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                        continue
                    if item["id"] in seen:
                        self.report(stem, path + (index, "id"), "id_double", id=item["id"], ligne=seen[item["id"]])
                    else:
                        seen[item["id"]] = loaded.position(path + (index, "id"))[0]

    def sources(self):
        texts = _ids(self.data["textes"]["textes"])
        for stem, loaded in self.files.items():
            for path, value in walk(loaded.data):
                if path and isinstance(path[-1], str) and (path[-1] == "source" or path[-1].endswith("_source")):
                    for index, item in enumerate(value if isinstance(value, list) else []):
                        if isinstance(item, dict) and "texte" in item:
                            self.reference(stem, path + (index, "texte"), item["texte"], texts, "texte")

    def _date(self, stem, path, value):
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.report(stem, path, "date_invalide", valeur=value)
            return None

    def edition_dates(self):
        edition = self.data["edition"]
        year = edition["annee_scolaire"]
        debut = self._date("edition", ("annee_scolaire", "debut"), year["debut"])
        fin = self._date("edition", ("annee_scolaire", "fin"), year["fin"])
        for index, echeance in enumerate(self.data["calendrier"]["echeances"]):
            day = self._date("calendrier", ("echeances", index, "date"), echeance["date"])
            if day and debut and fin and not debut <= day <= fin:
                self.report("calendrier", ("echeances", index, "date"), "date_hors_annee",
                            valeur=echeance["date"], debut=year["debut"], fin=year["fin"])

    def pieces(self):
        pieces = self.data["pieces"]
        echeances = _ids(self.data["calendrier"]["echeances"])
        notes = _ids(pieces["notes"])
        for index, piece in enumerate(pieces["pieces"]):
            self.reference("pieces", ("pieces", index, "echeance"), piece["echeance"], echeances, "échéance")
            for n, note in enumerate(piece.get("notes", [])):
                self.reference("pieces", ("pieces", index, "notes", n), note, notes, "note")
            self.condition("pieces", ("pieces", index, "condition"), piece["condition"])

    def condition(self, stem, path, node):
        for key in ("tous", "au_moins_un"):
            for index, child in enumerate(node.get(key, [])):
                self.condition(stem, path + (key, index), child)
        if "non" in node:
            self.condition(stem, path + ("non",), node["non"])
        if "champ" not in node:
            return
        field = node["champ"]
        if field not in self.profile_fields:
            self.reference(stem, path + ("champ",), field, list(self.profile_fields), "champ du profil")
            return
        if self.profile_fields[field]["type"] == "booleen":
            allowed = [True, False]
        else:
            allowed = self.domains.get(field)
        if allowed is None:
            return
        for key in ("egal", "contient"):
            if key in node and node[key] not in allowed:
                self.report(stem, path + (key,), "condition_valeur", valeur=_show(node[key]), champ=field, permises=_join(allowed))
        for index, value in enumerate(node.get("dans", [])):
            if value not in allowed:
                self.report(stem, path + ("dans", index), "condition_valeur", valeur=_show(value), champ=field, permises=_join(allowed))

    def languages(self):
        langues = self.data["langues"]
        known = _ids(langues["langues"])
        facultative = langues["facultative"]
        for index, langue in enumerate(facultative["offertes"]):
            self.reference("langues", ("facultative", "offertes", index), langue, known, "langue")
        for index, retiree in enumerate(facultative["retirees"]):
            self.reference("langues", ("facultative", "retirees", index, "langue"), retiree["langue"], known, "langue")
            if retiree["langue"] in facultative["offertes"]:
                self.report("langues", ("facultative", "retirees", index, "langue"), "langue_retiree_offerte", langue=retiree["langue"])
        for key in ("langue_a", "langue_b", "facultative_nationale"):
            for index, langue in enumerate(langues["obligatoires"][key]):
                self.reference("langues", ("obligatoires", key, index), langue, known, "langue")

    def categories_and_forms(self):
        categories = self.data["categories"]
        diplomas = _ids(categories["diplomes_requis"])
        for index, categorie in enumerate(categories["categories"]):
            for n, diploma in enumerate(categorie["diplomes_requis"]):
                self.reference("categories", ("categories", index, "diplomes_requis", n), diploma, diplomas, "diplôme")
        for index, forme in enumerate(self.data["reglementation"]["formes"]):
            for key in ("categories", "obligatoire_pour"):
                for n, categorie in enumerate(forme[key]):
                    self.reference("reglementation", ("formes", index, key, n), categorie, self.domains["categorie"], "catégorie")
        minimums = self.data["reglementation"]["benefices"]["note_minimale"]
        for forme in minimums:
            self.reference("reglementation", ("benefices", "note_minimale", forme), forme, self.domains["forme"], "forme")
        communes = set(_ids(self.data["reglementation"]["epreuves_facultatives"]["communes"]))
        for index, specialite in enumerate(self.specialites):
            for n, epreuve in enumerate(specialite.get("epreuves_facultatives", [])):
                if epreuve["id"] in communes:
                    self.report("specialites", ("specialites", index, "epreuves_facultatives", n, "id"), "id_double",
                                id=epreuve["id"], ligne=self.files["reglementation"].position(("epreuves_facultatives", "communes"))[0])

    def profile(self):
        for index, champ in enumerate(self.data["profil"]["champs"]):
            for n, categorie in enumerate(champ.get("categories", [])):
                self.reference("profil", ("champs", index, "categories", n), categorie, self.domains["categorie"], "catégorie")
            if "defaut" in champ and champ["id"] in self.domains:
                self.reference("profil", ("champs", index, "defaut"), champ["defaut"], self.domains[champ["id"]], "valeur")
            if "requis_si" in champ:
                self.condition("profil", ("champs", index, "requis_si"), champ["requis_si"])

    def forms_documents(self):
        for stem in ("fiche", "attestation"):
            data = self.data[stem]
            lists = list(data.get("listes", {}))
            for path, value in walk(data):
                if not isinstance(value, dict) or "type" not in value:
                    continue
                if "liste" in value:
                    self.reference(stem, path + ("liste",), value["liste"], lists, "liste")
                if "profil" in value and path[-2:-1] == ("champs",):
                    self.reference(stem, path + ("profil",), value["profil"], list(self.profile_fields), "champ du profil")

    def cyclades(self):
        cyclades = self.data["cyclades"]
        acteurs = _ids(cyclades["acteurs"])
        for index, etape in enumerate(cyclades["etapes"]):
            self.reference("cyclades", ("etapes", index, "acteur"), etape["acteur"], acteurs, "acteur")


def check(files: dict) -> list:
    return CrossChecker(files).run()
