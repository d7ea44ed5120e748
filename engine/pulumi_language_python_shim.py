"""A Pulumi ``LanguageRuntime`` plugin for Python programs (stand-in for ``pulumi-language-python``).

Why this exists: the real Python language host is a Go module
(``github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3``) that has no release tags, and
the module proxy reachable on these machines refuses every pseudo-version of it (see
``docs/engine.md``). The engine itself (``pulumi`` from ``pkg/v3``) and the two Python plugin scripts
(``pulumi-language-python-exec``, ``pulumi-resource-pulumi-python`` from ``sdk/v3``) are the real ones.

Contract (the subset of ``pulumirpc.LanguageRuntime`` that ``pulumi preview/up/refresh/destroy`` of a
Python project directory uses):

- started by the engine as ``pulumi-language-python [flags] ENGINE_ADDRESS``; prints the port of its
  gRPC server as the first line of stdout and serves until killed;
- ``Run`` executes the program exactly like the real host: ``python -u pulumi-language-python-exec
  --monitor ... --engine ... PROGRAM`` in the program directory, with ``PULUMI_CONFIG`` and
  ``PULUMI_CONFIG_SECRET_KEYS`` in the environment; exit code 32 means "error already shown" (bail);
- the interpreter is ``<root>/<virtualenv>/bin/python`` when ``Pulumi.yaml`` sets
  ``runtime.options.virtualenv``, else ``$PULUMI_PYTHON_CMD``, else ``python3``;
- ``GetRequiredPlugins`` / ``GetRequiredPackages`` report none: resource plugins cannot be downloaded
  here, and dynamic providers need none;
- ``InstallDependencies`` is not supported (create the virtualenv with ``make venv``).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import signal
import subprocess
import sys
from concurrent import futures
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.runtime.proto import language_pb2, language_pb2_grpc, plugin_pb2

_EXEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pulumi-language-python-exec")
_BAIL_EXIT_CODE = 32


def _python_for(info: Any) -> str:
    """Pick the interpreter for the program (virtualenv option, PULUMI_PYTHON_CMD, python3)."""
    options = dict(info.options) if info is not None and info.HasField("options") else {}
    venv = options.get("virtualenv")
    if venv:
        root = info.root_directory or os.getcwd()
        path = venv if os.path.isabs(venv) else os.path.join(root, venv)
        return os.path.join(path, "bin", "python")
    return os.environ.get("PULUMI_PYTHON_CMD", "python3")


class LanguageHost(language_pb2_grpc.LanguageRuntimeServicer):  # type: ignore[misc]
    """Serves Run for Python project directories; see the module docstring."""

    def __init__(self, engine_address: str) -> None:
        self.engine_address = engine_address

    def Handshake(self, request: Any, context: Any) -> Any:
        if request.engine_address:
            self.engine_address = request.engine_address
        return language_pb2.LanguageHandshakeResponse()

    def GetPluginInfo(self, request: Any, context: Any) -> Any:
        return plugin_pb2.PluginInfo(version=importlib.metadata.version("pulumi"))

    def GetRequiredPlugins(self, request: Any, context: Any) -> Any:
        return language_pb2.GetRequiredPluginsResponse()

    def GetRequiredPackages(self, request: Any, context: Any) -> Any:
        return language_pb2.GetRequiredPackagesResponse()

    def About(self, request: Any, context: Any) -> Any:
        return language_pb2.AboutResponse(
            executable=sys.executable,
            version=".".join(str(p) for p in sys.version_info[:3]),
        )

    def GetProgramDependencies(self, request: Any, context: Any) -> Any:
        return language_pb2.GetProgramDependenciesResponse()

    def RuntimeOptionsPrompts(self, request: Any, context: Any) -> Any:
        return language_pb2.RuntimeOptionsResponse()

    def InstallDependencies(self, request: Any, context: Any) -> Any:
        context.abort(
            grpc.StatusCode.UNIMPLEMENTED,
            "this Python language host does not install dependencies: run `make venv`",
        )

    def Run(self, request: Any, context: Any) -> Any:
        info = request.info if request.HasField("info") else None
        program_dir = (info.program_directory if info else "") or request.pwd or os.getcwd()
        entry = (info.entry_point if info else "") or request.program or "."
        args = [
            _python_for(info),
            "-u",
            _EXEC,
            "--monitor",
            request.monitor_address,
            "--engine",
            self.engine_address,
            "--project",
            request.project,
            "--stack",
            request.stack,
            "--pwd",
            program_dir,
            "--parallel",
            str(request.parallel),
            "--organization",
            request.organization or "organization",
        ]
        if info is not None and info.root_directory:
            args += ["--root_directory", info.root_directory]
        if request.dryRun:
            args += ["--dry_run", "true"]
        args += [entry, *request.args]
        env = dict(os.environ)
        env["PULUMI_CONFIG"] = json.dumps(dict(request.config))
        env["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(list(request.configSecretKeys))
        proc = subprocess.run(args, cwd=program_dir, env=env, check=False)
        if proc.returncode == 0:
            return language_pb2.RunResponse()
        if proc.returncode == _BAIL_EXIT_CODE:
            return language_pb2.RunResponse(bail=True)
        return language_pb2.RunResponse(error=f"Program exited with non-zero exit code: {proc.returncode}")

    def Cancel(self, request: Any, context: Any) -> Any:
        return empty_pb2.Empty()


def main(argv: list[str]) -> int:
    """Parse ``[flags] ENGINE_ADDRESS``, start the server, print its port, serve until killed."""
    positionals = [a for a in argv if not a.startswith("-")]
    engine_address = positionals[-1] if positionals else ""
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=8),
        options=[("grpc.max_receive_message_length", 400 * 1024 * 1024)],
    )
    language_pb2_grpc.add_LanguageRuntimeServicer_to_server(LanguageHost(engine_address), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    # The engine stops plugins with a signal when it is done with them: exit quietly.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: os._exit(0))
    server.wait_for_termination()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
