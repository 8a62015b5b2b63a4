"""A failed site build says why, in French: the template and its line, the
page being written, or the plugin's own message; never only MkDocs'
"Aborted with a BuildError!". The previous site stays in place."""

import os
import shutil
from unittest import mock

import pytest

from build_tools.__main__ import main
from build_tools.site import pages, runtime
from build_tools.site.security import HEADERS_FILE
from tests.conftest import RULES

FAILED = "Erreur : Construction du site impossible ; le site précédent est conservé.\n"


@pytest.fixture
def previous_site(tmp_path):
    """A site built before (as far as the build can tell): it must come out of a failed build untouched."""
    site = tmp_path / "site"
    site.mkdir()
    (site / HEADERS_FILE).write_text("/*\n", encoding="utf-8")
    (site / "index.html").write_text("<!doctype html><title>précédent</title>", encoding="utf-8")
    return site


def snapshot(site) -> dict:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build(site, capsys) -> tuple:
    with mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(RULES)}):
        code = main(["site", "--sortie", str(site)])
    return code, capsys.readouterr().err


@pytest.fixture
def templates(tmp_path):
    """A copy of the page templates the build reads instead of the real ones."""
    copy = tmp_path / "modeles"
    shutil.copytree(pages.TEMPLATES, copy)
    with mock.patch.object(pages, "TEMPLATES", copy):
        yield copy


def break_template(templates, name, marker, broken) -> int:
    """Put `broken` before the line starting with `marker`; the number of the broken line."""
    path = templates / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, start=1) if line.startswith(marker))
    lines.insert(number - 1, broken + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return number


def test_an_undefined_name_in_a_template_names_the_template_its_line_and_the_page(previous_site, templates, capsys):
    before = snapshot(previous_site)
    line = break_template(templates, "contacts.md.j2", "# Contacts", "{{ bureau_inconnu.nom }}")
    code, err = build(previous_site, capsys)
    assert code == 1
    assert err == FAILED + f"modèle contacts.md.j2, ligne {line} (page contacts/index.md) : « bureau_inconnu » n'est pas défini\n"
    assert snapshot(previous_site) == before
    assert not list(previous_site.parent.glob(".site-construction-*"))


def test_a_missing_key_of_the_rules_is_said_in_french(previous_site, templates, capsys):
    line = break_template(templates, "contacts.md.j2", "# Contacts", "{{ bundle.contacts.standard }}")
    code, err = build(previous_site, capsys)
    assert code == 1
    assert err == FAILED + (
        f"modèle contacts.md.j2, ligne {line} (page contacts/index.md) : la clé « standard » n'existe pas à cet endroit des règles\n"
    )


def test_a_template_syntax_error_names_the_template_and_its_line(previous_site, templates, capsys):
    line = break_template(templates, "pieces.md.j2", "# ", "{% if %}")
    code, err = build(previous_site, capsys)
    assert code == 1
    assert err.startswith(FAILED + f"modèle pieces.md.j2, ligne {line} : syntaxe du modèle invalide : ")
    assert "Aborted" not in err and "Error" not in err


def test_a_plugin_refusal_gives_the_plugins_own_message(previous_site, capsys):
    """MkDocs turns the plugin's error into "Aborted with a BuildError!"; the officer reads the plugin's reason."""
    before = snapshot(previous_site)
    reason = "Pyodide absent de node_modules (pyodide.js) : lancez scripts/setup (npm ci)."

    def missing():
        raise runtime.RuntimeError_(reason)

    with mock.patch.object(runtime, "pyodide_files", missing):
        code, err = build(previous_site, capsys)
    assert code == 1
    assert err == FAILED + f"Environnement d'exécution du navigateur impossible à préparer : {reason}\n"
    assert snapshot(previous_site) == before
