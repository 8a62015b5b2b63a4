"""Say a piece's condition in French, for the pages that state the rules."""


def _quote(values) -> str:
    return ", ".join(f"« {v} »" for v in values)


class Describer:
    def __init__(self, regles):
        self.regles = regles

    def label(self, champ, value) -> str:
        regles = self.regles
        tables = {
            "categorie": regles.categories,
            "specialite": regles.specialites,
            "forme": regles.formes,
            "langue_facultative": regles.langues,
        }
        if champ in tables and value in tables[champ]:
            return tables[champ][value]["libelle"]
        if champ == "epreuves_facultatives":
            for specialite in regles.specialites:
                exam = regles.epreuves_facultatives(specialite).get(value)
                if exam:
                    return exam["libelle"]
        return str(value)

    def leaf(self, node) -> str:
        champ = node["champ"]
        libelle = self.regles.champs[champ]["libelle"]
        if "non_vide" in node:
            return f"{libelle} : au moins une demandée"
        if "contient" in node:
            return f"{libelle} : « {self.label(champ, node['contient'])} » choisie"
        values = [node["egal"]] if "egal" in node else node["dans"]
        if all(isinstance(v, bool) for v in values):
            return f"{libelle} : {'oui' if values[0] else 'non'}"
        labels = [self.label(champ, v) for v in values]
        if champ == "categorie":
            return f"{'catégorie' if len(labels) == 1 else 'catégories'} {_quote(labels)}"
        if champ == "specialite":
            return f"{'spécialité' if len(labels) == 1 else 'spécialités'} {_quote(labels)}"
        if champ == "option":
            return f"{'option' if len(labels) == 1 else 'options'} {', '.join(labels)}"
        return f"{libelle} : {_quote(labels)}"

    def __call__(self, node) -> str:
        if "toujours" in node:
            return "tous les candidats"
        if "champ" in node:
            return self.leaf(node)
        if "tous" in node:
            return " et ".join(self(child) for child in node["tous"])
        if "au_moins_un" in node:
            return " ; ou ".join(self(child) for child in node["au_moins_un"])
        return f"sauf : {self(node['non'])}"
