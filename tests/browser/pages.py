"""Steps the browser tests share."""

from pathlib import Path

from playwright.sync_api import Page

from schools.demo import DEMO_PASSWORD

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"


def log_in(page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def serious_axe_violations(page: Page) -> list[str]:
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => (await axe.run(document)).violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.help + ' ('
                 + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')"""
    )
