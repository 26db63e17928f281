import pytest
from django.http import QueryDict
from django.utils import translation

from catalog.search import (
    PRICE_RANGES,
    SearchFilters,
    params_clearing_filters,
    params_toggling,
    price_range_label,
    query_words,
    search_text,
)
from common.text import fold_vietnamese


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Cà phê", "ca phe"),
        ("Dưa lưới", "dua luoi"),
        ("Gạo", "gao"),
        ("Đậu", "dau"),
        ("đậu đen", "dau den"),
        ("ĐẬU PHỘNG", "dau phong"),
        ("Bưởi da xanh", "buoi da xanh"),
        ("Mật ong hoa cà phê", "mat ong hoa ca phe"),
        ("Ổi nữ hoàng", "oi nu hoang"),
        ("Sầu riêng Ri6", "sau rieng ri6"),
        ("  rau   muống \t sạch ", "rau muong sach"),
        ("ca phe", "ca phe"),
        ("", ""),
    ],
)
def test_fold_vietnamese(text, folded):
    assert fold_vietnamese(text) == folded


def test_fold_decomposed_input_as_composed():
    # Some keyboards (and macOS file names) send the marks as separate code points.
    import unicodedata

    assert fold_vietnamese(unicodedata.normalize("NFD", "Cà phê Đà Lạt")) == "ca phe da lat"


def test_fold_keeps_other_text():
    assert fold_vietnamese("VietGAP 100% hữu cơ") == "vietgap 100% huu co"


def test_query_words_fold_and_drop_repeats():
    assert query_words("  Cà PHÊ  phe sữa ") == ["ca", "phe", "sua"]
    assert query_words("   ") == []


def test_search_text_joins_the_fields_folded():
    assert (
        search_text(
            title="Dưa lưới ruột cam",
            cooperative_name="HTX Nông nghiệp Phước An",
            category_names=["Trái cây"],
            certification_names=["VietGAP", "Hữu cơ"],
        )
        == "dua luoi ruot cam htx nong nghiep phuoc an trai cay vietgap huu co"
    )
    assert search_text(title="Gạo ST25") == "gao st 25"  # letters and digits are words apart


def test_search_text_keeps_words_only():
    assert search_text(title="Nấm mèo (mộc nhĩ)", certification_names=["VietGAP 100%"]) == "nam meo moc nhi vietgap 100"
    assert query_words("(mộc nhĩ), VietGAP!") == ["moc", "nhi", "vietgap"]


class TestSearchFilters:
    def test_reads_each_facet_from_the_query_string(self):
        filters = SearchFilters.from_params(
            QueryDict("category=3&category=5&district=2&cooperative=7&certification=1&ocop=4&price=0-50000")
        )
        assert filters == SearchFilters(
            category=(3, 5), district=(2,), cooperative=(7,), certification=(1,), ocop=(4,), price=("0-50000",)
        )
        assert filters

    def test_drops_what_cannot_be_a_value(self):
        filters = SearchFilters.from_params(
            QueryDict(
                "category=abc&category=-1&district=1.5&cooperative=&ocop=2&ocop=6&price=cheap&category=4&category=4"
            )
        )
        assert filters == SearchFilters(category=(4,))
        assert not SearchFilters.from_params(QueryDict("q=gao&page=2&cooperative=99999999999"))

    def test_without_clears_the_named_facets(self):
        filters = SearchFilters(category=(1,), ocop=(3,), price=("0-50000",))
        assert filters.without("ocop", "price") == SearchFilters(category=(1,))


def test_toggling_a_value_adds_or_removes_it_and_goes_back_to_page_one():
    params = QueryDict("q=ca+phe&category=3&page=4")
    assert QueryDict(params_toggling(params, "category", 5)) == QueryDict("q=ca+phe&category=3&category=5")
    assert QueryDict(params_toggling(params, "category", 3)) == QueryDict("q=ca+phe")
    assert params_clearing_filters(QueryDict("q=gao&ocop=3&price=0-50000")) == "q=gao"
    assert params_clearing_filters(QueryDict("ocop=3")) == ""


def test_price_ranges_in_dong(settings):
    with translation.override("en"):
        assert [price_range_label(key) for key, _low, _high in PRICE_RANGES] == [
            "Under 50.000\xa0₫",
            "50.000\xa0₫ – 100.000\xa0₫",
            "100.000\xa0₫ – 200.000\xa0₫",
            "200.000\xa0₫ – 500.000\xa0₫",
            "500.000\xa0₫ and over",
        ]
