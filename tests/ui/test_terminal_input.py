"""Pasted text reaches the app whole, in order, every character kept, however the
terminal's reads cut it up."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events

from survey_app.ui.terminal_input import MAX_PASTE, PasteSafeParser

START, END = "\x1b[200~", "\x1b[201~"
HOSTILE = "Paste: [bold]B[/bold] \x1b[31mRED\x1b[0m \x07 \u202eabc\u202c 👨\u200d👩 שלום\r\n\x1b"


def feed_in_chunks(parser: PasteSafeParser, data: str, cuts: list[int]) -> list[object]:
    out: list[object] = []
    start = 0
    for cut in [*sorted({c % (len(data) + 1) for c in cuts}), len(data)]:
        out += list(parser.feed(data[start:cut])) if cut > start else []
        start = max(start, cut)
    return out


def test_the_reviewers_paste_arrives_exactly() -> None:
    parser = PasteSafeParser()
    out = list(parser.feed("ab" + START + HOSTILE + END + "cd"))
    assert [getattr(e, "character", None) for e in out if isinstance(e, events.Key)] == [
        "a",
        "b",
        "c",
        "d",
    ]
    pastes = [e for e in out if isinstance(e, events.Paste)]
    assert [p.text for p in pastes] == [HOSTILE]
    # and in order: the paste comes between the keys typed before and after it
    assert [type(e).__name__ for e in out] == ["Key", "Key", "Paste", "Key", "Key"]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab\x1b[20~1\x07\u200d\r\n😀"))).filter(
        lambda t: END not in t
    ),
    cuts=st.lists(st.integers(min_value=0, max_value=200), max_size=12),
)
def test_any_paste_cut_anywhere_arrives_whole(text: str, cuts: list[int]) -> None:
    """Reads may end in the middle of a marker or of an escape sequence in the text."""
    parser = PasteSafeParser()
    data = "x" + START + text + END + "y"
    out = feed_in_chunks(parser, data, cuts)
    pastes = [e.text for e in out if isinstance(e, events.Paste)]
    assert pastes == [text]
    keys = [e.character for e in out if isinstance(e, events.Key)]
    assert keys == ["x", "y"]


def test_a_lone_escape_is_still_the_escape_key() -> None:
    parser = PasteSafeParser()
    assert list(parser.feed("\x1b")) == []  # it may be the start of a paste
    time.sleep(0.25)
    keys = [e for e in parser.tick() if isinstance(e, events.Key)]
    assert [k.key for k in keys] == ["escape"]


def test_keys_outside_a_paste_are_parsed_as_before() -> None:
    parser = PasteSafeParser()
    out = [e for e in parser.feed("\x1b[A1") if isinstance(e, events.Key)]
    assert [e.key for e in out] == ["up", "1"]


def test_a_paste_that_never_ends_is_bounded() -> None:
    parser = PasteSafeParser()
    assert list(parser.feed(START)) == []
    chunk = "z" * 100_000
    for _ in range(15):
        assert list(parser.feed(chunk)) == []
    [paste] = [e for e in parser.feed(END) if isinstance(e, events.Paste)]
    assert len(paste.text) == MAX_PASTE
