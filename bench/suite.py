"""Benchmark suite: prints a table of medians and writes bench/results/latest.json.

Run with `bench/run` (see the README). Every figure is the median of --runs
runs (5 by default), except the boots of the tool and of a bare Pyodide page:
medians of --paires-demarrage alternated pairs (16), as one boot differs from
the next by about 10 % on this machine. All are measured in the same run so
that ratios compare like with like. Browser figures use Debian's Chromium
through Playwright, served by bench/serveur.py with the build's precompressed
copies chosen by Accept-Encoding, as a static host does.

The emulated phone (`telephone_*`): CPU slowed 4 times and the network at
10 Mbit/s down, 5 up, 80 ms of latency (DevTools protocol), cold cache,
service worker blocked; the first piece shown (mark `bts-premiere-piece`, or
`bts-premiere-liste` on a build that has none), the engine's own answer
(`bts-premiere-liste`) and the bytes transferred (encoded bodies, the engine's
worker included).
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

from bench.serveur import Serveur
from bts_inscription import checklist
from bts_inscription.classe import allowed_columns
from bts_inscription.editions import choose, rules_root
from bts_inscription.enumeration import profils
from bts_inscription.regles import regles_for
from build_tools.compiler import compile_edition
from build_tools.local_server import launch_chromium
from build_tools.paths import ROOT
from build_tools.site.build import build_site
from build_tools.site.offline import precached_parts

RESULTS = ROOT / "bench" / "results"

# The targets of the issue "The list in under a second on a phone": (figure, label, at most).
TARGETS = [
    ("telephone_premiere_piece_ms", "téléphone émulé : navigation → première pièce (ms)", 1000),
    ("telephone_reponse_moteur_ms", "téléphone émulé : navigation → réponse du moteur (ms)", 8000),
    ("telephone_octets_transferes", "octets transférés, première visite de /outil/", 4_000_000),
    ("rapport_outil_sur_pyodide_nu", "bureau : outil prêt / page loadPyodide() nue, à froid", 0.8),
    ("liste_apres_saisie_ms", "saisie → liste à jour, moteur prêt (ms)", 50),
    ("formulaire_interactif_ms", "formulaire interactif (ms)", 500),
]


def targets_table(figures: dict) -> str:
    rows = [f"{'objectif':<56}  {'mesuré':>12}  {'cible':>12}  atteint"]
    for name, label, most in TARGETS:
        if name in figures:
            value = figures[name]
            measured, target = f"{value:,.2f}".replace(",", " "), f"{most:,}".replace(",", " ")
            rows.append(f"{label:<56}  {measured:>12}  {target:>12}  {'oui' if value <= most else 'non'}")
    return "\n".join(rows)


def _cell(profile, field):
    value = profile.get(field)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return "|".join(":".join(str(cell) for cell in row.values()) if isinstance(row, dict) else row for row in value)
    return str(value)


def class_file(path: Path, rows: int, bundle) -> Path:
    """A class of `rows` candidates with varied valid profiles (every 9th enumerated
    profile), so that the engine computes rather than repeats; its columns are the rules' fields."""
    header = allowed_columns(bundle)
    variety = list(profils(bundle))[::9]
    lines = [";".join(header)] + [
        ";".join([f"Nom{i}", f"Prénom{i}"] + [_cell(variety[i % len(variety)], f) for f in header[2:]]) for i in range(rows)
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def median_of(runs: int, measure) -> float:
    return statistics.median(measure() for _ in range(runs))


# ---------- CPython ----------


def bench_build(runs: int, work: Path) -> float:
    def once():
        started = time.perf_counter()
        build_site(work / "site-build")
        return time.perf_counter() - started

    return median_of(runs, once)


def bench_cpython(bundle, sample, runs: int) -> float:
    def once():
        started = time.perf_counter()
        for profile in sample:
            checklist(bundle, profile)
        return len(sample) / (time.perf_counter() - started)

    return median_of(runs, once)


def bench_enumeration(bundle, runs: int) -> tuple:
    counts = []

    def once():
        started = time.perf_counter()
        count = sum(1 for profile in profils(bundle) if checklist(bundle, profile) is not None)
        counts.append(count)
        return time.perf_counter() - started

    return median_of(runs, once), counts[0]


def bench_cli(rows: int, runs: int, work: Path, bundle) -> float:
    source = class_file(work / f"classe-{rows}.csv", rows, bundle)
    command = [sys.executable, "-m", "bts_inscription", "lot", str(source), "--sortie", str(work / "lot")]
    subprocess.run(command, cwd=ROOT, capture_output=True)  # warm the bundle cache once

    def once():
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
        return time.perf_counter() - started

    return median_of(runs, once)


# ---------- browser ----------


def _ready_time(page, url, selector_js):
    page.goto(url)
    return page.wait_for_function(selector_js, timeout=120_000, polling=50).json_value()


PHONE_CPU_SLOWDOWN = 4
PHONE_NETWORK = {"offline": False, "latency": 80, "downloadThroughput": 10e6 / 8, "uploadThroughput": 5e6 / 8}
TOOL_READY = "() => performance.getEntriesByName('bts-premiere-liste')[0]?.startTime"
FIRST_PIECE = """() => (performance.getEntriesByName('bts-premiere-piece')[0]
    ?? performance.getEntriesByName('bts-premiere-liste')[0]).startTime"""


def bench_phone(browser, base: str, runs: int) -> dict:
    """Medians of `runs` first visits of the tool on the emulated phone."""
    first_piece, engine, transferred, marked = [], [], [], []
    for _ in range(runs):
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        finished = []
        context.on("requestfinished", lambda request, finished=finished: finished.append(request))
        devtools = context.new_cdp_session(page)
        devtools.send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU_SLOWDOWN})
        devtools.send("Network.enable")
        devtools.send("Network.emulateNetworkConditions", PHONE_NETWORK)
        page.goto(f"{base}/outil/")
        engine.append(page.wait_for_function(TOOL_READY, timeout=300_000, polling=50).json_value())
        first_piece.append(page.evaluate(FIRST_PIECE))
        marked.append(page.evaluate("() => performance.getEntriesByName('bts-premiere-piece').length > 0"))
        page.wait_for_load_state("networkidle")
        transferred.append(sum(request.sizes()["responseBodySize"] for request in finished))
        context.close()
    return {
        "telephone_premiere_piece_ms": statistics.median(first_piece),
        "telephone_reponse_moteur_ms": statistics.median(engine),
        "telephone_octets_transferes": statistics.median(transferred),
        # 0: the build has no mark `bts-premiere-piece`, the first piece is the engine's list
        "telephone_marque_premiere_piece": int(all(marked)),
    }


def bench_browser(base: str, site: Path, bundle, sample, runs: int, boot_pairs: int, work: Path) -> dict:
    from playwright.sync_api import sync_playwright

    tool_ready = TOOL_READY
    bare_ready = "() => window.__pret"
    results = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        results.update(bench_phone(browser, base, runs))

        # The service worker is blocked: it would precache the site and, on a tool
        # page, the runtime (reported apart) while the page boots, and measure the network instead.
        # The tool and the bare page take turns, each going first in every other
        # pair, so that a slower moment of the machine, or the previous boot's
        # clean-up, weighs on both alike; boots vary by ±10 % from one to the
        # next here, hence more pairs than the other figures' runs.
        boots = {"outil_pret": ([], []), "pyodide_nu": ([], [])}
        pages = [("outil_pret", f"{base}/outil/", tool_ready), ("pyodide_nu", f"{base}/bench/nu.html", bare_ready)]
        for pair in range(boot_pairs):
            for name, url, ready in pages if pair % 2 == 0 else pages[::-1]:
                context = browser.new_context(service_workers="block")
                page = context.new_page()
                boots[name][0].append(_ready_time(page, url, ready))
                boots[name][1].append(_ready_time(page, url, ready))
                context.close()
        for name, (cold, warm) in boots.items():
            results[f"{name}_froid_ms"], results[f"{name}_chaud_ms"] = statistics.median(cold), statistics.median(warm)
        results["rapport_outil_sur_pyodide_nu"] = results["outil_pret_froid_ms"] / results["pyodide_nu_froid_ms"]
        results["surcout_froid_pct"] = 100 * (results["outil_pret_froid_ms"] / results["pyodide_nu_froid_ms"] - 1)
        results["surcout_chaud_pct"] = 100 * (results["outil_pret_chaud_ms"] / results["pyodide_nu_chaud_ms"] - 1)

        # A candidate's real first visit: the service worker is allowed, and
        # registers (then precaches the site) once the engine has started.
        first_visits = []
        for _ in range(runs):
            context = browser.new_context(service_workers="allow")
            first_visits.append(_ready_time(context.new_page(), f"{base}/outil/", tool_ready))
            context.close()
        results["outil_premiere_visite_ms"] = statistics.median(first_visits)

        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.goto(f"{base}/outil/")
        page.wait_for_selector("#checklist[data-etat=pret]", state="attached", timeout=120_000)
        results["formulaire_interactif_ms"] = page.evaluate("() => performance.getEntriesByType('navigation')[0].domInteractive")
        latencies = []
        # Answering the first question of the form (the category) again and again.
        champ = regles_for(bundle).champs.organisant_les_colonnes()[0]
        valeurs = list(regles_for(bundle).champs[champ].toutes_valeurs())
        for index in range(runs * 4):
            value = [champ, valeurs[index % len(valeurs)]]
            latencies.append(
                page.evaluate(
                    """([champ, valeur]) => new Promise((resoudre) => {
                const liste = document.getElementById('checklist');
                const debut = performance.now();
                const observateur = new MutationObserver(() => {
                  if (liste.dataset.etat === 'pret') { observateur.disconnect(); resoudre(performance.now() - debut); }
                });
                observateur.observe(liste, { attributes: true, attributeFilter: ['data-etat'] });
                const radio = document.querySelector(`input[name=${champ}][value=${valeur}]`);
                radio.checked = true;
                radio.dispatchEvent(new Event('change', { bubbles: true }));
            })""",
                    value,
                )
            )
        results["liste_apres_saisie_ms"] = statistics.median(latencies)
        context.close()

        def weight(path):
            """Bytes transferred by a cold visit (headers and bodies), service worker blocked."""
            context = browser.new_context(service_workers="block")
            page = context.new_page()
            finished = []
            context.on("requestfinished", lambda request: finished.append(request))
            page.goto(f"{base}{path}", wait_until="networkidle")
            if path.startswith("/outil/"):
                page.wait_for_selector("#checklist[data-etat=pret]", state="attached", timeout=120_000)
                page.wait_for_load_state("networkidle")
            total = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in finished)
            context.close()
            return total

        results["poids_accueil_octets"] = weight("/")
        avec_options = next(s["id"] for s in bundle["specialites"]["specialites"] if s.get("options"))
        results["poids_specialite_octets"] = weight(f"/specialites/{avec_options}/")
        results["poids_outil_octets"] = weight("/outil/")

        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.goto(f"{base}/bench/moteur.html")
        page.wait_for_function("() => window.mesurer !== undefined")
        page.evaluate("(p) => window.mesurer(p)", sample[:50])  # boot and warm up
        rates = [len(sample) / page.evaluate("(p) => window.mesurer(p)", sample)["duree"] for _ in range(runs)]
        results["pyodide_listes_par_s"] = statistics.median(rates)
        context.close()

        source = class_file(work / "classe-1000.csv", 1000, bundle)
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.goto(f"{base}/outil/classe/")
        page.wait_for_function("() => document.getElementById('statut').textContent.startsWith('Moteur prêt')", timeout=120_000)
        durations = []
        for _ in range(runs):
            page.evaluate("() => { document.getElementById('resultat-classe').dataset.etat = 'attente'; }")
            started = time.perf_counter()
            page.set_input_files("#fichier-classe", str(source))
            page.wait_for_selector("#resultat-classe[data-etat=pret]", state="attached", timeout=120_000)
            durations.append(time.perf_counter() - started)
        results["classe_1000_navigateur_s"] = statistics.median(durations)
        context.close()
        browser.close()
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Mesures du projet (médianes)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--paires-demarrage", type=int, default=16, help="démarrages outil / Pyodide nu, en alternance, pour le surcoût (défaut : 16)"
    )
    parser.add_argument("--sans-navigateur", action="store_true", help="mesures CPython seulement")
    parser.add_argument(
        "--rapide", action="store_true", help="3 mesures et 4 paires de démarrages (un ordre de grandeur, en 4 minutes environ)"
    )
    args = parser.parse_args(argv)
    if args.rapide:
        args.runs, args.paires_demarrage = 3, 4
    work = Path(tempfile.mkdtemp(prefix="bts-bench-"))
    try:
        bundle = compile_edition(rules_root() / choose(rules_root())).bundle
        sample = list(profils(bundle))[::50][:2000]
        figures = {"site_construction_s": bench_build(args.runs, work)}
        # The offline copy: the reading part at the first visit, the tool part once a tool is opened.
        for part, files in precached_parts(work / "site-build").items():
            figures[f"precache_{part}_fichiers"] = len(files)
            figures[f"precache_{part}_octets"] = sum((work / "site-build" / unquote(path)).stat().st_size for path in files)
        figures["cpython_listes_par_s"] = bench_cpython(bundle, sample, args.runs)
        figures["enumeration_s"], figures["enumeration_profils"] = bench_enumeration(bundle, args.runs)
        figures["classe_10000_cli_s"] = bench_cli(10_000, args.runs, work, bundle)
        if not args.sans_navigateur:
            server = Serveur(work / "site-build")
            try:
                figures.update(bench_browser(server.url, work / "site-build", bundle, sample, args.runs, args.paires_demarrage, work))
            finally:
                server.arreter()
            figures["rapport_cpython_sur_pyodide"] = figures["cpython_listes_par_s"] / figures["pyodide_listes_par_s"]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    width = max(map(len, figures))
    print(f"Médianes de {args.runs} mesures ({args.paires_demarrage} paires pour les démarrages)")
    for name, value in figures.items():
        print(f"{name:<{width}}  {value:,.2f}".replace(",", " ") if isinstance(value, float) else f"{name:<{width}}  {value}")
    print()
    print(targets_table(figures))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps({"runs": args.runs, "paires_demarrage": args.paires_demarrage, **figures}, indent=2) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
