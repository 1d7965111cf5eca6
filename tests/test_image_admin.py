import pytest
from django.contrib.auth.models import Permission, User
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.editor import EDITOR_EXTENSIONS
from articles.models import Article
from images.embed import record_inline_images
from images.models import Image
from tests.factories import make_article, make_image, make_section
from tests.image_files import PDF, decompression_bomb, encode, phone_photo, picture, upload
from tests.test_admin_articles import article_form

pytestmark = pytest.mark.django_db

IMAGE_PERMISSIONS = ["view_image", "add_image", "change_image", "delete_image"]
ARTICLE_PERMISSIONS = ["view_article", "add_article", "change_article", "view_section", "view_topic"]


@pytest.fixture
def editor(client):
    user = User.objects.create_user("picture-editor", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=IMAGE_PERMISSIONS + ARTICLE_PERMISSIONS))
    client.force_login(user)
    return user


def upload_form(data, name="photo.jpg", **fields):
    return {
        "file": upload(data, name=name),
        "alt_text": "Container ship at the quay",
        "caption": "",
        "credit": "",
        "focal_x": "",
        "focal_y": "",
        **fields,
    }


def test_editor_uploads_a_phone_photo_and_gets_renditions(client, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:images_image_add"), upload_form(phone_photo(size=(900, 600))))

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (600, 900)
    assert image.uploaded_by == editor
    assert image.renditions_key == image.wanted_renditions_key()


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (PDF, "report.jpg", "This is a PDF document"),
        (decompression_bomb(), "bomb.png", "far too many pixels"),
        (phone_photo() + b"<html><script>alert(1)</script></html>", "photo.jpg", "hidden in it"),
    ],
    ids=["renamed-pdf", "decompression-bomb", "jpeg-with-html"],
)
def test_a_refused_upload_shows_its_reason_and_stores_nothing(client, editor, data, name, reason):
    response = client.post(reverse("admin:images_image_add"), upload_form(data, name=name))

    assert response.status_code == 200
    assert reason in response.text
    assert not Image.objects.exists()


def test_alt_text_is_required_unless_the_image_is_decorative(client, editor):
    response = client.post(reverse("admin:images_image_add"), upload_form(phone_photo(), alt_text=""))
    assert response.status_code == 200
    assert "or mark it as decorative" in response.text
    assert not Image.objects.exists()

    form = upload_form(phone_photo(), alt_text="", decorative="on")
    response = client.post(reverse("admin:images_image_add"), form)
    assert response.status_code == 302
    assert Image.objects.get().alt == ""


def test_a_focal_point_needs_both_coordinates(client, editor):
    response = client.post(reverse("admin:images_image_add"), upload_form(phone_photo(), focal_x="30"))
    assert response.status_code == 200
    assert "both coordinates" in response.text


def test_the_file_of_a_library_image_cannot_be_replaced(client, editor):
    image = make_image()
    form = upload_form(encode(picture((50, 50)), "PNG"), caption="Renamed")
    response = client.post(reverse("admin:images_image_change", args=[image.pk]), form)
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.caption, image.width) == ("Renamed", 96)


def test_the_library_lists_thumbnails_and_how_many_articles_use_each_image(client, editor):
    used = make_image(caption="Quay at dawn", credit="Port Authority")
    make_image(caption="Unused")
    make_article(lead_image=used)
    inline = make_article(body=f'<figure><img src="x" data-file="{used.pk}"></figure>')
    inline.body = f'<figure><img src="x" data-file="{used.pk}"></figure>'
    record_inline_images(inline)
    make_article(lead_image=used, body="")  # a third article

    response = client.get(reverse("admin:images_image_changelist"))
    assert response.status_code == 200
    assert response.text.count('class="image-thumbnail"') == 2
    assert "3 articles" in response.text
    assert "0 articles" in response.text


def test_usage_counts_an_article_once_even_with_the_image_twice():
    image = make_image()
    article = make_article(lead_image=image)
    article.body = f'<img data-file="{image.pk}"><p>Again:</p><img data-file="{image.pk}">'
    record_inline_images(article)
    assert Image.objects.with_usage().get().usage == 1


def test_the_library_is_searched_by_caption_credit_and_alt_text(client, editor):
    make_image(caption="Cranes", credit="Reuters", alt_text="Three cranes")
    make_image(caption="Ferry", credit="AP", alt_text="A ferry leaving")
    url = reverse("admin:images_image_changelist")
    for query, expected in [("Cranes", "Cranes"), ("Reuters", "Cranes"), ("ferry leaving", "Ferry")]:
        response = client.get(url, {"q": query})
        assert expected in response.text and response.text.count('class="image-thumbnail"') == 1, query


def test_the_library_list_takes_a_fixed_number_of_queries(
    client, editor, no_cache, django_assert_max_num_queries
):
    for _ in range(6):
        make_article(lead_image=make_image())
    with django_assert_max_num_queries(9):
        client.get(reverse("admin:images_image_changelist"))


def test_an_image_in_use_cannot_be_deleted(client, editor):
    image = make_image()
    article = make_article(lead_image=image, headline="Ports plug in")
    url = reverse("admin:images_image_delete", args=[image.pk])

    response = client.get(url)
    assert "Ports plug in" in response.text
    assert "protected" in response.text

    client.post(url, {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()

    article.lead_image = None
    article.save()
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()


def test_an_image_in_an_article_body_cannot_be_deleted_in_bulk(client, editor):
    image = make_image()
    article = make_article()
    article.body = f'<figure><img data-file="{image.pk}"></figure>'
    record_inline_images(article)
    response = client.post(
        reverse("admin:images_image_changelist"),
        {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert Image.objects.filter(pk=image.pk).exists()


def test_the_change_form_lists_the_articles_using_the_image(client, editor):
    image = make_image()
    make_article(lead_image=image, headline="Ports plug in")
    response = client.get(reverse("admin:images_image_change", args=[image.pk]))
    assert "Ports plug in" in response.text
    assert 'class="image-preview"' in response.text


def test_the_editors_picker_offers_library_images_to_the_rich_text_editor(client, editor):
    image = make_image(caption="Quay at dawn", alt_text="A quay")
    response = client.get(reverse("admin:images_image_chooser"), {"CKEditorFuncNum": "3", "q": "quay"})
    assert response.status_code == 200
    assert f'data-id="{image.pk}"' in response.text
    assert f'data-url="{image.file.url}"' in response.text
    assert 'data-callback="3"' in response.text
    assert "images/chooser.js" in response.text


def test_the_picker_is_for_staff_with_access_to_images(client):
    user = User.objects.create_user("reporter", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:images_image_chooser")).status_code == 403


def test_an_editor_gives_an_article_a_lead_image_and_a_body_image(client, editor):
    lead, inline = make_image(caption="Quay"), make_image(alt_text="Cable reel")
    section = make_section()
    body = (
        "<p>Ships plug in.</p>"
        f'<figure class="figure"><img src="{inline.file.url}" alt="" data-file="{inline.pk}">'
        "<figcaption>The reel</figcaption></figure>"
        '<figure class="figure"><img src="https://elsewhere.example/hotlinked.jpg" alt="x"></figure>'
    )
    form = article_form(section=str(section.pk), lead_image=str(lead.pk), body=body)

    response = client.post(reverse("admin:articles_article_add"), form)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.lead_image == lead
    assert f'data-file="{inline.pk}"' in article.body and 'alt="Cable reel"' in article.body
    assert "elsewhere.example" not in article.body
    assert [use.image for use in article.inline_images.all()] == [inline]
    assert {image.pk: image.usage for image in Image.objects.with_usage()} == {lead.pk: 1, inline.pk: 1}


def test_the_article_form_picks_lead_images_from_the_library(client, editor):
    response = client.get(reverse("admin:articles_article_add"))
    assert 'name="lead_image"' in response.text
    assert reverse("admin:images_image_changelist") in response.text


def test_the_rich_text_editor_picks_body_images_from_the_library():
    assert str(EDITOR_EXTENSIONS["Figure"]["pickerUrl"]) == reverse("admin:images_image_chooser")


@pytest.mark.parametrize(("focal_x", "focal_y"), [(30, None), (None, 30), (101, 50)])
def test_the_database_refuses_half_a_focal_point_or_one_outside_the_picture(focal_x, focal_y):
    image = make_image()
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.filter(pk=image.pk).update(focal_x=focal_x, focal_y=focal_y)


def test_the_database_refuses_an_image_without_alt_text_unless_decorative():
    image = make_image()
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.filter(pk=image.pk).update(alt_text="")
    Image.objects.filter(pk=image.pk).update(alt_text="", decorative=True)
