"""Phone numbers as people write them, for property tests: libphonenumber's example numbers of
many regions, in national and international form."""

from __future__ import annotations

import phonenumbers
from hypothesis import strategies as st

#: Regions whose numbers the kiosk's campaigns show (the deck's languages' countries, the UK,
#: and a few with other ways of writing them).
REGIONS = ("GB", "PL", "RO", "LT", "BG", "PT", "AL", "VN", "US", "DE", "FR", "IN", "EG", "SA", "IL")
FORMATS = (phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
KINDS = (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE,
         phonenumbers.PhoneNumberType.TOLL_FREE)


@st.composite
def phone_numbers(draw, regions: tuple[str, ...] = REGIONS) -> str:
    """A phone number of one of ``regions`` as written (``"020 7946 0018"``, ``"+44 20 7946 0018"``)."""
    region = draw(st.sampled_from(regions))
    example = phonenumbers.example_number_for_type(region, draw(st.sampled_from(KINDS))) \
        or phonenumbers.example_number(region)
    return phonenumbers.format_number(example, draw(st.sampled_from(FORMATS)))
