#!/usr/bin/env python3
"""Fill solara's CDN cache from the npm registry so dashboards work offline.

Solara's page loads its front-end bundles (Vuetify app, requirejs, Font Awesome,
grid layout, KaTeX, Mermaid, Vega) from a CDN at run time; with no internet the
page stays blank. Solara's server first looks in its proxy cache,
``SOLARA_ASSETS_PROXY_CACHE_DIR`` (default ``<sys.prefix>/share/solara/cdn/``, i.e.
``$VIRTUAL_ENV/share/solara/cdn/`` in a venv; run this with the venv's python),
laid out as ``<npm-name>@<version-as-written-in-the-url>/<package files>``
(see ``solara/server/cdn_helper.py:get_path`` and ``StaticCdn`` in
``solara/server/starlette.py``). This script reads the package specs from the
installed solara's own templates and components, runs ``npm pack`` for each and
unpacks the tarballs into that layout.

Stdlib only, so it can run right after ``pip install``. Idempotent: a package
whose marker file exists is skipped.

Usage::

    python scripts/install_solara_assets.py [--dest DIR] [--force] [--list]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import site
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

MARKER = ".warsim-solara-asset"

# Used only when a name cannot be found in solara's sources (with a warning).
# Verified for solara 1.64.1.
FALLBACK_SPECS = {
    "@widgetti/solara-vuetify-app": "10.1.1",
    "@widgetti/solara-vuetify3-app": "5.2.0",
    "requirejs": "2.3.6",
    "font-awesome": "4.5.0",
    "@widgetti/vue-grid-layout": "2.3.13-alpha.2",
    "katex": "0.16.9",
    "mermaid": "10.8.0",
    "vega": "5",
    "vega-lite": "5",
    "vega-embed": "6",
}

# "/<name>@<version>/" as it appears after "{{cdn}}", "${this.getCdn()}" or in
# settings.py's fontawesome_path. The version may be exact ("10.1.1",
# "2.3.13-alpha.2") or a major range ("5"); the cache dir uses it verbatim.
SPEC_RE = re.compile(r"/((?:@[a-z0-9][\w.-]*/)?[a-z0-9][\w.-]*)@(\d[\w.+-]*)/")
SCANNED_SUFFIXES = {".j2", ".vue", ".py", ".html", ".js"}


def find_solara_dir() -> Path:
    """Return the directory of the installed ``solara`` package.

    Returns
    -------
    Path
        The package directory (``.../site-packages/solara``).
    """
    spec = importlib.util.find_spec("solara")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("error: solara is not installed in this Python (run this script with the venv's python)")
    return Path(list(spec.submodule_search_locations)[0])


def default_dest(solara_dir: Path) -> Path:
    """Return the cache dir solara will read (same rule as its settings).

    Parameters
    ----------
    solara_dir : Path
        Installed solara package directory.

    Returns
    -------
    Path
        ``$SOLARA_ASSETS_PROXY_CACHE_DIR`` if set, else ``<prefix>/share/solara/cdn``
        where prefix is ``sys.prefix`` (the venv, e.g. ``$VIRTUAL_ENV``), or the
        user base for a ``pip install --user`` solara, as in ``solara/server/settings.py``.
    """
    env = os.environ.get("SOLARA_ASSETS_PROXY_CACHE_DIR")
    if env:
        return Path(env)
    prefix = sys.prefix
    userbase = site.getuserbase()
    if userbase and str(solara_dir).startswith(userbase):
        prefix = userbase
    return Path(prefix) / "share" / "solara" / "cdn"


def vuetify_major() -> int:
    """Return the installed ipyvuetify major version (1 if unknown).

    Returns
    -------
    int
        Major version; solara's page uses ``solara-vuetify3-app`` for 3, else
        ``solara-vuetify-app``.
    """
    try:
        return int(importlib.metadata.version("ipyvuetify").split(".")[0])
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return 1


def scan_specs(solara_dir: Path) -> dict[str, set[str]]:
    """Collect npm package specs referenced by solara's sources.

    Parameters
    ----------
    solara_dir : Path
        Installed solara package directory.

    Returns
    -------
    dict[str, set[str]]
        npm name -> versions as written in the CDN urls.
    """
    found: dict[str, set[str]] = {}
    for path in solara_dir.rglob("*"):
        rel = path.relative_to(solara_dir).parts
        if not path.is_file() or path.suffix not in SCANNED_SUFFIXES:
            continue
        if rel[0] in ("website", "__pycache__") or "node_modules" in rel or "static" in rel:
            continue  # docs site, built bundles
        text = path.read_text(encoding="utf-8", errors="replace")
        if "@" not in text:
            continue
        for name, version in SPEC_RE.findall(text):
            found.setdefault(name, set()).add(version)
    return found


def wanted_specs(solara_dir: Path) -> list[str]:
    """Return the ``name@version`` specs to install, parsed with fallbacks.

    Parameters
    ----------
    solara_dir : Path
        Installed solara package directory.

    Returns
    -------
    list[str]
        Specs such as ``requirejs@2.3.6`` or ``vega@5``.
    """
    found = scan_specs(solara_dir)
    skip = "@widgetti/solara-vuetify-app" if vuetify_major() >= 3 else "@widgetti/solara-vuetify3-app"
    specs = []
    for name, fallback in FALLBACK_SPECS.items():
        if name == skip:
            continue
        versions = found.get(name)
        if not versions:
            print(
                f"warning: {name} not found in solara's sources; using known version {fallback}",
                file=sys.stderr,
            )
            versions = {fallback}
        specs.extend(f"{name}@{v}" for v in sorted(versions))
    return specs


def install_one(spec: str, tarball: Path, dest: Path) -> None:
    """Unpack an ``npm pack`` tarball into ``dest/<spec>/`` atomically.

    Parameters
    ----------
    spec : str
        ``name@version`` exactly as it appears in solara's urls.
    tarball : Path
        The ``.tgz`` written by ``npm pack`` (members under ``package/``).
    dest : Path
        The solara CDN cache directory.
    """
    target = dest / spec
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
    try:
        with tarfile.open(tarball) as tf:
            tf.extractall(tmp, filter="data")
        roots = [p for p in tmp.iterdir()]
        root = roots[0] if len(roots) == 1 and roots[0].is_dir() else tmp  # usually "package/"
        version = json.loads((root / "package.json").read_text()).get("version", "?")
        (root / MARKER).write_text(f"{spec} {version}\n")
        if target.exists():
            shutil.rmtree(target)
        os.replace(root, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Run the installer.

    Parameters
    ----------
    argv : list[str] or None
        Command-line arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        Process exit status.
    """
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--dest",
        type=Path,
        default=None,
        help="cache dir (default: $SOLARA_ASSETS_PROXY_CACHE_DIR or <venv>/share/solara/cdn)",
    )
    ap.add_argument("--force", action="store_true", help="reinstall packages that are already present")
    ap.add_argument("--list", action="store_true", help="print the specs and exit")
    args = ap.parse_args(argv)

    t0 = time.monotonic()
    solara_dir = find_solara_dir()
    specs = wanted_specs(solara_dir)
    if args.list:
        print("\n".join(specs))
        return 0
    dest = (args.dest or default_dest(solara_dir)).resolve()
    todo = [s for s in specs if args.force or not (dest / s / MARKER).exists()]
    if todo:
        npm = shutil.which("npm")
        if npm is None:
            print(
                "error: npm not found; install Node.js/npm (e.g. `apt-get install npm`) "
                "to fetch solara's front-end assets for offline use",
                file=sys.stderr,
            )
            return 2
        with tempfile.TemporaryDirectory() as tmpdir:
            cmd = [npm, "pack", *todo, "--json", "--silent", "--pack-destination", tmpdir]
            res = subprocess.run(cmd, capture_output=True, text=True, cwd=tmpdir)
            if res.returncode != 0:
                print(
                    f"error: `npm pack` failed ({res.returncode}):\n{res.stderr.strip()}",
                    file=sys.stderr,
                )
                return 1
            packed = json.loads(res.stdout)
            if len(packed) != len(todo):
                print(
                    f"error: npm pack returned {len(packed)} tarballs for {len(todo)} specs",
                    file=sys.stderr,
                )
                return 1
            for spec, info in zip(todo, packed, strict=True):  # npm keeps argument order
                if not spec.startswith(info["name"] + "@"):
                    print(f"error: npm pack order mismatch: {spec} vs {info['id']}", file=sys.stderr)
                    return 1
                install_one(spec, Path(tmpdir) / info["filename"], dest)
    print(
        f"solara assets: {len(todo)} installed, {len(specs) - len(todo)} already present "
        f"in {dest} ({time.monotonic() - t0:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
