"""The lead's passphrase at the command line, and the inspection key pairs it guards.

One passphrase per lead's store: it opens the lead's view and unlocks every inspection's
private key. It is typed at this terminal, never echoed, or read from standard input
(`--passphrase-stdin`, for scripts). Chosen once, typed twice, with the warning that
nothing can recover it: the private key it guards is the only way to open the answers
that devices sealed."""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

from survey_app.cli.common import ask_passphrase, say_error
from survey_app.core.i18n import N_, _

if TYPE_CHECKING:
    from survey_app.core.collection.inspection import Inspection
    from survey_app.core.store.base import Store

LOST_WARNING = N_(
    "The lead's passphrase is kept only as a hash and cannot be recovered. It also unlocks "
    "the inspection's private key: without it, the answers sealed on the kiosk, the web "
    "link and the laptops can never be opened. Keep it safe."
)
STDIN_LIMIT = 1024
"""The longest line `--passphrase-stdin` reads: a passphrase, not a file."""


def read_stdin_passphrase() -> str | None:
    from survey_app.core.keys.passphrase import MIN_LENGTH

    line = sys.stdin.readline(STDIN_LIMIT + 1)
    passphrase = line.rstrip("\r\n")
    if len(passphrase) > STDIN_LIMIT:
        say_error(
            _("The passphrase on standard input is longer than {n} characters.").format(
                n=STDIN_LIMIT
            )
        )
        return None
    if len(passphrase) < MIN_LENGTH:
        say_error(_("Use at least {n} characters.").format(n=MIN_LENGTH))
        return None
    return passphrase


async def choose_lead_passphrase(store: Store, from_stdin: bool = False) -> str | None:
    """A new lead's passphrase for a store that has none: the warning, then typed twice
    (or one line of standard input); kept as a slow hash. None if it was not given."""
    from survey_app.core.keys.passphrase import LEAD, hash_passphrase

    say_error(_(LOST_WARNING))
    try:
        passphrase = (
            read_stdin_passphrase()
            if from_stdin
            else ask_passphrase(_("Choose the lead's passphrase: "))
        )
    except (EOFError, KeyboardInterrupt):
        passphrase = None
    if passphrase is None:
        say_error(_("No passphrase was set."))
        return None
    await store.set_secret(LEAD, await asyncio.to_thread(hash_passphrase, passphrase))
    return passphrase


async def lead_passphrase(store: Store, from_stdin: bool = False) -> str | None:
    """The lead's passphrase, checked against the one kept, or chosen now if there is none
    yet; None (with the reason said) if it was not given or is wrong."""
    from getpass import getpass

    from survey_app.core.keys.passphrase import LEAD, check_passphrase

    kept = await store.secret(LEAD)
    if kept is None:
        return await choose_lead_passphrase(store, from_stdin)
    try:
        given = read_stdin_passphrase() if from_stdin else getpass(_("The lead's passphrase: "))
    except (EOFError, KeyboardInterrupt):
        given = None
    if given is None or not await asyncio.to_thread(check_passphrase, given, kept):
        say_error(_("That is not the lead's passphrase."))
        return None
    return given


async def inspection_key(store: Store, inspection: Inspection, passphrase: str) -> Inspection:
    """The inspection with its key pair, made now (under `passphrase`) if it had none."""
    from survey_app.core.keys.sealing import new_key_pair

    if inspection.public_key is not None:
        return inspection
    public, protected = await asyncio.to_thread(new_key_pair, passphrase)
    await store.set_key_pair(inspection.id, public, protected)
    again = await store.get_inspection(inspection.id)
    assert again is not None and again.public_key is not None
    return again
