"""An inspection as those who collect see it: where, when, in which language, where
residents write to withdraw, its identity and the key answers are sealed to. The lead's
store and a collecting device's outbox both give one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEFAULT_CONTACT = (
    "HM Inspectorate of Probation, 1st Floor Civil Justice Centre, 1 Bridge Street West, "
    "Manchester M3 3FX"
)
"""Where residents write with a withdrawal code, unless the inspection names another."""


@dataclass(frozen=True)
class Inspection:
    id: int
    premises: str
    region: str
    fieldwork_start: dt.date
    fieldwork_end: dt.date
    language: str
    residents: int
    demo: bool
    contact: str = ""
    """Where residents write to withdraw; empty means `DEFAULT_CONTACT`."""
    closed: dt.date | None = None
    """The day collection ended (`survey-app inspection close`); None while it is open."""
    purged: dt.date | None = None
    """The day its raw responses were deleted (`survey-app purge`), after publication."""
    uuid: str = ""
    """Its random identity (UUID 4), the same on every device that collects for it."""
    public_key: bytes | None = None
    """What collecting devices seal answers to (raw X25519); None until the lead's
    passphrase has made the key pair."""
    joined: bool = False
    """Given by a collecting device that joined it (its screens then say which inspection
    they collect for), not by the lead's store."""

    @property
    def withdrawal_contact(self) -> str:
        return self.contact or DEFAULT_CONTACT


def parse_reference(text: str) -> int | str:
    """An inspection as a person names it: its number on this machine ("3") or its UUID
    (the same on every device). ValueError for anything else."""
    import uuid

    text = text.strip()
    if text.isdigit():
        if int(text) < 1:
            raise ValueError(text)
        return int(text)
    if len(text) != 36:  # the hyphenated form only: what `inspection list` prints
        raise ValueError(text)
    return str(uuid.UUID(text))
