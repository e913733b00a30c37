"""Model spans → claims (service/claims/model_spans.py), shared by the spaCy and HF models."""

from __future__ import annotations

from service.claims.model_spans import ModelSpan, assemble


def _span(text: str, part: str, label: str, score: float = 0.95, after: int = 0) -> ModelSpan:
    i = text.index(part, after)
    return ModelSpan(i, i + len(part), label, score)


def test_a_claim_span_with_one_metric_and_one_value_is_a_claim() -> None:
    text = "全区设立街道办事处便民服务中心12个。"
    spans = [_span(text, "街道办事处便民服务中心12个", "CLAIM"), _span(text, "街道办事处便民服务中心", "METRIC"), _span(text, "12个", "VALUE")]
    (c,) = assemble(text, spans)
    assert (c.metric, c.value, c.unit, c.source) == ("街道办事处便民服务中心", 12.0, "个", "model")
    assert c.text == "街道办事处便民服务中心12个" and text[slice(*c.value_span)] == "12个"


def test_metric_edges_lose_conjunctions_and_punctuation_a_one_character_metric_is_dropped() -> None:
    text = "街道办事处便民服务中心和社区服务站共58个，办3件。"
    spans = [_span(text, "街道办事处便民服务中心和", "METRIC"), _span(text, "58个", "VALUE"),
             _span(text, "办", "METRIC", after=text.index("，")), _span(text, "3件", "VALUE")]
    claims = assemble(text, spans)
    assert [c.metric for c in claims] == ["街道办事处便民服务中心"]
    assert text[slice(*claims[0].metric_span)] == "街道办事处便民服务中心"


def test_leftover_pairs_prefer_the_same_clause_and_skip_tables() -> None:
    text = "受理申请21件，办结19件。"
    spans = [_span(text, "受理申请", "METRIC"), _span(text, "21件", "VALUE"), _span(text, "办结", "METRIC"), _span(text, "19件", "VALUE")]
    claims = assemble(text, spans)
    assert [(c.metric, c.value) for c in claims] == [("受理申请", 21.0), ("办结", 19.0)]
    table = (text.index("办结"), len(text))
    assert [(c.metric, c.value) for c in assemble(text, spans, exclude_spans=[table])] == [("受理申请", 21.0)]
