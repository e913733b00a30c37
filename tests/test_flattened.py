"""Tables flattened onto one line with no cell separators: every cell recovered from the layout and the
table's own sum identities, and cells the digits cannot decide left null with a warning.

Expected values for the two pingtan pages were read by hand from the text and checked against the
identities (row sums, 新收 + 结转 = 总计 + 结转下年度, result rows add up to (七)总计, review group sums)."""

from __future__ import annotations

from typing import Optional

import pytest

from service.normalise import normalise
from service.pipeline import extract
from service.sections import find_sections
from service.tables.digit_runs import split_run
from service.tables.flattened import parse_flattened
from tests.review_cases import APP_COLS, APP_ROWS_2021, REVIEW_COLS

ACTIVE_3 = ["issued", "abolished", "in_force"]
APP_ROWS = APP_ROWS_2021
ZERO = [0] * 7


def _apps(nonzero: dict[str, list[Optional[int]]]) -> dict:
    """All 2021-template rows; rows not named are printed as seven zeros."""
    return {k: dict(zip(APP_COLS, nonzero.get(k, ZERO), strict=True)) for k in APP_ROWS}


def _review(review: list, direct: list, after: list) -> dict:
    return {
        "review": dict(zip(REVIEW_COLS, review, strict=True)),
        "litigation_direct": dict(zip(REVIEW_COLS, direct, strict=True)),
        "litigation_after_review": dict(zip(REVIEW_COLS, after, strict=True)),
    }


def _active(reg: list, norm: list, licensing: int, penalty: int, coercion: int, fees: float) -> dict:
    return {
        "regulations": dict(zip(ACTIVE_3, reg, strict=True)),
        "normative_documents": dict(zip(ACTIVE_3, norm, strict=True)),
        "licensing": {"decisions": licensing},
        "penalty": {"decisions": penalty},
        "coercion": {"decisions": coercion},
        "fees": {"amount_wan_yuan": fees},
    }


def _review_dump(t) -> dict:
    return {g: getattr(t, g).model_dump() for g in ("review", "litigation_direct", "litigation_after_review")}


def _ambiguity_warnings(warnings: list[str], table: str) -> list[str]:
    return [w for w in warnings if w.startswith(table) and "ambiguous" in w]


# ---------------------------------------------------------------- the splitter


def test_split_never_starts_a_number_with_zero():
    assert split_run(["1000001"], 7, 6) == [(1, 0, 0, 0, 0, 0, 1)]
    assert split_run(["000"], 3, 6) == [(0, 0, 0)]
    assert split_run(["0012"], 3, 6) == [(0, 0, 12)]


def test_split_keeps_whitespace_as_a_cell_boundary():
    assert split_run(["500000", "5"], 7, 6, group=7) == [(5, 0, 0, 0, 0, 0, 5)]
    # without the space, 50|0|0|0|0|... would be a different row
    assert split_run(["0", "1", "1", "0", "2"], 5, 6, group=5) == [(0, 1, 1, 0, 2)]


def test_split_with_sum_groups_keeps_only_consistent_splits():
    assert split_run(["640020470"], 7, 6, group=7) == [(64, 0, 0, 2, 0, 4, 70)]
    assert sorted(split_run(["101000011"], 7, 6, group=7)) == [(1, 0, 10, 0, 0, 0, 11), (10, 1, 0, 0, 0, 0, 11)]
    assert split_run(["1234"], 7, 6) == []  # fewer digits than cells


def test_split_gives_up_on_a_search_that_is_too_large():
    assert split_run(["1" * 40], 7, 6, max_nodes=1000) is None


# ---------------------------------------------------------------- invented fixtures


def test_resolved_fixture_every_cell(fixtures_dir):
    rec = extract(fixtures_dir / "flattened" / "resolved.txt")
    assert rec.error is None
    t = rec.tables
    assert rec.metadata.template == "2021"
    # 规范性文件 '124130' is split by the prose: 本年制发规范性文件12件, 现行有效行政规范性文件130件
    assert t.active_disclosure.rows == _active([1, 0, 1], [12, 4, 130], 356, 1024, 7, 15.8)
    assert any("narrative" in w and "normative_documents" in w for w in rec.warnings)
    # 予以公开 '101000011' fits 10|1|0|0|0|0|11 and 1|0|10|0|0|0|11; the 科研机构 column's results sum decides
    assert t.applications.rows == _apps({
        "new_received": [20, 1, 0, 0, 0, 1, 22], "carried_over": [2, 0, 0, 0, 0, 0, 2],
        "granted": [10, 1, 0, 0, 0, 0, 11], "partially_granted": [3, 0, 0, 0, 0, 0, 3],
        "denied_internal_affairs": [1, 0, 0, 0, 0, 0, 1],
        "unable_not_held": [5, 0, 0, 0, 0, 1, 6], "unable_needs_creation": [1, 0, 0, 0, 0, 0, 1],
        "total": [20, 1, 0, 0, 0, 1, 22], "carried_forward": [2, 0, 0, 0, 0, 0, 2],
    })
    assert _review_dump(t.review_litigation) == _review([2, 1, 0, 1, 4], [1, 0, 0, 0, 1], [0, 0, 0, 0, 0])
    assert not any("ambiguous" in w for w in rec.warnings)
    assert all(c.status == "pass" for c in rec.checks if c.id.startswith(("applications.", "review_litigation.")))
    # the table spans keep narrative claims out of the tables
    text = normalise((fixtures_dir / "flattened" / "resolved.txt").read_text(encoding="utf-8")).text
    span = text[t.applications.start:t.applications.end]
    assert span.startswith("申请人情况") and span.endswith("继续办理2000002")
    assert text[t.active_disclosure.start:t.active_disclosure.end].endswith("行政事业性收费15.8")
    assert text[t.review_litigation.start:t.review_litigation.end] == "210141000100000"


def test_ambiguous_fixture_leaves_undecided_cells_null(fixtures_dir):
    rec = extract(fixtures_dir / "flattened" / "ambiguous.txt")
    assert rec.error is None
    t = rec.tables
    # '5412300' has eleven splits into 3 cells and the prose states none of them
    assert t.active_disclosure.rows == _active([0, 0, 0], [None, None, None], 0, 0, 0, 0.0)
    (w,) = _ambiguity_warnings(rec.warnings, "active_disclosure")
    assert "5412300" in w and "5|41|2300" in w
    # '101000011' in 新收, 予以公开 and 总计: both splits satisfy every identity; the cells they share are kept
    undecided = [None, None, None, 0, 0, 0, 11]
    assert t.applications.rows == _apps({"new_received": undecided, "granted": undecided, "total": undecided})
    app_warnings = _ambiguity_warnings(rec.warnings, "applications")
    assert len(app_warnings) == 3
    assert all("10|1|0|0|0|0|11" in w and "1|0|10|0|0|0|11" in w for w in app_warnings)
    assert _review_dump(t.review_litigation) == _review([None, None, None, 0, 11], [0] * 5, [0] * 5)
    assert len(_ambiguity_warnings(rec.warnings, "review_litigation")) == 1


def test_markers_with_dun_comma_and_spaced_labels():
    # invented: list markers written 1、2、 and label characters broken by spaces
    body = (
        "一、总体情况 本年度工作平稳。 三、收到和处理政府信息公开申请情况 申请人情况自然人商业 企业科研机构社会公益组织法律服务机构其他总计"
        "一、本 年新收政府信息公开申请数量 3100004二、上年结转政府信息公开申请数量 0000000三、本年度办理结果（一）予以公开3100004"
        "（三）不予公开1、属于国家秘密00000002、其他法律行政法规禁止公开0000000（七）总计3100004四、结转下年度继续办理0000000"
        " 四、行政复议、行政诉讼情况 无。"
    )
    text = normalise(body).text
    warnings: list[str] = []
    tables, template = parse_flattened(text, find_sections(text), warnings)
    rows = tables.applications.rows
    assert rows["new_received"] == dict(zip(APP_COLS, [3, 1, 0, 0, 0, 0, 4]))
    assert rows["total"] == dict(zip(APP_COLS, [3, 1, 0, 0, 0, 0, 4]))
    assert rows["carried_forward"] == dict(zip(APP_COLS, ZERO))
    # '00000002、其他…': the 2 opens the next label
    assert rows["denied_state_secret"] == rows["denied_prohibited_by_law"] == dict(zip(APP_COLS, ZERO))
    assert template == "2021"
    assert any("rows not found" in w and "partially_granted" in w for w in warnings)


def test_a_table_that_breaks_its_own_identities_does_not_choose_a_split():
    # invented: 予以公开 '101000011' is 10|1|0|0|0|0|11 or 1|0|10|0|0|0|11; (七)总计 is printed 2|0|0|0|0|0|2, so the
    # results column sums fail for both and must not pick one (the 商业企业 column alone would pick the second)
    body = (
        "三、收到和处理政府信息公开申请情况 申请人情况自然人商业企业科研机构社会公益组织法律服务机构其他总计"
        "一、本年新收政府信息公开申请数量2000002二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开101000011"
        "（二）部分公开0000000（七）总计2000002四、结转下年度继续办理0000000 四、行政复议、行政诉讼情况 无。"
    )
    text = normalise(body).text
    warnings: list[str] = []
    tables, _ = parse_flattened(text, find_sections(text), warnings)
    assert tables.applications.rows["granted"] == dict(zip(APP_COLS, [None, None, None, 0, 0, 0, 11]))
    assert any("not used to choose" in w for w in warnings)
    assert _ambiguity_warnings(warnings, "applications")


def test_2019_template_rows():
    # invented 2019-template page: 规范性文件 / 行政许可 have three columns, 行政事业性收费 two, (六)其他处理 is one row
    body = (
        "一、总体情况 略。 二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量"
        "规章000规范性文件2240第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可1200"
        "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费20"
        " 三、收到和处理政府信息公开申请情况 申请人情况自然人商业企业科研机构社会公益组织法律服务机构其他总计"
        "一、本年新收政府信息公开申请数量2000002二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开1000001"
        "（六）其他处理1000001（七）总计2000002四、结转下年度继续办理0000000 四、行政复议、行政诉讼情况 无。"
    )
    text = normalise(body).text
    warnings: list[str] = []
    tables, template = parse_flattened(text, find_sections(text), warnings)
    assert template == "2019"
    rows = tables.active_disclosure.rows
    assert rows["regulations"] == {"new_made": 0, "new_published": 0, "total_published": 0}
    assert rows["normative_documents"] == {"new_made": None, "new_published": None, "total_published": None}
    # '1200' is 1|20|0 or 12|0|0: only the last cell is certain
    assert rows["licensing"] == {"previous_items": None, "change": None, "decisions": 0}
    assert rows["fees"] == {"previous_items": 2, "change": 0}
    assert tables.applications.rows["other"] == dict(zip(APP_COLS, [1, 0, 0, 0, 0, 0, 1]))
    assert len(_ambiguity_warnings(warnings, "active_disclosure")) == 2


def test_prose_without_table_headings_gives_no_table():
    body = (
        "一、总体情况 全年主动公开信息120条。 二、主动公开政府信息情况 本年制发规范性文件3件。"
        " 三、收到和处理政府信息公开申请情况 本年新收申请5件，均已办结。 四、政府信息公开行政复议、行政诉讼情况 未发生行政复议。"
    )
    text = normalise(body).text
    assert parse_flattened(text, find_sections(text), []) is None


# ---------------------------------------------------------------- the real pingtan pages

PINGTAN_2021_APPS = {
    "new_received": [64, 0, 0, 2, 0, 4, 70],
    "granted": [27, 0, 0, 2, 0, 1, 30],
    "partially_granted": [5, 0, 0, 0, 0, 0, 5],
    "denied_internal_affairs": [1, 0, 0, 0, 0, 0, 1],
    "denied_enforcement_files": [6, 0, 0, 0, 0, 0, 6],
    "denied_administrative_query": [1, 0, 0, 0, 0, 0, 1],
    "unable_not_held": [22, 0, 0, 0, 0, 3, 25],
    "other_other": [1, 0, 0, 0, 0, 0, 1],
    "total": [63, 0, 0, 2, 0, 4, 69],
    "carried_forward": [1, 0, 0, 0, 0, 0, 1],
}
PINGTAN_2022_APPS = {
    "new_received": [71, 3, 0, 0, 0, 0, 74],
    "carried_over": [1, 0, 0, 0, 0, 0, 1],
    "granted": [21, 0, 0, 0, 0, 0, 21],
    "partially_granted": [8, 1, 0, 0, 0, 0, 9],
    "denied_internal_affairs": [1, 0, 0, 0, 0, 0, 1],
    "denied_process_info": [2, 0, 0, 0, 0, 0, 2],
    "denied_enforcement_files": [1, 0, 0, 0, 0, 0, 1],
    "unable_not_held": [37, 0, 0, 0, 0, 0, 37],
    "other_no_correction": [2, 0, 0, 0, 0, 0, 2],
    "other_other": [0, 2, 0, 0, 0, 0, 2],
    "total": [72, 3, 0, 0, 0, 0, 75],
}


def test_pingtan_2021(shared_dir):
    rec = extract(shared_dir / "corpus" / "text" / "pingtan_2021.txt")
    assert rec.error is None
    t = rec.tables
    assert rec.metadata.template == "2021"
    # 行政规范性文件 '693665': ten splits into 3 cells, no figure in the prose -> all three null
    assert t.active_disclosure.rows == _active([0, 0, 0], [None, None, None], 2293, 1282, 42, 24252.311082)
    (w,) = _ambiguity_warnings(rec.warnings, "active_disclosure")
    assert "693665" in w and "69|3|665" in w
    assert t.applications.rows == _apps(PINGTAN_2021_APPS)
    # '10203120001200000': the group sums leave one split
    assert _review_dump(t.review_litigation) == _review([1, 0, 2, 0, 3], [12, 0, 0, 0, 12], [0, 0, 0, 0, 0])
    assert not _ambiguity_warnings(rec.warnings, "applications")
    assert all(c.status == "pass" for c in rec.checks if c.id.startswith(("applications.", "review_litigation.")))


def _pingtan_2022_tables(shared_dir):
    text = normalise((shared_dir / "corpus" / "text" / "pingtan_2022.txt").read_text(encoding="utf-8")).text
    warnings: list[str] = []
    tables, template = parse_flattened(text, find_sections(text), warnings)
    return tables, template, warnings


def test_pingtan_2022(shared_dir):
    t, template, warnings = _pingtan_2022_tables(shared_dir)
    assert template == "2021"
    # 行政规范性文件 '8855698' is split by the prose: 现行有效行政规范性文件698件, 本年度制发的规范性文件88件
    assert t.active_disclosure.rows == _active([0, 0, 0], [88, 55, 698], 10690, 2113, 0, 9116.36)
    assert any("narrative" in w and "8855698" in w for w in warnings)
    assert t.applications.rows == _apps(PINGTAN_2022_APPS)
    # printed with spaces: '0 1 1 0 2 1 0 0 0 1 0 0 0 0 0'
    assert _review_dump(t.review_litigation) == _review([0, 1, 1, 0, 2], [1, 0, 0, 0, 1], [0, 0, 0, 0, 0])
    assert not any("ambiguous" in w for w in warnings)


def test_pingtan_2022_through_the_pipeline(shared_dir):
    rec = extract(shared_dir / "corpus" / "text" / "pingtan_2022.txt")
    assert rec.tables.applications is not None and rec.tables.applications.rows == _apps(PINGTAN_2022_APPS)
    assert rec.tables.active_disclosure.rows["normative_documents"] == dict(zip(ACTIVE_3, [88, 55, 698]))


# ---------------------------------------------------------------- generated tables: never a wrong cell

APP_PRINTED = [
    ("new_received", "一、本年新收政府信息公开申请数量"), ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "三、本年度办理结果（一）予以公开"), ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied_state_secret", "（三）不予公开1.属于国家秘密"), ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("denied_security_stability", "3.危及“三安全一稳定”"), ("denied_third_party", "4.保护第三方合法权益"),
    ("denied_internal_affairs", "5.属于三类内部事务信息"), ("denied_process_info", "6.属于四类过程性信息"),
    ("denied_enforcement_files", "7.属于行政执法案卷"), ("denied_administrative_query", "8.属于行政查询事项"),
    ("unable_not_held", "（四）无法提供1.本机关不掌握相关政府信息"), ("unable_needs_creation", "2.没有现成信息需要另行制作"),
    ("unable_unclear", "3.补正后申请内容仍不明确"), ("rejected_complaint", "（五）不予处理1.信访举报投诉类申请"),
    ("rejected_duplicate", "2.重复申请"), ("rejected_publication", "3.要求提供公开出版物"),
    ("rejected_excessive", "4.无正当理由大量反复申请"), ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "3.其他"), ("total", "（七）总计"), ("carried_forward", "四、结转下年度继续办理"),
]
RESULT_KEYS = [k for k, _ in APP_PRINTED if k not in ("new_received", "carried_over", "total", "carried_forward")]

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_count = st.one_of(st.just(0), st.just(0), st.just(0), st.integers(1, 12), st.integers(10, 400))


@st.composite
def _tables(draw):
    res = {k: [draw(_count) for _ in range(6)] for k in RESULT_KEYS}
    total = [sum(res[k][c] for k in RESULT_KEYS) for c in range(6)]
    forward = [draw(st.one_of(st.just(0), st.integers(0, 12))) for _ in range(6)]
    over = [draw(st.integers(0, min(t + f, 15))) for t, f in zip(total, forward)]
    new = [t + f - o for t, f, o in zip(total, forward, over)]
    rows = dict(res, total=total, carried_forward=forward, carried_over=over, new_received=new)
    apps = {k: v + [sum(v)] for k, v in rows.items()}
    groups = []
    for _ in range(3):
        g = [draw(_count) for _ in range(4)]
        groups.append(g + [sum(g)])
    active = [[draw(_count) for _ in range(3)] for _ in range(2)] + [[draw(_count)] for _ in range(3)]
    return apps, groups, active


def _flat(values) -> str:
    return "".join(str(v) for v in values)


# no shrinking phase: a failure is printed as generated (shrinking these tables takes minutes of CPU)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(_tables())
def test_generated_flattened_tables_never_give_a_wrong_cell(generated):
    apps, groups, active = generated
    body = (
        "一、总体情况 本年度工作平稳推进。 二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
        f"规章{_flat(active[0])}行政规范性文件{_flat(active[1])}第二十条第（五）项信息内容本年处理决定数量行政许可{active[2][0]}"
        f"第二十条第（六）项信息内容本年处理决定数量行政处罚{active[3][0]}行政强制{active[4][0]}"
        " 三、收到和处理政府信息公开申请情况 申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
        + "".join(label + _flat(apps[key]) for key, label in APP_PRINTED)
        + " 四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉"
        + _flat(v for g in groups for v in g)
        + " 五、存在的主要问题及改进情况 无。"
    )
    text = normalise(body).text
    warnings: list[str] = []
    tables, _ = parse_flattened(text, find_sections(text), warnings)
    blank_named = " ".join(warnings)

    def agree(got, want, where, named):
        assert got is None or got == want, where
        if got is None:
            assert named in blank_named, f"{where} is null without a warning"

    if tables.applications is not None:
        for key, values in apps.items():
            for col, want in zip(APP_COLS, values):
                agree(tables.applications.rows[key][col], want, f"applications.{key}.{col}", f"row {key} ")
    if tables.review_litigation is not None:
        for gi, g in enumerate(("review", "litigation_direct", "litigation_after_review")):
            for col, want in zip(REVIEW_COLS, groups[gi]):
                agree(getattr(tables.review_litigation, g).model_dump()[col], want, f"review_litigation.{g}.{col}", "review_litigation:")
    else:
        pytest.fail("the review table was not recovered")  # its numbers have at least 15 digits and add up
    if tables.active_disclosure is not None:
        keys = ["regulations", "normative_documents", "licensing", "penalty", "coercion"]
        for key, values in zip(keys, active):
            for got, want in zip(tables.active_disclosure.rows[key].values(), values):
                agree(got, want, f"active_disclosure.{key}", f"row {key} ")
