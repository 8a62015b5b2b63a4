"""The site's `.htaccess` for Apache, as the build writes it: the policy of
`_headers`, word for word, in sections that all close. What Apache does with
it is checked on a running Apache, with the same checks as nginx (test_nginx.py)."""

import re

from build_tools.site.deployment import APACHE_FILE, IMMUTABLE, REVALIDATE, host_rules, htaccess

SECTION = re.compile(r"^\s*<(/?)(\w+)\b[^>]*>\s*$")


def sections(text: str) -> list:
    """The problems of the nesting of <Section …> … </Section>, [] when it is right."""
    open_, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        match = SECTION.match(line)
        if not match:
            continue
        closing, name = match.groups()
        if not closing:
            open_.append((name, number))
        elif not open_ or open_[-1][0] != name:
            opened = f"<{open_[-1][0]}> (ligne {open_[-1][1]})" if open_ else "rien"
            problems.append(f"ligne {number} : </{name}> ne ferme pas {opened}")
        else:
            open_.pop()
    return problems + [f"<{name}> de la ligne {number} jamais fermée" for name, number in open_]


def test_the_build_writes_the_policy_of_headers_into_htaccess(built_site):
    text = (built_site / APACHE_FILE).read_text(encoding="utf-8")
    assert text == htaccess(built_site)
    every, by_path = host_rules(built_site)
    for name, value in every:
        assert f'Header always set {name} "{value}"' in text
    for path, headers in by_path.items():
        block = re.search(rf'<If "%{{REQUEST_URI}} =~ m#\^{re.escape(re.escape(path))}[^"]*">\n((?:    .*\n)+)  </If>', text)
        assert block, path
        assert block.group(1) == "".join(f'    Header always add {name} "{value}"\n' for name, value in headers), path
    assert f'Header always set Cache-Control "{REVALIDATE}"' in text and f'Header always set Cache-Control "{IMMUTABLE}"' in text
    for directive in ("AddType application/wasm .wasm", "AddType text/javascript .js .mjs", "AddEncoding br .br", "AddEncoding gzip .gz"):
        assert directive in text


def test_every_section_of_htaccess_is_closed(built_site):
    text = (built_site / APACHE_FILE).read_text(encoding="utf-8")
    assert text.count("<IfModule") == 3
    assert sections(text) == []


def test_the_nesting_check_sees_a_section_left_open():
    assert sections("<IfModule mod_mime.c>\n  <FilesMatch x>\n</IfModule>\n") == [
        "ligne 3 : </IfModule> ne ferme pas <FilesMatch> (ligne 2)",
        "<IfModule> de la ligne 1 jamais fermée",
        "<FilesMatch> de la ligne 2 jamais fermée",
    ]
