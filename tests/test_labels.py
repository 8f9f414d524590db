"""Diagram labels wrap between words, and split long words only at '-', '/' or before '.'."""
from hypothesis import given, strategies as st

from archkit.views.labels import wrap


def test_long_domain_breaks_at_dots_not_mid_word():
    assert wrap("worklog.example.com zone", 14) == "worklog\n.example.com\nzone"


def test_hyphenated_word_breaks_after_the_hyphen():
    assert wrap("warehouse-queue", 14) == "warehouse-\nqueue"


def test_word_without_joints_stays_whole():
    assert wrap("supercalifragilistic x", 10) == "supercalifragilistic\nx"


@given(st.lists(st.text(alphabet="abc.-/", min_size=1, max_size=25), min_size=1, max_size=6),
       st.integers(min_value=4, max_value=20))
def test_wrapping_only_moves_line_breaks(words, width):
    text = " ".join(words)
    wrapped = wrap(text, width)
    assert wrapped.replace("\n", "") .replace(" ", "") == text.replace(" ", "")
    assert "".join(wrapped.split("\n")).count(" ") <= text.count(" ")
