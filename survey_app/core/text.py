"""Untrusted text made safe to show, without changing what is stored.

Answers are stored exactly as given. On screen, control characters (an ANSI escape, a
bell, a carriage return) must never reach the terminal, and invisible bidirectional
overrides must not reorder what an inspector reads; both are shown as visible symbols.
Markup is handled by the UI, which never parses untrusted text as markup.
"""

from __future__ import annotations

import re

_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def display_safe(text: str) -> str:
    """`text` with every control and bidi-override character replaced by a visible sign."""
    return _UNSAFE.sub(_visible, text)


def cut(text: str, limit: int) -> tuple[str, bool]:
    """Cut `text` to `limit` characters; say whether anything was cut."""
    return (text[:limit], True) if len(text) > limit else (text, False)


def display_safe_same_length(text: str) -> str:
    """Like `display_safe`, one visible sign per unsafe character, so that positions in
    the shown text are positions in the stored text (for choosing words to hide)."""
    return _UNSAFE.sub(lambda m: _visible(m) if ord(m.group()) < 0x20 else "\ufffd", text)
