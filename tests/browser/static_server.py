"""A static file server for the browser tests that compresses text as static hosts do.

GitHub Pages, Netlify and most static hosts send HTML, CSS, JavaScript, JSON and SVG
gzip-compressed when the browser accepts it; ``python -m http.server`` never does. The
page-weight test measures what a reader downloads, so the tests serve the site this way.
Fonts and images are sent as they are (they are compressed formats already).

Run: ``python static_server.py PORT DIRECTORY`` (binds 127.0.0.1).
"""

from __future__ import annotations

import gzip
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
)


class CompressingHandler(SimpleHTTPRequestHandler):
    """Serve files; gzip the text ones when the request accepts gzip."""

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: the tests read what the browser saw, not the server's log."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects to "folder/"
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts and ctype.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return BytesIO(body)


def main() -> None:
    port, directory = int(sys.argv[1]), sys.argv[2]
    handler = partial(CompressingHandler, directory=directory)
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
