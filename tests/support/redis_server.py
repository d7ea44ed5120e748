"""A real ``redis-server`` for the engine tier: installed when missing, started on a free loopback port.

:func:`start` runs ``scripts/ensure-redis-server.sh`` (which installs Debian's ``redis-server`` package
when the binary is missing, or fails saying why), starts a server bound to 127.0.0.1 with no
persistence in a temporary directory, and returns a :class:`RedisServer` whose :meth:`~RedisServer.call`
speaks RESP2 over a plain socket (no client library). :meth:`RedisServer.stop` stops it.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENSURE = ROOT / "scripts" / "ensure-redis-server.sh"

Reply = str | int | bytes | list["Reply"] | None


class ReplyError(Exception):
    """An error reply (``-ERR ...``); ``str(exc)`` is its text."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RedisServer:
    """A running server: ``port``, ``version`` and a connection for :meth:`call`."""

    process: subprocess.Popen[bytes]
    port: int
    directory: Path
    version: str = ""
    _sock: socket.socket | None = None
    _buffer: bytes = field(default=b"", repr=False)

    def _connect(self) -> socket.socket:
        if self._sock is None:
            self._sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        return self._sock

    def call(self, *args: str) -> Reply:
        """Run one command; an error reply raises :class:`ReplyError`."""
        sock = self._connect()
        out = [f"*{len(args)}\r\n".encode()]
        for arg in args:
            data = arg.encode()
            out.append(b"$%d\r\n%s\r\n" % (len(data), data))
        sock.sendall(b"".join(out))
        return self._read()

    def _line(self) -> bytes:
        while b"\r\n" not in self._buffer:
            chunk = self._connect().recv(65536)
            if not chunk:
                raise ConnectionError("redis-server closed the connection")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\r\n")
        return line

    def _exact(self, size: int) -> bytes:
        while len(self._buffer) < size + 2:
            chunk = self._connect().recv(65536)
            if not chunk:
                raise ConnectionError("redis-server closed the connection")
            self._buffer += chunk
        data, self._buffer = self._buffer[:size], self._buffer[size + 2 :]
        return data

    def _read(self) -> Reply:
        line = self._line()
        kind, rest = line[:1], line[1:].decode()
        if kind == b"+":
            return rest
        if kind == b"-":
            raise ReplyError(rest)
        if kind == b":":
            return int(rest)
        if kind == b"$":
            return None if rest == "-1" else self._exact(int(rest)).decode()
        if kind == b"*":
            return None if rest == "-1" else [self._read() for _ in range(int(rest))]
        raise ConnectionError(f"unexpected reply {line!r}")

    def stop(self) -> None:
        """Stop the server and remove its directory."""
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        shutil.rmtree(self.directory, ignore_errors=True)


def ensure_binary() -> str:
    """The path of ``redis-server``, installing it when missing; fails loudly when it cannot."""
    done = subprocess.run(["bash", str(ENSURE)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"cannot provide redis-server for the engine tests:\n{done.stderr.strip()}")
    return done.stdout.strip().splitlines()[-1]


def start() -> RedisServer:
    """A fresh ``redis-server`` on a free 127.0.0.1 port (no persistence)."""
    binary = ensure_binary()
    directory = Path(tempfile.mkdtemp(prefix="acl-engine-"))
    port = _free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
            "--logfile",
            str(directory / "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = RedisServer(process, port, directory)
    deadline = time.monotonic() + 20
    while True:
        try:
            server.call("PING")
            break
        except OSError:
            server._sock = None
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"redis-server did not start on port {port}") from None
            time.sleep(0.05)
    info = server.call("INFO", "server")
    assert isinstance(info, str)
    server.version = next(line.split(":", 1)[1] for line in info.splitlines() if line.startswith("redis_version:"))
    return server
