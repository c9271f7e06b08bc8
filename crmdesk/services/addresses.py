"""Postal addresses laid out the way each country's post expects them.

Shared by the detail card, the card copied as text, printing and labels.

Denmark, Germany and most of Europe write the postcode before the town
("8000 Aarhus C"); the US writes "Springfield, IL 62704"; Canada
"Ottawa ON  K1A 0B6"; the UK puts the post town in capitals and the postcode
on a line of its own. The country line is added only when the address is
abroad as seen from the sender's country, in capitals, in English.
"""

from __future__ import annotations

from crmdesk.records import AddressEntry

#: ISO code -> English country name (for the country line).
COUNTRY_NAMES: dict[str, str] = {
    "DK": "Denmark", "DE": "Germany", "FR": "France", "GB": "United Kingdom",
    "US": "United States", "CA": "Canada", "SE": "Sweden", "NO": "Norway",
    "FI": "Finland", "IS": "Iceland", "NL": "Netherlands", "BE": "Belgium",
    "LU": "Luxembourg", "AT": "Austria", "CH": "Switzerland", "IT": "Italy",
    "ES": "Spain", "PT": "Portugal", "PL": "Poland", "CZ": "Czech Republic",
    "IE": "Ireland", "AU": "Australia", "NZ": "New Zealand", "JP": "Japan",
    "CN": "China", "MX": "Mexico", "BR": "Brazil", "GR": "Greece", "EE": "Estonia",
    "LV": "Latvia", "LT": "Lithuania", "HU": "Hungary", "SK": "Slovakia", "SI": "Slovenia",
}

#: Other ways people type a country, folded to lower case -> ISO code.
_ALIASES: dict[str, str] = {
    "danmark": "DK", "dänemark": "DK", "danemark": "DK", "deutschland": "DE",
    "tyskland": "DE", "allemagne": "DE", "uk": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "great britain": "GB", "storbritannien": "GB", "usa": "US",
    "united states of america": "US", "u.s.a.": "US", "u.s.": "US", "sverige": "SE",
    "norge": "NO", "suomi": "FI", "nederland": "NL", "holland": "NL", "schweiz": "CH",
    "suisse": "CH", "österreich": "AT", "frankreich": "FR", "frankrig": "FR",
    "españa": "ES", "italia": "IT", "polska": "PL",
}

_POSTCODE_FIRST_EXCEPT = frozenset({"US", "CA", "GB", "IE", "AU", "NZ", "JP", "CN", "BR", "MX"})


def country_code(country: str, default: str = "") -> str:
    """An ISO 3166 alpha-2 code for a name or code as typed; ``default`` when empty."""
    text = country.strip()
    if not text:
        return default.upper()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    key = text.casefold()
    if key in _ALIASES:
        return _ALIASES[key]
    for code, name in COUNTRY_NAMES.items():
        if name.casefold() == key:
            return code
    return ""  # unknown: keep the text as given on the country line


def address_lines(address: AddressEntry, home_country: str = "DK") -> list[str]:
    """The street, town and country lines of one address (no name or company)."""
    home = home_country.upper()
    code = country_code(address.country, home)
    lines = [line.strip() for line in address.street.splitlines() if line.strip()]
    post, city, region = address.postcode.strip(), address.city.strip(), address.region.strip()
    if code == "US" or code == "AU":
        tail = " ".join(p for p in (region, post) if p)
        lines.append(", ".join(p for p in (city, tail) if p) if code == "US"
                     else "  ".join(p for p in (city.upper(), tail) if p))
    elif code == "CA":
        head = " ".join(p for p in (city, region) if p)
        lines.append("  ".join(p for p in (head, post) if p))
    elif code in ("GB", "IE"):
        if city:
            lines.append(city.upper() if code == "GB" else city)
        if region:
            lines.append(region)
        if post:
            lines.append(post)
    elif code in _POSTCODE_FIRST_EXCEPT:
        lines.append(" ".join(p for p in (city, region, post) if p))
    else:
        town = " ".join(p for p in (post, city) if p)
        if town:
            lines.append(town)
        if region and code not in ("DK", "DE", "FR", "NL", "SE", "NO", "FI", "AT", "CH"):
            lines.append(region)
    if code != home and address.country.strip():
        lines.append(COUNTRY_NAMES.get(code, address.country.strip()).upper())
    return [line for line in lines if line]


def label_lines(name: str, company: str, address: AddressEntry | None,
                home_country: str = "DK") -> list[str]:
    """Everything printed on one mailing label: name, company, then the address."""
    lines = [name.strip()]
    if company.strip() and company.strip() != name.strip():
        lines.append(company.strip())
    if address is not None:
        lines.extend(address_lines(address, home_country))
    return [line for line in lines if line]


def one_line(address: AddressEntry) -> str:
    """The address on one line (with its country), for lists and map searches."""
    return ", ".join(address_lines(address, home_country=""))
