"""Normalisation keeps offsets: a span found in the normalised text maps back onto the original."""

from hypothesis import given, settings
from hypothesis import strategies as st

from service.normalise import detect_script, nfkc_one_char, normalise

TRAD = "規範性文件申請人情況結轉下年度繼續辦理實名註冊率達到９５％以上（二）部分公開"


def test_traditional_and_fullwidth_are_normalised_in_place() -> None:
    n = normalise(TRAD)
    assert n.text == "规范性文件申请人情况结转下年度继续办理实名注册率达到95%以上(二)部分公开"
    assert len(n.text) == len(TRAD)


def test_span_maps_back_to_the_original_text() -> None:
    original = "二、收到和處理政府信息公開申請情況\n本年新收申請２９件，結轉下年度３件。"
    n = normalise(original)
    start = n.text.index("29件")
    s, e = n.to_original(start, start + 3)
    assert original[s:e] == "２９件"
    assert n.original_span_text(start, start + 3) == "２９件"
    metric = n.text.index("结转下年度")
    assert n.original_span_text(metric, metric + 5) == "結轉下年度"


def test_multi_character_nfkc_expansions_are_left_alone() -> None:
    # ㈠ would become "(一)" under full NFKC: the one-character table keeps the length
    assert nfkc_one_char("㈠予以公开") == "㈠予以公开"
    assert nfkc_one_char("ＡＢＣ１２３，：") == "ABC123,:"


def test_script_detection() -> None:
    assert detect_script(normalise("本年新收政府信息公开申请29件")) == "simplified"
    assert detect_script(normalise(TRAD)) == "traditional"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x2FFFF, exclude_categories=("Cs",)), max_size=200))
def test_normalisation_is_length_preserving_and_round_trips(text: str) -> None:
    n = normalise(text)
    assert len(n.text) == len(text)
    for s in range(0, len(text), 7):
        e = min(len(text), s + 5)
        assert n.to_original(s, e) == (s, e)
        assert n.original_span_text(s, e) == text[s:e]
