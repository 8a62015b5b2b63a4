"""How a server the académie runs serves the built site: an nginx configuration
(`_nginx.conf`, to include in the site's server block) and an Apache `.htaccess`.

Both translate the site's `_headers` (written by security.py: the headers of
every path, and each worker script's own policy), so that every host sends the
same policy; and both add what `_headers` leaves to its host:
- the types of the site's files (`.mjs` as JavaScript, `.wasm` as WebAssembly;
  Debian's nginx knows no `.mjs`), the text ones in UTF-8;
- caching: Material's content-hashed assets (a new content, a new name) are
  kept a year, unchanged (`immutable`); every other file (pages, sw.js, the
  modules, the runtime, the rules) is checked again on each use (`no-cache`:
  the server answers "304 Not Modified" when it has not changed);
- the build's precompressed copies (compression.py): `name.br` to a client that
  accepts Brotli, else `name.gz` to one that accepts gzip, else the file; stock
  nginx has no `brotli_static`, so the copy is chosen by a rewrite to an
  internal location that gives it its file's type; Apache does it with mod_rewrite
  and mod_mime;
- the files for the hosts (`_headers`, `_nginx.conf`, `.htaccess`) are not served.

They sit in the site folder: published with it, they always match its workers.
They hold no secret; a server configured with them answers 404 for them.
Written last, after the copies and the service worker's list: neither names them.
"""

import re
from pathlib import Path

from build_tools.local_server import read_headers_file
from build_tools.site.compression import ALREADY_COMPRESSED, ENCODINGS
from build_tools.site.security import HEADERS_FILE

NGINX_FILE = "_nginx.conf"
APACHE_FILE = ".htaccess"
NOT_SERVED = (HEADERS_FILE, NGINX_FILE, APACHE_FILE)

# Material names its scripts and style sheets (and their source maps) after
# their content: "assets/javascripts/bundle.a5f9d56c.min.js", in every edition.
HASHED_PATH = r"/assets/(?:[^/]+/)*[^/]+\.[0-9a-f]{8}\.min\.(?:css|js)(?:\.map)?"
HASHED = HASHED_PATH + "$"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

# Content-Encoding: suffix of the build's copies, best first.
COPIES = ENCODINGS
# Accept-Encoding accepts Brotli: "br" as a coding, with no weight or one above 0.
ACCEPTS_BR = r"(^|,)\s*br\s*(;\s*q\s*=\s*(1(\.0*)?|0?\.[0-9]*[1-9][0-9]*)\s*)?(,|$)"
ACCEPTS_GZIP = ACCEPTS_BR.replace("br", "gzip")

# The type of each file the site may hold, by extension.
MIME_TYPES = {
    "html": "text/html",
    "css": "text/css",
    "js": "text/javascript",
    "mjs": "text/javascript",
    "json": "application/json",
    "map": "application/json",
    "webmanifest": "application/manifest+json",
    "wasm": "application/wasm",
    "whl": "application/octet-stream",
    "zip": "application/zip",
    "gz": "application/gzip",
    "csv": "text/csv",
    "ics": "text/calendar",
    "txt": "text/plain",
    "xml": "application/xml",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "ico": "image/x-icon",
    "woff": "font/woff",
    "woff2": "font/woff2",
}
# The extensions that may have copies (compression.py tries the others).
COMPRESSIBLE = [ext for ext in MIME_TYPES if f".{ext}" not in ALREADY_COMPRESSED]
TEXT_TYPES = sorted({t for t in MIME_TYPES.values() if t.startswith("text/") or t.endswith(("json", "xml"))} - {"text/html"})


class DeploymentError(Exception):
    """The site holds something the server configurations cannot say."""


def _with_charset(mime: str) -> str:
    """A type as sent: the text ones in UTF-8."""
    return f'"{mime}; charset=utf-8"' if mime in TEXT_TYPES or mime == "text/html" else mime


def host_rules(site_dir: Path) -> tuple:
    """(headers of every path, {exact path: its own headers}) from the site's `_headers`."""
    every, by_path = [], {}
    for pattern, headers in read_headers_file(Path(site_dir)):
        if pattern == "/*":
            every += headers
        elif "*" in pattern or not pattern.startswith("/"):
            raise DeploymentError(
                f"{HEADERS_FILE} : motif « {pattern} » non traduit pour nginx et Apache (seuls « /* » et les chemins exacts le sont)"
            )
        else:
            by_path.setdefault(pattern, []).extend(headers)
    if not every:
        raise DeploymentError(f"{HEADERS_FILE} : aucun en-tête pour « /* »")
    return every, by_path


def check_types(site_dir: Path) -> None:
    """Every file of the site has a known type (the copies take their file's)."""
    site_dir = Path(site_dir)
    unknown = {}
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and path.name not in NOT_SERVED and path.suffix != ".br":
            extension = path.suffix.lstrip(".").lower()
            if extension not in MIME_TYPES:
                unknown.setdefault(extension or "(sans extension)", path.relative_to(site_dir).as_posix())
    if unknown:
        listed = ", ".join(f"« {ext} » ({example})" for ext, example in unknown.items())
        raise DeploymentError(f"type de fichier inconnu : {listed} ; ajoutez-le à MIME_TYPES dans build_tools/site/deployment.py")


def _quoted(value: str, forbidden: str) -> str:
    if any(character in value for character in forbidden + '"\\\n'):
        raise DeploymentError(f"valeur d'en-tête impossible à écrire dans la configuration du serveur : « {value} »")
    return f'"{value}"'


def _nginx_value(value: str) -> str:
    return _quoted(value, "$")  # nginx reads $name as a variable


def _apache_value(value: str) -> str:
    return _quoted(value, "%")  # mod_headers reads %{name}e as a variable


def _regex(pattern: str) -> str:
    if '"' in pattern or "\n" in pattern:
        raise DeploymentError(f"motif impossible à écrire dans la configuration du serveur : « {pattern} »")
    return f'"{pattern}"'


def _variable(name: str) -> str:
    return "$bts_" + re.sub(r"[^a-z0-9]+", "_", name.lower())


def _not_served_pattern() -> str:
    names = "|".join(re.escape(name) for name in NOT_SERVED)
    return rf"(^|/)({names})(\.br|\.gz)?$"


def nginx_conf(site_dir: Path) -> str:
    """The directives to include in the site's server block (whose `root` is the site folder)."""
    every, by_path = host_rules(site_dir)
    q = _nginx_value
    path_headers = sorted({name for headers in by_path.values() for name, _ in headers})
    lines = [
        f"# Generated by build_tools/site/deployment.py from {HEADERS_FILE} (build_tools/site/security.py).",
        "# Include it in the site's server block, whose root is the site folder:",
        "#     server {",
        "#         listen 443 ssl; server_name …; ssl_certificate …; ssl_certificate_key …;",
        "#         root /var/www/bts-inscription;",
        f"#         include /var/www/bts-inscription/{NGINX_FILE};",
        "#     }",
        "# and reload nginx after each publication (nginx -t && systemctl reload nginx).",
        "# No add_header in that server block's locations: nginx would drop these there.",
        "",
        "index index.html;",
        "error_page 404 /404.html;",
        "absolute_redirect off;  # /outil -> /outil/ whatever the port and scheme behind a proxy",
        "",
        "# Types: the site's files only (this list replaces mime.types); text in UTF-8.",
        "types {",
        *(f"    {mime} {' '.join(ext for ext, t in MIME_TYPES.items() if t == mime)};" for mime in sorted(set(MIME_TYPES.values()))),
        "}",
        "default_type application/octet-stream;",
        "charset utf-8;",
        f"charset_types {' '.join(TEXT_TYPES)};",
        "",
        "# Headers: those of every path, then those of the path asked for (exact paths: the",
        "# workers' own policies), and caching: a year for the content-hashed assets.",
        f"set $bts_cache {q(REVALIDATE)};",
        f"if ($uri ~ {_regex(HASHED)}) {{",
        f"    set $bts_cache {q(IMMUTABLE)};",
        "}",
    ]
    lines += [f'set {_variable(name)} "";' for name in path_headers]
    for path, headers in sorted(by_path.items()):
        lines.append(f"if ($uri = {q(path)}) {{")
        lines += [f"    set {_variable(name)} {q(value)};" for name, value in headers]
        lines.append("}")
    lines += [f"add_header {name} {q(value)} always;" for name, value in every]
    lines += [f"add_header {name} {_variable(name)} always;" for name in path_headers]
    lines += [
        "add_header Cache-Control $bts_cache always;",
        "add_header Vary $bts_vary always;",
        "add_header Content-Encoding $bts_encoding always;",
        "",
        "# Precompressed copies: name.br when the client accepts br (rewritten to the internal",
        "# location of its type, below), else name.gz by gzip_static, else the file itself.",
        "gzip off;",
        "gzip_static on;",
        'set $bts_vary "";',
        'set $bts_encoding "";',
        'set $bts_br "";',
        "if (-f $request_filename.gz) {",
        '    set $bts_vary "Accept-Encoding";',
        "}",
        "if (-f $request_filename.br) {",
        '    set $bts_vary "Accept-Encoding";',
        '    set $bts_br "copy";',
        "}",
        f"if ($http_accept_encoding ~* {_regex(ACCEPTS_BR)}) {{",
        '    set $bts_br "${bts_br}+accepted";',
        "}",
        'if ($bts_br = "copy+accepted") {',
        "    rewrite ^ $uri.br last;",
        "}",
        "",
        "# The files for the hosts are not served.",
        f"location ~ {_regex(_not_served_pattern())} {{",
        "    return 404;",
        "}",
    ]
    for extension in COMPRESSIBLE:
        copy = _regex(r"\." + re.escape(extension) + r"\.br$")
        lines += [
            f"location ~ {copy} {{",
            "    internal;",
            "    types { }",
            f"    default_type {MIME_TYPES[extension]};",
            "    gzip_static off;",
            "    set $bts_encoding br;",
            "}",
        ]
    return "\n".join(lines) + "\n"


def htaccess(site_dir: Path) -> str:
    """The site folder's .htaccess, for Apache 2.4 (AllowOverride FileInfo; mod_headers, mod_mime, mod_rewrite)."""
    every, by_path = host_rules(site_dir)
    q = _apache_value
    copies = "|".join(re.escape(suffix) for suffix in COPIES.values())
    lines = [
        f"# Generated by build_tools/site/deployment.py from {HEADERS_FILE} (build_tools/site/security.py).",
        "# Apache 2.4 with mod_headers, mod_mime and mod_rewrite (a2enmod headers rewrite), and for",
        "# the site folder: <Directory /var/www/bts-inscription> AllowOverride FileInfo </Directory>",
        "",
        "ErrorDocument 404 /404.html",
        "",
        "<IfModule mod_mime.c>",
        "  # The types of the site's files, the text ones in UTF-8; a copy (name.br, name.gz)",
        "  # has its file's type and its coding.",
        *(
            f"  AddType {mime} {' '.join('.' + ext for ext, t in MIME_TYPES.items() if t == mime)}"
            for mime in sorted(set(MIME_TYPES.values()))
        ),
        f"  AddCharset utf-8 {' '.join('.' + ext for ext, t in MIME_TYPES.items() if t in TEXT_TYPES or t == 'text/html')}",
        *(f"  AddEncoding {coding} {suffix}" for coding, suffix in COPIES.items()),
        "  # (Debian's mime.conf reads .br as the Breton language.)",
        f"  RemoveLanguage {' '.join(COPIES.values())}",
    ]
    for extension in COMPRESSIBLE:
        lines += [f'  <FilesMatch "\\.{extension}({copies})$">', f"    ForceType {_with_charset(MIME_TYPES[extension])}", "  </FilesMatch>"]
    lines += [
        "</IfModule>",
        "",
        "<IfModule mod_rewrite.c>",
        "  RewriteEngine On",
        "  # The files for the hosts are not served.",
        f'  RewriteRule "{_not_served_pattern()}" - [R=404,L]',
        "  # Nor the Brotli copies, unless chosen below (REDIRECT_STATUS is set by that rewrite).",
        '  RewriteCond "%{ENV:REDIRECT_STATUS}" "^$"',
        '  RewriteRule "\\.br$" - [R=404,L]',
        "  # Precompressed copies: name.br when the client accepts br, else name.gz when it accepts gzip.",
    ]
    for coding, suffix in COPIES.items():
        accepts = ACCEPTS_BR if coding == "br" else ACCEPTS_GZIP
        lines += [
            f'  RewriteCond "%{{HTTP:Accept-Encoding}}" "{accepts}" [NC]',
            f'  RewriteCond "%{{REQUEST_FILENAME}}{suffix}" -f',
            f'  RewriteRule "^(.+)$" "$1{suffix}" [L]',
        ]
    lines += [
        "</IfModule>",
        "",
        "<IfModule mod_headers.c>",
        "  # Headers: those of every path, then those of the path asked for (exact paths: the",
        "  # workers' own policies), and caching: a year for the content-hashed assets.",
        *(f"  Header always set {name} {q(value)}" for name, value in every),
        f"  Header always set Cache-Control {q(REVALIDATE)}",
        f'  <If "%{{REQUEST_URI}} =~ m#{HASHED_PATH}({copies})?$#">',
        f"    Header always set Cache-Control {q(IMMUTABLE)}",
        "  </If>",
    ]
    for path, headers in sorted(by_path.items()):
        lines.append(f'  <If "%{{REQUEST_URI}} =~ m#^{re.escape(path)}({copies})?$#">')
        lines += [f"    Header always add {name} {q(value)}" for name, value in headers]
        lines.append("  </If>")
    has_copy = " || ".join(f"-f '%{{REQUEST_FILENAME}}{suffix}'" for suffix in COPIES.values())
    lines += [
        "  # The responses that depend on Accept-Encoding: the copies, and the files that have one.",
        f'  <If "%{{REQUEST_FILENAME}} =~ /({copies})$/ || {has_copy}">',
        "    Header always merge Vary Accept-Encoding",
        "  </If>",
        "</IfModule>",
    ]
    return "\n".join(lines) + "\n"


def write_server_configurations(site_dir: Path) -> None:
    """Write `_nginx.conf` and `.htaccess` into a finished site folder (its `_headers` written)."""
    site_dir = Path(site_dir)
    check_types(site_dir)
    (site_dir / NGINX_FILE).write_text(nginx_conf(site_dir), encoding="utf-8")
    (site_dir / APACHE_FILE).write_text(htaccess(site_dir), encoding="utf-8")
