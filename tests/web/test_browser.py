"""The dashboard in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright's Python
client, through the sign-in link and every page, as a person sees them. Screenshots of `/` and `/program`
are saved as test artefacts (the folder is printed). `.ci/run` installs chromium; elsewhere, without it,
these tests are skipped (never in CI)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.dialogue import Dialogue
from tests.web.support import TROIKA_CALL, path_of, web_client

pytestmark = pytest.mark.slow  # starts a real browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTEFACTS = Path(os.environ.get("FOCBOT_TEST_ARTEFACTS", Path(__file__).parents[2] / "tmp" / "artefacts"))
JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)

if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    if os.environ.get("CI"):
        raise RuntimeError(f"CI is set but {CHROMIUM} is missing: .ci/run installs it with apt-get")
    pytestmark = [
        pytestmark,
        pytest.mark.skip(reason=f"no {CHROMIUM}: `apt-get install -y chromium` (CI does)"),
    ]


@pytest.fixture
def artefacts() -> Path:
    """Where the screenshots go (printed at the end of the test)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    return ARTEFACTS


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            await chromium.close()


async def test_a_person_signs_in_and_reads_every_page(
    bot: Dialogue, browser: object, artefacts: Path
) -> None:
    from playwright.async_api import Browser, expect

    assert isinstance(browser, Browser)
    bot.clock.set(JAN_5)
    await bot.say("troika set year=2027 past=Germany current=Estonia next=Switzerland")
    await bot.say("tz for console:kadri member=Estonia")
    await bot.say(TROIKA_CALL)
    await bot.say("survey new support-unit")
    await bot.say("survey open 1 to=kadri deadline=2027-02-01")
    async with web_client(bot) as web:
        base = str(web.client.make_url("/")).rstrip("/")
        context = await browser.new_context(viewport={"width": 420, "height": 900})  # a phone
        page = await context.new_page()
        link = path_of((await bot.say("dashboard", as_="admin")).data["url"])
        await page.goto(base + "/program")
        await expect(page.locator("h1")).to_have_text("Sign in")  # no session: the explainer
        assert "1A.1" not in await page.content()
        await page.goto(base + link)
        await page.reload()  # opening the link (a preview's GET) does not spend it: the button's POST does
        await expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        await page.click("#signin")
        await page.wait_for_url(base + "/")
        await expect(page.locator("h1")).to_have_text("Dashboard")
        await expect(page.locator("body")).to_contain_text("Program of Action by status")
        await page.screenshot(path=str(artefacts / "home.png"), full_page=True)

        await page.goto(base + "/program")
        await expect(page.locator("article.activity")).to_have_count(33)
        await page.screenshot(path=str(artefacts / "program.png"), full_page=True)
        card = page.locator("#a-3B\\.3")
        await card.locator("summary").click()
        await card.locator("select[name=value]").select_option("in progress")
        await card.get_by_role("button", name="Set status").click()
        await expect(page.locator("#message")).to_contain_text("Activity 3B.3: status set to in progress")
        assert (await bot.say("activity 3B.3")).data["status"] == "in progress"
        await page.select_option("select[name=goal]", "3")
        await page.get_by_role("button", name="Filter").click()
        assert all(i.startswith("3") for i in re.findall(r'id="a-(\w+\.\d+)"', await page.content()))

        await page.goto(base + "/meetings")
        await expect(page.locator("h1")).to_have_text("Meetings")
        await page.get_by_role("button", name="Get my feed address").click()
        await expect(page.locator("#feed-url")).to_contain_text("/calendar/")

        await page.goto(base + "/surveys")
        await page.get_by_role("link", name=re.compile("Results of survey 1")).click()
        await expect(page.locator("h1")).to_have_text("Survey 1")
        await expect(page.get_by_role("link", name="Download the responses (CSV)")).to_be_visible()

        await page.goto(base + "/participation")
        await expect(page.locator("main")).to_contain_text("Estonia")
        await expect(page.locator("main img").first).to_be_visible()

        await page.goto(base + "/program/report")
        await expect(page.locator("h1")).to_contain_text("progress report")
        await page.emulate_media(media="print")
        await expect(page.locator("header")).to_be_hidden()
        await page.emulate_media(media="screen")

        await page.goto(base + "/")
        await page.get_by_role("button", name="Sign out").click()
        await page.wait_for_url(base + "/signin")
        await page.goto(base + "/")
        await expect(page.locator("h1")).to_have_text("Sign in")
        await context.close()

        # a non-admin: no admin forms, no participation
        context = await browser.new_context()
        page = await context.new_page()
        await page.goto(base + path_of((await bot.say("dashboard", as_="kadri")).data["url"]))
        await page.click("#signin")
        await page.wait_for_url(base + "/")
        await expect(page.locator("body")).to_contain_text("Troika call")
        await expect(page.locator("body")).to_contain_text("survey answer 1")
        await page.goto(base + "/program")
        await expect(page.locator("details")).to_have_count(0)
        response = await page.goto(base + "/participation")
        assert response is not None and response.status == 403
        await context.close()
    print(f"\nbrowser screenshots: {artefacts / 'home.png'}, {artefacts / 'program.png'}")  # noqa: T201
