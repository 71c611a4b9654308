"""The shared phrases: counts of things and "did you mean" hints."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.words import did_you_mean, plural, suggest


def test_plural_says_one_thing_and_many_things():
    assert plural(1, "slide") == "1 slide"
    assert plural(2, "slide") == "2 slides"
    assert plural(0, "review note") == "0 review notes"
    assert plural(3, "person", "people") == "3 people"


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_plural_always_starts_with_the_number(n):
    text = plural(n, "warning")
    assert text.startswith(f"{n} warning") and text.endswith("s") == (n != 1)


def test_did_you_mean_names_the_closest_choice_or_nothing():
    assert did_you_mean("librray", ["library", "screen"]) == "did you mean 'library'?"
    assert did_you_mean("zzz", ["library", "screen"]) == ""
    assert did_you_mean("imag", ["image", "text"], cutoff=0.5) == "did you mean 'image'?"


def test_suggest_joins_several_names_with_or():
    assert suggest(["harvest", "harvest-2"]) == "did you mean 'harvest' or 'harvest-2'?"
    assert suggest([]) == ""
