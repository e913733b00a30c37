"""The three statistical tables of each real PDF in ../shared/corpus/pdf, every cell exactly as
printed. Expected values were read off the rendered pages (pdftoppm -r 80) and cross-checked
against the pdfplumber text layer. Values that do not add up are kept as printed (hongze 2023's
行政复议 总计 is printed 0 beside 10 维持 and 1 纠正)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.review_cases import APP_COLS, REVIEW_COLS


def _app(rows: dict[str, list[int]]) -> dict:
    return {"rows": {key: dict(zip(APP_COLS, values, strict=True)) for key, values in rows.items()}}


def _review(review: list[int], direct: list[int], after: list[int]) -> dict:
    return {
        "review": dict(zip(REVIEW_COLS, review, strict=True)),
        "litigation_direct": dict(zip(REVIEW_COLS, direct, strict=True)),
        "litigation_after_review": dict(zip(REVIEW_COLS, after, strict=True)),
    }


def _active(reg: list[int], norm: list[int], licensing: int, penalty: int, coercion: int, fees: float) -> dict:
    cols = ["issued", "abolished", "in_force"]
    return {
        "rows": {
            "regulations": dict(zip(cols, reg, strict=True)),
            "normative_documents": dict(zip(cols, norm, strict=True)),
            "licensing": {"decisions": licensing},
            "penalty": {"decisions": penalty},
            "coercion": {"decisions": coercion},
            "fees": {"amount_wan_yuan": fees},
        }
    }


EXPECTED: dict[str, dict[str, Any]] = {
    # 淮安市人民政府 2024. Table 3's label (四)无法提供 is split by the page break ("（四）无" on
    # page 4, "法提供" on page 5); (六)其他处理 has the three 2021-template sub-rows.
    "huaian_city_2024": {
        "active_disclosure": _active([1, 0, 11], [8, 26, 66], 447228, 3985758, 88283, 96171.6),
        "applications": _app(
            {
                "new_received": [3001, 53, 0, 0, 61, 4, 3119],
                "carried_over": [34, 0, 0, 0, 0, 0, 34],
                "granted": [1288, 21, 0, 0, 50, 3, 1362],
                "partially_granted": [447, 7, 0, 0, 0, 0, 454],
                "denied_state_secret": [2, 0, 0, 0, 0, 0, 2],
                "denied_prohibited_by_law": [30, 1, 0, 0, 0, 0, 31],
                "denied_security_stability": [5, 0, 0, 0, 0, 0, 5],
                "denied_third_party": [6, 0, 0, 0, 0, 0, 6],
                "denied_internal_affairs": [7, 1, 0, 0, 0, 0, 8],
                "denied_process_info": [12, 0, 0, 0, 0, 0, 12],
                "denied_enforcement_files": [9, 0, 0, 0, 0, 0, 9],
                "denied_administrative_query": [105, 0, 0, 0, 0, 0, 105],
                "unable_not_held": [746, 12, 0, 0, 10, 1, 769],
                "unable_needs_creation": [11, 0, 0, 0, 0, 0, 11],
                "unable_unclear": [1, 0, 0, 0, 0, 0, 1],
                "rejected_complaint": [56, 6, 0, 0, 0, 0, 62],
                "rejected_duplicate": [25, 0, 0, 0, 0, 0, 25],
                "rejected_publication": [0, 0, 0, 0, 0, 0, 0],
                "rejected_excessive": [0, 0, 0, 0, 0, 0, 0],
                "rejected_confirmation": [1, 0, 0, 0, 0, 0, 1],
                "other_no_correction": [67, 3, 0, 0, 1, 0, 71],
                "other_unpaid_fee": [6, 0, 0, 0, 0, 0, 6],
                "other_other": [108, 2, 0, 0, 0, 0, 110],
                "total": [2932, 53, 0, 0, 61, 4, 3050],
                "carried_forward": [103, 0, 0, 0, 0, 0, 103],
            }
        ),
        "review_litigation": _review([72, 64, 178, 37, 351], [13, 4, 8, 1, 26], [12, 1, 1, 6, 20]),
    },
    # 洪泽区人民政府 2023. 2021 template, but (六)其他处理 is printed as ONE row (no sub-rows),
    # hence the key `other`. The label 2.其他法律行政法规禁止公开 is printed "2.其他法律行政止公开".
    # Table 4: 行政复议 总计 printed 0 (10 + 1 + 0 + 0 != 0) and 复议后起诉 总计 printed 0 (5 != 0).
    "huaian_hongze_2023": {
        "active_disclosure": _active([0, 0, 0], [0, 5, 5], 550, 4119, 195, 7730.28),
        "applications": _app(
            {
                "new_received": [21, 0, 0, 0, 0, 0, 21],
                "carried_over": [0, 0, 0, 0, 0, 0, 0],
                "granted": [0, 0, 0, 0, 0, 0, 0],
                "partially_granted": [4, 0, 0, 0, 0, 0, 4],
                "denied_state_secret": [1, 0, 0, 0, 0, 0, 1],
                "denied_prohibited_by_law": [0, 0, 0, 0, 0, 0, 0],
                "denied_security_stability": [0, 0, 0, 0, 0, 0, 0],
                "denied_third_party": [0, 0, 0, 0, 0, 0, 0],
                "denied_internal_affairs": [0, 0, 0, 0, 0, 0, 0],
                "denied_process_info": [1, 0, 0, 0, 0, 0, 1],
                "denied_enforcement_files": [1, 0, 0, 0, 0, 0, 1],
                "denied_administrative_query": [0, 0, 0, 0, 0, 0, 0],
                "unable_not_held": [10, 0, 0, 0, 0, 0, 10],
                "unable_needs_creation": [3, 0, 0, 0, 0, 0, 3],
                "unable_unclear": [0, 0, 0, 0, 0, 0, 0],
                "rejected_complaint": [1, 0, 0, 0, 0, 0, 1],
                "rejected_duplicate": [0, 0, 0, 0, 0, 0, 0],
                "rejected_publication": [0, 0, 0, 0, 0, 0, 0],
                "rejected_excessive": [0, 0, 0, 0, 0, 0, 0],
                "rejected_confirmation": [0, 0, 0, 0, 0, 0, 0],
                "other": [0, 0, 0, 0, 0, 0, 0],
                "total": [21, 0, 0, 0, 0, 0, 21],
                "carried_forward": [0, 0, 0, 0, 0, 0, 0],
            }
        ),
        "review_litigation": _review([10, 1, 0, 0, 0], [0, 0, 0, 0, 0], [5, 0, 0, 0, 0]),
    },
    # 淮安市洪泽区人民政府 2024. Same layout as 2023 (single (六)其他处理 row, "行政止公开").
    "huaian_hongze_2024": {
        "active_disclosure": _active([0, 0, 0], [3, 0, 8], 9487, 2776, 84, 7545),
        "applications": _app(
            {
                "new_received": [95, 0, 0, 0, 0, 0, 95],
                "carried_over": [0, 0, 0, 0, 0, 0, 0],
                "granted": [50, 0, 0, 0, 0, 0, 50],
                "partially_granted": [9, 0, 0, 0, 0, 0, 9],
                "denied_state_secret": [0, 0, 0, 0, 0, 0, 0],
                "denied_prohibited_by_law": [0, 0, 0, 0, 0, 0, 0],
                "denied_security_stability": [1, 0, 0, 0, 0, 0, 1],
                "denied_third_party": [0, 0, 0, 0, 0, 0, 0],
                "denied_internal_affairs": [0, 0, 0, 0, 0, 0, 0],
                "denied_process_info": [1, 0, 0, 0, 0, 0, 1],
                "denied_enforcement_files": [1, 0, 0, 0, 0, 0, 1],
                "denied_administrative_query": [0, 0, 0, 0, 0, 0, 0],
                "unable_not_held": [31, 0, 0, 0, 0, 0, 31],
                "unable_needs_creation": [1, 0, 0, 0, 0, 0, 1],
                "unable_unclear": [0, 0, 0, 0, 0, 0, 0],
                "rejected_complaint": [1, 0, 0, 0, 0, 0, 1],
                "rejected_duplicate": [0, 0, 0, 0, 0, 0, 0],
                "rejected_publication": [0, 0, 0, 0, 0, 0, 0],
                "rejected_excessive": [0, 0, 0, 0, 0, 0, 0],
                "rejected_confirmation": [0, 0, 0, 0, 0, 0, 0],
                "other": [0, 0, 0, 0, 0, 0, 0],
                "total": [95, 0, 0, 0, 0, 0, 95],
                "carried_forward": [0, 0, 0, 0, 0, 0, 0],
            }
        ),
        "review_litigation": _review([1, 1, 0, 0, 2], [1, 0, 0, 0, 1], [2, 0, 1, 0, 3]),
    },
}


def _without_offsets(obj: Any) -> Any:
    """Table dumps carry start/end offsets; the printed values are what is compared here."""
    if isinstance(obj, dict):
        return {k: _without_offsets(v) for k, v in obj.items() if k not in ("start", "end")}
    return obj


@pytest.fixture(scope="module")
def records(shared_dir):
    from service.pipeline import extract

    return {slug: extract(shared_dir / "corpus" / "pdf" / f"{slug}.pdf") for slug in EXPECTED}


@pytest.mark.parametrize("slug", sorted(EXPECTED))
@pytest.mark.parametrize("table", ["active_disclosure", "applications", "review_litigation"])
def test_table_cells_as_printed(records, slug, table):
    record = records[slug]
    assert record.error is None, record.error
    got = _without_offsets(record.tables.model_dump()[table])
    want = EXPECTED[slug][table]
    if table == "review_litigation":
        assert got == want
        return
    assert got is not None, f"{slug}: table {table} not found"
    assert sorted(got["rows"]) == sorted(want["rows"]), f"{slug}: rows of {table} differ"
    for row, cells in want["rows"].items():
        assert got["rows"][row] == cells, f"{slug}: {table}.{row}"


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_template_is_2021(records, slug):
    assert records[slug].metadata.template == "2021"


def test_hongze_2023_review_total_mismatch_is_reported(records):
    checks = {c.id: c for c in records["huaian_hongze_2023"].checks}
    assert checks["review_litigation.sum.review"].status == "fail"
    assert checks["review_litigation.sum.litigation_after_review"].status == "fail"
    assert checks["review_litigation.sum.litigation_direct"].status == "pass"


@pytest.mark.parametrize("slug", ["huaian_city_2024", "huaian_hongze_2024"])
def test_consistent_reports_pass_review_sums(records, slug):
    checks = {c.id: c for c in records[slug].checks}
    for group in ("review", "litigation_direct", "litigation_after_review"):
        assert checks[f"review_litigation.sum.{group}"].status == "pass"
