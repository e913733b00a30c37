"""Digit runs of a flattened table (`规章000行政规范性文件6233440`): the digits printed after one row label, and
every way to cut them into the row's cells under the table's sum identities.

Written here because no library splits digit runs under sum constraints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Collection, Optional, Sequence

_RUN = re.compile(r"\d[\d.\s]*")
# the 2019 template's 本年增/减 column is signed (`35-2410`, or in words: `21减少3164`, `4增加257`): a sign
# opens a new cell
_SIGNED_RUN = re.compile(r"(?:[+\-−]|增加|减少)?\d[\d.\s]*(?:(?:[+\-−]|增加|减少)\d[\d.\s]*)*")
_SIGN = "+-−"
# a year closing a run that 年 follows belongs to the prose after the table, never to a cell
_YEAR_TAIL = re.compile(r"(?:19|20)\d\d$")
_SIGN_WORDS = {"增加": "+", "减少": "-"}

Split = tuple[int, ...]


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


def read_run(text: str, start: int, end: int, signed: bool = False) -> Optional[Run]:
    """The first digit run in text[start:end], without the list marker of the next label (`…00000002.其他`).
    With `signed`, a sign inside the run starts a new piece (`35-2410` -> `35`, `-2410`)."""
    m = (_SIGNED_RUN if signed else _RUN).search(text, start, end)
    if not m:
        return None
    raw = m.group().rstrip()
    after = text[m.start() + len(raw): end]
    year = _YEAR_TAIL.search(raw)
    if year and text[m.start() + len(raw): m.start() + len(raw) + 1] == "年" and year.start() > 0:
        # `…尚未审结总计0000010001000002023年，我局…`: the prose after the table opens with a year (its heading lost)
        raw, after = raw[:year.start()].rstrip(), text[m.start() + year.start(): end]
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
    end_at = m.start() + len(raw)
    if signed:
        for word, sign in _SIGN_WORDS.items():
            raw = raw.replace(word, sign)
    pieces = [q for p in raw.split() for q in (re.split(r"(?=[+\-−])", p) if signed else [p]) if q]
    return Run(pieces=pieces, start=m.start(), end=end_at, unit=unit)


def read_runs(text: str, start: int, end: int) -> list[Run]:
    """Every digit run in text[start:end], in order."""
    return [r for m in _RUN.finditer(text, start, end) if (r := read_run(text, m.start(), m.end()))]


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
    after = [sum(lens[i:]) for i in range(len(lens) + 1)]  # digits in pieces[i:]

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
        digits_left = lens[pi] - off + after[pi + 1]
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
    # more digits than n numbers can hold (max_digits each, a group's sum a digit or two wider) is no split: without
    # this a run of hundreds of digits was searched to the node budget, once per row and again without the sums
    if after[0] > n * (max_digits + (len(str(group)) if group else 0)):
        return []
    try:
        rec(0, 0, [])
    except _Budget:
        return None
    return out


def split_cut(pieces: Sequence[str], n: int, max_digits: int, group: Optional[int] = None, max_nodes: int = 200000,
              signed_at: Collection[int] = (), total_at: Optional[int] = None) -> Optional[list[Split]]:
    """The readings of a run the text ends inside (a page cut off by the crawler): every way to read its digits as
    the start of n numbers, each reading the numbers wholly printed (the one the cut falls in is left out, and so is
    every later one); a complete group must add up as in `split_run`, the cut one cannot be checked. None when the
    search visits more than `max_nodes` states."""
    at = group - 1 if group and total_at is None else total_at
    out: list[Split] = []
    nodes = [0]
    signs = [p[0] if p[:1] and p[0] in _SIGN else "" for p in pieces]
    pieces = [p[len(sg):] for p, sg in zip(pieces, signs)]
    if not all(p.isdigit() for p in pieces):
        return []

    def rec(pi: int, off: int, acc: list[int]) -> None:
        nodes[0] += 1
        if nodes[0] > max_nodes:
            raise _Budget
        if pi == len(pieces):
            out.append(tuple(acc))  # the cut falls between two numbers (or after the last)
            return
        if len(acc) == n:
            return
        piece, last_piece = pieces[pi], pi == len(pieces) - 1
        fixed = None
        if group and (len(acc) + 1) % group == 0:
            members = acc[-(group - 1):]
            total = sum(members) if at == group - 1 else 2 * members[at] - sum(members)
            if total < 0:
                return
            fixed = str(total)
        if off == 0 and signs[pi] and len(acc) not in signed_at:
            return
        for ln in range(1, min(max_digits, len(piece) - off) + 1):
            t = piece[off:off + ln]
            if ln > 1 and t[0] == "0":
                break
            v = -int(t) if off == 0 and signs[pi] in ("-", "−") else int(t)
            ends = off + ln == len(piece)
            if last_piece and ends and t != "0" and ln < max_digits and (fixed is None or (len(fixed) > ln and fixed.startswith(t))):
                out.append(tuple(acc))  # the cut falls inside this number
            if fixed is not None and t != fixed:
                continue
            if ends:
                rec(pi + 1, 0, acc + [v])
            else:
                rec(pi, off + ln, acc + [v])

    try:
        rec(0, 0, [])
    except _Budget:
        return None
    return list(dict.fromkeys(out))


def cut_cells(readings: Sequence[Split], n: int) -> list[Optional[int]]:
    """Cells every reading of a cut run prints, and prints alike; the others null."""
    return [readings[0][i] if readings and all(len(r) > i for r in readings) and len({r[i] for r in readings}) == 1
            else None for i in range(n)]


def show_splits(splits: Sequence[Split], k: int) -> str:
    shown = ", ".join("|".join(map(str, s)) for s in splits[:k])
    return shown + (f" … ({len(splits)} in all)" if len(splits) > k else "")


def agreed_cells(splits: Sequence[Split], n: int) -> list[Optional[int]]:
    """Cells on which all candidate splits agree; the others null."""
    return [splits[0][i] if len({s[i] for s in splits}) == 1 else None for i in range(n)]
