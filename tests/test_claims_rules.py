"""The rule-based claim finder on invented sentences (runs in a clean clone): every form of
the issue — metric before/after the value, enumerations sharing a verb, two claims in one
clause, mixed numerals — and every exclusion of the annotation guidelines."""

from __future__ import annotations

import pytest

from service.claims.rules import find_claims
from service.normalise import normalise
from service.record import Section


def tuples(text: str, **kw) -> list[tuple]:
    return [(c.metric, c.value, c.unit, c.comparator) for c in find_claims(text, **kw)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # metric before the value, connecting verb dropped
        ("本年度即办率提高至80%以上。", [("即办率", 80, "%", ">=")]),
        ("全程网办率达到95%。", [("全程网办率", 95, "%", "=")]),
        # value before the metric
        ("接入27家单位政务数据。", [("单位", 27, "家", "=")]),
        ("制定信息发布审核等6项制度。", [("制度", 6, "项", "=")]),
        ("全年共举办58场新闻发布活动。", [("新闻发布活动", 58, "场", "=")]),
        # enumeration sharing one verb
        (
            "发布通知公告120条、政策解读45条、红黑名单300个。",
            [("通知公告", 120, "条", "="), ("政策解读", 45, "条", "="), ("红黑名单", 300, "个", "=")],
        ),
        # two claims in one clause
        ("为500个企业(项目)配备服务专员230人。", [("企业(项目)", 500, "个", "="), ("服务专员", 230, "人", "=")]),
        # a verb kept when it tells neighbouring figures apart; a subject (局) dropped
        ("2023年区审批局政府发布信息312件,政务动态信息更新96条。", [("政府发布信息", 312, "件", "="), ("政务动态信息更新", 96, "条", "=")]),
        ("共受理申请21件,办结20件。", [("受理申请", 21, "件", "="), ("办结", 20, "件", "=")]),
        # mixed numerals and approximation marks
        ("入库有效数据3200万余条。", [("入库有效数据", 32000000, "条", ">")]),
        ("解决拖欠款金额2.3亿余元。", [("拖欠款金额", 230000000, "元", ">")]),
        ("网站访问量150余万次。", [("网站访问量", 1500000, "次", ">")]),
        ("受理群众咨询两万余件。", [("群众咨询", 20000, "件", ">")]),
        ("累计培训三千余人。", [("培训", 3000, "人", ">")]),
        ("群众满意率达到百分之九十八。", [("群众满意率", 98, "%", "=")]),
        ("收取信息处理费0元。", [("信息处理费", 0, "元", "=")]),
        ("发放补贴资金312.5万元。", [("补贴资金", 3125000, "元", "=")]),
        ("办理时限压缩至3个工作日以内。", [("办理时限", 3, "个工作日", "<=")]),
        # a bare 占X% after a count is not a claim (NOTES §10); the count is
        ("予以公开40件、占50%;", [("予以公开", 40, "件", "=")]),
        # ranks and changes are claims
        ("告知承诺件7.5万余条,全市排名第一。", [("告知承诺件", 75000, "条", ">"), ("排名", 1, "名", "=")]),
        ("全国信用状况监测评价排名提升30位。", [("全国信用状况监测评价排名提升", 30, "位", "=")]),
        ("申请量同比增长15%。", [("申请量同比增长", 15, "%", "=")]),
        # threshold qualifying another claim
        ("新开工3000万元以上项目21个。", [("项目", 21, "个", "=")]),
    ],
)
def test_claim_forms(text: str, expected: list[tuple]) -> None:
    assert tuples(text) == expected


def test_exclusions_give_no_claims() -> None:
    text = (
        "依据国办公开办函〔2021〕30号要求编制,统计期限为2023年1月1日至2023年12月31日。"
        "联系电话:0471-1234567,邮编:010000,地址:幸福路88号3层。网址:http://www.example.gov.cn/a/2023,"
        "京ICP备12345678号,公网安备 11010502030001号,网站标识码1500000001。索引号:123456789/2023-00012。\n"
        "一、总体情况\n(三)政府信息管理\n1、一是打造“1+10+N”服务体系,二是建设“15分钟便民服务圈”,"
        "开通12345热线,推进5G应用,落实“六稳”“六保”,按照第二十条第(五)项、《条例》第三十二条规定,24小时受理。"
    )
    assert find_claims(text) == []


def test_quoted_names_and_titles_hold_no_values() -> None:
    assert tuples("开展“3个100%”专项行动,发布《关于做好50项重点工作的通知》。") == []


def test_table_cells_are_never_claims() -> None:
    text = (
        "全年收到政府信息公开申请29件。\n"
        "一、本年新收政府信息公开申请数量 | 29 | 0 | 0 | 0 | 0 | 0 | 29 |\n"
        "行政许可 12件 | 3 | 4 |\n"
        "一、本年新收政府信息公开申请数量 29 0 0 0 0 0 29\n"
    )
    claims = find_claims(text)
    assert [(c.metric, c.value) for c in claims] == [("收到政府信息公开申请", 29)]
    assert claims[0].end <= text.index("\n")


def test_exclude_spans_from_the_pipeline_are_respected() -> None:
    text = "主动公开政府信息120条。行政许可决定35件。"
    region = (text.index("行政"), len(text))
    claims = find_claims(text, exclude_spans=[region])
    assert [(c.metric, c.value) for c in claims] == [("主动公开政府信息", 120)]
    assert all(c.end <= region[0] or c.start >= region[1] for c in claims)


def test_fragment_without_headings_and_sections() -> None:
    text = "一、总体情况\n全年发布信息88条。\n三、收到和处理政府信息公开申请情况\n收到申请5件。"
    assert [c.section for c in find_claims(text)] == [None, None]
    cut = text.index("三、")
    sections = [Section(key="overview", title="一、总体情况", start=0, end=cut), Section(key="applications", title="三", start=cut, end=len(text))]
    assert [c.section for c in find_claims(text, sections=sections)] == ["overview", "applications"]


def test_offsets_spans_and_confidence() -> None:
    text = "为731个企业(项目)配备专职管家428人,即办率提高至50%以上。"
    for c in find_claims(text):
        assert text[c.start : c.end] == c.text
        ms, me = c.metric_span
        vs, ve = c.value_span
        assert c.start <= ms < me <= c.end and c.start <= vs < ve <= c.end
        assert text[ms:me] == c.metric
        assert me <= vs or ve <= ms  # metric and value never overlap
        assert c.source == "rule" and 0 < c.confidence <= 1
    conf = {c.metric: c.confidence for c in find_claims(text)}
    assert conf["专职管家"] > conf["即办率"]  # adjacent metric and value are trusted more than a gap


def test_repeated_text_reports_each_position() -> None:
    part = "全年发布政务信息320条,办结率100%。"
    text = part + "\n" + part
    claims = find_claims(text)
    assert len(claims) == 4
    assert claims[2].start == claims[0].start + len(part) + 1
    assert (claims[0].metric, claims[0].value) == (claims[2].metric, claims[2].value)


def test_traditional_script_is_reported_simplified() -> None:
    text = normalise("實名注冊率達到95%,辦結事項2,300件。").text
    assert tuples(text) == [("实名注册率", 95, "%", "="), ("办结事项", 2300, "件", "=")]


def test_pdf_line_wraps_and_spaces() -> None:
    text = "2024 年,区政府办代表区政府受理政府信息公开\n申请 17 件,均已在法定期限内予以答复。"
    claims = find_claims(text)
    assert [(c.metric, c.value, c.unit) for c in claims] == [("受理政府信息公开申请", 17, "件")]


def test_empty_and_numberless_text() -> None:
    assert find_claims("") == []
    assert find_claims("政府信息公开工作年度报告") == []


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_ALPHABET = list("0123456789.,%万亿余多约近逾超占以上内下左右不足到个件条人元次项家第年月日号“”《》()|,，。、;：\n 共发布信息受理申请办结率为配备管家企业单位等和及的")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=80))
def test_find_claims_never_crashes_and_keeps_its_invariants(text: str) -> None:
    for c in find_claims(text):
        assert 0 <= c.start < c.end <= len(text) and text[c.start : c.end] == c.text
        (ms, me), (vs, ve) = c.metric_span, c.value_span
        assert me <= vs or ve <= ms
        assert c.start <= min(ms, vs) and max(me, ve) <= c.end
