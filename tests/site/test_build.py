"""A failed build leaves the previous site exactly as it was, and no staging
folder, even when it crashes or is killed; a place the site cannot go is
refused at once, in one French line."""

import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from markupsafe import Markup

from build_tools.paths import ROOT
from build_tools.site import escaping
from build_tools.site.build import BuildError, build_site


def snapshot(site) -> tuple:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*")), (site / "index.html").read_bytes()


def test_broken_rules_keep_the_previous_site(rules_copy, tmp_path):
    site = build_site(tmp_path / "site")
    before = snapshot(site)

    with open(rules_copy / "calendrier.yaml", "a", encoding="utf-8") as calendar:
        calendar.write("  - id: [\n")
    with pytest.raises(BuildError):
        build_site(site)

    assert snapshot(site) == before, "le site précédent a été modifié par la construction ratée"
    leftovers = sorted(p.name for p in site.parent.glob(".*-construction-*"))
    assert not leftovers, f"dossiers de construction laissés : {leftovers}"


def test_an_inline_script_from_a_rule_fails_the_build_and_keeps_the_previous_site(rules_copy, tmp_path):
    """A rule's text escaped too late (here: not at all) puts a script in the pages: the
    policy step refuses it, naming the pages, and the previous site stays."""
    site = build_site(tmp_path / "site")
    before = snapshot(site)
    edition = rules_copy / "edition.yaml"
    edition.write_text(
        edition.read_text(encoding="utf-8").replace('designation: "', 'designation: "<script>alert(1)</script>'), encoding="utf-8"
    )
    unescaped = lambda value: value if hasattr(value, "__html__") else Markup(str(value))
    with mock.patch.object(escaping, "text", unescaped), pytest.raises(BuildError) as refused:
        build_site(site)
    message = str(refused.value)
    assert message.startswith("Construction du site impossible ; le site précédent est conservé.\n")
    assert message.splitlines()[1:] == [
        "3 scripts en ligne inconnus dans 3 pages : seuls ceux des gabarits du site et de Material sont permis"
        " (un texte des règles contient-il du HTML ?)",
        "  - fiche/index.html : « alert(1) »",
        "  - index.html : « alert(1) »",
        "  - mentions-legales/index.html : « alert(1) »",
    ]
    assert snapshot(site) == before
    assert not list(site.parent.glob(".*-construction-*"))


# ---------- the staging folder, on a build whose editions are a single page ----------

PAGE = '<!doctype html>\n<html lang="fr"><head>\n<meta charset="utf-8">\n<title>t</title>\n</head><body></body></html>\n'


def one_page_build(site, config_file, bundles, scratch):
    site.mkdir(parents=True)
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (scratch / "roue").mkdir()


def staging_folders(destination) -> list:
    return sorted(p.name for p in destination.parent.glob(f".{destination.name}-construction-*"))


@pytest.mark.parametrize("crash", [KeyboardInterrupt, MemoryError, RuntimeError])
def test_a_crash_removes_the_staging_folder(rules_copy, tmp_path, crash):
    def crashing_build(site, config_file, bundles, scratch):
        one_page_build(site, config_file, bundles, scratch)
        raise crash("arrêt brutal")

    with mock.patch("build_tools.site.build._build_editions", crashing_build), pytest.raises((crash, BuildError)):
        build_site(tmp_path / "site")
    assert staging_folders(tmp_path / "site") == []
    assert not (tmp_path / "site").exists()


def test_the_next_build_removes_what_a_killed_build_left(rules_copy, tmp_path):
    destination = tmp_path / "site"
    environment = {**os.environ, "BTS_INSCRIPTION_REGLES": str(rules_copy.parent)}
    build = subprocess.Popen([sys.executable, "-m", "build_tools", "site", "--sortie", str(destination)], cwd=ROOT, env=environment)
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob(".site-construction-*/site")) and time.monotonic() < deadline and build.poll() is None:
            time.sleep(0.05)
    finally:
        build.kill()
        build.wait()
    [killed] = staging_folders(destination)
    running = tmp_path / f".site-construction-{os.getpid()}-en-cours"  # a build of a live process
    running.mkdir()
    with mock.patch("build_tools.site.build._build_editions", one_page_build):
        build_site(destination)
    assert staging_folders(destination) == [running.name], f"{killed} devait disparaître, {running.name} rester"
    assert (destination / "index.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_a_site_moved_aside_by_a_killed_build_comes_back(rules_copy, tmp_path):
    destination = tmp_path / "site"
    aside = tmp_path / ".site-ancien"
    aside.mkdir()
    (aside / "_headers").write_text("/*\n", encoding="utf-8")

    def failing_build(site, config_file, bundles, scratch):
        raise RuntimeError("règle cassée")

    with mock.patch("build_tools.site.build._build_editions", failing_build), pytest.raises(BuildError):
        build_site(destination)
    assert (destination / "_headers").read_text(encoding="utf-8") == "/*\n"
    assert not aside.exists()


# ---------- --sortie: a place the site cannot go ----------


def run_site(sortie) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "site", "--sortie", str(sortie)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_sortie_where_the_site_cannot_go_is_one_french_line_and_exit_2(tmp_path):
    file = tmp_path / "fichier.txt"
    file.write_text("à garder\n", encoding="utf-8")
    folder = tmp_path / "dossier"
    folder.mkdir()
    (folder / "notes.txt").write_text("à garder\n", encoding="utf-8")
    cases = {
        file: f"Erreur : --sortie : « {file} » est un fichier : indiquez un dossier.",
        file / "site": f"Erreur : --sortie : dossier « {file} » impossible à créer : un élément du chemin est un fichier.",
        Path("/sys/sortie/site"): "Erreur : --sortie : dossier « /sys/sortie » impossible à créer : écriture non permise.",
        folder: (
            f"Erreur : --sortie : « {folder} » n'est pas un site construit (pas de fichier _headers) :"
            " indiquez un dossier vide, absent ou un site déjà construit."
        ),
    }
    for sortie, expected in cases.items():
        result = run_site(sortie)
        assert (result.returncode, result.stderr, result.stdout) == (2, expected + "\n", ""), sortie
    assert file.read_text(encoding="utf-8") == "à garder\n"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert not list(tmp_path.glob(".*-construction-*"))
