"""Benchmark: the voortgangsrapportage of De Zonnebloem, full and short, cold and cached.

    .venv/bin/python scripts/bench_progress_report.py [--runs 5] [--out /tmp/voortgang.pdf]

Runs on the test settings with a fresh test database (in-memory SQLite unless
DATABASE_URL points elsewhere), so it never touches db.sqlite3. It seeds the
demo exactly as the tests do; De Zonnebloem is the largest demo school (the
only one with rondes, an actieplan, checklist agreements and werkmomenten).
Then it requests the PDF through the real view as the kartrekker, with every
section chosen:

- full / team, cold: the PDF cache is emptied before each request (the data
  parts' queries, the template, WeasyPrint in its child process, the audit
  record);
- data only: tso.progress_report.report_data, the queries and the chart
  geometry without any rendering;
- render only: WeasyPrint alone on the finished HTML of the full report;
- cache hit: the same full request again, served from the PDF cache (the
  data is still gathered: it is the cache key).

It prints the best and the median of each. The issue's budget: the full
report under 2 s, the team version under 0.5 s, a repeat print from the
cache. The machine is shared, so look at the best of several runs rather than
at a single one (the load average is printed).
"""

import argparse
import os
import statistics
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tso.settings_test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="requests per measurement")
    parser.add_argument("--out", help="also write the full PDF to this file")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> None:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    from django.template.loader import render_to_string
    from django.test import Client
    from django.urls import reverse
    from pypdf import PdfReader

    from phases.timeline import today
    from schools.access import school_access
    from schools.models import User
    from tests.conftest import seed_everything
    from tso import progress_report
    from tso.pdf import STATIC_PREFIX, html_to_pdf
    from tso.pdf_cache import pdf_cache

    school = seed_everything()["OBS De Zonnebloem"]
    kartrekker = User.objects.get(email="kartrekker@zonnebloem.example")
    client = Client()
    client.force_login(kartrekker)
    url = reverse("progress_report_pdf", args=[school.slug])
    sections = progress_report.SECTION_KEYS

    def request(version: str) -> tuple[float, bytes]:
        start = time.perf_counter()
        response = client.get(url, {"version": version, "sections": sections})
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.status_code
        return elapsed, response.content

    request("full")  # warm up imports, templates and the font files' page cache
    results = {}
    for version in ("full", "team"):
        timings = []
        for _ in range(args.runs):
            pdf_cache().clear()
            elapsed, pdf = request(version)
            timings.append(elapsed)
        results[version] = (timings, pdf)
    hits = []
    for _ in range(max(args.runs, 10)):
        elapsed, cached = request("full")
        hits.append(elapsed)
        assert cached == results["full"][1]

    access = school_access(kartrekker, school.slug)
    day = today()
    first, last = progress_report.default_period(day)

    def data(version="full"):
        return progress_report.report_data(
            access, kartrekker, version=version, sections=sections, start=first, end=last, day=day
        )

    gathering = []
    for _ in range(args.runs):
        start = time.perf_counter()
        data()
        gathering.append(time.perf_counter() - start)
    html = render_to_string(
        progress_report.TEMPLATE,
        {
            **data(),
            "stylesheets": [STATIC_PREFIX + name for name in progress_report.STYLESHEETS],
        },
    )
    render = []
    for _ in range(args.runs):
        start = time.perf_counter()
        html_to_pdf(html)
        render.append(time.perf_counter() - start)

    pages = {v: len(PdfReader(BytesIO(pdf)).pages) for v, (_t, pdf) in results.items()}
    print(f"Load average before the run: {load} ({os.cpu_count()} CPUs)")
    print(
        f"Voortgangsrapportage {school.name}: full {pages['full']} pages, "
        f"team {pages['team']} page(s), A4"
    )
    report("full, cold request", results["full"][0], budget=2.0)
    report("team, cold request", results["team"][0], budget=0.5)
    report("data only (queries, charts)", gathering)
    report("render only (WeasyPrint, full)", render)
    report("full, cache hit", hits, budget=0.1)
    if args.out:
        Path(args.out).write_bytes(results["full"][1])
        print(f"PDF written to {args.out}")


def report(label: str, seconds: list[float], budget: float | None = None) -> None:
    best, median = min(seconds), statistics.median(seconds)
    verdict = ""
    if budget is not None:
        verdict = f"  budget {budget * 1000:.0f} ms: {'ok' if best <= budget else 'OVER'}"
    print(f"  {label:32} best {best * 1000:7.1f} ms   median {median * 1000:7.1f} ms{verdict}")


if __name__ == "__main__":
    main()
