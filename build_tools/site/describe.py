"""Say a piece's condition in French, for the pages that state the rules."""

from bts_inscription import conditions


class Describer:
    def __init__(self, regles):
        self.champs = regles.champs

    def field_label(self, champ) -> str:
        return self.champs[champ].libelle if champ in self.champs else champ

    def value_label(self, champ, value) -> str:
        if isinstance(value, bool):
            return "oui" if value else "non"
        item = self.champs[champ].toutes_valeurs().get(value) if champ in self.champs else None
        return item["libelle"] if item else str(value)

    def __call__(self, node) -> str:
        return conditions.describe(node, self.field_label, self.value_label)
