"""The setup file: what a device needs to collect for one inspection, and no secret.

The lead writes it (`survey-app inspection setup-file`); a device joins with it
(`survey-app device join`). It holds the inspection's identity (UUID, premises, region,
fieldwork dates, language, number of residents, the address for withdrawals), the public
key that answers are sealed to, and the questionnaire with its catalogues and the hash of
their content. A SHA-256 digest over the rest catches a damaged or edited file. What it
cannot catch, a file swapped for another lead's, the key's fingerprint does: both commands
print it, for the two people to compare.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from survey_app.core.i18n import LANGUAGES, _
from survey_app.core.paths import UnreadableFile, cache_dir, read_small

if TYPE_CHECKING:
    from survey_app.core.collection.inspection import Inspection
    from survey_app.core.questionnaire.model import Questionnaire

FORMAT = "survey-app setup"
VERSION = 1
MAX_SETUP = 8_000_000
"""Bytes of a setup file: the bundled questionnaire and its catalogue make about 90 kB."""


class SetupError(ValueError):
    """A setup file that cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Setup:
    uuid: str
    premises: str
    region: str
    fieldwork_start: dt.date
    fieldwork_end: dt.date
    language: str
    residents: int
    contact: str
    public_key: bytes
    questionnaire_name: str
    """The questionnaire file's stem: `ap-residents` for ap-residents.toml."""
    questionnaire_hash: str
    """Its content hash (questions, routing, every text): each response records it."""
    questionnaire: str
    """The TOML text."""
    catalogues: dict[str, str]
    """Language -> the text of its catalogue (.po), for every language but English."""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def body(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "inspection": {
                "uuid": self.uuid,
                "premises": self.premises,
                "region": self.region,
                "fieldwork_start": self.fieldwork_start.isoformat(),
                "fieldwork_end": self.fieldwork_end.isoformat(),
                "language": self.language,
                "residents": self.residents,
                "contact": self.contact,
            },
            "public_key": base64.b64encode(self.public_key).decode(),
            "questionnaire": {
                "name": self.questionnaire_name,
                "hash": self.questionnaire_hash,
                "toml": self.questionnaire,
                "catalogues": dict(sorted(self.catalogues.items())),
            },
        }

    def dumps(self) -> str:
        body = self.body()
        return json.dumps({**body, "digest": _digest(body)}, ensure_ascii=False, indent=1) + "\n"


def fingerprint(public_key: bytes) -> str:
    """A short, readable digest of a public key, to compare by eye on two machines."""
    digest = hashlib.sha256(b"survey-app key\0" + public_key).hexdigest()[:20].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def _digest(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def read_setup(path: Path) -> Setup:
    """The setup file at `path`, checked whole, or SetupError saying what is wrong. The
    questionnaire inside is checked by the caller, who can load it (its hash too)."""
    try:
        data = read_small(path, MAX_SETUP)
    except UnreadableFile as exc:
        raise SetupError(
            _("{path}: cannot read the setup file: {reason}").format(path=path, reason=exc.reason)
        ) from exc
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SetupError(_not_setup(path)) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SetupError(_not_setup(path))
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SetupError(_not_setup(path))
    if version > VERSION:
        raise SetupError(
            _(
                "{path} was written by a newer survey-app (setup format {version}, this one "
                "reads {known}): upgrade survey-app on this device"
            ).format(path=path, version=version, known=VERSION)
        )
    digest = document.pop("digest", None)
    if not isinstance(digest, str) or digest != _digest(document):
        raise SetupError(
            _(
                "{path} is damaged or was edited (its digest does not match): write it again "
                "on the lead's machine with survey-app inspection setup-file"
            ).format(path=path)
        )
    try:
        return _parse(document)
    except (KeyError, TypeError, ValueError) as exc:
        # The digest held, so the file is as written, but not by a survey-app that this
        # one understands.
        raise SetupError(_not_setup(path)) from exc


def _not_setup(path: Path) -> str:
    return _(
        "{path} is not a survey-app setup file: use the file that survey-app inspection "
        "setup-file wrote"
    ).format(path=path)


def _text(value: object, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError("text")
    return value


def _parse(document: dict[str, Any]) -> Setup:
    inspection = document["inspection"]
    questionnaire = document["questionnaire"]
    public_key = base64.b64decode(_text(document["public_key"], 100), validate=True)
    if len(public_key) != 32:
        raise ValueError("key")
    residents = inspection["residents"]
    if not isinstance(residents, int) or isinstance(residents, bool) or not 0 <= residents <= 1000:
        raise ValueError("residents")
    language = _text(inspection["language"], 2)
    if language not in LANGUAGES:
        raise ValueError("language")
    name = _text(questionnaire["name"], 100)
    if not name or "/" in name or "\\" in name or name.startswith(".") or not name.isprintable():
        raise ValueError("name")  # it becomes a file name on the device
    catalogues = questionnaire["catalogues"]
    if not isinstance(catalogues, dict) or set(catalogues) != set(LANGUAGES) - {"en"}:
        raise ValueError("catalogues")
    return Setup(
        uuid=str(uuid.UUID(_text(inspection["uuid"], 36))),
        premises=_printable(inspection["premises"], 200),
        region=_printable(inspection["region"], 200),
        fieldwork_start=dt.date.fromisoformat(_text(inspection["fieldwork_start"], 10)),
        fieldwork_end=dt.date.fromisoformat(_text(inspection["fieldwork_end"], 10)),
        language=language,
        residents=residents,
        contact=_printable(inspection["contact"], 300, empty=True),
        public_key=public_key,
        questionnaire_name=name,
        questionnaire_hash=_text(questionnaire["hash"], 64),
        questionnaire=_text(questionnaire["toml"], MAX_SETUP),
        catalogues={k: _text(v, MAX_SETUP) for k, v in catalogues.items()},
    )


def _printable(value: object, limit: int, empty: bool = False) -> str:
    text = _text(value, limit)
    if (not text.strip() and not empty) or not text.isprintable():
        raise ValueError("text")
    return text


def setup_for(inspection: Inspection, questionnaire: Questionnaire) -> Setup:
    """The setup file's content for `inspection` and the questionnaire it collects with,
    read from the questionnaire's own files (so the device gets exactly those bytes)."""
    if inspection.public_key is None:
        raise SetupError("the inspection has no key pair yet")
    path = questionnaire.path
    catalogues: dict[str, str] = {
        language: path.with_name(f"{path.stem}.{language}.po").read_text(encoding="utf-8")
        for language in LANGUAGES
        if language != "en"
    }
    return Setup(
        uuid=inspection.uuid,
        premises=inspection.premises,
        region=inspection.region,
        fieldwork_start=inspection.fieldwork_start,
        fieldwork_end=inspection.fieldwork_end,
        language=inspection.language,
        residents=inspection.residents,
        contact=inspection.contact,
        public_key=inspection.public_key,
        questionnaire_name=path.stem,
        questionnaire_hash=questionnaire.content_hash,
        questionnaire=path.read_text(encoding="utf-8"),
        catalogues=catalogues,
    )


def questionnaire_of(setup: Setup, check: bool = False) -> Questionnaire:
    """The questionnaire a device joined with, as files in the cache (written once per
    content) and loaded as any questionnaire is. With `check`, its content hash must be the
    one the setup file states, or SetupError: a device never collects with other words than
    the lead will read the answers against."""
    from survey_app.core.questionnaire.model import QuestionnaireError, load

    folder = (
        cache_dir() / "joined" / hashlib.sha256(setup.questionnaire_hash.encode()).hexdigest()[:32]
    )
    target = folder / f"{setup.questionnaire_name}.toml"
    files = {target: setup.questionnaire} | {
        folder / f"{setup.questionnaire_name}.{language}.po": text
        for language, text in setup.catalogues.items()
    }
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            temporary = path.with_name(path.name + ".part")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(path)
    try:
        questionnaire = load(target)
    except QuestionnaireError as exc:
        problems = "; ".join(str(p) for p in exc.problems[:3])
        raise SetupError(
            _("the questionnaire in the setup file has problems: {problems}").format(
                problems=problems
            )
        ) from exc
    if check and questionnaire.content_hash != setup.questionnaire_hash:
        raise SetupError(
            _(
                "the questionnaire in the setup file does not match its hash: the file was "
                "edited or made by another version; write it again on the lead's machine"
            )
        )
    return questionnaire
