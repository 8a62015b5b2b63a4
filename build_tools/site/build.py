"""Build the site atomically: into a fresh folder, swapped in only on success.

The newest edition of rules/ is published at the site's root, each older one
as a complete sub-site under its year (/2026/...). A failed build (invalid
rules, broken template) leaves the previous site/ untouched, and a reader
never sees a half-written site.
"""

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from bts_inscription.editions import editions, rules_root
from build_tools.compiler import compile_edition
from build_tools.confirmation import publication_refusals
from build_tools.paths import MKDOCS_CONFIG, SITE
from build_tools.site.finishing import finalize


class BuildError(Exception):
    pass


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


def _build_editions(staging: Path, config_file: Path, bundles: dict):
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
            build(config)


def build_site(destination: Path = SITE, config_file: Path = MKDOCS_CONFIG, publication: bool = False) -> Path:
    destination = Path(destination).resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    root = rules_root()
    published = editions(root)
    if not published:
        raise BuildError(f"Aucune édition dans {root}.")
    bundles = _compile_all(root, published, publication)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}-construction-", dir=destination.parent))
    try:
        _build_editions(staging, config_file, bundles)
        finalize(staging)
    except Exception as exc:  # a broken template or rule must not leave a half-built site
        shutil.rmtree(staging, ignore_errors=True)
        detail = str(exc) if isinstance(exc, (MkDocsException, OSError)) else f"{type(exc).__name__} : {exc}"
        raise BuildError(f"Construction du site impossible ; le site précédent est conservé.\n{detail}") from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = destination.with_name(f".{destination.name}-ancien")
    shutil.rmtree(previous, ignore_errors=True)
    if destination.exists():
        destination.rename(previous)
    staging.rename(destination)
    shutil.rmtree(previous, ignore_errors=True)
    return destination
