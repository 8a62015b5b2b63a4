"""Build the site atomically: into a fresh folder, swapped in only on success.

The newest edition of rules/ is published at the site's root, each older one
as a complete sub-site under its year (/2026/...). A failed build (invalid
rules, broken template, a script the site did not write) leaves the
previous site/ untouched, and a reader never sees a half-written site.

The build works in a staging folder next to the destination
(`.site-construction-<pid>-…`), removed when the build ends, however it ends;
a build that was killed leaves one, which the next build removes.
"""

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from bts_inscription.editions import editions, rules_root
from build_tools.compiler import compile_edition
from build_tools.confirmation import publication_refusals
from build_tools.paths import MKDOCS_CONFIG, SITE
from build_tools.site.failure import collected_log, explain
from build_tools.site.finishing import finalize
from build_tools.site.security import HEADERS_FILE, UnknownScript


class BuildError(Exception):
    pass


class OutputError(BuildError):
    """The destination cannot receive the site (a file in the way, no right to write)."""


@contextlib.contextmanager
def _environment(**values):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


PLUGIN = "bts-inscription"


def _compile_all(root: Path, published: list, publication: bool) -> dict:
    """Each edition compiled once for the whole build: {edition: bundle}."""
    compilations = {edition: compile_edition(root / edition) for edition in published}
    errors = [f"Règles de l'édition {e} non valides :\n" + "\n".join(map(str, c.erreurs)) for e, c in compilations.items() if not c.ok]
    if errors:
        raise BuildError("\n".join(errors))
    if publication:
        refusals = [refusal for compilation in compilations.values() for refusal in publication_refusals(compilation)]
        if refusals:
            raise BuildError("Publication refusée : des valeurs restent à confirmer.\n" + "\n".join(map(str, refusals)))
    return {edition: compilation.bundle for edition, compilation in compilations.items()}


def _build_editions(staging: Path, config_file: Path, bundles: dict, scratch: Path):
    published = list(bundles)
    newest = published[-1]
    # The newest first: building an edition cleans its own folder, and the
    # older editions live inside the newest one's.
    for edition in reversed(published):
        site_dir = staging if edition == newest else staging / edition
        with _environment(NO_MKDOCS_2_WARNING="1"):
            config = load_config(str(config_file), site_dir=str(site_dir))
            plugin = config.plugins[PLUGIN]
            plugin.config.edition = edition
            plugin.bundles = dict(bundles)
            plugin.scratch = scratch
            build(config)


_REASONS = {
    errno.ENOTDIR: "un élément du chemin est un fichier",
    errno.EEXIST: "un élément du chemin est un fichier",
    errno.EACCES: "écriture non permise",
    errno.EPERM: "écriture non permise",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOSPC: "disque plein",
    errno.ENOENT: "impossible d'y créer un dossier",
}


def _reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno) or f"erreur du système {errno.errorcode.get(exc.errno, exc.errno)}"


def _check_destination(destination: Path):
    """Refuse, before any work, a destination the site cannot replace: a file, a
    folder that is not a built site (it would be replaced whole), an unwritable place."""
    try:
        if destination.exists() and not destination.is_dir():
            raise OutputError(f"« {destination} » est un fichier : indiquez un dossier.")
        if destination.is_dir() and any(destination.iterdir()) and not (destination / HEADERS_FILE).is_file():
            raise OutputError(
                f"« {destination} » n'est pas un site construit (pas de fichier {HEADERS_FILE}) :"
                " indiquez un dossier vide, absent ou un site déjà construit."
            )
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"dossier « {destination.parent} » impossible à créer : {_reason(exc)}.") from exc


STAGING = "-construction-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _previous(destination: Path) -> Path:
    return destination.with_name(f".{destination.name}-ancien")


def _remove_leftovers(destination: Path):
    """What builds that died left: the site they had moved aside is put back,
    and the staging folders of their gone processes removed (a running build's folder stays)."""
    previous = _previous(destination)
    if previous.is_dir() and not destination.exists():
        previous.rename(destination)
    prefix = f".{destination.name}{STAGING}"
    for folder in destination.parent.glob(prefix + "*"):
        pid = folder.name[len(prefix) :].split("-")[0]
        if not (pid.isdigit() and _pid_alive(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)


def _new_staging(destination: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=f".{destination.name}{STAGING}{os.getpid()}-", dir=destination.parent))
    except OSError as exc:
        raise OutputError(f"dossier « {destination.parent} » : {_reason(exc)}.") from exc


def build_site(destination: Path = SITE, config_file: Path = MKDOCS_CONFIG, publication: bool = False) -> Path:
    destination = Path(destination).resolve()
    _check_destination(destination)
    root = rules_root()
    published = editions(root)
    if not published:
        raise BuildError(f"Aucune édition dans {root}.")
    bundles = _compile_all(root, published, publication)
    _remove_leftovers(destination)
    staging = _new_staging(destination)
    site = staging / "site"
    try:
        try:
            with collected_log() as logged:  # MkDocs logs the plugins' messages: said again if the build fails
                _build_editions(site, config_file, bundles, staging)
                finalize(site)
        except Exception as exc:  # a broken template or rule must not leave a half-built site
            detail = explain(exc, logged, shown=(UnknownScript,))
            raise BuildError(f"Construction du site impossible ; le site précédent est conservé.\n{detail}") from exc
        _swap(site, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return destination


def _swap(site: Path, destination: Path):
    """Put the new site in place of the previous one, which comes back if the new one cannot."""
    previous = _previous(destination)
    shutil.rmtree(previous, ignore_errors=True)
    try:
        if destination.exists():
            destination.rename(previous)
        try:
            site.rename(destination)
        except OSError:
            if previous.exists() and not destination.exists():
                previous.rename(destination)
            raise
    except OSError as exc:
        raise OutputError(f"« {destination} » impossible à remplacer : {_reason(exc)} ; le site précédent est conservé.") from exc
    shutil.rmtree(previous, ignore_errors=True)
