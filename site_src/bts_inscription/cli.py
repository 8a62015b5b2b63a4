"""Command line: `python -m bts_inscription checklist PROFILE.json [--edition 2026]`."""

import argparse
import json
import sys

from bts_inscription.checklist import checklist
from bts_inscription.editions import EditionError, load_bundle


class FrenchParser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"Erreur : arguments invalides ({message}).", file=sys.stderr)
        sys.exit(2)


def _read_profile(path: str):
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise EditionError(f"Fichier introuvable : {path}")
    except (OSError, UnicodeDecodeError) as exc:
        raise EditionError(f"Fichier illisible : {path} ({exc.__class__.__name__})")
    except json.JSONDecodeError as exc:
        raise EditionError(f"{path} n'est pas du JSON valide (ligne {exc.lineno}, colonne {exc.colno}).")


def run_checklist(args) -> int:
    profile = _read_profile(args.profil)
    bundle = load_bundle(args.edition)
    result = checklist(bundle, profile)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 1 if result["erreurs"] else 0


def main(argv=None) -> int:
    parser = FrenchParser(prog="python -m bts_inscription", description="Pièces justificatives du BTS, candidat par candidat.")
    commands = parser.add_subparsers(dest="commande", required=True)
    one = commands.add_parser("checklist", help="liste des pièces d'un candidat (profil JSON)")
    one.add_argument("profil", help="fichier JSON du profil candidat")
    one.add_argument("--edition", help="édition des règles (par défaut la plus récente)")
    one.set_defaults(run=run_checklist)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except EditionError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
