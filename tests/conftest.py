"""Personas from the demo data, as in the README: who is who in every test."""

import os

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from actieplan.demo import seed_actieplan
from ontwikkelmodel.demo import seed_rondes
from ontwikkelmodel.demo_checklist import seed_checklists
from phases.demo import seed_phases, seed_werkmomenten
from schools.demo import SCHOOLS, seed_schools
from schools.models import School, User

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


def seed_everything() -> dict[str, School]:
    """The shipped content plus the demo boards, schools, accounts, timelines, rondes,
    checklists and actieplan: what `seed_demo` makes."""
    call_command("load_content", verbosity=0)
    schools = seed_schools()
    today = timezone.localdate()
    seed_phases(schools, today)
    seed_werkmomenten(schools, today)
    seed_rondes(schools, today)
    seed_checklists(schools, today)
    seed_actieplan(schools, today)
    return schools


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo once per test database; each test's transaction is rolled back.

    Seeding per test made the suite several times slower. Tests that need a
    database flushed between tests (browser tests on a live server) seed again
    through the `demo` fixture.
    """
    with django_db_blocker.unblock():
        if _on_test_database():
            seed_everything()


def _on_test_database() -> bool:
    """Never seed a real database: only what Django's test runner created."""
    name = str(connection.settings_dict["NAME"])
    return "mode=memory" in name or name.startswith("test_")


def _demo_schools() -> dict[str, School]:
    names = {name for _board, name, *_rest in SCHOOLS}
    return {school.name: school for school in School.objects.filter(name__in=names)}


@pytest.fixture
def _demo_present(django_db_setup, django_db_blocker) -> None:
    # A transactional test (a browser test on a live server) empties the
    # database when it ends: seed again before the next test's transaction
    # starts, so the tests after it find the demo too.
    with django_db_blocker.unblock():
        if _on_test_database() and len(_demo_schools()) < len(SCHOOLS):
            seed_everything()


@pytest.fixture
def demo(_demo_present, db) -> dict[str, School]:
    # `db` is requested by name so pytest-django sets up the test databases.
    return _demo_schools()


@pytest.fixture
def zonnebloem(demo) -> School:
    return demo["OBS De Zonnebloem"]


@pytest.fixture
def kompas(demo) -> School:
    return demo["SO Het Kompas"]


@pytest.fixture
def vlinder(demo) -> School:
    return demo["SBO De Vlinder"]


def _user(email):
    return User.objects.get(email=email)


@pytest.fixture
def schoolleider(demo):
    return _user("schoolleider@zonnebloem.example")


@pytest.fixture
def kartrekker(demo):
    return _user("kartrekker@zonnebloem.example")


@pytest.fixture
def werkgroeplid(demo):
    return _user("werkgroep@zonnebloem.example")


@pytest.fixture
def trainer(demo):
    return _user("trainer@example.org")


@pytest.fixture
def bestuurslid(demo):
    return _user("bestuur@voorbeeld.example")


@pytest.fixture
def vlinder_kartrekker(demo):
    return _user("kartrekker@vlinder.example")


@pytest.fixture
def client_for():
    """A test client logged in as the given user."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


# Browser tests -------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    browser_items = [item for item in items if "browser" in item.keywords]
    if not browser_items:
        return
    if os.environ.get("TSO_REQUIRE_BROWSER"):
        raise pytest.UsageError(
            f"{CHROMIUM} is missing but TSO_REQUIRE_BROWSER is set: install Debian's chromium."
        )
    skip = pytest.mark.skip(reason=f"browser tests need {CHROMIUM} (apt-get install chromium)")
    for item in browser_items:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not os.path.exists(CHROMIUM):
        terminalreporter.write_sep(
            "!",
            f"Browser tests SKIPPED: {CHROMIUM} not found (apt-get install chromium)",
            yellow=True,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
