"""Why a site build failed, said in French for the exam office.

MkDocs turns a plugin's error into "Aborted with a BuildError!" and sends the
real message to its log, which nobody reads when the build runs from
`python -m build_tools site`. Here the build's log is collected, and a failure
is explained from the exception chain: the plugin's own French message, or for
a page template, the template, its line and the page being written.
"""

import contextlib
import logging
import re
import traceback
from pathlib import Path

import jinja2
from mkdocs.exceptions import Abort, MkDocsException

# Jinja's messages, said in French; the first pattern found wins.
_JINJA = (
    (re.compile(r"^'([^']+)' is undefined$"), "« {0} » n'est pas défini"),
    (re.compile(r"^'[^']+' has no attribute '([^']+)'$"), "la clé « {0} » n'existe pas à cet endroit des règles"),
    (re.compile(r"^'[^']+' object has no attribute '([^']+)'$"), "la clé « {0} » n'existe pas à cet endroit des règles"),
    (re.compile(r"^no filter named '([^']+)'$"), "filtre « {0} » inconnu"),
    (re.compile(r"^no test named '([^']+)'$"), "test « {0} » inconnu"),
    (re.compile(r"^unexpected end of template"), "fin du modèle inattendue : un bloc {{% … %}} n'est pas fermé"),
    (re.compile(r"^unexpected '([^']+)'$"), "« {0} » inattendu"),
    (re.compile(r"^expected token '([^']+)', got '([^']+)'$"), "« {0} » attendu, « {1} » trouvé"),
    (re.compile(r"^Encountered unknown tag '([^']+)'"), "balise « {0} » inconnue"),
)
_MKDOCS_PAGE = re.compile(r"^Error (?:reading|building) page '([^']+)':\s*(.*)$", re.S)


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def collected_log():
    """The warnings and errors MkDocs and its plugins log while the block runs."""
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)


def _chain(exc) -> list:
    """The exception, then what caused it, deepest last."""
    seen = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def _jinja_french(message: str) -> str:
    for pattern, french in _JINJA:
        match = pattern.search(message)
        if match:
            return french.format(*match.groups())
    return message


def _template_place(exc) -> tuple:
    """(template name, line, page path) of the deepest template frame of a
    traceback, and the page pages.render_pages was writing; None when unknown."""
    template = line = page = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = Path(frame.f_code.co_filename)
        if filename.suffix == ".j2":  # Jinja gives a template's code its file name and lines
            template, line = filename.name, lineno
        elif filename.name == "pages.py" and isinstance(frame.f_locals.get("path"), str):
            page = frame.f_locals["path"]
    return template, line, page


def _describe(exc) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"modèle {exc.name or exc.filename}, ligne {exc.lineno}"
        return f"{where} : syntaxe du modèle invalide : {_jinja_french(exc.message or '')}"
    template, line, page = _template_place(exc)
    detail = _jinja_french(str(exc)) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__} : {exc}"
    if template:
        where = f"modèle {template}, ligne {line}" + (f" (page {page})" if page else "")
        return f"{where} : {detail}"
    return detail


def _french_log(message: str) -> str:
    match = _MKDOCS_PAGE.match(message)
    if match:
        page, detail = match.groups()
        return f"page {page} : {_jinja_french(detail.strip())}" if detail.strip() else ""
    return message


def explain(exc, logged=(), shown=()) -> str:
    """The reasons of a failed build, one a line: what the log said (the
    plugin's messages, MkDocs' warnings in strict mode), then the error itself,
    without MkDocs' own "Aborted with…" when there is a deeper cause. The
    exceptions of `shown` types (and MkDocs', OSError) carry a French message."""
    cause = next((e for e in _chain(exc) if not isinstance(e, Abort)), None)
    if cause is None:
        reasons = []
    elif isinstance(cause, (MkDocsException, OSError, *shown)):
        reasons = [str(cause)]  # the plugin's own message, in French
    else:
        reasons = [_describe(cause)]
    lines = []
    for message in [*map(_french_log, logged), *reasons]:
        if message and not any(message in known or known in message for known in lines):
            lines.append(message)
    return "\n".join(lines) or str(exc)
