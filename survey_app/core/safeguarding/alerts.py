"""An alert raised in an interview, and the lead's record of what was done about it.

An alert is the one record that may say who someone is (a name, a room): the process needs
it. So it is kept as far from the anonymous survey as the app can put it:

- It is sealed to the inspection's key the moment it is saved, like every answer, and
  opened only by the lead with the passphrase.
- It carries nothing that would tie it to a response: no response id, no day or time, no
  place in any device's sequence. Its own id is random; on a device it is stored in its
  own table, keyed by that id, and a bundle lists alerts sorted by it (a random order).
- It never enters a count, an export, a release or the evidence pack: nothing there reads
  its table.

The lead tracks each alert from raised to closed (the manual: "we are seeking assurance,
confirmed by evidence, that actions have been taken"). Each step's words are sealed too;
its status and day are not, and go to the audit log, which never holds the words.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, fields
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from survey_app.core.i18n import N_
from survey_app.core.keys.sealing import SealError, open_sealed, seal

ALERT_FORMAT = 1
ALERT_CONTEXT = b"survey-app alert v1"
FIELD_LIMIT = 4000
"""Characters of each written part of an alert or of a step in following it up."""

KINDS: dict[str, str] = {
    "harm_to_others": N_("Risk of serious harm to others"),
    "harm_to_self": N_("Risk of serious harm to the resident themselves"),
    "harm_to_child": N_("Risk of harm to a child"),
    "offence": N_("An offence has taken place or is taking place"),
    "practice": N_("Practice needing immediate action"),
    "organisational": N_("Systemic or organisational risk (organisational alert)"),
}
"""What an alert is about, in the manual's words."""

STATUSES: dict[str, str] = {
    "raised": N_("Raised"),
    "action_requested": N_("Action requested"),
    "assurance_received": N_("Assurance received"),
    "closed": N_("Closed"),
}
NEXT: dict[str, tuple[str, ...]] = {
    "raised": ("action_requested", "closed"),
    "action_requested": ("assurance_received", "closed"),
    # Assurance that falls short: more action is asked for.
    "assurance_received": ("closed", "action_requested"),
    "closed": (),
}
"""Where an alert may go from each status."""

QUESTIONS: dict[str, str] = {
    "concerns": N_("Who or what it is about (a name or a room may be written here, and only here)"),
    "said_or_seen": N_("What was said or seen"),
    "if_no_action": N_("What might happen if no action is taken?"),
    "how_serious": N_("How serious is the risk?"),
    "how_imminent": N_("When might it happen (how imminent is it)?"),
    "action_taken": N_("Immediate action taken"),
    "who_told": N_("Who was told (staff on duty, the lead inspector, the police)"),
}
"""The written parts of an alert, in the form's order."""
REQUIRED = ("said_or_seen",)


class AlertError(ValueError):
    """An alert (or a step) that is not one this app writes, or that does not open."""


@dataclass(frozen=True)
class Alert:
    kind: str
    said_or_seen: str
    concerns: str = ""
    if_no_action: str = ""
    how_serious: str = ""
    how_imminent: str = ""
    action_taken: str = ""
    who_told: str = ""

    def problems(self) -> list[str]:
        """What keeps the alert from being saved, as the names of its parts."""
        found = [] if self.kind in KINDS else ["kind"]
        found += [name for name in REQUIRED if not getattr(self, name).strip()]
        found += [name for name in QUESTIONS if len(getattr(self, name)) > FIELD_LIMIT]
        return found


@dataclass(frozen=True)
class Step:
    """One step in following an alert up, as the lead records it."""

    status: str
    note: str = ""
    """What was asked, or what the AP or probation service did."""
    evidence: str = ""
    """The evidence that it was done."""
    escalated: bool = False
    """An organisational alert taken to an executive director (the chief inspector's letter)."""
    in_report: bool = False
    """The published report must describe that an organisational alert was raised."""


def new_alert_id() -> str:
    return secrets.token_hex(16)


def _bound(inspection: str, alert_id: str, step: int) -> bytes:
    # Apart from a response's records (their context differs): an alert sealed for one
    # inspection, id or step opens for no other.
    parts = [ALERT_CONTEXT, inspection.encode(), alert_id.encode(), str(step).encode()]
    return b"".join(len(part).to_bytes(2, "big") + part for part in parts)


def _encode(document: dict[str, Any]) -> bytes:
    return json.dumps({"v": ALERT_FORMAT, **document}, ensure_ascii=False).encode()


def _decode(data: bytes) -> dict[str, Any]:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise AlertError("not JSON") from exc
    if not isinstance(document, dict) or document.get("v") != ALERT_FORMAT:
        raise AlertError("format")
    return document


def _text(document: dict[str, Any], key: str) -> str:
    value = document.get(key, "")
    if not isinstance(value, str) or len(value) > FIELD_LIMIT:
        raise AlertError(key)
    return value


def seal_alert(public_key: bytes, inspection: str, alert_id: str, alert: Alert) -> bytes:
    if alert.problems():
        raise AlertError(", ".join(alert.problems()))
    return seal(public_key, _encode({"alert": asdict(alert)}), _bound(inspection, alert_id, 0))


def open_alert(
    private_key: X25519PrivateKey, inspection: str, alert_id: str, sealed: bytes
) -> Alert:
    try:
        plaintext = open_sealed(private_key, sealed, _bound(inspection, alert_id, 0))
    except SealError as exc:
        raise AlertError("does not open") from exc
    document = _decode(plaintext).get("alert")
    if not isinstance(document, dict) or set(document) - {f.name for f in fields(Alert)}:
        raise AlertError("alert")
    alert = Alert(**{f.name: _text(document, f.name) for f in fields(Alert)})
    if alert.problems():
        raise AlertError(", ".join(alert.problems()))
    return alert


def seal_step(public_key: bytes, inspection: str, alert_id: str, seq: int, step: Step) -> bytes:
    if step.status not in STATUSES or max(len(step.note), len(step.evidence)) > FIELD_LIMIT:
        raise AlertError("step")
    return seal(public_key, _encode({"step": asdict(step)}), _bound(inspection, alert_id, seq))


def open_step(
    private_key: X25519PrivateKey, inspection: str, alert_id: str, seq: int, sealed: bytes
) -> Step:
    try:
        plaintext = open_sealed(private_key, sealed, _bound(inspection, alert_id, seq))
    except SealError as exc:
        raise AlertError("does not open") from exc
    document = _decode(plaintext).get("step")
    if not isinstance(document, dict):
        raise AlertError("step")
    status = document.get("status")
    escalated, in_report = document.get("escalated"), document.get("in_report")
    if status not in STATUSES or not isinstance(escalated, bool) or not isinstance(in_report, bool):
        raise AlertError("step")
    return Step(str(status), _text(document, "note"), _text(document, "evidence"), escalated,
                in_report)  # fmt: skip
