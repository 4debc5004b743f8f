"""Regular expressions compiled once per content, and started from the cache after that.

The anonymiser is made of about 105 patterns, some of thousands of characters. The
standard library compiles a pattern in Python (a parser, then a compiler to the engine's
code), and for these that took 120-140 ms of every process that anonymises: as long as
anonymising 150 comments. What the compiler makes is a list of integers that
the engine (`_sre`, in C) checks before it runs a pattern. Kept in the cache with the
pattern's text, its flags and the Python that made it, the next start hands that list to
the engine directly, in microseconds.

The cached form is only ever a shortcut to what `re.compile` itself makes: a pattern whose
text or flags differ, another Python, or a file that is damaged or from elsewhere is
compiled afresh by `re.compile`, and the engine refuses code that is not well formed. The
file holds text and integers only (JSON, then the code as 32-bit words), never anything
that runs when read. A test checks that each pattern from the cache is the one
`re.compile` makes.

From the same parse comes what a pattern needs (`needs`): words one of which is in every
text it can match ("room", "rm", "stafell" for a pattern of rooms). Trying such a pattern
on a comment with none of them is work that cannot find anything; the anonymiser skips it.
"""

from __future__ import annotations

import json
import os
import re
import sys
import zlib
from array import array
from pathlib import Path
from typing import Any

from survey_app.core.paths import UnreadableFile, cache_dir, read_small

try:
    import _sre  # type: ignore[import-not-found]  # the engine under `re`: takes code
except ImportError:  # another Python: every pattern is compiled by `re`
    _sre = None

MAX_FILE = 16_000_000
"""Bytes of one module's cached patterns (the anonymiser's are about 600 kB)."""
FORMAT = 1


def _engine() -> str | None:
    """What the cached code is valid for: this Python and its engine's code format (None:
    an engine this module does not know how to start from its code)."""
    try:
        if _sre is None or _sre.CODESIZE != 4 or array("I").itemsize != 4:
            return None
        # This file is part of the key: a cache made by other rules for needs is not used.
        rules = zlib.crc32(Path(__file__).read_bytes())
        return f"{FORMAT}|{rules}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{sys.maxunicode}"
    except (AttributeError, OSError):
        return None


Made = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]
"""The arguments `re.compile` passes to the engine: flags, code, groups, their names."""

MIN_NEED = 2
"""A need shorter than this is in nearly every comment: not worth the look."""


def _made(pattern: str, flags: int) -> tuple[Made, tuple[str, ...] | None]:
    """The arguments `re.compile` passes to the engine for this pattern (as the standard
    library's `re._compiler.compile` works them out), and what the pattern needs."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    made = (
        flags | parsed.state.flags,
        list(code),
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    need = _needs(parsed.data)
    if need is not None and min(map(len, need)) < MIN_NEED:
        need = None
    return made, None if need is None else tuple(sorted(need))


def _needs(items: Any) -> frozenset[str] | None:
    """Strings, in lower case, one of which every match of this sequence of a parsed
    pattern holds, or None (nothing known). A run of literal characters is needed as it
    is; a group, a repeat at least once and a look-around, what they need; alternatives,
    what each needs, together. Of all that a sequence needs, the most telling is kept."""
    from re import _constants as c  # type: ignore[attr-defined]

    best: frozenset[str] | None = None

    def consider(need: frozenset[str] | None) -> None:
        nonlocal best
        if need and (best is None or _telling(need) > _telling(best)):
            best = need

    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av).lower())
            continue
        if run and op is c.BRANCH:
            # The parser takes the letters alternatives begin with out in front of them
            # ("rm|room" is "r" then "m|oom"): put back, each is a word again.
            consider(frozenset("".join(run) + _lead(branch.data) for branch in av[1]))
        if run:
            consider(frozenset(["".join(run)]))
            run = []
        if op is c.SUBPATTERN:
            consider(_needs(av[-1].data))
        elif op is c.ATOMIC_GROUP:
            consider(_needs(av.data))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                consider(_needs(av[2].data))
        elif op is c.ASSERT:  # looked for in the text, so in the text (ASSERT_NOT: not)
            consider(_needs(av[1].data))
        elif op is c.BRANCH:
            each = [_needs(branch.data) for branch in av[1]]
            if all(each):
                consider(frozenset().union(*each))  # type: ignore[arg-type]
    if run:
        consider(frozenset(["".join(run)]))
    return best


def _lead(items: Any) -> str:
    """The literal characters a sequence begins with, in lower case."""
    from re import _constants as c  # type: ignore[attr-defined]

    lead = []
    for op, av in items:
        if op is not c.LITERAL:
            break
        lead.append(chr(av).lower())
    return "".join(lead)


def _telling(need: frozenset[str]) -> tuple[int, int]:
    """Longer words rule out more comments; fewer are quicker to look for."""
    return (min(map(len, need)), -len(need))


Entry = tuple[Made, tuple[str, ...] | None]


class Patterns:
    """The patterns of one module: `compile` works as `re.compile`, `needs` tells what a
    pattern needs; `save()` once they are all made keeps them for the next start (nothing
    is written when none was new)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.engine = _engine()
        self.known: dict[tuple[str, int], Entry] = {}
        self.used: dict[tuple[str, int], Entry] = {}
        self.fresh = False
        if self.engine is not None:
            self.known = _read(self.path, self.engine)

    @property
    def path(self) -> Path:
        return cache_dir() / "patterns" / f"{self.name}.bin"

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        flags = int(flags)
        key = (pattern, flags)
        entry = self.known.get(key)
        if entry is not None and _sre is not None:
            try:
                compiled: re.Pattern[str] = _sre.compile(pattern, *entry[0])
                self.used[key] = entry
                return compiled
            except (TypeError, ValueError, RuntimeError, OverflowError):
                pass  # not what this engine takes: compiled afresh below
        compiled = re.compile(pattern, flags)
        try:
            self.used[key] = _made(pattern, flags)
            self.fresh = True
        except (ImportError, AttributeError, TypeError, ValueError, RecursionError):
            pass  # the standard library's insides are not as this knows them: no shortcut
        return compiled

    def needs(self, compiled: re.Pattern[str]) -> tuple[str, ...] | None:
        """Strings in lower case one of which is in the lower case of every text this
        pattern can match (None: nothing known, try it on every text). See `unneeded`."""
        entry = self.used.get((compiled.pattern, compiled.flags)) or self.used.get(
            (compiled.pattern, compiled.flags & ~re.UNICODE)
        )
        return None if entry is None else entry[1]

    def save(self) -> None:
        """Keep what this start compiled, when it differs from the file (a pattern new or
        changed, or one no longer used)."""
        if self.engine is None or not (self.fresh or self.used.keys() != self.known.keys()):
            return
        entries = []
        code = array("I")
        for (pattern, flags), (made, need) in self.used.items():
            final, words, groups, groupindex, indexgroup = made
            entries.append([pattern, flags, final, groups, groupindex, list(indexgroup),
                            len(code), len(words), need])  # fmt: skip
            code.extend(words)
        header = json.dumps({"engine": self.engine, "entries": entries}, ensure_ascii=False)
        target = self.path
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            with open(temporary, "wb") as out:
                out.write(header.encode("utf-8") + b"\n")
                out.write(code.tobytes())
            os.replace(temporary, target)
        except OSError:
            pass  # a read-only cache: compiled again next time
        self.known = dict(self.used)
        self.fresh = False


ODD_CASES = re.compile(
    "[\u00b5\u0130\u0131\u017f\u0345\u0390\u03b0\u03b2\u03b5\u03b8\u03b9\u03ba\u03bc"
    "\u03c0-\u03c3\u03c6\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u0432\u0434\u043e"
    "\u0441\u0442\u044a\u0463\u1c80-\u1c88\u1e61\u1e9b\u1fbe\u1fd3\u1fe3\ua64b\ufb05"
    "\ufb06]"
)
"""Characters that a pattern blind to case matches otherwise than their lower case says
(dotless i, long s, the capital I with a dot, Greek and Cyrillic letters with two small
forms): in a text that holds one, what a pattern needs is not looked for."""


def unneeded(need: tuple[str, ...] | None, lowered: str, odd: bool) -> bool:
    """The pattern cannot match a text whose lower case is `lowered` (`odd`: the text holds
    one of ODD_CASES, so nothing is ruled out)."""
    # over the bound method: no Python frame for each word (450 words a comment)
    return need is not None and not odd and not any(map(lowered.__contains__, need))


def _read(path: Path, engine: str) -> dict[tuple[str, int], Entry]:
    try:
        data = read_small(path, MAX_FILE)
    except UnreadableFile:
        return {}
    try:
        head, _, body = data.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("engine") != engine:
            return {}
        code = array("I")
        code.frombytes(body)
        known: dict[tuple[str, int], Entry] = {}
        for entry in header["entries"]:
            pattern, flags, final, groups, groupindex, indexgroup, start, length, need = entry
            if start + length > len(code):
                return {}
            made = (
                int(final),
                code[start : start + length].tolist(),
                int(groups),
                {str(k): int(v) for k, v in groupindex.items()},
                tuple(indexgroup),
            )
            known[(str(pattern), int(flags))] = (
                made,
                None if need is None else tuple(str(word) for word in need),
            )
        return known
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}  # damaged, or from another version: compiled afresh
