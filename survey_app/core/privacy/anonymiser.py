"""Scrub free text of what identifies a person, before any lead, export or report sees it.

Each find is replaced by a typed placeholder in the resident's language (`[name]`, Welsh
`[enw]`). Two kinds of detector run over the text:

- patterns for identifiers with a shape: nDelius CRNs, PNC and CRO numbers, prison numbers,
  National Insurance and NHS numbers, phone numbers, e-mail addresses, postcodes, street
  addresses, dates of birth, ages and room numbers. A check digit is never required: a
  mistyped number still identifies;
- names, from word lists (first names and surnames from many backgrounds, Welsh with and
  without accents), cues ("my key worker X", "staff called X", "Mr X", "o'r enw X"),
  capitals, neighbouring names and near misses of known names (misspellings). Words that
  are also names ("will", "mark", "hope", "rose", Welsh "haf", "glyn") need such evidence.

Pure Python and regular expressions: no model, no network, thousands of comments a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from survey_app.core.i18n import app_translator
from survey_app.core.patterns import ODD_CASES, Patterns, unneeded
from survey_app.core.privacy import numbers

KINDS: tuple[str, ...] = (
    "name",
    "crn",
    "pnc",
    "cro",
    "prison_number",
    "ni_number",
    "nhs_number",
    "phone",
    "email",
    "postcode",
    "address",
    "dob",
    "age",
    "room",
    "vehicle",
    "handle",
)

_DATA = Path(__file__).parent / "data"
_COMPILED = Patterns("anonymiser")
"""Every pattern below, started from the cache after the first run (see core/patterns.py)."""


@dataclass(frozen=True, order=True)
class Redaction:
    """A span of the original text, and what kind of identifier it is."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Result:
    text: str
    """The scrubbed text."""
    redactions: tuple[Redaction, ...]
    """What was removed, as spans of the original text (never shown: only the kinds are)."""

    @property
    def kinds(self) -> list[str]:
        """The kinds of thing removed, each once, in a stable order."""
        found = {r.kind for r in self.redactions}
        return [kind for kind in KINDS if kind in found]


def placeholder(kind: str, language: str) -> str:
    """`[name]`, `[enw]`: the words come from the app's catalogues, so leads see their
    language and translators can change them."""
    return f"[{_placeholder_words(language)[kind]}]"


@cache
def _placeholder_words(language: str) -> dict[str, str]:
    t = app_translator(language)
    return {
        "name": t.pgettext("placeholder", "name"),
        "crn": t.pgettext("placeholder", "case number"),
        "pnc": t.pgettext("placeholder", "PNC number"),
        "cro": t.pgettext("placeholder", "CRO number"),
        "prison_number": t.pgettext("placeholder", "prison number"),
        "ni_number": t.pgettext("placeholder", "National Insurance number"),
        "nhs_number": t.pgettext("placeholder", "NHS number"),
        "phone": t.pgettext("placeholder", "phone"),
        "email": t.pgettext("placeholder", "email"),
        "postcode": t.pgettext("placeholder", "postcode"),
        "address": t.pgettext("placeholder", "address"),
        "dob": t.pgettext("placeholder", "date of birth"),
        "age": t.pgettext("placeholder", "age"),
        "room": t.pgettext("placeholder", "room"),
        "vehicle": t.pgettext("placeholder", "vehicle registration"),
        "handle": t.pgettext("placeholder", "social media name"),
    }


# --- word lists ------------------------------------------------------------------------
@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """Lower case without accents: Siân and sian, Llŷr and llyr are the same name."""
    if word.isascii():
        return word.lower()  # the same, without the decomposition: most words, and fast
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _words(name: str) -> frozenset[str]:
    path = _DATA / f"{name}.txt"
    if not path.exists():
        return frozenset()
    return _folded(line.strip() for line in path.read_text("utf-8").splitlines() if line)


def _folded(words: Iterable[str]) -> frozenset[str]:
    """A list's words folded, past `fold`'s cache: that is kept for the words of comments."""
    unaccent = fold.__wrapped__
    return frozenset(word.lower() if word.isascii() else unaccent(word) for word in words)


@dataclass(frozen=True)
class _Lists:
    first: frozenset[str]
    surnames: frozenset[str]
    ambiguous: frozenset[str]
    not_names: frozenset[str]
    welsh: frozenset[str]
    english: frozenset[str]
    """Words of at least one in a million in English text (wordfreq's list): a word not
    among them, nor Welsh, nor on a list, is rare, and a rare word where a person is
    spoken of is most often a name or a nickname ("Wozza", "krystof", "Ginge")."""
    near: dict[str, str]
    """Every one-letter deletion of a known name -> that name: finds misspellings fast."""
    places: frozenset[str] = frozenset()
    """Towns, counties and prisons: not a name even where a person would stand ("Mae
    Caerdydd yn rhy bell")."""


_STOP = frozenset(
    """a an and are as at be been but by can could did do does done for from get got had has
    have he her here him his how i if in into is it its just me my no not of off on or our
    out she so some than that the their them then there they this to too up us was we were
    what when where which who with would you your yes yeah ok okay im ive dont cant i've i'm
    i'd i'll
    wont didnt isnt hes shes theyre thats also very really all any one more most much many
    y yr yn a ac i o ar am at gan gyda mae ydy yw oedd bydd fe fo hi nhw ni chi ti fi mi
    dw dwi rwy rydw roedd ddim dim na ond neu pan os fel wedi wnaeth ei eu ein eich fy
    staff resident residents worker manager officer room back over again today tonight
    yesterday tomorrow security police ambulance someone somebody anyone everyone nobody
    people person lads guys man men woman women girl boy mum dad nan""".split()
)


@cache
def _lists() -> _Lists:
    first, surnames = _words("first_names"), _words("surnames")
    welsh = _words("welsh_words")
    ambiguous = _words("name_words") | (welsh & (first | surnames))
    near: dict[str, str] = {}
    for name in first | surnames:
        if len(name) >= 5 and name not in ambiguous:
            for i in range(len(name)):
                near.setdefault(name[:i] + name[i + 1 :], name)
    places = _words("places")
    return _Lists(
        first,
        surnames,
        ambiguous,
        _words("not_names") | places | _STOP,
        welsh,
        _common_english(),
        near,
        places,
    )


def _common_english() -> frozenset[str]:
    """wordfreq's list of English words, read from the file it ships (its own import
    brings text-repair and language-tag libraries this needs none of: about 90 ms, most
    of a command's start). Its format is checked; wordfreq's own reader otherwise."""
    words = _read_wordlist("small_en")
    if words is None:
        import wordfreq

        words = list(wordfreq.get_frequency_dict("en", "small"))
    return _folded(words)


def _read_wordlist(name: str) -> list[str] | None:
    import gzip
    import importlib.util

    import msgpack  # type: ignore[import-untyped]

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "data" / f"{name}.msgpack.gz"
    try:
        with gzip.open(path) as stream:
            data = msgpack.load(stream, raw=False)
    except (OSError, ValueError):
        return None
    # cBpack: a header, then the words of each frequency band
    if not data or not isinstance(data[0], dict) or data[0].get("format") != "cB":
        return None
    return [word for band in data[1:] for word in band]


# Welsh mutates first letters after some words ("wrth Ddafydd", "gan Fethan", "a Chatrin"):
# a capitalised word that becomes a known name once un-mutated is that name.
_UNMUTATE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ngh", ("c",)),
    ("mh", ("p",)),
    ("nh", ("t",)),
    ("ng", ("g",)),
    ("ch", ("c",)),
    ("ph", ("p",)),
    ("th", ("t",)),
    ("dd", ("d",)),
    ("f", ("b", "m")),
    ("g", ("c",)),
    ("b", ("p",)),
    ("d", ("t",)),
    ("l", ("ll",)),
    ("r", ("rh",)),
    ("m", ("b",)),
    ("n", ("d",)),
)


def _unmutated_name(word: str, lists: _Lists) -> bool:
    names = lists.first | lists.surnames
    candidates = [] if word[:1] not in "aeiouwyâêîôûŵŷ" else ["g" + word]
    for mutated, radicals in _UNMUTATE:
        if word.startswith(mutated):
            candidates += [radical + word[len(mutated) :] for radical in radicals]
            break
    return any(c in names and c not in lists.ambiguous for c in candidates)


def _radical_name(word: str, lists: _Lists) -> bool:
    """Once un-mutated, a first name, even one that is also a word ("a Chai": Cai)."""
    for mutated, radicals in _UNMUTATE:
        if word.startswith(mutated):
            return any(radical + word[len(mutated) :] in lists.first for radical in radicals)
    return False


def _rare(word: str, lists: _Lists) -> bool:
    """On no list and not a common English or Welsh word, nor one once un-mutated
    ("Nghaerdydd" is Caerdydd, "Chymraeg" Cymraeg)."""
    if lists is _lists():
        return _rare_word(word)  # the lists every comment is read with: asked once a word
    return _is_rare(word, lists)


@lru_cache(maxsize=1 << 16)
def _rare_word(word: str) -> bool:
    return _is_rare(word, _lists())


_WORD_ENDINGS = (
    "ly",
    "ing",
    "ising",
    "izing",
    "ised",
    "ized",
    "ism",
    "isms",
    "ness",
    "ment",
    "ments",
    "tion",
    "tions",
    "ity",
    "ities",
    "ously",
    "fully",
    "lessly",
    "ably",
    "ibly",
    "ative",
    "ology",
    "ification",
)
"""Endings that make words, not names: a long word on no list that ends so is a word the
list lacks ("dehumanising", "favouritism"), not a person."""


def _is_rare(word: str, lists: _Lists) -> bool:
    if len(word) < 3 or (len(word) >= 8 and word.endswith(_WORD_ENDINGS)):
        return False
    parts = word.split("-")
    if (
        len(parts) > 1
        and all(p in lists.english or p in lists.welsh or p in lists.not_names for p in parts)
        and not all(p in lists.first or p in lists.surnames for p in parts)
    ):
        return False  # "Welsh-language", "co-defendant"; not "Wyn-Jones"
    candidates = [word]
    if word.endswith("s"):
        candidates.append(word[:-1])  # "anyones", "snores": a common word and an s

    if word[:1] in "aeiouwyâêîôûŵŷ":
        candidates.append("g" + word)
    for mutated, radicals in _UNMUTATE:
        if word.startswith(mutated):
            candidates += [radical + word[len(mutated) :] for radical in radicals]
            break
    return not any(
        c in lists.english or c in lists.welsh or c in lists.not_names for c in candidates
    )


def _near_name(word: str, lists: _Lists) -> bool:
    """Within one edit of a known name (a letter missed, added, changed or swapped)."""
    if len(word) < 5:
        return False
    names = lists.first | lists.surnames
    if word in lists.near:
        return True  # one letter added
    for i in range(len(word)):
        shorter = word[:i] + word[i + 1 :]
        if shorter in names or shorter in lists.near:
            return True  # one letter missed, or changed, or two swapped
    return False


# --- identifiers with a shape ----------------------------------------------------------
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr"
)
_STREET = (
    r"road|rd|street|st|lane|ln|avenue|ave|close|drive|way|court|ct|crescent|cres|place|"
    r"terrace|tce|grove|gardens|gdns|hill|row|walk|square|sq|parade|mews|view|park|green|"
    r"rise|vale|estate|cottages|flats|mansions|lodge|buildings"
)
_WELSH_STREET = (
    r"heol|stryd|ffordd|l[oô]n|stryt|rhodfa|cilgant|teras|maes|cwrt|llys|clos|cae|bryn|"
    r"tan\s+y|plas|parc|gerddi|rhes|allt|pant"
)
_UNITS_AFTER_AGE = (
    r"minutes?|mins?|hours?|hrs?|days?|weeks?|months?|times?|pounds?|quid|p|pence|percent|"
    r"%|am|pm|o'clock|miles?|mg|ml|sessions?|nights?|of|out|in|more|less|x|past|to|till|"
    r"until|ish|quid|grand|k|kg|stone|st|feet|ft|inch|inches|cm|metres?|people|residents?|"
    r"bars?|stars?|points?"
)

# Numbers in words, for ages written out ("twenty-three", "dau ddeg tri oed").
_EN_UNITS = r"one|two|three|four|five|six|seven|eight|nine"
_EN_TEENS = r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_EN_TENS = r"twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety"
_EN_AGE = rf"(?:(?:{_EN_TENS})(?:\s?-?\s?(?:{_EN_UNITS}))?|{_EN_TEENS})"
_EN_NUMBER = rf"(?:{_EN_AGE}|{_EN_UNITS})"
_CY_NUMBER_WORD = (
    r"un|dau|ddau|dwy|tri|dri|tair|pedwar|bedwar|pedair|pump|bump|pum|chwech|saith|wyth|"
    r"naw|deg|ddeg|deng|deuddeg|ddeuddeg|pymtheg|bymtheg|deunaw|ddeunaw|ugain|hugain|ar|"
    r"deugain|ddeugain|trigain|drigain|hanner|cant|chant|ddwy|dair|bedair|chwe|thri|thair|"
    r"phedwar|phump|phum|bum"
)
_EN_ORDINAL = (
    r"(?:(?:twenty|thirty)[\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    r"eighteenth|nineteenth|twentieth|thirtieth"
)
_CY_ORDINAL = r"[^\W\d_]+(?:fed|ydd|af|il|ed)"
# Months as Welsh writes them after "o" (of) and other mutating words: Fawrth, Dachwedd.
_CY_MUTATED_MONTHS = (
    r"fawrth|fai|fehefin|orffennaf|fedi|dachwedd|ragfyr|chwefror|hionawr|hebrill|hawst|"
    r"hydref"
)
_YEAR_WORDS = (
    rf"(?:(?:nineteen|twenty)\s+(?:{_EN_AGE}|oh\s+(?:{_EN_UNITS}))|two\s+thousand(?:\s+and)?(?:\s+(?:{_EN_NUMBER}))?"
    rf"|(?:mil|dwy\s+fil)(?:\s+(?:a\s+)?(?:{_CY_NUMBER_WORD}|naw\s+cant))+)"
)
"""A year said in words: "nineteen eighty six", "two thousand and one", "mil naw naw dau"."""
_BIRTH = (
    r"born|dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|bday|b-day|pen-?blwydd|"
    r"mhen-?blwydd|ben-?blwydd|dyddiad\s+geni|ganwyd|anwyd|ngeni|geni|eni"
)
_FEAST_DAYS = (
    r"(?:christmas|xmas)\s+(?:day|eve)|boxing\s+day|new\s+years?\s+(?:day|eve)|"
    r"valentines?\s+day|halloween|bonfire\s+night|st\s+davids?\s+day|"
    r"(?:dd|n)?ydd\s+(?:nadolig|calan|g[ŵw]yl\s+dewi)|noswyl\s+nadolig"
)
_CY_SMALL = (
    r"un|dau|dwy|tri|tair|pedwar|pedair|pump|chwech|saith|wyth|naw|deg|deuddeg|pymtheg|"
    r"deunaw|ugain"
)
_ROOM_ID = r"(?:\d{1,2}[a-z]?|[a-z]-?\d{1,2}[a-z]?)"
"""A room as residents name one: a number, or a letter and a number ("b7", "D-4")."""
_ROOM_END = r"""(?=\s*(?:[,;!?)]|\.(?!\d)|$|(?:and|or|n|but|with|for|since|now|which|where|
    because|cos|coz|so|then|after|before|a|ac|ond|efo|gyda|am|is|was|has|had|yn|ers|here|
    there|upstairs|downstairs|instead|first|yet|still|anymore|til|till|until|last|this|next|
    lol|at|on|in|to|from|who|whos|cant|i|im|he|hes|she|the|get|gets|got|when|if|mate|every|
    each|without|tonight|today|have|having|keeps|always|never|plays|playing|asking|fo|fe|hi|
    rŵan|rwan|nawr|heddiw|fory|yfory|gynta|wedyn|ddwywaith|on|ground|first|second|top|again|
    apparently|too|theres|dydd|nos|bore|heno|today|tomorrow|yesterday)\b))"""
"""After a bare room number: the end of the phrase, or a word that cannot be a thing
counted ("been in 4 since june", never "been in 2 minds", "left 2 messages")."""
_PLACES = (
    r"office|kitchen|laundry|stairs|staircase|toilets?|bathroom|showers?|lounge|front\s+door|"
    r"back\s+door|fire\s+(?:escape|exit|door)|lift|garden|reception|entrance|car\s+park|"
    r"smoking\s+area|yard|gate|boiler|bins|staff\s+room"
)
_PLACES_CY = (
    r"swyddfa|gegin|golchdy|grisiau|toiled|tŷ\s+bach|ystafell\s+ymolchi|lolfa|drws(?:\s+ffrynt|"
    r"\s+cefn)?|atig|to|ardd|dderbynfa|fynedfa|lifft|iard|giât|seler"
)
"""The places a single room is told by ("the room above the office", "wrth y gegin")."""
_ROOM_SIDE = (
    r"big|small|little|tiny|downstairs|upstairs|end|corner|single|double|twin|box|middle|"
    r"front|back|converted|accessible|disabled|attic|basement|ground[\s-]floor|first[\s-]floor|"
    r"second[\s-]floor|top[\s-]floor|top|bottom|last|old|new|shared"
)
"""What a room is said to be before it is placed ("the end room by...", "the ground floor
room nearest...")."""
_ROOM_WHERE = (
    r"by|next\s+to|next\s+door\s+to|beside|above|below|under|underneath|beneath|over|"
    r"opposite|across(?:\s+from)?|nearest(?:\s+to)?|near|closest\s+to|off|facing|behind|"
    r"at|on|along|round|past|wrth(?:\s+ymyl)?|ger|uwchben|uwch|dan|o\s+dan|"
    r"gyferbyn(?:\s+[âa])?|drws\s+nesa(?:\s+i)?|yn|ar(?:\s+(?:dop|ben|waelod|bwys))?|"
    r"yng\s+nghefn|ym\s+mhen(?:\s+draw)?"
)
_ROOM_WHAT = (
    r"mine|me|us|him|her|hers|them|fi|ni|reception|"
    r"(?:the|my|his|her|our|y|yr|fy|ei|ein|i?['’]r|a)\s+"
    r"(?!(?:morning|mornings|night|nights|evening|day|days|week|weekend|afternoon|moment|"
    r"time|summer|winter|spring|autumn|bore|nos|noson|dydd|diwrnod|wythnos|penwythnos)\b)"
    r"[\w'’-]+(?:\s+[\w'’-]+)??"
    r"|(?:left|right|top|bottom|end)\b"
)
"""Where a room is, in a few words: a place, a landing, the left, mine."""
_ROOM_PHRASE_END = (
    r"\s*(?:[,;:!?)\"“”]|\.(?!\d)|\s[-–—]\s|$)"
    r"|\s+(?:and|or|but|so|because|cos|coz|is|was|has|had|have|keeps|plays|hears|smells|"
    r"shakes|lets|says|gets|leaks|floods|stinks|who|whos|which|where|that|when|since|for|"
    r"till|until|every|all|at\s+night|without|ac|a|ond|achos|sy|sy['’]n|mae|ma['’]?|yn|"
    r"efo|gyda|i|he|she|they|it|its|im|i['’]m|we|you|staff|does|doesnt|isnt|wasnt|"
    r"now|then|still|again|too|though|tho|lol|haha|x|like|fel|ers|smokes|snores|shouts|"
    r"bangs|screams|sings|cries|talks|knocks|got|never|always)\b"
)
"""After the words that place a room: the end of the phrase."""
_BUILDING = r"Court|House|Cottages|Lodge|Mansions|Buildings|Towers?|Flats|Heights|B&B"
_NOT_PLACE_FIRST = (
    r"The|A|An|This|That|These|Those|My|Our|Your|His|Her|Their|Every|Any|No|One|Each|Same|"
    r"Wrong|Right|Long|Open|Full|Big|White|Halfway|Half|Safe|Mad|Care|Crown|Magistrates|"
    r"Mags|Family|County|High|Youth|Supreme|Appeal|Civil|Coroners|Approved|Probation|Bail|"
    r"Drug|Drugs|Dog|Doll|Green|Tree|Play|Boarding|Guest|Public|Council|Opera|Mental|I|"
    r"It|Its|We|He|She|They|You|Me|Im|Ive|And|But|So|Or|If|When|Then|Now|Not|Just|Only"
)
"""Words that begin a capitalised phrase without naming a street or a building ("The
House", "Crown Court", "Approved Premises House")."""
_TIME_UNITS = (
    r"minutes?|mins?|hours?|hrs?|days?|weeks?|months?|times?|pounds?|quid|percent|%|am|pm|"
    r"o'clock|miles?|degrees?|p|pence|grand|k|kg|stone|points?|munud|awr|diwrnod|wythnos|"
    r"mis|gwaith|punt|punnoedd"
)
_CY_NOT_AGE_AFTER = (
    r"(?!\s*(?:o['’]r\s+gloch|o\b|(?!mis\s+(?:nesa|nesaf|yma|hwn|diwetha))"
    rf"(?:{_TIME_UNITS})\b))"
)
"""After Welsh number words, what makes them a time or a count ("un ar ddeg o'r gloch",
"tri deg o bobl", "pum munud"); "mis nesa" (next month) says when, not how long."""
_VEHICLE_CUE = _COMPILED.compile(
    r"\b(?:car|cars|van|motor|bike|reg|registration|plate|plates|vehicle|motor|cerbyd|"
    r"astra|corsa|fiesta|focus|golf|polo|clio|transit|bmw|audi|merc|mercedes|ford|"
    r"vauxhall|toyota|nissan|peugeot|drives|driving|parked|"
    r"fan|rhif\s+cofrestru)\b",
    re.I,
)
_MAIL = r"gmail|googlemail|hotmail|outlook|yahoo|icloud|live|btinternet|aol|proton\w*|msn|me|mail"
_PLATFORMS = (
    r"insta(?:gram)?|ig|snap(?:chat)?|tik\s?tok|twitter|facebook|fb|discord|telegram|kik|"
    r"threads|twitch|youtube|yt|onlyfans|whatsapp\s+name"
)


class _Figures(str):
    """A pattern every match of which holds a figure: not tried on a comment without one
    (half of all comments; a test checks each so marked, and that none is left unmarked)."""


_PATTERNS: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple(
    (kind, _COMPILED.compile(pattern, re.IGNORECASE | re.VERBOSE), isinstance(pattern, _Figures))
    for kind, pattern in (
        # Each starts only where a word does: from every letter of a long run of them, a
        # failed match would be tried again over the rest (quadratic in the run).
        ("email", r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
        # ... and with spaces about its marks ("r.davies @ btinternet . com").
        (
            "email",
            r"""(?<![\w.+-])[\w.+-]+\s*@\s*[\w-]+
                (?:\s*\.\s*(?:com|co|uk|org|net|cymru|wales|ac|gov|nhs|ie)\b)+""",
        ),
        # An address written out so that no form would take it: "(at)", "[at]", or "at"
        # before a mail provider, with "dot" or "." between the parts.
        (
            "email",
            rf"""(?<![\w.+-])[\w.+-]+\s*(?:[(\[]\s*at\s*[)\]]\s*[\w-]+|\s+at\s+(?:{_MAIL})\b)
                 (?:\s*(?:\.|[(\[]\s*dot\s*[)\]]|\s+dot\s+)\s*[a-z]{{2,8}}\b)+""",
        ),
        # ... or said in words throughout ("jonno dot smith at example dot com").
        (
            "email",
            r"""(?<![\w.+-])[\w+-]+(?:\s+(?:dot|underscore)\s+[\w+-]+)*(?:\s+\d+)?\s+at\s+[\w-]+
                (?:\s+dot\s+(?:com|co|uk|org|net|cymru|wales|ac|gov|nhs|ie|io))+\b""",
        ),
        # ... or with no ending at all, once the comment says it is one ("my email is
        # jsmith88 at outlook").
        (
            "email",
            rf"""\b(?:e-?mail|e-?bost)\b[^.!?\n@]{{0,15}}?\s(?P<id>[\w.+-]+\s+at\s+(?:{_MAIL}))\b""",
        ),
        ("pnc", _Figures(r"(?<![/\d])\b(?:\d{2}|\d{4})\s?/\s?\d{1,7}[a-z]\b")),
        (
            "cro",
            _Figures(r"(?<![/\d])\b(?:sf\s?\d{2}\s?/\s?\d{1,6}[a-z]|\d{1,6}\s?/\s?\d{2}[a-z])\b"),
        ),
        # After their own name, however spaced ("pnc 15 223344H", "cro no 000123/15 K").
        (
            "pnc",
            _Figures(r"""\bpnc\b(?:\s*(?:is|number|no\.?|num|rhif|:|-))*\s*
                (?P<id>(?:\d{2}|\d{4})\s*/?\s*\d{5,7}\s?[a-z])\b"""),
        ),
        (
            "cro",
            _Figures(r"""\bcro\b(?:\s*(?:is|number|no\.?|num|rhif|:|-))*\s*
                (?P<id>(?:sf\s?)?\d{1,6}\s?/\s?\d{2}\s?[a-z])\b"""),
        ),
        ("ni_number", _Figures(r"\b[a-z]\s?[a-z]\s?\d{2}\s?\d{2}\s?\d{2}(?:\s?[a-d])?\b")),
        (
            "phone",
            _Figures(
                r"(?<![\w/])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?[0O])[\dO][\dO\s\-()./]{7,14}\d(?![\w/])"
            ),
        ),
        # ... and typed a figure at a time, spaced ("0 7700 90 0779", "0 7 7 0 0 9 ...")
        ("phone", r"(?<![\w/])[0O]\s(?:[\dO][\s\-.]?){8,10}[\dO](?![\w/])"),
        ("nhs_number", _Figures(r"(?<![\w/])[1-9]\d{2}[\s-]?\d{3}[\s-]?\d{4}(?![\w/])")),
        # After "NHS", ten figures however they are grouped (pairs, fives).
        (
            "nhs_number",
            _Figures(r"""\bnhs\b(?:\s*(?:number|no\.?|num|rhif|is|yw|ydy|fi|i|my|me|:|-))*\s*
                (?P<id>\d(?:[\s-]?\d){9})(?![\w/])"""),
        ),
        ("prison_number", _Figures(r"\b[a-z]\s?\d{4}\s?[a-z]{2}\b")),
        ("crn", r"\b[a-z]\s?[\dO]{3}\s?[\dO]{3}\b"),
        (
            "crn",
            _Figures(r"(?<=\bcrn)(?:\s*(?:is|:|number|no\.?|rhif))?\s*(?P<id>[a-z]\s?\d{4,7})\b"),
        ),
        ("postcode", _Figures(r"\b[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2}\b")),
        (
            "dob",
            _Figures(rf"""\b(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:19|20)?\d{{2}}
                 |\d{{1,2}}(?:st|nd|rd|th|ed|af|il|ydd|fed)?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+(?:19|20)\d{{2}}
                 |(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}})\b"""),
        ),
        (
            "dob",
            _Figures(rf"""\b(?:dob|d\.o\.b\.?|born|birthday)[\s:]+(?:on\s+)?(?P<id>(?:{_MONTHS})\.?\s+
                 \d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2}})\b"""),
        ),
        (
            "dob",
            _Figures(r"""\b(?:born|geni|eni|ganwyd|anwyd|ngeni)(?:\s+(?:fi|i))?\s+(?:(?:in|yn|ym)\s+)?
                (?P<id>(?:19|20)\d{2}|'\d{2})\b"""),
        ),
        # After a word for a birth, a date in figures however it is parted ("birthday is
        # 14/2", "date of birth 5 5 93", "dob 020989"); a year born ("an 88 born").
        (
            "dob",
            _Figures(rf"""\b(?:{_BIRTH})\b[^.!?\n\d]{{0,20}}?
                (?P<id>\d{{1,2}}[/\-]\d{{1,2}}(?:[/.\-](?:19|20)?\d{{2}})?
                 |\d{{1,2}}\s*[/.\-]\s*\d{{1,2}}\s*[/.\-]\s*(?:19|20)?\d{{2}}
                 |\d{{1,2}}\s\d{{1,2}}\s(?:19|20)?\d{{2}}|\d{{6}}|\d{{8}})(?![\w/:]|\.\d)
            |\b(?:i'?m|im|i\s+am|an?)\s+(?P<n2>'?\d{{2}}|(?:19|20)\d{{2}})\s+born\b"""),
        ),
        # A birthday on a day with a name ("born 1987 on christmas eve", "boxing day 1979",
        # "ar ddydd Nadolig 1988").
        (
            "dob",
            rf"""\b(?:{_BIRTH})\b[^.!?\n\d]{{0,20}}?
                (?P<id>(?:(?:19|20)\d{{2}}\s+on\s+)?(?:{_FEAST_DAYS})
                 (?:\s*,?\s*(?:(?:19|20)\d{{2}}|{_YEAR_WORDS}|dwy\s+fil(?:\s+a\s+(?:{_CY_NUMBER_WORD}))?))?)\b""",
        ),
        # After a word for a birth, a date however it is written: a two-figure year or
        # none ("born 5th of june 88", "birthday is the 9th of sept"), a Welsh ordinal in
        # words ("ganwyd ar y ddeuddegfed o Orffennaf 85"), the year first ("born in 1979
        # on the 2nd of may").
        (
            "dob",
            rf"""\b(?:{_BIRTH})\b[^.!?\n\d]{{0,25}}?
                (?:(?:the|y|yr)\s+)?(?P<id>(?:(?:19|20)\d{{2}}\s+on\s+(?:the\s+)?)?
                 (?:\d{{1,2}}(?:st|nd|rd|th|ed|fed|ydd|af|il|eg)?|{_EN_ORDINAL}
                  |{_CY_ORDINAL}(?:\s+ar\s+(?:hugain|ddeg|bymtheg))?)
                 \s+(?:of\s+|o\s+)?(?:the\s+)?(?:{_MONTHS}|{_CY_MUTATED_MONTHS}|\d{{1,2}}(?:st|nd|rd|th))\b
                 (?:\s*,?\s*(?:'?(?:(?:19|20)\d{{2}}|\d{{2}})\b|{_YEAR_WORDS}\b))?
                |(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)\b(?:,?\s*'?(?:(?:19|20)\d{{2}}|\d{{2}})\b)?)""",
        ),
        ("dob", _Figures(r"\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b")),
        # After a word for a birth, a month and a year ("born august 81", "ges i 'ngeni
        # Chwefror 1995").
        (
            "dob",
            _Figures(rf"""\b(?:{_BIRTH})\b[^.!?\n\d]{{0,20}}?
                (?P<id>(?:{_MONTHS}|{_CY_MUTATED_MONTHS})\s*,?\s*'?(?:(?:19|20)\d{{2}}|\d{{2}}))\b"""),
        ),
        # A date written out: an ordinal, a month and a year ("twelfth april ninety one",
        # "pedwerydd o Fawrth 1990"), a year in figures or after "born" in words.
        (
            "dob",
            rf"""\b(?:(?:{_EN_ORDINAL})\s+(?:of\s+)?(?:{_MONTHS})
                  |{_CY_ORDINAL}(?:\s+ar\s+(?:hugain|ddeg|bymtheg))?\s+o\s+(?:{_MONTHS}|{_CY_MUTATED_MONTHS}))
                 ,?\s+(?:(?:19|20)\d{{2}}|(?:nineteen\s+|two\s+thousand\s+(?:and\s+)?)?(?:{_EN_NUMBER})
                 |mil(?:\s+(?:{_CY_NUMBER_WORD}))+)\b""",
        ),
        (
            "address",
            _Figures(
                rf"""\b(?:f?flat\s+\d{{1,4}}[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+(?!(?:{_TIME_UNITS})\b)
                 (?:(?:[^\W\d_][\w'’-]*\s+){{1,3}}(?:{_STREET})(?:\s+(?:east|west|north|south))?
                 |(?:{_WELSH_STREET})(?:\s+(?:y|yr))?\s+[^\W\d_][\w'’-]*
                  (?:\s+(?:(?:y|yr)\s+)?(?-i:[A-ZÂÊÎÔÛŴŶ][^\W\d_]*)){{0,2}})\b
                 |\bf?flat\s+\d{{1,4}}[a-z]?\b(?:,?\s+(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:[A-Z][\w'’-]+))?)?""",
            ),
        ),
        (
            "room",
            _Figures(r"""\b(?:(?:bed)?room|rm\.?|y?s?'?stafell(?:oedd)?)(?:\s+(?:number|no\.?|num|rhif))?
                \s*\#?\s*\d{1,3}[a-z]?\b(?!\s*/\s*\d)(?:\.\d\b)?
            |\b(?:bed)?rooms\s*\d{1,3}[a-z]?\b(?=\s*(?:and|&|to|[-–,]\s*\d|\d))"""),
        ),
        # The same written other ways: "room: 14", "my room is 14", "room fourteen", "cell
        # 9", "door 12", "the lad in number 14", "yn rhif 12".
        (
            "room",
            rf"""\b(?:(?:bed)?room(?:/bed)?|rm\.?|y?s?'?stafell|cell|door|d?drws|nrws|unit|ll?offt)
                (?:\s+(?:number|no\.?|num|rhif))?\s*(?:[:=\-]|\s(?:is|was|yw|ydy|ydi)\b)?\s*
                (?P<id>\d{{1,3}}[a-z]?|{_EN_NUMBER}|(?:{_CY_SMALL})(?:\s+(?:deg|ar\s+(?:hugain|ddeg|bymtheg)|{_CY_SMALL})){{0,3}})\b
                (?!\s*(?:{_UNITS_AFTER_AGE}|degrees?|o'?clock)\b)(?!\s*[:/]|\.\d)""",
        ),
        (
            "room",
            _Figures(rf"""(?:\b(?:in|into|from|to|outside|opposite|next\s+to|yn|o|of|at|upstairs|downstairs)\s+|^
                |,\s*)(?:number|no\.?|rhif)\s+
                (?P<id>\d{{1,3}}[a-z]?)\b(?!\s*(?:{_UNITS_AFTER_AGE})\b)(?!\s*[:/]|\.\d)
                (?!\s+(?:issue|problem|thing|priority|complaint|reason|gripe|concern)s?\b)"""),
        ),
        (
            "room",
            _Figures(rf"""\b(?:lad|lads|guy|bloke|man|woman|girl|fella|one|resident|geezer|whoever|
                someone|somebody|anyone|me|him|her|he|she|they)\s+
                (?:(?:is|was|'?s|who'?s|whos)\s+)?(?:in|from)\s+(?P<id>\d{{1,3}}[a-z]?)\b
                (?!\s*(?:{_UNITS_AFTER_AGE}|years?|yrs?)\b)(?!\s*[:/]|\.\d)"""),
        ),
        # A room code opening a sentence ("B4 plays music all night", "14B toilet leaks",
        # "G7 and G8 flood"): capitals and figures, checked against look-alikes below.
        (
            "room",
            _Figures(r"""(?:^|(?<=[.!?]\s)|(?<=\n))(?P<id>(?-i:[A-Z]{1,2}\d{1,3}[A-Z]?|\d{1,3}[A-Z]))\b
                (?!\s*(?:[:/]|\d))(?!\.\s)"""),
        ),
        # A registration as plates show it (two letters, two figures, three letters), in
        # any case and spacing; the older forms (a letter first) only beside a vehicle.
        ("vehicle", _Figures(r"\b[a-z]{2}\s?\d{2}\s?[a-z]{3}\b")),
        ("vehicle", _Figures(r"\b[a-z]\d{1,3}\s?[a-z]{3}\b|\b[a-z]{3}\s?\d{1,3}[a-z]\b")),
        ("handle", r"(?<![\w@.])@[a-z0-9_][a-z0-9_.]{1,29}(?<!\.)"),
        (
            "handle",
            rf"""\b(?:{_PLATFORMS})\b\s*\(?\s*(?:(?:user(?:name)?|handle|name|account|acc|id|is|
                 me|on|as|at|ar|yw|ydy|ydi|fi|i|=|:|-|'s|its|it's|under|called|i'?m|am)\s*){{0,3}}
                 (?P<id>@?[a-z0-9_][a-z0-9_.\-]{{2,29}}(?<![.\-])(?:\#\d{{4}})?)""",
        ),
        # ... before the platform ("BigMike_Bristol on fb", "kyle.m_07 ar snap"), with a
        # handle's marks; a name said with "underscore" ("gary underscore 83"); and the
        # name a Facebook or WhatsApp account shows ("fb is Gaz Jones").
        (
            "handle",
            rf"""\b(?=[a-z0-9_.\-@]{{0,30}}[_.\d])(?P<id>@?[a-z0-9][a-z0-9_.\-]{{1,29}}(?<![.\-]))
                \s+(?:on|ar|in)\s+(?:{_PLATFORMS})\b
            |\b(?P<n2>[a-z0-9]+(?:\s+(?:underscore|dot)\s+[a-z0-9]+)*\s+underscore\s+[a-z0-9]+)\b
            |\b(?:fb|facebook|whatsapp)(?:\s+messenger)?\s*(?:(?:is|as|:|-|under|ydy|yw|name|enw)\s*){{0,2}}
                (?P<n3>(?-i:[A-Z][\w'’-]+)(?:\s+(?-i:['‘]?[A-Z][\w'’-]+['’]?)){{1,3}})""",
        ),
        # Room codes with a letter ("room G9", "rm F12", "stafell B3"), and a number in
        # brackets after "room" ("my room (22)").
        (
            "room",
            r"""\b(?:(?:bed)?rooms?|rm\.?|y?s?'?stafell|stafell)(?:\s+(?:number|no\.?|num|rhif))?
                \s*[,:]?\s*(?:\#\s*)?(?P<id>[a-z]{1,2}[-.]?\d{1,3}[a-z]?\b|(?-i:[A-Z]{1,2})\s\d{1,3}\b
                |\(\s*\d{1,3}[a-z]?\s*\)|(?-i:[B-HJ-QS-Z])\b(?![’'.]\w))""",
        ),
        # A room code where someone is ("the lad in G7", "Mae Tazz yn G4", "moved me from
        # S14"): capitals and figures, after a word of place.
        (
            "room",
            _Figures(r"""\b(?:in|into|from|to|outside|opposite|of|next\s+to|o|yn|ym|i|wrth|d?drws|nrws|floor|
                fi['’]n|dwi['’]n|wi['’]n|by|past|near|beside|observed|ystafell)\s+
                (?P<id>(?-i:[A-Z]{1,2}-?\d{1,3}[A-Z]?|\d{1,3}[A-Z])|[a-z]-?\d{1,2})\b
                (?!\s*(?:[:/.]\d))"""),
        ),
        # Rooms in the places a resident puts them: where someone was, is or was moved
        # ("been in 4 since june", "moved me to 27", "when i leave D2", "knocked 11 and
        # 12 up", "i share the landing with 11"), always before the end of the phrase.
        (
            "room",
            _Figures(rf"""\b(?:been(?=\s+(?:in|at|on|upstairs|downstairs)\b)|living|staying|sleeping|stuck
                |put(?:s|ting)?\s+(?:me|him|her|them|us|people|(?:new\s+)?(?:arrivals|lads|people|residents))
                |live[sd]?(?=\s+in\b)|swapp?(?:ed|ing)?(?:\s+rooms?)?\s+with|end(?:ed)?\s+up
                |resid(?:es|ed|ing)|occup(?:ies|ied|ying)|allocated(?:\s+room)?|placed|housed|
                located|accommodated|locked\s+(?:my\s*self\s+|me\s+)?out\s+of
                |(?:cloi|cloes|cloiais|locked|locio)(?:\s+[\w']+){{0,2}}?\s+allan\s+o
                |(?:R|he|she|they|who)\s+(?:is|was|are|were)\s+(?:now\s+)?in
                |symud\w*(?:\s+(?:fi|fo|hi|ni|nhw))?|swop\w*(?:\s+efo\s+\w+)?
                |(?:sharo|rhannu)(?:\s+[\w']+){{0,2}}?\s+(?:efo|gyda)
                |skipp?(?:ed|ing|s)?|(?:walk|walked|walking|go|went|going)\s+past|wall\s+with
                |smell\s+[\w']+\s+from|(?:doing|done|did)\s+up|shared\s+by|byw(?=\s+(?:yn|ym)\b)|(?:bathroom|toilet|shower|wall|kitchen|landing)\s+between
                |symud\w*(?:\s+(?:fi|fo|hi|ni|nhw))?\s+allan
                |(?:(?:directly|right|just)\s+)?(?:next\s+to|opposite|above|below|beneath|underneath|
                 across\s+from)
                |mov(?:ed|ing|e)(?:\s+(?:me|him|her|us|them))?(?:\s+(?:out|back))?
                |knock(?:ed|s|ing)?(?:\s+on)?|leave|leaving|left|see\s+into|let|lets
                |bod|fi
                |(?:came|come|comes|went|go|goes)\s+up|share[sd]?(?:\s+[\w']+){{0,3}}?\s+with
                |(?:i'?m|i\s+am|i\s+was|he'?s|hes|she'?s|shes|they'?re|we'?re|dwi|rwy|wyf)
                 \s+(?:in|yn|ym)|(?:fo|fe)\s+yn)
                \s+(?:(?:in\s+to|in|into|to|from|yn|ym|i|o|of|out\s+of|over\s+to)\s+)?
                (?P<slot>)(?P<id>{_ROOM_ID}|\d\.\d{{2}}|\d/\d{{2}})\b{_ROOM_END}"""),
        ),
        # Rooms by what else they are called ("unit 4", "bay 3", "C-wing 12"), by a number
        # in words where one lives ("upstairs number six"), and set off by commas after
        # where the room is ("the one opposite the laundry, 11, is always").
        (
            "room",
            rf"""\b(?:unit|bay|cell|pod|bedsit)\s+(?:(?:number|no\.?|rhif)\s*)?(?P<id>\d{{1,3}}[a-z]?|[a-z]\d{{1,2}})\b
                (?!\s*(?:{_TIME_UNITS}|of)\b)(?!\s*[:/]|\.\d)
            |(?P<n2>\b[a-z]-?\s?wing\s+\d{{1,3}}[a-z]?)\b(?!\s*[:/]|\.\d)
            |\b(?:in|into|from|upstairs|downstairs|opposite|next\s+to|yn)\s+(?:number|no\.?|rhif)\s+
                (?P<n3>{_EN_NUMBER}|{_CY_SMALL})\b(?!\s*(?:{_UNITS_AFTER_AGE})\b)
            |\b(?:rooms?|one|door|lad|boi|guy|fella|bloke)\b[^(),.!?\n]{{0,50}}?,\s*
                (?P<n4>{_ROOM_ID})\s*,
            |(?P<n5>\b(?:ground|first|second|third|top|1st|2nd|3rd)\s+floor\s+
                (?:front|back|middle|end|corner|left|right)(?:\s+(?:bed)?room)?)\b
            |\b(?:rooms?|rm|stafell)\s+(?:is|was)\s+(?P<n6>\d\.\d{{2}})\b""",
        ),
        # A room told by where it is, when only one can be there ("the room above the
        # office", "the end room by the back stairs", "the room next to mine", "y stafell
        # wrth ymyl y golchdy", "y llofft yn yr atig"): with its article, to the end of
        # the words that place it.
        (
            "room",
            rf"""(?:\b(?:the|y|yr)\s+|(?<=['’]r\s))
                (?:(?:{_ROOM_SIDE})\s+){{0,2}}(?:room|flat|bedsit|stafell|llofft|ystafell)
                (?:\s+(?:fach|bach|fawr|mawr|gefn|ffrynt))?
                \s+(?:{_ROOM_WHERE})\s+(?:{_ROOM_WHAT})
                (?:\s+(?:{_ROOM_WHERE}|of|in|from|with)\s+(?:{_ROOM_WHAT}))*
                (?={_ROOM_PHRASE_END})""",
        ),
        (
            "room",
            rf"""(?:\b(?:the|y|yr)|['’]r)\s+(?P<id>(?:(?:big|small|little|tiny|downstairs|upstairs|
                end|corner|single|double)\s+)?(?:room|flat|bedsit|one|stafell|llofft|ystafell)
                (?:\s+(?:fach|bach|fawr|mawr))?\s+
                (?:at\s+the\s+(?:very\s+)?(?:top|bottom|end|back|front)(?![\w-])
                   (?:\s+of\s+the\s+(?:corridor|landing|hall|hallway|stairs|building|house|block))?
                 |(?:by|next\s+to|beside|above|below|under|over|opposite|nearest|with|facing|behind)
                   \s+the\s+(?:{_PLACES})
                 |(?:wrth|ger|uwchben|dan|gyferbyn\s+[âa]|drws\s+nesa\s+i|yn)\s+(?:y|yr)\s+
                   (?:{_PLACES_CY})))\b""",
        ),
        # Where a Welsh speaker is, by number ("Dw i'n rhif dau ddeg", "mae o yn rhif 9").
        (
            "room",
            rf"""\b(?:rhif|rif|nrhif)\s+(?!un\b(?!\s+ar\b))
                (?P<id>\d{{1,3}}[a-z]?|(?:{_CY_NUMBER_WORD})(?:\s+(?:{_CY_NUMBER_WORD}))*)\b(?<!\sar)
                (?!\s+(?:{_UNITS_AFTER_AGE}|o\b|ffôn|ffon))""",
        ),
        # A room by what it alone is ("the attic room", "the box room", "the penthouse").
        (
            "room",
            r"""\bthe\s+(?P<id>(?:attic|box|basement|cellar|penthouse|disabled|accessible|wheelchair)
                \s+(?:room|flat)|penthouse|old\s+staff\s+flat)\b""",
        ),
        # Someone by where they sleep ("the kid in fifteen", "y boi yn saith", "the fella
        # upstairs in 21").
        (
            "room",
            rf"""\b(?:lad|lads|boi|guy|guys|kid|fella|bloke|blokes|man|woman|girl|girls|boy|boys|
                dude|geezer|one|resident|residents|neighbour|someone|whoever|whoevers|people|occupant|
                person|rhywun|dyn|ddyn|dynes|ddynes|hogyn|hogan)(?:['’]s)?\s+
                (?:(?:newydd|upstairs|downstairs|next\s+door|opposite|drws\s+nesa)\s+)?
                (?:(?:is|was|who'?s|whos)\s+)?(?:in|yn|from|o|(?<=resident\s)of|(?<=occupant\s)of)\s+
                (?P<id>{_ROOM_ID}|{_EN_NUMBER}|{_CY_SMALL})\b
                (?!\s+(?:house|room|place|hostel|bed|flat|go|day|night|week|way|piece|bit|lot|
                    another|more|area|kitchen|corner)\b)
                (?!\s*(?:{_UNITS_AFTER_AGE}|oed|years?|yrs?)\b)(?!\s*[:/]|\.\d)""",
        ),
        # A room as the one who does something ("meanwhile 15 gets home leave", "even 3
        # goes there", "mae b6 yn smocio", "#4 has bed bugs"), or owns it ("14's music").
        (
            "room",
            _Figures(
                rf"""(?:^|[.!?,;(]\s*|\b(?:and|but|meanwhile|even|cos|coz|while|whilst|then|
                upstairs|downstairs|mae|ac|ond|plus|also|now|like|nd)\s+)\#?
                (?!0\b)(?P<id>{_ROOM_ID})\s+(?:(?:always|never|still|just|also|even|keeps)\s+)?
                (?:gets|got|goes|went|keeps|kept|smokes|smoking|plays|playing|nicks|nicked|
                shouts|shouting|screams|screaming|bangs|slams|deals|dealing|snores|borrows|
                owes|stole|steals|has|had|knocks|comes|came|blasts|blasting|floods|flooding|
                leaves|cooks|brings|sells|sold|yn|wedi|drags|stinks|smells|never|always)\b
            |\b(?P<n2>(?:[1-3]?\d|[a-z]\d{{1,2}})[a-z]?)['’]s\s+(?=[^\W\d_])""",
            ),
        ),
        # A room's own things without the apostrophe ("banging on 8s door"), a room by "#"
        # ("#5"), a number in brackets with its name ("(rhif 5)", "(number twelve)"), and
        # "rhif 3" doing something ("ma rhif 3 yn smoking").
        (
            "room",
            rf"""\b(?P<id>[1-9]\d?[a-z]?)s\s+(?=(?:door|room|window|music|tv|telly|radio|bell|light|
                alarm|stereo|speaker)\b)
            |(?<![\w&])\#\s?(?P<n2>\d{{1,3}}[a-z]?)\b
                (?!\s*(?:issue|problem|priority|fan|thing|reason|concern|complaint)s?\b)
            |\(\s*(?:rhif|no\.?|number|rm|room)\s*(?P<n3>\d{{1,3}}[a-z]?|{_EN_NUMBER}|{_CY_SMALL})\s*\)
            |\b(?:ma|mae)\s+rhif\s+(?P<n4>\d{{1,3}}[a-z]?)\s+(?=yn|wedi|di)\b""",
        ),
        # Where things are by the room ("the telly in 4 was on", "the heater in twelve"),
        # "me, 3, 6 and 9", a form's answer ("Which room are you in? 11."), "bed 3 in room
        # 5", and Welsh moves by number words ("symudes i o ddeg i un deg tri").
        (
            "room",
            rf"""\b(?:telly|tv|heater|radiator|window|light|lights|shower|sink|toilet|bed|lock|
                alarm|music|fridge|kettle|remote|radio|stereo|speaker|plug|boiler|ceiling|carpet|
                curtains?|blind|mattress)\s+(?:lives\s+)?in\s+
                (?P<id>\d{{1,2}}[a-z]?|{_EN_NUMBER})\b{_ROOM_END}
            |\bme\s*,\s*(?P<n2>\d{{1,2}}[a-z]?)\s*,\s*(?=\d)
            |\broom\s+are\s+you\s+in\?\s*(?P<n3>\d{{1,3}}[a-z]?|[a-z]\d{{1,2}})\b
            |\bbed\s+(?P<n4>\d)\s+in\s+room\b
            |\bsymud\w*(?:\s+(?:i|fi|fo|hi))?\s+o\s+(?P<n5>(?:{_CY_NUMBER_WORD})(?:\s+(?:{_CY_NUMBER_WORD}))*)
                \s+i\s+(?P<n13>(?:{_CY_NUMBER_WORD})(?:\s+(?:{_CY_NUMBER_WORD}))*)\b""",
        ),
        # Two rooms opening a sentence by what they do ("7 and 9 are always fighting").
        (
            "room",
            _Figures(r"""(?:^|(?<=[.!?]\s))(?P<id>\d{1,2}[a-z]?)\s+(?:and|&|n)\s+(?P<n2>\d{1,2}[a-z]?)\s+
                (?:are|were|keep|both)\s+(?:(?:always|constantly|still|forever)\s+)?
                (?:fighting|arguing|playing|smoking|shouting|screaming|dealing|banging|blasting|
                at\s+it|kicking\s+off)\b"""),
        ),
        # Next door, by its number ("next door b10 shouts", "drws nesa 14").
        (
            "room",
            _Figures(rf"""\b(?:next\s+door|drws\s+nesa)\s+(?:(?:in|to|yn)\s+)?(?P<id>{_ROOM_ID})\b
                (?!\s*(?:{_UNITS_AFTER_AGE}|oed|years?|yrs?)\b)(?!\s*[:/]|\.\d)"""),
        ),
        # A room in brackets after the words for where one is ("the room next to mine
        # (16)", "y boi drws nesa (16)", "the room at the end (S3)").
        (
            "room",
            _Figures(rf"""\b(?:rooms?|door|drws|stafell|nesa|mine|upstairs|downstairs|end|lad|boi|guy|
                fella|bloke)\b[^()\n]{{0,25}}?\(\s*(?P<id>{_ROOM_ID}|\d{{3}})\s*(?=\)|,\s*\d)"""),
        ),
        # Rooms numbered by floor ("rm 1.07", "no. 2.03"), and in words ("my room is
        # number twelve").
        (
            "room",
            rf"""\b(?:(?:bed)?rooms?|rm\.?|y?s?'?stafell|no\.|number|rhif|numbered|in|yn|i|ges\s+i|
                wedyn|now|then)\s*(?P<id>\d\.\d{{2}})\b(?!\s*(?:am|pm|hrs?|hours?|h)\b)
            |\b(?:rooms?|rm|stafell)\s+(?:is|was|yw|ydy|ydi)\s+(?:number|no\.?|rhif)\s+
                (?P<n3>\d{{1,3}}[a-z]?|{_EN_NUMBER}|{_CY_SMALL})\b""",
        ),
        # A street or a building named without a number ("his mums on Windmill Lane",
        # "Heol y Frenhines", "Fairview Court", "Tŷ Gwyn"): capitals say it is a name.
        (
            "address",
            rf"""(?-i:\b(?!(?:{_NOT_PLACE_FIRST})\b)[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+){{0,2}}\s+
                (?:Road|Rd|Street|St|Lane|Avenue|Ave|Drive|Crescent|Terrace|Grove|Gardens|
                Close|Way|Place|Row|Square|Parade|Mews|Hill|Rise|Vale|
                {_BUILDING}|road|rd|street|st|lane|avenue|ave|drive|crescent|terrace)
                (?:\s+(?:East|West|North|South))?)\b(?!['’]s\s+(?:music|tv))
            |(?-i:\b(?:Heol|Stryd|Ffordd|Lôn|Lon|Stryt|Rhodfa|Cilgant|Teras|Maes|Cwrt|Llys|
                Clos|Plas|T[ŷy])(?:\s+(?:y|yr)|['’]r)?\s*[A-ZÂÊÎÔÛŴŶ][\w'’-]*
                (?:\s+(?:(?:y|yr)\s+)?[A-ZÂÊÎÔÛŴŶ][\w'’-]*){{0,2}})""",
        ),
        # Whoever is thanked, by name, in lower case too ("cheers bill for the lift", "ta
        # frank for the forms", "respect to tiny"): checked against who else is thanked.
        (
            "name",
            r"""\b(?:thanks|thank\s+you|thankyou|cheers|ta|respect\s+to|shout\s*out\s+to|
                big\s+up|diolch(?:\s+i)?)\s+(?P<thanked>[^\W\d_][\w'’-]{1,15})\b
                (?=\s*(?:for\b|,|!|\.|\bx\b|$|\s(?:hes|shes|he|she|who|you|mate|again|so|from|on|in|
                am|eto)\b))""",
        ),
        # A name opening a sentence, by what follows: where they sleep ("Paddy in 18 is
        # always pissed") or what they are to the writer ("hope is the only keyworker who
        # listens", "sunny is the best staff member"); taken if the word is a name's.
        (
            "name",
            r"""(?:^|(?<=[.!?]\s))(?P<subject>[^\W\d_][\w-]{1,15}?)(?:(?=['’]s\s)|\s+)
                (?:(?:in|yn)\s+(?:(?:room|rm|stafell|rhif)\s+)?\d{1,3}[a-z]?\b
                |(?:(?:is|was|['’]s|yw|ydy)\s+(?:the|my|our)\s+|(?:yw|ydy|ydi)['’]r\s+)(?:[\w']+\s+){0,2}?
                 (?:staff|keyworker|key\s+worker|worker|manager|nurse|chef|cook|cleaner|officer|
                 po|trainee|volunteer|counsellor|legend|gweithiwr|aelod|only\s+(?:one|person)|
                 girlfriend|boyfriend|partner|wife|husband|missus|fiancee?|son|daughter|brother|
                 sister|cousin|nan|mum|dad|best\s+mate|mate|friend|cariad|mab|merch|chwaer|brawd)\b)""",
        ),
        # Who the writer is, as Welsh and English say it ("Ffred dw i", "Dai ydi enw fi",
        # "name's Benji"): taken if the word is a name's.
        (
            "name",
            r"""(?:^|(?<=[.!?,]\s))(?P<subject>[^\W\d_][\w'’-]{1,15})\s+
                (?:dw\s+i|ydw\s+i|ydi\s+(?:enw\s+fi|fy\s+enw)|ydy\s+fy\s+enw|yw\s+fy\s+enw|
                 di\s+enw\s+fi|sy['’]n|sydd\s+yn
                 |(?:from|o)\s+(?:the|['’]r|y|yr)\s*(?:[\w-]+\s+){0,2}?(?:service|team|centre|center|
                  office|project|charity|clinic|council|gwasanaeth|tîm|tim|ganolfan|swyddfa)
                 |\((?:that'?s\s+what|real\s+name|nickname|known\s+as|as\s+everyone\s+calls))\b
            |\bname['’]?s\s+(?P<n2>[^\W\d_][\w'’-]{1,15})\b(?=\s*[,.!]|\s+(?:and|im|i'm)\b)""",
        ),
        # A form's name field, however labelled ("Name (optional) Big Tone", "ENW: Rhydian
        # 'Rhyds' Morgan"): the name, its nickname in quotes and all.
        (
            "name",
            r"""(?-i:\b(?:Name|NAME|Enw|ENW)\b)\s*(?:\([^)\n]{1,20}\)\s*[:\-]?|[:\-])\s*
                (?P<id>(?-i:[A-ZÂÊÎÔÛŴŶ][\w’-]+)
                 (?:\s+(?!(?i:cro|pnc|crn|dob|d\.o\.b|age|oed|room|rm|stafell|nhs|ni|rhif|
                   comments?|sylwadau|date|dyddiad|sex|gender|prison|address|cyfeiriad|phone|
                   ffôn|tel|mob)\b|[\w’-]+\s*:)
                  ['‘’"]?(?-i:[A-ZÂÊÎÔÛŴŶ][\w’-]+)['’"]?){0,3})""",
        ),
        # A person asked after by name ("who is robin?").
        (
            "name",
            r"""\bwho\s+(?:is|was|'s)\s+(?P<subject>[^\W\d_][\w'’-]{1,15})\s*\?""",
        ),
        # A person told, asked, praised or missed, by name ("ask dai hes the only one",
        # "cant fault carol she sorted it"): taken if the word is a name's.
        (
            "name",
            r"""\b(?:cant\s+fault|can't\s+fault|ask|asked|tell|told|thank|thanked|praise|
                blame|miss|missing|rate|ring|rang|phoned|texted|messaged|cant\s+stand|can't\s+stand|
                hate|avoid|trust)\s+
                (?P<subject>[^\W\d_][\w'’-]{1,15})\b
                (?=\s*(?:[,.!?]|$|\s(?:hes|shes|he|she|they|for|about|if|cos|coz|as|because|
                who|and|x|to|i|that|we)\b))""",
        ),
        # Ages said the ways a life is told: "at 17 i was in YOI", "he looks about 50",
        # "27 years of age", and in Welsh with the number in words or in English ("dw i'n
        # hanner cant", "dwi'n chwe deg", "dw i'n thirty five", "mae e'n 60").
        (
            "age",
            rf"""\bat\s+(?P<id>1[0-9]|[2-9][0-9])\s+(?:i|he|she|we|they)\s+(?:was|were|got|went|
                had|left|started|did|moved|came|lost|ended|joined)\b
            |\blooks?\s+(?:about|like|around|maybe)?\s*(?P<n2>[1-9][0-9])\b(?!\s*(?:{_UNITS_AFTER_AGE})\b)
            |\b(?P<n3>[1-9][0-9]?)\s+years?\s+of\s+age\b
            |\b(?:dw\s+i['’]?n|dwi['’]?n|rwy['’]?n|rydw\s+i['’]?n|fi['’]?n|wi['’]?n|
                mae\s+(?:e|o|hi)['’]?n|roedd\s+(?:e|o|hi)\s+yn|[bf]ydda?\s+i['’]?n|
                [bf]ydd\s+(?:e|o|hi)['’]?n|o['’]?n\s+i['’]?n|troais\s+i['’]?n|trodd\s+(?:e|o|hi)['’]?n|
                ma[e]?\s+(?:e|o|hi|fe|fo)\s+(?=dros|bron|tua))\s+(?:(?:bron|dros|tua)\s+)?
                (?P<n4>(?:{_CY_NUMBER_WORD})(?:\s+(?:{_CY_NUMBER_WORD}))+|ugain|deunaw|pymtheg|
                [dt]rigain|d?deugain|{_EN_AGE}|[1-9][0-9])\b{_CY_NOT_AGE_AFTER}(?!\s*[:.]\d)""",
        ),
        # A person's age after "of" ("a lad of 18"), what happened at an age ("passed at
        # 58", "had me at 16"), ages by the decade ("in her 60s"), and birthdays ("my sons
        # 21st").
        (
            "age",
            rf"""\b(?:lad|man|woman|girl|boy|bloke|pensioner|kid|child|person|fella|guy)s?\s+of\s+
                (?P<id>\d{{1,2}}|{_EN_AGE})\b(?!\s*(?:{_UNITS_AFTER_AGE})\b)
            |\b(?:died|passed(?:\s+away)?|had\s+(?:me|him|her|them|us)|got\s+out|went\s+(?:in|inside|down)|
                locked\s+up|sent\s+down|pregnant|left\s+school|left\s+home|convicted|arrested|
                sentenced|charged|jailed|expelled|excluded|(?:put|taken|went)\s+(?:in|into)\s+care|
                kicked\s+out|ran\s+away|became\s+a\s+(?:dad|mum|father|mother)|
                (?:got\s+)?sent\s+(?:here|away|down|inside))\s+at\s+
                (?P<n2>\d{{1,2}}|{_EN_AGE})\b(?!\s*(?:{_UNITS_AFTER_AGE}|am|pm|o'?clock)\b)(?!\s*[:.]\d)
            |\bin\s+(?:my|his|her|their|there|your|our)\s+(?P<n3>[1-9]0'?s|teens|twenties|thirties|
                forties|fifties|sixties|seventies|eighties|nineties)\b
            |\b(?:my|his|her|their|sons?|daughters?|mums?|dads?|nans?|brothers?|sisters?)['’]?s?\s+
                (?P<n4>(?:1\d|[2-9]\d)(?:st|nd|rd|th))\b
                (?!\s+(?:of|floor|time|go|attempt|recall|day|week|month|year|century)\b)""",
        ),
        # The oldest and the youngest ("the oldest bloke here is like 70"), an age named
        # ("at the age of 21"), a birthday coming in Welsh ("dwi'n troi'n bedwar deg").
        (
            "age",
            rf"""\b(?:oldest|youngest|eldest)\b(?:\s+[\w']+){{0,5}}?\s+(?:is|was|must\s+be|be|'s|s)\s+
                (?:(?:like|about|around|only|prob(?:ably)?|nearly|over)\s+)?
                (?P<id>\d{{1,2}}|{_EN_AGE})\b(?!\s*(?:{_UNITS_AFTER_AGE})\b)
            |\bage\s+of\s+(?P<n2>\d{{1,2}}|{_EN_AGE})\b
            |\b[dt]roi['’]?n\s+(?P<n3>(?:{_CY_NUMBER_WORD})(?:\s+(?:{_CY_NUMBER_WORD}))*)\b
            |\b(?:oldest|youngest|eldest)\b(?:[^.!?\n]{{0,20}}?\bat)?\s+(?P<n4>\d{{1,2}})\b
                (?!\s*(?:{_UNITS_AFTER_AGE})\b)(?![:.]\d)""",
        ),
        # Ages as a span of years ("late 30s", "mid-twenties", "aged 40s", "seventy-
        # something", "yn ei chwedegau"), as idioms ("going on 19", "coming up 60",
        # "pushing 40"), after a relative's possessive ("my daughter's 14") and in a form's
        # field ("Oed: 38", "Age (please state): 40").
        (
            "age",
            rf"""(?<!the\s)\b(?P<id>(?:early|mid|late)[\s-]*(?:[1-9]0['’]?s|teens|twenties|thirties|forties|
                fifties|sixties|seventies|eighties|nineties))\b
            |\b(?P<n3>(?:{_EN_TENS}|[2-9]0)[\s-]?(?:somethings?|odd|ish|plus))\b
                (?!\s*(?:{_UNITS_AFTER_AGE})\b)(?!\s+[a-z]+s\b)
            |\b(?:ei|eu|fy|dy|ein|eich)\s+(?P<n4>(?:h|n)?(?:ugeiniau|arddegau|(?:t|d|th|nh)ridegau|
                (?:p|b|ph|mh)edwardegau|(?:p|b|ph|mh)umdegau|chwedegau|saithdegau|wythdegau|
                nawdegau)(?:\s+(?:cynnar|hwyr))?)\b
            |\b(?:going\s+on|coming\s+up(?:\s+to)?|pushing|knocking\s+on)\s+(?P<n5>\d{{2}}|{_EN_AGE})\b
                (?!\s*(?:{_UNITS_AFTER_AGE}|years?)\b)(?![:.]\d)
            |\b(?:son|daughter|boy|girl|kid|mum|mam|dad|nan|gran|brother|sister|wife|partner|
                husband|missus|girlfriend|boyfriend|baby)['’]s\s+(?P<n6>\d{{1,2}}|{_EN_AGE})\b
                (?!\s*(?:{_UNITS_AFTER_AGE}|years?)\b)(?![:./]\d)
            |\bdros\s+(?P<n10>d?deugain|[dt]rigain|hanner\s+cant|
                (?:{_CY_NUMBER_WORD})(?:\s+(?:{_CY_NUMBER_WORD}))+)\b{_CY_NOT_AGE_AFTER}
            |\b(?:range[sd]?|ranging)\s+(?:in\s+age\s+)?from\s+(?:like\s+|about\s+)?
                (?P<n12>\d{{2}}|{_EN_AGE})\s+to\s+(?P<n13>\d{{2}}|{_EN_AGE})\b""",
        ),
        # ... and those said with figures only ("aged 40s", "Oed: 38", "at my age (62)", "49
        # next birthday", "a few of us over 50", "my brothers only 15", ", now 36,").
        (
            "age",
            _Figures(rf"""\baged\s+(?P<n2>[1-9]0['’]?s)\b
            |\b(?:age|oed|oedran)\b(?:\s*\([^)\n]{{0,20}}\))?\s*[:=]\s*(?P<n7>\d{{1,2}})\b
            |\bage\s*\(\s*(?P<n8>\d{{2}})\s*\)
            |\b(?P<n9>\d{{2}})\s+next\s+birthday\b
            |\b(?:of\s+us|people|residents|lads|men|women|blokes|fellas)\s+(?:over|under|aged)\s+
                (?P<n11>[1-9]0)\b(?!\s*(?:{_UNITS_AFTER_AGE})\b)
            |\b(?:brothers|sisters|sons|daughters|mums|dads|nans)\s+(?:only|just|nearly|now)\s+
                (?P<n14>\d{{1,2}})\b(?!\s*(?:{_UNITS_AFTER_AGE})\b)
            |,\s*now\s+(?P<n15>\d{{2}})\s*(?=[,.;]|$)"""),
        ),
        # "Mae Nia ar y staff yn bump ar hugain": a person's age in Welsh words of two or
        # more after "mae ... yn".
        (
            "age",
            rf"""\bmae\s+(?:[\w'’]+\s+){{1,4}}?yn\s+
                (?P<id>(?:{_CY_NUMBER_WORD})(?:\s+(?:{_CY_NUMBER_WORD}))+)\b{_CY_NOT_AGE_AFTER}""",
        ),
        # "mae'r plant yn saith a naw", "Mae Mam yn saith deg pedwar": ages in Welsh words
        # after "yn", beside a child's or a relative's word (checked below).
        (
            "age",
            rf"""(?P<kin>)\byn\s+(?P<id>(?:{_CY_NUMBER_WORD})(?:\s+(?:{_CY_NUMBER_WORD}))*)\b(?<!\sar)
                {_CY_NOT_AGE_AFTER}""",
        ),
        # A child's age beside the word for them: "my son (5)", "my daughter, 6, ...".
        (
            "age",
            _Figures(rf"""\b(?:son|daughter|boy|girl|kid|baby|grandson|granddaughter|nephew|niece|
                brother|sister|mab|merch|ferch|fab|wraig|wife|partner|twins|mother|father|mum|
                mam|dad|nan|nana|gran|granny|grandad|grandma|grandpa|nain|taid|children|kids|
                uncle|aunt|auntie|cousin|husband|boyfriend|girlfriend|stepson|stepdaughter|plant|
                blant)\s*(?:\(\s*(?P<id>\d{{1,2}})\s*(?:\)|(?=(?:and|&|,)\s*\d{{1,2}}\s*\)))
                |,\s*(?P<n2>\d{{1,2}})\s*(?=,|\.|\band\b|$)
                |\s(?P<n3>\d{{1,2}})\b(?!\s*(?:{_UNITS_AFTER_AGE})\b)(?!\s*[:/]|\.\d))"""),
        ),
        # An age told by what time did ("turned forty in here", "my son turns six"):
        # an age of any size after a child's or a relative's word, ten and over otherwise.
        (
            "age",
            rf"""\b(?:turned|turning|turns|aged|ages|age\s*[:\-]|troi|trodd|troi['’]n|drodd)\s*
                 (?:(?:only|nearly|almost|just|about)\s+)?
                 (?P<id>{_EN_NUMBER}|\d{{1,2}})\b(?!\s*(?:{_TIME_UNITS})\b)(?!\s*[:/.,]\d)""",
        ),
        (
            "age",
            rf"""\b(?:{_EN_NUMBER})\s?(?:-\s?)?(?:years?|yrs?)[\s-]?old\b
                 |\b(?:i'?m|i\s+am|aged?|turned|turning|turns|being|was|is|he'?s|she'?s|must\s+be|
                    can'?t\s+be\s+(?:more|older)\s+than)\s+
                  (?:(?:only|nearly|almost|just|about|over|under|now|still|barely)\s+)?['‘"“]?
                  (?P<id>{_EN_NUMBER}|(?:{_CY_NUMBER_WORD})(?:\s+(?:{_CY_NUMBER_WORD}))+)\b
                  (?!\s*(?:{_UNITS_AFTER_AGE})\b)
                 |\b(?:(?:{_CY_NUMBER_WORD})\s+){{1,4}}(?:[bm]lwydd\s+)?oed\b""",
        ),
        # "mae hi'n wyth", "ma nhw'n naw": an age beside a child's word (checked below)
        (
            "age",
            rf"""(?P<kin>)['’]n\s+(?P<id>un\s+ar\s+ddeg|{_CY_SMALL}|\d{{1,2}})
\b(?!\s*(?:o['’]r\s+gloch|{_TIME_UNITS})\b)""",
        ),
        (
            "age",
            _Figures(rf"""(?:\b(?P<cue>i'?m|i\s+am|aged?|being|dw\s+i'?n|rwy'?n|rydw\s+i'?n|o'?n\s+i'?n|yn|is|was|
                    i\s+was|she'?s|he'?s|turned|turning|turns|dwi'?n|fi'?n|wi'?n|who'?s|whos|
                    who\s+is|are|r|there|theyre|they'?re|i'?ll\s+be|ill\s+be|will\s+be|gonna\s+be|
                    must\s+be)\s+
                   (?:(?:only|nearly|almost|just|about|over|under|now|still|gonna\s+be|going\s+to\s+be|
                       bron|dros|tua|like|around|barely|roughly|at\s+least)\s+){{0,2}}['‘"“]?
                   (?P<n>\d{{1,2}})\b(?!\s*(?:{_UNITS_AFTER_AGE})\b)(?!\s*[:/%]|\.\d|\d|['’]\s?\d)
                 |\b\d{{1,2}}\s?(?:-\s?)?(?:years?|yrs?)[\s-]?olds?\b
                 |\b\d{{1,2}}\s?(?:months?|weeks?)[\s-]?old\b
                 |\b\d{{1,2}}\s?(?:yo|y/o)\b
                 |\b\d{{1,2}}\s?(?:years?|yrs?)\s+of\s+age\b
                 |\b\d{{1,2}}\s+oed\b)"""),
        ),
    )
)
_NEEDS = tuple(_COMPILED.needs(pattern) for _kind, pattern, _figures in _PATTERNS)
"""What each pattern needs (core/patterns.py): one not in a comment is not tried on it."""


def _phone_ok(text: str) -> bool:
    digits = re.sub(r"\D", "", text.upper().replace("O", "0"))
    if digits.startswith("0044"):
        digits = digits[2:]
    if digits.startswith("44"):
        digits = "0" + digits[2:].removeprefix("0")
    # Freephone and non-geographic numbers (0800, 0808, 03..., 084x, 087x) are services'
    # lines (Samaritans, a helpline, the council), not a person's.
    if re.match(r"0(?:80[08]|3\d\d|84\d|87\d)", digits):
        return False
    return digits.startswith("0") and 10 <= len(digits) <= 11


_KIN = _COMPILED.compile(
    r"\b(?:son|daughter|boy|girl|kid|kids|child|baby|nan|nain|mum|mam|dad|tad|brother|"
    r"sister|brawd|chwaer|mab|merch|he|she|hes|shes|grandson|granddaughter|wyr|wyres|plant|blant|"
    r"children|"
    r"mhlant|phlant|babi|fab|ferch|mrawd|frawd|hogyn|hogan|wyrion|nhad|twins|youngest|"
    r"eldest|oldest|brothers|sisters|sons|daughters|girls|boys|wraig|wife|lad|lil\s+one|"
    r"little\s+one)\b",
    re.IGNORECASE,
)
_AGE_UNIT = _COMPILED.compile(r"\s*(?:oed|years?\s+old|yrs?\s+old)\b", re.I)
_NI_CUE = _COMPILED.compile(
    r"\b(?:ni|n\.i\.|national\s+insurance|nino|yswiriant\s+gwladol)\b", re.I
)


def _ni_ok(text: str, match: re.Match[str]) -> bool:
    """Two letters and six digits also start ordinary sentences ("be 091234/02K"): take
    them when written as an NI number is (capitals, a final letter) or after a cue."""
    found = match.group()
    letters = found[:2]
    return (
        letters.isupper()
        or found[-1].isalpha()
        or bool(_NI_CUE.search(text, max(0, match.start() - 30), match.start()))
    )


_ROOM_WORD_BEFORE = _COMPILED.compile(
    r"\b(?:room|rm|stafell|ystafell|moved|move|moving)\b\W*(?:to\s+)?$", re.I
)
"""Right before a code: "room A2", "moved to A5" say it is a room, whatever it looks like."""
_NOT_ROOMS = _COMPILED.compile(
    r"[2-6]G|4K|[23]D|A[0-9]|M\d{1,3}|B12|P45|P60|V5C?|Q\d{1,2}|\d{1,3}(?:ST|ND|RD|TH|AM|PM|MG|ML|KG|K|G|S|X)"
)
"""Codes of the same shape that are something else: networks, screens, paper sizes,
motorways, ordinals, times and measures."""


_NOT_WEIGHED_ROOMS = _COMPILED.compile(
    r"(?:[2-6]G|4K|[23]D|B12|P45|P60|V5C?|Q\d{1,2}|O2)\b|A[0-9]\s+(?:size|paper|sheets?|envelope)"
)
"""What a number's words cannot tell from a room: a network, a form, a question, a paper
size ("in A4 size"); "A4" alone may well be one ("moved from A7 to A2")."""


def _a_name_word(word: str) -> bool:
    """On the lists of names (a name that is also a word, too), or on no list at all."""
    lists = _lists()
    key = fold(word)
    if key in lists.not_names or key in _STOP:
        return False
    return key in lists.first or key in lists.surnames or _rare(key, lists)


_THANKED_NOT_NAMES = frozenset(
    """staff everyone everybody all guys lads girls ladies mate mates bro bruv god you u ya
    lot team probation them him her again much alot loads lots the a for so very to
    everything keyworkers keyworker workers worker nurse doc doctor manager boss management
    nights night day days chef cook cleaners cleaner security reception officer officers
    police people fam family mum mam dad nan folks bud pal buddy man babe hun love chi ti
    pawb staff's this that it anyway though tho in advance listening reading asking nothing
    fuck fck f all x ye yall y'all guys' sir miss ma'am whoever everyone's goodness heaps
    lord christ jesus heaven anyone somebody someone hostel place ap ra rah mawr fawr iawn
    o am yn byth then bawb chdi nhw""".split()
)
"""Who else is thanked: "thanks staff for", "cheers lads", "ta everyone"."""


_NOT_A_ROOM_HERE = _COMPILED.compile(
    r"\b(?:curfew|time|clock|appointments?|signing|sign\s+in|tea|dinner|breakfast|bed|APs?|"
    r"hostels?|places|prisons?|jails?|nicks|cats?|cyrffiw|amser)\b",
    re.I,
)
"""Before "moved to 11" or "been in 4": what makes the number an hour or a count of places
("my curfew could be moved to 11", "the best AP I have been in and I've been in 4")."""


_SMALL = _COMPILED.compile(rf"(?:{_EN_UNITS})|\d", re.I)
"""An age under ten: a child's, so it counts only beside a child's or relative's word."""


_LOOSE_STREETS = frozenset(
    """way close drive court place grove gardens hill row walk square parade mews view park
    green rise vale estate terrace""".split()
)


def _loose_street(found: str) -> bool:
    """ "at 5 which is way too early", "9 to 5 theres no way": a number and a word that
    is also a street's only when something is written with a capital."""
    words = found.split()
    return words[-1].lower() in _LOOSE_STREETS and not any(c.isupper() for c in found)


def _vehicle_ok(text: str, match: re.Match[str]) -> bool:
    """Today's plates (AB12 CDE) stand alone; the older shapes (A123 BCD, ABC 123D) are
    also ordinary words and numbers ("a1 bed"), so they need a vehicle close by."""
    raw = match.group()
    found = raw.replace(" ", "")
    # Written as a plate is ("AB12 CDE", "ab12cde"), it stands alone; with a space inside
    # its first half ("cf 66 ydn") it is also "is 23 and", so it needs capitals or a
    # vehicle close by, as the older shapes do.
    if len(found) == 7 and found[:2].isalpha() and found[2:4].isdigit() and raw[2] != " ":
        return True
    before = text[max(0, match.start() - 40) : match.start()]
    if _VEHICLE_CUE.search(before):
        return True
    # Capitals alone say it is a plate only when the comment is not shouted throughout
    # ("CURFEW IS 11 AND ...").
    return found.isupper() and raw[2] != " " and not text.isupper()


def _handle_ok(found: str, cued: bool) -> bool:
    """A name after a platform is a handle when it has the marks of one (@, a figure, _
    or .), or is no common word after "is", "as", ":" ("my insta is down" is not, nor "a
    tiktok slagging us off")."""
    word = found.lstrip("@")
    if found.startswith("@") or any(c.isdigit() or c in "_." for c in word):
        return True
    lists = _lists()
    folded = fold(word)
    if folded in lists.not_names or folded in lists.welsh or folded in _ENGLISH:
        return False
    if folded in lists.english and folded not in lists.first:
        return False  # "insta is full of rubbish", "fb messenger"
    return cued


# --- numbers said digit by digit --------------------------------------------------------
_DIGIT_WORDS = {
    **dict.fromkeys(("oh", "zero", "nought", "nil", "dim"), "0"),
    **{w: str(n) for n, w in enumerate("one two three four five six seven eight nine".split(), 1)},
    **dict.fromkeys(("un",), "1"),
    **dict.fromkeys(("dau", "dwy"), "2"),
    **dict.fromkeys(("tri", "tair"), "3"),
    **dict.fromkeys(("pedwar", "pedair"), "4"),
    **dict.fromkeys(("pump", "pum"), "5"),
    **dict.fromkeys(("chwech", "chwe"), "6"),
    "saith": "7",
    "wyth": "8",
    "naw": "9",
}
_TENS_WORDS = (
    {
        w: str(n)
        for n, w in zip(
            range(10, 20),
            _EN_TEENS.split("|"),
            strict=True,
        )
    }
    | {w: str(n * 10) for n, w in zip(range(2, 10), _EN_TENS.split("|")[:8], strict=True)}
    | {"fourty": "40"}
)
_SPOKEN = _COMPILED.compile(
    rf"""\b(?:(?:double|triple|treble)\s+)?(?:{"|".join(_DIGIT_WORDS)}|{"|".join(_TENS_WORDS)})
        (?:(?:\s*,\s*|\s+|\s?-\s?)(?:(?:double|triple|treble)\s+)?
          (?:{"|".join(_DIGIT_WORDS)}|{"|".join(_TENS_WORDS)}|o|\d))+\b""",
    re.I | re.X,
)
"""A run of figures said one by one ("oh seven seven double oh nine", "dim saith saith",
"X one two three four five six", "room one oh four")."""
_SPOKEN_KINDS = frozenset(
    "phone crn pnc cro ni_number nhs_number prison_number dob room postcode".split()
)


def _figures(run: str) -> str | None:
    """The figures a run of number words says, or None if it says fewer than three."""
    words = re.findall(r"[^\W\d_]+|\d", run.lower())
    figures: list[str] = []
    repeat = 1
    for i, word in enumerate(words):
        if word in ("double", "triple", "treble"):
            repeat = 2 if word == "double" else 3
            continue
        if word in _TENS_WORDS:
            value = _TENS_WORDS[word]
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if value.endswith("0") and value != "10" and nxt in _DIGIT_WORDS and nxt != "oh":
                value = value[0]  # "eighty nine": its unit follows
        else:
            value = "0" if word == "o" else _DIGIT_WORDS.get(word, word)
        figures.append(value * repeat)
        repeat = 1
    joined = "".join(figures)
    return joined if len(joined) >= 3 and len(words) >= 3 else None


def _spoken_figures(text: str) -> list[Redaction]:
    """Identifiers said in words, digit by digit: the runs are written as figures and the
    shapes are looked for again, each find mapped back to the words it came from."""
    if not _SPOKEN.search(text):
        return []
    pieces: list[str] = []
    runs: list[tuple[int, int, int, int]] = []  # (new start, new end, old start, old end)
    position = 0
    length = 0
    for match in _SPOKEN.finditer(text):
        figures = _figures(match.group())
        if figures is None:
            continue
        pieces.append(text[position : match.start()])
        length += match.start() - position
        runs.append((length, length + len(figures), match.start(), match.end()))
        pieces.append(figures)
        length += len(figures)
        position = match.end()
    if not runs:
        return []
    pieces.append(text[position:])
    written = "".join(pieces)

    def back(at: int, end: bool) -> int:
        shift = 0
        for new_start, new_end, old_start, old_end in runs:
            if at < new_start or (end and at == new_start):
                break
            if at < new_end or (end and at == new_end):
                return old_end if end else old_start
            shift = old_end - new_end
        return at + shift

    found = []
    for r in _patterns(written):
        if r.kind not in _SPOKEN_KINDS:
            continue
        if not any(r.start < b and a < r.end for a, b, _s, _e in runs):
            continue  # found without the words: already found in the text itself
        found.append(Redaction(back(r.start, False), back(r.end, True), r.kind))
    return found


_FIGURE = _COMPILED.compile(r"\d")


def _patterns(text: str) -> list[Redaction]:
    found: list[Redaction] = []
    figures = _FIGURE.search(text) is not None
    lowered, odd = text.lower(), ODD_CASES.search(text) is not None
    for (kind, pattern, needs_figures), need in zip(_PATTERNS, _NEEDS, strict=True):
        if (needs_figures and not figures) or unneeded(need, lowered, odd):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "phone" and not _phone_ok(match.group()):
                continue
            if match.groupdict().get("subject"):
                start, end = match.span("subject")
                if not _a_name_word(match.group("subject")):
                    continue
            elif match.groupdict().get("thanked"):
                start, end = match.span("thanked")
                if fold(match.group("thanked")) in _THANKED_NOT_NAMES:
                    continue
            elif match.groupdict().get("id"):
                start, end = match.span("id")
            else:
                for group in (
                    "n2",
                    "n3",
                    "n4",
                    "n5",
                    "n6",
                    "n7",
                    "n8",
                    "n9",
                    "n10",
                    "n11",
                    "n12",
                    "n14",
                    "n15",
                ):
                    if match.groupdict().get(group):
                        start, end = match.span(group)

            if kind == "age" and match.groupdict().get("n"):
                age = int(match.group("n"))
                start, end = match.span("n")
                unit = _AGE_UNIT.match(text, end)
                # "is 20" and "was 12" say an age less surely than "I'm 15" or "12 oed";
                # after "my son", "she", "nan" any age is one ("my daughter turned 6").
                cue = match.group("cue").lower()
                third_person = cue in ("is", "was", "yn") or cue.startswith("must")
                kin = bool(_KIN.search(text, max(0, start - 40), start))
                if cue in ("are", "r", "there", "theyre", "they're", "theyre") and not kin:
                    continue  # "my kids are 5 and 9", not "we are 20"
                if unit:
                    end = unit.end()
                elif not (1 if kin else 16 if third_person else 10) <= age <= 99:
                    continue
            if kind == "postcode" and not any(c.isdigit() for c in match.group()[-3:]):
                continue
            if kind == "crn" and sum(c.isdigit() for c in match.group()) < 4:
                continue
            if kind == "ni_number" and not _ni_ok(text, match):
                continue
            if kind == "vehicle" and not _vehicle_ok(text, match):
                continue
            head = text[match.start() : start]
            cued = len(re.findall(r"[^\W\d_]+", head)) >= 2 or any(c in head for c in "=:-")
            if kind == "handle" and not _handle_ok(text[start:end], cued):
                continue
            if (
                kind == "room"
                and _NOT_ROOMS.fullmatch(text[start:end].upper())
                and not _ROOM_WORD_BEFORE.search(text, max(0, start - 14), start)
            ):
                continue
            if "slot" in match.groupdict() and _NOT_A_ROOM_HERE.search(
                text, max(0, match.start() - 60), match.start()
            ):
                continue
            if kind == "address" and _loose_street(match.group()):
                continue
            small = kind == "age" and (
                _SMALL.fullmatch(text[start:end]) or "kin" in match.groupdict()
            )
            if small and not _KIN.search(text, max(0, start - 40), start):
                continue
            found.append(Redaction(start, end, kind))
            if match.groupdict().get("n13"):  # the other end of a range ("from 19 to 70")
                found.append(Redaction(*match.span("n13"), kind))
    return found


# --- names -----------------------------------------------------------------------------
_TOKEN = _COMPILED.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "nurse", "officer", "sheikh", "imam", "rev"}
    | {"auntie", "aunty", "uncle", "anti", "yncl"}
)
_STRONG_PAIRS = frozenset(
    {
        "key worker",
        "o'r enw",
        "staff called",
        "staff member",
        "known as",
        "call me",
        "calls me",
        "called me",
        "calling me",
        "goes by",
        "me and",
        "me an",
        "me n",
        "fi a",
        "fi ac",
        "dwi a",
        "dwi ac",
    }
)
_CALLING = frozenset({"call", "called", "calls", "as", "nicknamed", "alw", "galw"})
_QUOTE = _COMPILED.compile(r"[\"“‘']")
_SENTENCE_BREAK = _COMPILED.compile(r"[.!?;\n]")
# What follows a name in these comments: "Will the handyman", "Grace on days", "Haf o'r
# tîm", "Gwyn y cogydd", "Frank who lives in room 10".
# Where a person is or what they are to the writer, right after the name: strong enough for
# a name at the start of a sentence or in lower case ("Kristof from room 3", "rose in the
# kitchen makes...", "shivon my old key worker").
_PERSON_AFTER = _COMPILED.compile(
    r"""^(?:from\s+(?:room|rm|bedroom|upstairs|downstairs|next|flat|the\s+(?:top|first|
        second|ground|kitchen|office|room|flat))
    |on\s+the\s+(?:door|gate|front|desk|night|day)
    |in\s+the\s+(?:kitchen|office)
    |my\s+(?:old|new|key|po|probation|support|keyworker|om|youngest|eldest|oldest)
    |from\s+the\s+\w+\s+team
    |who\s+(?:does|did|runs|ran|works|cooks|cleans|helps|helped|looks\s+after|sorts|sorted|
        is\s+on|was\s+on)
    )""",
    re.VERBOSE,
)
_KIN_AFTER = _COMPILED.compile(
    r"""^(?:my|our)\s+(?:daughter|son|girlfriend|boyfriend|partner|wife|husband|brother|sister|
        cousin|missus|fiancee?|nan|mum|dad|little\s+(?:girl|boy|one)|girl|boy|kid|mab|merch|ex)\b""",
    re.VERBOSE,
)
"""After a word opening a sentence, who that person is to the writer ("sky my daughter
turned 12")."""
_ROLE_AFTER = _COMPILED.compile(
    r"""^(?:on\s+(?:days|nights|lates|earlies|shift|duty|reception|the\s+desk|nos|dydd)
    |the\s+(?:handyman|maintenance|manager|deputy|cook|chef|cleaner|nurse|worker|key|staff|
        student|officer|boss|receptionist|support|night|day|new|senior|psychologist|
        probation|resident|lad|guy|woman|bloke|one|chaplain|cleaner|gardener|warden|cook)
    |o'?r\s+\w+|y\s+(?:cogydd|rheolwr|gweithiwr|nyrs|glanhawr|staff|swyddog|dyn|boi|hogyn|
        ferch|fenyw|myfyriwr|handyman|manager|chef|cook|cleaner|nurse|keyworker|warden|
        gardener|chaplain|porter|security)
    |who|sy|said|says|told|shouted|works?|helped|is\s+(?:my|our|the|a)\s+
        (?:key|manager|worker|po|nurse))(?![\w'])""",
    re.VERBOSE,
)
# Cues before a name: enough for a name that is also a word ("the manager Hope"), or for a
# capitalised word on no list ("my key worker Eluned").
_STRONG_BEFORE = frozenset(
    """called named keyworker worker manager officer po supervisor boss lad bloke guy geezer
    fella woman enw alw allweddol rheolwr swyddog resident call calls""".split()
)
# Cues after which even a lower-case word is a name: "a lad called gaz".
_NAMING = frozenset({"called", "named", "enw", "alw", "nickname"})
_NICKNAME_WORDS = frozenset({"big", "little", "lil", "young", "old", "mad", "tall", "fat"})
"""Words that open a nickname with the name after them: "Big Dai", "Little Shaun"."""
_NICKNAME_BEFORE = frozenset({"big", "little", "lil", "young"})
_NICKNAME_AFTER = frozenset({"bach", "fach", "mawr", "fawr"})
"""Welsh names a person by what follows: "Dai Bach", "Sion Mawr"."""
_PEOPLE = frozenset(
    """lad lads bloke guy geezer fella man woman girl boy someone one staff resident worker
    officer manager mate friend o'r r dyn menyw boi hogyn ferch""".split()
)


# Who someone is to the writer, after "my"/"fy"/"ei": the next word is their name ("my son
# miles", "fy mab Rusty", "ei frawd Gwil"), Welsh with its mutations.
_KIN_WORDS = frozenset(
    """son daughter brother sister mum mam mom dad partner girlfriend boyfriend gf bf wife
    husband missus misses fiance fiancee mate mates friend pal buddy bestie cousin uncle
    auntie aunt nephew niece grandson granddaughter nan nain gran grandad taid kid baby
    stepson stepdaughter ex mab fab merch ferch brawd frawd mrawd chwaer ffrind cariad gariad
    nghariad gwraig wraig ngwraig gwr wr ngwr nai nith wyr wyres mêt girl boy""".split()
)
_KIN_SIZES = frozenset("little baby big older younger youngest eldest oldest step".split())
_POSSESSIVE = frozenset("my his her our their your me ma fy ei ein eu dy".split())
_NOT_AFTER_KIN = frozenset(
    """will may can could would should must might shall is was has had have does did lives
    lived lives says said and or but who that which in at on from to with just still never
    always also too""".split()
)
# A Welsh sentence's subject comes after its verb: "Mae Wozza yn...", "Roedd Tazz wedi...".
_WELSH_VERBS = frozenset(
    """mae roedd oedd bydd fydd ydy ydi wnaeth naeth nath dywedodd ddwedodd ddudodd cafodd
    gafodd aeth daeth ddaeth""".split()
)
_DETERMINERS = frozenset("the a an this that these those some any no every y yr 'r".split())
_PLACE_BEFORE = frozenset("hmp hmyoi yoi hmpyoi carchar".split())
_SAINT = frozenset("st saint sant san hmp hmyoi yoi hmpyoi".split())
"""Before a place's name: a saint's (churches, charities, hospitals) or a prison's."""
_GROUP_WORDS = frozenset("member members team meeting meetings rota".split())

_PLACE_NOUNS = frozenset(
    """park road street lane avenue centre center hospital station square gardens hall
    church chapel school college university prison bridge estate stadium""".split()
)

"""Prisons are named after places: "HMP Wandsworth" is no one."""
_NAMERS = frozenset("we they all everyone everybody people lads i you u".split())
_WHERE = frozenset(
    """upstairs downstairs opposite next there here outside inside across along over
    above below""".split()
)
_WELSH_AFTER_SUBJECT = frozenset("yn wedi ddim heb hefyd newydd byth wastad o".split())
# What ends a comment before a name signed under it ("x Rusty", "cheers, Dazza", "- Gez").
_SIGN_MARKS = frozenset("x xx xxx cheers thanks ta love from signed diolch hwyl regards".split())
_SIGN_BREAK = _COMPILED.compile(r"[.!?\n,\-–—:]")
# What follows the subject of a sentence: a name opens it ("wozza in G9 plays...", "Scouse
# on the top floor deals...").
_SUBJECT_NEXT = frozenset(
    """is was has had keeps kept always never and in on from at got gets says said told
    does did will can cant wont isnt wasnt doesnt didnt aint started starts thinks reckons
    just still""".split()
)
_VERB_AFTER_NAME = frozenset(
    """gets got keeps kept says said told is was has does did comes came goes went turns
    turned lives lived""".split()
)
"""After a name-list word in lower case, the verbs that make it someone ("jade gets")."""
_CLAUSE_VERBS = frozenset(
    "hope hoping think thought reckon heard hear saw know knew guess bet swear wish".split()
)
"""Verbs a sentence about someone follows: "hope jade gets out", "heard will was moved"."""
_PREPOSITIONS = frozenset("in on from at and".split())
_SHIFT_AFTER = _COMPILED.compile(
    r"on\s+(?:days|nights|lates|earlies|shift|nos|the\s+(?:desk|door|late|early|night|day|"
    r"weekend|morning|evening|lates|earlies|nights|days))\b"
)
_IMPERATIVES = frozenset(
    "tell ask thank ring call text phone message get give let send help thanks cheers".split()
)
"""Words that open a sentence before a name as its verb ("Tell Bernie I said thanks")."""
_CLAUSE_OPENERS = frozenset(
    "when whenever if until til unless cos coz because while whilst since".split()
)
_MODALS = frozenset("will may can must might should would could shall".split())
_ADVERBS = frozenset("always never still".split())
_ACTION_NEXT = frozenset(
    """did got gets runs ran said says told keeps kept helped helps came comes went goes
    gave gives owes owed visits visited checks checked sorted fixed asked took takes
    brought made makes always never still""".split()
)
"""What a person does, after a name that is also a word opening a sentence ("June did",
"Gene runs"); not "is" or "was", which follow months and virtues as often."""

"""After these the word before may be a thing ("the resident ratio at night")."""
_APPOSITION = _COMPILED.compile(
    r"\s*,?\s*the\s+(?:[^\W\d_]+\s+){0,2}(?:lad|guy|bloke|fella|woman|girl|man|one|geezer|"
    r"boy|kid|lady|lass|worker|manager|cook|cleaner|trainee|chef|nurse|keyworker|volunteer|"
    r"counsellor|receptionist|handyman|caretaker|pso|po|om|officer|chaplain|warden|"
    r"psychologist|mentor|doctor|gp|cook|support\s+worker)\b",
    re.I,
)


@dataclass
class _Token:
    start: int
    end: int
    word: str
    key: str
    capital: bool
    sentence_start: bool
    possessive: bool = False


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        start, end = match.span()
        possessive = False
        for suffix in ("'s", "’s"):
            if word.lower().endswith(suffix) and len(word) > 3:
                word, end = word[: -len(suffix)], end - len(suffix)
                possessive = True
        before = text[:start].rstrip()
        # ... also after a quotation or a bracket that closes one ("... door.' Hoping")
        closed = before.rstrip("'\"’”)")
        sentence_start = (
            not before
            or before[-1] in '.!?\n:;"“('
            or before.endswith("-")
            or (closed != before and closed[-1:] in (".", "!", "?"))
        )
        tokens.append(
            _Token(start, end, word, fold(word), word[:1].isupper(), sentence_start, possessive)
        )
    return tokens


def _names(text: str, taken: list[Redaction]) -> list[Redaction]:
    lists = _lists()
    tokens = _tokens(text)
    count = len(tokens)
    if sum(c.isupper() for c in text) > 0.8 * sum(c.isalpha() for c in text) > 20:
        # Written in capitals throughout (a paper form typed as written): a capital is
        # no sign of a name, and every word has one.
        for token in tokens:
            token.capital = False

    # Which tokens a pattern already took, worked out once (asked of each token many times)
    taken_starts = {
        t.start for t in tokens if any(r.start <= t.start and t.end <= r.end for r in taken)
    }

    def inside(token: _Token) -> bool:
        return token.start in taken_starts

    def key(j: int) -> str:
        return tokens[j].key if 0 <= j < count else ""

    def joined(a: int, b: int) -> bool:
        """Tokens a and b (a < b) sit in the same sentence."""
        return 0 <= a < b < count and not _SENTENCE_BREAK.search(
            text, tokens[a].end, tokens[b].start
        )

    def touching(a: int, b: int) -> bool:
        return 0 <= a < b < count and text[tokens[a].end : tokens[b].start].strip(" ") == ""

    # Welsh words the list lacks are not rare in a Welsh comment: there only a capital
    # makes a rare word a name.
    welsh_text = text_language(text, "en") == "cy"
    known = [t.key in lists.first or t.key in lists.surnames for t in tokens]
    firm = [k and t.key not in lists.ambiguous for k, t in zip(known, tokens, strict=True)]
    is_name = [False] * count
    for i, token in enumerate(tokens):
        if inside(token) or token.key in _STOP or len(token.key) < 2:
            continue
        if token.key in _TITLES:
            continue  # "Sheikh Ahmed": the title stays, the name goes
        if text.startswith(":", token.end) and not known[i]:
            continue  # a form's label: "Comments: the staff could"
        if token.possessive and (
            f"{token.key}s" in lists.not_names or f"{token.key}'s" in lists.not_names
        ):
            continue  # McDonald's, Sainsbury's: shops
        prev = key(i - 1) if joined(i - 1, i) else ""
        prev2 = f"{key(i - 2)} {prev}" if prev and joined(i - 2, i - 1) else ""
        # "Mr smith", "Nurse Okoro", not "the nurse said" or "i miss groups"
        title = (
            prev in _TITLES
            and touching(i - 1, i)
            and (token.capital or known[i] or token.key not in lists.english)
            and token.key not in lists.places  # "Sir Benfro" is a county
        )
        strong = title or prev in _STRONG_BEFORE or prev2 in _STRONG_PAIRS
        after = f"{key(i + 1)} {key(i + 2)}" if joined(i, i + 2) else key(i + 1)
        after3 = f"{after} {key(i + 3)}" if joined(i, i + 3) else after
        after4 = f"{after3} {key(i + 4)}" if joined(i, i + 4) else after3
        person_after = (
            bool(_PERSON_AFTER.match(after4)) or bool(_ROLE_IN_BRACKETS.match(text, token.end))
        ) and joined(i, i + 1)
        kin_after = bool(_KIN_AFTER.match(after3)) and joined(i, i + 1)
        shift_after = bool(_SHIFT_AFTER.match(after3)) and joined(i, i + 1)
        role_after = (bool(_ROLE_AFTER.match(after)) and joined(i, i + 1)) or person_after
        lead_in = token.sentence_start or (
            i > 0 and text[tokens[i - 1].end : token.start].strip() == ","
        )
        # "known as 'Tiny'", "we call him 'tank'"; not "described the AP as 'decent'"
        quoted = (
            prev in _CALLING
            and _QUOTE.search(text, tokens[i - 1].end, token.start)
            and (prev != "as" or token.capital or _rare(token.key, lists))
        )
        mid_capital = token.capital and not token.sentence_start and not token.word.isupper()
        shout = token.word.isupper() and len(token.word) > 1
        beside_firm = (touching(i - 1, i) and firm[i - 1]) or (
            touching(i, i + 1) and i + 1 < count and firm[i + 1]
        )
        # "Victoria and Grace", "Will and Mark": names listed together
        listed = token.capital and (
            (prev in ("and", "a", "&", "or") and i > 1 and known[i - 2] and tokens[i - 2].capital)
            or (
                key(i + 1) in ("and", "a", "&")
                and i + 2 < count
                and known[i + 2]
                and tokens[i + 2].capital
            )
        )
        # Slots a person's name fills, whatever the word: after "my son", as a Welsh
        # sentence's subject, signed at the end, opening a sentence before a verb.
        kin = (
            prev in _KIN_WORDS
            and text[tokens[i - 1].end : token.start].strip(" ,") == ""
            and (
                (key(i - 2) in _POSSESSIVE and joined(i - 2, i))
                # "my little girl ivy", "my youngest son"
                or (key(i - 2) in _KIN_SIZES and key(i - 3) in _POSSESSIVE and joined(i - 3, i))
            )
        )
        welsh_subject = (
            prev in _WELSH_VERBS and key(i + 1) in _WELSH_AFTER_SUBJECT and joined(i - 1, i + 1)
        )
        signed = _signed(text, tokens, i)
        rare = (
            _rare(token.key, lists)
            and (token.capital or not welsh_text)
            and not (prev in _DETERMINERS and not token.capital)
            and prev not in _PLACE_BEFORE
            # "PNC", "YOIs": letters in capitals are an acronym more often than a name
            and not token.word.rstrip("s").isupper()
        )
        subject = token.sentence_start and key(i + 1) in _SUBJECT_NEXT and joined(i, i + 1)
        apposition = bool(_APPOSITION.match(text, token.end))
        # "someone (Smudge) keeps...", "the other resident (Bubbles)"
        bracketed = (
            i > 0
            and prev in _PEOPLE
            and text[tokens[i - 1].end : token.start].strip() == "("
            and text[token.end :].lstrip().startswith(")")
        )
        # "we all call Chef", "they call him": a word the writer names someone by
        nicknamed = (
            (
                (prev in ("call", "calls", "called") and key(i - 2) in _NAMERS)
                or (prev in ("him", "her", "me", "them") and key(i - 2) in ("call", "calls"))
            )
            # "the lad everyone calls chef": in lower case too, when he is called so now
            and (token.capital or (prev in ("call", "calls") and token.key not in lists.not_names))
            and token.key not in _STOP
        )
        from_place = key(i + 1) == "from" and (
            (key(i + 2) in lists.not_names and key(i + 2) not in _STOP and touching(i + 1, i + 2))
            or (
                key(i + 2) == "the"
                and key(i + 3) in lists.not_names
                and key(i + 3) not in _STOP
                and joined(i, i + 3)
            )
        )
        # "the night lad tank is a legend": a word between a person and what they do
        between = (
            (prev in _STRONG_BEFORE or prev in ("lass", "lady", "staff", "reception"))
            and key(i + 1) in _SUBJECT_NEXT - _PREPOSITIONS
            and joined(i - 1, i + 1)
            and token.key not in lists.not_names
            and token.key not in _NOT_AFTER_KIN
            and token.key not in _WHERE
            and token.key not in _GROUP_WORDS
            and (
                key(i + 1) not in _NOT_AFTER_KIN
                # "the new lad rocky is a nightmare", not "the lad really is"
                or (
                    key(i + 1) in ("is", "was", "has", "had")
                    and prev in ("lad", "bloke", "guy", "geezer", "fella", "woman")
                    and token.key not in _NOT_NAMED
                    and not token.key.endswith("ly")
                    and token.key not in lists.not_names
                )
            )
        )
        if (bracketed and token.capital) or nicknamed:
            is_name[i] = True
            continue
        # "St Davids", "Victoria Park", "Maindy Centre", "HMP Berwyn": a place, not a
        # person ("st giles" in lower case too: a charity named after one)
        if (prev in _SAINT and touching(i - 1, i)) or (
            token.capital
            and (
                (
                    token.key in _PLACE_NOUNS
                    and i > 0
                    and tokens[i - 1].capital
                    and touching(i - 1, i)
                )
                or (
                    (key(i + 1) in _PLACE_NOUNS or key(i + 1) in lists.places)
                    and touching(i, i + 1)
                    and tokens[i + 1].capital
                )
            )
        ):
            continue
        # after "my sister", as a Welsh sentence's subject: a month or a word is a name
        named_here = token.capital and (kin or welsh_subject) and token.key not in lists.places
        if (
            token.key in lists.not_names
            and not title
            and not (person_after and lead_in)
            and not named_here
        ):
            continue
        # Welsh prose in lower case stays Welsh ("swyddog bob deufis": every)
        if welsh_text and not token.capital and token.key in lists.welsh and not title:
            continue
        if firm[i]:
            is_name[i] = True
        elif known[i]:  # a name that is also a word ("will", "hope", Welsh "haf"): evidence
            is_name[i] = bool(
                title
                or strong
                or quoted
                or mid_capital
                or (token.capital and (role_after or listed))
                or (shout and (beside_firm or role_after))
                or (person_after and lead_in)
                or (kin and token.key not in _NOT_AFTER_KIN)
                # "sky my daughter turned 12"; a modal only on its shift ("will on the
                # late shift"), never "will my son be"
                or (
                    kin_after
                    and lead_in
                    and token.key not in _NOT_AFTER_KIN
                    and token.key not in _CLAUSE_VERBS
                )
                or (shift_after and lead_in and token.key in _MODALS)
                # "bob the maintenance guy", "hope on lates", "ruby from the drug team",
                # "Dawn from chaplaincy", "June did my induction"
                or (
                    token.key not in _NOT_AFTER_KIN
                    and (
                        (apposition and token.key not in _CLAUSE_VERBS)
                        or shift_after
                        or (from_place and token.key not in _CLAUSE_VERBS)
                        or (
                            token.sentence_start
                            and key(i + 1) in _ACTION_NEXT
                            and joined(i, i + 1)
                            # in lower case, not a modal's "will never", "may still"
                            and (
                                token.capital
                                or (token.key not in _MODALS and key(i + 1) not in _ADVERBS)
                            )
                        )
                    )
                )
                or (
                    role_after
                    and lead_in
                    and token.key not in _NOT_AFTER_KIN
                    and token.key not in _CLAUSE_VERBS
                )
                or between
                # "when dale does the checks", "if rob gets": after a word that opens a
                # clause, before what the person does
                or (
                    prev in _CLAUSE_OPENERS
                    and (key(i + 1) in _ACTION_NEXT or key(i + 1) in ("does", "do"))
                    and joined(i - 1, i + 1)
                    and token.key not in _NOT_AFTER_KIN
                    and token.key not in _CLAUSE_VERBS
                    and token.key not in _MODALS
                )
                # "hope jade gets out": a name-list word between a verb and its own
                or (prev in _CLAUSE_VERBS and key(i + 1) in _VERB_AFTER_NAME and joined(i, i + 1))
                or (welsh_subject and token.capital)
                or (signed is not None and (signed or token.capital))
                or (
                    token.capital
                    and text.startswith(" (", token.end)
                    and _bracket_number(text, token.end)
                )
            )
        elif token.key in lists.welsh:  # Welsh prose stays as it is
            is_name[i] = bool(title or (strong and token.capital))
        elif token.capital and token.key.endswith("s") and token.key[:-1] in lists.first:
            is_name[i] = token.key[:-1] not in lists.ambiguous  # "Dafydds number"
        else:  # on no list: a rare name, a nickname, a misspelling, or just a word
            is_name[i] = bool(
                title
                or quoted
                or (strong and (token.capital or shout))
                or (prev in _NAMING and prev2.split(" ")[0] in _PEOPLE)
                or (token.capital and role_after and not token.sentence_start)
                or (
                    person_after
                    and lead_in
                    and (token.capital or rare)
                    # "Staffing on the night", "Usually on the door": a word, not a person
                    and not (len(token.key) >= 6 and token.key.endswith(("ing", "ly")))
                )
                or (mid_capital and beside_firm)
                or (shout and beside_firm and token.key not in lists.english)
                # near misses only for a capital in mid-sentence: in a shouted comment
                # every word has capitals, and many words are a letter away from a name
                or (
                    mid_capital
                    and (_near_name(token.key, lists) or _unmutated_name(token.key, lists))
                )
                # a rare word (on no list, not common English or Welsh) where a person is
                or (rare and (mid_capital or role_after or person_after or subject or apposition))
                or (kin and (token.capital or rare) and token.key not in _NOT_AFTER_KIN)
                # "my son rocky is six": any word in a name's place before what is said of it
                or (
                    kin
                    and key(i + 1) in ("is", "was", "turned", "turns", "who", "has", "had")
                    and joined(i, i + 1)
                    and token.key not in _NOT_AFTER_KIN
                    and token.key not in _NOT_NAMED
                    and token.key not in lists.not_names
                    and token.key not in _SUBJECT_NEXT
                    and token.key not in _ACTION_NEXT
                    # "my mates address is", "my girlfriend's number is": theirs, not them
                    and not tokens[i - 1].possessive
                    and not (prev.endswith("s") and prev[:-1] in _KIN_WORDS)
                )
                or (kin_after and lead_in and (token.capital or rare))
                or (welsh_subject and (token.capital or rare))
                or (signed is not None and (rare or (signed and token.capital)))
                or (strong and rare)
                or between
            )

    def may_join(i: int) -> bool:
        """A capitalised word not yet a name that could be one beside a name."""
        token = tokens[i]
        return not (
            is_name[i]
            or text.startswith(":", token.end)  # a form's label: "Name: Alan Age: 59"
            or not token.capital
            or inside(token)
            or token.key in lists.not_names
            or token.key in _STOP
            or token.key in _TITLES
            or (token.key in lists.welsh and welsh_text)  # "Li Na" in English is a name
            or (token.word.isupper() and token.key in lists.english)  # "DONT LET BEV LEAVE"
        )

    def may_list(i: int) -> bool:
        """A word that can be a name listed beside one: capitalised, or in lower case a
        name-list word or a rare one ("pat and sue", "macca jonno and tomo")."""
        token = tokens[i]
        if token.capital:
            # "Osian a Chai": a name mutated after "and" is also a Welsh word
            mutated = (
                welsh_text
                and key(i - 1) in _AND
                and not is_name[i]
                and not inside(token)
                and _radical_name(token.key, lists)
            )
            return (may_join(i) or mutated) and not token.word.isupper()
        return (
            not welsh_text
            and not is_name[i]
            and not inside(token)
            and (known[i] or _rare(token.key, lists))
            and token.key not in lists.not_names
            and token.key not in _STOP
            and token.key not in _NOT_AFTER_KIN
            and token.key not in _CLAUSE_VERBS
        )

    def listed_with(i: int, j: int) -> bool:
        """Tokens i and j are neighbours in a list: "and" (or "," or nothing) between."""
        a, b = min(i, j), max(i, j)
        if not (a >= 0 and b < count):
            return False
        between = text[tokens[a].end : tokens[b].start]
        if b - a == 1:
            # "Amber, Summer and Penny": a comma between capitals; in lower case, names
            # of the lists before "and" ("pat, sue and dawn")
            return between.strip() == "," and (
                (tokens[a].capital and tokens[b].capital)
                or (known[a] and known[b] and key(b + 1) in _AND and joined(b, b + 2))
            )
        return b - a == 2 and key(a + 1) in _AND and joined(a, b)

    def lists_of_names() -> None:
        """Names listed together: "Moose and Bonzo", "Amber, Summer and Penny", "me a
        Gwil"."""
        for _ in range(2):  # once more for a list of three
            for i in range(count):
                if is_name[i] or not may_list(i):
                    continue
                for j in (i - 2, i - 1, i + 1, i + 2):
                    if 0 <= j < count and is_name[j] and listed_with(i, j):
                        is_name[i] = True

    lists_of_names()
    # Two name-list words joined by "and", neither yet taken: "glen and dale on the
    # weekend shift" (not "hope and faith": a verb's or a modal's word is left).
    paired = False
    for i in range(count - 2):
        j = i + 2
        if (
            key(i + 1) in _AND
            and joined(i, j)
            and known[i]
            and known[j]
            and may_list(i)
            and may_list(j)
        ):
            is_name[i] = is_name[j] = paired = True
    # ... and whatever the words, when the two are said to be people: "jack and will are
    # brothers", "hope and faith were twins".
    for i in range(count - 2):
        j = i + 2
        if (
            key(i + 1) in _AND
            and joined(i, j)
            and _SIBLINGS.match(text, tokens[j].end)
            and all(
                not inside(tokens[k])
                and tokens[k].key not in _STOP
                and (known[k] or tokens[k].capital)
                for k in (i, j)
            )
        ):
            is_name[i] = is_name[j] = paired = True
    if paired:
        lists_of_names()  # the rest of a list whose last two were found so ("pat, sue and dawn")

    # A capitalised word right next to a name is part of it ("Oluwaseun Adeyemi").
    for i, token in enumerate(tokens):
        if not may_join(i):
            continue
        # "Ask Ravi", "Ffoniwch Nia": a word opening a sentence before a first name is more
        # often a verb than an unknown first name (one before a surname still joins it).
        if (
            token.sentence_start
            and touching(i, i + 1)
            and is_name[i + 1]
            and (tokens[i + 1].key in lists.first or token.key in _IMPERATIVES)
            and not known[i]
            and token.key not in _NICKNAME_WORDS
        ):
            continue
        if (touching(i - 1, i) and is_name[i - 1]) or (touching(i, i + 1) and is_name[i + 1]):
            is_name[i] = True
    # Words a nickname is made of, in any case: "big lew", "Sion Bach", "Dai Mawr".
    for i, token in enumerate(tokens):
        if is_name[i] or inside(token):
            continue
        if (token.key in _NICKNAME_BEFORE and touching(i, i + 1) and is_name[i + 1]) or (
            token.key in _NICKNAME_AFTER and touching(i - 1, i) and is_name[i - 1]
        ):
            is_name[i] = True
    # Particles inside a name: "Declan Ó Súilleabháin", "Sophie de Souza", "Ali bin Omar".
    for i in range(1, count - 1):
        if (
            not is_name[i]
            and tokens[i].key in _PARTICLES
            and is_name[i - 1]
            and is_name[i + 1]
            and touching(i - 1, i)
            and touching(i, i + 1)
        ):
            is_name[i] = True
    found = []
    for t, hit in zip(tokens, is_name, strict=True):
        if hit:
            # an initial before the name: "J. Smith", "J Smith"
            initial = _INITIAL.search(text, max(0, t.start - 4), t.start)
            # ... and one after it: "Tomasz W", "Dave B."
            trailing = _TRAILING_INITIAL.match(text, t.end)
            end = trailing.end() if trailing else t.end
            found.append(Redaction(initial.start() if initial else t.start, end, "name"))
    return found


_INITIAL = _COMPILED.compile(r"(?<![\w.])[A-Z]\.?\s$")
_TRAILING_INITIAL = _COMPILED.compile(r" [B-HJ-Z]\.?(?=[\s/,;:)]|$)")
"""An initial after a name (not "I" nor "A", which are words): "Tomasz W /"."""
_ROLE_IN_BRACKETS = _COMPILED.compile(
    r"\s*\(\s*(?:the\s+|a\s+|another\s+)?(?:resident|staff|keyworker|key\s+worker|night\s+staff|"
    r"manager|cleaner|cook|chef|po|pso|nurse|volunteer|lad|girl|woman|bloke)\b",
    re.I,
)
"""After a name, who they are in brackets: "may (resident, not staff)"."""
_SIBLINGS = _COMPILED.compile(
    r"\s+(?:are|were|r)\s+(?:(?:both|twins|best)\s+)?(?:brothers|sisters|twins|cousins|mates|"
    r"a\s+couple|partners|married|together|siblings|roommates)\b",
    re.I,
)
"""After two words joined by "and": they are people ("jack and will are brothers")."""
_NOT_NAMED = frozenset(
    """really also just finally never always only now still even actually honestly probably
    then too already recently usually sometimes basically literally apparently obviously
    clearly totally""".split()
)
"""Words that stand where a name would after "my son" ("my son really is")."""
_PARTICLES = frozenset(
    "ó o ní ni nic mac mc de da van von der al el bin ibn ap ab la le du di".split()
)
_AND = frozenset(("and", "&", "a", "ac", "n", "an"))


def _signed(text: str, tokens: list[_Token], i: int) -> bool | None:
    """Whether token i is a name signed at the end of the comment: None if it is not in
    that place (the last word or two, after a break or a mark such as "x" or "cheers"),
    True after a mark, False after a break alone (then only a rare or capitalised word
    is taken)."""
    count = len(tokens)
    last = i
    if i + 1 < count and (tokens[i + 1].key in ("x", "xx", "xxx") or tokens[i + 1].capital):
        last = i + 1
    if last != count - 1 or text[tokens[last].end :].strip(" .!x\n)") != "":
        return None
    if i == 0:
        return None
    before = tokens[i - 1]
    if before.key in _SIGN_MARKS and (
        i == 1
        or _SIGN_BREAK.search(text, tokens[i - 2].end, before.start)
        or before.key.startswith("x")
    ):
        return True
    if _SIGN_BREAK.search(text, before.end, tokens[i].start):
        return False
    return None


def _bracket_number(text: str, end: int) -> bool:
    """ "Ray (67)": a person's name before their age in brackets."""
    return bool(re.match(r" \(\s*\d{1,2}\s*\)", text[end:]))


# --- putting it together ---------------------------------------------------------------
def _resolve(found: Iterable[Redaction], text: str) -> list[Redaction]:
    """Drop overlaps (the earlier, then longer, find wins) and join names that touch."""
    chosen: list[Redaction] = []
    for candidate in sorted(found, key=lambda r: (r.start, -(r.end - r.start))):
        if chosen and candidate.start < chosen[-1].end:
            # Overlapping finds become one, so no piece of either is left in the text.
            last = chosen[-1]
            if candidate.end > last.end:
                chosen[-1] = Redaction(last.start, candidate.end, last.kind)
            continue
        if (
            chosen
            and candidate.kind == "name" == chosen[-1].kind
            and text[chosen[-1].end : candidate.start].strip(" ") == ""
        ):
            chosen[-1] = Redaction(chosen[-1].start, candidate.end, "name")
            continue
        chosen.append(candidate)
    return chosen


_AGE_AFTER_NAME = _COMPILED.compile(
    r"\s*(?:,\s*(?:now\s+|aged\s+)?(\d{2})\s*(?=,|\.|\band\b|$)|\(\s*(\d{2})\s*[,)])"
)
_CHILD_AGE_AFTER_NAME = _COMPILED.compile(
    r"\s*(?:\(\s*(\d{1,2}(?:\s*(?:months?|weeks?|yrs?|years?)(?:\s+old)?)?)\s*\)"
    r"|,\s*(\d{1,2})\s*,)",
    re.I,
)
"""After a child's name, their age in brackets, a baby's in months: "Mia (4)", "Zayn (8
months)"."""
_INTERVIEWEE = _COMPILED.compile(
    r"(?-i:\b(?:R|Resident|Res|Interviewee)\b)(?:(?=\s*[,(])|[^.;!?\n]{1,40}?(?=,\s*\d{2}\s*(?:[.;]|$)))"
)
"""The person interviewed, as an inspector's notes name them: "R, 47, ex-Army"."""
_AGE_AFTER_BIRTH = _COMPILED.compile(
    rf"\)?\s*,\s*(\d{{2}}|{_EN_AGE})\b(?=\s*(?:now\b|,|\.|;|$|and\b|years?\b))", re.I
)
"""After a date of birth, the age it makes: "born in '02, twenty one, and", "(14/06/72), 51"."""


_ROOM_AFTER_NAME = _COMPILED.compile(
    rf"\s+(?:in|from|o|yn)\s+(?:(?:room|rm|stafell)\s+)?(\d{{1,3}}[a-z]?)\b"
    rf"(?!\s*(?:{_UNITS_AFTER_AGE})\b)(?!\s*[:/]|\.\d|,\d)",
    re.I,
)


def _rooms_after_names(text: str, names: list[Redaction]) -> list[Redaction]:
    """ "Tommy in 15", "Imran from 22": where a person is, a room's number."""
    found = []
    for name in names:
        match = _ROOM_AFTER_NAME.match(text, name.end)
        if match:
            found.append(Redaction(match.start(1), match.end(1), "room"))
    return found


_ANOTHER = _COMPILED.compile(
    rf"(?:\s*(?:(?:to|and|or|n|a|ac|neu|not|nor|i|wedyn|then|now)\s+|[-–&/,]\s*)"
    rf"|\s+(?=\d|(?-i:[A-Z]{{1,2}}\d)))"
    rf"(?:(?:room|rm|stafell|number)\s+)?"
    rf"(\d\.\d{{2}}|\d{{1,3}}[a-z]?|(?-i:[A-Z]{{1,2}}\d{{1,3}}[A-Z]?)|{_EN_NUMBER}|{_CY_SMALL})\b"
    rf"(?!\s*(?:{_UNITS_AFTER_AGE})\b)(?!\s*[:/]|\.\d)",
    re.I,
)


_ANOTHER_BEFORE = _COMPILED.compile(r"(?<![\w.,/£$:])(\d{1,2})\s*(?:and|or|n|&|,|-|to)\s*$", re.I)
"""A figure joined to an age that follows it: "the 18 and 19 year olds"."""


def _more_of_the_same(text: str, found: list[Redaction]) -> list[Redaction]:
    """A second room or age joined to one found: "rooms 20 to 26", "moved from G7 to 22",
    "ma nhw'n wyth a deg", "stafell pump a chwech". Words for a room only after a room in
    words."""
    more = []
    for redaction in found:
        if redaction.kind not in ("room", "age"):
            continue
        match = _ANOTHER.match(text, redaction.end)
        if not match:
            continue
        value = match.group(1)
        words_after_figures = not any(c.isdigit() for c in value) and any(
            c.isdigit() for c in text[redaction.start : redaction.end]
        )
        if redaction.kind == "room" and words_after_figures:
            continue  # "rooms 4 and five": a number in words after figures is a count

        if redaction.kind == "age" and value.isdigit() and not 1 <= int(value) <= 99:
            continue
        more.append(Redaction(match.start(1), match.end(1), redaction.kind))
    for redaction in found:
        if redaction.kind == "age":
            before = _ANOTHER_BEFORE.search(text, max(0, redaction.start - 12), redaction.start)
            if before and 1 <= int(before.group(1)) <= 99:
                more.append(Redaction(before.start(1), before.end(1), "age"))
    return more


def _ages_after_names(text: str, names: list[Redaction]) -> list[Redaction]:
    """ "Jason, 39, and ..." or "Ray (67)" gives an age; so does a date of birth ("born
    in '02, twenty one")."""
    found = []
    for name in names:
        if name.kind == "dob":
            after = _AGE_AFTER_BIRTH.match(text, name.end)
            if after:
                found.append(Redaction(after.start(1), after.end(1), "age"))
            continue
        match = _AGE_AFTER_NAME.match(text, name.end)
        group = 0 if match is None else (1 if match.group(1) else 2)
        if match and 10 <= int(match.group(group)) <= 99:
            found.append(Redaction(match.start(group), match.end(group), "age"))
        elif _KIN.search(text, max(0, name.start - 25), name.start):
            child = _CHILD_AGE_AFTER_NAME.match(text, name.end)
            if child:
                group = 1 if child.group(1) else 2
                found.append(Redaction(child.start(group), child.end(group), "age"))
    return found


_CY_TENS_AGE = (
    r"(?:un|dau|ddau|tri|dri|pedwar|bedwar|pum|bum|chwe|saith|wyth|naw)\s+deg"
    r"(?:\s+(?:un|dau|ddau|dwy|tri|dri|tair|pedwar|bedwar|pedair|pump|bump|chwech|saith|wyth|naw))?"
    r"|(?:un|dau|dwy|tri|tair|pedwar|pedair|pump|chwech|saith|wyth|naw)\s+ar\s+(?:hugain|bymtheg)"
    r"|hanner\s+cant|deugain|ddeugain|trigain|drigain"
)
"""Welsh ages of twenty and over, said in the decimal way ("pedwar deg naw", "bum deg
un") or the old one ("un ar hugain", "deugain")."""
_AGE_WORDS = (
    rf"\d{{2}}|[1-9]0['’]?s|(?:early|mid|late)[\s-]*(?:[1-9]0['’]?s|{_EN_TENS[:-1]}|"
    r"(?:twen|thir|for|four|fif|six|seven|eigh|nine)ties)"
    rf"|(?:twen|thir|for|four|fif|six|seven|eigh|nine)ties|{_EN_AGE}|{_CY_TENS_AGE}"
)
_AGE_IN_BRACKETS = _COMPILED.compile(
    rf"\(\s*(?:(?:resident|res|interviewee|r|male|female|m|f)\s*,\s*)?(?P<id>{_AGE_WORDS})\s*\)"
    rf"|(?-i:\b(?:R|Resident|Interviewee))\s*,\s*(?P<n2>{_AGE_WORDS})\s*,",
    re.I,
)
_PERSON_BEFORE = _COMPILED.compile(
    r"(?:\b(?:resident|res|interviewee|man|men|lad|woman|bloke|guy|fella|gentleman|lady|"
    r"girl|boy|son|daughter|mum|mam|mother|dad|father|tad|taid|nain|nan|gran|grandad|"
    r"brother|sister|brawd|chwaer|partner|wife|husband|wraig|gŵr|friend|mate|uncle|"
    r"auntie|aunt|ewythr|modryb|dyn|ddyn|dynes|hogyn|hogan|bachgen|merch|mab|R)"
    r"|\])\s*$",
    re.I,
)
"""A person just before an age in brackets ("an older resident (56)", "My dad (pedwar deg
naw)", "Resident (fifties)"), or what was taken out of the text: a name, a room."""
_CY_NOT_AN_AGE_AFTER = (
    r"o\b|o['’]r|munud|funud|awr|oriau|diwrnod|niwrnod|wythnos|mis|mlynedd|blynedd|punt|bunt|"
    r"ceiniog|y\s+cant|gradd|milltir|metr|cilo|gwaith|tro|person|pobl|arall|peth|ohonyn"
)
"""What follows a Welsh number that counts or measures ("dri deg munud", "un o'r bois")."""
_CY_AGE_AFTER_YN = _COMPILED.compile(
    rf"(?:\byn|['’]n)\s+(?P<id>(?:{_CY_TENS_AGE})(?:\s+(?:a\s+)?(?:rhwbath|rhywbeth|odd))?)\b"
    rf"(?!\s+(?:{_CY_NOT_AN_AGE_AFTER}))",
    re.I,
)
"""A Welsh age of twenty and over after "yn" ("Taid yn naw deg un", "ma' hi'n dri deg"),
not a count or a measure ("yn dri deg munud", "yn hanner cant o bobl")."""

_CY_AGE_AFTER_NAME = _COMPILED.compile(
    rf"""\s*,?\s+(?:yn|sy['’]n)\s+(?!deg\b(?!\s+(?:{_CY_NUMBER_WORD})))
         (?P<id>(?:{_CY_NUMBER_WORD})(?:\s+(?:{_CY_NUMBER_WORD}))*)\b(?<!\sar)
         (?!\s+(?:{_CY_NOT_AN_AGE_AFTER})\b)(?!['’])""",
    re.I | re.X,
)
"""After a name, a Welsh number says how old ("Ma' Lowri yn dair a Cai yn un", "merch,
Elin, sy'n ddwy"), not a count ("Cai yn un o'r bois"); "yn deg" alone is "fair" (teg)."""
_CY_WHEN_I_WAS = _COMPILED.compile(
    rf"""\b(?:o['’]n\s+i['’]n|o['’]n\s+i\s+yn|oeddwn\s+i['’]n|oedd\s+e['’]n|oedd\s+o['’]n|
         oedd\s+hi['’]n)\s+(?P<id>(?:{_CY_NUMBER_WORD})(?:\s+(?:{_CY_NUMBER_WORD}))*)\b(?<!\sar)
         (?!\s+(?:{_CY_NOT_AN_AGE_AFTER}|oed)\b)(?!['’])""",
    re.I | re.X,
)
"""Welsh "I was" and a number: an age ("ers o'n i'n bymtheg")."""


def _ages_in_words(text: str, found: list[Redaction]) -> list[Redaction]:
    """An age in brackets after a person or what was taken out ("Resident (fifties)",
    "[room] (60s)"), and a Welsh age of tens after "yn"."""
    out = []
    for match in _AGE_IN_BRACKETS.finditer(text):
        if match.group("n2"):  # "R, thirties, asked"
            out.append(Redaction(match.start("n2"), match.end("n2"), "age"))
            continue
        before = text[max(0, match.start() - 30) : match.start()]
        taken = any(r.end <= match.start() and not text[r.end : match.start()].strip()
                    for r in found)  # fmt: skip
        inside = match.group() != f"({match.group('id')})"  # "(resident, forties)"
        if taken or inside or _PERSON_BEFORE.search(before):
            out.append(Redaction(match.start("id"), match.end("id"), "age"))
    out += [Redaction(m.start("id"), m.end("id"), "age") for m in _CY_AGE_AFTER_YN.finditer(text)]
    for r in found:
        if r.kind == "name":
            after = _CY_AGE_AFTER_NAME.match(text, r.end)
            if after:
                out.append(Redaction(after.start("id"), after.end("id"), "age"))
    out += [Redaction(m.start("id"), m.end("id"), "age") for m in _CY_WHEN_I_WAS.finditer(text)]
    return out


_HANDLE_TOKEN = _COMPILED.compile(
    r"(?<![\w.@#])@?[\w]+(?:(?:[_.]|\#(?=\d))[\w]+)+(?![\w@])|(?<![\w.@#])@?\w*_\w*",
    re.UNICODE,
)
_SPELT_ON = _COMPILED.compile(r"(?:\s+(?:dot|underscore)\s+[^\W_]+)+", re.I)


def _whole_handles(text: str, found: list[Redaction]) -> list[Redaction]:
    """A handle with all of it: a name or a handle found inside a word made as handles are
    ("k1ng_kuzza", "moonlight.rae", "shadowbach#2231") is that whole word, and a handle
    said aloud goes on with each "dot" and "underscore" ("deano dot w")."""
    out = []
    for r in found:
        if r.kind in ("name", "handle"):
            for token in _HANDLE_TOKEN.finditer(text, max(0, r.start - 64), r.end + 64):
                a, b = token.span()
                if a <= r.start and r.end <= b and (a, b) != (r.start, r.end):
                    word = token.group()
                    sides = word.lstrip("@").replace("_", ".").replace("#", ".").split(".")
                    handle = "_" in word or "#" in word or all(len(side) >= 2 for side in sides)
                    # "j.smith": an initial and a name, all of it
                    r = Redaction(a, b, "handle" if handle or r.kind == "handle" else r.kind)
                    break
        if r.kind == "handle":
            more = _SPELT_ON.match(text, r.end)
            if more:
                r = Redaction(r.start, more.end(), "handle")
        out.append(r)
    return out


def _interviewee_ages(text: str) -> list[Redaction]:
    """ "R, 47, long history of", "Resident (26) is on": the interviewee's age in notes."""
    found = []
    for match in _INTERVIEWEE.finditer(text):
        after = _AGE_AFTER_NAME.match(text, match.end())
        if after:
            group = 1 if after.group(1) else 2
            if 10 <= int(after.group(group)) <= 99:
                found.append(Redaction(after.start(group), after.end(group), "age"))
    return found


_INSTITUTION_BEFORE = _COMPILED.compile(
    r"\b(?:ysbyty|hospital|(?:c|g|ngh|ch)oleg|college|ysgol|school|brifysgol|prifysgol|"
    r"university|(?:c|g|ngh|ch)apel|chapel|eglwys|church|(?:c|g|ngh|ch)anolfan|neuadd|"
    r"(?:c|g)lwb|g?westy|(?:c|g|ngh|ch)archar|hmp|hmyoi|stadiwm|g[ŵw]yl)\s+$",
    re.I,
)
"""A capitalised word after a hospital, a college, a chapel or a feast is its name, not a
person's ("Ysbyty Bronglais", "Coleg Menai", "Gŵyl Dewi")."""


def find(text: str) -> list[Redaction]:
    """Every identifying span of `text`, in order, without overlaps."""
    patterned = _resolve([*_patterns(text), *_spoken_figures(text)], text)
    names = [n for n in _names(text, patterned) if not _INSTITUTION_BEFORE.search(text, 0, n.start)]
    # Names found by their place in a sentence too ("Paddy in 18", "cheers bill"): what
    # follows a name follows them.
    named = sorted(
        [*names, *(r for r in patterned if r.kind in ("name", "dob"))], key=lambda r: r.start
    )
    people = [r for r in named if r.kind == "name"]
    after = [
        *_ages_after_names(text, named),
        *_rooms_after_names(text, people),
        *_interviewee_ages(text),
    ]
    chosen = _resolve([*patterned, *names, *after], text)
    chosen = _resolve([*chosen, *_ages_in_words(text, chosen)], text)
    # The numbers no rule took, weighed by the words about them (numbers.py).
    weighed = [
        Redaction(start, end, kind)
        for start, end, kind in numbers.find(text, [(r.start, r.end, r.kind) for r in chosen])
        if not _NOT_WEIGHED_ROOMS.match(text, start)
    ]
    chosen = _resolve([*chosen, *weighed], text)
    for _ in range(8):  # "aged 4, 7 and 11": each joined to the one before
        more = _resolve([*chosen, *_more_of_the_same(text, chosen)], text)
        if more == chosen:
            break
        chosen = more
    return _whole_addresses(text, _resolve(_whole_handles(text, chosen), text))


_TOWN_AFTER = _COMPILED.compile(
    rf"(?-i:,\s*(?!(?:{_NOT_PLACE_FIRST})\b)[A-ZŴŶ][a-zâêîôûŵŷ'’]+(?:\s+[A-Z][a-z]+)?)(?=\s*(?:[,.;!?)]|$|\s+[a-z]|\s+[A-Z]{{1,2}}\d))"
)
_JOIN = _COMPILED.compile(r"\s*,\s*")


def _whole_addresses(text: str, found: list[Redaction]) -> list[Redaction]:
    """An address with the rest of it: the parts found one by one joined ("Elm Court,
    Cardiff Road", "room 2, 88 Cromwell Road"), and the town after it ("44 Maple Road,
    Newport"), so that no part of it is left between the parts taken out."""
    out: list[Redaction] = []
    for redaction in found:
        if out and "address" in (out[-1].kind, redaction.kind):
            gap = _JOIN.fullmatch(text, out[-1].end, redaction.start)
            if gap and (out[-1].kind == "address" or redaction.kind == "address"):
                out[-1] = Redaction(out[-1].start, redaction.end, "address")
                continue
        out.append(redaction)
    for i, redaction in enumerate(out):
        if redaction.kind != "address":
            continue
        tail = _TOWN_AFTER.match(text, redaction.end)
        following = out[i + 1].start if i + 1 < len(out) else len(text)
        if tail and tail.end() <= following:
            out[i] = Redaction(redaction.start, tail.end(), "address")
    return out


_ENGLISH = frozenset(
    """the and is are was were be been being have has had do does did not no but or if of
    to in on at for with from by about as it its it's this that these those there their
    they them he she his her him we our us you your me my mine i'm im i've ive don't dont
    can't cant won't wont didn't didnt isn't isnt what when where which who why how all
    any some more most very really just too also here than then so get got going go
    like because would could should will can make made feel felt think know said staff
    help helped people need needs good bad never always every nothing something anything
    one out up down over after before time day night week here's it's""".split()
)
"""Common English words, for telling a comment's language (`text_language`)."""


def text_language(text: str, otherwise: str) -> str:
    """The language a comment is written in, "en" or "cy", from its own words: Welsh words
    against common English ones (each counted only if it is not also a word of the other
    language). `otherwise` where the words do not tell (too few, or as many of each): the
    language the resident chose for the survey."""
    welsh = _lists().welsh
    cy = en = 0.0
    for token in _TOKEN.findall(text):
        word = fold(token)
        in_welsh, in_english = word in welsh, word in _ENGLISH
        if in_welsh and not in_english:
            cy += 1
        elif in_english and not in_welsh:
            en += 1
        elif not in_welsh and len(word) > 3:
            # A longer word the Welsh list does not know is weak evidence of English (the
            # list holds the words Welsh comments are written in, with their mutations).
            en += 0.5
    if cy > en:
        return "cy"
    if en > cy:
        return "en"
    return otherwise


def anonymise(text: str, language: str = "en") -> Result:
    """Replace each identifying span by its placeholder in `language`."""
    redactions = find(text)
    parts: list[str] = []
    position = 0
    for redaction in redactions:
        parts.append(text[position : redaction.start])
        parts.append(placeholder(redaction.kind, language))
        position = redaction.end
    parts.append(text[position:])
    return Result("".join(parts), tuple(redactions))


# --- what a reviewer should look at ------------------------------------------------------
_PLACEHOLDER = _COMPILED.compile(r"\[[^\[\]\n]{1,40}\]")
_MIXED = _COMPILED.compile(
    r"(?<![\w@])@?(?=[\w.]*\d)(?=[\w.]*[^\W\d_])[\w.]{2,30}(?<!\.)", re.UNICODE
)
_NUMBER = _COMPILED.compile(r"(?<![\w/.:£$])\d{1,3}(?![\w/:%£]|\.\d)")
_NUMBER_CUES = _COMPILED.compile(
    r"\b(?:room|rm|stafell|ystafell|in|from|o|yn|aged?|turned|oed|years?|yrs?|yo|born|"
    r"geni|number|no|rhif|son|daughter|kids?|boy|girl|mum|mam|dad|nan|nain|plant|mab|"
    r"merch|is|was|he'?s|she'?s|i'?m|turns?|turning)\b",
    re.I,
)
_NUMBER_WORD = _COMPILED.compile(rf"\b(?:{_EN_AGE}|{_EN_UNITS})\b", re.I)
_ALONE_AFTER = (
    r"and|or|but|so|i|im|he|hes|she|shes|they|we|you|it|its|is|was|were|are|after|before|"
    r"since|then|now|theres|there|the|a|for|on|at|with|who|what|when|still|again|next|last|"
    r"yet|too|lol|haha|x|mate|ac|ond|yn|mae|oedd|fi|fo|hi|nhw|efo|hefyd|rwan|nawr|wedyn|ers"
)
_NUMBER_ALONE = _COMPILED.compile(
    rf"""(?<![\w/.:£$\#-])[1-9]\d?(?![\w/:%£]|\.\d)
         (?=\s*(?:$|[,.;:!?)\]\n]|(?:{_ALONE_AFTER})\b))""",
    re.I | re.X,
)
"""A number of one or two figures that counts nothing: no word follows it but one that
could follow a room or an age ("we were both 14 and", "outside 28, every", "are 19 and
20 and"), never a count ("3 meals") or a time ("6pm")."""


def unsure(text: str) -> list[tuple[int, int]]:
    """Spans of a scrubbed text a reviewer should look at again: what the anonymiser kept
    but could have been someone's (a capitalised word on no list of ordinary words, a
    name-list word in lower case, one opening a sentence that is a name or a rare word,
    figures mixed with letters as codes and handles are, a number beside a room's, an
    age's or a child's words or alone where a room or an age could be, a number in words
    beside a child's). In order; placeholders are never marked."""
    lists = _lists()
    hidden = [m.span() for m in _PLACEHOLDER.finditer(text)]

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in hidden)

    spans: list[tuple[int, int]] = []
    for match in _MIXED.finditer(text):
        if free(*match.span()) and not re.fullmatch(r"\d+(?:st|nd|rd|th|am|pm|s)", match.group()):
            spans.append(match.span())
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        around = text[max(0, start - 14) : min(len(text), end + 8)]
        if free(start, end) and _NUMBER_CUES.search(around):
            spans.append((start, end))
    spans += [m.span() for m in _NUMBER_ALONE.finditer(text) if free(*m.span())]
    for token in _tokens(text):
        if not free(token.start, token.end) or len(token.word) < 3:
            continue
        common = token.key in lists.not_names or token.key in lists.welsh or token.key in _ENGLISH
        if token.capital and not token.word.isupper():
            if not common and not token.sentence_start:
                spans.append((token.start, token.end))
            elif not common and (
                token.key in lists.first or token.key in lists.surnames or _rare(token.key, lists)
            ):
                spans.append((token.start, token.end))  # "Keturah runs the group": a name
        elif token.key in lists.first and not common:
            spans.append((token.start, token.end))
    for match in _NUMBER_WORD.finditer(text):
        start, end = match.span()
        around = text[max(0, start - 20) : start]
        if free(start, end) and _KIN.search(around):
            spans.append((start, end))  # "my son is six": an age in words by a child

    merged: list[tuple[int, int]] = []
    for span in sorted(set(spans)):
        if merged and span[0] < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span[1]))
        else:
            merged.append(span)
    return merged


# Every pattern is made by now: kept for the next start when one was new.
_COMPILED.save()
