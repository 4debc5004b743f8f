"""Pausing an interview and taking it up again on the same laptop (a resident called away).

What the interview had reached (the answers so far, the inspector's notes, the resident's
language) is kept encrypted under a passphrase the inspector chooses when pausing (Argon2id,
AES-256-GCM), bound to the response's random id: on a collecting device the answers are
otherwise sealed to the lead and cannot be read back, and on any machine nobody else can
take the interview up. The list of paused interviews says nothing of the resident: a
number, the day it was paused and how far it got. Left paused for longer than the setting
(by default, past the end of fieldwork), an interview is settled as partial: what was
answered counts, and it can no longer be taken up.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from survey_app.core.collection.collector import NOTE_LIMIT, CollectingDb, Collector
from survey_app.core.collection.session import SurveySession
from survey_app.core.keys.sealing import Argon2Cost, WrongPassphrase, protect, unprotect
from survey_app.core.questionnaire.flow import Answer, Flow
from survey_app.core.questionnaire.model import Questionnaire
from survey_app.core.storage.paused import PausedInterview

__all__ = ["PausedInterview", "resume", "seal_state", "settle_stale", "stale"]

CONTEXT = b"survey-app paused interview v1|"
MIN_PASSPHRASE = 8
"""The fewest characters of a pause passphrase: it guards a resident's answers."""
STATUSES = ("answered", "skipped", "dont_know", "refused", "not_applicable")


def seal_state(session: SurveySession, passphrase: str, cost: Argon2Cost | None = None) -> str:
    """Where `session` is, encrypted under `passphrase` and bound to its response."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValueError(f"a pause passphrase has at least {MIN_PASSPHRASE} characters")
    assert session.response_id is not None
    state = {
        "language": session.language,
        "answers": {
            qid: [a.status, list(a.value) if isinstance(a.value, tuple) else a.value]
            for qid, a in session.flow.answers.items()
        },
        "notes": session.notes,
    }
    data = json.dumps(state, ensure_ascii=False).encode()
    return protect(passphrase, data, CONTEXT + session.response_id.encode(), cost)


def resume(
    store: Collector,
    questionnaire: Questionnaire,
    inspection_id: int,
    response_id: str,
    sealed: str,
    passphrase: str,
) -> SurveySession:
    """The paused interview, as it was, going on under the same response; WrongPassphrase
    when the passphrase does not open it (or the state was changed)."""
    state = _state(unprotect(sealed, passphrase, CONTEXT + response_id.encode()))
    answers = {
        qid: Answer(status, tuple(value) if isinstance(value, list) else value)
        for qid, (status, value) in state["answers"].items()
        if qid in questionnaire.by_id
    }
    session = SurveySession(store, questionnaire, inspection_id, "interview", state["language"])
    session.response_id = response_id
    session.flow = Flow(questionnaire, answers)
    session.notes = {
        qid: text for qid, text in state["notes"].items() if qid in questionnaire.by_id
    }
    return session


def _state(data: bytes) -> dict[str, Any]:
    """The state as this app wrote it, checked: it opened under the passphrase, so it is
    ours, but a state of another version is refused rather than guessed."""
    try:
        state = json.loads(data.decode())
        ok = (
            isinstance(state, dict)
            and state.get("language") in ("en", "cy")
            and isinstance(state.get("answers"), dict)
            and isinstance(state.get("notes"), dict)
            and all(
                isinstance(v, list) and len(v) == 2 and v[0] in STATUSES
                for v in state["answers"].values()
            )
            and all(isinstance(t, str) and len(t) <= NOTE_LIMIT for t in state["notes"].values())
        )
    except (UnicodeDecodeError, ValueError):
        ok = False
    if not ok:
        raise WrongPassphrase("the paused interview's state is not one this app wrote")
    return state


def stale(
    paused: list[PausedInterview], today: dt.date, fieldwork_end: dt.date, days: int | None
) -> list[int]:
    """The numbers of the paused interviews to settle as partial now: paused more than
    `days` days ago, or (None) any once fieldwork has ended."""
    if days is None:
        return [p.number for p in paused] if today > fieldwork_end else []
    return [p.number for p in paused if (today - p.day).days > days]


async def settle_stale(
    store: CollectingDb, today: dt.date, fieldwork_end: dt.date, days: int | None
) -> int:
    """Paused interviews left too long, settled now as partial (what was answered counts;
    they can no longer be taken up). How many."""
    settled = 0
    for number in stale(await store.paused_interviews(), today, fieldwork_end, days):
        found = await store.paused_state(number)
        if found is not None:
            await store.mark_partial(found[0])
            settled += 1
        await store.unpause(number)
    return settled
