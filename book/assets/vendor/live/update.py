"""Fetch the runtimes of "Make live" from npm and PyPI, verify them and write them beside
this file.

The pins: ``package.json`` and ``package-lock.json`` here for npm (the lock's
``integrity``, sha512, is checked for each package tarball) and ``pyodide-wheels.txt`` for
PyPI (``pip download --require-hashes`` checks each wheel's sha256). The files taken out of
them are listed with their sha256 in ``SHA256SUMS``, which this script checks (``--check``)
or writes anew after a version change (``--write-sums``). The files themselves (about
20 MB) are not committed: the book build fetches them (machines that build the book reach
npm and PyPI) and copies them into the site, where a page loads them only after a click.

What is vendored and changed:

- ``thebe`` (its prebuilt ``lib/``, without source maps): runs a page's cells on a kernel.
- ``requirejs`` (``require.js``): the loader thebe asks for before the first widget.
- ``thebe-lite`` (``lite/``, and its kernel wheels in ``pyodide/``): JupyterLite's
  in-browser server with its Pyodide kernel (0.4.7), for the in-browser way. Its worker
  is a classic web worker, which Pyodide 0.28 and later refuse, so the core is Pyodide
  0.27, the series the kernel was made for. The npm core lacks the compiled ``ssl`` and
  ``sqlite3`` modules, so the kernel's start-up list no longer asks for them (IPython 9
  then keeps no history database).
- ``pyodide`` (``pyodide/``): the core only (interpreter, standard library); no
  scientific packages.
- the pure-Python wheels the kernel and the widgets import (``pyodide/*.whl``), and
  ``pyodide/pyodide-lock.json``: Pyodide's lock file reduced to exactly these wheels (and
  the book's own package, added by ``--package-wheel`` at build time), so an import of
  anything else fails at once instead of asking a CDN.

Every address of a public CDN in a bundle is replaced by a local one or by an empty
string, so the page can ask no other host for anything.

Run: ``python book/assets/vendor/live/update.py [--check | --write-sums |
--package-wheel REPO]``.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DIST = HERE / "dist"
SUMS = HERE / "SHA256SUMS"
WHEEL_PINS = HERE / "pyodide-wheels.txt"
PYODIDE = DIST / "pyodide"
LOCK = PYODIDE / "pyodide-lock.json"
UPSTREAM_LOCK = PYODIDE / "pyodide-lock.upstream.json"
PACKAGE_STAMP = PYODIDE / "package-source.sha256"
REGISTRY = "https://registry.npmjs.org"
LOCAL_REQUIRE = "window.KT_REQUIREJS_URL"
"""Where thebe reads require.js's address: set by the page's loader (the vendored copy)."""
CDN_REWRITES = (
    ('"https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js"', LOCAL_REQUIRE),
    ("https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.5/MathJax.js", ""),
    ("https://cdn.jsdelivr.net/npm/", ""),
    ("https://cdn.jsdelivr.net/pyodide/v0.27.0/full/pyodide.js", ""),
    ("https://cdn.jsdelivr.net/pyodide/v", ""),
    ("https://unpkg.com/", ""),
    ("https://pypi.org/pypi/", ""),
)
"""(address in the bundle, replacement): no vendored file may name another host."""
KERNEL_START_LIST = ('["ssl","sqlite3","ipykernel",', '["ipykernel",')
"""thebe-lite's Pyodide worker installs these first; the npm core lacks ssl and sqlite3."""
CDN_HOSTS = re.compile(
    rb"https?://(?:cdnjs\.cloudflare\.com|cdn\.jsdelivr\.net|unpkg\.com|pypi\.org|"
    rb"files\.pythonhosted\.org|cdn\.[a-z0-9.-]+|[a-z0-9.-]*googleapis\.com)/"
)
PYODIDE_CORE = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
LITE_WHEELS = ("pyodide_kernel-", "piplite-", "ipykernel-")
"""The wheels thebe-lite carries: the kernel, its pip shim, an ipykernel stub."""
NOT_IN_CORE = {"ssl", "sqlite3", "openssl"}
"""Compiled modules of Pyodide's full distribution that its npm core lacks."""
KERNEL_PACKAGES = ("micropip", "piplite", "ipykernel", "comm", "pyodide_kernel", "ipython")
"""Loaded before the kernel starts (the names its worker checks), so it installs nothing."""
EXTRA_DEPENDS = {
    "ipython": ["ipython-pygments-lexers"],
    "ipywidgets": ["comm", "ipython", "traitlets"],
    "piplite": ["micropip"],
    "pyodide-kernel": ["ipykernel", "comm", "ipython"],
    "korea-talks": ["ipywidgets"],
}
"""Dependencies of the wheels Pyodide's lock does not list (its own entries keep theirs)."""
BUILT = ("pyodide/pyodide-lock.json", "pyodide/korea_talks-", "pyodide/package-source.sha256")
"""Files made at build time (not fetched), so not in SHA256SUMS."""


def tarball(name: str, version: str, integrity: str) -> tarfile.TarFile:
    """The package tarball from npm, after checking the lock's sha512 integrity."""
    url = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=300) as response:
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
    """A bundle with every CDN address of :data:`CDN_REWRITES` replaced.

    >>> rewrite(b'url="https://unpkg.com/x/all.json"')
    b'url="x/all.json"'
    """
    for old, new in CDN_REWRITES:
        data = data.replace(old.encode(), new.encode())
    return data


def extract(archive: tarfile.TarFile, prefix: str, target: Path, keep: object) -> list[str]:
    """Write the members under ``prefix`` for which ``keep(name)`` holds, CDN addresses
    rewritten, into ``target``; return their names."""
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for member in archive.getmembers():
        name = member.name.removeprefix(prefix)
        if member.isfile() and member.name.startswith(prefix) and keep(name):  # type: ignore[operator]
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            data = archive.extractfile(member).read()  # type: ignore[union-attr]
            (target / name).write_bytes(rewrite(data))
            names.append(name)
    return names


def fetch_npm() -> None:
    """thebe, require.js, thebe-lite and the Pyodide core from npm."""
    with tarball("thebe", *locked("thebe")) as archive:
        extract(
            archive,
            "package/lib/",
            DIST / "thebe",
            lambda n: "/" not in n and (n.endswith(".js") or n == "thebe.css"),
        )
    with tarball("requirejs", *locked("requirejs")) as archive:
        data = archive.extractfile("package/require.js").read()  # type: ignore[union-attr]
        (DIST / "require.js").write_bytes(data)
    with tarball("thebe-lite", *locked("thebe-lite")) as archive:
        names = extract(
            archive,
            "package/dist/lib/",
            DIST / "lite",
            lambda n: "/" not in n and n.endswith(".js") and n != "service-worker.js",
        )
        PYODIDE.mkdir(parents=True, exist_ok=True)
        for member in archive.getmembers():
            base = member.name.rsplit("/", 1)[-1]
            if member.name.startswith("package/dist/lib/pypi/") and base.startswith(LITE_WHEELS):
                data = archive.extractfile(member).read()  # type: ignore[union-attr]
                (PYODIDE / base).write_bytes(data)
    start, changed = KERNEL_START_LIST
    workers = [n for n in names if start.encode() in (DIST / "lite" / n).read_bytes()]
    if not workers:
        raise SystemExit("thebe-lite: the Pyodide worker's start-up list was not found")
    for name in workers:
        path = DIST / "lite" / name
        path.write_bytes(path.read_bytes().replace(start.encode(), changed.encode()))
    with tarball("pyodide", *locked("pyodide")) as archive:
        extract(archive, "package/", PYODIDE, lambda n: n in PYODIDE_CORE)
        lock = archive.extractfile("package/pyodide-lock.json").read()  # type: ignore[union-attr]
        UPSTREAM_LOCK.write_bytes(lock)


def fetch_wheels() -> None:
    """The pinned wheels from PyPI (pip checks their hashes)."""
    PYODIDE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
        command += ["--only-binary", ":all:", "--python-version", "3.12", "--require-hashes"]
        subprocess.run([*command, "-r", str(WHEEL_PINS), "-d", tmp], check=True)
        for wheel in sorted(Path(tmp).glob("*.whl")):
            shutil.copy(wheel, PYODIDE / wheel.name)


def wheel_entry(wheel: Path, upstream: dict[str, dict]) -> tuple[str, dict]:
    """(normalized name, lock entry) for one wheel; Pyodide's own entry when it has one."""
    name, version = wheel.name.split("-")[:2]
    key = re.sub(r"[-_.]+", "-", name).lower()
    with zipfile.ZipFile(wheel) as archive:
        tops = {
            n.split("/")[0] for n in archive.namelist() if not n.split("/")[0].endswith("-info")
        }
    imports = sorted(t.removesuffix(".py") for t in tops if not t.endswith(".data"))
    entry = dict(upstream.get(key) or {"name": key, "imports": imports, "depends": []})
    entry.update(
        file_name=wheel.name,
        version=version,
        sha256=hashlib.sha256(wheel.read_bytes()).hexdigest(),
        package_type="package",
        install_dir="site",
        unvendored_tests=False,
    )
    depends = set(entry.get("depends", [])) - NOT_IN_CORE | set(EXTRA_DEPENDS.get(key, []))
    entry["depends"] = sorted(re.sub(r"[-_.]+", "-", d).lower() for d in depends)
    return key, entry


def write_lock() -> None:
    """pyodide-lock.json with Pyodide's header and exactly the wheels in pyodide/."""
    upstream = json.loads(UPSTREAM_LOCK.read_text(encoding="utf8"))
    packages = dict(wheel_entry(w, upstream["packages"]) for w in sorted(PYODIDE.glob("*.whl")))
    missing = {d for e in packages.values() for d in e["depends"]} - set(packages)
    if missing:
        raise SystemExit(f"pyodide-lock.json: wheels depended on but not vendored: {missing}")
    lock = {"info": upstream["info"], "packages": packages}
    LOCK.write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n", encoding="utf8")


def package_wheel(repo: Path) -> Path:
    """Build the book's own package as a wheel into pyodide/ (pure Python, no
    dependencies installed), unless its sources did not change; then rewrite the lock."""
    sources = sorted(p for p in (repo / "korea_talks").rglob("*") if p.is_file())
    sources = [p for p in sources if "__pycache__" not in p.parts] + [repo / "pyproject.toml"]
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.relative_to(repo).as_posix().encode() + b"\0" + path.read_bytes())
    stamp = digest.hexdigest()
    built = sorted(PYODIDE.glob("korea_talks-*.whl"))
    if not (built and PACKAGE_STAMP.is_file() and PACKAGE_STAMP.read_text().strip() == stamp):
        for old in built:
            old.unlink()
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "src"
            copy.mkdir()
            shutil.copytree(
                repo / "korea_talks",
                copy / "korea_talks",
                ignore=shutil.ignore_patterns("__pycache__"),
            )
            for name in ("pyproject.toml", "README.md", "LICENSE"):
                if (repo / name).is_file():
                    shutil.copy(repo / name, copy / name)
            command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
            subprocess.run([*command, "-w", str(PYODIDE), str(copy)], check=True)
        PACKAGE_STAMP.write_text(stamp + "\n")
    write_lock()
    return next(PYODIDE.glob("korea_talks-*.whl"))


def fetch() -> None:
    """Everything from the registries, and the lock of the vendored wheels."""
    fetch_npm()
    fetch_wheels()
    write_lock()


def is_built(path: str) -> bool:
    """Whether a path under dist/ is made at build time rather than fetched."""
    return path.startswith(BUILT)


def digests() -> dict[str, str]:
    """sha256 of every fetched file, by path under dist/."""
    return {
        path.relative_to(DIST).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(DIST.rglob("*"))
        if path.is_file() and not is_built(path.relative_to(DIST).as_posix())
    }


def cdn_addresses() -> list[str]:
    """Vendored bundles (JavaScript, CSS, JSON) that still name a CDN host: must be none.
    Wheels and the standard library are Python packages, not bundles: the kernel installs
    nothing after its start (PyPI fallback off), so their code asks no host."""
    return [
        path.relative_to(DIST).as_posix()
        for path in sorted(DIST.rglob("*"))
        if path.is_file()
        and path.suffix not in (".whl", ".zip", ".wasm")
        and CDN_HOSTS.search(path.read_bytes())
    ]


def lock_problems() -> list[str]:
    """The built lock must name existing wheels with their true sha256."""
    if not LOCK.is_file():
        return ["missing: pyodide/pyodide-lock.json"]
    packages = json.loads(LOCK.read_text(encoding="utf8"))["packages"]
    problems = []
    for key, entry in packages.items():
        wheel = PYODIDE / entry["file_name"]
        if not wheel.is_file():
            problems.append(f"lock names a missing wheel: {entry['file_name']}")
        elif hashlib.sha256(wheel.read_bytes()).hexdigest() != entry["sha256"]:
            problems.append(f"lock checksum differs: {key}")
    return problems


def check() -> list[str]:
    """Problems with dist/: missing, changed or extra files, CDN addresses, the lock."""
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
    return problems + lock_problems()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only verify dist/")
    parser.add_argument("--write-sums", action="store_true", help="fetch, then rewrite SHA256SUMS")
    parser.add_argument(
        "--package-wheel", type=Path, metavar="REPO", help="build REPO's package wheel into dist/"
    )
    args = parser.parse_args(argv)
    if args.package_wheel:
        package_wheel(args.package_wheel.resolve())
    elif not args.check:
        fetch()
    if args.write_sums:
        SUMS.write_text("".join(f"{d}  {p}\n" for p, d in digests().items()))
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
