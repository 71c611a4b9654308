"""The kiosk's own words (buttons, hints) in each visitor language, and facts about languages.

Deck texts are translated in the deck itself; the few strings the player draws around them
live in ``kiosk/ui_strings.yaml``, keyed by language code. A language missing there, or a
string missing for a language, falls back to English. Plain Python: no Qt.

Like the deck's own translations, these still need checking by a native speaker of each
language. The language names are each language's name for itself (its *autonym*).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

#: Each language's name for itself, shown in the language picker.
AUTONYMS: dict[str, str] = {
    "en": "English", "pl": "Polski", "ro": "Română", "lt": "Lietuvių", "lv": "Latviešu",
    "bg": "Български", "pt": "Português", "sq": "Shqip", "vi": "Tiếng Việt", "ar": "العربية",
    "sk": "Slovenčina", "es": "Español", "ti": "ትግርኛ", "fa": "فارسی", "ur": "اردو", "he": "עברית",
}

#: Languages written right to left (their pages are laid out mirrored).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"})

#: Body font per language when Atkinson Hyperlegible (Latin only) is not the right one:
#: Vietnamese stacks its accents and Bulgarian is Cyrillic, so whole words come from one font.
FONT_FOR_LANGUAGE: dict[str, str] = {"bg": "Noto Sans", "vi": "Noto Sans", "ar": "Noto Sans Arabic"}
#: The body font for every other language.
DEFAULT_FONT = "Atkinson Hyperlegible"

#: The locale (CLDR name) whose conventions format dates for a language, where the bare code
#: would pick another country's: the kiosk's visitors are in the UK, so English dates are
#: British ("Saturday, 19 October 2019") and Portuguese ones European.
LOCALE_FOR_LANGUAGE: dict[str, str] = {"en": "en_GB", "pt": "pt_PT"}

#: Where the player's own strings are, keyed by language code (``en`` holds every key).
UI_STRINGS_FILE = Path(__file__).with_name("ui_strings.yaml")


#: The same tables as JSON, with the SHA-256 of the YAML they were made from (``python -m
#: kiosk.i18n`` writes it; ``tests/gui/test_languages.py`` checks it is up to date). Read instead
#: of the YAML when that digest matches, so the process that draws never loads the YAML reader.
UI_STRINGS_JSON = UI_STRINGS_FILE.with_suffix(".json")


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, str]]:
    """The string tables of :data:`UI_STRINGS_FILE`, read once: from :data:`UI_STRINGS_JSON`
    when it was made from these very bytes, else from the YAML (:func:`_read_yaml`).

    Raises:
        ValueError: when the file cannot be read, is not a mapping of mappings of text, or has
            no ``en`` table (a broken install).
    """
    from kiosk import digests

    try:
        raw = UI_STRINGS_FILE.read_bytes()
    except OSError as exc:
        raise ValueError(f"{UI_STRINGS_FILE}: {exc}") from exc
    digest = digests.sha256(raw).hexdigest()
    try:
        made = json.loads(UI_STRINGS_JSON.read_text(encoding="utf-8"))
        tables = made["tables"]
        if made.get("source_sha256") == digest and isinstance(tables, dict) and isinstance(tables.get("en"), dict) \
                and all(isinstance(table, dict) and all(isinstance(k, str) and isinstance(v, str)
                                                        for k, v in table.items()) for table in tables.values()):
            return tables
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return _read_yaml(raw)


def _read_yaml(raw: bytes) -> dict[str, dict[str, str]]:
    """The string tables in ``raw``, the bytes of :data:`UI_STRINGS_FILE`.

    The file ships with the kiosk and holds only text, so it is read as a tree of YAML nodes
    (PyYAML's C parser when there is one: a few milliseconds, where a full YAML load takes tens)
    and every value is kept as written: no YAML 1.1 typing, so ``no:`` is Norwegian, not false,
    as YAML 1.2 reads it. (:mod:`kiosk.deck` uses this module; this module does not use the
    deck's reader.)

    Raises:
        ValueError: as :func:`_tables`.
    """
    import yaml

    try:
        node = yaml.compose(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{UI_STRINGS_FILE}: {exc}") from exc
    tables = {key: table for key, table in _pairs(node)}
    if not isinstance(tables.get("en"), yaml.MappingNode):
        raise ValueError(f"{UI_STRINGS_FILE}: no 'en' table")
    return {lang: {key: text.value for key, text in _pairs(table) if isinstance(text, yaml.ScalarNode)}
            for lang, table in tables.items() if isinstance(table, yaml.MappingNode)}


def compiled_strings() -> str:
    """The text of :data:`UI_STRINGS_JSON` for the present :data:`UI_STRINGS_FILE` (JSON, sorted,
    one line per language), read from the YAML itself."""
    from kiosk import digests

    raw = UI_STRINGS_FILE.read_bytes()
    tables = _read_yaml(raw)
    lines = [f"  {json.dumps(lang, ensure_ascii=False)}: {json.dumps(table, ensure_ascii=False, sort_keys=True)}"
             for lang, table in tables.items()]
    return (f'{{"source_sha256": "{digests.sha256(raw).hexdigest()}", "tables": {{\n'
            + ",\n".join(lines) + "\n}}\n")


def _pairs(node):
    """(key as written, value node) for each entry of a YAML mapping node; none for anything else."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return []
    return [(key.value, value) for key, value in node.value if isinstance(key, yaml.ScalarNode)]


def english() -> dict[str, str]:
    """Every player string in English (the keys every language may translate)."""
    return dict(_tables()["en"])


def ui_strings(lang: str) -> dict[str, str]:
    """Every player string in ``lang``, each falling back to English when not translated.

    Args:
        lang: a language code such as ``pl`` or ``pt-BR`` (``pt-BR`` uses ``pt`` when it has no own table).

    Returns:
        A new mapping with every key of :func:`english`.
    """
    tables = _tables()
    table = tables.get(lang) or tables.get(lang.split("-")[0], {})
    return {key: table.get(key, text) for key, text in tables["en"].items()}


def own_words_language(lang: str) -> str:
    """The language whose table of :data:`UI_STRINGS_FILE` gives the player's own words for
    ``lang`` (as :func:`ui_strings` picks it): ``lang`` itself, else its language without the
    region (``pt`` for ``pt-BR``), else ``en``."""
    tables = _tables()
    if lang in tables:
        return lang
    return lang.split("-")[0] if lang.split("-")[0] in tables else "en"


def locale_name(lang: str) -> str:
    """The locale that formats dates for ``lang``: ``en_GB`` for ``en`` (see
    :data:`LOCALE_FOR_LANGUAGE`), ``pt_BR`` for ``pt-BR``, else the code itself (``pl``), which
    Qt's ``QLocale`` completes with the language's main country (CLDR likely subtags)."""
    return LOCALE_FOR_LANGUAGE.get(lang) or lang.replace("-", "_")


def ui_text(lang: str, key: str, **values: str) -> str:
    """The player string ``key`` in ``lang`` (:func:`ui_strings`) with ``{name}`` filled in from ``values``.

    Raises:
        KeyError: when ``key`` is not a player string.
    """
    text = ui_strings(lang)[key]
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def autonym(lang: str) -> str:
    """The language's name for itself (``Polski`` for ``pl``); the code itself when unknown."""
    return AUTONYMS.get(lang) or AUTONYMS.get(lang.split("-")[0], lang)


def is_rtl(lang: str) -> bool:
    """True when ``lang`` is written right to left (Arabic, Persian, Hebrew, Urdu, …)."""
    return lang.split("-")[0] in RTL_LANGUAGES


def font_for_text(text: str) -> str:
    """The body font for one text, by the letters in it: Arabic script takes Noto Sans Arabic;
    Cyrillic or Vietnamese letters take Noto Sans (whole words from one font); anything else
    Atkinson Hyperlegible. Decided per text, so an English text on an Arabic page keeps its font.
    """
    if _ARABIC_LETTERS.search(text):
        return FONT_FOR_LANGUAGE["ar"]
    if _NOTO_LETTERS.search(text):
        return FONT_FOR_LANGUAGE["vi"]
    return DEFAULT_FONT


#: Arabic script (the Arabic, Arabic Supplement and Arabic Presentation Forms-A and -B blocks).
_ARABIC_LETTERS = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]")
#: Cyrillic, and the Vietnamese letters Atkinson Hyperlegible lacks (Latin Extended Additional's
#: Vietnamese range, ơ ư đ).
_NOTO_LETTERS = re.compile("[\u0400-\u04ff\u1ea0-\u1ef9ơưƠƯđĐ]")


def is_rtl_text(text: str) -> bool:
    """True when the first letter with a direction in ``text`` is right to left (Unicode bidi classes R, AL)."""
    return text_direction(text) == "rtl"


def text_direction(text: str) -> str:
    """The direction of ``text`` by its first letter with one (Unicode bidi classes R and AL:
    ``"rtl"``; L: ``"ltr"``), or ``""`` when it has none (empty, or only digits, spaces and
    punctuation)."""
    import unicodedata
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return ""


#: A number written in groups: an optional ``+``, then groups of digits (each may hold or open
#: with brackets, dashes and dots: ``(0)8000``, ``555-0123``) separated by spaces. Every phone
#: number libphonenumber's ``PhoneNumberMatcher`` finds in a text (kiosk.deck.links.numbers_in_text)
#: is inside one such run (tests/unit/test_numbers_together.py holds the two together); the
#: player keeps this cheap pattern so the process that draws never loads phonenumbers.
_GROUPED_NUMBER = re.compile(r"\+?\(?\d[\d().\-]*(?:[ \u00a0]+\(?\d[\d().\-]*)+")


#: A count in brackets: a number, one short word, a number (``(2 of 2)``, ``(1 de 3)``).
_COUNTER = re.compile(r"\(\d{1,3} [^\s()\d]{1,5} \d{1,3}\)")
#: The space between a word and a short number (up to four digits) that ends a sentence or the
#: text (``dzwoń pod 999.``, ``19 października 2019``), so the number never stands alone on the
#: last line.
_LAST_NUMBER = re.compile(r"(?<=[^\W\d_]) (?=\d{1,4}(?:[.!?…]+(?=\s|$)|$))")


def keep_numbers_together(text: str) -> str:
    """``text`` with the spaces inside each number written in groups made no-break spaces, so a
    phone number (``08000 121 700``, ``+44 (0)8000 121 700``) is never broken across lines; its
    other spaces are left as they are. A count in brackets (``(2 of 2)``, ``(1 de 3)``) is kept
    on one line the same way, so a title never ends with ``2)`` alone, and a short number that
    ends a sentence or the text stays with the word before it (``dzwoń pod 999.``, ``19
    października 2019``: the emergency number or the year never alone on a line). In a text with
    right-to-left letters (Arabic, Hebrew...), each such number is also kept left to right
    (:func:`isolate_numbers`).

    Args:
        text: any text shown on screen.

    Returns:
        The same text, with U+00A0 in place of U+0020 between a number's groups (and, in a
        right-to-left text, U+2066 … U+2069 around each number that needs them).
    """
    if _DIGIT.search(text) is None:  # most texts: one scan at the speed of re
        return text
    text = _LAST_NUMBER.sub("\u00a0", _COUNTER.sub(lambda found: found.group(0).replace(" ", "\u00a0"), text))
    return isolate_numbers(_GROUPED_NUMBER.sub(_grouped, text))


def _grouped(found: re.Match[str]) -> str:
    """A match of :data:`_GROUPED_NUMBER` with no-break spaces between its groups, or as it is
    when it is a list of separate numbers (:func:`separate_numbers`), which may break anywhere."""
    run = found.group(0)
    return run if separate_numbers(run.rstrip(".-")) else run.replace(" ", "\u00a0")


def isolate_numbers(text: str) -> str:
    """``text`` with each phone-like number that the Unicode bidirectional algorithm would
    scramble in right-to-left text put between U+2066 (left-to-right isolate) and U+2069 (pop
    directional isolate), when the text has a right-to-left letter; else ``text`` as it is.

    In an Arabic sentence the digit groups of ``+44 8000 121 700`` are laid out right to left
    (``700 121 8000 44+``): the spaces or dashes between the groups, a leading ``+`` and brackets
    are neutral characters, which take the direction of the Arabic around them (UAX #9, rules W2
    to N1). Inside an isolate they are laid out left to right, as the number is dialled, and the
    isolate is one neutral unit for the sentence around it (UAX #9, section 2.4). Which numbers
    need it: :func:`_needs_isolate`; a plain run of digits (``2019``, ``12:00``) is laid out left
    to right already and is left alone, as is a list of separate numbers (``2019 2020``:
    :func:`separate_numbers`), read in the sentence's order, and a number already between U+2066 (or U+2068) and
    U+2069. Sentence punctuation after a number (``700.``) stays outside the isolate.

    Args:
        text: any text shown on screen.

    Returns:
        The text with the isolates added (the same string when none is needed).
    """
    if not any(unicodedata.bidirectional(char) in ("R", "AL") for char in text if ord(char) >= 0x590):
        return text
    out, last = [], 0
    for found in _NUMBER_RUN.finditer(text):
        start, end = found.span()
        while text[end - 1] in ".-(/":  # the sentence's full stop or dash, not the number's
            end -= 1
        if text[end - 1] == ")" and text.count("(", start, end) < text.count(")", start, end):
            end -= 1  # "(call 700)": the closing bracket is the sentence's
        number = text[start:end]
        if not _needs_isolate(number):
            continue
        if text[start - 1:start] in ("\u2066", "\u2068") and text[end:end + 1] == "\u2069":  # isolated already
            continue
        out += [text[last:start], "\u2066", number, "\u2069"]
        last = end
    return "".join(out) + text[last:] if out else text


#: Any decimal digit (``\d``: Unicode's, as ``str.isdigit`` counts most of them).
_DIGIT = re.compile(r"\d")

#: A number as :data:`_GROUPED_NUMBER` finds it, or in one group (``+448000121700``,
#: ``(0)8000``, ``02-123-4567``), slashes included (``030/123456``: libphonenumber takes a run
#: such as ``123456 24/7`` for one number): what :func:`isolate_numbers` looks at.
_NUMBER_RUN = re.compile(r"\+?\(?\d[\d().\-/]*(?:[ \u00a0]+\(?\d[\d().\-/]*)*")

#: Digits a number split by spaces or dashes has at least to be taken for a phone number (a
#: range such as ``18-24`` or ``9 5`` is not one: it reads right to left as the words around it).
PHONE_DIGITS = 6


def _needs_isolate(number: str) -> bool:
    """True when :func:`isolate_numbers` isolates ``number`` (a match of :data:`_NUMBER_RUN`):
    not a list of separate numbers (:func:`separate_numbers`), and with a ``+`` or a bracket, or split by spaces, no-break spaces or dashes into at least
    :data:`PHONE_DIGITS` digits. Arabic letters make the digits beside them Arabic numbers (UAX #9,
    rule W2), which only a full stop, comma or colon keeps together (rule W4); a space or a dash
    between them is then laid out right to left."""
    if separate_numbers(number):
        return False
    if "+" in number or "(" in number:
        return True
    return any(mark in number for mark in " \u00a0-") and sum(char.isdigit() for char in number) >= PHONE_DIGITS


#: What separates the numbers of a list (``2019 2020``, ``10 20 30``, ``2019-2020``).
_LIST_SEPARATOR = re.compile(r"[ \u00a0]+|-")


def separate_numbers(run: str) -> bool:
    """True when ``run`` (digits in groups, as :func:`keep_numbers_together` finds them) is a list
    of separate numbers, not one number written in groups: two or more groups split by spaces,
    no-break spaces or single dashes, optionally in one pair of brackets, each group a year
    (four digits, 1000 to 2099: ``1807 1833``, ``2019-2020``) or each a small number (1 to 99, no
    leading 0: ``10 20 30``), in increasing order.

    Such a list keeps its ordinary spaces and, in right-to-left text, its numbers read in the
    sentence's order (the first on the right), as a reader of Arabic or Hebrew expects. A phone
    number is never taken for one when written with a ``+``, a leading 0 (``08000 121 700``,
    ``01 23 45 67 89``), a group of 3 digits (``116 123``, ``212 345 678``) or groups that do not
    increase (``32 12 34 56``); a number written only in increasing groups of two digits or of
    year-like four digits (``21 23 45 67``, ``1800 2000``) is read as a list: written with its
    country code (``+47 21 23 45 67``) it is kept left to right.

    Args:
        run: the digits and separators, without the sentence's punctuation around them.

    Returns:
        Whether the run is a list of years or of small numbers.
    """
    if run[:1] == "(" and run[-1:] == ")":
        run = run[1:-1]
    groups = _LIST_SEPARATOR.split(run)
    if len(groups) < 2 or not all(group.isdecimal() for group in groups):
        return False
    values = [int(group) for group in groups]
    if not all(a < b for a, b in zip(values, values[1:])):
        return False
    years = all(len(group) == 4 and 1000 <= value <= 2099 for group, value in zip(groups, values))
    small = all(len(group) <= 2 and 1 <= value <= 99 and int(group[0]) != 0 for group, value in zip(groups, values))
    return years or small


if __name__ == "__main__":  # python -m kiosk.i18n: write kiosk/ui_strings.json after editing the YAML
    UI_STRINGS_JSON.write_text(compiled_strings(), encoding="utf-8")
