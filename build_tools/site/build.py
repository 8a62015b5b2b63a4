"""Build the site atomically: into a fresh folder, swapped in only on success.

A failed build (invalid rules, broken template) leaves the previous site/
untouched, and a reader never sees a half-written site.
"""

import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

ROOT = Path(__file__).resolve().parents[2]


class BuildError(Exception):
    pass


def build_site(destination: Path = ROOT / "site", config_file: Path = ROOT / "mkdocs.yml") -> Path:
    destination = Path(destination).resolve()
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}-construction-", dir=destination.parent))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(str(config_file), site_dir=str(staging))
        build(config)
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
