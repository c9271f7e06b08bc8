"""A salesperson types names the way their keyboard allows; search must still find them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmdesk.services import folding
from crmdesk.services.search_index import Fts5Index, query_terms


def finds(query: str, stored: str) -> bool:
    """True when every query word is a prefix of some indexed spelling of ``stored``."""
    indexed = folding.index_text(stored).split()
    return all(any(w.startswith(q) for w in indexed) for q in folding.words(query))


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("sorensen", "Sørensen"),
        ("soerensen", "Sørensen"),
        ("aeblegaard", "Æblegaard"),
        ("aarhus", "Århus"),
        ("arhus", "Århus"),
        ("muller", "Müller"),
        ("mueller", "Müller"),
        ("müller", "Mueller"),
        ("muller", "Mueller"),
        ("strasse", "Straße"),
        ("Åse", "Aase"),
        ("Ase", "Aase"),
        ("aase", "Åse"),
        ("ase", "Åse"),
        ("celine", "Céline"),
        ("CÉL", "celine"),
        ("jen", "Jensen"),
    ],
)
def test_folded_spellings_find_each_other(query: str, stored: str) -> None:
    assert finds(query, stored)


def test_unrelated_names_do_not_match() -> None:
    assert not finds("hansen", "Jensen")
    assert not finds("mu", "Schmidt")


@pytest.mark.parametrize("typed", ["+45 33 12 34 56", "0045 33123456", "4533123456"])
def test_a_typed_phone_number_is_one_digit_prefix(typed: str) -> None:
    assert query_terms(typed) == ["4533123456"]


@pytest.mark.parametrize("hostile", ['"', "*", "AND", "NEAR(", "-", "'", "^", 'a" OR "b', "()"])
def test_user_text_never_reaches_fts_grammar_unquoted(hostile: str) -> None:
    query = Fts5Index.fts_query(query_terms(hostile))
    for term in query.split():
        assert term.startswith('"') and term.endswith('"*')


@given(st.text(max_size=12) | st.text(alphabet=st.characters(max_codepoint=127), max_size=12))
def test_plain_text_shortcuts_fold_as_the_full_rules_do(text: str) -> None:
    """ASCII text skips Unicode decomposition; the result is the same as through it."""
    assert folding.fold(text) == folding._decompose(text)
