"""The page audits themselves: what they count as English a person reads."""

from tests.browser.audits import english_on_page


def test_text_marked_not_to_be_translated_is_not_read_as_english_but_the_rest_is(phone):
    # An authenticator key such as "NO2X 7KQA": random letters, one group of which read as the word "NO".
    phone.set_content(
        '<html lang="vi"><body><p>Khóa: <code translate="no">NO2X 7KQA</code></p><p>Close</p></body></html>'
    )
    assert english_on_page(phone) == ["Close"]
