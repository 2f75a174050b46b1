"""A TCP proxy that a test can cut and restore, to take a real service "down" without stopping it for others."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


class FlakyProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = int(probe.getsockname()[1])
        probe.close()
        self._server: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._cut_on: bytes | None = None
        self.cuts = 0

    def cut_on(self, pattern: bytes) -> FlakyProxy:
        """At the first client packet holding `pattern`, cut everything (as `down`) WITHOUT forwarding it: the
        moment between two states — what the client sent before is done, that command never reaches the server."""
        self._cut_on = pattern
        return self

    def up(self) -> FlakyProxy:
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(64)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()
        return self

    def down(self) -> None:
        """Refuse new connections and cut the open ones, as a crashed service would."""
        with self._lock:
            server, self._server = self._server, None
            conns, self._conns = self._conns, []
        if server is not None:
            try:  # wakes the accept() blocked on it (a bare close leaves it listening on Linux)
                server.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            server.close()
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._server is not server:
                    client.close()
                    upstream.close()
                    return
                self._conns += [client, upstream]
            for a, b, watch in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._pipe, args=(a, b, watch), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, watch: bool) -> None:
        try:
            while data := src.recv(65536):
                pattern = self._cut_on
                if watch and pattern is not None and pattern in data:
                    self._cut_on = None
                    self.cuts += 1
                    self.down()
                    return
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def via(url: str, proxy: FlakyProxy) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{proxy.port}"
    return urlunsplit(parts._replace(netloc=(netloc[0] + "@" + host) if len(netloc) == 2 else host))


def target(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", int(parts.port or 0)


class Stack:
    """Environment of one instance on real services, with proxies in front of Redis, PostgreSQL and ES."""

    def __init__(self, env: dict[str, str], tmp: Path, proxies: dict[str, FlakyProxy]) -> None:
        self.env, self.tmp, self.proxies = env, tmp, proxies
        self.workers: list[subprocess.Popen[bytes]] = []

    def start_worker(self, **env: str) -> subprocess.Popen[bytes]:
        """A `vanban worker` on this stack (`env`: its own settings over the stack's, e.g. its own proxy)."""
        vanban = Path(sys.executable).with_name("vanban")
        log = (self.tmp / f"worker{len(self.workers)}.log").open("wb")
        proc = subprocess.Popen([str(vanban), "worker", "--concurrency", "1"], env={**os.environ, **self.env, **env},
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.workers.append(proc)
        return proc

    @staticmethod
    def kill(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, sig)
            proc.wait(30)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(self.tmp.glob("worker*.log")))
