"""勾稽 checks on the tables: the identities the template itself prints, and the review/litigation sums.

A blank cell (null: printed blank, or a flattened cell no split could decide) counts as 0 (record.md: "a
blank cell is counted as 0 in a check and named in warnings"); the check's message names the blank cells
it counted, pass or fail, so a reviewer sees when a failing identity may be a blank holding the figure.
Printed values are never changed: a failing check says what the table prints and what it should."""

from __future__ import annotations

from typing import Optional, Sequence

from service.record import Check, Tables

APPLICANT_COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org"]
ALL_COLS = APPLICANT_COLS + ["total"]
COL_ZH = {
    "natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构", "other_org": "其他", "total": "总计",
}
RESULT_ROWS = [
    "granted", "partially_granted",
    "denied_state_secret", "denied_prohibited_by_law", "denied_security_stability", "denied_third_party",
    "denied_internal_affairs", "denied_process_info", "denied_enforcement_files", "denied_administrative_query",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "rejected_complaint", "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirmation",
    "other_no_correction", "other_unpaid_fee", "other_other", "other",
]
GROUP_ZH = {"review": "行政复议", "litigation_direct": "行政诉讼(未经复议直接起诉)", "litigation_after_review": "行政诉讼(复议后起诉)"}


def _v(rows: dict, row: str, col: str) -> Optional[float]:
    r = rows.get(row)
    if r is None or col not in r:
        return None
    return r[col] or 0


def _blanks(rows: dict, cells: list[tuple[str, str]]) -> list[str]:
    """The cells among `cells` that the table holds as blank (null)."""
    return [f"{r}.{c}" for r, c in cells if r in rows and c in rows[r] and rows[r][c] is None]


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(float(x), 6)


def _check(cid: str, expected: float, actual: float, ok_msg: str, fail_msg: str, blanks: Sequence[str] = ()) -> Check:
    ok = abs(expected - actual) < 1e-6
    if blanks:
        named = "、".join(blanks)
        ok_msg += f" (空白单元格 {named} 按0计)"
        fail_msg += f" (空白单元格 {named} 按0计, 可能正是缺少的数)"
    return Check(id=cid, status="pass" if ok else "fail", expected=_num(expected), actual=_num(actual), message=ok_msg if ok else fail_msg)


def _absent(ids: Sequence[str], table_zh: str) -> list[Check]:
    """The checks of a table the document does not print (or prints as a picture): skipped, never failed."""
    return [Check(id=cid, status="skipped", message=f"文中没有{table_zh}表(缺失、为图片或附件), 无法核对") for cid in ids]


def application_checks(tables: Tables) -> list[Check]:
    t = tables.applications
    if t is None:
        return _absent([f"applications.{k}.{col}" for k in ("balance", "results_sum") for col in ALL_COLS],
                       "收到和处理政府信息公开申请情况")
    rows = t.rows
    out: list[Check] = []
    for col in ALL_COLS:
        vals = [_v(rows, r, col) for r in ("new_received", "carried_over", "total", "carried_forward")]
        cid = f"applications.balance.{col}"
        if any(v is None for v in vals):
            out.append(Check(id=cid, status="skipped", message=f"{COL_ZH[col]}列: 新收/结转/总计/结转下年度 有行缺失,无法核对"))
            continue
        a, b, c, d = vals
        out.append(_check(
            cid, a + b, c + d,
            f"{COL_ZH[col]}: 本年新收{_num(a)} + 上年结转{_num(b)} = 办理结果总计{_num(c)} + 结转下年度{_num(d)}",
            f"{COL_ZH[col]}: 本年新收{_num(a)} + 上年结转{_num(b)} = {_num(a + b)}, 但办理结果总计{_num(c)} + 结转下年度{_num(d)} = {_num(c + d)}; 表内勾稽关系不成立",
            _blanks(rows, [(r, col) for r in ("new_received", "carried_over", "total", "carried_forward")]),
        ))
    for row, vals in rows.items():
        if not all(c in vals for c in ALL_COLS):
            continue
        parts = sum((vals[c] or 0) for c in APPLICANT_COLS)
        total = vals["total"] or 0
        out.append(_check(
            f"applications.row_sum.{row}", total, parts,
            f"{row}: 六类申请人合计{_num(parts)} = 总计{_num(total)}",
            f"{row}: 六类申请人合计{_num(parts)}, 但总计列为{_num(total)}",
            _blanks(rows, [(row, c) for c in ALL_COLS]),
        ))
    present = [r for r in RESULT_ROWS if r in rows]
    if present and "total" in rows:
        for col in ALL_COLS:
            s = sum((_v(rows, r, col) or 0) for r in present)
            total = _v(rows, "total", col) or 0
            out.append(_check(
                f"applications.results_sum.{col}", total, s,
                f"{COL_ZH[col]}: 各项办理结果之和{_num(s)} = (七)总计{_num(total)}",
                f"{COL_ZH[col]}: 各项办理结果之和为{_num(s)}, 但(七)总计为{_num(total)}",
                _blanks(rows, [(r, col) for r in present + ["total"]]),
            ))
    return out


def review_checks(tables: Tables) -> list[Check]:
    t = tables.review_litigation
    if t is None:
        return _absent([f"review_litigation.sum.{g}" for g in GROUP_ZH], "政府信息公开行政复议、行政诉讼情况")
    out = []
    for g in ("review", "litigation_direct", "litigation_after_review"):
        grp = getattr(t, g)
        parts = [grp.upheld or 0, grp.corrected or 0, grp.other or 0, grp.pending or 0]
        total = grp.total or 0
        s = sum(parts)
        out.append(_check(
            f"review_litigation.sum.{g}", total, s,
            f"{GROUP_ZH[g]}: 维持{parts[0]}+纠正{parts[1]}+其他{parts[2]}+尚未审结{parts[3]} = 总计{total}",
            f"{GROUP_ZH[g]}: 维持{parts[0]}+纠正{parts[1]}+其他{parts[2]}+尚未审结{parts[3]} = {s}, 但表中总计印为{total}",
            [f"{g}.{k}" for k in ("upheld", "corrected", "other", "pending", "total") if getattr(grp, k) is None],
        ))
    return out


def run_checks(tables: Tables) -> list[Check]:
    return application_checks(tables) + review_checks(tables)
