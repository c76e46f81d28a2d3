"""Benchmark: the plan page (actieplan_detail) with 15 and with 150 actiepunten.

    .venv/bin/python scripts/bench_plan_page.py [--runs 10] [--html /tmp/plan.html]

Runs on the test settings with a fresh test database (in-memory SQLite unless
DATABASE_URL points elsewhere), so it never touches db.sqlite3. It builds a
plan for De Zonnebloem with goals, meetings and actiepunten of realistic length
(four steps, three notes and two people each; see tests/actieplan/test_plan_page.py)
and requests the page through the real view as the kartrekker and as a board
member. It prints the number of queries, the best and median wall-clock time
and the best CPU time of the process (steadier on a busy machine). The
issue's budget: under 150 ms with 150 actiepunten, with the same number of
queries as with 15. The machine is shared: look at the best of several runs.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tso.settings_test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="requests per measurement")
    parser.add_argument("--html", help="also write the page with 150 actiepunten to this file")
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
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from schools.demo import seed_schools
    from schools.models import User
    from tests.actieplan.test_plan_page import make_actiepunten, make_plan

    call_command("load_content", verbosity=0)
    schools = seed_schools()
    school = schools["OBS De Zonnebloem"]
    today = timezone.localdate()
    plan = make_plan(school, today)
    url = reverse("actieplan_detail", args=[school.slug, plan.pk])
    clients = {}
    for label, email in (
        ("kartrekker", "kartrekker@zonnebloem.example"),
        ("bestuur", "bestuur@voorbeeld.example"),
    ):
        client = Client()
        client.force_login(User.objects.get(email=email))
        client.get(url)  # warm up: session, templates, content types
        clients[label] = client

    made = 0
    for count in (15, 150):
        make_actiepunten(plan, count - made, today, first=made)
        made = count
        for label, client in clients.items():
            queries = []

            def record(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(record):
                response = client.get(url)
            assert response.status_code == 200
            timings, cpu = [], []
            for _ in range(args.runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            print(
                f"{count:>3} actiepunten as {label:<10} {len(queries):>2} queries  "
                f"best {min(timings):6.1f} ms  median {statistics.median(timings):6.1f} ms  "
                f"(cpu best {min(cpu):6.1f} ms)  {len(response.content) // 1024} kB"
            )
            if args.html and count == 150 and label == "kartrekker":
                Path(args.html).write_bytes(response.content)


if __name__ == "__main__":
    main()
