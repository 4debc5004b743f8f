"""English and Welsh, treated equally.

Strings are gettext messages: the English text is the message id, the catalogues in
`translations/` (the app) and beside each questionnaire (its texts) hold the translations.
Catalogues are checked with Babel (strictly: `read_catalogue`); at run time the app reads
them compiled, with the standard library's gettext, from a cache keyed by the catalogue's
content (`compiled`): parsing the `.po` files at every start took longer than everything
else the app does before its first screen. Plural forms follow CLDR, so Welsh gets its six
categories (zero, one, two, few, many, other) wherever a count is shown; the catalogues'
own Plural-Forms rule, which gettext uses, is checked against CLDR by the tests.

One process serves one person at a time (a terminal, a kiosk, or one browser tab under
textual-serve), so the app's language is a process-wide setting: `use_language()` switches
it and the UI re-renders. Code that must not depend on it uses a `Translator` directly.
"""

from __future__ import annotations

import gettext as _gettext
import hashlib
import io
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from survey_app.core.paths import cache_dir, data_dir

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

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
    from babel.messages.pofile import PoFileError, read_po

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
    from babel import Locale

    rule = Locale.parse(language).plural_form
    return tuple(c for c in _CLDR_ORDER if c in rule.tags or c == "other")


def plural_index(language: str, n: int) -> int:
    from babel import Locale

    category = Locale.parse(language).plural_form(n)
    return plural_categories(language).index(category)


Key = tuple[str | None, str]
"""(context, msgid) of a message; a plural message is keyed by its singular."""


@dataclass
class Translator:
    """The messages of one language: (context, msgid) -> text, and (context, singular) ->
    plural forms, with the rule that picks a form for a count."""

    language: str
    singular: dict[Key, str] = field(default_factory=dict)
    plurals: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    plural: Callable[[int], int] | None = None
    """Count -> index of the plural form; None: CLDR's rule for the language."""

    @classmethod
    def from_catalogues(cls, language: str, catalogues: list[Catalog]) -> Translator:
        """From Babel catalogues as read by `read_catalogue` (first one wins)."""
        out = cls(language)
        for catalogue in reversed(catalogues):
            for message in catalogue:
                if not message.id or not message.string:
                    continue
                if isinstance(message.id, str):
                    if isinstance(message.string, str):
                        out.singular[(message.context, message.id)] = message.string
                elif any(message.string):
                    out.plurals[(message.context, message.id[0])] = tuple(message.string)
        return out

    @classmethod
    def from_compiled(cls, language: str, compiled: _gettext.GNUTranslations) -> Translator:
        """From a compiled catalogue, read with the standard library."""
        # `plural` is set on the object from the catalogue's Plural-Forms when it is read
        # (the standard library's own attribute, which its type stubs do not list).
        out = cls(language, plural=getattr(compiled, "plural"))  # noqa: B009
        forms: dict[Key, dict[int, str]] = {}
        for key, text in compiled._catalog.items():  # type: ignore[attr-defined]
            if isinstance(key, tuple):
                context, singular = _split(key[0])
                forms.setdefault((context, singular), {})[key[1]] = text
            elif key:
                out.singular[_split(key)] = text
        for key, found in forms.items():
            out.plurals[key] = tuple(found.get(i, "") for i in range(max(found) + 1))
        return out

    def _index(self, n: int) -> int:
        return self.plural(n) if self.plural is not None else plural_index(self.language, n)

    def gettext(self, msgid: str) -> str:
        return self.singular.get((None, msgid)) or msgid

    def pgettext(self, context: str, msgid: str) -> str:
        return self.singular.get((context, msgid)) or msgid

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self.plurals.get((None, singular))
        if found:
            index = self._index(n)
            if index < len(found) and found[index]:
                return found[index]
        return singular if n == 1 else plural

    def has(self, msgid: str | tuple[str, str], context: str | None = None) -> bool:
        if isinstance(msgid, tuple):
            return bool(self.plurals.get((context, msgid[0])))
        return bool(self.singular.get((context, msgid)))


def _split(key: str) -> Key:
    context, separator, msgid = key.partition("\x04")
    return (context, msgid) if separator else (None, key)


def compiled(path: Path, language: str) -> _gettext.GNUTranslations:
    """The catalogue at `path`, compiled once per content into the cache and read with the
    standard library (Babel only compiles, the first time a content is met). Without a
    writable cache, it is compiled in memory."""
    source = path.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:20]
    target = cache_dir() / "catalogues" / f"{path.stem}-{language}-{digest}.mo"
    try:
        with target.open("rb") as file:
            return _gettext.GNUTranslations(file)
    except (OSError, ValueError):
        pass
    data = _compile(path, language)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except OSError:
        pass  # a read-only cache: compiled again next time
    return _gettext.GNUTranslations(io.BytesIO(data))


def _compile(path: Path, language: str) -> bytes:
    from babel.messages.mofile import write_mo

    catalogue = read_catalogue(path, language)
    out = io.BytesIO()
    write_mo(out, catalogue, use_fuzzy=True)  # unchecked Welsh still beats English for Welsh
    return out.getvalue()


@cache
def app_catalogue(language: str) -> Catalog:
    """The app's catalogue as Babel reads it: for checks and tools."""
    path = data_dir("translations") / f"{language}.po"
    return read_catalogue(path, language)


@cache
def app_translator(language: str) -> Translator:
    path = data_dir("translations") / f"{language}.po"
    return Translator.from_compiled(language, compiled(path, language))


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
