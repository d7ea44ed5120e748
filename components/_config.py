"""Read an :class:`~components.ElastiCacheRbacSpec` from structured stack configuration."""

from __future__ import annotations

import json
from typing import Any

import pulumi
from pulumi.runtime.config import is_config_secret

from ._spec import ElastiCacheRbacSpec, Problem, SpecError, parse_spec

_HOW_TO_SET = (
    "set it in Pulumi.<stack>.yaml under `config:` as `<project>:{key}: {{users: [...], groups: [...]}}`, "
    "or with `pulumi config set --path '{key}.users[0].id' app` and "
    "`pulumi config set --secret --path '{key}.users[0].passwords[0]' <password>`"
)


def spec_from_config(key: str = "rbac", config: pulumi.Config | None = None) -> ElastiCacheRbacSpec:
    """Parse the structured config value ``key`` of the current stack into a validated spec.

    Every problem is reported at once with its config path (``rbac.users[0].id: ...``) as a
    :class:`SpecError`, which Pulumi prints without a traceback. A spec with passwords in a config value
    that is not a secret gets a warning: set them with ``pulumi config set --secret --path``.
    """
    config = config or pulumi.Config()
    raw_text = config.get(key)
    if raw_text is None:
        raise SpecError(
            [Problem(key, f"stack config `{config.full_key(key)}` is not set", _HOW_TO_SET.format(key=key))],
            what="Stack configuration",
        )
    try:
        raw: Any = json.loads(raw_text)
    except ValueError:
        raw = raw_text  # a plain string; never echoed (it could be a secret)
    if not isinstance(raw, dict):
        raise SpecError(
            [
                Problem(
                    key,
                    f"stack config `{config.full_key(key)}` is a {type(raw).__name__}, not a structured object",
                    _HOW_TO_SET.format(key=key),
                )
            ],
            what="Stack configuration",
        )
    spec = parse_spec(raw, root=key)
    if any(u.passwords for u in spec.users) and not is_config_secret(config.full_key(key)):
        pulumi.log.warn(
            f"stack config `{config.full_key(key)}` holds passwords in plaintext; store each as a secret: "
            f"`pulumi config set --secret --path '{key}.users[N].passwords[M]' <password>`"
        )
    return spec
