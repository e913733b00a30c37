"""Recognise table rows by meaning: match a logical row's label against the templates in
`configs/tables.yaml`, and place its values in the template's columns.

A missing row never shifts the others (rows are found by label, not by position) and a value
never lands in the wrong column: a row whose count of values does not fit its columns is left out
and named in the warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Optional, Sequence

from service.tables.bare_lines import pair_bare_lines
from service.tables.cells import Cell, LogicalRow
from service.tables.glued import glued_hit, unglued

_PUNCT = re.compile(r"[\s、.．,，:：;；()（）\[\]【】“”\"'‘’「」《》<>〈〉\-—_/／·]+")
_LEAD_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+|\d+)(?=\D)")
# a printed row label starts with a list marker: 一、 / (一) / 1. (checked on the raw label text)
_MARKER_START = re.compile(r"^\s*(?:[(（]\s*[一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[.．、])")


def clean_label(text: str) -> str:
    """Label text without whitespace and punctuation (list markers' numerals are kept)."""
    return _PUNCT.sub("", text)


def strip_marker(text: str) -> str:
    return _LEAD_MARKER.sub("", text, count=1)


@dataclass
class RowSpec:
    key: str
    label: str
    aliases: list[str]
    columns: list[str]
    money: tuple[str, ...] = ()


_SPECS_CACHE: dict[tuple, tuple[dict, list[RowSpec]]] = {}


def row_specs(rows_cfg: dict, default_columns: list[str] | None = None) -> list[RowSpec]:
    """The template's rows (built once per config object; callers must not mutate the list)."""
    cache_key = (id(rows_cfg), tuple(default_columns or ()))
    hit = _SPECS_CACHE.get(cache_key)
    if hit is not None and hit[0] is rows_cfg:
        return hit[1]
    specs = []
    for key, r in rows_cfg.items():
        specs.append(
            RowSpec(
                key=key,
                label=clean_label(r["label"]),
                aliases=[a if a.startswith("=") else clean_label(a) for a in r.get("aliases", [])],
                columns=list(r.get("columns") or default_columns or []),
                money=tuple(r.get("money", ())),
            )
        )
    _SPECS_CACHE[cache_key] = (rows_cfg, specs)
    return specs


def glued_label(row: LogicalRow, spec: Optional[RowSpec]) -> bool:
    """The row's last label cell is `spec`'s label glued after column headings (`…现行有效件数规章`): a row label,
    though it holds column headings, and the head of the numbers after it."""
    frags = _fragments(row)
    if spec is None or not frags:
        return False
    rest = unglued(frags[0], headed=True)
    if rest is None:
        return False
    return any(rest == clean_label(a[1:]) if a.startswith("=") else a in rest for a in spec.aliases)


def _fragments(row: LogicalRow) -> list[str]:
    """The label's cells, last first (the most specific label is printed last: 三、办理结果 | (一)予以公开)."""
    frags = [clean_label(c.text) for c in row.label]
    return [f for f in reversed(frags) if f]


_MATCH_CACHE: dict[tuple, Optional[RowSpec]] = {}


def match_label(row: LogicalRow, specs: list[RowSpec], fuzzy_threshold: float) -> Optional[RowSpec]:
    """The template row a label names, or None. Labels repeat across reports, so results are cached."""
    key = (id(specs), tuple(c.text for c in row.label), fuzzy_threshold)
    if key in _MATCH_CACHE:
        return _MATCH_CACHE[key]
    result = _match_label(row, specs, fuzzy_threshold)
    if len(_MATCH_CACHE) > 100_000:
        _MATCH_CACHE.clear()
    _MATCH_CACHE[key] = result
    return result


def _match_label(row: LogicalRow, specs: list[RowSpec], fuzzy_threshold: float) -> Optional[RowSpec]:
    frags = _fragments(row)
    if not frags:
        return None
    # joined label too, for labels a PDF split into several tokens (三 、本 年 度办 理 结果)
    candidates = frags + ["".join(reversed(frags))]
    # and without single characters of a vertically printed merged label (三、/本/年/度...) that PDF text
    # puts at the start of a line between the two halves of a wrapped label (`2.其他法律行政` / `度 法规禁止公开`)
    if len(frags) > 1 and any(len(f) == 1 for f in frags):
        candidates.append("".join(f for f in reversed(frags) if len(f) > 1))
    for n, frag in enumerate(candidates):
        best: tuple[int, Optional[RowSpec]] = (0, None)
        for spec in specs:
            for alias in spec.aliases:
                if alias.startswith("="):
                    a = clean_label(alias[1:])
                    # an exact label is the last fragment or the whole label: a group heading beside an item's
                    # label (`（六）其他处理 1.申请人无正` / `（六）其他处理  政机关不再处理…`) is not that row
                    # (or glued to the text before it in a crawled page: `…现行有效件数规章 0 0 0`)
                    hit = (frag == a or glued_hit(frag, a)) and (n == 0 or n >= len(frags))
                else:
                    a = alias
                    hit = a in frag
                if hit and len(a) > best[0]:
                    best = (len(a), spec)
        if best[1] is not None:
            return best[1]
    # tolerate lost characters: compare each fragment that starts with a list marker (so is a row's own
    # label, not the continuation of a wrapped label) with the canonical labels
    for i in range(len(row.label) - 1, -1, -1):
        if not _MARKER_START.match(row.label[i].text):
            continue
        # the label from the marker on (a group heading is not compared without the item label beside it)
        bare = strip_marker(clean_label("".join(c.text for c in row.label[i:])))
        if len(bare) < 4:
            continue
        scored = [(SequenceMatcher(None, bare, strip_marker(s.label)).ratio(), s) for s in specs]
        score, spec = max(scored, key=lambda t: t[0])
        if score >= fuzzy_threshold:
            return spec
    return None


def to_number(cell: Cell, money: bool) -> Optional[float | int]:
    """A cell's value: int for counts; float in 万元 for money columns (元 converted)."""
    if cell.kind != "num" or cell.value is None:
        return None
    v: Decimal = cell.value
    if money:
        if cell.unit == "元":
            v = v / Decimal(10000)
        return float(v)
    if cell.unit in ("万",):
        v = v * 10000
    if v == v.to_integral_value():
        return int(v)
    return float(v)


def fit_values(values: list[Cell], ncols: int) -> Optional[list[Cell]]:
    """Choose which value cells fill the row's columns, or None when they don't fit.

    Blank cells past the last column are stray cells of the layout (stream layout, colspans of a
    rendered HTML grid); so are blank cells standing before the numbers when what remains fills the
    columns exactly. More numbers than columns: don't guess."""
    vals = list(values)
    while len(vals) > ncols and vals[-1].kind == "blank":
        vals.pop()
    while len(vals) > ncols and vals[0].kind == "blank":
        vals.pop(0)
    if len(vals) == ncols:
        return vals
    nums = [c for c in vals if c.kind == "num"]
    if len(nums) == ncols:
        return nums
    return None


def _is_noise(row: LogicalRow) -> bool:
    """Single characters of a vertically printed merged label (三 / 、 / 本 / 年 ...)."""
    return not row.values and len(clean_label(row.label_text)) <= 1


def _label_only(row: LogicalRow) -> bool:
    """A line of label text: no values, short (once the headings glued in front of it are set aside), not a
    narrative sentence."""
    t = row.label_text
    if row.values or not t or t.rstrip().endswith(("。", ";", "；")):
        return False
    rest = unglued(clean_label(t)) if len(t) > 60 else t
    return rest is not None and len(rest) <= 60


def _is_header(row: LogicalRow, header_words: Sequence[str]) -> bool:
    """A label cell is a column heading (checked per cell: in the stream layout the cells of a header
    broken over lines run on into the next row's label)."""
    words = [clean_label(w) for w in header_words]
    return any(w in clean_label(c.text) for c in row.label for w in words)


# a column heading that is also a row's label (（七）总计): on a line of header pieces it is a header cell too
_HEADING_ALSO_ROW = "总计"
# a line that is one piece of a column heading this long is the header's (no row label is a piece of one)
_LONG_PIECE = 6


def _is_header_piece(row: LogicalRow, header_words: Sequence[str]) -> bool:
    """A line of a header (`自然人 法人或其他组织 总计`), or of a header whose cells are broken over lines
    (`商业 科研 社会公益` / `企业 机构 组织`): two or more cells, each a piece of a column heading, beside which
    a single character (`人 公益 服务 其他`: 自然/人) or 总计 may stand (`商业 科研 总计`); or one long piece
    (the 勾稽 note broken over lines: `本列数据的勾稽关系为：第一项加第二项之和，等`)."""
    if row.values:
        return False
    if _is_header(row, header_words):
        return True
    words = [clean_label(w) for w in header_words]
    cells = [t for t in (clean_label(c.text) for c in row.label) if t]
    pieces = [t for t in cells if len(t) >= 2 and any(t in w for w in words)]
    if len(cells) == 1:
        return len(pieces) == 1 and len(pieces[0]) >= _LONG_PIECE
    return len(pieces) >= 2 and all(t in pieces or len(t) == 1 or t == _HEADING_ALSO_ROW for t in cells)


def _has_numbers(row: LogicalRow) -> bool:
    return any(v.kind == "num" for v in row.values)


def _grid_continuation(row: LogicalRow) -> bool:
    """A grid line holding label text and empty cells only (`| 文件 | | | |`): the rest of a label cell that a
    converter split at its line break into a grid row of its own, below the line with the row's values."""
    return row.layout == "pipe" and bool(row.label) and bool(row.values) and all(
        v.kind == "blank" and not v.text for v in row.values)


def _quiet(row: LogicalRow, quiet_words: Sequence[str], header_words: Sequence[str]) -> bool:
    """A row left out without a warning: a 合计/小计 row, the 勾稽 note, a header cell beside numbers."""
    label = clean_label(row.label_text)
    return any(clean_label(w) in label for w in quiet_words) or _is_header(row, header_words)


@dataclass
class PlacedRow:
    spec: RowSpec
    cells: list[Cell]
    start: int
    end: int


def _joined(*rows: LogicalRow) -> LogicalRow:
    return LogicalRow(label=[c for r in rows for c in r.label], values=[], layout=rows[0].layout)


def assign_rows(
    lrows: list[LogicalRow],
    specs: list[RowSpec],
    fuzzy_threshold: float,
    table_name: str,
    warnings: list[str],
    header_words: Sequence[str] = (),
    quiet_words: Sequence[str] = (),
) -> dict[str, PlacedRow]:
    """Place each logical row that carries values into its template row.

    1. A row whose own label is recognised takes its values (the usual case in every layout).
    2. In PDF text a row's numbers may sit on the line before or after its label, and a wrapped label
       may be split around them (`5.要求行政机关确认或重` / numbers / `新出具已获取信息`). The remaining
       value rows are paired with adjacent label lines: a dynamic programme over the sequence of
       label lines and value lines (a single character may continue a label, never open one; header
       lines repeated after a page break skipped) chooses the most
       pairs; a pairing is a value line with up to three label lines above and/or below it, its label
       recognised on the joined text (lines below that are row labels on their own are not taken as
       continuations). Among pairings with as many pairs, those whose labels open with
       a list marker (1. / (一) / 一、, a new row rather than the continuation of a wrapped label) win,
       then those pairing values with the label that follows them (the order PDF text layers print
       single-line labels in).
    Before 2., a table written as bare lines (the label, then its values one to a line) is read label first
    where that reading places more rows (`bare_lines.py`); where the layout cannot tell, the rows are left out and
    named in the warnings.
    A grid row (not PDF text, where prose numbers stand in the region) that carries numbers and a label and is
    placed nowhere is named in the warnings, unless `quiet_words` (合计, the 勾稽 note) or a header word name it."""
    placed: dict[str, PlacedRow] = {}

    def fit_or_warn(spec: RowSpec, values: list[Cell], label_text: str) -> Optional[list[Cell]]:
        cells = fit_values(values, len(spec.columns))
        if cells is None:
            warnings.append(
                f"{table_name}: row {spec.key} ('{label_text[:30]}') has {len([v for v in values if v.kind == 'num'])} "
                f"numbers for {len(spec.columns)} columns; left out"
            )
        return cells

    def place(spec: RowSpec, cells: list[Cell], rows: list[LogicalRow]) -> None:
        if spec.key in placed:
            warnings.append(f"{table_name}: row {spec.key} printed twice; the first is kept")
            return
        placed[spec.key] = PlacedRow(spec, cells, min(r.start for r in rows), max(r.end for r in rows))

    # a line of prose (no values, longer than any label line) is never a row: don't match it
    matches = [
        match_label(r, specs, fuzzy_threshold) if r.label and (r.values or _label_only(r)) else None for r in lrows
    ]
    # 1. rows that carry their own recognised label and numbers
    own: set[int] = set()
    for i, row in enumerate(lrows):
        spec = matches[i]
        if spec is None or not _has_numbers(row):
            continue
        cells = fit_or_warn(spec, row.values, row.label_text)
        own.add(i)  # a recognised row is a barrier for pairing even when its values don't fit
        if cells is not None:
            place(spec, cells, [row])

    def _bare_spec(idx: list[int]) -> Optional[RowSpec]:
        spec = match_label(_joined(*[lrows[j] for j in idx]), specs, fuzzy_threshold)
        return None if spec is None or spec.key in placed else spec

    def broken_by_page(i: int) -> bool:
        # a grid row broken by a page break (Word lets a row break across pages): its label's first part with
        # every cell blank on one page, then (past the page's running header and a repeated header) a grid row
        # with the numbers whose label, opening with no list marker, is the rest of it
        if lrows[i].layout == "space":
            return False
        for j in range(i + 1, min(i + 8, len(lrows))):
            row = lrows[j]
            if _has_numbers(row):
                return row.layout != "space" and bool(row.label) and matches[j] is None \
                    and not _MARKER_START.match(row.label[0].text)
            if matches[j] is not None and row.values and not _is_header(row, header_words):
                return False  # (a line of text alone between them: the running header, a header cell's words)
        return False

    # 1b. a recognised row printed with every cell blank (`行政处罚 |  |`), unless a header row
    #     (`自然人 | 法人或其他组织 | 总计 | | |` ends in a row's label but is a header) or the first part of a
    #     row broken by a page break (its label is paired with the numbers below it in 2., else it is blank)
    broken: set[int] = set()
    for i, row in enumerate(lrows):
        spec = matches[i]
        if spec is None or i in own or not row.values or _has_numbers(row) or spec.key in placed:
            continue
        if _is_header(row, header_words):
            continue
        if broken_by_page(i):
            broken.add(i)
            continue
        cells = fit_values(row.values, len(spec.columns))
        if cells is not None:
            own.add(i)
            place(spec, cells, [row])

    # 1c. tables written as bare lines (label, then its values one per line): read label first where that
    #     places more rows than the PDF order (values, then label) would; undecidable chains left out, warned
    bare = pair_bare_lines(
        lrows, own | broken, table_name, warnings,
        label_only=lambda r: _label_only(r) and not _is_noise(r),
        match=_bare_spec,
        fits=lambda spec, values: fit_values(values, len(spec.columns)) is not None,
        ncols=lambda spec: len(spec.columns),
    )
    for pair in bare.pairs:
        place(pair.spec, fit_values(pair.values, len(pair.spec.columns)) or [],
              [lrows[j] for j in pair.label_idx + pair.value_idx])
    own |= bare.consumed

    # 2. value rows without a recognised label, paired with adjacent label lines
    segments: list[list[int]] = [[]]
    for i, row in enumerate(lrows):
        if i in own:
            segments.append([])
        elif _has_numbers(row):
            # in the grid layouts a line is a row, but a label cell broken over lines (a Word table saved as
            # text: `(二)部分公开(区分处理的,` / `只计这一情形…) | 4 | 1 …`) ends on the line with the values:
            # such a line looks for the start of its label above it only
            segments[-1].append(i)
        elif _is_header_piece(row, header_words) and not glued_label(row, matches[i]):
            continue  # a header repeated after a page break stands between the two lines of a broken row
        elif _label_only(row) or i in broken or (
                matches[i] is None and _grid_continuation(row) and not _is_header(row, header_words)):
            # a single character is either part of a vertically printed merged label (三/本/年/度) or the
            # last character of a wrapped label (`（一）予以公` / `开`): it may continue a label, never open one
            segments[-1].append(i)

    def pair_spec(idx: tuple[int, ...]) -> Optional[RowSpec]:
        rows = [lrows[j] for j in idx]
        spec = match_label(_joined(*rows), specs, fuzzy_threshold)
        if spec is None or spec.key in placed:
            return None
        values = next(r.values for r in rows if _has_numbers(r))
        return spec if fit_values(values, len(spec.columns)) is not None else None

    def starts_row(first: LogicalRow) -> int:
        # the label line that opens a pairing starts with a list marker (a new row), not a continuation
        return 1 if any(_MARKER_START.match(c.text) for c in first.label) else 0

    max_lines = 3  # label lines a wrapped label may take on either side of its numbers
    used: set[int] = {j for p in bare.pairs for j in p.label_idx} | bare.undecided  # lines paired into a row

    for seg in segments:
        n = len(seg)
        is_val = [_has_numbers(lrows[j]) for j in seg]
        # a grid line with its own (unrecognised) label: only lines above it can complete that label
        grid_labelled = [lrows[j].layout != "space" and bool(lrows[j].label) and is_val[x] for x, j in enumerate(seg)]
        alone = [matches[j] is not None for j in seg]
        noise = [_is_noise(lrows[j]) for j in seg]
        glued = [glued_label(lrows[j], matches[j]) for j in seg]
        # best[k] = (pairs, pairings opened by a marker, values paired with the following label, choice)
        # for tokens seg[k:]; a choice (before, after, spec) pairs the value line at k + before with the
        # `before` label lines above it and the `after` label lines below it
        best: list[tuple[int, int, int, Optional[tuple]]] = [(0, 0, 0, None)] * (n + 1)
        for k in range(n - 1, -1, -1):
            options = [best[k + 1][:3] + (None,)]
            for before in range(0, max_lines + 1):
                v = k + before
                if v >= n or not is_val[v] or any(is_val[k:v]) or (before and noise[k]):
                    continue
                for after in range(0, max_lines + 1):
                    end = v + 1 + after
                    if before + after == 0 or end > n or any(is_val[v + 1:end]):
                        continue
                    # a grid line's own label is completed below it only by the empty-celled rest of its cell
                    if grid_labelled[v] and not all(_grid_continuation(lrows[j]) for j in seg[v + 1:end]):
                        continue
                    if not before and not lrows[seg[v]].label and noise[v + 1]:
                        continue  # a single character is no row's whole label
                    if not before and glued[v + 1]:
                        continue  # a label printed after column headings heads the numbers below it, not those above
                    spec = pair_spec(tuple(seg[k:end]))
                    if spec is None:
                        continue
                    # lines below the numbers continue a label begun above them (or, with no line
                    # above, the first line below is the label and the rest continue it). A line that
                    # is a row label on its own is a continuation only when it opens with no list
                    # marker, names the same row, and the label before it is not recognised without it
                    conts = range(v + 1, end) if before else range(v + 2, end)
                    if any(
                        alone[c]
                        and (starts_row(lrows[seg[c]]) or matches[seg[c]] is not spec or pair_spec(tuple(seg[k:c])) is not None)
                        for c in conts
                    ):
                        continue
                    first = lrows[seg[k]] if before or lrows[seg[v]].label else lrows[seg[v + 1]]
                    b = best[end]
                    options.append((b[0] + 1, b[1] + starts_row(first), b[2] + (0 if before else 1), (before, after, spec)))
            best[k] = max(options, key=lambda o: o[:3])
        k = 0
        while k < n:
            choice = best[k][3]
            if choice is None:
                row = lrows[seg[k]]
                if is_val[k] and not row.label and len(row.values) >= 2:
                    nums = " ".join(v.text for v in row.values)
                    warnings.append(f"{table_name}: numbers '{nums[:40]}' could not be placed in a row")
                elif is_val[k] and row.label and row.layout != "space" and not _quiet(row, quiet_words, header_words):
                    nums = " ".join(v.text or "_" for v in row.values)
                    warnings.append(f"{table_name}: row '{row.label_text[:30]}' ({nums[:40]}) names no row of the "
                                    "template; left out")
                k += 1
                continue
            before, after, spec = choice
            width = before + 1 + after
            rows = [lrows[j] for j in seg[k:k + width]]
            vrow = rows[before]
            cells = fit_or_warn(spec, vrow.values, _joined(*rows).label_text)
            if cells is not None:
                place(spec, cells, rows)
            used.update(seg[k:k + width])
            k += width
    for i in sorted(broken):  # not paired with numbers: printed blank
        spec = matches[i]
        cells = None if i in used or spec.key in placed else fit_values(lrows[i].values, len(spec.columns))
        if cells is not None:
            place(spec, cells, [lrows[i]])
    # 3. a one-column row printed as its label alone, its number neither beside nor next to it: a PDF
    #    table without rules drops a blank cell (`行政强制` under 本年处理决定数量), so the cell is blank
    for i, row in enumerate(lrows):
        spec = matches[i]
        if spec is not None and len(spec.columns) == 1 and not row.values and i not in used \
                and spec.key not in placed and _label_only(row) \
                and (not _is_header(row, header_words) or glued_label(row, spec)):
            place(spec, [Cell(kind="blank", text="", start=row.end, end=row.end)], [row])
    #    so in crawled text joined by spaces, where a blank cell vanishes and the label runs into the next row's
    #    (`…本年处理决定数量行政处罚 行政强制 21`): a label cell before the one that names the row
    for i, row in enumerate(lrows):
        if row.layout != "space" or matches[i] is None or not _has_numbers(row):
            continue
        for c in row.label[:-1]:
            alone = LogicalRow(label=[c], values=[], layout=row.layout)
            spec = match_label(alone, specs, fuzzy_threshold)
            if spec is not None and len(spec.columns) == 1 and spec.key not in placed and spec is not matches[i] \
                    and (clean_label(c.text) in (clean_label(a.lstrip("=")) for a in spec.aliases) or glued_label(alone, spec)):
                place(spec, [Cell(kind="blank", text="", start=c.end, end=c.end)], [alone])
    return placed


def rows_to_dict(placed: dict[str, PlacedRow], specs: list[RowSpec], table_name: str, warnings: list[str]) -> dict:
    """`{ROW: {COL: value}}` in template order; blank cells are null and named in the warnings."""
    out: dict[str, dict] = {}
    for spec in specs:
        p = placed.get(spec.key)
        if p is None:
            continue
        vals = {}
        for col, cell in zip(spec.columns, p.cells):
            v = to_number(cell, col in spec.money)
            if v is None:
                warnings.append(f"{table_name}: blank cell at {spec.key}.{col} (counted as 0 in checks)")
            vals[col] = v
        out[spec.key] = vals
    return out
