"""English and Welsh, treated equally.

Strings are gettext messages: the English text is the message id, the catalogues in
`translations/` (the app) and beside each questionnaire (its texts) hold the translations.
Catalogues are read with Babel; plural forms follow CLDR, so Welsh gets its six categories
(zero, one, two, few, many, other) wherever a count is shown.

One process serves one person at a time (a terminal, a kiosk, or one browser tab under
textual-serve), so the app's language is a process-wide setting: `use_language()` switches
it and the UI re-renders. Code that must not depend on it uses a `Translator` directly.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from survey_app.core.paths import data_dir

Language = Literal["en", "cy"]
LANGUAGES: tuple[Language, ...] = ("en", "cy")
#: What each language calls itself: shown side by side on the first screen.
ENDONYMS: dict[Language, str] = {"en": "English", "cy": "Cymraeg"}

# gettext numbers the plural forms in CLDR's order of categories.
_CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
_DOMAIN = "survey_app"


class CatalogueError(ValueError):
    """A catalogue file that cannot be read: names the file and the line."""

    def __init__(self, path: Path, detail: str, line: int | None = None) -> None:
        self.path = path
        self.detail = detail
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {detail}")


# A PO line is a comment, a blank, or a keyword and/or one complete quoted string.
_PO_LINE = re.compile(
    r'^\s*(?:#.*|(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?)\s+)?"(?:[^"\\]|\\.)*"\s*)?$'
)


def read_catalogue(path: Path, locale: str) -> Catalog:
    """Read a PO file strictly: Babel quietly drops the last letter of an unclosed string,
    which would corrupt a translation without a word, so each line is checked first."""
    from survey_app.core.paths import UnreadableFile, read_small

    try:
        data = read_small(path, MAX_CATALOGUE)
    except UnreadableFile as exc:
        raise CatalogueError(
            path, _("cannot read the catalogue ({reason})").format(reason=exc.reason)
        ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueError(path, _("the catalogue is not UTF-8 text")) from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not _PO_LINE.match(line):
            raise CatalogueError(
                path,
                _("this line is not valid in a catalogue: check its quotes ({line!r})").format(
                    line=line.strip()[:60]
                ),
                number,
            )
    _refuse_duplicates(path, text)
    try:
        return read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except PoFileError as exc:
        raise CatalogueError(path, str(exc), exc.lineno) from exc
    except Exception as exc:
        raise CatalogueError(path, str(exc)) from exc


MAX_CATALOGUE = 4_000_000
"""Bytes of one catalogue: the app's Welsh is about 90 kB."""
_KEYWORD = re.compile(r'^\s*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"((?:[^"\\]|\\.)*)"')
_CONTINUED = re.compile(r'^\s*"((?:[^"\\]|\\.)*)"\s*$')


def _refuse_duplicates(path: Path, text: str) -> None:
    """The same message twice (same context and id): Babel keeps one without a word, so a
    translation could silently lose its place. Named with both lines."""
    seen: dict[tuple[str | None, str], int] = {}
    context: str | None = None
    current: str | None = None  # the keyword whose string is being read
    parts: list[str] = []
    started = entry = 0

    def finish() -> None:
        nonlocal context, entry
        if current == "msgctxt":
            context, entry = "".join(parts), started
        elif current == "msgid":
            key = (context, "".join(parts))
            first_line = entry if context is not None else started
            if key != (None, ""):  # the header
                if key in seen:
                    raise CatalogueError(
                        path,
                        _(
                            "this message is also on line {first}: keep one of them (the "
                            "same msgid and msgctxt twice)"
                        ).format(first=seen[key]),
                        first_line,
                    )
                seen[key] = first_line
            context = None

    for number, line in enumerate(text.splitlines(), start=1):
        if match := _KEYWORD.match(line):
            finish()
            current, parts, started = match.group(1), [match.group(2)], number
        elif (match := _CONTINUED.match(line)) and current is not None:
            parts.append(match.group(1))
        elif not line.strip() or line.lstrip().startswith("#"):
            finish()
            current, parts = None, []
    finish()


@cache
def plural_categories(language: str) -> tuple[str, ...]:
    """The CLDR plural categories the language uses, in gettext's order."""
    rule = Locale.parse(language).plural_form
    return tuple(c for c in _CLDR_ORDER if c in rule.tags or c == "other")


def plural_index(language: str, n: int) -> int:
    category = Locale.parse(language).plural_form(n)
    return plural_categories(language).index(category)


@dataclass
class Translator:
    """Looks messages up in one or more catalogues of one language, first hit wins."""

    language: str
    catalogues: list[Catalog] = field(default_factory=list)

    def _lookup(self, msgid: str | tuple[str, str], context: str | None) -> object | None:
        for catalogue in self.catalogues:
            message = catalogue.get(msgid, context=context)
            if (
                message is not None
                and message.string
                and any(message.string if isinstance(message.string, tuple) else (message.string,))
            ):
                return message.string
        return None

    def gettext(self, msgid: str) -> str:
        found = self._lookup(msgid, None)
        return found if isinstance(found, str) else msgid

    def pgettext(self, context: str, msgid: str) -> str:
        found = self._lookup(msgid, context)
        return found if isinstance(found, str) else msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self._lookup((singular, plural), None)
        index = plural_index(self.language, n)
        if isinstance(found, tuple) and index < len(found) and found[index]:
            return found[index]
        return singular if n == 1 else plural

    def has(self, msgid: str | tuple[str, str], context: str | None = None) -> bool:
        return self._lookup(msgid, context) is not None


@cache
def app_catalogue(language: str) -> Catalog:
    path = data_dir("translations") / f"{language}.po"
    return read_catalogue(path, language)


@cache
def app_translator(language: str) -> Translator:
    return Translator(language, [app_catalogue(language)])


_active: Translator | None = None


def use_language(language: str) -> None:
    """Make `language` the one `_()` and `ngettext()` answer in."""
    global _active
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: use one of {', '.join(LANGUAGES)}")
    _active = app_translator(language)


def current_language() -> Language:
    return _active.language if _active else "en"  # type: ignore[return-value]


def _(msgid: str) -> str:
    """Translate an app message into the current language."""
    return _active.gettext(msgid) if _active else msgid


def N_(msgid: str) -> str:
    """Mark a message for translation without translating it here (it is looked up later,
    often in both languages at once)."""
    return msgid


def pgettext(context: str, msgid: str) -> str:
    """Translate a message that needs a context to be unambiguous (e.g. a key letter)."""
    return _active.pgettext(context, msgid) if _active else msgid


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count, choosing the plural form by CLDR rules."""
    if _active is None:
        return singular if n == 1 else plural
    return _active.ngettext(singular, plural, n)


def iter_untranslated(catalogue: Catalog) -> Iterator[str]:
    """Message ids of `catalogue` that have no translation (fuzzy ones count as present)."""
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            yield message.id if isinstance(message.id, str) else message.id[0]


def language_from_env(environ: dict[str, str]) -> Language:
    """Pick the inspector's language for command-line output from the usual variables."""
    for name in ("SURVEY_APP_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "cy" if value.lower().startswith("cy") else "en"
    return "en"
