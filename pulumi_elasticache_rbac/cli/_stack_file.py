"""Read and write a Pulumi stack settings file (``Pulumi.<stack>.yaml``) without disturbing it.

Contract:
- :func:`load` reads the file with round-trip YAML (ruamel.yaml): comments, key order and quoting of
  every other key survive :func:`save`. A file that does not exist, is not YAML, is not a mapping or has
  no ``config`` mapping raises :class:`UsageError` saying how to fix it.
- :func:`save` writes the whole document to a temporary file next to the target and renames it over
  the target (keeping its permissions), so a failed write leaves the file as it was; an unwritable
  location raises :class:`CliError`.
- :func:`render` dumps a fresh document (for stdout) with the same formatting.
- Strings that a YAML 1.1 reader would take for a boolean (``yes``, ``on``, ...) are quoted.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from ._errors import CliError, UsageError

__all__ = ["StackFile", "load", "render", "save", "stack_name"]

_YAML11_AMBIGUOUS = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|~|null|Null|NULL)$")


def _yaml() -> YAML:
    yaml = YAML()  # round-trip mode
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # access strings stay on one line
    yaml.preserve_quotes = True
    return yaml


@dataclass
class StackFile:
    """A loaded stack file: its ``path``, the whole ``document`` and its ``config`` mapping."""

    path: Path
    document: CommentedMap
    config: CommentedMap

    @property
    def stack(self) -> str | None:
        return stack_name(self.path)


def stack_name(path: Path) -> str | None:
    """``Pulumi.prod.yaml`` -> ``prod``; ``None`` for another file name."""
    match = re.fullmatch(r"Pulumi\.(.+)\.ya?ml", path.name)
    return match.group(1) if match else None


def load(path: Path) -> StackFile:
    """Read ``path`` (see the module contract)."""
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise UsageError(
            f"stack file {path} does not exist. Fix: create the stack first (`pulumi stack init <name>` then "
            "`pulumi config set aws:region <region>`), or leave --stack-file out to print the config"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot read stack file {path}: {exc.strerror or exc}") from None
    try:
        document = _yaml().load(text)
    except YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise UsageError(f"stack file {path} is not valid YAML{where}: {first}. Fix: correct the file") from None
    if not isinstance(document, CommentedMap):
        raise UsageError(
            f"stack file {path} is not a Pulumi stack settings file (its top level is not a mapping). Fix: "
            "pass a Pulumi.<stack>.yaml file"
        )
    config = document.get("config")
    if not isinstance(config, CommentedMap):
        what = "has no `config` section" if config is None else "has a `config` that is not a mapping"
        raise UsageError(
            f"stack file {path} {what}. Fix: set the stack's region first (`pulumi config set aws:region "
            "<region>`), which writes it"
        )
    return StackFile(path=path, document=document, config=config)


def _node(value: Any) -> Any:
    """``value`` as round-trip YAML nodes (new mappings and lists block style; ambiguous strings quoted)."""
    if isinstance(value, CommentedMap | CommentedSeq):
        return value  # taken from the file: keep it as written
    if isinstance(value, Mapping):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _node(item)
        return out
    if isinstance(value, list | tuple):
        return CommentedSeq(_node(v) for v in value)
    if isinstance(value, str) and _YAML11_AMBIGUOUS.match(value):
        return SingleQuotedScalarString(value)
    return value


def set_key(stack_file: StackFile, key: str, value: Any) -> None:
    """Set ``config[key]`` to ``value``, in place when the key exists (its comments stay)."""
    stack_file.config[key] = _node(value)


def save(stack_file: StackFile) -> None:
    """Write the document back (see the module contract)."""
    buffer = io.StringIO()
    _yaml().dump(stack_file.document, buffer)
    path = stack_file.path
    try:
        mode = path.stat().st_mode & 0o7777
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "w") as out:
                out.write(buffer.getvalue())
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise CliError(
            f"cannot write stack file {path}: {exc.strerror or exc}. Fix: make the file and its folder writable, "
            "or leave --stack-file out and redirect the printed config"
        ) from None


def render(config: Mapping[str, Any]) -> str:
    """A stack settings document ``config: {...}`` as text."""
    buffer = io.StringIO()
    _yaml().dump(_node({"config": config}), buffer)
    return buffer.getvalue()
