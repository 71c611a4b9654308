"""A local HTTPS server for fleet tests (certificates from ``trustme``), and small decks to publish."""

from __future__ import annotations

import hashlib
import http.server
import json
import ssl
import threading
import time
from pathlib import Path

DECK = """\
deck:
  id: {id}
  title: {title}
  dwell: 3
  archive: false
slides:
  - {{id: welcome, type: title, title: {title}}}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""


def make_deck(folder: Path, title: str = "Harvest week", deck_id: str = "harvest") -> Path:
    """A small valid deck in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(DECK.format(id=deck_id, title=title), encoding="utf-8")
    return folder


def rewrite_feed(folder: Path, **changes) -> dict:
    """Change fields of ``folder/feed.json`` (e.g. what an attacker or a replay would serve)."""
    path = folder / "feed.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data), encoding="utf-8")
    return data


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Server:
    """Serves a folder over HTTPS on 127.0.0.1 with ETag and If-None-Match, and can misbehave.

    Attributes:
        mode: ``""`` (serve), ``"cut"`` (a bundle's connection closed half-way), ``"slow"``
            (answers after :attr:`delay` seconds).
        requests: (path, status) of each request answered.
    """

    def __init__(self, folder: Path, context: ssl.SSLContext) -> None:
        self.folder, self.mode, self.delay, self.requests = folder, "", 2.0, []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                if server.mode == "slow":
                    time.sleep(server.delay)
                path = server.folder / self.path.lstrip("/")
                if not path.is_file():
                    server.requests.append((self.path, 404))
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = path.read_bytes()
                etag = f'"{sha(data)[:16]}"'
                if self.headers.get("If-None-Match") == etag:
                    server.requests.append((self.path, 304))
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                server.requests.append((self.path, 200))
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if server.mode == "cut" and path.suffix == ".zip":
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
