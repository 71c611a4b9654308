"""Phone numbers on screen are never broken across lines: every number libphonenumber finds in
a text (kiosk.deck.links.numbers_in_text) reaches the screen with no-break spaces between its
groups (kiosk.i18n.keep_numbers_together, which every text of a view passes through)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.phones import REGIONS, phone_numbers
from kiosk.deck.links import numbers_in_text
from kiosk.i18n import keep_numbers_together

NBSP = "\u00a0"
WORDS = st.sampled_from(["Call", "now", "free", "or", "ring", "any time", "24/7,", "the helpline:", "on", "2019", "9 to 5"])


@settings(max_examples=60, deadline=None)
@given(before=st.lists(WORDS, max_size=3), number=phone_numbers(REGIONS[:12]), after=st.lists(WORDS, max_size=3))
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


LRI, PDI = "\u2066", "\u2069"
#: Words of the kiosk's right-to-left languages (the deck's Arabic, and Hebrew).
RTL_LETTERS = ["اتصل", "على", "الآن", "مجاني", "الرقم", "في", "התקשרו", "עכשיו"]
RTL_WORDS = st.sampled_from([*RTL_LETTERS, "24/7،", "2019"])


@settings(max_examples=80, deadline=None)
@given(word=st.sampled_from(RTL_LETTERS), before=st.lists(RTL_WORDS, max_size=3), number=phone_numbers(REGIONS[:12]),
       after=st.lists(RTL_WORDS, max_size=3), end=st.sampled_from(["", ".", "،", ")"]))
def test_in_right_to_left_text_every_number_found_reads_left_to_right(word, before, number, after, end):
    """Each number libphonenumber finds in an Arabic or Hebrew text reaches the screen inside one
    left-to-right isolate (U+2066 … U+2069), its groups joined; nothing else changes, and the
    sentence's own punctuation after it stays outside."""
    text = " ".join([word, *before, number, *after]) + end
    shown = keep_numbers_together(text)
    assert shown.replace(LRI, "").replace(PDI, "").replace(NBSP, " ") == text  # only marks and spaces added
    assert shown.count(LRI) == shown.count(PDI)
    for written, _ in numbers_in_text(text, "GB"):
        grouped = written.replace(" ", NBSP)
        assert grouped in shown, (text, shown)
        opened = shown.rfind(LRI, 0, shown.index(grouped))
        assert opened >= 0 and PDI not in shown[opened:shown.index(grouped)], (text, shown)  # inside an isolate
        assert shown.index(PDI, shown.index(grouped)) >= shown.index(grouped) + len(grouped)
    assert not shown.endswith(PDI + PDI)


@settings(max_examples=40, deadline=None)
@given(before=st.lists(WORDS, max_size=3), number=phone_numbers(REGIONS[:12]), after=st.lists(WORDS, max_size=3))
def test_left_to_right_text_gets_no_isolate(before, number, after):
    shown = keep_numbers_together(" ".join([*before, number, *after]))
    assert LRI not in shown and PDI not in shown


def test_numbers_in_right_to_left_text():
    assert keep_numbers_together("اتصل على +44 8000 121 700 الآن") == \
        f"اتصل على {LRI}+44{NBSP}8000{NBSP}121{NBSP}700{PDI} الآن"
    assert keep_numbers_together("امسح الرمز للاتصال بالرقم +44 (0)8000 121 700") == \
        f"امسح الرمز للاتصال بالرقم {LRI}+44{NBSP}(0)8000{NBSP}121{NBSP}700{PDI}"
    # One group with a sign; the full stop is the sentence's.
    assert keep_numbers_together("الرقم +448000121700.") == f"الرقم {LRI}+448000121700{PDI}."
    # A bracket the sentence opened stays the sentence's; brackets of the number stay with it.
    assert keep_numbers_together("(اتصل 08000 121 700)") == f"(اتصل {LRI}08000{NBSP}121{NBSP}700{PDI})"
    assert keep_numbers_together("اتصل (08000 121 700)") == f"اتصل {LRI}(08000{NBSP}121{NBSP}700){PDI}"
    # A number the deck already isolates is left as it is (the bundled deck's Arabic).
    assert keep_numbers_together(f"اتصل {LRI}08000 121 700{PDI}") == f"اتصل {LRI}08000{NBSP}121{NBSP}700{PDI}"
    # Dashes between the groups: Arabic letters make the digits Arabic numbers, which a dash
    # does not keep together (UAX #9, W2 and W4).
    assert keep_numbers_together("اتصل على 02-123-4567") == f"اتصل على {LRI}02-123-4567{PDI}"
    # Plain runs of digits, times, years and short ranges need none (a year or number that ends
    # the text only stays with its word).
    for plain in ("في 2019", "من 10:00 إلى 12:00", "18–24 أكتوبر", "18-24 أكتوبر", "صفحة 3", "1.500 شخص"):
        shown = keep_numbers_together(plain)
        assert LRI not in shown and shown.replace(NBSP, " ") == plain


def test_lists_of_numbers_are_not_taken_for_one_number():
    """Years or small numbers side by side are separate numbers: in right-to-left text they keep the
    sentence's order (no isolate), and in any text their spaces may break a line."""
    for plain in ("في 2019 2020", "بين 2019 - 2020", "في 2019-2020", "الأعوام 1807 1833 2015", "في (2019 2020)",
                  "الخطوات 10 20 30", "الصفحات 1 2 3 4 5 6 7", "في ٢٠١٩ ٢٠٢٠", "from 2019 2020 on", "steps 10 20 30"):
        assert keep_numbers_together(plain) == plain
    # A phone number is still one: a leading 0 or +, a group of three digits, groups out of order.
    assert keep_numbers_together("اتصل 116 123") == f"اتصل {LRI}116{NBSP}123{PDI}"
    assert keep_numbers_together("اتصل 01 23 45 67 89") == f"اتصل {LRI}01{NBSP}23{NBSP}45{NBSP}67{NBSP}89{PDI}"
    assert keep_numbers_together("اتصل 32 12 34 56") == f"اتصل {LRI}32{NBSP}12{NBSP}34{NBSP}56{PDI}"
    assert keep_numbers_together("اتصل +47 21 23 45 67") == f"اتصل {LRI}+47{NBSP}21{NBSP}23{NBSP}45{NBSP}67{PDI}"
    assert keep_numbers_together("اتصل 2019 08000 121 700") == f"اتصل {LRI}2019{NBSP}08000{NBSP}121{NBSP}700{PDI}"


YEARS = st.lists(st.integers(1000, 2099), min_size=2, max_size=6, unique=True).map(sorted)
SMALL_NUMBERS = st.lists(st.integers(1, 99), min_size=2, max_size=8, unique=True).map(sorted)


@settings(max_examples=80, deadline=None)
@given(numbers=st.one_of(YEARS, SMALL_NUMBERS), joiner=st.sampled_from([" ", "  ", NBSP, "-", " - "]),
       word=st.sampled_from(RTL_LETTERS + ["Call", "from"]), after=st.sampled_from(["", " الآن", ".", " now", "،"]),
       bracketed=st.booleans())
def test_a_list_of_years_or_small_numbers_is_left_as_written(numbers, joiner, word, after, bracketed):
    """However they are joined, in any direction of text, a rising list of years or of numbers from
    1 to 99 reaches the screen as written: no isolate, no no-break space; and libphonenumber finds
    no phone number in it either."""
    numbers = joiner.join(str(number) for number in numbers)
    bracketed = bracketed and joiner != " - "  # "(2019" alone is a bracket and a number, not a list
    text = f"{word} {f'({numbers})' if bracketed else numbers}{after}"
    assert keep_numbers_together(text) == text
    assert numbers_in_text(text, "GB") == []  # nor does libphonenumber take it for a phone number


def test_a_count_in_brackets_is_kept_on_one_line():
    """A title such as "What can you do? (2 of 2)" never ends with "2)" alone on its line, in any
    language's words for "of"; other bracketed words and numbers keep their spaces."""
    assert keep_numbers_together("What can you do? (2 of 2)") == f"What can you do? (2{NBSP}of{NBSP}2)"
    assert keep_numbers_together("O que pode fazer? (1 de 2)") == f"O que pode fazer? (1{NBSP}de{NBSP}2)"
    arabic = keep_numbers_together("ماذا يمكنك أن تفعل؟ (٢ من ٢)")
    assert arabic.endswith(f"{NBSP}من{NBSP}٢)") and arabic.count(" ") == 4  # the words' own spaces
    assert keep_numbers_together("Events (in 2019)") == "Events (in 2019)"
    assert keep_numbers_together("(see page 2 of the leaflet)") == "(see page 2 of the leaflet)"


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1 ()of2")), max_size=30))
def test_only_spaces_ever_change(text):
    shown = keep_numbers_together(text)
    assert shown.replace(NBSP, " ") == text.replace(NBSP, " ")


def test_a_short_number_that_ends_a_sentence_stays_with_its_word():
    """The tester's cases: the emergency number alone on the last line of the Polish helpline
    text, and a year alone under its date; a number inside a sentence keeps its spaces."""
    assert keep_numbers_together("w niebezpieczeństwie, dzwoń pod 999.") == f"w niebezpieczeństwie, dzwoń pod{NBSP}999."
    assert keep_numbers_together("sobota, 19 października 2019") == f"sobota, 19 października{NBSP}2019"
    assert keep_numbers_together("the year before 2019") == f"the year before{NBSP}2019"
    assert keep_numbers_together("Call 999. Then wait") == f"Call{NBSP}999. Then wait"
    assert keep_numbers_together("Open 9 to 5, 18–24 October") == "Open 9 to 5, 18–24 October"
