"""Command line of the rule tools, for the academy staff and the build.

python -m build_tools validate rules/2026        (or --edition 2026)
python -m build_tools nouvelle-edition 2027
python -m build_tools diff 2026 2027 [--json]
python -m build_tools site [--publication] [--sortie site]
python -m build_tools rapport 2027 [--sortie rapport-2027.html]
"""

import json
import sys
from pathlib import Path

from bts_inscription.cli import FrenchParser
from bts_inscription.editions import EditionError, choose, rules_root
from build_tools.compiler import compile_edition


def _edition_folder(args) -> Path:
    if args.dossier:
        return Path(args.dossier)
    root = rules_root()
    return root / choose(root, args.edition)


def _count(nombre: int, singulier: str, pluriel: str) -> str:
    """1 erreur, 3 erreurs: French puts 0 and 1 in the singular."""
    return f"{nombre} {singulier if nombre <= 1 else pluriel}"


def validate(args) -> int:
    """Every error of every file and stage in one run, then what could not be checked."""
    compilation = compile_edition(_edition_folder(args))
    for message in compilation.erreurs + compilation.avertissements:
        print(message)
    for remark in compilation.remarques:
        print(f"Remarque : {remark}.")
    if compilation.erreurs:
        print(f"{_count(len(compilation.erreurs), 'erreur', 'erreurs')} : règles non valides.", file=sys.stderr)
        return 1
    bundle = compilation.bundle
    summary = f"Édition {bundle['edition']} valide ({len(bundle['pieces']['pieces'])} pièces, {len(bundle['specialites']['specialites'])} spécialités)"
    if compilation.avertissements:
        summary += f", {_count(len(compilation.avertissements), 'valeur', 'valeurs')} à confirmer avant publication"
    print(summary + ".", file=sys.stderr)
    return 0


def compile_command(args) -> int:
    compilation = compile_edition(_edition_folder(args))
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


def new_edition(args) -> int:
    from build_tools.new_edition import EditionExists, create_edition

    root = rules_root()
    source = choose(root)
    if not args.annee.isdigit() or len(args.annee) != 4 or args.annee <= source:
        print(f"Erreur : l'année doit suivre la dernière édition ({source}), par exemple {int(source) + 1}.", file=sys.stderr)
        return 2
    try:
        created = create_edition(root, args.annee, source)
    except EditionExists as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    print(f"Édition {args.annee} créée dans {created.folder} à partir de l'édition {source}.")
    to_confirm = _count(len(created.to_confirm), "valeur", "valeurs")
    print(f"{to_confirm} à vérifier avant publication, listées dans « a_confirmer » (edition.yaml) :")
    print(f"- {_count(len(created.shifted), 'date décalée', 'dates décalées')} d'un an :")
    for path in created.shifted:
        print(f"  - {path}")
    print(f"- les nouveautés, remises à « à confirmer » : rédigez celles de l'édition {args.annee} dans nouveautes.yaml ;")
    for note, title, places in created.citations:
        print(
            f"- {_count(len(places), 'source cite', 'sources citent')} encore « {title} » ({note}), le document de l'édition {source} ; "
            f"citez celui de l'édition {args.annee} (à ajouter dans textes.yaml) :"
        )
        for place in places:
            print(f"  - {place.lieu} ({place.chemin})")
    if created.mentions:
        print(f"- {_count(len(created.mentions), 'texte nomme', 'textes nomment')} encore la session {source} ou ses dates (à relire) :")
        for place in created.mentions:
            print(f"  - {place.lieu} ({place.chemin}) : « {place.texte} »")
    if (created.folder / "cas").is_dir():
        print("Cas de test (cas/) recopiés, avec leurs dates et les sessions des bénéfices décalées d'un an.")
    print(f"Ensuite : python -m build_tools validate {created.folder}")
    return 0


def diff_command(args) -> int:
    from build_tools.diff import diff_bundles

    root = rules_root()
    bundles = []
    for edition in (args.avant, args.apres):
        compilation = compile_edition(root / choose(root, edition), check_coverage=False)
        if not compilation.ok:
            print(
                f"Erreur : l'édition {edition} n'est pas valide ; lancez « python -m build_tools validate --edition {edition} ».",
                file=sys.stderr,
            )
            return 2
        bundles.append(compilation.bundle)
    changes = diff_bundles(*bundles)
    if args.json:
        print(json.dumps({"avant": args.avant, "apres": args.apres, "changements": changes}, ensure_ascii=False, indent=2))
    else:
        print(f"Changements de l'édition {args.avant} à l'édition {args.apres} : {len(changes)}")
        for change in changes:
            print(f"- {change['message']}")
    return 0


def site_command(args) -> int:
    from build_tools.site.build import BuildError, OutputError, build_site

    try:
        destination = build_site(Path(args.sortie), publication=args.publication)
    except OutputError as exc:  # the place given, not the rules: a usage error
        print(f"Erreur : --sortie : {exc}", file=sys.stderr)
        return 2
    except BuildError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 1
    print(f"Site construit dans {destination}", file=sys.stderr)
    return 0


def report_command(args) -> int:
    from build_tools.report import summary, write_report

    report, path = write_report(choose(rules_root(), args.edition), args.sortie)
    print(summary(report, path), file=sys.stderr)
    return 1 if report.erreurs else 0


def main(argv=None) -> int:
    parser = FrenchParser(prog="python -m build_tools", description="Outils des règles BTS")
    commands = parser.add_subparsers(dest="commande", required=True)
    for name, run, help_text in (
        ("validate", validate, "vérifie une édition et liste toutes les erreurs"),
        ("compile", compile_command, "compile une édition en un paquet JSON"),
    ):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("dossier", nargs="?", help="dossier de l'édition, par exemple rules/2026")
        command.add_argument("--edition", help="édition à utiliser (par défaut la plus récente)")
        command.set_defaults(run=run)
        if name == "compile":
            command.add_argument("--sortie", default="-", help="fichier JSON à écrire (- : sortie standard)")
    new = commands.add_parser("nouvelle-edition", help="prépare l'édition suivante à partir de la plus récente")
    new.add_argument("annee", help="année de la nouvelle édition, par exemple 2027")
    new.set_defaults(run=new_edition)
    diff = commands.add_parser("diff", help="liste en français ce qui change entre deux éditions")
    diff.add_argument("avant")
    diff.add_argument("apres")
    diff.add_argument("--json", action="store_true", help="sortie JSON")
    diff.set_defaults(run=diff_command)
    site = commands.add_parser("site", help="construit le site (atomique : le site précédent reste en place en cas d'échec)")
    site.add_argument("--sortie", default="site", help="dossier du site construit")
    site.add_argument("--publication", action="store_true", help="refuse toute valeur encore à confirmer")
    site.set_defaults(run=site_command)
    report = commands.add_parser(
        "rapport", help="écrit le rapport de publication (page HTML à lire avant de publier) ; code 1 si l'édition a des erreurs"
    )
    report.add_argument("edition", nargs="?", help="édition, par exemple 2027 (par défaut la plus récente)")
    report.add_argument("--sortie", help="fichier HTML à écrire (par défaut rapport-<édition>.html dans le dossier courant)")
    report.set_defaults(run=report_command)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except EditionError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
