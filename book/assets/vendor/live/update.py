"""Fetch the runtimes of "Make live" from npm, verify them and write them beside this file.

The pins are ``package.json`` and ``package-lock.json`` here (the lock's ``integrity``,
sha512, is checked for each package tarball); the files taken out of the tarballs are
listed with their sha256 in ``SHA256SUMS``, which this script checks (``--check``) or
writes anew after a version change (``--write-sums``). The files themselves (3.4 MB) are
not committed: the book build fetches them (machines that build the book reach npm).

What is vendored and changed:

- ``thebe`` (its prebuilt ``lib/``, without source maps): connects the page to a Jupyter
  server. Its bundle names public CDNs (require.js on cdnjs, widget code on jsDelivr,
  MathJax 2); every such address is replaced by a local one or by an empty string, so
  the page can ask no other host for anything.
- ``requirejs`` (``require.js``): the loader thebe asks for before the first widget.

Run: ``python book/assets/vendor/live/update.py [--check | --write-sums]``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import sys
import tarfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIST = HERE / "dist"
SUMS = HERE / "SHA256SUMS"
REGISTRY = "https://registry.npmjs.org"
LOCAL_REQUIRE = "window.KT_REQUIREJS_URL"
"""Where thebe reads require.js's address: set by the page's loader (the vendored copy)."""
CDN_REWRITES = (
    ('"https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js"', LOCAL_REQUIRE),
    ("https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.5/MathJax.js", ""),
    ("https://cdn.jsdelivr.net/npm/", ""),
    ("https://unpkg.com/", ""),
)
"""(address in the bundle, replacement): no vendored file may name another host."""
CDN_HOSTS = re.compile(
    rb"https?://(?:cdnjs\.cloudflare\.com|cdn\.jsdelivr\.net|unpkg\.com|"
    rb"cdn\.[a-z0-9.-]+|[a-z0-9.-]*googleapis\.com)/"
)


def tarball(name: str, version: str, integrity: str) -> tarfile.TarFile:
    """The package tarball from npm, after checking the lock's sha512 integrity."""
    url = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read()
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"{name}@{version}: integrity mismatch (lock {integrity})")
    return tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")


def locked(name: str) -> tuple[str, str]:
    """(version, integrity) of a package in package-lock.json."""
    lock = json.loads((HERE / "package-lock.json").read_text(encoding="utf8"))
    entry = lock["packages"][f"node_modules/{name}"]
    return entry["version"], entry["integrity"]


def rewrite(data: bytes) -> bytes:
    """A bundle with every CDN address of :data:`CDN_REWRITES` replaced."""
    for old, new in CDN_REWRITES:
        data = data.replace(old.encode(), new.encode())
    return data


def fetch() -> None:
    """Write dist/thebe/*.js, dist/thebe/thebe.css and dist/require.js from npm."""
    (DIST / "thebe").mkdir(parents=True, exist_ok=True)
    with tarball("thebe", *locked("thebe")) as archive:
        for member in archive.getmembers():
            name = member.name.removeprefix("package/lib/")
            if (
                member.name.startswith("package/lib/")
                and "/" not in name
                and (name.endswith(".js") or name == "thebe.css")
            ):
                data = archive.extractfile(member).read()  # type: ignore[union-attr]
                (DIST / "thebe" / name).write_bytes(rewrite(data))
    with tarball("requirejs", *locked("requirejs")) as archive:
        data = archive.extractfile("package/require.js").read()  # type: ignore[union-attr]
        (DIST / "require.js").write_bytes(data)


def digests() -> dict[str, str]:
    """sha256 of every vendored file, by path under dist/."""
    return {
        path.relative_to(DIST).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(DIST.rglob("*"))
        if path.is_file()
    }


def cdn_addresses() -> list[str]:
    """Vendored files that still name a CDN host (must be none)."""
    return [
        path.relative_to(DIST).as_posix()
        for path in sorted(DIST.rglob("*"))
        if path.is_file() and CDN_HOSTS.search(path.read_bytes())
    ]


def check() -> list[str]:
    """Problems with dist/: missing, changed or extra files, CDN addresses."""
    expected = dict(
        line.split("  ", 1)[::-1] for line in SUMS.read_text().splitlines() if line.strip()
    )
    actual = digests()
    problems = [f"missing: {p}" for p in expected if p not in actual]
    problems += [f"not listed: {p}" for p in actual if p not in expected]
    problems += [
        f"checksum differs: {p}" for p in expected if p in actual and actual[p] != expected[p]
    ]
    problems += [f"names a CDN: {p}" for p in cdn_addresses()]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify dist/")
    parser.add_argument("--write-sums", action="store_true", help="fetch, then rewrite SHA256SUMS")
    args = parser.parse_args(argv)
    if not args.check:
        fetch()
    if args.write_sums:
        SUMS.write_text("".join(f"{d}  {p}\n" for p, d in digests().items()))
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
