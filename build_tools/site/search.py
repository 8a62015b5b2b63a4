"""A tool page's search starts at the visitor's first query.

Material writes its settings, among them the address of its search worker, in
a JSON script (`__config`) that its bundle reads at load. On the pages whose
front matter names a deferred search worker (`moteur.recherche`, the file
site_src/widget/recherche-differee.js), that address becomes the deferred
worker's, which starts Material's worker, given as `?recherche=`, only when
it is first needed.
"""

import json
import posixpath
import re
from urllib.parse import urlencode

from jinja2.utils import htmlsafe_json_dumps

CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


class SearchConfigError(ValueError):
    pass


def deferred_search(html: str, page_url: str, deferred_worker: str) -> str:
    """`html` with Material's search worker replaced by `deferred_worker`
    (relative to the page at `page_url`, itself relative to the site root)."""
    match = CONFIG.search(html)
    if match is None:
        raise SearchConfigError('réglages de Material (<script id="__config">) introuvables dans la page')
    config = json.loads(match.group(2))
    if not isinstance(config.get("search"), str):
        raise SearchConfigError("réglages de Material sans adresse du programme de recherche (clé « search »)")
    page_dir = posixpath.join(posixpath.dirname("/" + page_url), "")
    material_worker = posixpath.normpath(posixpath.join(page_dir, config["search"]))
    deferred = posixpath.normpath(posixpath.join(page_dir, deferred_worker))
    relative = posixpath.relpath(material_worker, posixpath.dirname(deferred))
    config["search"] = f"{deferred_worker}?{urlencode({'recherche': relative})}"
    return html[: match.start(2)] + str(htmlsafe_json_dumps(config)) + html[match.end(2) :]
