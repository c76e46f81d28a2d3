"""Personas from the demo data, as in the README: who is who in every test."""

import os

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from phases.demo import seed_phases
from schools.demo import seed_schools
from schools.models import School, User

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def demo(db):
    """The shipped content plus the demo boards, schools, accounts and timelines."""
    call_command("load_content", verbosity=0)
    schools = seed_schools()
    seed_phases(schools, timezone.localdate())
    return schools


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
