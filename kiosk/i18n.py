"""The kiosk's own words (buttons, hints) in each visitor language, and facts about languages.

Deck texts are translated in the deck itself; the few strings the player draws around them
live here, keyed by language code. A language missing here, or a string missing for a
language, falls back to English. Plain Python: no Qt.

Like the deck's own translations, these still need checking by a native speaker of each
language. The language names are each language's name for itself (its *autonym*).
"""

from __future__ import annotations

import re

#: Each language's name for itself, shown in the language picker.
AUTONYMS: dict[str, str] = {
    "en": "English", "pl": "Polski", "ro": "Română", "lt": "Lietuvių", "lv": "Latviešu",
    "bg": "Български", "pt": "Português", "sq": "Shqip", "vi": "Tiếng Việt", "ar": "العربية",
    "sk": "Slovenčina", "ti": "ትግርኛ", "fa": "فارسی", "ur": "اردو", "he": "עברית",
}

#: Languages written right to left (their pages are laid out mirrored).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"})

#: Body font per language when Atkinson Hyperlegible (Latin only) is not the right one:
#: Vietnamese stacks its accents and Bulgarian is Cyrillic, so whole words come from one font.
FONT_FOR_LANGUAGE: dict[str, str] = {"bg": "Noto Sans", "vi": "Noto Sans", "ar": "Noto Sans Arabic"}
#: The body font for every other language.
DEFAULT_FONT = "Atkinson Hyperlegible"

#: The player's own strings, in English; every key must be here.
ENGLISH: dict[str, str] = {
    "previous": "Previous", "next": "Next", "play": "Play", "pause": "Pause",
    "signs": "Spot the signs", "help": "Get help", "back": "All signs", "language": "Language",
    "choose_language": "Choose your language", "hint": "Touch the screen to explore",
    "close": "Close", "larger_text": "Larger text", "high_contrast": "High contrast",
    "page_of": "{number} of {count}",
}

UI_STRINGS: dict[str, dict[str, str]] = {
    "en": ENGLISH,
    "pl": {"previous": "Poprzedni", "next": "Następny", "play": "Odtwórz", "pause": "Pauza",
           "signs": "Rozpoznaj sygnały", "help": "Uzyskaj pomoc", "back": "Wszystkie sygnały",
           "language": "Język", "choose_language": "Wybierz język",
           "hint": "Dotknij ekranu, aby dowiedzieć się więcej", "close": "Zamknij",
           "larger_text": "Większy tekst", "high_contrast": "Wysoki kontrast", "page_of": "{number} z {count}"},
    "ro": {"previous": "Anterior", "next": "Următorul", "play": "Redare", "pause": "Pauză",
           "signs": "Recunoașteți semnele", "help": "Cereți ajutor", "back": "Toate semnele",
           "language": "Limba", "choose_language": "Alegeți limba",
           "hint": "Atingeți ecranul pentru a afla mai multe", "close": "Închide",
           "larger_text": "Text mai mare", "high_contrast": "Contrast ridicat", "page_of": "{number} din {count}"},
    "lt": {"previous": "Ankstesnis", "next": "Kitas", "play": "Leisti", "pause": "Pauzė",
           "signs": "Atpažinkite ženklus", "help": "Gaukite pagalbą", "back": "Visi ženklai",
           "language": "Kalba", "choose_language": "Pasirinkite kalbą",
           "hint": "Palieskite ekraną ir sužinokite daugiau", "close": "Uždaryti",
           "larger_text": "Didesnis tekstas", "high_contrast": "Didelis kontrastas", "page_of": "{number} iš {count}"},
    "lv": {"previous": "Iepriekšējais", "next": "Nākamais", "play": "Atskaņot", "pause": "Pauze",
           "signs": "Pamaniet pazīmes", "help": "Saņemiet palīdzību", "back": "Visas pazīmes",
           "language": "Valoda", "choose_language": "Izvēlieties valodu",
           "hint": "Pieskarieties ekrānam, lai uzzinātu vairāk", "close": "Aizvērt",
           "larger_text": "Lielāks teksts", "high_contrast": "Augsts kontrasts", "page_of": "{number} no {count}"},
    "bg": {"previous": "Предишен", "next": "Следващ", "play": "Пусни", "pause": "Пауза",
           "signs": "Разпознайте знаците", "help": "Потърсете помощ", "back": "Всички знаци",
           "language": "Език", "choose_language": "Изберете език",
           "hint": "Докоснете екрана, за да научите повече", "close": "Затвори",
           "larger_text": "По-голям текст", "high_contrast": "Висок контраст", "page_of": "{number} от {count}"},
    "pt": {"previous": "Anterior", "next": "Seguinte", "play": "Reproduzir", "pause": "Pausa",
           "signs": "Reconheça os sinais", "help": "Obter ajuda", "back": "Todos os sinais",
           "language": "Idioma", "choose_language": "Escolha o idioma",
           "hint": "Toque no ecrã para saber mais", "close": "Fechar",
           "larger_text": "Texto maior", "high_contrast": "Alto contraste", "page_of": "{number} de {count}"},
    "sq": {"previous": "Para", "next": "Tjetër", "play": "Luaj", "pause": "Pauzë",
           "signs": "Njihni shenjat", "help": "Merrni ndihmë", "back": "Të gjitha shenjat",
           "language": "Gjuha", "choose_language": "Zgjidhni gjuhën",
           "hint": "Prekni ekranin për të mësuar më shumë", "close": "Mbyll",
           "larger_text": "Tekst më i madh", "high_contrast": "Kontrast i lartë", "page_of": "{number} nga {count}"},
    "vi": {"previous": "Trước", "next": "Tiếp", "play": "Phát", "pause": "Tạm dừng",
           "signs": "Nhận biết dấu hiệu", "help": "Nhận trợ giúp", "back": "Tất cả dấu hiệu",
           "language": "Ngôn ngữ", "choose_language": "Chọn ngôn ngữ",
           "hint": "Chạm vào màn hình để tìm hiểu thêm", "close": "Đóng",
           "larger_text": "Chữ lớn hơn", "high_contrast": "Tương phản cao", "page_of": "{number}/{count}"},
    "ar": {"previous": "السابق", "next": "التالي", "play": "تشغيل", "pause": "إيقاف مؤقت",
           "signs": "تعرّف على العلامات", "help": "احصل على المساعدة", "back": "كل العلامات",
           "language": "اللغة", "choose_language": "اختر لغتك",
           "hint": "المس الشاشة لمعرفة المزيد", "close": "إغلاق",
           "larger_text": "نص أكبر", "high_contrast": "تباين عالٍ", "page_of": "{number} من {count}"},
}


def ui_strings(lang: str) -> dict[str, str]:
    """Every player string in ``lang``, each falling back to English when not translated.

    Args:
        lang: a language code such as ``pl`` or ``pt-BR`` (``pt-BR`` uses ``pt`` when it has no own table).

    Returns:
        A new mapping with every key of :data:`ENGLISH`.
    """
    table = UI_STRINGS.get(lang) or UI_STRINGS.get(lang.split("-")[0], {})
    return {key: table.get(key, english) for key, english in ENGLISH.items()}


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
    for char in text:
        code = ord(char)
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            return FONT_FOR_LANGUAGE["ar"]
    for char in text:
        code = ord(char)
        if 0x0400 <= code <= 0x04FF or 0x1EA0 <= code <= 0x1EF9 or char in "ơưƠƯđĐ":
            return FONT_FOR_LANGUAGE["vi"]
    return DEFAULT_FONT


def is_rtl_text(text: str) -> bool:
    """True when the first letter with a direction in ``text`` is right to left (Unicode bidi classes R, AL)."""
    import unicodedata
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


_DIGIT_SPACE_DIGIT = re.compile(r"(?<=\d) (?=\d)")


def keep_numbers_together(text: str) -> str:
    """Join digit groups with no-break spaces (``08000 121 700`` never wraps between its groups)."""
    return _DIGIT_SPACE_DIGIT.sub("\u00a0", text)
