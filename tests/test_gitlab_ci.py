"""The académie's forge runs `.gitlab-ci.yml`: on a merge request, the rules are
validated, the tests run and the site is built as a preview to download; on the
default branch, the `pages` job publishes the site built for publication.

Which jobs run is read from each job's `rules`, evaluated for three pipelines
(a merge request, a push to the default branch, a push to another branch)."""

import re
import shlex
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT

CI = ROOT / ".gitlab-ci.yml"
KEYWORDS = {"image", "variables", "cache", "default", "stages", "workflow", "include"}
PIPELINES = {
    "demande-de-fusion": {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_DEFAULT_BRANCH": "main"},
    "branche-principale": {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"},
    "autre-branche": {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "correction", "CI_DEFAULT_BRANCH": "main"},
}
# GitLab's check of artifacts:expose_as (lib/gitlab/ci/config/entry/artifacts.rb): Ruby's \w is ASCII.
EXPOSE_AS = re.compile(r"\A\w[-\w ]*\Z", re.ASCII)

_OPERAND = r'(\$\w+|"[^"]*")'
_COMPARISON = re.compile(rf"^\s*{_OPERAND}\s*(==|!=)\s*{_OPERAND}\s*$")


def config() -> dict:
    return yaml.safe_load(CI.read_text(encoding="utf-8"))


def jobs() -> dict:
    return {name: job for name, job in config().items() if name not in KEYWORDS and not name.startswith(".")}


def _value(operand: str, variables: dict):
    return variables.get(operand[1:]) if operand.startswith("$") else operand[1:-1]


def evaluate(expression: str, variables: dict) -> bool:
    """A `rules:if` made of comparisons joined by && and || (GitLab: && binds first)."""
    alternatives = []
    for alternative in expression.split("||"):
        terms = []
        for term in alternative.split("&&"):
            match = _COMPARISON.match(term)
            assert match, f"condition non lue par ce test : « {term.strip()} »"
            left, operator, right = match.groups()
            equal = _value(left, variables) == _value(right, variables)
            terms.append(equal if operator == "==" else not equal)
        alternatives.append(all(terms))
    return any(alternatives)


def runs(job: dict, variables: dict) -> bool:
    """Whether GitLab adds the job to the pipeline: the first rule that matches decides."""
    for rule in job.get("rules", []):
        if "if" not in rule or evaluate(rule["if"], variables):
            return rule.get("when", "on_success") != "never"
    return "rules" not in job


def scripts(job: dict) -> list:
    return [line for entry in job["script"] for line in entry.splitlines() if line.strip()]


def test_every_job_has_a_known_stage_and_a_script():
    stages = config()["stages"]
    for name, job in jobs().items():
        assert job.get("stage") in stages, name
        assert job.get("script"), name
        for need in job.get("needs", []):
            assert need in jobs(), (name, need)


@pytest.mark.parametrize(
    "pipeline, expected",
    [
        ("demande-de-fusion", {"valider", "tester", "apercu"}),
        ("branche-principale", {"valider", "pages"}),
        ("autre-branche", set()),
    ],
)
def test_which_jobs_run_in_each_pipeline(pipeline, expected):
    assert {name for name, job in jobs().items() if runs(job, PIPELINES[pipeline])} == expected


def test_the_rules_are_read_as_gitlab_reads_them():
    mr, main = PIPELINES["demande-de-fusion"], PIPELINES["branche-principale"]
    assert evaluate('$CI_PIPELINE_SOURCE == "merge_request_event"', mr)
    assert not evaluate("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", mr)  # no branch in a merge request's pipeline
    assert evaluate('$CI_COMMIT_BRANCH != "x" && $CI_PIPELINE_SOURCE == "push" || $X == "y"', main)
    never_on_push = {"rules": [{"if": '$CI_PIPELINE_SOURCE == "push"', "when": "never"}, {"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]}
    assert not runs(never_on_push, main) and not runs(never_on_push, mr)
    assert runs({"script": ["x"]}, mr), "a job without rules always runs"
    with pytest.raises(AssertionError, match="condition non lue"):
        evaluate("$CI_COMMIT_BRANCH =~ /^main$/", main)


def test_the_merge_request_validates_every_edition_and_runs_the_whole_suite():
    valider, tester = jobs()["valider"], jobs()["tester"]
    assert any("build_tools validate" in line for line in scripts(valider))
    assert scripts(tester) == ["./scripts/test"]
    assert "scripts/setup --browser" in (ROOT / "scripts" / "test").read_text(encoding="utf-8")


def test_the_validation_commands_run_and_fail_when_an_edition_is_invalid(tmp_path):
    """The job's commands after the set-up, run as GitLab runs them (bash), here and
    on a copy of the rules with an invalid edition."""
    commands = "\n".join(line for line in scripts(jobs()["valider"]) if not line.startswith("./scripts/setup"))
    commands = commands.replace(".venv/bin/python", shlex.quote(sys.executable))
    ok = subprocess.run(["bash", "-eo", "pipefail", "-c", commands], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Édition 2026 valide" in ok.stdout + ok.stderr

    broken = tmp_path / "rules" / "2027"
    broken.mkdir(parents=True)
    (broken / "pieces.yaml").write_text("pieces: [\n", encoding="utf-8")
    (tmp_path / "rules" / "schema").mkdir()
    refused = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", commands.replace("rules/[0-9]*/", f"{tmp_path}/rules/[0-9]*/ rules/[0-9]*/")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "2027/pieces.yaml" in refused.stdout + refused.stderr
    assert "Édition 2026 valide" in refused.stdout + refused.stderr, "the editions after a failed one are validated too"


def test_the_merge_request_gets_the_site_as_a_downloadable_preview():
    apercu = jobs()["apercu"]
    assert scripts(apercu)[-1] == ".venv/bin/python -m build_tools site"
    artifacts = apercu["artifacts"]
    assert artifacts["paths"] == ["site/"]  # a folder with its trailing slash, no wildcard (expose_as)
    assert EXPOSE_AS.match(artifacts["expose_as"]) and len(artifacts["expose_as"]) <= 100
    assert artifacts.get("expire_in")


def test_the_default_branch_publishes_the_site_with_gitlab_pages():
    pages = jobs()["pages"]
    lines = scripts(pages)
    assert ".venv/bin/python -m build_tools site --publication" in lines
    assert lines.index(".venv/bin/python -m build_tools site --publication") < lines.index("rm -rf public && cp -r site public")
    assert pages["artifacts"]["paths"] == ["public/"]
    help_text = subprocess.run([sys.executable, "-m", "build_tools", "site", "--help"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "--publication" in help_text


def test_the_scripts_the_jobs_call_exist_and_are_executable():
    called = {word for job in jobs().values() for line in scripts(job) for word in line.split() if word.startswith("./scripts/")}
    assert called == {"./scripts/setup", "./scripts/test"}
    for script in called:
        path = ROOT / script
        assert path.is_file() and path.stat().st_mode & 0o111, script
