import pytest

from catalog.search import fold_vietnamese, query_words, search_text


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
    assert search_text(title="Gạo ST25") == "gao st25"
