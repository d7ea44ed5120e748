"""Run the emulator in-process (tests, benchmarks, demos): :func:`start_emulator`.

::

    with start_emulator(transition_delay=0.5) as emu:
        client = emu.client()
        client.describe_users()
        assert emu.admin.call_counts()["DescribeUsers"] == 1
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from elasticache_emulator.admin import AdminClient
from elasticache_emulator.config import EmulatorConfig, build_config
from elasticache_emulator.server import EmulatorServer

if TYPE_CHECKING:
    import boto3
    from mypy_boto3_elasticache import ElastiCacheClient

__all__ = ["CALL_TOTALS_ENV", "RunningEmulator", "start_emulator"]

CALL_TOTALS_ENV = "ELASTICACHE_EMULATOR_CALL_TOTALS"


_SESSION_LOCK = threading.Lock()


@functools.cache
def _session() -> boto3.session.Session:
    """One boto3 session per process: its loader caches the service model, so clients are cheap."""
    import boto3

    return boto3.session.Session()


class RunningEmulator:
    """A started emulator: :attr:`endpoint_url`, :attr:`admin`, :meth:`client`, :meth:`aws_environment`,
    :meth:`stop`."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.endpoint_url = server.endpoint_url
        self.admin = AdminClient(self.endpoint_url)

    def client(
        self,
        region: str = "us-east-1",
        *,
        account_id: str | None = None,
        max_attempts: int | None = None,
    ) -> ElastiCacheClient:
        """A boto3 ElastiCache client for this emulator with dummy credentials.

        ``account_id`` (12 digits) becomes the access key id, which selects the emulated account.
        ``max_attempts`` sets botocore's standard retry mode attempts (1 = no retries); default: botocore's.
        """
        from botocore.config import Config

        config = Config(retries={"mode": "standard", "total_max_attempts": max_attempts}) if max_attempts else None
        with _SESSION_LOCK:
            return _session().client(
                "elasticache",
                endpoint_url=self.endpoint_url,
                region_name=region,
                aws_access_key_id=account_id or "testing",
                aws_secret_access_key="testing",
                config=config,
            )

    def aws_environment(self, region: str = "us-east-1") -> dict[str, str]:
        """The environment of a process (AWS CLI, ``elasticache-rbac export``, a script using boto3) that
        talks to this emulator as a person would: this process's environment without its ``AWS_*``
        variables, plus the emulator's endpoint, dummy credentials, ``region``, no config or credentials
        file and no instance metadata lookups."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(
            AWS_ENDPOINT_URL_ELASTICACHE=self.endpoint_url,
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",
            AWS_REGION=region,
            AWS_CONFIG_FILE=os.devnull,
            AWS_SHARED_CREDENTIALS_FILE=os.devnull,
            AWS_EC2_METADATA_DISABLED="true",
        )
        return env

    def stop(self) -> None:
        """Stop the server; with ``$ELASTICACHE_EMULATOR_CALL_TOTALS`` set to a directory, first write
        the totals of every call it served there (one JSON file per emulator, named after the pytest
        test running it): ``scripts/compare_call_totals.py`` compares two such directories."""
        out = os.environ.get(CALL_TOTALS_ENV)
        if out:
            test = os.environ.get("PYTEST_CURRENT_TEST", "no-test").rsplit(" (", 1)[0]
            totals = [[op, outcome, n] for (op, outcome), n in sorted(self.server.request_log.totals.items())]
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", test)[-150:] + f"-{uuid.uuid4().hex[:8]}.json"
            Path(out).mkdir(parents=True, exist_ok=True)
            (Path(out) / name).write_text(json.dumps({"test": test, "totals": totals}))
        self.server.stop()

    def __enter__(self) -> RunningEmulator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def start_emulator(
    config: EmulatorConfig | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    state_path: Path | str | None = None,
    transition_delay: float | None = None,
    timings: Mapping[str, float] | None = None,
    faults: Mapping[str, Any] | None = None,
    quotas: Mapping[str, Any] | None = None,
    rules: Mapping[str, Any] | None = None,
) -> RunningEmulator:
    """Start an emulator on ``host:port`` (0 = ephemeral) and return it; stop it or use ``with``.

    The keyword overrides are applied on top of ``config`` (default: zero delays, no faults).
    """
    merged = build_config(
        transition_delay=transition_delay, timings=timings, faults=faults, quotas=quotas, rules=rules, base=config
    )
    server = EmulatorServer(merged, host=host, port=port, state_path=None if state_path is None else Path(state_path))
    return RunningEmulator(server.start())
