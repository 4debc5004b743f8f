"""The anonymiser: every kind of identifier goes, ordinary words and Welsh prose stay."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from survey_app.cli.anonymise import anonymise_stream
from survey_app.core.privacy.anonymiser import anonymise, find, unsure
from survey_app.core.privacy.evaluation import parse, read, score

DATA = Path(__file__).parents[1] / "data" / "anonymiser"


@pytest.mark.parametrize(
    ("text", "kind", "gone"),
    [
        ("my crn is X123456", "crn", "X123456"),
        ("crn h 610 442 on the letter", "crn", "610 442"),
        ("PNC 2001/0123456A", "pnc", "0123456A"),
        ("short pnc 01/123456A", "pnc", "123456A"),
        ("cro 123456/01A", "cro", "123456/01A"),
        ("CRO SF01/123456A", "cro", "123456A"),
        ("prison number A1234BC", "prison_number", "A1234BC"),
        ("NI is QQ 12 34 56 C", "ni_number", "34 56"),
        ("ni qq123456c", "ni_number", "123456"),
        ("NHS 943 476 5919", "nhs_number", "5919"),
        ("nhs 9434765910 (wrong check digit)", "nhs_number", "9434765910"),
        ("ring 07700 900123", "phone", "900123"),
        ("+44 7700 900123 any time", "phone", "900123"),
        ("(01792) 123456", "phone", "123456"),
        ("email gaz_1985@hotmail.co.uk", "email", "hotmail"),
        ("postcode cf101aa", "postcode", "cf101aa"),
        ("at CF10 1AA", "postcode", "1AA"),
        ("I live at 14 Mill Lane", "address", "Mill"),
        ("flat 3, 22 High Street", "address", "High"),
        ("mam yn byw yn 12 Heol y Bont", "address", "Bont"),
        ("DOB 03/03/1987", "dob", "1987"),
        ("born 3rd March 1987", "dob", "1987"),
        ("ganwyd 3 Mawrth 1987", "dob", "1987"),
        ("I'm 34 and skint", "age", "34"),
        ("a 19 year old", "age", "19"),
        ("dw i'n 45 oed", "age", "45"),
        ("room 14 is cold", "room", "14"),
        ("rm 3B", "room", "3B"),
        ("ystafell 12 yn oer", "room", "12"),
        ("room G9 has no heating", "room", "G9"),
        ("rm f12", "room", "f12"),
        ("my room (22) has damp", "room", "22"),
        ("a eighteen year old", "age", "eighteen"),
        ("she is twenty one", "age", "twenty"),
        ("being 55 is hard", "age", "55"),
        ("mae o'n ddau ddeg tri oed", "age", "ddau"),
        ("my car (AB12 CDE) got keyed", "vehicle", "CDE"),
        ("they clamped my van ab12cde", "vehicle", "ab12cde"),
        ("an old reg, my car is P123 ABC", "vehicle", "ABC"),
        ("my insta is @big_dave", "handle", "big_dave"),
        ("add me on snap kel_99", "handle", "kel_99"),
        ("mail me jo.b(at)gmail.com", "email", "gmail"),
        ("write to jo.bloggs at hotmail dot co dot uk", "email", "bloggs"),
        ("my nhs no is 12 34 56 78 90", "nhs_number", "78 90"),
        ("ring o7700 900 123", "phone", "900 123"),
        ("Priya (23) is new", "age", "23"),
        ("my son turns seven in may", "age", "seven"),
        ("I turned forty in here", "age", "forty"),
        ("dob 1987-03-03", "dob", "1987"),
        ("born on the third of march nineteen eighty seven", "dob", "eighty"),
        ("ganwyd fi ar y trydydd o Fawrth 1987", "dob", "1987"),
    ],
)
def test_each_kind_of_identifier(text: str, kind: str, gone: str) -> None:
    result = anonymise(text)
    assert gone not in result.text, result.text
    assert kind in result.kinds


@pytest.mark.parametrize(
    "text",
    [
        "I will be honest, staff mark the rota wrong and I hope it changes.",
        "There was a pat down search and a rose in the garden. May I add, no joy.",
        "I've been here 3 times a week for 7 days, it costs £20 and curfew is 10pm.",
        "Mae'r staff yn dda iawn ond mae'r bwyd yn oer yn yr haf.",
        "Roedd y glyn yn hyfryd ac roedd eira ar y bryn.",
        "Went to Tesco in Cardiff on Monday, then the Jobcentre and the NHS dentist.",
        "the grace period was 2 years, frank talk, she drew a picture",
        "STAFF NEVER LISTEN TO US AND THE WATER IS COLD",
        "it is 10 past 9 and there is 20 of us, the rent is 25 quid",
        "my insta is down and there is no room in 5 minutes, a1 bed and breakfast",
        "the bus was twenty minutes late and I am one of them",
        "the lad turned five minutes late, on 4G in A4 size, meet at 8 and see you at home",
    ],
)
def test_ordinary_words_and_welsh_prose_stay(text: str) -> None:
    assert anonymise(text).text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my key worker Dafydd is great", "Dafydd"),
        ("Siân on nights is kind", "Siân"),
        ("sian on nights is kind", "sian"),
        ("ask RHYS about it", "RHYS"),
        ("(Priya) helped me", "Priya"),
        ("Ahmed's room is noisy", "Ahmed"),
        ("staff called Zbigniew shouts", "Zbigniew"),
        ("a lad named gaz took my stuff", "gaz"),
        ("Mr Okafor the manager", "Okafor"),
        ("gweithiwr allweddol Eluned yn help mawr", "Eluned"),
        ("staff o'r enw Tegwen", "Tegwen"),
        ("Micheal on days", "Micheal"),
        ("Mark Jones said no", "Mark"),
        ("Rhys Evans and Will Smith", "Will"),
    ],
)
def test_names(text: str, name: str) -> None:
    result = anonymise(text)
    assert name not in result.text, result.text
    assert "name" in result.kinds


def test_placeholders_speak_the_residents_language() -> None:
    assert anonymise("ffoniwch Siân ar 07700 900123", "cy").text == "ffoniwch [enw] ar [ffôn]"
    assert anonymise("ring Sian on 07700 900123", "en").text == "ring [name] on [phone]"


def test_a_full_name_is_one_placeholder() -> None:
    assert anonymise("Rhys Evans was rude").text == "[name] was rude"


def test_spans_point_into_the_original_text() -> None:
    text = "ask Dave in room 14"
    spans = find(text)
    assert [(text[s.start : s.end], s.kind) for s in spans] == [
        ("Dave", "name"),
        ("room 14", "room"),
    ]


def test_labelled_comments_parse() -> None:
    item = parse({"id": "x", "lang": "en", "text": "ask ⟦name|Dave⟧ in ⟦room|room 14⟧"})
    assert item.text == "ask Dave in room 14"
    assert [(item.text[s.start : s.end], s.kind) for s in item.spans] == [
        ("Dave", "name"),
        ("room 14", "room"),
    ]


def test_the_labelled_development_set_meets_the_targets() -> None:
    """The same figures the benchmark prints, held to the issue's targets (speed apart)."""
    scores = score(read(DATA / "dev.jsonl"), find)
    assert scores.recall() >= 0.95
    assert scores.clean_share >= 0.85
    assert scores.changed_share <= 0.02


def test_the_held_out_set_stays_above_its_floor() -> None:
    """Comments written apart from the anonymiser and not used to tune it (nor learnt from
    by the number models). Recall here was 94.5% at first; this guards against it getting
    worse."""
    scores = score(read(DATA / "test.jsonl"), find)
    assert scores.recall() >= 0.94
    assert scores.clean_share >= 0.85
    assert scores.changed_share <= 0.02


@pytest.mark.parametrize(
    ("name", "recall", "clean"),
    [
        ("dev3", 0.98, 0.98),
        ("held3", 0.94, 0.94),
        ("dev4", 0.98, 0.98),
        ("held4", 0.95, 0.95),
        ("dev5", 0.97, 0.97),
        ("dev6", 0.92, 0.92),
        ("held5", 0.96, 0.95),
        ("dev7", 0.98, 0.95),
        ("dev8", 0.98, 0.93),
        ("dev9", 0.95, 0.96),
        ("dev10", 0.96, 0.96),
        ("held7", 0.95, 0.95),
        ("held6", 0.95, 0.94),
        ("dev11", 0.98, 0.97),
        ("held8", 0.95, 0.92),
        ("dev12", 0.99, 0.99),
        ("held9", 0.98, 0.96),
        ("dev13", 0.99, 0.98),
        ("held10", 0.97, 0.94),
        ("dev14", 0.96, 0.94),
        ("held11", 0.97, 0.94),
        ("dev15", 0.97, 0.95),
        ("held12", 0.93, 0.92),
        ("dev16", 0.99, 0.99),
        ("held13", 0.97, 0.93),
        ("dev17", 0.96, 0.95),
        ("held14", 0.98, 0.97),
        ("dev18", 0.92, 0.87),
        ("held15", 0.94, 0.90),
        ("held16", 0.90, 0.79),
        ("dev19", 0.95, 0.89),
        ("dev20", 0.95, 0.89),
        ("held17", 0.93, 0.91),
    ],
)
def test_the_sets_written_apart_from_the_code_stay_above_their_floors(
    name: str, recall: float, clean: float
) -> None:
    """dev3 to dev20 were read while developing (and the number models learnt from them);
    held3 to held17 never are (only their figures are looked at). Some held sets are short
    of the 95% target (docs/anonymiser.md); this guards what was won."""
    scores = score(read(DATA / f"{name}.jsonl"), find)
    assert scores.recall() >= recall
    assert scores.clean_share >= clean
    assert scores.changed_share <= 0.02


def test_jsonl_stream(tmp_path: Path) -> None:
    lines = [
        {"id": 1, "text": "ask Dave on 07700 900123", "extra": True},
        {"id": "b", "lang": "cy", "text": "ffoniwch Siân"},
    ]
    out = io.StringIO()
    code = anonymise_stream(io.StringIO("\n".join(json.dumps(x) for x in lines)), out, True, "en")
    assert code == 0
    written = [json.loads(line) for line in out.getvalue().splitlines()]
    assert written == [
        {"id": 1, "text": "ask [name] on [phone]", "extra": True},
        {"id": "b", "lang": "cy", "text": "ffoniwch [enw]"},
    ]


@pytest.mark.parametrize("bad", ['{"id": 1, "text": "ok Dave"}\n{"id": 2, "text": ', '{"id": 3}'])
def test_a_bad_line_rejects_the_whole_input(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert anonymise_stream(io.StringIO(bad), out, True, "en") == 1
    assert out.getvalue() == ""
    assert "nothing was written" in capsys.readouterr().err


def test_plain_text_stream() -> None:
    out = io.StringIO()
    anonymise_stream(io.StringIO("ring Sian in room 4\nthanks"), out, False, "en")
    assert out.getvalue() == "ring [name] in [room]\nthanks"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my son Tyler is 14 and i only see him", "my son [name] is [age] and i only see him"),
        ("ers pan o'n i'n 16", "ers pan o'n i'n [age]"),
        ("dob March 3 87 if you need it", "dob [date of birth] if you need it"),
        ("I was born in 1990 and", "I was born in [date of birth] and"),
        ("the lad in 7 next door bangs", "the lad in [room] next door bangs"),
        ("Kristof from bedroom 2 stole it", "[name] from [room] stole it"),
        ("Symudais o Fflat 3, 9 Ffordd y Parc", "Symudais o [address]"),
        ("rose in the kitchen makes curry", "[name] in the kitchen makes curry"),
        ("Rich on the door is rude", "[name] on the door is rude"),
        ("shivon my old key worker left", "[name] my old key worker left"),
        ("Ask Ravi or Jo", "Ask [name] or [name]"),
        ("Big Dai runs the place", "[name] runs the place"),
        # and words stay words
        ("the room is 14 degrees", "the room is 14 degrees"),
        ("he was 3 hours late", "he was 3 hours late"),
        ("Hope from the start was low", "Hope from the start was low"),
        ("Will you help me", "Will you help me"),
    ],
)
def test_people_by_where_they_are_and_ages_by_who(text: str, expected: str) -> None:
    assert anonymise(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a rare word (no common English or Welsh word) where a person is
        ("i had a row with Blinky over the washing", "i had a row with [name] over the washing"),
        ("zedd in 12 never sleeps", "[name] in [room] never sleeps"),
        ("Nobby the big lad upstairs is fine", "[name] the big lad upstairs is fine"),
        # who someone is to the writer, then their name, in any case and in Welsh
        ("my brother dean is coming to visit", "my brother [name] is coming to visit"),
        ("my son will be ten soon", "my son will be [age] soon"),  # "will" stays
        ("dw i'n colli fy merch Heulwen", "dw i'n colli fy merch [enw]"),
        # a Welsh sentence's subject after its verb
        ("Mae Bizzle yn gweiddi bob nos", "Mae [enw] yn gweiddi bob nos"),
        ("Mae Staff yn brysur", "Mae Staff yn brysur"),
        # signed at the end
        ("the showers are cold. cheers Smudger", "the showers are cold. cheers [name]"),
        ("good place overall x Chalky", "good place overall x [name]"),
        ("the food is awful. Rubbish.", "the food is awful. Rubbish."),
        # named by the writer's nickname, or beside the writer
        ("they call me Biscuit here", "they call me [name] here"),
        ("me and Hammer cleaned the lounge", "me and [name] cleaned the lounge"),
        ("Gonzo and Blinky were moved out", "[name] and [name] were moved out"),
        # and what only looks rare stays
        (
            "the whiteboard in the office shows our rooms",
            "the whiteboard in the office shows our rooms",
        ),
        ("PNC on my licence is wrong", "PNC on my licence is wrong"),
        ("fresh from YOIs they are", "fresh from YOIs they are"),
        ("does dim gwaith yng Nghaerdydd", "does dim gwaith yng Nghaerdydd"),
        ("moved here from HMP Wandsworth", "moved here from HMP Wandsworth"),
        ("Ray (58) needs a care home", "[name] ([age]) needs a care home"),
        ("room: 14 is damp", "room: [room] is damp"),
        ("my room is 9 and its cold", "my room is [room] and its cold"),
        ("moved to room twelve", "moved to room [room]"),
        ("the lad in number 14 shouts", "the lad in number [room] shouts"),
        ("no heat in rooms 3 to 5", "no heat in [room] to [room]"),
        ("moved from G7 to 22 today", "moved from [room] to [room] today"),
        ("door 12 is broken", "door [room] is broken"),
        ("knocked on door 3 times", "knocked on door 3 times"),
        ("the room is 14 degrees", "the room is 14 degrees"),
        ("age: 19", "age: [age]"),
        ("my son (5) misses me", "my son ([age]) misses me"),
        ("my daughter, 6, cries at night", "my daughter, [age], cries at night"),
        ("my daughter is nine", "my daughter is [age]"),
        ("she is one of the best", "she is one of the best"),
        ("ma'r plant yn wyth a deg", "ma'r plant yn [oed] a [oed]"),
        (
            "mae'r plant wedi tyfu, mae nhw'n wyth a deg",
            "mae'r plant wedi tyfu, mae nhw'n [oed] a [oed]",
        ),
        ("mae'n wyth o'r gloch", "mae'n wyth o'r gloch"),
        ("wedi troi'n 30 yn fan hyn", "wedi troi'n [oed] yn fan hyn"),
        ("ges i ngeni ar y pumed o Fai mil naw wyth saith", "ges i ngeni ar y [dyddiad geni]"),
        ("the jobcentre is a 40 min walk away", "the jobcentre is a 40 min walk away"),
        ("hes on snap as lewboi if u want", "hes on snap as [social media name] if u want"),
        ("a lad of 18 shouldnt be here", "a lad of [age] shouldnt be here"),
        ("my kids are 4, 7 and 11", "my kids are [age], [age] and [age]"),
        ("my nan passed at 81", "my nan passed at [age]"),
        ("she must be in her 50s", "she must be in her [age]"),
        ("going to my daughters 18th", "going to my daughters [age]"),
        ("ill be 21 next week", "ill be [age] next week"),
        ("my baby is 3 months old", "my baby is [age]"),
        ("Fi'n 34 a dwi'n gallu coginio", "Fi'n [oed] a dwi'n gallu coginio"),
        ("Mae fy nhad yn saith deg dau", "Mae fy nhad yn [oed]"),
        ("tea is at 5 which is way too early", "tea is at 5 which is way too early"),
        # a count read as an age, the price of weighing numbers by their words
        # (docs/anonymiser.md): a word lost, never a person shown
        ("we are 20 in here", "we are [age] in here"),
        ("the bus is 2.50 each way", "the bus is 2.50 each way"),
        ("whoever is in 9 snores", "whoever is in [room] snores"),
        ("C3 has no heating", "[room] has no heating"),
        ("A4 paper only", "A4 paper only"),
        ("number 4 and number 5 fight", "number [room] and number [room] fight"),
        ("Dilys, Meryl and Kayleigh on nights", "[name], [name] and [name] on nights"),
        ("macca and robbo share the telly", "[name] and [name] share the telly"),
        ("fern and wren on the late shift", "[name] and [name] on the late shift"),
        ("hope and faith keep me going", "hope and faith keep me going"),
        ("told it to ted the kitchen lady", "told it to [name] the kitchen lady"),
        ("Sandy did the induction", "[name] did the induction"),
        ("Hope is all i have", "Hope is all i have"),
        ("my sister April visits", "my sister [name] visits"),
        ("Seán Ó Briain my OM left", "[name] my OM left"),
        ("K. Patel on days", "[name] on days"),
        ("a run in Roath Park helps", "a run in Roath Park helps"),
        ("nothing for St Davids day", "nothing for St Davids day"),
        ("PLEASE DONT LET BEV LEAVE", "PLEASE DONT LET [name] LEAVE"),
        ("staff member Will told me", "staff member [name] told me"),
        ("this hostel is miles from my kids", "this hostel is miles from my kids"),
        ("first time anyones helped", "first time anyones helped"),
        ("mae'r swyddog yn newid bob mis", "mae'r swyddog yn newid bob mis"),
        ("someone made a tiktok slagging us off", "someone made a tiktok slagging us off"),
        ("someone (Gadget) keeps nicking milk", "someone ([name]) keeps nicking milk"),
        ("theres a lad we all call Chef here", "theres a lad we all call [name] here"),
        ("the night lad spud is a legend", "the night lad [name] is a legend"),
        ("the lad upstairs is a legend", "the lad upstairs is a legend"),
        ("robin the chaplain comes thursdays", "[name] the chaplain comes thursdays"),
        ("hope the new manager is better", "hope the new manager is better"),
        ("mate of mine big lew told me", "mate of mine [name] told me"),
        ("Dyl and Sion Bach make a mess", "[name] and [name] make a mess"),
        ("thanks to the ETE worker", "thanks to the ETE worker"),
        ("the nurse said no", "the nurse said no"),
        ("i miss groups on fridays", "i miss groups on fridays"),
        # rooms where a resident puts them, and the numbers that are not rooms
        ("been in 4 since june", "been in [room] since june"),
        (
            "got moved from 11 to 15 with no warning",
            "got moved from [room] to [room] with no warning",
        ),
        ("staff let b7 get away with anything", "staff let [room] get away with anything"),
        ("meanwhile 15 gets home leave", "meanwhile [room] gets home leave"),
        ("mae b6 yn smocio", "mae [room] yn smocio"),
        ("23's tv is too loud", "[room]'s tv is too loud"),
        ("the kid in fifteen is scared", "the kid in [room] is scared"),
        ("y boi drws nesa (16) yn gweiddi", "y boi drws nesa ([room]) yn gweiddi"),
        (
            "i share the landing with 11, 12 and 14",
            "i share the landing with [room], [room] and [room]",
        ),
        ("G4 G5 G6 all got mould", "[room] [room] [room] all got mould"),
        ("rm 1.07 smoke alarm is covered", "[room] smoke alarm is covered"),
        ("my room is number twelve", "my room is number [room]"),
        ("stafelloedd 2, 3 a 4 efo llwydni", "[room], [room] a [room] efo llwydni"),
        ("im in 16, ring me", "im in [room], ring me"),
        ("been in 2 minds about it", "been in 2 minds about it"),
        ("i left 2 messages", "i left 2 messages"),
        ("my curfew could be moved to 11 for work", "my curfew could be moved to 11 for work"),
        # a count read as a room by the number models, as "we are 20 in here" as an age
        (
            "the best AP I have been in and I've been in 4",
            "the best AP I have been in and I've been in [room]",
        ),
        ("its like the 90's music in here", "its like the 90's music in here"),
        # streets and buildings without a number, the town after an address
        ("his mums on Windmill Lane now", "his mums on [address] now"),
        ("the hostel on Heol y Frenhines", "the hostel on [address]"),
        ("nain fi yn Tŷ Newydd, Lôn y Felin", "nain fi yn [address]"),
        ("moving to Elm Court, Cardiff Road", "moving to [address]"),
        ("stay at 44 Maple Road, Newport when i leave", "stay at [address] when i leave"),
        (
            "shared house, room 2, 88 Cromwell Road, Swansea, decent",
            "shared house, [address], decent",
        ),
        ("up at Crown Court on monday", "up at Crown Court on monday"),
        ("The House rules are fine", "The House rules are fine"),
        # fixed formats as they are said, not written on a form
        ("born 5th of june 88", "born [date of birth]"),
        ("my birthday is the 9th of sept", "my birthday is the [date of birth]"),
        ("born in 1979 on the 2nd of may", "born in [date of birth]"),
        ("my birthday is next week on the 5th", "my birthday is next week on the 5th"),
        ("my car is cy 14 hbd", "my car is [vehicle registration]"),
        ("CURFEW IS 11 AND ITS NOT FAIR", "CURFEW IS 11 AND ITS NOT FAIR"),
        ("r.davies @ btinternet . com", "[email]"),
        ("ring samaritans on 0808 164 0123", "ring samaritans on 0808 164 0123"),
        ("my email is jsmith88 at outlook if u want", "my email is [email] if u want"),
        ("pnc 15 223344H was read out", "pnc [PNC number] was read out"),
        ("cro no 000123/15 K on it", "cro no [CRO number] on it"),
        ("ring me on 07700 / 900 123 after 6", "ring me on [phone] after 6"),
        (
            "the silver astra cy 14 hbd sells at the gate",
            "the silver astra [vehicle registration] sells at the gate",
        ),
        ("my lad is 6 and cant visit", "my lad is [age] and cant visit"),
        (
            "the fella upstairs in 21 drags furniture",
            "the fella upstairs in [room] drags furniture",
        ),
        ("next door b10 shouts", "next door [room] shouts"),
        ("downstairs number 3 is dealing", "downstairs number [room] is dealing"),
        ("at 31 Heol Bryngwyn, Abertawe SA1 8QT", "at [address] [postcode]"),
        ("3 Coronation Cottages, Llay is my nans", "[address] is my nans"),
        ("the oldest bloke here is like 70 we", "the oldest bloke here is like [age] we"),
        ("the 18 and 19 year olds need a floor", "the [age] and [age] need a floor"),
        ("miss my kids, there 7 and 4 now", "miss my kids, there [age] and [age] now"),
        ("there 5 of us in the lounge", "there 5 of us in the lounge"),
        ("at the age of 21 i left", "at the age of [age] i left"),
        ("Dwi'n troi'n bedwar deg mis nesa", "Dwi'n troi'n [oed] mis nesa"),
        ("cheers bill for the lift", "cheers [name] for the lift"),
        ("respect to tiny hes a gent", "respect to [name] hes a gent"),
        ("thanks staff for everything", "thanks staff for everything"),
        ("thanks for nothing", "thanks for nothing"),
        ("all good, ta ra", "all good, ta ra"),
        ("Paddy in 18 is always pissed", "[name] in [room] is always pissed"),
        ("hope is the only keyworker who listens", "[name] is the only keyworker who listens"),
        ("Mould in room 3 again", "Mould in [room] again"),
        ("The food is the worst thing", "The food is the worst thing"),
        ("at 17 i was in YOI", "at [age] i was in YOI"),
        ("hes 35 but he looks about 50", "hes [age] but he looks about [age]"),
        ("i am 27 years of age", "i am [age] years of age"),
        ("Dw i'n hanner cant eleni", "Dw i'n [oed] eleni"),
        ("Dwi'n un o'r bois", "Dwi'n un o'r bois"),
        ("10 out of 10 for keyworkers", "10 out of 10 for keyworkers"),
        ("ask dai hes the only one who knows", "ask [name] hes the only one who knows"),
        ("cant fault carol she sorted it", "cant fault [name] she sorted it"),
        ("ask staff for help", "ask staff for help"),
        ("i miss home", "i miss home"),
        ("chalky got recalled for nothing", "[name] got recalled for nothing"),
        ("will never get better here", "will never get better here"),
        ("old Ken next door must be 80 odd", "old [name] next door must be [age]"),
        ("it must be 10 by now", "it must be 10 by now"),
        ("a kitchen with kids of 19 who", "a kitchen with kids of [age] who"),
        ("im next door in 23", "im next door in [room]"),
        ("Ollie from st giles comes in", "[name] from st giles comes in"),
        ("my id from HMP Berwyn", "my id from HMP Berwyn"),
        ("pnc says 15/388201L has a marker", "pnc says [PNC number] has a marker"),
        (
            "probation said 3 months max and its been 9",
            "probation said 3 months max and its been 9",
        ),
        (
            "oh seven seven double oh nine double oh one two three - ring after 6",
            "[phone] - ring after 6",
        ),
        (
            "fy rhif ffon: dim saith saith dim dim naw dim dim chwech pedwar un",
            "fy rhif ffon: [ffôn]",
        ),
        ("my crn is X one two three four five six", "my crn is [case number]"),
        ("NI number A B one two three four five six C", "NI number [National Insurance number]"),
        ("ring me 0 7700 90 0779 anytime", "ring me [phone] anytime"),
        (
            "my birthday is 14/2 so valentines on my own",
            "my birthday is [date of birth] so valentines on my own",
        ),
        ("born 1987 on christmas eve", "born [date of birth]"),
        ("ganwyd fi ar yr ail o Fai 1990", "ganwyd fi ar yr [dyddiad geni]"),
        ("my date of birth is 5 5 93", "my date of birth is [date of birth]"),
        (
            "born in '02, twenty one, and the oldest",
            "born in [date of birth], [age], and the oldest",
        ),
        ("rm G.04 - the door lock sticks", "rm [room] - the door lock sticks"),
        ("unit 4 in the back block has mice", "unit [room] in the back block has mice"),
        ("i finished unit 3 of the course", "i finished unit 3 of the course"),
        (
            "the lads in C-wing 12 and 14 keep fighting",
            "the lads in [room] and [room] keep fighting",
        ),
        (
            "the one opposite the laundry, 11, is always stinking",
            "the [room], [room], is always stinking",
        ),
        ("the first floor back room smells of damp", "the [room] smells of damp"),
        (
            "phone signal in the rooms is 1 bar at best",
            "phone signal in the rooms is 1 bar at best",
        ),
        ("my son rocky is six", "my son [name] is [age]"),
        ("my mates address is 56 Clarence Street", "my mates address is [address]"),
        ("will on the late shift is a legend", "[name] on the late shift is a legend"),
        ("will my son be able to visit", "will my son be able to visit"),
        ("sky my daughter turned 12 last month", "[name] my daughter turned [age] last month"),
        ("june who does the breakfasts is lovely", "[name] who does the breakfasts is lovely"),
        ("faith the PSO is brilliant", "[name] the PSO is brilliant"),
        (
            "may (resident, not staff) has been picked on",
            "[name] (resident, not staff) has been picked on",
        ),
        ("jack and will are brothers", "[name] and [name] are brothers"),
        ("hope and faith keep me going", "hope and faith keep me going"),
        ("hope's the only one who listens", "[name]'s the only one who listens"),
        ("my little girl ivy is 4", "my little girl [name] is [age]"),
        (
            "my kids, ages twenty-three and nineteen, wont come",
            "my kids, ages [age] and [age], wont come",
        ),
        ("fydda i'n bedwar deg next week", "fydda i'n [oed] next week"),
        ("my boy (7) drew me a picture", "my boy ([age]) drew me a picture"),
        ("dwi'n rhannu'r gegin efo Osian a Chai", "dwi'n rhannu'r gegin efo [enw] a [enw]"),
        (
            "im in the room above the office so i hear every call",
            "im in [room] so i hear every call",
        ),
        ("the rooms at the top are freezing", "the rooms at the top are freezing"),
        ("Mae'r llofft yn yr atig fel popty", "Mae'r [ystafell] fel popty"),
        ("the room with the tv is never open", "the room with the tv is never open"),
        (
            "staff let 16 have a telly but not me in 18",
            "staff let [room] have a telly but not me in [room]",
        ),
        ("I live in 26, the damp", "I live in [room], the damp"),
        ("someone knocks on 12 every night", "someone knocks on [room] every night"),
        ("whoever's in 4 keeps taking food", "whoever's in [room] keeps taking food"),
        ("too many people in one house", "too many people in one house"),
        (
            "pat, sue and dawn in the kitchen are lovely",
            "[name], [name] and [name] in the kitchen are lovely",
        ),
        ("I hate it when dale does the room checks", "I hate it when [name] does the room checks"),
        ("Staff turnover is mad", "Staff turnover is mad"),
        ("the new lad rocky is a nightmare", "the new lad [name] is a nightmare"),
        ("Pat on the back for the cleaners", "Pat on the back for the cleaners"),
        (
            "add me on snap its dazza_99 if u want",
            "add me on snap its [social media name] if u want",
        ),
        (
            "fb is Gaz Jones the one with the staffy pic",
            "fb is [social media name] the one with the staffy pic",
        ),
        (
            "discord name is rhys#4411 i play fifa",
            "discord name is [social media name] i play fifa",
        ),
        ("gmail is jonno dot smith at example dot com send me it", "gmail is [email] send me it"),
        ("its gary underscore 83 on insta", "its [social media name] on insta"),
        (
            "my name on there is BigMike_Bristol on fb",
            "my name on there is [social media name] on fb",
        ),
        ("find me on snapchat under kez.luv.x", "find me on snapchat under [social media name]"),
        ("ychwanega kyle.m_07 ar snap", "ychwanega [enw cyfryngau cymdeithasol] ar snap"),
        ("snap craig-o-93 hmu", "snap [social media name] hmu"),
        ("gmail: bradley dot hunt 22 at example dot com", "gmail: [email]"),
        ("insta is full of rubbish anyway", "insta is full of rubbish anyway"),
        ("meet @ 3 by the gate", "meet @ 3 by the gate"),
        ("we met at the gym dot com was a joke", "we met at the gym dot com was a joke"),
        ("the telly in 4 was on so loud last nite", "the telly in [room] was on so loud last nite"),
        (
            "the heater in twelve has been making a burning smell",
            "the heater in [room] has been making a burning smell",
        ),
        ("at my age (62) i shouldnt have to queue", "at my age ([age]) i shouldnt have to queue"),
        ("were all 20-somethings on my corridor", "were all [age] on my corridor"),
        ("he's barely 18, he shouldn't be in here", "he's barely [age], he shouldn't be in here"),
        (
            "a lad who cant be more than twenty crying on the phone",
            "a lad who cant be more than [age] crying on the phone",
        ),
        (
            "mae e dros ddeugain ond mae'n acto fel plentyn",
            "mae e dros [oed] ond mae'n acto fel plentyn",
        ),
        ("most of them are like 40 plus", "most of them are like [age]"),
        (
            "Youngest resident on the day was 18; oldest 74.",
            "Youngest resident on the day was [age]; oldest [age].",
        ),
        ("troais i'n 40 in here last week", "troais i'n [oed] in here last week"),
        (
            "my brothers only 15 and hes started going the same way",
            "my brothers only [age] and hes started going the same way",
        ),
        (
            "Which room are you in? 11. How long have you been here? 7 weeks.",
            "Which room are you in? [room]. How long have you been here? 7 weeks.",
        ),
        ("lads in here range from like 19 to 70", "lads in here range from like [age] to [age]"),
        (
            "honestly im too old for this, 49 next birthday",
            "honestly im too old for this, [age] next birthday",
        ),
        (
            "Oedran: 29. Sylwadau: Hoffwn gael mwy o help.",
            "Oedran: [oed]. Sylwadau: Hoffwn gael mwy o help.",
        ),
        ("i got sent here at 18, im 19 now", "i got sent here at [age], im [age] now"),
        ("I'm pum deg un, too old", "I'm [age], too old"),
        ("bed 3 in room 5 at first", "bed [room] in [room] at first"),
        (
            "cleaner skipped 14 again, third time this month",
            "cleaner skipped [room] again, third time this month",
        ),
        (
            "the bathroom between 5 and 6 has a spider",
            "the bathroom between [room] and [room] has a spider",
        ),
        (
            "Attendance between 5 and 9 residents out of 24.",
            "Attendance between 5 and 9 residents out of 24.",
        ),
        ("boi o 3 got recalled dydd gwener", "boi o [ystafell] got recalled dydd gwener"),
        ("Room 2.1 shower takes ages to get hot", "[room] shower takes ages to get hot"),
        ("room A2 has mould in the corner", "room [room] has mould in the corner"),
        ("moved to A5 on the annex side", "moved to [room] on the annex side"),
        ("the one by G-06 has been broken for ages", "the one by [room] has been broken for ages"),
        (
            "me, 3, 6 and 9 all signed the petition",
            "me, [room], [room] and [room] all signed the petition",
        ),
        (
            "shared by 21, 22 and 24 and only one of us cleans it",
            "shared by [room], [room] and [room] and only one of us cleans it",
        ),
        (
            "Dw i'n byw yn 7 and honestly the window dont shut",
            "Dw i'n byw yn [ystafell] and honestly the window dont shut",
        ),
        (
            "symudes i o ddeg i un deg tri achos roedd y gwres wedi torri",
            "symudes i o [ystafell] i [ystafell] achos roedd y gwres wedi torri",
        ),
        ("dw i'n symud allan o 16 dydd llun", "dw i'n symud allan o [ystafell] dydd llun"),
        (
            "i give this place 3 stars. staff 4, food 2, rooms 3",
            "i give this place 3 stars. staff 4, food 2, rooms 3",
        ),
        (
            "rooms 21 22 and 23 all have the same leak",
            "[room] [room] and [room] all have the same leak",
        ),
        ("Resident survey response rate was 62%.", "Resident survey response rate was 62%."),
        (
            "Staffing on the night: 2 workers, visits fortnightly",
            "Staffing on the night: 2 workers, visits fortnightly",
        ),
        ("the lad everyone calls tank cooks for us", "the lad everyone calls [name] cooks for us"),
        ("we call it rubbish", "we call it rubbish"),
        (
            "i miss ruby so much shes only 4 and i aint allowed contact yet",
            "i miss [name] so much shes only [age] and i aint allowed contact yet",
        ),
        (
            "pls can someone tell frank to turn his music down",
            "pls can someone tell [name] to turn his music down",
        ),
        (
            "shout out to mouse in the kitchen she is tiny",
            "shout out to [name] in the kitchen she is tiny",
        ),
        ("who is robin? someone left a note", "who is [name]? someone left a note"),
        ("cant stand dafs, he's always on at me", "cant stand [name], he's always on at me"),
        ("dwi a Chai yn mynd i'r gym bob bore", "dwi a [enw] yn mynd i'r gym bob bore"),
        ("my missus gets turned away at the door", "my missus gets turned away at the door"),
        (
            "Q4 Who do you go to if you have a problem? My keyworker Amber",
            "Q4 Who do you go to if you have a problem? My keyworker [name]",
        ),
        (
            "C2. Pa mor hir ydych chi wedi bod yma? Pum wythnos.",
            "C2. Pa mor hir ydych chi wedi bod yma? Pum wythnos.",
        ),
        (
            "Mae Caerdydd yn rhy bell. Dwi eisiau symud yn ôl i Sir Benfro",
            "Mae Caerdydd yn rhy bell. Dwi eisiau symud yn ôl i Sir Benfro",
        ),
        (
            "the rules here are tighter than Long Lartin",
            "the rules here are tighter than Long Lartin",
        ),
        ("diolch i bawb, esp Nia a Carwyn", "diolch i bawb, esp [enw] a [enw]"),
        ('R said: "Tell Bernie I said thanks."', 'R said: "Tell [name] I said thanks."'),
        (
            "R appears to be in his late 30s; declined to give DOB",
            "R appears to be in his [age]; declined to give DOB",
        ),
        (
            "R (rm 9), aged 40s, reports being threatened",
            "R ([room]), aged [age], reports being threatened",
        ),
        ("in the late 90s it was different", "in the late 90s it was different"),
        ("old boy in 3 is seventy-something", "old boy in [room] is [age]"),
        ("20 odd blokes share one phone", "20 odd blokes share one phone"),
        ("my lad is going on 19", "my lad is going on [age]"),
        ("coming up 60 and this is the worst", "coming up [age] and this is the worst"),
        ("coming up 10 minutes late", "coming up 10 minutes late"),
        ("my daughter's 14 and wont talk to me", "my daughter's [age] and wont talk to me"),
        ("Oed: 38. Rhif ystafell: 14.", "Oed: [oed]. Rhif ystafell: [ystafell]."),
        (
            "Age (please state): 40. How long here: 6 weeks.",
            "Age (please state): [age]. How long here: 6 weeks.",
        ),
        ("R, now 44, first convicted at 17.", "R, now [age], first convicted at [age]."),
        ("im the youngest at 22", "im the youngest at [age]"),
        ("R said she is '30 or 31, I lose track'", "R said she is '[age] or [age], I lose track'"),
        ("his children (8 and 11) visit", "his children ([age] and [age]) visit"),
        ("R's son Tyler, 6, visits fortnightly", "R's son [name], [age], visits fortnightly"),
        ("dwi'n drigain eleni", "dwi'n [oed] eleni"),
        ("mae Mam yn saith deg mis nesa", "mae Mam yn [oed] mis nesa"),
        ("Mae R yn ei chwedegau ac yn defnyddio ffon", "Mae R yn ei [oed] ac yn defnyddio ffon"),
        ("nath fy merch fach droi'n bump", "nath fy merch fach droi'n [oed]"),
        (
            "me in 1.10 and the lads in 1.12 and 1.14 all got the same leak",
            "me in [room] and the lads in [room] and [room] all got the same leak",
        ),
        ("R (52) resides in 3, ground floor", "R ([age]) resides in [room], ground floor"),
        ("some1 keeps banging on 8s door at 3am", "some1 keeps banging on [room]s door at 3am"),
        ("maen nhw'n symud fi o 3 i 15 fory", "maen nhw'n symud fi o [ystafell] i [ystafell] fory"),
        ("R and the resident of 14 asked to swap", "R and the resident of [room] asked to swap"),
        ("R was placed in 7 on arrival", "R was placed in [room] on arrival"),
        (
            "top floor, room F, the one with the slanted ceiling",
            "top floor, room [room], the one with the slanted ceiling",
        ),
        ("Gwelwyd ystafell R (rhif 16)", "Gwelwyd ystafell R (rhif [ystafell])"),
        ("the smoke alarm in #5 went off", "the smoke alarm in #[room] went off"),
        ("No. 1 issue is the heating", "No. 1 issue is the heating"),
        ("locked fy hun allan o 12 ddwywaith", "locked fy hun allan o [ystafell] ddwywaith"),
        ("mae'r bwyd yn 6 allan o 10", "mae'r bwyd yn 6 allan o 10"),
        ("ma rhif 3 yn smoking", "ma rhif [ystafell] yn smoking"),
        ("im in the attic room, its boiling", "im in the [room], its boiling"),
        (
            "dwi di cael stafell un deg dau ar y llawr ucha",
            "dwi di cael stafell [ystafell] ar y llawr ucha",
        ),
        ("dwi'n sharo bathroom efo 3 a 4", "dwi'n sharo bathroom efo [ystafell] a [ystafell]"),
        (
            "R had moved between three rooms (4, 10, 2) in six weeks",
            "R had moved between three rooms ([room], [room], [room]) in six weeks",
        ),
        ("Room/bed: 2C. Age: 31.", "Room/bed: [room]. Age: [age]."),
        ("1st floor 1C, the toilet runs", "1st floor [room], the toilet runs"),
        (
            "dwi yn 5 fo yn 6, we share a wall",
            "dwi yn [ystafell] fo yn [ystafell], we share a wall",
        ),
        ("5 bars yn yr offis, 0 yn y llofft", "5 bars yn yr offis, 0 yn y llofft"),
        ("can hear everything thru the wall", "can hear everything thru the wall"),
        ("R, 47, long history of alcohol use.", "R, [age], long history of alcohol use."),
        ("Resident (26) is on a 7-day grounding", "Resident ([age]) is on a 7-day grounding"),
        (
            "R is from Hull, 42. Said he feels far away",
            "R is from Hull, [age]. Said he feels far away",
        ),
        ("daughter Mia (4) cannot visit", "daughter [name] ([age]) cannot visit"),
        ("baby son Zayn (8 months) lives with her", "baby son [name] ([age]) lives with her"),
        ("known as 'Tiny' (he is 6'5\")", "known as '[name]' (he is 6'5\")"),
        ("described the AP as 'decent' but said", "described the AP as 'decent' but said"),
        ("I have not seen him in 2 years", "I have not seen him in 2 years"),
        (
            "NOTE FROM RAYMOND ROOM 12. I WANT TO DO MY UNPAID WORK ON SATURDAYS",
            "NOTE FROM [name] [room]. I WANT TO DO MY UNPAID WORK ON SATURDAYS",
        ),
        (
            "Name: Alan Age: 59 Room: 1 Comments: the staff could do more",
            "Name: [name] Age: [age] Room: [room] Comments: the staff could do more",
        ),
        (
            "R: 'I have never had my own front door.' Hoping for a council flat",
            "R: 'I have never had my own front door.' Hoping for a council flat",
        ),
        ("would like Welsh-language counselling", "would like Welsh-language counselling"),
        ("Name Tomasz W / I speak little english", "Name [name] / I speak little english"),
        ("sofa surfing around Bolton for months", "sofa surfing around Bolton for months"),
        ("the cook who we all call Auntie Pat", "the cook who we all call Auntie [name]"),
        (
            "posted it on Facebook (account deano.ryder.14)",
            "posted it on Facebook (account [social media name])",
        ),
        ("a Land Rover kept at the farm", "a Land Rover kept at the farm"),
        ("The Chief Inspector may also attend", "The Chief Inspector may also attend"),
        (
            "told HM Inspectorate of Probation at Fieldwork",
            "told HM Inspectorate of Probation at Fieldwork",
        ),
        ("Staff 8/10, food 6/10, rooms 4/10", "Staff 8/10, food 6/10, rooms 4/10"),
        (
            "7 and 9 are always fighting on the landing",
            "[room] and [room] are always fighting on the landing",
        ),
        ("my room, 16, has had a broken window", "my room, [room], has had a broken window"),
        ("with tash as keyworker I've moved on", "with [name] as keyworker I've moved on"),
        (
            "staff call me by it sometimes, dehumanising",
            "staff call me by it sometimes, dehumanising",
        ),
        # a name inside a word made as handles are is the whole handle; one said aloud
        # goes on with each "dot" and "underscore"
        ("snap im moonlight.rae if anyone asks", "snap im [social media name] if anyone asks"),
        ("hes on discord as GhostRider_UK lol", "hes on discord as [social media name] lol"),
        ("my snap is deano dot w, add me", "my snap is [social media name], add me"),
        ("email me at j.smith (work)", "email me at [name] (work)"),
        # an age in brackets after a person, in figures or words; Welsh tens after "yn"
        ("An older resident (56) shares with him", "An older resident ([age]) shares with him"),
        ("Resident (fifties) reports no dentist", "Resident ([age]) reports no dentist"),
        ("my nan (seventy-two) visits", "my nan ([age]) visits"),
        ("the meeting (10) was fine", "the meeting (10) was fine"),
        # a room told by where it is, with its article, to the end of what places it
        ("the lad in the room above mine plays music", "the lad in [room] plays music"),
        ("i sleep in the end room on the left on the top corridor", "i sleep in [room]"),
        (
            "Dw i'n cysgu yn y stafell fach wrth ymyl y golchdy a ma' hi'n swnllyd",
            "Dw i'n cysgu yn [ystafell] a ma' hi'n swnllyd",
        ),
        ("the room in the morning is cold", "the room in the morning is cold"),
        ("a room with a view would be nice", "a room with a view would be nice"),
        ("Mae hi'n dri deg rwan", "Mae hi'n [oed] rwan"),
        # Welsh ages after a name and after "I was", decades with their mutations
        ("Ma Lowri yn dair a Cai yn un.", "Ma [enw] yn [oed] a [enw] yn [oed]."),
        ("Mae Cai yn un o'r bois, chwarae teg", "Mae [enw] yn un o'r bois, chwarae teg"),
        ("mae ffion a rhys yn deg", "mae [enw] a [enw] yn deg"),  # fair, not ten
        ("Dw i mewn a mas ers o'n i'n bymtheg", "Dw i mewn a mas ers o'n i'n [oed]"),
        ("Mae yn ei dridegau cynnar, ac", "Mae yn ei [oed], ac"),
        # a year or a month and a year after any word for a birth
        ("P, a anwyd yn 1959, yn dweud", "P, a anwyd yn [dyddiad geni], yn dweud"),
        ("born august 81 so not a kid", "born [date of birth] so not a kid"),
        # Welsh rooms placed, and what is a hospital's or a college's name
        ("y stafell ar dop y grisia yn swnllyd [ystafell]", "[ystafell] yn swnllyd [ystafell]"),
        ("the guy in the end room by the back stairs smokes", "the guy in [room] smokes"),
        ("ganwyd fi yn Ysbyty Bronglais, [enw]", "ganwyd fi yn Ysbyty Bronglais, [enw]"),
        ("Dw i'n mynd i Goleg Menai, [enw]", "Dw i'n mynd i Goleg Menai, [enw]"),
        ("Mae o'n dri deg munud i'r dre", "Mae o'n dri deg munud i'r dre"),
        # who the writer is, as Welsh and English say it; a name before "my ex", "y handyman"
        ("Diolch am ddod. Ffred dw i, o stafell 4.", "Diolch am ddod. [enw] dw i, o [ystafell]."),
        ("name's Benji, 34, room 5", "name's [name], [age], [room]"),
        ("Sky my ex is not allowed to ring", "[name] my ex is not allowed to ring"),
        ("Rob y handyman yn sound [enw]", "[enw] y handyman yn sound [enw]"),
        ("Wedyn dw i'n mynd adre [enw]", "Wedyn dw i'n mynd adre [enw]"),
        # Welsh rooms by number and in lists, dates of birth in words
        ("Dw i'n rhif dau ddeg ar y llawr cynta.", "Dw i'n rhif [ystafell] ar y llawr cynta."),
        (
            "Ma'r ddau yn stafell pump a chwech yn cwffio",
            "Ma'r ddau yn stafell [ystafell] a [ystafell] yn cwffio",
        ),
        ("yr unfed ar ddeg o Ragfyr 1990 ydi o [enw]", "yr [dyddiad geni] ydi o [enw]"),
        ("Ges i 'ngeni ar ddydd Calan, dwy fil, y babi", "Ges i 'ngeni ar [dyddiad geni], y babi"),
        # a form's name field, however labelled; the interviewee's decade; a nickname
        # told as one; Welsh rooms by "rhif" anywhere
        ("Name (optional) Big Tone  Room 5", "Name (optional) [name]  [room]"),
        (
            "Spoke with Jo (resident, forties). He said",
            "Spoke with [name] (resident, [age]). He said",
        ),
        ("R, thirties, asked that it be noted", "R, [age], asked that it be noted"),
        ("please can staff stop calling me junior", "please can staff stop calling me [name]"),
        ("tell chalky i said thanks", "tell [name] i said thanks"),
        ("Allwch chi symud fi i rif pump? [enw]", "Allwch chi symud fi i rif [ystafell]? [enw]"),
        ("Date of birth 3 - 3 - 66  Room 4", "Date of birth [date of birth]  [room]"),
    ],
)
def test_as_people_write_them(text: str, expected: str) -> None:
    """Names by the place they fill, rooms, ages and handles in the shapes comments use,
    and the look-alikes that stay."""
    welsh = (
        any(p in expected for p in ("[enw]", "[oed]", "[dyddiad", "[ffôn]", "[ystafell]"))
        or "Mae " in text
        or "Mae'r " in text
        or text.startswith(("C2.", "diolch", "dwi ", "boi o", "symudes", "ychwanega"))
    )
    assert anonymise(text, "cy" if welsh else "en").text == expected


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("staff never stop Tank shouting", ["Tank"]),
        ("my son is seven and misses me", ["seven"]),
        ("my daughter turns 8 soon", ["8"]),
        ("the code is xk9", ["xk9"]),
        ("[name] in [room] is loud", []),
        ("the food is fine and there are 3 meals", []),
        ("Keturah runs the group on mondays", ["Keturah"]),  # a rare word opening a sentence
        ("The group runs on mondays", []),
        ("we were both 14 and now were here", ["14"]),  # a number alone: a room or an age
        ("it happened outside 28, again", ["28"]),
        ("back by 6pm or 10 minutes late, 5 times", []),
    ],
)
def test_the_review_marks_what_could_still_be_someone(text: str, marked: list[str]) -> None:
    assert [text[a:b] for a, b in unsure(text)] == marked


def test_the_english_word_list_is_read_as_wordfreq_reads_it() -> None:
    """The anonymiser reads wordfreq's file itself, to start fast: same words as the
    library's own reader, so an upgrade that changes the format is caught here."""
    import wordfreq

    from survey_app.core.privacy.anonymiser import _read_wordlist

    words = _read_wordlist("small_en")
    assert words is not None
    assert set(words) == set(wordfreq.get_frequency_dict("en", "small"))
    assert len(words) > 20_000


def _holds_a_figure(parsed: object) -> bool:
    """Whether every string the parsed pattern matches holds a figure (\\d): a sequence
    does if any part it must match does, alternatives if all of them do. Lookarounds and
    anything else are taken not to, which can only leave a pattern unmarked."""
    from re import _constants as c

    def a_digit(op: object, av: object) -> bool:
        return (
            (op is c.CATEGORY and av is c.CATEGORY_DIGIT)
            or (op is c.LITERAL and chr(av).isdigit())  # type: ignore[arg-type]
            or (op is c.RANGE and ord("0") <= av[0] and av[1] <= ord("9"))  # type: ignore[index]
        )

    for op, av in parsed:  # type: ignore[attr-defined]
        if op is c.LITERAL and chr(av).isdigit():
            return True
        if op is c.IN and av and all(a_digit(o, a) for o, a in av):
            return True
        if op is c.SUBPATTERN and _holds_a_figure(av[-1]):
            return True
        repeat = op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
        if repeat and av[0] >= 1 and _holds_a_figure(av[2]):
            return True
        if op is c.BRANCH and all(_holds_a_figure(b) for b in av[1]):
            return True
        if op is c.ATOMIC_GROUP and _holds_a_figure(av):
            return True
    return False


def test_the_patterns_skipped_without_a_figure_cannot_match_without_one() -> None:
    """A pattern marked as needing a figure is not tried on a comment that has none (for
    speed): each so marked must need one by its construction, and each that does is
    marked (a pattern added later without the mark fails here)."""
    from re import _parser

    from survey_app.core.privacy.anonymiser import _PATTERNS

    for kind, pattern, marked in _PATTERNS:
        needs = _holds_a_figure(_parser.parse(pattern.pattern, pattern.flags))
        assert marked == needs, (kind, pattern.pattern[:80], marked, needs)


@pytest.mark.parametrize(
    "unit", ["a.", "a-", "a_", "1.", "a .", "1 ", "A1 ", "one ", "a dot ", "in 4 ", "#5 "]
)
def test_a_long_hostile_comment_costs_time_in_proportion_to_its_length(unit: str) -> None:
    """A comment can be as long as the free-text cap (4,000 characters) and written to
    make patterns backtrack ("a.a.a.a..." once took 69 s, a pattern's cost growing as the
    cube of the length). Four times the text must cost about four times the time, not
    sixty-four: a bound wide enough for a busy machine, far below any blow-up."""
    import time

    def cost(length: int) -> float:
        text = (unit * (length // len(unit) + 1))[:length]
        start = time.perf_counter()
        anonymise(text)
        return time.perf_counter() - start

    cost(200)  # patterns compiled, lists read
    short, long = cost(1000), cost(4000)
    assert long < 16 * short + 0.5, (unit, short, long)
