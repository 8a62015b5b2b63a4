"""Checks that span rule files: ids exist, are unique, dates fit the edition.

Every check runs on what could be read: a check that needs a file that could
not be read is left out (the validator says so once for that file), and a
check that trips over a file with schema errors stops there (for one piece
or one field when it checks them one by one), the errors already found kept,
with a remark saying which check is incomplete.
"""

import contextlib
import datetime

from bts_inscription import conditions
from bts_inscription.champs import Champs, lookup
from build_tools import timezone
from build_tools.messages import texte
from build_tools.suggestions import proposal, show

# Each check, what it checks (for the remark when it is interrupted) and the
# rule files it needs besides those it walks; a condition also needs profil.yaml.
CHECKS = (
    ("unique_ids", "identifiants en double", ()),
    ("sources", "sources citées", ("textes",)),
    ("unverified_marks", "marques « a_verifier »", ("textes",)),
    ("edition_dates", "dates du calendrier", ("edition", "calendrier")),
    ("time_zone", "fuseau horaire", ("edition",)),
    ("pieces", "échéances, notes et conditions des pièces", ("pieces", "calendrier")),
    ("languages", "langues", ("langues",)),
    ("categories_and_forms", "catégories et formes de passage", ("categories", "reglementation")),
    ("optional_exams", "épreuves facultatives", ("reglementation", "specialites")),
    ("profile", "champs du profil", ("profil",)),
    ("forms_documents", "fiche et attestation", ("fiche", "attestation", "profil")),
    ("cyclades", "procédure CYCLADES", ("cyclades",)),
    ("attestation_note", "note de l'attestation", ("attestation", "pieces")),
)
# What a check trips over in a file whose schema errors are already reported.
DAMAGE = (KeyError, TypeError, AttributeError, IndexError, ValueError)

# Where the ids an "unknown id" message is about are defined.
WHERE = {
    "texte": "textes.yaml",
    "échéance": "calendrier.yaml",
    "note": "pieces.yaml, « notes »",
    "champ du profil": "profil.yaml",
    "langue": "langues.yaml",
    "diplôme": "categories.yaml, « diplomes_requis »",
    "catégorie": "categories.yaml",
    "forme de passage": "reglementation.yaml, « formes »",
    "acteur": "cyclades.yaml, « acteurs »",
}


def _ids(items) -> list:
    return [item["id"] for item in items if isinstance(item, dict) and "id" in item] if isinstance(items, list) else []


def walk(data, path=()):
    """Every (path, value) of a loaded rule file, the file itself first."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk(value, path + (index,))


def _sources_of_values(champ) -> list:
    """The `valeurs` entries of a profile field naming a list of the rules by
    its path (not those with `selon`, whose list is a key of the item chosen)."""
    valeurs = champ.get("valeurs", []) if isinstance(champ, dict) else []
    return [s for s in valeurs if isinstance(s, dict) and "selon" not in s] if isinstance(valeurs, list) else []


def is_source_list(path) -> bool:
    """A `source` list, or a `<something>_source` one: references to textes.yaml."""
    return bool(path) and isinstance(path[-1], str) and (path[-1] == "source" or path[-1].endswith("_source"))


class CrossChecker:
    def __init__(self, files: dict, resolved: dict, damaged=()):
        self.files = files
        self.damaged = set(damaged)  # stems whose own errors (syntax, schema) are reported
        self.errors: list = []
        self.interrupted: list = []  # remarks: the checks a damaged file stopped
        self.current = ("", ())  # the check running: (what it checks, the files it needs)
        # Placeholders and {valeur: …} references already replaced: a condition's operands are values.
        self.data = resolved
        self.profile_fields, self.order, self.domains, self.value_lists = {}, [], {}, {}
        self.champs_bundle = {**resolved, "identite": resolved.get("edition", {})}
        if "profil" in resolved:
            self._profile_domains()

    def _profile_domains(self):
        """The fields conditions may read and the values each can take."""
        d = self.data
        try:
            self.profile_fields = {champ["id"]: champ for champ in d["profil"]["champs"]}
        except DAMAGE:
            self.damaged.add("profil")
            return
        self.order = list(self.profile_fields)
        try:
            champs = Champs(self.champs_bundle)
            for champ in champs.values():
                if champ.type == "booleen":
                    self.domains[champ.id] = [True, False]
                elif champ.a_valeurs:
                    valeurs = list(champ.toutes_valeurs())
                    self.domains[champ.id] = (sorted(valeurs) if champ.selon else valeurs) + [
                        v for v in list(champ.retirees) + list(champ.hors_liste) if v not in valeurs
                    ]
                    self.value_lists[champ.id] = self._where_values(champ.description)
        except DAMAGE:  # a list the values come from is damaged or unreadable: values are not checked
            self.domains = {}
            lists = {s["liste"].partition(".")[0] for c in self.profile_fields.values() for s in _sources_of_values(c) if "liste" in s}
            if lists - set(d):
                return  # an unreadable file: said once, for that file
            if not self.damaged:
                raise
            fichiers = ", ".join(f"{stem}.yaml" for stem in sorted(self.damaged))
            self.interrupted.append(texte("verification_interrompue", quoi="valeurs lues par les conditions", fichiers=fichiers))

    def _where_values(self, description, seen=()) -> str:
        """The rule files a field's values are defined in: those of its lists,
        or for values `selon` another field, that field's (an option: specialites.yaml)."""
        files = {}
        for source in description.get("valeurs", []):
            if not isinstance(source, dict):
                continue
            if "selon" in source and source["selon"] in self.profile_fields and source["selon"] not in seen:
                files.update(
                    dict.fromkeys(self._where_values(self.profile_fields[source["selon"]], (*seen, description.get("id"))).split(", "))
                )
            elif isinstance(source.get("liste"), str):
                files[f"{source['liste'].partition('.')[0]}.yaml"] = None
        return ", ".join(files) or "profil.yaml"

    def report(self, stem, path, code, **values):
        self.errors.append(self.files[stem].error(path, texte(code, **values)))

    def reference(self, stem, path, value, allowed, quoi, lieu=None):
        if value not in allowed:
            self.report(stem, path, "ref_inconnue", quoi=quoi, valeur=value, proposition=proposal(value, allowed, lieu or WHERE[quoi]))

    def run(self) -> list:
        for name, quoi, needs in CHECKS:
            if any(stem not in self.data for stem in needs):
                continue  # a file it needs could not be read: said once, for that file
            self.current = (quoi, needs)
            with self.damage_stops(needs):
                getattr(self, name)()
        self.interrupted = list(dict.fromkeys(self.interrupted))
        return self.errors

    @contextlib.contextmanager
    def damage_stops(self, needs):
        """What trips over a damaged file stops here, with a remark; a checker bug still raises."""
        try:
            yield
        except DAMAGE:
            involved = sorted(set(needs) & self.damaged) or sorted(self.damaged)
            if not involved:
                raise
            fichiers = ", ".join(f"{stem}.yaml" for stem in involved)
            self.interrupted.append(texte("verification_interrompue", quoi=self.current[0], fichiers=fichiers))

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
                if is_source_list(path):
                    for index, item in enumerate(value if isinstance(value, list) else []):
                        if isinstance(item, dict) and "texte" in item:
                            self.reference(stem, path + (index, "texte"), item["texte"], texts, "texte")

    def unverified_marks(self):
        """`a_verifier: {texte, verifier_dans}` names two texts of textes.yaml."""
        texts = _ids(self.data["textes"]["textes"])
        for stem, loaded in self.files.items():
            for path, value in walk(loaded.data):
                if path and path[-1] == "a_verifier" and isinstance(value, dict):
                    for key in ("texte", "verifier_dans"):
                        if key in value:
                            self.reference(stem, path + (key,), value[key], texts, "texte")

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
                self.report(
                    "calendrier",
                    ("echeances", index, "date"),
                    "date_hors_annee",
                    valeur=echeance["date"],
                    debut=year["debut"],
                    fin=year["fin"],
                )

    def time_zone(self):
        zone = self.data["edition"].get("fuseau_horaire")
        if zone is None or timezone.is_known(zone):
            return
        proches = timezone.suggestions(zone)
        if proches:
            self.report("edition", ("fuseau_horaire",), "fuseau_inconnu", valeur=zone, proches=" ou ".join(f"« {p} »" for p in proches))
        else:
            self.report("edition", ("fuseau_horaire",), "fuseau_inconnu_sans_proche", valeur=zone)

    def pieces(self):
        pieces = self.data["pieces"]
        echeances = _ids(self.data["calendrier"]["echeances"])
        notes = _ids(pieces["notes"])
        for index, piece in enumerate(pieces["pieces"]):
            with self.damage_stops(("pieces",)):  # one damaged piece does not keep the others from being checked
                self.piece(index, piece, echeances, notes)

    def piece(self, index, piece, echeances, notes):
        self.reference("pieces", ("pieces", index, "echeance"), piece["echeance"], echeances, "échéance")
        for n, note in enumerate(piece.get("notes", [])):
            self.reference("pieces", ("pieces", index, "notes", n), note, notes, "note")
        self.condition("pieces", ("pieces", index, "condition"), piece["condition"])
        for n, cas in enumerate(piece.get("echeance_selon", [])):
            self.reference("pieces", ("pieces", index, "echeance_selon", n, "echeance"), cas["echeance"], echeances, "échéance")
            self.condition("pieces", ("pieces", index, "echeance_selon", n, "condition"), cas["condition"])

    def condition(self, stem, path, node, before=None, columns=None, owner=None):
        """Fields and values of a condition exist; `before`: the fields it may read."""
        if not self.profile_fields:
            return  # profil.yaml could not be read: said once, for that file
        readable = self.order if before is None else before
        for leaf_path, field, _, _ in conditions.leaves(node):
            if field.startswith("ligne.") and columns is not None:
                if field.removeprefix("ligne.") not in columns:
                    self.report(
                        stem,
                        path + leaf_path + ("champ",),
                        "colonne_inconnue",
                        valeur=field.removeprefix("ligne."),
                        champ=path[1] if len(path) > 1 else "",
                        proposition=proposal(field.removeprefix("ligne."), columns, "« colonnes » du tableau"),
                    )
            elif field not in self.profile_fields:
                self.reference(stem, path + leaf_path + ("champ",), field, list(self.profile_fields), "champ du profil")
            elif field not in readable:
                self.report(stem, path + leaf_path + ("champ",), "champ_lu_trop_tot", lu=field, champ=owner)
        for value_path, field, value in conditions.operand_values(node):
            allowed = self.domains.get(field)
            if allowed is not None and value not in allowed:
                self.report(
                    stem,
                    path + value_path,
                    "condition_valeur",
                    valeur=show(value),
                    champ=field,
                    proposition=proposal(value, allowed, self.value_lists.get(field, "profil.yaml")),
                )

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
                    self.reference(
                        "reglementation", ("formes", index, key, n), categorie, _ids(self.data["categories"]["categories"]), "catégorie"
                    )
        minimums = self.data["reglementation"]["benefices"]["note_minimale"]
        for forme in minimums:
            self.reference(
                "reglementation",
                ("benefices", "note_minimale", forme),
                forme,
                _ids(self.data["reglementation"]["formes"]),
                "forme de passage",
            )

    def optional_exams(self):
        communes = set(_ids(self.data["reglementation"]["epreuves_facultatives"]["communes"]))
        for index, specialite in enumerate(self.data["specialites"]["specialites"]):
            for n, epreuve in enumerate(specialite.get("epreuves_facultatives", [])):
                if epreuve["id"] in communes:
                    self.report(
                        "specialites",
                        ("specialites", index, "epreuves_facultatives", n, "id"),
                        "id_double",
                        id=epreuve["id"],
                        ligne=self.files["reglementation"].position(("epreuves_facultatives", "communes"))[0],
                    )

    def profile(self):
        for index, champ in enumerate(self.data["profil"]["champs"]):
            with self.damage_stops(("profil",)):  # one damaged field does not keep the others from being checked
                self.champ(index, champ)

    def champ(self, index, champ):
        at = ("champs", index)
        before, with_self = self.order[:index], self.order[: index + 1]
        for n, source in enumerate(champ.get("valeurs", [])):
            if "selon" in source and source["selon"] not in before:
                self.report("profil", at + ("valeurs", n, "selon"), "champ_lu_trop_tot", lu=source["selon"], champ=champ["id"])
            elif "selon" not in source and not isinstance(lookup(self.champs_bundle, source["liste"]), list):
                self.report("profil", at + ("valeurs", n, "liste"), "liste_introuvable", chemin=source["liste"])
        if "defaut" in champ and champ["id"] in self.domains:
            lieu = self.value_lists.get(champ["id"], "profil.yaml")
            self.reference("profil", at + ("defaut",), champ["defaut"], self.domains[champ["id"]], "valeur", lieu)
        for key in ("visible_si", "requis_si"):
            if key in champ:
                self.condition("profil", at + (key,), champ[key], before=before, owner=champ["id"])
        for n, aide in enumerate(champ.get("aide", [])):
            if "si" in aide:
                self.condition("profil", at + ("aide", n, "si"), aide["si"], before=before, owner=champ["id"])
        for n, controle in enumerate(champ.get("controles", [])):
            self.condition("profil", at + ("controles", n, "erreur_si"), controle["erreur_si"], before=with_self, owner=champ["id"])
        columns = [c["id"] for c in champ.get("colonnes", [])]
        for n, controle in enumerate(champ.get("controles_ligne", [])):
            self.condition(
                "profil",
                at + ("controles_ligne", n, "erreur_si"),
                controle["erreur_si"],
                before=before,
                columns=columns,
                owner=champ["id"],
            )
        if "unique" in champ and champ["unique"] not in columns:
            self.report(
                "profil",
                at + ("unique",),
                "colonne_inconnue",
                valeur=champ["unique"],
                champ=champ["id"],
                proposition=proposal(champ["unique"], columns, "« colonnes » du tableau"),
            )

    def forms_documents(self):
        for stem in ("fiche", "attestation"):
            data = self.data[stem]
            lists = list(data.get("listes", {}))
            for path, value in walk(data):
                if not isinstance(value, dict) or "type" not in value:
                    continue
                if "liste" in value:
                    self.reference(stem, path + ("liste",), value["liste"], lists, "liste", f"{stem}.yaml, « listes »")
                if "profil" in value and path[-2:-1] == ("champs",):
                    self.reference(stem, path + ("profil",), value["profil"], list(self.profile_fields), "champ du profil")
                if "profil_valeurs" in value and value["profil_valeurs"] != "langue_vivante_obligatoire":
                    self.reference(stem, path + ("profil_valeurs",), value["profil_valeurs"], list(self.profile_fields), "champ du profil")

    def attestation_note(self):
        if "presentation" in self.data["attestation"]:
            self.reference(
                "attestation", ("presentation",), self.data["attestation"]["presentation"], _ids(self.data["pieces"]["notes"]), "note"
            )

    def cyclades(self):
        cyclades = self.data["cyclades"]
        acteurs = _ids(cyclades["acteurs"])
        for index, etape in enumerate(cyclades["etapes"]):
            self.reference("cyclades", ("etapes", index, "acteur"), etape["acteur"], acteurs, "acteur")


def check(files: dict, resolved: dict, damaged=()) -> tuple:
    """([RuleError], [remarks]): the cross-reference errors, and the checks a
    damaged file interrupted."""
    checker = CrossChecker(files, resolved, damaged)
    return checker.run(), checker.interrupted
