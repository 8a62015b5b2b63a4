"""Last touches on a finished site folder (every edition built), before it goes live."""

from pathlib import Path

from build_tools.site.compression import add_compressed_copies
from build_tools.site.deployment import write_server_configurations
from build_tools.site.offline import add_service_worker
from build_tools.site.security import add_content_security_policy


def finalize(site_dir: Path) -> None:
    site_dir = Path(site_dir)
    # The policy first: the service worker's list then hashes the pages as they
    # are served (a change of policy alone renews the offline copy). The
    # registration script it links is a file, allowed by 'self': no hash needed.
    add_content_security_policy(site_dir)
    add_service_worker(site_dir)
    # The copies are of the files as served, and no list above names them.
    add_compressed_copies(site_dir)
    # Last: nginx's and Apache's configurations, from _headers, for the copies too.
    write_server_configurations(site_dir)
