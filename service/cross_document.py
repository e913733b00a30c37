"""Checks across documents in a batch: for the same agency in consecutive years, this year's
上年结转 (carried_over) equals last year's 结转下年度继续办理 (carried_forward). A blank cell counts as 0
(record.md) and the message names it, as in checks.py."""

from __future__ import annotations

from collections import defaultdict

from service.checks import ALL_COLS, COL_ZH
from service.record import Check, Record


def cross_year_checks(records: list[Record]) -> dict[int, list[Check]]:
    """Checks to add, keyed by the index of the later year's record in `records`."""
    by_agency: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        if r.error is None and r.metadata.agency and r.metadata.year and r.tables.applications is not None:
            by_agency[r.metadata.agency].append(i)
    out: dict[int, list[Check]] = defaultdict(list)
    for agency, idxs in by_agency.items():
        by_year = {records[i].metadata.year: i for i in idxs}
        for year, i in by_year.items():
            j = by_year.get(year - 1)
            if j is None:
                continue
            cur, prev = records[i].tables.applications.rows, records[j].tables.applications.rows
            if "carried_over" not in cur or "carried_forward" not in prev:
                continue
            for col in ALL_COLS:
                a = cur["carried_over"].get(col) or 0
                b = prev["carried_forward"].get(col) or 0
                ok = a == b
                blank = " (空白单元格按0计)" if cur["carried_over"].get(col) is None or prev["carried_forward"].get(col) is None else ""
                out[i].append(
                    Check(
                        id=f"cross_year.carried_over.{col}",
                        status="pass" if ok else "fail",
                        expected=b,
                        actual=a,
                        message=(
                            f"{agency} {COL_ZH[col]}: {year}年上年结转{a} = {year - 1}年结转下年度{b}{blank}"
                            if ok
                            else f"{agency} {COL_ZH[col]}: {year}年报告的上年结转为{a}, 但{year - 1}年报告的结转下年度为{b}{blank} ({records[j].document.source})"
                        ),
                    )
                )
    return out
