"""The MkDocs plugin that turns one edition's rules into the site's pages.

Declared in mkdocs.yml (`plugins: - bts-inscription`) and registered by the
project's entry point, so one `mkdocs build` builds everything. The edition is
an option of the plugin (the newest one by default); an older edition is an
archive sub-site (/2026/...) that shares the root's Pyodide.

build_tools.site.build compiles each edition once and hands the compiled
bundles to the plugin (`bundles`); run alone, the plugin compiles what it needs.
"""

import html
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File

from bts_inscription.dates import date_fr
from bts_inscription.editions import choose, editions, rules_root
from build_tools.compiler import compile_edition
from build_tools.diff import diff_bundles
from build_tools.paths import WIDGET_DIR
from build_tools.site import bytecode, class_templates, modules, runtime, stdlib
from build_tools.site.escaping import UnsafeValue
from build_tools.site.ics import calendar_bytes, calendar_name
from build_tools.site.pages import render_pages
from build_tools.site.search import SearchConfigError, deferred_search
from build_tools.site.typography import typeset


class BtsInscriptionConfig(Config):
    edition = c.Optional(c.Type(str))


def compile_or_fail(root: Path, edition: str) -> dict:
    compilation = compile_edition(root / edition)
    if not compilation.ok:
        raise PluginError(f"Règles de l'édition {edition} non valides :\n" + "\n".join(str(e) for e in compilation.erreurs))
    return compilation.bundle


def _site_editions(edition, newest, published) -> list:
    """The other editions of the site, with their bundle's URL relative to this edition's root."""
    to_site_root = "" if edition == newest else "../"
    return [
        {
            "edition": other,
            "courante": other == newest,
            "regles": f"{to_site_root}{'' if other == newest else other + '/'}regles/{other}.json",
        }
        for other in published
        if other != edition
    ]


class BtsInscriptionPlugin(BasePlugin[BtsInscriptionConfig]):
    def __init__(self):
        # {edition: compiled bundle}, given by build_tools.site.build, or filled on demand.
        self.bundles = {}
        self.work = None
        # Where the build's own files go (build_tools.site.build: its staging
        # folder, removed even after a crash); the system's temporary folder otherwise.
        self.scratch = None

    def bundle_of(self, root, edition) -> dict:
        if edition not in self.bundles:
            self.bundles[edition] = compile_or_fail(root, edition)
        return self.bundles[edition]

    def on_config(self, config):
        root = rules_root()
        published = editions(root)
        newest = choose(root)
        edition = choose(root, self.config.edition or newest)
        self.bundle = bundle = self.bundle_of(root, edition)
        self.archive = edition != newest
        position = published.index(edition)
        self.precedente = published[position - 1] if position else None
        self.changements = diff_bundles(self.bundle_of(root, self.precedente), bundle) if self.precedente else []
        self.editions = _site_editions(edition, newest, published)
        # Material writes the description into an attribute as it is: it must already be HTML.
        config.site_description = html.escape(
            f"Pièces justificatives et règles d'inscription au BTS sur CYCLADES, {bundle['identite']['designation']}"
        )
        config.extra["edition_courante"] = newest
        config.extra["vers_racine_site"] = "../" if self.archive else ""
        if self.archive and config.site_url:
            config.site_url = config.site_url.rstrip("/") + f"/{edition}/"
        config.extra["edition"] = bundle["edition"]
        config.extra["session"] = bundle["session"]
        config.extra["genere_le"] = bundle["genere_le"]
        config.extra["genere_le_fr"] = date_fr(bundle["genere_le"])
        config.extra["empreinte"] = bundle["empreinte"][:12]
        config.extra["credit_specialites"] = bundle["specialites"]["credit"]
        config.extra["calendrier"] = calendar_name(bundle)
        return config

    def on_files(self, files, config):
        bundle = self.bundle
        site = {
            "archive": self.archive,
            "precedente": self.precedente,
            "changements": self.changements,
            "editions_du_site": self.editions,
            "vers_racine_site": config.extra["vers_racine_site"],
        }
        try:
            pages = render_pages(bundle, site)
        except UnsafeValue as exc:
            raise PluginError(f"Page impossible à écrire : {exc}") from exc
        for path, markdown in pages:
            files.append(File.generated(config, path, content=markdown))
        files.append(File.generated(config, calendar_name(bundle), content=calendar_bytes(bundle)))
        files.append(
            File.generated(
                config, f"regles/{bundle['edition']}.json", content=json.dumps(bundle, ensure_ascii=False, separators=(",", ":"))
            )
        )
        for name, content in (
            ("modele-classe.csv", class_templates.template_csv(bundle)),
            ("modele-classe-colonnes.csv", class_templates.notes_csv(bundle)),
            ("modele-classe.xlsx", class_templates.template_xlsx(bundle)),
        ):
            files.append(File.generated(config, f"outil/classe/{name}", content=content))
        for path in sorted(p for p in WIDGET_DIR.iterdir() if p.is_file()):
            files.append(File.generated(config, f"outil/{path.name}", abs_src_path=str(path)))
        try:
            for name, path in modules.npm_modules().items():
                files.append(File.generated(config, f"outil/{name}", abs_src_path=str(path)))
        except modules.NpmModuleError as exc:
            raise PluginError(f"Modules du navigateur impossibles à préparer : {exc}") from exc
        if not self.archive:
            self._add_runtime(files, config)
        return files

    def _add_runtime(self, files, config):
        """Pyodide and the wheels, served once at the site's root for every edition."""
        try:
            for name, path in runtime.pyodide_files().items():
                files.append(File.generated(config, f"pyodide/{name}", abs_src_path=str(path)))
            self.work = Path(tempfile.mkdtemp(prefix="bts-roue-", dir=self.scratch))
            engine = runtime.engine_wheel(self.work)
            bytecode.add_bytecode(engine)
            wheels = {engine: (["bts_inscription"], [])}
            wheels.update(runtime.third_party_wheels())
            lock = runtime.lock_file(wheels)
            python_stdlib = stdlib.trimmed_stdlib(engine, lock, self.bundles, rules_root())
        except (runtime.RuntimeError_, OSError, subprocess.CalledProcessError) as exc:
            raise PluginError(f"Environnement d'exécution du navigateur impossible à préparer : {exc}") from exc
        for wheel in wheels:
            files.append(File.generated(config, f"pyodide/{wheel.name}", abs_src_path=str(wheel)))
        files.append(File.generated(config, "pyodide/pyodide-lock.json", content=lock))
        files.append(File.generated(config, "pyodide/python_stdlib.zip", abs_src_path=str(python_stdlib)))

    def on_post_page(self, output, page, config):
        output = modules.add_module_preloads(typeset(output))
        if page.meta.get("moteur"):
            output = modules.preload_theme_script(output)
        deferred_worker = (page.meta.get("moteur") or {}).get("recherche")
        if not deferred_worker:
            return output
        try:
            return deferred_search(output, page.url, deferred_worker)
        except SearchConfigError as exc:
            raise PluginError(f"{page.file.src_uri} : {exc}") from exc

    def _clean_up(self):
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)
            self.work = None

    def on_post_build(self, config):
        self._clean_up()

    def on_build_error(self, error):
        self._clean_up()
