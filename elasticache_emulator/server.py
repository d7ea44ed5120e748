"""The HTTP server: AWS Query API at ``POST /`` and the JSON admin API under ``/_emulator/``.

Stdlib only (``http.server.ThreadingHTTPServer``, HTTP/1.1 keep-alive). Any credentials are accepted;
signatures are not checked. The account id is the access key id when it is 12 digits, else
``123456789012``; the region comes from the SigV4 credential scope (``us-east-1`` when absent).

Per AWS call: faults are decided first (``faults``), latency is slept outside the state lock, the
operation runs under the backend lock (``responses.dispatch``), the call is recorded in the request log,
and after a successful write the state file (if any) is rewritten.

Admin API (JSON bodies; see ``docs/emulator.md`` and ``admin.AdminClient``)::

    GET    /_emulator/health                 {"status": "ok", ...}
    GET    /_emulator/requests[?operation=X&since=N]   {"requests": [RequestRecord...]}
    DELETE /_emulator/requests
    GET    /_emulator/config                 EmulatorConfig as JSON
    PUT    /_emulator/config                 deep-merge a partial config (PATCH is accepted too)
    GET    /_emulator/faults                 {"faults": [ScriptedFaultSpec...]}
    POST   /_emulator/faults                 queue one scripted fault
    DELETE /_emulator/faults
    POST   /_emulator/reset                  {"state": true, "requests": true, "faults": true} (all default true)
    POST   /_emulator/clock                  {"advance": seconds}: move the emulator's clock forward
    GET    /_emulator/state                  the state snapshot (the state file's format)
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import traceback
import uuid
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pydantic import ValidationError

from elasticache_emulator import state_file
from elasticache_emulator.config import EmulatorConfig
from elasticache_emulator.exceptions import EmulatorError, InternalFailure, MissingParameter
from elasticache_emulator.faults import FaultInjector, ScriptedFaultSpec
from elasticache_emulator.models import DEFAULT_ACCOUNT_ID, Backend
from elasticache_emulator.request_log import RequestLog, RequestRecord, is_write_operation, redact
from elasticache_emulator.responses import dispatch, operation_model, render_error, render_result

__all__ = ["ADMIN_PREFIX", "EmulatorServer", "account_and_region"]

ADMIN_PREFIX = "/_emulator/"
DEFAULT_REGION = "us-east-1"
_CREDENTIAL_RE = re.compile(r"Credential=([^/,\s]+)/[^/]*/([^/]+)/")
_log = logging.getLogger("elasticache_emulator")


def account_and_region(authorization: str | None) -> tuple[str, str]:
    """(account id, region) from a SigV4 ``Authorization`` header."""
    match = _CREDENTIAL_RE.search(authorization or "")
    if match is None:
        return DEFAULT_ACCOUNT_ID, DEFAULT_REGION
    access_key, region = match.group(1), match.group(2)
    account = access_key if re.fullmatch(r"\d{12}", access_key) else DEFAULT_ACCOUNT_ID
    return account, region


class _AdminError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class EmulatorServer:
    """One emulator instance: state, faults, request log and an HTTP server (not yet started).

    ``port=0`` picks a free port; :attr:`endpoint_url` is known right after construction.
    Use :meth:`start`/:meth:`stop` or the context manager.
    """

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        state_path: Path | None = None,
        verbose: bool = False,
    ) -> None:
        self._config = config or EmulatorConfig()
        self.backend = Backend(self._config)
        self.faults = FaultInjector(self._config.faults)
        self.request_log = RequestLog(self._config.request_log_limit)
        self.state_path = state_path
        self.verbose = verbose
        if state_path is not None:
            state_file.load(self.backend, state_path)
        self._httpd = ThreadingHTTPServer((host, port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.emulator = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None
        self._stopped = False

    # ------------------------------------------------------------------ lifecycle

    @property
    def endpoint_url(self) -> str:
        address = self._httpd.server_address
        host = address[0].decode() if isinstance(address[0], bytes) else str(address[0])
        port = address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    @property
    def config(self) -> EmulatorConfig:
        return self._config

    def configure(self, config: EmulatorConfig) -> None:
        """Swap the configuration (timings apply to transitions started from now on)."""
        with self.backend.lock:
            self._config = config
            self.backend.config = config
        self.faults.configure(config.faults)
        self.request_log.resize(config.request_log_limit)

    def start(self) -> EmulatorServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.02},
                name="elasticache-emulator",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the socket, write the state file. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join()
        self._httpd.server_close()
        self.save_state()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def save_state(self) -> None:
        if self.state_path is not None:
            with self.backend.lock:
                state_file.save(self.backend, self.state_path)

    # ------------------------------------------------------------------ AWS API

    def handle_aws(self, headers: Mapping[str, str], query: str, body: bytes) -> tuple[int, bytes]:
        """Serve one AWS Query request (``headers`` keys lower-case); returns (HTTP status, XML body)."""
        started = time.time()
        request_id = str(uuid.uuid4())
        raw: dict[str, str] = {}
        for source in (query, body.decode("utf-8", errors="replace")):
            for key, values in parse_qs(source, keep_blank_values=True).items():
                raw[key] = values[0]
        account, region = account_and_region(headers.get("authorization"))
        action = raw.get("Action", "")
        error: EmulatorError | None = None
        fault: str | None = None
        result: dict[str, Any] | None = None
        if not action:
            error = MissingParameter(parameter="Action")
        else:
            decision = self.faults.decide(action)
            fault = decision.fault
            if decision.latency > 0:
                time.sleep(decision.latency)
            try:
                if decision.error is not None and not decision.apply:
                    raise decision.error
                result = dispatch(self.backend, account, region, action, raw)
                if decision.error is not None:
                    raise decision.error
            except EmulatorError as exc:
                error = exc
            except Exception:  # an emulator bug must still produce an AWS-shaped answer
                _log.error("unhandled error in %s:\n%s", action, traceback.format_exc())
                error = InternalFailure()
        if self.state_path is not None and result is not None and is_write_operation(action):
            self.save_state()  # also after an applied scripted fault: the change happened
        if error is None:
            assert result is not None
            status, payload = 200, render_result(operation_model(action), result, request_id)
        else:
            status, payload = error.status, render_error(error, request_id)
        self.request_log.append(
            RequestRecord(
                seq=self.request_log.next_seq(),
                request_id=request_id,
                operation=action,
                params=redact({k: v for k, v in raw.items() if k not in ("Action", "Version")}),
                account_id=account,
                region=region,
                http_status=status,
                error_code=None if error is None else error.code,
                error_message=None if error is None else error.message,
                fault=fault,
                started_at=started,
                ended_at=time.time(),
                is_write=is_write_operation(action),
            )
        )
        if self.verbose:
            _log.info("%s %s/%s -> %s %s", action, account, region, status, "" if error is None else error.code)
        return status, payload

    # ------------------------------------------------------------------ admin API

    def handle_admin(self, method: str, path: str, query: str, body: bytes) -> tuple[int, Any]:
        """Serve one admin request; returns (HTTP status, JSON-serialisable body)."""
        try:
            payload: Any = json.loads(body) if body.strip() else {}
        except json.JSONDecodeError as exc:
            return 400, {"error": f"invalid JSON body: {exc}"}
        if not isinstance(payload, dict):
            return 400, {"error": "the JSON body must be an object"}
        name = path[len(ADMIN_PREFIX) :].strip("/")
        args = {k: v[0] for k, v in parse_qs(query).items()}
        try:
            return 200, self._admin(method, name, args, payload)
        except _AdminError as exc:
            return exc.status, {"error": str(exc)}
        except (ValidationError, ValueError, TypeError) as exc:
            return 400, {"error": str(exc)}

    def _admin(self, method: str, name: str, args: Mapping[str, str], payload: dict[str, Any]) -> Any:
        route = (method, name)
        if route == ("GET", "health"):
            return {
                "status": "ok",
                "endpoint_url": self.endpoint_url,
                "pending_transitions": self.backend.pending_transitions(),
            }
        if route == ("GET", "requests"):
            records = self.request_log.records(args.get("operation"), int(args.get("since", "0")))
            return {"requests": [r.to_json() for r in records]}
        if route == ("DELETE", "requests"):
            self.request_log.clear()
            return {"cleared": True}
        if route == ("GET", "config"):
            return self._config.model_dump(mode="json")
        if method in ("PUT", "PATCH") and name == "config":
            self.configure(self._config.merged(payload))
            return self._config.model_dump(mode="json")
        if route == ("GET", "faults"):
            return {"faults": [f.to_json() for f in self.faults.scripted()]}
        if route == ("POST", "faults"):
            return self.faults.add(ScriptedFaultSpec.from_json(payload)).to_json()
        if route == ("DELETE", "faults"):
            self.faults.clear_scripted()
            return {"cleared": True}
        if route == ("POST", "reset"):
            if payload.get("state", True):
                with self.backend.lock:
                    self.backend.reset()
                self.save_state()
            if payload.get("requests", True):
                self.request_log.clear()
            if payload.get("faults", True):
                self.faults.clear_scripted()
                self.faults.reset_counters()
            return {"reset": True}
        if route == ("POST", "clock"):
            seconds = float(payload.get("advance", 0))
            with self.backend.lock:
                self.backend.clock.advance(seconds)
                self.backend.advance()
            return {"advanced": seconds}
        if route == ("GET", "state"):
            with self.backend.lock:
                self.backend.advance()
                return state_file.snapshot(self.backend)
        raise _AdminError(404, f"no admin endpoint {method} {ADMIN_PREFIX}{name}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "elasticache-emulator"
    timeout = 60
    disable_nagle_algorithm = True

    @property
    def emulator(self) -> EmulatorServer:
        emulator: EmulatorServer = self.server.emulator  # type: ignore[attr-defined]
        return emulator

    def log_message(self, format: str, *args: Any) -> None:
        if self.emulator.verbose:
            _log.debug(format, *args)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status: int, content_type: str, payload: bytes, request_id: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        if request_id:
            self.send_header("x-amzn-RequestId", request_id)
        self.end_headers()
        self.wfile.write(payload)

    def _route(self, method: str) -> None:
        split = urlsplit(self.path)
        body = self._body()
        if split.path.startswith(ADMIN_PREFIX):
            status, data = self.emulator.handle_admin(method, split.path, split.query, body)
            self._send(status, "application/json", json.dumps(data).encode())
        elif method == "POST" and split.path in ("", "/"):
            status, payload = self.emulator.handle_aws(
                {k.lower(): v for k, v in self.headers.items()}, split.query, body
            )
            self._send(status, "text/xml", payload)
        elif method == "GET" and split.path in ("", "/"):
            self._send(200, "text/plain", b"ElastiCache RBAC emulator: POST AWS Query requests here.\n")
        else:
            self._send(HTTPStatus.NOT_FOUND, "application/json", b'{"error": "not found"}')

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PUT(self) -> None:
        self._route("PUT")

    def do_PATCH(self) -> None:
        self._route("PATCH")

    def do_DELETE(self) -> None:
        self._route("DELETE")
