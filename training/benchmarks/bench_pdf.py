"""Benchmark PDF ingest (not a test): seconds per corpus PDF for `service.ingest.load_document`,
median of `--runs` runs each, with the machine named. `--compare` also times the pdfminer-only
engine (`pdf.engine: pdfminer` in configs/ingest.yaml) and checks both give the same text.

    .venv/bin/python training/benchmarks/bench_pdf.py [--runs 5] [--compare]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from service.ingest import load_document  # noqa: E402
from service.ingest import pdf as pdf_ingest  # noqa: E402
from training.benchmarks.bench_batch import machine  # noqa: E402


def seconds(path: Path, runs: int, engine: str) -> tuple[float, str]:
    """Median seconds of `runs` ingests of `path` with the given engine, and the text."""
    settings = dict(pdf_ingest._settings(), engine=engine)
    original = pdf_ingest._settings
    pdf_ingest._settings = lambda: settings
    try:
        text = load_document(path).text  # warm-up: imports, CMaps
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            load_document(path)
            times.append(time.perf_counter() - t0)
    finally:
        pdf_ingest._settings = original
    return statistics.median(times), text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "pdf")
    ap.add_argument("--compare", action="store_true", help="also time the pdfminer-only engine")
    a = ap.parse_args()
    pdfs = sorted(a.corpus.glob("*.pdf"))
    if not pdfs:
        sys.exit(f"no PDFs in {a.corpus}")
    engine = pdf_ingest._settings()["engine"]
    print(f"machine: {machine()}")
    print(f"engine:  {engine} (median of {a.runs} runs per PDF)")
    total_new = total_old = 0.0
    for p in pdfs:
        new, text = seconds(p, a.runs, engine)
        total_new += new
        line = f"{p.name:32s} {new:7.3f} s"
        if a.compare:
            old, old_text = seconds(p, a.runs, "pdfminer")
            total_old += old
            same = "same text" if old_text == text else "TEXT DIFFERS"
            line += f"   pdfminer {old:7.3f} s   ratio {old / new:5.2f}   {same}"
        print(line)
    summary = f"{'total':32s} {total_new:7.3f} s"
    if a.compare:
        summary += f"   pdfminer {total_old:7.3f} s   ratio {total_old / total_new:5.2f}"
    print(summary)


if __name__ == "__main__":
    main()
