"""What changes for candidates from one edition to the next: for every test
case of cas/ and for the generated profiles, the pieces and deadlines the
previous rules give (to the same candidate, one session earlier) and those the
new rules give, compared piece by piece. The publication report shows it."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from bts_inscription.checklist import checklist
from bts_inscription.enumeration import distinct_profils
from bts_inscription.printing import recap_lines
from bts_inscription.regles import regles_for
from build_tools.compiler import rule_files
from build_tools.new_edition import CASES
from build_tools.yaml_strict import load_file

# Above this many generated profiles, an evenly spaced (so deterministic) sample is compared.
PROFILES_MAX = 20000
# Profiles quoted as examples of each change seen among the generated ones.
EXAMPLES = 3
# How a piece differs from one edition to the next (row kinds; the template words them).
ADDED, REMOVED, MOVED, SHIFTED, RENAMED, SAME = "ajoutee", "retiree", "deplacee", "decalee", "renommee", "inchangee"
# Order in which changes are listed: what candidates notice most first.
KIND_ORDER = (ADDED, REMOVED, MOVED, SHIFTED, RENAMED, SAME)


@dataclass(frozen=True)
class Ligne:
    """One piece of a checklist, before and after (deadline texts; None: not in that list)."""

    id: str
    libelle: str
    avant: str
    apres: str
    kind: str
    ancien_libelle: str = None


@dataclass
class Situation:
    """A test case: its profile, the compared pieces, and whether this edition still gives what the case expects."""

    nom: str
    origine: str
    profil: list
    lignes: list
    attendu_respecte: bool = True

    @property
    def changed(self) -> bool:
        return any(ligne.kind != SAME for ligne in self.lignes)

    @property
    def only_shifted(self) -> bool:
        return self.changed and all(ligne.kind in (SAME, SHIFTED) and not ligne.ancien_libelle for ligne in self.lignes)

    @property
    def moves(self) -> list:
        """The distinct (before, after) deadline texts of its shifted pieces."""
        return list(dict.fromkeys((ligne.avant, ligne.apres) for ligne in self.lignes if ligne.kind == SHIFTED))


@dataclass
class Changement:
    """One change seen among the generated profiles, how many have it, and a few of them (described)."""

    ligne: Ligne
    nombre: int = 0
    exemples: list = field(default_factory=list)


@dataclass
class CandidateChanges:
    ecart: int  # sessions between the two editions
    cas: list = field(default_factory=list)
    problemes_cas: list = field(default_factory=list)  # unreadable case files
    profils_total: int = 0
    profils_compares: int = 0
    profils_inchanges: int = 0
    changements_profils: list = field(default_factory=list)

    @property
    def cas_modifies(self) -> list:
        return [cas for cas in self.cas if cas.changed and not cas.only_shifted]

    @property
    def cas_decales(self) -> list:
        return [cas for cas in self.cas if cas.only_shifted]

    @property
    def cas_inchanges(self) -> list:
        return [cas for cas in self.cas if not cas.changed]

    @property
    def cas_hors_attendu(self) -> list:
        return [cas for cas in self.cas if not cas.attendu_respecte]


def _add_years(iso: str, years: int) -> str:
    day = datetime.date.fromisoformat(iso)
    try:
        return day.replace(year=day.year + years).isoformat()
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28).isoformat()


def _moment(piece: dict) -> tuple:
    return piece["echeance"], piece.get("heure")


def compare_pieces(avant: list, apres: list, ecart: int) -> list:
    """One Ligne per piece of either checklist: this edition's pieces in its
    order, then the withdrawn ones. A deadline on the same day and time `ecart`
    years later (as `nouvelle-edition` shifts them) is "shifted", any other change "moved"."""
    before = {piece["id"]: piece for piece in avant}
    lignes = []
    for piece in apres:
        old = before.get(piece["id"])
        renamed = old is not None and old["libelle"] != piece["libelle"]
        if old is None:
            kind = ADDED
        elif _moment(old) == _moment(piece):
            kind = RENAMED if renamed else SAME
        elif (_add_years(old["echeance"], ecart), old.get("heure")) == _moment(piece):
            kind = SHIFTED
        else:
            kind = MOVED
        lignes.append(
            Ligne(
                piece["id"],
                piece["libelle"],
                old["echeance_texte"] if old else None,
                piece["echeance_texte"],
                kind,
                old["libelle"] if renamed else None,
            )
        )
    kept = {piece["id"] for piece in apres}
    lignes += [Ligne(p["id"], p["libelle"], p["echeance_texte"], None, REMOVED) for p in avant if p["id"] not in kept]
    return lignes


# --- the same candidate, one session earlier ---------------------------------


def _follows_session(old: dict, new: dict, ecart: int) -> bool:
    """An integer answer whose bounds move with the session (a bénéfice's session)."""
    return (
        ecart != 0
        and new.get("type") == "entier"
        and any(
            type(old.get(bound)) is int and type(new.get(bound)) is int and new[bound] - old[bound] == ecart
            for bound in ("au_moins", "au_plus")
        )
    )


def session_answers(old_bundle: dict, new_bundle: dict) -> dict:
    """{field id: None (the answer itself) or [column ids]}: the answers that name
    a session, found as the integers whose bounds move by as many years as the session."""
    ecart = new_bundle["session"] - old_bundle["session"]
    old_champs = {champ["id"]: champ for champ in old_bundle["profil"]["champs"]}
    found = {}
    for champ in new_bundle["profil"]["champs"]:
        old = old_champs.get(champ["id"])
        if old is None:
            continue
        if _follows_session(old, champ, ecart):
            found[champ["id"]] = None
        old_colonnes = {colonne["id"]: colonne for colonne in old.get("colonnes", [])}
        colonnes = [
            c["id"] for c in champ.get("colonnes", []) if c["id"] in old_colonnes and _follows_session(old_colonnes[c["id"]], c, ecart)
        ]
        if colonnes:
            found[champ["id"]] = colonnes
    return found


def earlier(profil, answers: dict, ecart: int):
    """The profile as the same candidate would have answered it `ecart` sessions earlier."""
    if not isinstance(profil, dict):
        return profil
    aged = dict(profil)
    for champ_id, colonnes in answers.items():
        value = aged.get(champ_id)
        if colonnes is None and type(value) is int:
            aged[champ_id] = value - ecart
        elif colonnes and isinstance(value, list):
            aged[champ_id] = [
                {**row, **{c: row[c] - ecart for c in colonnes if type(row.get(c)) is int}} if isinstance(row, dict) else row
                for row in value
            ]
    return aged


class Comparison:
    """Checklists of the same situations under the previous rules and this edition's."""

    def __init__(self, old_bundle: dict, new_bundle: dict):
        self.old, self.new = old_bundle, new_bundle
        self.ecart = new_bundle["session"] - old_bundle["session"]
        self.answers = session_answers(old_bundle, new_bundle)
        self.regles = regles_for(new_bundle)

    def compare(self, profils: list) -> list:
        """[(this edition's checklist pieces, the compared lines)] of each profile. One
        edition after the other: the engine keeps the indexes of one bundle at a time."""
        after = [checklist(self.new, profil)["pieces"] for profil in profils]
        before = [checklist(self.old, earlier(profil, self.answers, self.ecart))["pieces"] for profil in profils]
        return [(pieces, compare_pieces(old, pieces, self.ecart)) for old, pieces in zip(before, after)]

    def describe(self, profil) -> list:
        """[(field label, answer)] of a profile, as the printed checklists say it."""
        if not isinstance(profil, dict):
            return []
        return [(ligne["libelle"], ligne["texte"]) for ligne in recap_lines(profil, self.regles)]


def load_cases(folder: Path) -> tuple:
    """([(origin 'cas/x.yaml:line', case)], [problem texts]) of an edition's test cases."""
    cases, problems = [], []
    for path in rule_files(folder / CASES):
        name = f"{CASES}/{path.name}"
        loaded, errors = load_file(path, name)
        problems += [str(error) for error in errors]
        items = loaded.data.get("cas") if loaded is not None and not errors and isinstance(loaded.data, dict) else None
        for index, case in enumerate(items if isinstance(items, list) else []):
            if isinstance(case, dict) and "profil" in case:
                cases.append((f"{name}:{loaded.position(('cas', index))[0]}", case))
    return cases, problems


def _sample(profils: list, limit: int) -> list:
    if len(profils) <= limit:
        return profils
    return [profils[index * len(profils) // limit] for index in range(limit)]


def _case_situations(comparison: Comparison, cases: list) -> list:
    situations = []
    for (origine, case), (after, lignes) in zip(cases, comparison.compare([case["profil"] for _, case in cases])):
        expected = case.get("pieces")
        respected = expected is None or {piece["id"]: piece["echeance"] for piece in after} == expected
        situations.append(Situation(str(case.get("nom", origine)), origine, comparison.describe(case["profil"]), lignes, respected))
    return situations


def _profile_changes(comparison: Comparison, profils: list) -> tuple:
    """(unchanged count, [Changement]) over the generated profiles."""
    seen, unchanged = {}, 0
    for profil, (_, lignes) in zip(profils, comparison.compare(profils)):
        changed = [ligne for ligne in lignes if ligne.kind != SAME]
        unchanged += not changed
        for ligne in changed:
            change = seen.setdefault(ligne, Changement(ligne))
            change.nombre += 1
            change.exemples.append(profil)
    ordered = sorted(seen.values(), key=lambda c: (KIND_ORDER.index(c.ligne.kind), -c.nombre, c.ligne.libelle, c.ligne.id))
    for change in ordered:  # examples spread over the profiles concerned, not the first few alike
        change.exemples = [comparison.describe(profil) for profil in _sample(change.exemples, EXAMPLES)]
    return unchanged, ordered


def compare_editions(folder: Path, old_bundle: dict, new_bundle: dict) -> CandidateChanges:
    """The changes for the cases of folder/cas/ and for the generated profiles of the new edition."""
    comparison = Comparison(old_bundle, new_bundle)
    cases, problems = load_cases(folder)
    profils = distinct_profils(new_bundle)
    sample = _sample(profils, PROFILES_MAX)
    unchanged, changes = _profile_changes(comparison, sample)
    return CandidateChanges(comparison.ecart, _case_situations(comparison, cases), problems, len(profils), len(sample), unchanged, changes)
