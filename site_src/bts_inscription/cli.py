"""Command line: `python -m bts_inscription checklist PROFILE.json [--edition 2026]`."""

import argparse
import errno
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from bts_inscription.checklist import checklist
from bts_inscription.classe import InvalidFile, check_rows, matrix_rows
from bts_inscription.editions import EditionError, load_bundle
from bts_inscription.export import matrix_xlsx, spreadsheet_csv
from bts_inscription.limites import en_francais
from bts_inscription.printing import checklists_html
from bts_inscription.reading import read_file


class FrenchParser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"Erreur : arguments invalides ({message}).", file=sys.stderr)
        sys.exit(2)


class _NotJson(ValueError):
    """A text the JSON reader would take that is no JSON value, or that Python cannot hold."""


def _integer(texte: str) -> int:
    # Python refuses to convert longer integers (sys.get_int_max_str_digits): say so before it does.
    limite, chiffres = sys.get_int_max_str_digits(), len(texte.lstrip("-"))
    if limite and chiffres > limite:
        raise _NotJson(f"un nombre y compte {en_francais(chiffres)} chiffres ; au plus {en_francais(limite)}")
    return int(texte)


def _constant(texte: str):
    raise _NotJson(f"« {texte} » n'est pas une valeur JSON")


def _read_profile(path: str):
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return json.load(handle, parse_int=_integer, parse_constant=_constant)
    except FileNotFoundError:
        raise EditionError(f"Fichier introuvable : {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EditionError(f"Fichier illisible : {path} ({exc.__class__.__name__})") from None
    except json.JSONDecodeError as exc:
        raise EditionError(f"{path} n'est pas du JSON valide (ligne {exc.lineno}, colonne {exc.colno}).") from None
    except _NotJson as exc:
        raise EditionError(f"{path} n'est pas un profil lisible : {exc}.") from None
    except RecursionError:
        raise EditionError(f"{path} n'est pas un profil lisible : ses valeurs sont imbriquées trop profondément.") from None


def run_checklist(args) -> int:
    profile = _read_profile(args.profil)
    bundle = load_bundle(args.edition)
    result = checklist(bundle, profile)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 1 if result["erreurs"] else 0


def _plural(nombre: int, mot: str) -> str:
    """1 ligne, 3 lignes: French puts 0 and 1 in the singular."""
    return f"{nombre} {mot}{'s' if nombre > 1 else ''}"


# Why a file or folder cannot be written, by error number.
_RAISONS = {
    errno.EACCES: "accès refusé",
    errno.EPERM: "accès refusé",
    errno.EROFS: "support en lecture seule",
    errno.ENOSPC: "disque plein",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "un élément du chemin est un fichier",
    errno.ENAMETOOLONG: "nom trop long",
}


def _reason(exc: OSError) -> str:
    return _RAISONS.get(exc.errno, exc.__class__.__name__)


def _output_folder(texte: str) -> Path:
    """--sortie: the folder, created if need be; checked before the class is read."""
    sortie = Path(texte)
    try:
        sortie.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise EditionError(f"--sortie {sortie} est un fichier, pas un dossier.") from None
    except NotADirectoryError:
        fichier = next((parent for parent in sortie.parents if parent.exists() and not parent.is_dir()), None)
        raise EditionError(f"--sortie {sortie} : {fichier or 'un élément du chemin'} est un fichier, pas un dossier.") from None
    except OSError as exc:
        raise EditionError(f"--sortie {sortie} : impossible de créer ce dossier ({_reason(exc)}).") from None
    if not os.access(sortie, os.W_OK | os.X_OK):
        raise EditionError(f"--sortie {sortie} : impossible d'écrire dans ce dossier (accès refusé).")
    return sortie


def run_lot(args) -> int:
    sortie = _output_folder(args.sortie)
    try:
        octets = Path(args.classe).read_bytes()
    except FileNotFoundError:
        raise EditionError(f"Fichier introuvable : {args.classe}") from None
    except OSError as exc:
        raise EditionError(f"Fichier illisible : {args.classe} ({exc.__class__.__name__})") from None
    bundle = load_bundle(args.edition)
    try:
        entete, lignes, numeros = read_file(args.classe, octets)
        matrice = check_rows(entete, lignes, bundle, numeros)
    except InvalidFile as exc:
        raise EditionError(f"{args.classe} : {exc}") from None
    (sortie / "pieces.csv").write_bytes(spreadsheet_csv(matrix_rows(matrice)))
    (sortie / "pieces.xlsx").write_bytes(matrix_xlsx(matrice))
    (sortie / "checklists.html").write_text(
        checklists_html(
            matrice,
            bundle,
            adresse=args.adresse,
            classe=args.nom_classe,
            etablissement=args.etablissement,
            avec_a_corriger=args.avec_lignes_a_corriger,
        ),
        encoding="utf-8",
    )
    for remarque in matrice["remarques"]:
        print(f"{args.classe} : {remarque}", file=sys.stderr)
    en_erreur = [c for c in matrice["candidats"] if c["erreurs"]]
    for candidat in en_erreur:
        for erreur in candidat["erreurs"]:
            print(f"{args.classe}:{candidat['ligne']}: {erreur['colonne']} : {erreur['message']}", file=sys.stderr)
    print(
        f"{_plural(len(matrice['candidats']), 'candidat')}, {_plural(len(en_erreur), 'ligne')} à corriger ; "
        f"écrit : {sortie / 'pieces.csv'}, {sortie / 'pieces.xlsx'}, {sortie / 'checklists.html'}",
        file=sys.stderr,
    )
    if en_erreur and not args.avec_lignes_a_corriger:
        print(
            f"checklists.html : {_plural(len(en_erreur), 'ligne')} à corriger sans liste imprimée "
            "(--avec-lignes-a-corriger les imprime, marquées comme incomplètes)",
            file=sys.stderr,
        )
    return 1 if en_erreur else 0


def _absolute_address(texte: str) -> str:
    """--adresse: a printed QR code needs the tool's whole address."""
    adresse = urlsplit(texte)
    if adresse.scheme not in ("http", "https") or not adresse.netloc:
        raise argparse.ArgumentTypeError(f"adresse complète attendue, par exemple https://exemple.fr/outil/ (reçu : {texte})")
    return texte


def main(argv=None) -> int:
    parser = FrenchParser(prog="python -m bts_inscription", description="Pièces justificatives du BTS, candidat par candidat.")
    commands = parser.add_subparsers(dest="commande", required=True)
    one = commands.add_parser("checklist", help="liste des pièces d'un candidat (profil JSON)")
    one.add_argument("profil", help="fichier JSON du profil candidat")
    one.add_argument("--edition", help="édition des règles (par défaut la plus récente)")
    one.set_defaults(run=run_checklist)
    batch = commands.add_parser("lot", help="listes de pièces d'une classe (CSV ou XLSX)")
    batch.add_argument("classe", help="fichier de la classe : CSV (; ou ,) ou XLSX")
    batch.add_argument(
        "--sortie", required=True, help="dossier où écrire pieces.csv, pieces.xlsx (tableau pour tableur) et checklists.html"
    )
    batch.add_argument("--edition", help="édition des règles (par défaut la plus récente)")
    batch.add_argument(
        "--adresse",
        type=_absolute_address,
        help="adresse publiée de l'outil candidat (https://…/outil/) : chaque liste imprimée porte alors un code QR "
        "qui l'ouvre sur les réponses du candidat ou de la candidate ; sans elle, les listes n'ont pas de code QR",
    )
    batch.add_argument("--nom-classe", default="", help="classe imprimée sur chaque liste (facultatif)")
    batch.add_argument("--etablissement", default="", help="établissement imprimé sur chaque liste (facultatif)")
    batch.add_argument(
        "--avec-lignes-a-corriger",
        action="store_true",
        help="imprime aussi les listes des lignes à corriger, marquées comme incomplètes (par défaut, elles ne sont pas imprimées)",
    )
    batch.set_defaults(run=run_lot)
    _never_break_on_output()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except EditionError as exc:
        print(f"Erreur : {_one_line(exc)}", file=sys.stderr)
    except OSError as exc:  # the files given are checked where they are read: this is one being written
        cible = exc.filename or "un fichier"
        print(f"Erreur : impossible d'écrire {cible} ({_reason(exc)}).", file=sys.stderr)
    except Exception as exc:  # the contract: exit 2 and one line, never a traceback
        fichier = getattr(args, "profil", None) or getattr(args, "classe", "")
        detail = " : ".join(filter(None, (exc.__class__.__name__, _one_line(exc))))
        print(f"Erreur interne, signalez-la avec ce fichier ({fichier}) : {detail}", file=sys.stderr)
    return 2


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).splitlines())


def _never_break_on_output():
    """stdout in UTF-8 (the contract); a text that cannot be encoded (a lone surrogate
    such as \\ud800, read from a JSON escape) is written as its escape, which is also
    what JSON reads back, instead of failing."""
    for stream, encoding in ((sys.stdout, "utf-8"), (sys.stderr, None)):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(**({"encoding": encoding} if encoding else {}), errors="backslashreplace")
