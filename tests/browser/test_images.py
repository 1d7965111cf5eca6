"""The image library in a real browser: the rich-text editor's picker and the focal point, under the admin's CSP."""

from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from images.models import Image
from tests.browser.support import click_closing, log_in, violations
from tests.factories import make_article, make_image


def test_an_editor_picks_a_library_image_into_the_body(page):
    image = make_image(caption="Harbour at dawn", alt_text="Cranes over the quay")
    article = make_article(body="<p>Ships plug in.</p>")
    log_in(page)
    page.goto(reverse("admin:articles_article_change", args=[article.pk]))
    page.locator(".prose-editor [contenteditable].ProseMirror").click()
    page.keyboard.press("End")

    page.locator(".prose-menubar__button", has_text="image").first.click()
    with page.expect_popup() as popup:
        page.get_by_text("Browse...").click()
    chooser = popup.value
    click_closing(chooser.locator(".image-chooser-choice"))
    dialog = page.locator("dialog[open]")
    # The picker hands the library's alt text and caption to the editor's dialog, and closes.
    expect(dialog.locator("input[name=altText]")).to_have_value("Cranes over the quay")
    assert chooser.is_closed()
    dialog.locator("button[type=submit]").click()
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")

    article.refresh_from_db()
    assert f'data-file="{image.pk}"' in article.body
    assert "<figcaption>Harbour at dawn</figcaption>" in article.body
    assert [use.image_id for use in article.inline_images.all()] == [image.pk]
    assert violations(page) == []


def test_a_click_on_the_preview_sets_the_focal_point(page):
    image = make_image(size=(400, 200))
    log_in(page)
    page.goto(reverse("admin:images_image_change", args=[image.pk]))
    preview = page.locator("img.image-preview")
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    assert page.locator("#id_focal_x").input_value() == "25"
    assert page.locator("#id_focal_y").input_value() == "75"
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    assert Image.objects.values_list("focal_x", "focal_y").get() == (25, 75)
    assert violations(page) == []
    assert Article.objects.count() == 0
