"""Glob matching as the engine matches key and channel patterns (``KEYS``-style, case-sensitive).

``*`` any run of characters, ``?`` one character, ``[abc]`` / ``[^abc]`` / ``[a-z]`` a class (an unclosed
class runs to the end of the pattern; a reversed range ``[z-a]`` counts as ``[a-z]``), ``\\x`` the
character ``x``. This differs from :mod:`fnmatch` (``[^...]`` not ``[!...]``, backslash escapes, no
case folding), so it is written out here.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["match"]


@lru_cache(maxsize=8192)
def match(pattern: str, text: str) -> bool:
    """Whether ``text`` matches the glob ``pattern``."""
    return _match(pattern, 0, text, 0)


def _match(p: str, pi: int, s: str, si: int) -> bool:
    plen, slen = len(p), len(s)
    while pi < plen and si < slen:
        ch = p[pi]
        if ch == "*":
            while pi + 1 < plen and p[pi + 1] == "*":
                pi += 1
            if pi + 1 == plen:
                return True
            return any(_match(p, pi + 1, s, start) for start in range(si, slen))
        if ch == "?":
            si += 1
        elif ch == "[":
            pi += 1
            negate = pi < plen and p[pi] == "^"
            if negate:
                pi += 1
            matched = False
            c = s[si]
            while True:
                if pi < plen and p[pi] == "\\" and plen - pi >= 2:
                    pi += 1
                    matched = matched or p[pi] == c
                elif pi < plen and p[pi] == "]":
                    break
                elif pi >= plen:
                    pi -= 1
                    break
                elif plen - pi >= 3 and p[pi + 1] == "-":
                    low, high = sorted((p[pi], p[pi + 2]))
                    matched = matched or low <= c <= high
                    pi += 2
                else:
                    matched = matched or p[pi] == c
                pi += 1
            if negate:
                matched = not matched
            if not matched:
                return False
            si += 1
        else:
            if ch == "\\" and plen - pi >= 2:
                pi += 1
            if p[pi] != s[si]:
                return False
            si += 1
        pi += 1
        if si == slen:
            while pi < plen and p[pi] == "*":
                pi += 1
            break
    return pi >= plen and si == slen
