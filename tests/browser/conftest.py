"""Shared fixtures of the browser tests: the live demo site and console watching."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

from schools.models import School


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with content, demo schools and timelines committed for its thread."""
    call_command("seed_demo", verbosity=0)
    return live_server.url, {school.name: school for school in School.objects.all()}


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Console errors (CSP violations among them) and uncaught exceptions on the page."""
    errors: list[str] = []

    def on_console(message):
        if message.type == "error" or "Content Security Policy" in message.text:
            errors.append(f"console {message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    return errors
