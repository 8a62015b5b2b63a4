"""Command line of the rule tools: `python -m build_tools validate rules/2026`."""

import argparse
import json
import sys
from pathlib import Path

from build_tools.compiler import compile_edition


def validate(args) -> int:
    compilation = compile_edition(Path(args.dossier))
    for message in compilation.erreurs + compilation.avertissements:
        print(message)
    if compilation.erreurs:
        print(f"{len(compilation.erreurs)} erreur(s) : règles non valides.", file=sys.stderr)
        return 1
    print(f"Édition {compilation.bundle['edition']} valide ({len(compilation.bundle['pieces']['pieces'])} pièces, "
          f"{len(compilation.bundle['specialites']['specialites'])} spécialités).", file=sys.stderr)
    return 0


def compile_command(args) -> int:
    compilation = compile_edition(Path(args.dossier))
    for message in compilation.erreurs:
        print(message, file=sys.stderr)
    if not compilation.ok:
        return 1
    text = json.dumps(compilation.bundle, ensure_ascii=False, indent=1)
    if args.sortie == "-":
        print(text)
    else:
        Path(args.sortie).write_text(text + "\n", encoding="utf-8")
    return 0


def site_command(args) -> int:
    from build_tools.site.build import BuildError, build_site

    try:
        destination = build_site(Path(args.sortie))
    except BuildError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(f"Site construit dans {destination}", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description="Outils des règles BTS")
    commands = parser.add_subparsers(dest="commande", required=True)
    check = commands.add_parser("validate", help="vérifie une édition et liste toutes les erreurs")
    check.add_argument("dossier", help="dossier de l'édition, par exemple rules/2026")
    check.set_defaults(run=validate)
    build = commands.add_parser("compile", help="compile une édition en un paquet JSON")
    build.add_argument("dossier")
    build.add_argument("--sortie", default="-", help="fichier JSON à écrire (- : sortie standard)")
    build.set_defaults(run=compile_command)
    site = commands.add_parser("site", help="construit le site (atomique : le site précédent reste en place en cas d'échec)")
    site.add_argument("--sortie", default="site", help="dossier du site construit")
    site.set_defaults(run=site_command)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
