"""Tables flattened onto one line with no cell separators (crawled pages: `规章000行政规范性文件6233440`).

Each template row label (configs/tables.yaml) is found in the table's region in template order; the digits
between a label and the next one form the row's digit run, which is split into the row's columns. A split
is accepted only when the layout and the table's own identities leave exactly one:
- a number never starts with 0 unless it is 0, and has at most `max_digits` digits; whitespace in the run
  is always a cell boundary, and so is a sign in the 2019 template (本年增/减 `7-1`: a signed number fills only that column);
- applications: the six applicant columns add up to 总计 in every row; across rows, per column,
  新收 + 上年结转 = (七)总计 + 结转下年度, and the result rows add up to (七)总计;
- review/litigation: 维持 + 纠正 + 其他 + 尚未审结 = 总计 in each of the three groups;
- active disclosure has no identity: a one-column row is its whole run; a three-column row is split only
  when the run forces it (`000`) or the narrative states one of its cells (现行有效行政规范性文件698件).
Cells on which the remaining candidate splits disagree are left null, and the warning lists the candidates.
A run the text ends inside (a page the crawler cut off) keeps only the cells that every reading of it as the start
of a longer run prints alike. Without printed column headings, an active-disclosure table is read only when its labels
and digit runs follow one another with nothing between them, and a review table only when its digits follow the bare
section heading and add up. A money cell takes the unit its column heading prints (本年收费金额（单位：元）); the
政府集中采购 amount may carry decimals and any number of digits.
The applications and review/litigation columns are read in the order the flattened header prints them
(column_order.py: 法人或其他组织 before 自然人, 总计 first, 行政诉讼 before 行政复议, …); the sum identity follows
总计 wherever it is printed. Without a header that gives the order, the template's order is used only when
every row (group) adds up in it; otherwise the table is left out with a warning (`LEFT_OUT`).
Finding the labels is flattened_rows.py's job, cutting the digit runs digit_runs.py's.
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal
from typing import Collection, Optional, Sequence

from service.config import load_config
from service.record import ReviewGroup, ReviewLitigationTable, Section, Table, Tables
from service.tables.active_disclosure import HEADING_UNIT, detect_template
from service.tables.column_order import UNCLEAR, flat_header_cells, names_every_column, printed_order, review_order
from service.tables.regions import find_region
from service.tables.digit_runs import Run, Split, agreed_cells, cut_cells, read_runs, show_splits, split_cut, split_run
from service.tables.flattened_rows import Located, first_phrase, locate_rows, search_row
from service.tables.rows import row_specs

_OTHER_2021 = ("other_no_correction", "other_unpaid_fee", "other_other")
_NOT_RESULTS = ("new_received", "carried_over", "total", "carried_forward")

# ends the warning for a table left out because the order of its columns is not clear
LEFT_OUT = "table left out rather than read in an order the header does not confirm"


def _cfg() -> dict:
    return load_config("flattened.yaml")


# ---------------------------------------------------------------- a page cut off inside a table


def _ends_text(text: str, run: Run) -> bool:
    """The document ends with this run: the crawler cut the page inside the table, and the run's last digits may
    be the first digits of a longer number (or of more cells)."""
    return not text[run.end:].strip()


def _cut_cells(run: Run, n: int, where: str, what: str, warnings: list[str], group: Optional[int] = None,
               total_at: Optional[int] = None, signed_at: Sequence[int] = ()) -> list[Optional[int]]:
    """The cells of a run the text ends inside that every reading of its digits prints alike; the others null."""
    readings = split_cut(run.pieces, n, _cfg()["max_digits"], group, _cfg()["max_search_nodes"], signed_at, total_at)
    vals = cut_cells(readings, n) if readings else [None] * n
    if any(v is None for v in vals):
        warnings.append(f"{where}: the text ends inside {what} (digits '{run.text}'): the page may be cut off; "
                        f"{sum(v is None for v in vals)} cells its digits do not fix left blank")
    return vals


# ---------------------------------------------------------------- applications


def _row_candidates(loc: Located, ncols: int, where: str, warnings: list[str], total_at: int,
                    unfit: list[str]) -> Optional[list[Split]]:
    """Candidate splits of one applications row in printed column order (row sum enforced, 总计 at place
    `total_at`); [] when there are too many to try, None when no split reads the row. A row no split with
    the row sum reads is added to `unfit`."""
    cfg = _cfg()
    key = loc.spec.key
    if loc.run is None:
        warnings.append(f"{where}: row {key} has no numbers after its label; cells left blank")
        return None
    summed = split_run(loc.run.pieces, ncols, cfg["max_digits"], ncols, cfg["max_candidates"], cfg["max_search_nodes"],
                       total_at=total_at)
    if summed is None:
        warnings.append(f"{where}: row {key} digits '{loc.run.text}' have too many splits to try; cells left blank")
        return []
    if summed:
        return summed
    unfit.append(key)
    anyway = split_run(loc.run.pieces, ncols, cfg["max_digits"], None, 1, cfg["max_search_nodes"])
    if anyway and len(anyway) == 1:
        return anyway  # the layout forces the cells; the row-sum check will report the printed mismatch
    warnings.append(
        f"{where}: row {key} digits '{loc.run.text}' have no split into {ncols} cells whose applicant columns add up "
        f"to the total; cells left blank"
    )
    return None


def _joint_filter(cands: dict[str, list[Split]], identities: list[tuple[list[str], list[str], int]],
                  cols: list[str], where: str, warnings: list[str]) -> dict[str, list[Split]]:
    """Narrow rows with several candidate splits by the column identities, trying their combinations."""
    cfg = _cfg()
    amb = [k for k, c in cands.items() if len(c) > 1]
    if not amb:
        return cands
    n_comb = 1
    for k in amb:
        n_comb *= len(cands[k])
    if n_comb > cfg["max_combinations"]:
        warnings.append(f"{where}: {n_comb} combinations of ambiguous rows ({', '.join(amb)}) are too many to try")
        return cands
    fixed = {k: c[0] for k, c in cands.items() if len(c) == 1}
    usable = [idn for idn in identities if all(k in cands for k in idn[0] + idn[1]) and any(k in amb for k in idn[0] + idn[1])]
    combos = [dict(zip(amb, choice), **fixed) for choice in itertools.product(*(cands[k] for k in amb))]

    def holds(combo: dict[str, Split], idn: tuple[list[str], list[str], int]) -> bool:
        lhs, rhs, col = idn
        return sum(combo[k][col] for k in lhs) == sum(combo[k][col] for k in rhs)

    broken = [idn for idn in usable if not any(holds(c, idn) for c in combos)]
    kept = [c for c in combos if all(holds(c, idn) for idn in usable)]
    if broken or not kept:
        # the printed table breaks its own identities, so they cannot be trusted to choose a split
        what = "; ".join(f"{cols[col]}: {' + '.join(lhs)} = {' + '.join(rhs)}" for lhs, rhs, col in broken[:3])
        warnings.append(
            f"{where}: no split of the ambiguous rows ({', '.join(amb)}) satisfies the column identities"
            f"{' (' + what + ')' if what else ''}; they are not used to choose"
        )
        return cands
    combos = kept
    out = dict(cands)
    for k in amb:
        out[k] = list(dict.fromkeys(c[k] for c in combos))
    return out


def _applicant_columns(header: str, tcfg: dict, warnings: list[str]) -> tuple[list[str], bool]:
    """The 申请人情况 columns in printed order as the flattened header names them, and whether the header
    gave that order (else the template's order is assumed and must be borne out by the row sums)."""
    cols, hcfg = list(tcfg["columns"]), tcfg["column_headers"]
    cells = flat_header_cells(header, [*hcfg["top"].values(), *hcfg["legal"].values()])
    how, order = printed_order([cells], cols, hcfg) if cells else (UNCLEAR, None)
    if how == UNCLEAR or not names_every_column(cells, hcfg):
        return cols, False
    if order is not None:
        warnings.append(f"applications: 申请人情况 columns printed in the order {', '.join(order)}; read by the header")
        return order, True
    return cols, True


def _applications(text: str, region: tuple[int, int], warnings: list[str]) -> tuple[Optional[Table], int]:
    """The table, and how many of its cells no split could read (digits missing or fitting no split);
    (None, -1) when the table is left out because its columns' order is not clear (a warning says so)."""
    where = "applications"
    tcfg = load_config("tables.yaml")["applications"]
    specs = row_specs(tcfg["rows"], tcfg["columns"])
    head = first_phrase(text, _cfg()["headers"]["applications"], *region)
    if head is None:
        return None, 0  # no printed table heading: the region is prose
    # 2021 template: (六)其他处理 is a group heading over three rows; 2019: one row
    other_2021 = [s for s in specs if s.key in _OTHER_2021]
    is_2021 = any(search_row(s, text, head.start(), region[1]) for s in other_2021)
    dropped = ("other",) if is_2021 else _OTHER_2021
    specs = [s for s in specs if s.key not in dropped]
    located = locate_rows(text, head.start(), region[1], specs)
    if not located:
        return None, 0
    cols = list(tcfg["columns"])
    ncols = len(cols)
    order, confirmed = _applicant_columns(text[head.start():located[0].start], tcfg, warnings)
    perm = [order.index(k) for k in cols]  # printed place of each template column
    cands: dict[str, list[Split]] = {}
    unfit: list[str] = []
    cut: dict[str, list[Optional[int]]] = {}
    for loc in located:
        if loc.run is not None and _ends_text(text, loc.run):
            vals = _cut_cells(loc.run, ncols, where, f"row {loc.spec.key}", warnings, group=ncols,
                              total_at=order.index("total"))
            cut[loc.spec.key] = [vals[i] for i in perm]
            continue
        c = _row_candidates(loc, ncols, where, warnings, order.index("total"), unfit)
        if c is not None:
            cands[loc.spec.key] = [tuple(s[i] for i in perm) for s in c]
    if unfit and not confirmed:
        warnings.append(
            f"{where}: the header does not give the 申请人情况 columns' order and in rows {', '.join(unfit)} the template's "
            f"order does not make the applicant columns add up to 总计; {LEFT_OUT}"
        )
        return None, -1
    if not confirmed:
        warnings.append(f"{where}: the header does not give the 申请人情况 columns' order; read in the template's order, "
                        f"in which every row's applicant columns add up to 总计")
    unreadable = ncols * sum(1 for loc in located if loc.spec.key not in cands and loc.spec.key not in cut)
    cands = {k: c for k, c in cands.items() if c}
    results = [loc.spec.key for loc in located if loc.spec.key not in _NOT_RESULTS]
    identities = []
    for col in range(ncols):
        identities.append((["new_received", "carried_over"], ["total", "carried_forward"], col))
        if results and len(results) == len([k for k in results if k in cands]):
            identities.append((results, ["total"], col))
    cands = _joint_filter(cands, identities, cols, where, warnings)

    rows: dict[str, dict[str, Optional[int]]] = {}
    for loc in located:
        key = loc.spec.key
        if key in cut:
            rows[key] = dict(zip(cols, cut[key]))
            continue
        c = cands.get(key) or []
        vals = agreed_cells(c, ncols) if c else [None] * ncols
        if c and len(c) > 1:
            blank = [cols[i] for i, v in enumerate(vals) if v is None]
            warnings.append(
                f"{where}: row {key} digits '{loc.run.text}' split ambiguously ({show_splits(c, _cfg()['warn_candidates'])}); "
                f"cells {', '.join(blank)} left blank"
            )
        rows[key] = dict(zip(cols, vals))
    found = {loc.spec.key for loc in located}
    missing = [s.key for s in specs if s.key not in found and s.key not in _OTHER_2021 + ("other",)]
    if missing:
        warnings.append(f"{where}: rows not found: {', '.join(missing)}")
    end = max((loc.run.end if loc.run else loc.label_end) for loc in located)
    return Table(rows=rows, start=head.start(), end=end), unreadable


# ---------------------------------------------------------------- review / litigation


def _review(text: str, region: tuple[int, int], warnings: list[str]) -> tuple[Optional[ReviewLitigationTable], int]:
    where = "review_litigation"
    cfg = _cfg()
    tcfg = load_config("tables.yaml")["review_litigation"]
    groups, cols = tcfg["groups"], tcfg["columns"]
    head = first_phrase(text, cfg["headers"]["review_litigation"], *region)
    after = head.end() if head is not None else _bare_review(text, region)
    if after is None:
        return None, 0
    # the numbers after the column headings, up to the first sentence end; separate runs are separate cells
    stop = text.find("。", after, region[1])
    runs = read_runs(text, after, region[1] if stop < 0 else stop)
    if not runs:
        return None, 0
    run = Run(pieces=[p for r in runs for p in r.pieces], start=runs[0].start, end=runs[-1].end)
    n = len(groups) * len(cols)
    hcfg = tcfg["column_headers"]
    words = [w for part in ("columns", "top", "litigation") for w in hcfg[part].values()]
    how, places = review_order(flat_header_cells(text[region[0]:run.start], words), groups, cols, hcfg)
    if places is None:
        places = [(g, c) for g in groups for c in cols]
    elif how != UNCLEAR:
        shown = ", ".join(dict.fromkeys(g for g, _c in places)) + " × " + ", ".join(c for _g, c in places[:len(cols)])
        warnings.append(f"{where}: groups and columns printed in the order {shown}; read by the header")
    total_at = [c for _g, c in places[:len(cols)]].index("total")
    if head is None and (len("".join(run.pieces)) < n or _ends_text(text, run)):
        return None, 0  # without headings, too few digits for the table (or a cut run) is not read as one
    if _ends_text(text, run):
        vals = _cut_cells(run, n, where, "the table", warnings, group=len(cols), total_at=total_at)
        return _review_table(groups, places, vals, run), 0
    splits = split_run(run.pieces, n, cfg["max_digits"], len(cols), cfg["max_candidates"], cfg["max_search_nodes"],
                       total_at=total_at)
    if head is None and not splits:
        return None, 0  # without headings, only digits whose groups add up are the table
    if splits == [] and how == UNCLEAR:
        warnings.append(
            f"{where}: the header does not give the order of the columns (结果维持 … 总计) and in the template's order "
            f"the digits '{run.text}' give no groups that add up; {LEFT_OUT}"
        )
        return None, -1
    if how == UNCLEAR and splits:
        warnings.append(f"{where}: the header does not give the order of the columns (结果维持 … 总计); read in the "
                        f"template's order, in which the groups add up")
    if splits == []:
        forced = split_run(run.pieces, n, cfg["max_digits"], None, 1, cfg["max_search_nodes"])
        if forced and len(forced) == 1:
            splits = forced  # the layout forces the cells; the sum checks will report the printed mismatch
    if not splits:
        why = "have too many splits to try" if splits is None else f"have no split into {n} numbers whose groups add up"
        warnings.append(f"{where}: digits '{run.text}' {why}; cells left blank")
        vals: list[Optional[int]] = [None] * n
        unreadable = 0 if splits is None else n
    else:
        vals, unreadable = agreed_cells(splits, n), 0
        if len(splits) > 1:
            warnings.append(
                f"{where}: digits '{run.text}' split ambiguously ({show_splits(splits, cfg['warn_candidates'])}); "
                f"{sum(v is None for v in vals)} cells left blank"
            )
    return _review_table(groups, places, vals, run), unreadable


def _bare_review(text: str, region: tuple[int, int]) -> Optional[int]:
    """Where the digits start in a review section printed without its column headings (the crawler dropped the
    header rows): only when nothing but the section's heading stands before them (`四、…行政诉讼情况 100010000000000`)."""
    runs = read_runs(text, *region)
    if not runs:
        return None
    before = text[region[0]:runs[0].start].strip()
    if len(before) > _cfg()["bare_review_heading"] or re.search(r"[。，,；;：:]", before):
        return None
    return runs[0].start


def _review_table(groups: list[str], places: list[tuple[str, str]], vals: Sequence[Optional[int]],
                  run: Run) -> ReviewLitigationTable:
    cells: dict[str, dict[str, Optional[int]]] = {g: {} for g in groups}
    for (g, c), v in zip(places, vals):
        cells[g][c] = v
    data = {g: ReviewGroup(**cells[g]) for g in groups}
    return ReviewLitigationTable(**data, start=run.start, end=run.end)


# ---------------------------------------------------------------- active disclosure


def _narrative_hints(text: str, region: tuple[int, int]) -> dict[tuple[str, str], int]:
    """(row, column) -> the figure the prose outside the table states for it (only when stated one way)."""
    outside = text[: region[0]] + "\n" + text[region[1]:]
    hints: dict[tuple[str, str], int] = {}
    for row, by_col in (_cfg().get("narrative_hints") or {}).items():
        for col, patterns in by_col.items():
            vals = {int(m.group(1)) for p in patterns for m in re.finditer(p, outside)}
            if len(vals) == 1:
                hints[(row, col)] = vals.pop()
    return hints


_COUNT = r"0|[1-9]\d*"
_MONEY = r"(?:0|[1-9]\d*)(?:\.\d+)?"


def _single_value(run: Run, money: bool, unit: Optional[str]) -> Optional[float | int]:
    if len(run.pieces) != 1:
        return None
    t = run.pieces[0]
    if not re.fullmatch(_MONEY if money else _COUNT, t):
        return None
    return _money(t, unit) if money else int(t)


def _money(t: str, unit: Optional[str]) -> float:
    v = Decimal(t)
    if unit == "元":
        v = v / Decimal(10000)
    return float(v)


def _heading_unit(text: str, lo: int, hi: int, heading: Optional[str]) -> Optional[str]:
    """The unit the money column's heading printed before the row states (`本年收费金额（单位：元）`, `采购总金额（元）`)."""
    if not heading:
        return None
    m = first_phrase(text, [heading], lo, hi)
    if m is None:
        return None
    at = m.end() + len(text[m.end():hi]) - len(text[m.end():hi].lstrip())
    u = HEADING_UNIT.match(text, at, hi)
    return u.group(1) if u else None


def _money_splits(run: Run, ncount: int, signed_at: list[int]) -> Optional[list[tuple]]:
    """A row whose last column is money (政府集中采购: 采购项目数量, 采购总金额): the counts, then the amount with its
    decimals and any number of digits; whitespace is a cell boundary. None when there are too many to try."""
    cfg = _cfg()
    pieces = run.pieces
    if len(pieces) == ncount + 1:
        if all(re.fullmatch(_COUNT, p) for p in pieces[:-1]) and re.fullmatch(_MONEY, pieces[-1]):
            return [(*map(int, pieces[:-1]), pieces[-1])]
    out: list[tuple] = []
    last = pieces[-1]
    # the amount is the tail of the last piece (the whole piece when the counts stand in the pieces before it)
    for k in range(0 if len(pieces) > 1 else 1, len(last)):
        amount = last[k:]
        if not re.fullmatch(_MONEY, amount):
            continue
        head = pieces[:-1] + ([last[:k]] if k else [])
        counts = split_run(head, ncount, cfg["max_digits"], None, cfg["max_candidates"], cfg["max_search_nodes"], signed_at)
        if counts is None:
            return None
        out += [(*c, amount) for c in counts]
    return out


def _active(text: str, region: tuple[int, int], warnings: list[str]) -> tuple[Optional[Table], str, int]:
    where = "active_disclosure"
    cfg = _cfg()
    template = detect_template(text[region[0]:region[1]])
    rows_cfg = load_config("tables.yaml")["active_disclosure"]["templates"][template]["rows"]
    specs = [s for s in row_specs(rows_cfg) if s.columns]
    head = first_phrase(text, cfg["headers"]["active_disclosure"], *region)
    start = head.start() if head is not None else region[0]
    located = locate_rows(text, start, region[1], specs, signed=template == "2019")
    if head is None:
        # no printed column headings (the crawler dropped the header row): a table only when its row labels and
        # digit runs follow one another with nothing between them (`规章000行政规范性文件0021行政许可0…`), never prose
        if not _bare_rows(text, located, cfg["bare_min_rows"]):
            return None, template, 0
        start = located[0].start
    unreadable = 0
    for loc in located:
        if loc.run is None:
            warnings.append(f"{where}: row {loc.spec.key} has no numbers after its label; left out")
            unreadable += len(loc.spec.columns)
    located = [loc for loc in located if loc.run is not None]
    if not located:
        return None, template, 0
    hints = _narrative_hints(text, region)
    rows: dict[str, dict[str, Optional[float | int]]] = {}
    prev_end = start
    for loc in located:
        spec, run = loc.spec, loc.run
        assert run is not None
        cols = spec.columns
        money_at = [i for i, c in enumerate(cols) if c in spec.money]
        unit = run.unit or _heading_unit(text, prev_end, loc.start, rows_cfg[spec.key].get("money_header"))
        prev_end = run.end
        if _ends_text(text, run) and not money_at:
            signed = [i for i, c in enumerate(cols) if c in cfg.get("signed_columns", ())]
            rows[spec.key] = dict(zip(cols, _cut_cells(run, len(cols), where, f"row {spec.key}", warnings, signed_at=signed)))
            continue
        if _ends_text(text, run):
            warnings.append(f"{where}: the text ends inside row {spec.key} (digits '{run.text}'): the page may be cut "
                            f"off; cells left blank")
            rows[spec.key] = dict.fromkeys(cols)
            continue
        if len(cols) == 1:
            v = _single_value(run, cols[0] in spec.money, unit)
            if v is None:
                warnings.append(f"{where}: row {spec.key} digits '{run.text}' are not one number; cell left blank")
                unreadable += 1
            rows[spec.key] = {cols[0]: v}
            continue
        signed_at = [i for i, c in enumerate(cols) if c in cfg.get("signed_columns", ())]
        if money_at == [len(cols) - 1]:
            splits = _money_splits(run, len(cols) - 1, signed_at)
        else:
            splits = split_run(run.pieces, len(cols), cfg["max_digits"], None, cfg["max_candidates"],
                               cfg["max_search_nodes"], signed_at)
        too_many = splits is None
        splits = splits or []
        used = []
        for ci, col in enumerate(cols):
            h = hints.get((spec.key, col))
            if h is None or len(splits) <= 1:
                continue
            kept = [s for s in splits if s[ci] == h]
            if kept:
                splits = kept
                used.append(f"{col}={h}")
            else:
                warnings.append(f"{where}: the narrative states {spec.key}.{col} = {h}, which no split of '{run.text}' gives")
        vals = agreed_cells(splits, len(cols)) if splits else [None] * len(cols)
        vals = [_money(v, unit) if i in money_at and v is not None else v for i, v in enumerate(vals)]
        if not splits:
            unreadable += 0 if too_many else len(cols)
            why = "have too many splits to try" if too_many else f"cannot be split into {len(cols)} cells"
            warnings.append(f"{where}: row {spec.key} digits '{run.text}' {why}; cells left blank")
        elif len(splits) > 1:
            blank = [cols[i] for i, v in enumerate(vals) if v is None]
            warnings.append(
                f"{where}: row {spec.key} digits '{run.text}' split ambiguously into {len(cols)} cells "
                f"({show_splits(splits, cfg['warn_candidates'])}); cells {', '.join(blank)} left blank"
            )
        if used:
            warnings.append(
                f"{where}: row {spec.key} digits '{run.text}' split using figures stated in the narrative ({', '.join(used)})"
            )
        rows[spec.key] = dict(zip(cols, vals))
    end = max(loc.run.end for loc in located if loc.run)
    return Table(rows=rows, start=start, end=end), template, unreadable


def _bare_rows(text: str, located: Sequence[Located], min_rows: int) -> bool:
    """At least `min_rows` row labels, each followed at once by its digits, with nothing between one row's digits
    and the next row's label."""
    if len(located) < min_rows or any(loc.run is None for loc in located):
        return False
    if any(text[loc.label_end:loc.run.start].strip() for loc in located):
        return False
    return not any(text[a.run.end:b.start].strip() for a, b in zip(located, located[1:]))


# ---------------------------------------------------------------- entry point


TABLES = ("active_disclosure", "applications", "review_litigation")


def _n_cells(table: Table | ReviewLitigationTable) -> int:
    if isinstance(table, Table):
        return sum(len(row) for row in table.rows.values())
    return 15


def _read_table(
    name: str, text: str, region: tuple[int, int], warnings: list[str]
) -> tuple[Optional[Table | ReviewLitigationTable], Optional[str]]:
    """One table, kept only when it looks like a flattened table: no cell separators in the region and at
    most `max_unreadable` of its cells unreadable (no numbers, or digits no split fits; cells that several
    splits fit are ambiguous, not unreadable). Otherwise the region is other text and its warnings are dropped."""
    if re.search(r"[|\t]", text[region[0]:region[1]]):
        return None, None
    local: list[str] = []
    template = None
    if name == "active_disclosure":
        table, template, unreadable = _active(text, region, local)
    elif name == "applications":
        table, unreadable = _applications(text, region, local)
    else:
        table, unreadable = _review(text, region, local)
    if table is None and unreadable < 0:
        warnings.extend(local)  # left out on purpose: its warnings say why
        return None, None
    if table is None or unreadable > _cfg()["max_unreadable"] * _n_cells(table):
        return None, None
    warnings.extend(local)
    return table, template


def parse_flattened(
    text: str, sections: Sequence[Section], warnings: list[str], only: Optional[Collection[str]] = None
) -> Optional[tuple[Tables, Optional[str]]]:
    """The tables recovered from flattened text (all three, or those named in `only`), and the template;
    None when no table is found."""
    tcfg = load_config("tables.yaml")
    want = [n for n in TABLES if only is None or n in only]
    tables = Tables()
    template: Optional[str] = None
    for name in want:
        region = find_region(text, sections, name, tcfg[name]["anchors"])
        if region is None:
            continue
        table, tmpl = _read_table(name, text, region, warnings)
        setattr(tables, name, table)
        if name == "active_disclosure" and table is not None:
            template = tmpl
    if tables.active_disclosure is None and tables.applications is None and tables.review_litigation is None:
        return None
    if template is None and tables.applications is not None:
        template = "2019" if "other" in tables.applications.rows else "2021"
    return tables, template
