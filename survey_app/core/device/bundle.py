"""Bundles: a device's sealed responses carried to the lead's machine in one file.

The file is lines of JSON: a manifest first (format, version, the inspection's UUID, the
questionnaire's hash, the day it was made, a random bundle id, how many responses, and the
SHA-256 of every line that follows), one line per response (its random id, status, mode,
questionnaire hash, day, every sealed record in order, and the hash of those records), one
line per alert (its random id and the sealed alert, in the order of those ids: nothing ties
an alert to a response), and an end line that repeats the counts. A file cut short, a byte
changed or a line moved does not match the manifest and is refused whole. The records
inside open only with the inspection's private key, each bound to its inspection,
questionnaire, response and place.

What the manifest cannot prove is who made the file: the public key is no secret, so the
lead's merge treats every bundle as input, and each record is checked as it is opened.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from survey_app.core.device.outbox import Pending
from survey_app.core.i18n import _
from survey_app.core.storage.database import today

FORMAT = "survey-app bundle"
VERSION = 2
"""2: alerts, after the responses. Version 1 (responses alone) is still read."""
MAX_LINE = 8_000_000
"""Bytes of one response's line: a long interview with every answer changed many times
stays far below."""
MAX_BUNDLE = 1 << 30
"""Bytes of a whole bundle (1 GiB): 10,000 responses make about 32 MiB. It is read whole
into memory before anything is merged, so a file larger than this is refused unread."""
MAX_RESPONSES = 200_000
MAX_ALERTS = 10_000
MAX_ALERT = 200_000
"""Bytes of one sealed alert: its written parts are at most 4,000 characters each."""
MAX_RECORDS = 5_000
"""Records of one response: an answer per question and a few changes of mind."""


class BundleError(ValueError):
    """A bundle refused whole; the message says why and what to do."""


def records_hash(sealed: tuple[bytes, ...] | list[bytes]) -> str:
    digest = hashlib.sha256(b"survey-app records\0")
    for blob in sealed:
        digest.update(len(blob).to_bytes(4, "big") + blob)
    return digest.hexdigest()


def record_hash(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


@dataclass(frozen=True)
class Carried:
    """One response as a bundle carries it."""

    id: str
    status: str
    mode: str
    questionnaire_hash: str
    day: str
    sealed: tuple[bytes, ...]

    @property
    def hash(self) -> str:
        return records_hash(self.sealed)


@dataclass(frozen=True)
class CarriedAlert:
    id: str
    sealed: bytes


@dataclass(frozen=True)
class Bundle:
    id: str
    inspection: str
    questionnaire_hash: str
    day: str
    responses: tuple[Carried, ...]
    alerts: tuple[CarriedAlert, ...] = ()


def _line(carried: Pending | Carried) -> bytes:
    document = {
        "id": carried.id,
        "status": carried.status,
        "mode": carried.mode,
        "questionnaire_hash": carried.questionnaire_hash,
        "day": carried.day,
        "sealed": [base64.b64encode(blob).decode() for blob in carried.sealed],
        "hash": records_hash(carried.sealed),
    }
    return json.dumps(document, separators=(",", ":")).encode() + b"\n"


def _alert_line(alert_id: str, sealed: bytes) -> bytes:
    document = {"alert": alert_id, "sealed": base64.b64encode(sealed).decode()}
    return json.dumps(document, separators=(",", ":")).encode() + b"\n"


def encode_bundle(
    inspection: str,
    questionnaire_hash: str,
    responses: list[Pending],
    alerts: list[tuple[str, bytes]] | None = None,
) -> bytes:
    alert_lines = [_alert_line(i, sealed) for i, sealed in sorted(alerts or [])]
    lines = [_line(each) for each in responses]
    digest = hashlib.sha256(b"".join(lines + alert_lines)).hexdigest()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "bundle": secrets.token_hex(16),
        "inspection": inspection,
        "questionnaire_hash": questionnaire_hash,
        "day": today(),
        "responses": len(lines),
        "alerts": len(alert_lines),
        "digest": digest,
    }
    head = json.dumps(manifest, separators=(",", ":")).encode() + b"\n"
    end = json.dumps({"end": len(lines), "alerts": len(alert_lines)}).encode() + b"\n"
    return head + b"".join(lines + alert_lines) + end


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as file:
        while True:
            line = file.readline(MAX_LINE + 1)
            if not line:
                return
            if len(line) > MAX_LINE:
                raise BundleError(_damaged(path))
            yield line


def read_bundle(path: Path) -> Bundle:
    """The bundle at `path`, checked whole (manifest, digest, count, every field), or
    BundleError. Nothing is opened here: that needs the private key."""
    if not path.is_file():
        raise BundleError(_("{path} is not a file: give the path of a bundle").format(path=path))
    try:
        if path.stat().st_size > MAX_BUNDLE:
            raise BundleError(_damaged(path))
        lines = _lines(path)
        try:
            manifest = _json(next(lines, b""), path)
        except BundleError:
            manifest = {}
        if manifest.get("format") != FORMAT:
            raise BundleError(
                _("{path} is not a survey-app bundle: use a file made by survey-app bundle "
                  "export").format(path=path)
            )  # fmt: skip
        version = manifest.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise BundleError(_damaged(path))
        if version > VERSION:
            raise BundleError(
                _(
                    "{path} was made by a newer survey-app (bundle format {version}, this one "
                    "reads {known}): upgrade survey-app on this machine"
                ).format(path=path, version=version, known=VERSION)
            )
        count = manifest.get("responses")
        if not isinstance(count, int) or not 0 <= count <= MAX_RESPONSES:
            raise BundleError(_damaged(path))
        alert_count = manifest.get("alerts", 0) if version >= 2 else 0
        if not isinstance(alert_count, int) or not 0 <= alert_count <= MAX_ALERTS:
            raise BundleError(_damaged(path))
        digest = hashlib.sha256()
        responses = []
        alerts: list[CarriedAlert] = []
        end: dict[str, Any] | None = None
        for line in lines:
            if end is not None:
                raise BundleError(_damaged(path))  # something after the end
            document = _json(line, path)
            if "end" in document:
                end = document
                continue
            digest.update(line)
            if "alert" in document:
                alerts.append(_carried_alert(document, path))
                if len(alerts) > alert_count:
                    raise BundleError(_damaged(path))
                continue
            if alerts:
                raise BundleError(_damaged(path))  # alerts come last, after every response
            responses.append(_carried(document, path))
            if len(responses) > count:
                raise BundleError(_damaged(path))
        if end is None or end.get("end") != count or len(responses) != count:
            raise BundleError(_damaged(path))
        if end.get("alerts", 0) != alert_count or len(alerts) != alert_count:
            raise BundleError(_damaged(path))
        if len({a.id for a in alerts}) != len(alerts):
            raise BundleError(_damaged(path))
        if digest.hexdigest() != manifest.get("digest"):
            raise BundleError(_damaged(path))
        return Bundle(
            id=_field(manifest, "bundle", path, 64),
            inspection=_field(manifest, "inspection", path, 36),
            questionnaire_hash=_field(manifest, "questionnaire_hash", path, 64),
            day=_field(manifest, "day", path, 10),
            responses=tuple(responses),
            alerts=tuple(alerts),
        )
    except OSError as exc:
        raise BundleError(
            _("{path}: cannot read the bundle: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc


def _damaged(path: Path) -> str:
    return _(
        "{path} is damaged, cut short or was changed (it does not match its manifest): "
        "nothing was imported. Export the bundle again on the device."
    ).format(path=path)


def _json(line: bytes, path: Path) -> dict[str, Any]:
    try:
        document = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BundleError(_damaged(path)) from exc
    if not isinstance(document, dict):
        raise BundleError(_damaged(path))
    return document


def _field(document: dict[str, Any], key: str, path: Path, limit: int) -> str:
    value = document.get(key)
    if not isinstance(value, str) or not value or len(value) > limit or not value.isprintable():
        raise BundleError(_damaged(path))
    return value


def _carried(document: dict[str, Any], path: Path) -> Carried:
    status = _field(document, "status", path, 20)
    sealed = document.get("sealed")
    if status not in ("complete", "partial") or not isinstance(sealed, list):
        raise BundleError(_damaged(path))
    if not 1 <= len(sealed) <= MAX_RECORDS:
        raise BundleError(_damaged(path))
    try:
        blobs = tuple(base64.b64decode(_text(blob, path), validate=True) for blob in sealed)
    except (binascii.Error, ValueError) as exc:
        raise BundleError(_damaged(path)) from exc
    carried = Carried(
        id=_field(document, "id", path, 64),
        status=status,
        mode=_field(document, "mode", path, 20),
        questionnaire_hash=_field(document, "questionnaire_hash", path, 64),
        day=_field(document, "day", path, 10),
        sealed=blobs,
    )
    if carried.hash != document.get("hash"):
        raise BundleError(_damaged(path))
    return carried


def _carried_alert(document: dict[str, Any], path: Path) -> CarriedAlert:
    if set(document) != {"alert", "sealed"}:
        raise BundleError(_damaged(path))
    text = _text(document.get("sealed"), path)
    if len(text) > MAX_ALERT:
        raise BundleError(_damaged(path))
    try:
        sealed = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BundleError(_damaged(path)) from exc
    return CarriedAlert(_field(document, "alert", path, 64), sealed)


def _text(value: object, path: Path) -> str:
    if not isinstance(value, str):
        raise BundleError(_damaged(path))
    return value
