"""Where things are in the repository, for the build tools, the bench and the tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
SCHEMA_DIR = RULES / "schema"
SITE_SRC = ROOT / "site_src"
ENGINE_DIR = SITE_SRC / "bts_inscription"
WIDGET_DIR = SITE_SRC / "widget"
OFFLINE_DIR = SITE_SRC / "hors_ligne"
NODE_MODULES = ROOT / "node_modules"
SITE = ROOT / "site"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
