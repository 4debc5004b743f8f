"""Paper forms' serials: a random short number printed on every page of one copy, so that
pages are not mixed between copies and a copy is not typed in twice.

A serial is random, never sequential: the order copies were handed out must not link a
form to a person. It carries a check character, so a serial mistyped by one character, or
with two neighbours swapped, is caught at once rather than taken for another copy's.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: read off paper and typed back. 31 characters, a prime: the weighted check
below then catches every single wrong character and every swap of two neighbours."""
BODY = 6
"""Random characters: 31^6 is about 887 million serials, so guessing one of the 30 printed
for an inspection is hopeless, and two copies never share one by chance in practice."""
PREFIX = "HMIP-PAPER"
"""What a form's QR code starts with: the scanner's text is told from a typed serial."""
FORMAT = "1"


def _weighted(plain: str) -> int:
    return sum((weight + 1) * ALPHABET.index(ch) for weight, ch in enumerate(plain))


def _check(body: str) -> str:
    """The character that makes the weighted sum of all seven a multiple of 31 (9 is the
    inverse of the check's weight, 7, modulo 31): a swap of the last body character and the
    check character is caught too."""
    return ALPHABET[(-_weighted(body) * 9) % len(ALPHABET)]


def new_serial() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY))
    return show(body + _check(body))


def new_serials(count: int, taken: Iterable[str] = ()) -> list[str]:
    """`count` distinct new serials, none of them among `taken` (an inspection's earlier
    ones), in no order but chance's."""
    seen = {normalise(serial) for serial in taken}
    out: list[str] = []
    while len(out) < count:
        serial = new_serial()
        if normalise(serial) not in seen:
            seen.add(normalise(serial))
            out.append(serial)
    return out


def show(serial: str) -> str:
    """As printed: two groups, the check character last (ABC-DEFG)."""
    plain = normalise(serial)
    return f"{plain[:3]}-{plain[3:]}"


def normalise(serial: str) -> str:
    """Ignore case, spaces and dashes, as an inspector types the serial off the page."""
    return "".join(ch for ch in serial.upper() if ch.isalnum())


def valid(serial: str) -> bool:
    """Well formed: the right length, the alphabet's characters, the check character right."""
    plain = normalise(serial)
    if len(plain) != BODY + 1 or any(ch not in ALPHABET for ch in plain):
        return False
    return _weighted(plain) % len(ALPHABET) == 0


@dataclass(frozen=True)
class PageMark:
    """What a page's QR code says: which copy of which form this page is."""

    serial: str
    inspection_uuid: str
    questionnaire: str
    """The questionnaire's id and version, `id@version`."""
    page: int
    pages: int

    def encode(self) -> str:
        return "|".join(
            (
                PREFIX,
                FORMAT,
                show(self.serial),
                self.inspection_uuid,
                self.questionnaire,
                f"{self.page}/{self.pages}",
            )
        )

    @classmethod
    def decode(cls, text: str) -> PageMark | None:
        """The mark a scanner typed, or None if `text` is not one (a typed serial, noise)."""
        parts = text.strip().split("|")
        if len(parts) != 6 or parts[0] != PREFIX or parts[1] != FORMAT:
            return None
        page, _slash, pages = parts[5].partition("/")
        if not (page.isdigit() and pages.isdigit() and valid(parts[2])):
            return None
        if not 1 <= int(page) <= int(pages) <= 999:
            return None
        return cls(show(parts[2]), parts[3], parts[4], int(page), int(pages))
