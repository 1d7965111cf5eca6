"""
The site's main journeys in a real browser: an editor publishes an article, a reader finds it, reads it and
comments, a moderator decides, and a keyboard-only reader does what the mouse reader did, seeing where the focus
is at every step. The reader's journey runs again with the interface in Simplified Chinese.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from tests.browser.support import PASSWORD, click_closing, log_in, restore_migration_data, violations
from tests.comment_policy import set_discussion
from tests.factories import make_article, make_author, make_comment, make_image, make_section, make_staff


@pytest.fixture(autouse=True)
def migration_data(live_server):
    """The roles' groups and the static pages: the journeys are taken by real roles on the real site."""
    restore_migration_data()
    # The fastest plausible comment: people in these journeys take a second at least.
    set_discussion(min_seconds=1)


def send_comment(page, *, key=None):
    """Send the comment form a little over a second after starting on it, with a click or a key."""
    page.wait_for_timeout(1100)
    if key:
        follow(page, key)
    else:
        page.locator("#comment-form button[type=submit]").click()


BODY = "".join(
    f"<h2>{heading}</h2><p>{heading} is one part of the story, told in a paragraph.</p>"
    for heading in ["The quay", "The cable", "The grid", "The neighbours"]
)


def ending_with(path):
    return re.compile(re.escape(path) + "$")


def staff(username, group):
    user = make_staff(username, group)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def story():
    """A published article in a section of the navigation, with four sections to its text and one comment."""
    section = make_section(name="Harbours", slug="harbours")
    make_section(name="Markets", slug="markets")
    article = make_article(
        section=section,
        headline="Ports plug in",
        slug="ports-plug-in",
        authors=[make_author(name="Tomás Reyes")],
        body=BODY,
    )
    make_comment(article, name="Ben", body="Good to see this at last.")
    return article


def test_an_editor_publishes_an_article_readers_then_find_on_the_home_and_section_pages(
    page, browser, live_server
):
    harbours = make_section(name="Harbours", slug="harbours")
    make_section(name="Markets", slug="markets")
    make_author(name="Tomás Reyes")
    make_author(name="Mara Ellison")
    lead = make_image(alt_text="Cranes over the quay at dusk")
    staff("editor", "Editors")
    log_in(page, "editor")

    page.goto(reverse("admin:articles_article_add"))
    page.locator("#id_headline").press_sequentially("Ships plug in at the quay")
    expect(page.locator("#id_slug")).to_have_value("ships-plug-in-at-the-quay")
    page.fill("#id_standfirst", "Shore power arrives in the harbour.")
    write_body(page)
    with page.expect_popup() as chooser:
        page.click("#lookup_id_lead_image")
    click_closing(chooser.value.locator(f'a[data-popup-opener="{lead.pk}"]').last)
    expect(page.locator("#id_lead_image")).to_have_value(str(lead.pk))
    page.select_option("#id_section", label="Harbours")
    choose_author(page, 0, "Tomás Reyes")
    page.locator(".add-row a").click()
    choose_author(page, 1, "Mara Ellison")
    page.fill("#id_byline_links-1-position", "1")
    page.locator(".workflow-row button", has_text="Publish now").first.click()
    page.wait_for_selector(".messagelist")

    article = Article.objects.published().get(slug="ships-plug-in-at-the-quay")
    assert article.section == harbours
    assert [author.name for author in article.authors] == ["Tomás Reyes", "Mara Ellison"]
    assert article.lead_image == lead
    for fragment in ["<h2", "<strong>busy</strong>", 'href="https://example.org/report"', "<ul><li>"]:
        assert fragment in article.body

    reader = browser.new_page(base_url=live_server.url)
    for url in [reverse("articles:home"), harbours.get_absolute_url()]:
        reader.goto(url)
        reader.get_by_role("link", name="Ships plug in at the quay").first.click()
        expect(reader.locator("h1")).to_have_text("Ships plug in at the quay")
        expect(reader.locator(".story__body strong")).to_have_text("busy")
        expect(reader.locator(".story__body li")).to_have_text(["First point", "Second point"])
    reader.close()
    assert violations(page) == []


def write_body(page):
    """A heading, a list, a bold word and a link, written the way an editor writes them."""
    editor = page.locator(".prose-editor [contenteditable].ProseMirror")
    editor.click()
    keyboard = page.keyboard
    keyboard.type("## Why it matters")
    keyboard.press("Enter")
    keyboard.type("- First point")
    keyboard.press("Enter")
    keyboard.type("Second point")
    keyboard.press("Enter")
    keyboard.press("Enter")  # out of the list
    keyboard.type("Ports are **busy** places. Read the report")
    for _ in "report":
        keyboard.press("Shift+ArrowLeft")
    page.click(".prose-menubar__button[data-name=link]")
    page.fill("dialog[open] input[name=href]", "https://example.org/report")
    page.click("dialog[open] button[type=submit]")
    expect(editor.locator('a[href="https://example.org/report"]')).to_have_text("report")


def choose_author(page, row, name):
    page.locator(f"#byline_links-{row} .select2-selection").click()
    page.keyboard.type(name)  # into the search box the list opens with
    page.locator(".select2-results__option", has_text=name).click()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_reader_goes_from_home_to_an_article_and_comments_and_replies(page, story, settings, language):
    settings.LANGUAGE_CODE = language
    with translation.override(language):
        sections = gettext("Sections")
        contents = gettext("Contents")
        awaiting = gettext(
            "Thank you. Your comment is awaiting moderation: it will appear under the article once a "
            "moderator approves it."
        )
    ben = Comment.objects.get(name="Ben")

    page.goto(reverse("articles:home"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.get_by_role("navigation", name=sections).get_by_role("link", name="Harbours").click()
    expect(page).to_have_url(ending_with(story.section.get_absolute_url()))
    page.get_by_role("link", name="Ports plug in").first.click()
    expect(page).to_have_url(ending_with(story.get_absolute_url()))

    third = page.get_by_role("navigation", name=contents).get_by_role("link").nth(2)
    target = third.get_attribute("href")
    third.click()
    expect(page).to_have_url(ending_with(story.get_absolute_url() + target))
    expect(page.locator(target)).to_have_text("The grid")
    expect(page.locator(target)).to_be_in_viewport()

    page.fill("#id_name", "Ada Reader")
    page.fill("#id_body", "Cleaner air on the quay, at last.")
    send_comment(page)
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.locator("#id_body")).to_have_value("Cleaner air on the quay, at last.")
    expect(page.locator("#id_name")).to_have_value("Ada Reader")
    page.fill("#id_email", "ada@example.org")
    send_comment(page)
    expect(page.locator("[data-comment-sent]")).to_have_text(awaiting)
    assert Comment.objects.get(body="Cleaner air on the quay, at last.").status == Comment.Status.PENDING

    page.goto(story.get_absolute_url())
    page.click(f"#comment-{ben.pk} a[data-reply-to]")
    expect(page.locator(f"#comment-{ben.pk} #comment-form")).to_be_visible()
    page.fill("#id_name", "Ada Reader")
    page.fill("#id_email", "ada@example.org")
    page.fill("#id_body", "Agreed, Ben.")
    send_comment(page)
    expect(page.locator("[data-comment-sent]")).to_have_text(awaiting)
    assert Comment.objects.get(body="Agreed, Ben.").parent == ben
    assert violations(page) == []


def test_a_moderator_approves_one_comment_and_marks_another_as_spam(page, story, browser, live_server):
    make_comment(story, status="pending", body="A fair point about the cables.")
    make_comment(story, status="pending", body="Cheap watches, click here.")
    staff("moderator", "Moderators")
    log_in(page, "moderator")

    pending = page.locator(".pending-comments")
    expect(pending).to_have_text("2 comments pending")
    pending.click()
    row = page.locator("#result_list tr", has_text="A fair point about the cables.")
    row.get_by_role("button", name="Approve").click()
    expect(page.locator(".messagelist")).to_be_visible()
    page.locator("#result_list tr", has_text="Cheap watches").get_by_role("button", name="Spam").click()
    expect(page.locator(".pending-comments")).to_have_text("0 comments pending")

    reader = browser.new_page(base_url=live_server.url)
    reader.goto(story.get_absolute_url())
    expect(reader.locator(".comment__body")).to_have_text(
        ["Good to see this at last.", "A fair point about the cables."]
    )
    reader.close()
    assert violations(page) == []


# Where the keyboard focus is, and whether it can be seen: an outline or a shadow drawn around it, on screen.
FOCUS = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    element: element.cloneNode(false).outerHTML,
    id: element.id,
    href: element.getAttribute("href"),
    text: element.textContent.trim().slice(0, 80),
    drawn: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none",
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight,
  };
}"""


def tab_to(page, wanted, *, limit=80):
    """Press Tab until the focus reaches an element `wanted(focus)` accepts; each stop must show the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        assert focus["drawn"] and focus["onScreen"], focus
        if wanted(focus):
            return focus
    pytest.fail(f"the keyboard never reached what was wanted in {limit} presses")


def follow(page, key="Enter"):
    """Press a key (Enter) on a link or button that leads to another page, and wait for that page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_keyboard_reader_sees_where_the_focus_is_at_every_step(page, story):
    ben = Comment.objects.get(name="Ben")
    page.goto(reverse("articles:home"))
    skip = tab_to(page, lambda focus: True)
    assert skip["text"] == "Skip to content"
    tab_to(page, lambda focus: focus["text"] == "Harbours")
    follow(page)
    expect(page).to_have_url(ending_with(story.section.get_absolute_url()))
    tab_to(page, lambda focus: focus["text"] == "Ports plug in")
    follow(page)
    expect(page).to_have_url(ending_with(story.get_absolute_url()))

    target = tab_to(page, lambda focus: focus["text"] == "The grid")["href"]
    page.keyboard.press("Enter")
    expect(page.locator(target)).to_be_in_viewport()
    # The next stop follows the section jumped to, not the table of contents.
    tab_to(page, lambda focus: True)
    assert page.evaluate(
        "target => Boolean(document.querySelector(target).compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)",
        target,
    )

    tab_to(page, lambda focus: focus["id"] == "id_name")
    page.keyboard.type("Ada Reader")
    tab_to(page, lambda focus: focus["id"] == "id_body")
    page.keyboard.type("Typed without a mouse.")
    tab_to(page, lambda focus: focus["id"] == "id_remember")
    page.keyboard.press("Space")
    tab_to(page, lambda focus: focus["element"].startswith("<button"))
    send_comment(page, key="Enter")
    expect(page.locator("#id_email_error")).to_be_visible()
    tab_to(page, lambda focus: focus["id"] == "id_email")
    page.keyboard.type("ada@example.org")
    tab_to(page, lambda focus: focus["element"].startswith("<button"))
    send_comment(page, key="Enter")
    expect(page.locator("[data-comment-sent]")).to_be_visible()

    tab_to(page, lambda focus: focus["text"] == "Back to the article")
    follow(page)
    tab_to(page, lambda focus: "data-reply-to" in focus["element"])
    page.keyboard.press("Enter")
    # The form moves under the comment, its text box focused; the name and email come back remembered.
    focus = page.evaluate(FOCUS)
    assert focus["id"] == "id_body" and focus["drawn"], focus
    page.keyboard.type("A reply from the keyboard.")
    tab_to(page, lambda focus: focus["element"].startswith("<button"))
    send_comment(page, key="Enter")
    expect(page.locator("[data-comment-sent]")).to_be_visible()
    assert Comment.objects.get(body="A reply from the keyboard.").parent == ben
