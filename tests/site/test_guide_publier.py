"""The exam office's guide (/publier/), read and followed as the officer would.

Every shell block of the built page runs, in the page's order, in a copy of the
repository's working tree, with no failure. The edits the guide shows as YAML
blocks are made between its steps 4 and 5, with the guide's own examples where
they are a whole entry (the news, the year's document), so that the
publication build of its step 7 passes. The command that keeps running (the
local server, `data-port`) is started in the background on a free port and
must serve the new edition."""

import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from build_tools.compiler import rule_files
from build_tools.paths import SCHEMA_DIR
from build_tools.site.typography import french_spacing
from tests.conftest import EDITION, ROOT

pytestmark = pytest.mark.construction

OLD = EDITION.name
NEW = str(int(OLD) + 1)
# What the copy shares with the working tree instead of rebuilding it: the
# virtual environment (copied: the guide's install step reinstalls the project
# into it) and the build caches, keyed by content.
COPIED = (".venv", ".cache")


class _GuideReader(HTMLParser):
    """The page's code blocks (<pre><code class="language-…">) in order, and its h2 headings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.headings, self.table = [], [], []
        self._in_pre = False
        self._open = None  # the block or heading being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "pre":
            self._in_pre = True
        elif tag == "code" and self._in_pre:
            language = next((c.removeprefix("language-") for c in (attrs.get("class") or "").split() if c.startswith("language-")), "")
            self._open = {"langue": language, "etape": int(attrs.get("data-etape", 0)), "port": attrs.get("data-port"), "texte": ""}
        elif tag == "h2":
            self._open = {"titre": ""}

    def handle_endtag(self, tag):
        if tag == "pre":
            self._in_pre = False
        elif tag == "code" and self._open is not None and "langue" in self._open:
            self.blocks.append(self._open)
            self._open = None
        elif tag == "h2" and self._open is not None and "titre" in self._open:
            self.headings.append(self._open["titre"].strip())
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["texte" if "texte" in self._open else "titre"] += data


def _read_guide(built_site) -> _GuideReader:
    reader = _GuideReader()
    reader.feed((built_site / "publier" / "index.html").read_text(encoding="utf-8"))
    return reader


@pytest.fixture(scope="module")
def guide(built_site):
    return _read_guide(built_site)


def _shell(guide):
    return [block for block in guide.blocks if block["langue"] == "sh"]


def _yaml(guide):
    return [block for block in guide.blocks if block["langue"] == "yaml"]


# --- The page -------------------------------------------------------------------


def test_the_guide_has_its_seven_steps_in_order(guide):
    numbers = [int(match.group(1)) for heading in guide.headings if (match := re.match(r"Étape (\d+) – \S", heading))]
    assert numbers == list(range(1, 8)), guide.headings


def test_every_command_is_a_block_of_its_own(guide, built_site):
    """No command is written inline (the old page's « sh .venv/bin/python … »):
    every one sits alone in a block, on lines a shell reads as they are."""
    html_text = (built_site / "publier" / "index.html").read_text(encoding="utf-8")
    inline = re.findall(r"<code>([^<]*(?:\.venv/bin/python|scripts/)[^<]*)</code>", html_text)
    assert not inline, inline
    blocks = _shell(guide)
    assert {1, 2, 5, 6, 7} <= {block["etape"] for block in blocks}
    for block in blocks:
        assert block["texte"].strip() and not block["texte"].startswith("sh "), block
        assert "\u00a0" not in block["texte"] and "\u202f" not in block["texte"], block  # typography left the code alone
    assert [block["etape"] for block in guide.blocks] == sorted(block["etape"] for block in guide.blocks)
    assert len([block for block in blocks if block["port"]]) == 1


def test_the_file_table_is_the_editions_files_with_their_schema_titles(built_site):
    """Step 3's table: one row per rule file of the edition (and its test cases), named by its schema."""
    page = (built_site / "publier" / "index.html").read_text(encoding="utf-8")
    start = re.search(r"<h2[^>]*>Étape 3", page).start()
    table = page[start : page.index("<h2", start + 1)]
    rows = re.findall(r"<tr>\s*<td>([^<]+)</td>\s*<td><strong>([^<]+)</strong>", table)
    expected = [path.name for path in rule_files(EDITION)] + ["cas/"]
    assert [name for name, _ in rows] == expected
    for name, title in rows:
        schema = json.loads((SCHEMA_DIR / f"{name.removesuffix('.yaml').rstrip('/')}.schema.json").read_text(encoding="utf-8"))
        assert html.unescape(title) == french_spacing(schema["title"]), name


def test_every_yaml_example_reads_and_comes_from_the_rules(guide, bundle):
    """Each example is valid YAML, and the date and contact shown are the rules' own."""
    examples = [yaml.safe_load(block["texte"]) for block in _yaml(guide)]
    assert len(examples) >= 5
    by_key = {key: example[key] for example in examples for key in example}
    echeance = bundle["calendrier"]["echeances"][0]
    assert by_key["echeances"][0]["date"] == echeance["date"] and by_key["echeances"][0]["id"] == echeance["id"]
    assert by_key["bureau"]["courriel"] == bundle["contacts"]["bureau"]["courriel"]
    assert by_key["facultative"]["offertes"] == bundle["langues"]["facultative"]["offertes"]
    assert by_key["notes"][0]["source"][0]["texte"] == by_key["textes"][0]["id"]


# --- The guide followed ---------------------------------------------------------


def _ignored_patterns() -> list:
    """.gitignore's patterns as (pattern, anchored): what a clone would not have."""
    patterns = []
    for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            pattern = line.rstrip("/")
            patterns.append((pattern.lstrip("/"), "/" in pattern))
    return patterns


def _copy_working_tree(target: Path) -> None:
    patterns = _ignored_patterns()

    def ignore(directory, names):
        here = Path(directory).relative_to(ROOT)
        return {
            name
            for name in names
            if name == ".git" or any(fnmatch((here / name).as_posix(), p) if anchored else fnmatch(name, p) for p, anchored in patterns)
        }

    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    for name in COPIED:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name, symlinks=True)


def _environment() -> dict:
    """The officer's terminal: none of the test run's own settings."""
    return {k: v for k, v in os.environ.items() if k not in ("BTS_INSCRIPTION_REGLES", "VIRTUAL_ENV", "PYTHONPATH")}


def _entry_lines(text: str, entry_id: str) -> tuple:
    """(start, end) line indexes of the list entry `- id: entry_id`."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if re.match(rf"\s*- id: {re.escape(entry_id)}\s*$", line))
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) <= indent), len(lines)
    )
    return start, end


def _body_of(example: str, key: str) -> str:
    """The lines of a guide example under its top-level `key:` line."""
    lines = example.splitlines(keepends=True)
    return "".join(lines[lines.index(f"{key}:\n") + 1 :]).rstrip("\n") + "\n"


def _edit_as_the_officer(folder: Path, guide) -> None:
    """Step 4, done: the year's document described (the guide's textes.yaml example),
    the edition's title updated, the news written (the guide's example), every
    value checked and its `a_confirmer` list removed."""
    examples = {next(iter(yaml.safe_load(block["texte"]))): block["texte"] + "\n" for block in _yaml(guide)}
    document = yaml.safe_load(examples["textes"])["textes"][0]["id"]

    textes = (folder / "textes.yaml").read_text(encoding="utf-8")
    start, end = _entry_lines(textes, document)
    lines = textes.splitlines(keepends=True)
    lines[start:end] = [_body_of(examples["textes"], "textes")]
    (folder / "textes.yaml").write_text("".join(lines), encoding="utf-8")

    news = (folder / "nouveautes.yaml").read_text(encoding="utf-8")
    assert "a_rediger: true\n" in news and "notes: []\n" in news
    news = news.replace("a_rediger: true\n", "").replace("notes: []\n", examples["notes"])
    (folder / "nouveautes.yaml").write_text(news, encoding="utf-8")

    edition = (folder / "edition.yaml").read_text(encoding="utf-8")
    edition = re.sub(r"^(titre: .*)$", lambda m: m.group(1).replace(OLD, NEW), edition, count=1, flags=re.M)
    lines = edition.splitlines(keepends=True)
    first = last = next(i for i, line in enumerate(lines) if line.startswith("a_confirmer:"))
    while first and lines[first - 1].startswith("#"):
        first -= 1
    while last + 1 < len(lines) and (lines[last + 1].startswith((" ", "\t")) or not lines[last + 1].strip()):
        last += 1
    del lines[first : last + 1]
    (folder / "edition.yaml").write_text("".join(lines), encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve_and_check(command: str, port: str, clone: Path, env: dict) -> None:
    """Start the long-running block on a free port; it must serve the new edition at the root."""
    free = _free_port()
    command = re.sub(rf"\b{port}\b", str(free), command)
    server = subprocess.Popen(
        ["sh", "-c", command], cwd=clone, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline, answer = time.monotonic() + 30, None
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{free}/regles/{NEW}.json", timeout=5) as response:
                    answer = response.status, json.load(response)
            except OSError:
                time.sleep(0.3)
        assert answer is not None, f"{command} : aucune réponse ({server.poll()=})"
        assert answer[0] == 200 and answer[1]["edition"] == NEW
        with urllib.request.urlopen(f"http://127.0.0.1:{free}/", timeout=5) as response:
            assert response.status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


@pytest.fixture
def clone(tmp_path):
    """The copy of the working tree, removed afterwards (it holds a virtual environment)."""
    target = tmp_path / "projet"
    _copy_working_tree(target)
    yield target
    shutil.rmtree(target, ignore_errors=True)


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


def _three_mistakes_then_fixed(clone: Path, env: dict) -> None:
    """The officer's three realistic mistakes in the new edition (a date typed the
    French way, a document deleted though a piece still cites it, a specialty
    misspelt): one validate run reports all three, at their file:line, with the
    nearest id; then the files are put back, as the officer fixes them."""
    folder = clone / "rules" / NEW
    saved = {name: (folder / name).read_text(encoding="utf-8") for name in ("calendrier.yaml", "textes.yaml", "pieces.yaml")}
    calendrier = saved["calendrier.yaml"]
    iso = re.search(r'date: "(\d{4})-(\d\d)-(\d\d)"', calendrier)
    french = f"{iso.group(3)}/{iso.group(2)}/{iso.group(1)}"
    (folder / "calendrier.yaml").write_text(calendrier.replace(iso.group(0), f'date: "{french}"', 1), encoding="utf-8")
    cited = re.search(r"texte: (arrete_[a-z0-9_]+)", saved["pieces.yaml"]).group(1)
    textes = saved["textes.yaml"]
    start, end = _entry_lines(textes, cited)
    lines = textes.splitlines(keepends=True)
    (folder / "textes.yaml").write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    (folder / "pieces.yaml").write_text(saved["pieces.yaml"].replace("egal: maintenance-des-systemes", "egal: maintenance-des-sytemes", 1))
    result = subprocess.run(
        [".venv/bin/python", "-m", "build_tools", "validate", f"rules/{NEW}"], cwd=clone, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1, result.stdout + result.stderr
    errors = result.stdout.splitlines()
    date_line = _line_of(folder / "calendrier.yaml", french)
    assert any(
        e.startswith(f"rules/{NEW}/calendrier.yaml:{date_line}:") and f"« {french} » ne respecte pas le format attendu" in e for e in errors
    ), errors
    assert any(f"rules/{NEW}/pieces.yaml:" in e and f"texte « {cited} » introuvable" in e for e in errors), errors
    typo = _line_of(folder / "pieces.yaml", "maintenance-des-sytemes")
    assert any(
        e.startswith(f"rules/{NEW}/pieces.yaml:{typo}:") and "vouliez-vous dire « maintenance-des-systemes » ?" in e for e in errors
    ), errors
    citing = sum(path.read_text(encoding="utf-8").count(f"texte: {cited}\n") for path in folder.glob("*.yaml"))
    assert f"{2 + citing} erreurs : règles non valides." in result.stderr  # each place citing the deleted document
    for name, text in saved.items():
        (folder / name).write_text(text, encoding="utf-8")


def _nginx_serves_the_published_site(clone: Path, work: Path, page) -> None:
    """The published site/, served by Debian's nginx with the configuration the
    build wrote: the new edition's tool boots through it."""
    from tests.site.servers import nginx_serving
    from tests.site.test_outil import READY

    work.mkdir()
    with nginx_serving(clone / "site", work) as url:
        with urllib.request.urlopen(f"{url}/outil/", timeout=10) as response:
            assert response.status == 200 and "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        page.goto(f"{url}/outil/")
        page.wait_for_selector(READY, state="attached", timeout=120_000)
        assert page.get_attribute("#outil", "data-edition") == NEW


def test_the_guide_runs_from_install_to_publication(guide, clone, tmp_path, page):
    """The office's whole year: install, new edition, three mistakes found in one
    validate run and fixed, the edits, check, report, preview, publication, and
    nginx serving what was published."""
    assert not (clone / "rules" / NEW).exists()
    env = _environment()
    edited, mistaken, ran = False, False, []
    for block in _shell(guide):
        if (clone / "rules" / NEW).exists() and not mistaken:
            _three_mistakes_then_fixed(clone, env)
            mistaken = True
        if block["etape"] > 4 and not edited:
            _edit_as_the_officer(clone / "rules" / NEW, guide)
            edited = True
        command = block["texte"].strip()
        if block["port"]:
            _serve_and_check(command, block["port"], clone, env)
            ran.append(command)
            continue
        result = subprocess.run(["sh", "-e", "-c", command], cwd=clone, env=env, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, f"Étape {block['etape']} : {command}\n{result.stdout}\n{result.stderr}"
        ran.append(command)
        if "validate" in command:
            assert f"Édition {NEW} valide" in result.stderr and "à confirmer" not in result.stdout + result.stderr, (
                result.stdout + result.stderr
            )
    assert edited and len(ran) == len(_shell(guide))
    assert (clone / f"rapport-{NEW}.html").is_file()
    published = json.loads((clone / "site" / "regles" / f"{NEW}.json").read_text(encoding="utf-8"))
    assert published["edition"] == NEW and OLD not in published["identite"]["titre"]
    assert (clone / "site" / OLD / "index.html").is_file()
    assert mistaken
    _nginx_serves_the_published_site(clone, tmp_path / "nginx", page)
