"""Debian's nginx and Apache, started on loopback for a test, in the foreground,
with the build's configuration of a site (`_nginx.conf` included in a server
block, `.htaccess` allowed by `AllowOverride FileInfo`), as the guide says.
Everything they write goes to a temporary folder; both stop with the block.

Installed by `scripts/setup --browser` (packages nginx and apache2-bin)."""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from build_tools.site.deployment import NGINX_FILE

# Debian installs both in /usr/sbin, which a user's PATH may not hold.
SBIN = "/usr/sbin:/usr/local/sbin"
NGINX = shutil.which("nginx") or shutil.which("nginx", path=SBIN)
APACHE = shutil.which("apache2") or shutil.which("apache2", path=SBIN)
APACHE_MODULES = Path("/usr/lib/apache2/modules")

NGINX_CONF = """daemon off;
{user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        include {site}/{include};
    }}
}}
"""

# Debian's defaults that meet the site's files (mods-enabled/mime.conf, deflate.conf):
# .gz typed as an archive, .br read as the Breton language, compression of text on the fly.
APACHE_CONF = """ServerRoot {work}
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile {work}/apache2.pid
DefaultRuntimeDir {work}
ErrorLog {work}/error.log
LogLevel warn
{user}
{modules}
TypesConfig /etc/mime.types
AddType application/x-gzip .gz .tgz
AddLanguage br .br
AddOutputFilterByType DEFLATE text/html text/plain text/xml text/css text/javascript application/javascript application/json
DirectoryIndex index.html
DocumentRoot {site}
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {site}>
    AllowOverride FileInfo
    Require all granted
</Directory>
"""
APACHE_MODULE_NAMES = ("mpm_event", "authz_core", "dir", "mime", "headers", "rewrite", "filter", "deflate")


class ServerError(Exception):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_listening(process, port: int, log: Path, name: str) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(
                f"{name} s'est arrêté (code {process.returncode}) :\n{log.read_text(encoding='utf-8') if log.exists() else ''}"
            )
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise ServerError(f"{name} n'écoute pas après 15 s")


@contextlib.contextmanager
def _running(command, port: int, log: Path, name: str):
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    if checked.returncode != 0:
        raise ServerError(f"configuration refusée par {name} :\n{checked.stderr}{checked.stdout}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_listening(process, port, log, name)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _root() -> bool:
    return os.geteuid() == 0


@contextlib.contextmanager
def nginx_serving(site: Path, work: Path):
    """Base URL of nginx serving `site` with its `_nginx.conf`."""
    if not NGINX:
        raise ServerError("nginx introuvable : « scripts/setup --browser » l'installe (apt-get install nginx)")
    port = free_port()
    # As root, nginx would run its workers as "nobody": they run as root here, who owns the site.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if _root() else ""
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, work=work, port=port, site=site, include=NGINX_FILE), encoding="utf-8")
    with _running([NGINX, "-p", str(work), "-c", str(conf), "-e", str(work / "error.log")], port, work / "error.log", "nginx") as url:
        yield url


@contextlib.contextmanager
def apache_serving(site: Path, work: Path):
    """Base URL of Apache serving `site` with its `.htaccess`.

    Apache refuses to serve as root: started by root, it serves as "nobody" a
    copy of the site in a folder that user can read (the test site's is private)."""
    if not APACHE:
        raise ServerError("Apache introuvable : « scripts/setup --browser » l'installe (apt-get install apache2-bin)")
    with contextlib.ExitStack() as stack:
        user = ""
        if _root():
            readable = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bts-apache-")))
            readable.chmod(0o755)
            site = Path(shutil.copytree(site, readable / "site"))
            user = "User nobody\nGroup nogroup"
        port = free_port()
        modules = "\n".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so" for name in APACHE_MODULE_NAMES)
        conf = work / "httpd.conf"
        conf.write_text(APACHE_CONF.format(work=work, port=port, site=site, user=user, modules=modules), encoding="utf-8")
        with _running([APACHE, "-f", str(conf), "-DFOREGROUND"], port, work / "error.log", "Apache") as url:
            yield url
