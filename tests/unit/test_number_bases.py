"""A number the deck uses as a number, written in hexadecimal or octal, is read in that base
(YAML 1.2 core schema) and warned about at its place: ``dwell: 0x10`` is 16 seconds, seldom what
its writer meant. Text fields keep what was written and are not warned about."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck

HEAD = "deck: {id: t, title: T, languages: [en], dwell: %s}\n"
SLIDES = ("slides:\n"
          "  - {id: a, type: text, title: A, body: B, duration: %s}\n"
          "  - {id: b, type: title, title: B, subtitle: %s}\n"
          '  - {id: help, type: helpline, phone: "08000 121 700"}\n')


def based(tmp_path, dwell: str, duration: str = "12", subtitle: str = "S"):
    (tmp_path / "deck.yaml").write_text(HEAD % dwell + SLIDES % (duration, subtitle), encoding="utf-8")
    result = load_deck(tmp_path)
    return result, [p for p in result.problems if "written in" in p.message]


def test_a_hexadecimal_dwell_is_read_as_written_and_warned_about_at_its_place(tmp_path):
    result, found = based(tmp_path, "0x10")
    assert result.deck is not None and result.deck.deck.dwell == 16
    assert [(p.severity, p.line, p.message) for p in found] == [
        ("warning", 1, "field 'deck.dwell': 0x10 is written in hexadecimal (base 16), so it is read as 16")]
    assert found[0].hint.startswith("write 16 if that is what you meant")


def test_an_octal_duration_is_warned_about_with_its_slide(tmp_path):
    result, found = based(tmp_path, "12", duration="0o17")
    assert result.deck.slides[0].duration == 15
    assert [(p.line, p.message) for p in found] == [
        (3, "slide 'a': field 'duration': 0o17 is written in octal (base 8), so it is read as 15")]


def test_plain_numbers_and_text_fields_are_not_warned_about(tmp_path):
    result, found = based(tmp_path, "016", duration="20", subtitle="0x10")
    assert found == []
    assert result.deck.deck.dwell == 16  # YAML 1.2: a leading 0 is still decimal
    assert result.deck.slides[1].subtitle == "0x10"  # a text field shows what was written


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seconds=st.integers(min_value=3, max_value=86_400), base=st.sampled_from(["0x", "0o"]))
def test_any_number_in_another_base_is_warned_about_with_its_value(tmp_path, seconds, base):
    written = base + format(seconds, "x" if base == "0x" else "o")
    result, found = based(tmp_path, written)
    assert result.deck.deck.dwell == seconds
    assert len(found) == 1 and f"so it is read as {seconds:,}" in found[0].message
    assert found[0].severity == "warning"
