"""MkDocs hooks: compile the rules and generate every page that states a rule.

Declared in mkdocs.yml (`hooks:`), so one `mkdocs build` builds everything.
The edition built is $BTS_INSCRIPTION_EDITION, or the newest one; an older
edition is an archive sub-site (/2026/...) that shares the root's Pyodide.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from bts_inscription.dates import date_fr
from bts_inscription.editions import choose, editions, rules_root
from build_tools.compiler import compile_edition
from build_tools.diff import diff_bundles
from build_tools.site.ics import calendar_bytes, calendar_name
from build_tools.site.pages import render_pages
from build_tools.site.recherche import SearchConfigError, deferred_search
from build_tools.site import bytecode, modeles, runtime

WIDGET_DIR = ROOT / "site_src" / "widget"
WIDGET_FILES = sorted(p.name for p in WIDGET_DIR.iterdir() if p.is_file()) if WIDGET_DIR.is_dir() else []

_state = {}


def _compile(root, edition, check_coverage=True):
    compilation = compile_edition(root / edition, check_coverage=check_coverage)
    if not compilation.ok:
        raise PluginError(f"Règles de l'édition {edition} non valides :\n" + "\n".join(str(e) for e in compilation.erreurs))
    return compilation.bundle


def _site_editions(edition, newest, published) -> list:
    """The other editions of the site, with their bundle's URL relative to this edition's root."""
    to_site_root = "" if edition == newest else "../"
    return [{"edition": other, "courante": other == newest,
             "regles": f"{to_site_root}{'' if other == newest else other + '/'}regles/{other}.json"}
            for other in published if other != edition]


def on_config(config):
    root = rules_root()
    published = editions(root)
    newest = choose(root)
    edition = choose(root, os.environ.get("BTS_INSCRIPTION_EDITION") or newest)
    bundle = _compile(root, edition)
    _state["bundle"] = bundle
    _state["archive"] = edition != newest
    position = published.index(edition)
    previous = published[position - 1] if position else None
    _state["precedente"] = previous
    _state["changements"] = diff_bundles(_compile(root, previous, False), bundle) if previous else []
    _state["editions"] = _site_editions(edition, newest, published)
    config.extra["edition_courante"] = newest
    config.extra["vers_racine_site"] = "../" if _state["archive"] else ""
    if _state["archive"] and config.site_url:
        config.site_url = config.site_url.rstrip("/") + f"/{edition}/"
    config.site_description = f"Pièces justificatives et règles d'inscription au BTS sur CYCLADES, {bundle['identite']['designation']}"
    config.extra["edition"] = bundle["edition"]
    config.extra["session"] = bundle["session"]
    config.extra["genere_le"] = bundle["genere_le"]
    config.extra["genere_le_fr"] = date_fr(bundle["genere_le"])
    config.extra["empreinte"] = bundle["empreinte"][:12]
    config.extra["credit_specialites"] = bundle["specialites"]["credit"]
    config.extra["calendrier"] = calendar_name(bundle)
    return config


def on_files(files, config):
    bundle = _state["bundle"]
    site = {"archive": _state["archive"], "precedente": _state["precedente"], "changements": _state["changements"],
            "editions_du_site": _state["editions"], "vers_racine_site": config.extra["vers_racine_site"]}
    for path, markdown in render_pages(bundle, site):
        files.append(File.generated(config, path, content=markdown))
    files.append(File.generated(config, calendar_name(bundle), content=calendar_bytes(bundle)))
    files.append(File.generated(config, f"regles/{bundle['edition']}.json",
                                content=json.dumps(bundle, ensure_ascii=False, separators=(",", ":"))))
    for name, content in (("modele-classe.csv", modeles.template_csv(bundle)),
                          ("modele-classe-colonnes.csv", modeles.notes_csv(bundle)),
                          ("modele-classe.xlsx", modeles.template_xlsx(bundle))):
        files.append(File.generated(config, f"outil/classe/{name}", content=content))
    for name in WIDGET_FILES:
        files.append(File.generated(config, f"outil/{name}", abs_src_path=str(WIDGET_DIR / name)))
    if not _state["archive"]:
        _add_runtime(files, config)
    return files


def _add_runtime(files, config):
    """Pyodide and the wheels, served once at the site's root for every edition."""
    try:
        for name, path in runtime.pyodide_files().items():
            files.append(File.generated(config, f"pyodide/{name}", abs_src_path=str(path)))
        _state["work"] = Path(tempfile.mkdtemp(prefix="bts-roue-"))
        engine = runtime.engine_wheel(_state["work"])
        bytecode.add_bytecode(engine)
        wheels = {engine: (["bts_inscription"], [])}
        wheels.update(runtime.third_party_wheels())
    except (runtime.RuntimeError_, OSError, subprocess.CalledProcessError) as exc:
        raise PluginError(f"Environnement d'exécution du navigateur impossible à préparer : {exc}")
    for wheel in wheels:
        files.append(File.generated(config, f"pyodide/{wheel.name}", abs_src_path=str(wheel)))
    files.append(File.generated(config, "pyodide/pyodide-lock.json", content=runtime.lock_file(wheels)))


def on_post_page(output, page, config):
    deferred_worker = (page.meta.get("moteur") or {}).get("recherche")
    if not deferred_worker:
        return output
    try:
        return deferred_search(output, page.url, deferred_worker)
    except SearchConfigError as exc:
        raise PluginError(f"{page.file.src_uri} : {exc}")


def _clean_up():
    work = _state.pop("work", None)
    if work is not None:
        shutil.rmtree(work, ignore_errors=True)


def on_post_build(config):
    _clean_up()


def on_build_error(error):
    _clean_up()
