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
The applications and review/litigation columns are read in the order the flattened header prints them
(column_order.py: 法人或其他组织 before 自然人, 总计 first, 行政诉讼 before 行政复议, …); the sum identity follows
总计 wherever it is printed. Without a header that gives the order, the template's order is used only when
every row (group) adds up in it; otherwise the table is left out with a warning (`LEFT_OUT`).
Written here because no library splits digit runs under sum constraints.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Collection, Optional, Sequence

from service.config import load_config
from service.record import ReviewGroup, ReviewLitigationTable, Section, Table, Tables
from service.tables.active_disclosure import detect_template
from service.tables.column_order import UNCLEAR, flat_header_cells, names_every_column, printed_order, review_order
from service.tables.regions import find_region
from service.tables.rows import RowSpec, clean_label, row_specs

_RUN = re.compile(r"\d[\d.\s]*")
# the 2019 template's 本年增/减 column is signed (`35-2410`): a sign opens a new cell
_SIGNED_RUN = re.compile(r"[+\-−]?\d[\d.\s]*(?:[+\-−]\d[\d.\s]*)*")
_SIGN = "+-−"
_OTHER_2021 = ("other_no_correction", "other_unpaid_fee", "other_other")
_NOT_RESULTS = ("new_received", "carried_over", "total", "carried_forward")

Split = tuple[int, ...]
# ends the warning for a table left out because the order of its columns is not clear
LEFT_OUT = "table left out rather than read in an order the header does not confirm"


@dataclass
class Run:
    """The digits printed after one label: whitespace-separated pieces, each one or more cells."""

    pieces: list[str]
    start: int
    end: int
    unit: Optional[str] = None

    @property
    def text(self) -> str:
        return " ".join(self.pieces)


@dataclass
class Located:
    spec: RowSpec
    start: int
    label_end: int
    run: Optional[Run] = None


def _cfg() -> dict:
    return load_config("flattened.yaml")


def _phrase_re(phrase: str) -> re.Pattern:
    # punctuation and spaces may stand between a label's characters in the flattened text
    return re.compile(r"[^\w]*".join(re.escape(c) for c in phrase))


def _alias_patterns(spec: RowSpec) -> list[re.Pattern]:
    phrases = [clean_label(a[1:]) if a.startswith("=") else a for a in spec.aliases] + [spec.label]
    return [_phrase_re(p) for p in dict.fromkeys(p for p in phrases if p)]


def _first(text: str, phrases: Sequence[str], start: int, end: int) -> Optional[re.Match]:
    hits = [m for p in phrases if (m := _phrase_re(p).search(text, start, end))]
    return min(hits, key=lambda m: (m.start(), -m.end())) if hits else None


def _read_run(text: str, start: int, end: int, signed: bool = False) -> Optional[Run]:
    """The first digit run in text[start:end], without the list marker of the next label (`…00000002.其他`).
    With `signed`, a sign inside the run starts a new piece (`35-2410` -> `35`, `-2410`)."""
    m = (_SIGNED_RUN if signed else _RUN).search(text, start, end)
    if not m:
        return None
    raw = m.group().rstrip()
    after = text[m.start() + len(raw): end]
    if re.search(r"\d\.$", raw) and not after[:1].isdigit():
        raw = raw[:-2]  # "2." opens the next label
    elif raw.endswith("."):
        raw = raw[:-1]
    elif after.startswith("、") and len(raw) > 1:
        raw = raw[:-1]  # "2、" opens the next label
    raw = raw.rstrip()
    if not raw:
        return None
    rest = text[m.start() + len(raw): end].lstrip()
    unit = "万元" if rest.startswith("万元") else "元" if rest.startswith("元") else None
    pieces = [q for p in raw.split() for q in (re.split(r"(?=[+\-−])", p) if signed else [p]) if q]
    return Run(pieces=pieces, start=m.start(), end=m.start() + len(raw), unit=unit)


def _search(spec: RowSpec, text: str, pos: int, end: int) -> Optional[re.Match]:
    hits = [m for p in _alias_patterns(spec) if (m := p.search(text, pos, end))]
    return min(hits, key=lambda h: (h.start(), -h.end())) if hits else None


def _locate(text: str, start: int, end: int, specs: list[RowSpec], lookahead: int = 3,
            signed: bool = False) -> list[Located]:
    """Each template row's label, searched in template order; a row not found is skipped. A label found
    after the labels of the rows that follow it in the template is taken to be other text (not the row)."""
    found: list[Located] = []
    pos = start
    for i, spec in enumerate(specs):
        m = _search(spec, text, pos, end)
        if m is None:
            continue
        later = [h.start() for s in specs[i + 1:i + 1 + lookahead] if (h := _search(s, text, pos, end))]
        if later and min(later) < m.start():
            continue
        found.append(Located(spec, m.start(), m.end()))
        pos = m.end()
    for i, loc in enumerate(found):
        seg_end = found[i + 1].start if i + 1 < len(found) else end
        loc.run = _read_run(text, loc.label_end, seg_end, signed)
    return found


class _Budget(Exception):
    pass


def split_run(pieces: Sequence[str], n: int, max_digits: int, group: Optional[int] = None,
              limit: int = 200, max_nodes: int = 200000, signed_at: Collection[int] = (),
              total_at: Optional[int] = None) -> Optional[list[Split]]:
    """All ways to cut the pieces into n numbers, or None when there are more than `limit` of them or the
    search visits more than `max_nodes` states (a partial list could miss the true split).

    With `group`, the number at place `total_at` of every group of `group` numbers (default: the last) must be
    the sum of the group's other numbers. A piece that opens with a sign (`-2410`) starts a number that must
    fall in one of the `signed_at` columns."""
    at = group - 1 if group and total_at is None else total_at
    out: list[Split] = []
    nodes = [0]
    signs = [p[0] if p[:1] and p[0] in _SIGN else "" for p in pieces]
    pieces = [p[len(sg):] for p, sg in zip(pieces, signs)]
    lens = [len(p) for p in pieces]

    def rec(pi: int, off: int, acc: list[int]) -> None:
        nodes[0] += 1
        if nodes[0] > max_nodes:
            raise _Budget
        if len(out) > limit:
            raise _Budget
        left = n - len(acc)
        if pi == len(pieces):
            if left == 0:
                out.append(tuple(acc))
            return
        digits_left = lens[pi] - off + sum(lens[pi + 1:])
        if left < len(pieces) - pi or digits_left < left:
            return
        piece = pieces[pi]
        if group and (len(acc) + 1) % group == 0:
            # the group's last number is fixed by the others: the sum, or the total less the other counts
            members = acc[-(group - 1):]
            last = sum(members) if at == group - 1 else 2 * members[at] - sum(members)
            if last < 0:
                return
            s = str(last)
            if piece.startswith(s, off):
                noff = off + len(s)
                rec(pi + 1, 0, acc + [int(s)]) if noff == lens[pi] else rec(pi, noff, acc + [int(s)])
            return
        for ln in range(1, min(max_digits, lens[pi] - off) + 1):
            t = piece[off:off + ln]
            if ln > 1 and t[0] == "0":
                break
            if off == 0 and signs[pi] and len(acc) not in signed_at:
                return
            v = -int(t) if off == 0 and signs[pi] in ("-", "−") else int(t)
            noff = off + ln
            if noff == lens[pi]:
                rec(pi + 1, 0, acc + [v])
            else:
                rec(pi, noff, acc + [v])

    if not all(p.isdigit() for p in pieces):
        return []
    try:
        rec(0, 0, [])
    except _Budget:
        return None
    return out


def _show(splits: Sequence[Split], k: int) -> str:
    shown = ", ".join("|".join(map(str, s)) for s in splits[:k])
    return shown + (f" … ({len(splits)} in all)" if len(splits) > k else "")


def _resolve(splits: Sequence[Split], n: int) -> list[Optional[int]]:
    """Cells on which all candidate splits agree; the others null."""
    return [splits[0][i] if len({s[i] for s in splits}) == 1 else None for i in range(n)]


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
    head = _first(text, _cfg()["headers"]["applications"], *region)
    if head is None:
        return None, 0  # no printed table heading: the region is prose
    # 2021 template: (六)其他处理 is a group heading over three rows; 2019: one row
    other_2021 = [s for s in specs if s.key in _OTHER_2021]
    is_2021 = any(_search(s, text, head.start(), region[1]) for s in other_2021)
    dropped = ("other",) if is_2021 else _OTHER_2021
    specs = [s for s in specs if s.key not in dropped]
    located = _locate(text, head.start(), region[1], specs)
    if not located:
        return None, 0
    cols = list(tcfg["columns"])
    ncols = len(cols)
    order, confirmed = _applicant_columns(text[head.start():located[0].start], tcfg, warnings)
    perm = [order.index(k) for k in cols]  # printed place of each template column
    cands: dict[str, list[Split]] = {}
    unfit: list[str] = []
    for loc in located:
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
    unreadable = ncols * sum(1 for loc in located if loc.spec.key not in cands)
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
        c = cands.get(key) or []
        vals = _resolve(c, ncols) if c else [None] * ncols
        if c and len(c) > 1:
            blank = [cols[i] for i, v in enumerate(vals) if v is None]
            warnings.append(
                f"{where}: row {key} digits '{loc.run.text}' split ambiguously ({_show(c, _cfg()['warn_candidates'])}); "
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
    head = _first(text, cfg["headers"]["review_litigation"], *region)
    if head is None:
        return None, 0
    # the numbers after the column headings, up to the first sentence end; separate runs are separate cells
    stop = text.find("。", head.end(), region[1])
    runs = [r for m in _RUN.finditer(text, head.end(), region[1] if stop < 0 else stop)
            if (r := _read_run(text, m.start(), m.end()))]
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
    splits = split_run(run.pieces, n, cfg["max_digits"], len(cols), cfg["max_candidates"], cfg["max_search_nodes"],
                       total_at=total_at)
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
        vals, unreadable = _resolve(splits, n), 0
        if len(splits) > 1:
            warnings.append(
                f"{where}: digits '{run.text}' split ambiguously ({_show(splits, cfg['warn_candidates'])}); "
                f"{sum(v is None for v in vals)} cells left blank"
            )
    cells: dict[str, dict[str, Optional[int]]] = {g: {} for g in groups}
    for (g, c), v in zip(places, vals):
        cells[g][c] = v
    data = {g: ReviewGroup(**cells[g]) for g in groups}
    return ReviewLitigationTable(**data, start=run.start, end=run.end), unreadable


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


def _single_value(run: Run, money: bool) -> Optional[float | int]:
    if len(run.pieces) != 1:
        return None
    t = run.pieces[0]
    if not re.fullmatch(r"(?:0|[1-9]\d*)(?:\.\d+)?" if money else r"0|[1-9]\d*", t):
        return None
    if not money:
        return int(t)
    v = Decimal(t)
    if run.unit == "元":
        v = v / Decimal(10000)
    return float(v)


def _active(text: str, region: tuple[int, int], warnings: list[str]) -> tuple[Optional[Table], str, int]:
    where = "active_disclosure"
    cfg = _cfg()
    template = detect_template(text[region[0]:region[1]])
    specs = [s for s in row_specs(load_config("tables.yaml")["active_disclosure"]["templates"][template]["rows"]) if s.columns]
    head = _first(text, cfg["headers"]["active_disclosure"], *region)
    if head is None:
        return None, template, 0  # no printed column headings: the region is prose
    located = _locate(text, head.start(), region[1], specs, signed=template == "2019")
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
    for loc in located:
        spec, run = loc.spec, loc.run
        assert run is not None
        cols = spec.columns
        if len(cols) == 1:
            v = _single_value(run, cols[0] in spec.money)
            if v is None:
                warnings.append(f"{where}: row {spec.key} digits '{run.text}' are not one number; cell left blank")
                unreadable += 1
            rows[spec.key] = {cols[0]: v}
            continue
        signed_at = [i for i, c in enumerate(cols) if c in cfg.get("signed_columns", ())]
        splits = split_run(run.pieces, len(cols), cfg["max_digits"], None, cfg["max_candidates"], cfg["max_search_nodes"],
                           signed_at)
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
        vals = _resolve(splits, len(cols)) if splits else [None] * len(cols)
        if not splits:
            unreadable += 0 if too_many else len(cols)
            why = "have too many splits to try" if too_many else f"cannot be split into {len(cols)} cells"
            warnings.append(f"{where}: row {spec.key} digits '{run.text}' {why}; cells left blank")
        elif len(splits) > 1:
            blank = [cols[i] for i, v in enumerate(vals) if v is None]
            warnings.append(
                f"{where}: row {spec.key} digits '{run.text}' split ambiguously into {len(cols)} cells "
                f"({_show(splits, cfg['warn_candidates'])}); cells {', '.join(blank)} left blank"
            )
        if used:
            warnings.append(
                f"{where}: row {spec.key} digits '{run.text}' split using figures stated in the narrative ({', '.join(used)})"
            )
        rows[spec.key] = dict(zip(cols, vals))
    end = max(loc.run.end for loc in located if loc.run)
    return Table(rows=rows, start=head.start(), end=end), template, unreadable


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
