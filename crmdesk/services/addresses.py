"""Postal addresses laid out the way each country's post expects.

Most of continental Europe writes the postcode before the city (``8000 Århus
C``); the UK puts the postcode on its own line; the US, Canada and Australia
write ``City, ST 12345``.  Used by the detail card, the card-as-text copy,
printing and labels.
"""

from __future__ import annotations

from crmdesk.records import AddressEntry

_COUNTRY_NAMES = {
    "DK": "Denmark", "DE": "Germany", "FR": "France", "GB": "United Kingdom",
    "UK": "United Kingdom",
    "US": "United States", "SE": "Sweden", "NO": "Norway", "NL": "Netherlands", "ES": "Spain",
    "IT": "Italy", "CH": "Switzerland", "AT": "Austria", "BE": "Belgium", "CA": "Canada",
    "AU": "Australia", "FI": "Finland", "IE": "Ireland", "PL": "Poland", "JP": "Japan",
}
_CITY_STATE_ZIP = {"US", "CA", "AU"}
_POSTCODE_OWN_LINE = {"GB", "UK", "IE"}
_ALIASES = {name.casefold(): code for code, name in _COUNTRY_NAMES.items()} | {
    "danmark": "DK", "deutschland": "DE", "usa": "US", "united states of america": "US",
    "england": "GB", "great britain": "GB", "sverige": "SE", "norge": "NO",
}


def country_code(country: str) -> str:
    """ISO code for a country given as code or name (``Danmark`` -> ``DK``), else ``""``."""
    value = country.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    return _ALIASES.get(value.casefold(), "")


def country_name(country: str) -> str:
    code = country_code(country)
    return _COUNTRY_NAMES.get(code, country.strip())


def address_lines(address: AddressEntry, home_country: str = "") -> list[str]:
    """The lines of an address; the country line is left out when it is ``home_country``."""
    code = country_code(address.country)
    lines = [line.strip() for line in address.street.splitlines() if line.strip()]
    postcode, city, region = address.postcode.strip(), address.city.strip(), address.region.strip()
    if code in _CITY_STATE_ZIP:
        tail = " ".join(p for p in (region, postcode) if p)
        lines.append(", ".join(p for p in (city, tail) if p))
    elif code in _POSTCODE_OWN_LINE:
        lines += [p for p in (city, region, postcode) if p]
    else:
        lines.append(" ".join(p for p in (postcode, city) if p))
        if region:
            lines.append(region)
    if address.country.strip() and (not home_country or code != home_country.upper()):
        lines.append(country_name(address.country).upper() if code else address.country.strip())
    return [line for line in lines if line]


def one_line(address: AddressEntry) -> str:
    """The address on one line, for lists and map searches."""
    return ", ".join(address_lines(address))
