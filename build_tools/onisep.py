"""Generate rules/<year>/specialites.yaml from the ONISEP export of BTS specialties.

Usage: python -m build_tools.onisep CSV OUT_YAML

The CSV has one row per specialty, or per specialty + option. When OUT_YAML
already exists, keys added by hand to a specialty or option (for example
`epreuves_facultatives`) and the file's top-level keys other than
`specialites` are kept. OUT_YAML is read with the rules' strict loader: a
duplicate key or a YAML error stops the import with French file:line messages.
"""

import csv
import os
import re
import sys
import unicodedata
import warnings

import yaml

from build_tools.messages import texte
from build_tools.yaml_strict import RuleError, load_text

HEADER = (
    "# Produit depuis data/onisep/bts_specialites_onisep.csv par `python -m build_tools.onisep` ;"
    " les clés ajoutées à la main sont gardées à chaque nouvel import.\n"
)
DEFAULT_TOP = {
    "credit": "Liste des spécialités : ONISEP – Idéo, données ouvertes sous licence ODbL 1.0 (export du 21 octobre 2025)",
    "licence": "ODbL-1.0",
    "source": [{"texte": "onisep_ideo"}],
}
# Values of these keys are identifiers and are written unquoted.
PLAIN_KEYS = {"id", "texte"}


def slug(text):
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def capitalise(text):
    return text[:1].upper() + text[1:]


def _codes(row):
    """code_bcn, code_rncp, ideo, referentiel of a CSV row; empty ones omitted."""
    codes = {
        "code_bcn": row["code_formation_diplome_bcn"].strip(),
        "code_rncp": row["code_rncp"].strip(),
        "ideo": row["ideo_id"].strip(),
        "referentiel": row["referentiel_url"].strip(),
    }
    return {k: v for k, v in codes.items() if v}


def _common_prefix(token_lists):
    prefix = token_lists[0]
    for tokens in token_lists[1:]:
        n = 0
        while n < min(len(prefix), len(tokens)) and prefix[n] == tokens[n]:
            n += 1
        prefix = prefix[:n]
    return prefix


def _build_specialty(name, rows):
    """rows: list of (option_label or None, csv row)."""
    spec = {"id": slug(name), "libelle": capitalise(name)}
    if rows[0][0] is None:
        if len(rows) > 1:
            raise ValueError(f"several rows for specialty without option: {name!r}")
        row = rows[0][1]
        if row["sigle"].strip():
            spec["sigle"] = row["sigle"].strip()
        spec.update(_codes(row))
        return spec
    if any(label is None for label, _ in rows):
        raise ValueError(f"specialty {name!r} has rows with and without option")

    # Sigles are compared token by token: "MS SP", "MS SEF" -> "MS" + "SP"/"SEF".
    sigles = [row["sigle"].split() for _, row in rows]
    prefix = _common_prefix(sigles) if all(sigles) else []
    if prefix:
        spec["sigle"] = " ".join(prefix)
    rncps = {row["code_rncp"].strip() for _, row in rows}
    if len(rncps) == 1 and "" not in rncps:
        spec["code_rncp"] = rncps.pop()

    options = []
    for (label, row), tokens in zip(rows, sigles):
        match = re.fullmatch(r"([A-Z]) (.+)", label)
        if match:
            opt = {"id": match.group(1), "libelle": capitalise(match.group(2))}
        else:
            opt = {"id": slug(label), "libelle": capitalise(label)}
        rest = " ".join(tokens[len(prefix) :])
        if rest:
            opt["sigle"] = rest
        opt.update(_codes(row))
        options.append(opt)
    options.sort(key=lambda o: o["id"])
    spec["options"] = options
    return spec


def read_specialites(csv_path):
    groups = {}  # specialty name -> [(option label or None, row)], in CSV order
    with open(csv_path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            intitule = " ".join(row["intitule"].split())
            if not intitule.startswith("BTS "):
                raise ValueError(f"unexpected intitule: {intitule!r}")
            name, sep, option = intitule[len("BTS ") :].partition(" option ")
            groups.setdefault(name, []).append((option if sep else None, row))
    specs = [_build_specialty(name, rows) for name, rows in groups.items()]
    ids = [s["id"] for s in specs]
    if len(set(ids)) != len(ids):
        raise ValueError("two specialties have the same id")
    return sorted(specs, key=lambda s: s["id"])


def _merge(new, old):
    """Add to `new` the keys of `old` that `new` lacks (entries matched by id)."""
    for key, value in old.items():
        if key not in new:
            new[key] = value
    if "options" in new and "options" in old:
        old_options = {o["id"]: o for o in old["options"]}
        for opt in new["options"]:
            _merge(opt, old_options.pop(opt["id"], {}))
        for opt_id in old_options:
            warnings.warn(f"option {new['id']}/{opt_id} is no longer in the CSV: dropped", stacklevel=2)


class ImportRefuse(Exception):
    """The existing rule file cannot be read; the message lists its errors (file:line:column)."""

    def __init__(self, errors):
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


def _read_existing(text, fichier):
    """The existing file's data, read like every rule file; raises ImportRefuse."""
    loaded, errors = load_text(text, fichier)
    if [e.message for e in errors] == [texte("yaml_vide")]:  # only comments: as if absent
        return {}
    if not errors and not isinstance(loaded.data, dict):
        errors = [RuleError(fichier, 1, 1, "le fichier doit être un objet YAML (des clés et leurs valeurs)")]
    if errors:
        raise ImportRefuse(errors)
    return loaded.data


class _Quoted(str):
    pass


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # Indent list items under their key ("source:\n  - texte: ...").
        return super().increase_indent(flow, False)


_Dumper.add_representer(_Quoted, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style='"'))


def _quote_values(node, key=None):
    """Mark every string value (not keys, not identifiers) for double quoting."""
    if isinstance(node, dict):
        return {k: _quote_values(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_quote_values(v, key) for v in node]
    if isinstance(node, str) and key not in PLAIN_KEYS:
        return _Quoted(node)
    return node


def import_specialites(csv_path, existing_yaml_text=None, fichier="specialites.yaml"):
    """The new file's text; `fichier` names the existing file in error messages."""
    specs = read_specialites(csv_path)
    top = dict(DEFAULT_TOP)
    if existing_yaml_text:
        old = _read_existing(existing_yaml_text, fichier)
        old_specs = {s["id"]: s for s in old.get("specialites") or []}
        for spec in specs:
            _merge(spec, old_specs.pop(spec["id"], {}))
        for spec_id in old_specs:
            warnings.warn(f"specialty {spec_id} is no longer in the CSV: dropped", stacklevel=2)
        top = {k: v for k, v in old.items() if k != "specialites"}
    top["specialites"] = specs
    body = yaml.dump(
        _quote_values(top),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )
    return HEADER + body


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m build_tools.onisep CSV OUT_YAML", file=sys.stderr)
        return 2
    csv_path, out_path = argv
    existing = None
    if os.path.exists(out_path):
        with open(out_path, encoding="utf-8") as f:
            existing = f.read()
    try:
        text = import_specialites(csv_path, existing, out_path)
    except ImportRefuse as exc:
        print(exc, file=sys.stderr)
        print(f"Import refusé : corrigez {out_path} puis relancez l'import.", file=sys.stderr)
        return 1
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    data = load_text(text, out_path)[0].data["specialites"]
    n_opts = sum(len(s.get("options", [])) for s in data)
    print(f"{out_path}: {len(data)} specialties, {n_opts} options")
    return 0


if __name__ == "__main__":
    sys.exit(main())
