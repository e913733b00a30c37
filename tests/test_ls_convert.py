"""Conversion between our spans/claims and Label Studio results (no server needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations import ls_convert
from annotations.ls_client import slug_for
from annotations.standoff import Span
from service.record import Claim

# 𠀀 (U+20000) is outside the basic plane: one code point, two UTF-16 code units.
TEXT = "𠀀𠀁全年受理申请21件，办结86个，即办率提高至50%以上。"


def span(label: str, needle: str, text: str = TEXT) -> Span:
    i = text.index(needle)
    return Span(i, i + len(needle), label, needle)


def claim(metric: str, value: str, whole: str, confidence: float, text: str = TEXT) -> Claim:
    c = text.index(whole)
    m = text.index(metric, c)
    v = text.index(value, c)
    return Claim(metric=metric, value=1.0, text=whole, start=c, end=c + len(whole),
                 metric_span=(m, m + len(metric)), value_span=(v, v + len(value)), confidence=confidence)


def test_config_puts_metric_and_value_in_one_control_and_claim_in_another() -> None:
    controls = ls_convert.label_controls()
    assert set(controls) == {"METRIC", "VALUE", "CLAIM"}
    assert controls["METRIC"] == controls["VALUE"]
    assert controls["CLAIM"][0] != controls["METRIC"][0]
    assert {to for _, to in controls.values()} == {"text"}


def test_spans_survive_a_round_trip_after_astral_characters() -> None:
    spans = [span("CLAIM", "受理申请21件"), span("METRIC", "受理申请"), span("VALUE", "21件"),
             span("VALUE", "50%以上")]
    results = ls_convert.spans_to_results(spans)
    assert all(r["type"] == "labels" and r["to_name"] == "text" for r in results)
    assert len({r["id"] for r in results}) == len(results)
    conv = ls_convert.results_to_spans(results, TEXT)
    assert conv.rejected == [] and conv.repaired == []
    assert conv.spans == sorted(spans, key=lambda s: (s.start, s.end, s.label))
    assert all(TEXT[s.start:s.end] == s.text for s in conv.spans)


def test_utf16_offsets_from_the_annotation_screen_are_repaired() -> None:
    good = span("VALUE", "86个")
    # what a screen counting UTF-16 code units reports: +1 per astral character before the span
    shifted = ls_convert.span_to_result(good)
    shifted["value"]["start"] = ls_convert.codepoint_to_utf16(TEXT, good.start)
    shifted["value"]["end"] = ls_convert.codepoint_to_utf16(TEXT, good.end)
    assert shifted["value"]["start"] == good.start + 2
    conv = ls_convert.results_to_spans([shifted], TEXT)
    assert conv.spans == [good]
    assert conv.rejected == []
    assert len(conv.repaired) == 1 and "UTF-16" in conv.repaired[0]


def test_a_span_off_by_a_few_characters_is_relocated_near_its_offsets() -> None:
    good = span("METRIC", "即办率")
    r = ls_convert.span_to_result(good)
    r["value"]["start"] -= 3
    r["value"]["end"] -= 3
    conv = ls_convert.results_to_spans([r], TEXT)
    assert conv.spans == [good]
    assert "re-located" in conv.repaired[0]


def test_a_span_whose_text_is_not_near_is_rejected_with_a_reason() -> None:
    r = ls_convert.span_to_result(Span(4, 8, "METRIC", "受理申请"))
    r["value"]["text"] = "依申请公开"
    conv = ls_convert.results_to_spans([r], TEXT)
    assert conv.spans == []
    assert len(conv.rejected) == 1
    assert "'依申请公开'" in conv.rejected[0].reason and "nowhere" in conv.rejected[0].reason


def test_an_ambiguous_relocation_is_rejected() -> None:
    text = "共12件，，另12件"
    # points at "，，另", as far from the first "12件" (at 1) as from the second (at 7)
    r = ls_convert.span_to_result(Span(4, 7, "VALUE", "12件"))
    conv = ls_convert.results_to_spans([r], text)
    assert conv.spans == [] and len(conv.rejected) == 1


def test_a_label_sent_by_the_wrong_control_or_unknown_is_rejected() -> None:
    r = ls_convert.span_to_result(span("CLAIM", "受理申请21件"))
    r["from_name"] = ls_convert.label_controls()["METRIC"][0]
    unknown = ls_convert.span_to_result(span("METRIC", "即办率"))
    unknown["value"]["labels"] = ["DATE"]
    relation = {"type": "relation", "from_id": "a", "to_id": "b"}
    conv = ls_convert.results_to_spans([r, unknown, relation], TEXT)
    assert conv.spans == []
    assert len(conv.rejected) == 2


def test_claims_become_one_prediction_with_mean_confidence_and_shared_spans_once() -> None:
    text = "为731个企业配备专职管家428人"
    claims = [claim("企业", "731个", "731个企业", 0.6, text), claim("专职管家", "428人", "配备专职管家428人", 0.8, text)]
    pred = ls_convert.claims_to_prediction(claims, text, "test-version")
    assert pred["model_version"] == "test-version"
    assert pred["score"] == pytest.approx(0.7)
    conv = ls_convert.results_to_spans(pred["result"], text)
    assert conv.rejected == []
    assert [(s.label, s.text) for s in conv.spans] == [
        ("VALUE", "731个"), ("CLAIM", "731个企业"), ("METRIC", "企业"),
        ("CLAIM", "配备专职管家428人"), ("METRIC", "专职管家"), ("VALUE", "428人")]
    scores = {r["value"]["text"]: r["score"] for r in pred["result"]}
    assert scores["731个企业"] == 0.6 and scores["428人"] == 0.8
    # a METRIC shared by two claims is predicted once, with the higher confidence
    twice = [claim("受理申请", "21件", "受理申请21件", 0.5), claim("受理申请", "21件", "受理申请21件", 0.9)]
    res = ls_convert.claims_to_prediction(twice, TEXT, "v")["result"]
    assert len(res) == 3 and {r["score"] for r in res} == {0.9}


def test_no_claims_means_no_score() -> None:
    pred = ls_convert.claims_to_prediction([], TEXT, "v")
    assert pred["result"] == [] and "score" not in pred


@given(st.text(alphabet=st.sampled_from("ab中文𠀀😀\n"), max_size=30), st.data())
def test_utf16_offsets_convert_both_ways(text: str, data) -> None:
    i = data.draw(st.integers(0, len(text)))
    units = ls_convert.codepoint_to_utf16(text, i)
    assert units == len(text[:i].encode("utf-16-le")) // 2
    assert ls_convert.utf16_to_codepoint(text, units) == i


def test_utf16_offset_inside_a_surrogate_pair_has_no_code_point() -> None:
    assert ls_convert.utf16_to_codepoint("𠀀a", 1) is None
    assert ls_convert.utf16_to_codepoint("𠀀a", 9) is None


def test_slugs_name_the_source() -> None:
    assert slug_for("shared:corpus/narrative/excerpts_a.jsonl#exc001") == "narrative_excerpts_a_exc001"
    assert slug_for("shared:corpus/text/pingtan_2021.txt") == "text_pingtan_2021"
    assert slug_for("project:tests/fixtures/annotations/report.txt") == "tests_fixtures_annotations_report"
