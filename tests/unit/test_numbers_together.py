"""Phone numbers on screen are never broken across lines: every number libphonenumber finds in
a text (kiosk.deck.links.numbers_in_text) reaches the screen with no-break spaces between its
groups (kiosk.i18n.keep_numbers_together, which every text of a view passes through)."""

from __future__ import annotations

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.deck.links import numbers_in_text
from kiosk.i18n import keep_numbers_together

NBSP = "\u00a0"
REGIONS = ["GB", "PL", "RO", "LT", "BG", "PT", "AL", "VN", "US", "DE", "FR", "IN"]
FORMATS = [phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL]
WORDS = st.sampled_from(["Call", "now", "free", "or", "ring", "any time", "24/7,", "the helpline:", "on", "2019", "9 to 5"])


@st.composite
def numbers(draw) -> str:
    region = draw(st.sampled_from(REGIONS))
    kind = draw(st.sampled_from([phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE,
                                 phonenumbers.PhoneNumberType.TOLL_FREE]))
    example = phonenumbers.example_number_for_type(region, kind) or phonenumbers.example_number(region)
    return phonenumbers.format_number(example, draw(st.sampled_from(FORMATS)))


@settings(max_examples=60, deadline=None)
@given(before=st.lists(WORDS, max_size=3), number=numbers(), after=st.lists(WORDS, max_size=3))
def test_every_number_found_is_kept_on_one_line(before, number, after):
    text = " ".join([*before, number, *after])
    shown = keep_numbers_together(text)
    assert shown.replace(NBSP, " ") == text  # nothing but the spaces changes
    for written, _ in numbers_in_text(text, "GB"):
        assert written.replace(" ", NBSP) in shown, (text, shown)


def test_the_tester_s_examples():
    assert keep_numbers_together("Call 08000 121 700 now") == f"Call 08000{NBSP}121{NBSP}700 now"
    assert keep_numbers_together("Or +44 (0)8000 121 700 any time") == \
        f"Or +44{NBSP}(0)8000{NBSP}121{NBSP}700 any time"
    # Words keep their ordinary spaces.
    assert keep_numbers_together("Open 9 to 5, 18–24 October") == "Open 9 to 5, 18–24 October"
