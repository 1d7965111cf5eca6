import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from images import library, renditions
from images.models import Image as LibraryImage
from images.pictures import picture_for
from images.tasks import make_renditions
from images.uploads import prepare_upload
from tests.factories import make_image
from tests.image_files import phone_photo, upload

pytestmark = pytest.mark.django_db


def open_stored(name):
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    return data, Image.open(io.BytesIO(data))


@pytest.fixture
def uploaded(django_capture_on_commit_callbacks):
    """Adds an image as the admin does, running what waits for the commit (the renditions)."""

    def add(size=(1000, 600), **fields):
        with django_capture_on_commit_callbacks(execute=True):
            image = make_image(size=size, **fields)
        image.refresh_from_db()
        return image

    return add


def test_renditions_come_in_every_width_crop_and_format_the_image_allows(uploaded):
    image = uploaded(size=(1000, 600))

    assert image.renditions_key == image.wanted_renditions_key()
    made = renditions.variants(image, image.renditions_key)
    assert {(v.crop, v.width) for v in made} == {
        ("full", 320),
        ("full", 640),
        ("full", 960),
        ("wide", 320),
        ("wide", 640),
        ("wide", 960),
        ("square", 320),
    }
    for variant in made:
        data, stored = open_stored(variant.name)
        assert stored.format == {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}[variant.format]
        assert stored.size == (variant.width, variant.height)
    heights = {(v.crop, v.width): v.height for v in made}
    assert heights[("full", 960)] == 576
    assert heights[("wide", 640)] == 360
    assert heights[("square", 320)] == 320


def test_renditions_are_never_upscaled(uploaded):
    small = uploaded(size=(500, 300))
    tiny = uploaded(size=(200, 150))

    assert {v.width for v in renditions.variants(small, small.renditions_key)} == {320, 300}
    assert {v.width for v in renditions.variants(tiny, tiny.renditions_key)} == {200, 150}
    for variant in renditions.variants(tiny, tiny.renditions_key):
        assert open_stored(variant.name)[1].width <= 200


def test_all_standard_widths_for_a_large_photo():
    assert renditions.widths_for(4000) == [320, 640, 960, 1200, 1600, 1920]


@pytest.mark.parametrize(("focal_x", "colour"), [(0, "red"), (100, "blue")])
def test_crops_keep_the_focal_point_in_frame(uploaded, focal_x, colour):
    # Red on the left half, blue on the right: a square crop of a wide picture shows one or the other.
    image = uploaded(size=(960, 320), focal_x=focal_x, focal_y=50)
    square = renditions.variants(image, image.renditions_key, crops=["square"], formats=["jpeg"])[0]
    red, green, blue = open_stored(square.name)[1].getpixel((160, 160))
    assert (red > blue) == (colour == "red")


def test_no_stored_file_keeps_the_phones_gps_or_orientation(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = library.add_image(prepare_upload(upload(phone_photo(size=(800, 400)))), alt_text="Harbour")
    image.refresh_from_db()

    names = [image.file.name] + [v.name for v in renditions.variants(image, image.renditions_key)]
    assert len(names) == 1 + 3 * 3  # portrait 400 × 800: 320 wide in each crop, in each format
    for name in names:
        data, stored = open_stored(name)
        assert not stored.getexif(), name
        assert "xmp" not in stored.info and "icc_profile" not in stored.info, name
        assert b"GPS" not in data and b"52,22.5N" not in data and b"PhoneMaker" not in data, name
        if "/wide-" not in name and "/square-" not in name:
            assert stored.height > stored.width, f"{name} is on its side"


def test_renditions_are_reused_not_made_again(uploaded):
    image = uploaded(size=(700, 400))
    key = image.renditions_key
    assert renditions.generate(image, key) == 0

    lost = renditions.variants(image, key)[0]
    default_storage.delete(lost.name)
    assert renditions.generate(image, key) == 1
    assert default_storage.exists(lost.name)


def test_the_task_does_nothing_for_a_set_already_in_use(uploaded):
    image = uploaded(size=(400, 300))
    assert make_renditions.call(image.pk, image.renditions_key) == 0


def test_a_new_focal_point_makes_a_new_set_and_removes_the_old(uploaded, django_capture_on_commit_callbacks):
    image = uploaded(size=(700, 400))
    old_key, old_names = (
        image.renditions_key,
        [v.name for v in renditions.variants(image, image.renditions_key)],
    )

    image.focal_x, image.focal_y = 10, 20
    image.save()
    with django_capture_on_commit_callbacks(execute=True):
        library.request_renditions(image)
    image.refresh_from_db()

    assert image.renditions_key not in {"", old_key}
    assert not any(default_storage.exists(name) for name in old_names)
    assert all(default_storage.exists(v.name) for v in renditions.variants(image, image.renditions_key))


def test_the_upload_does_not_wait_for_a_worker_and_pages_use_the_original(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        image = make_image(size=(700, 400))

    assert len(callbacks) == 1
    assert [result.args for result in make_renditions.get_backend().results] == [
        [image.pk, image.wanted_renditions_key()]
    ]
    image.refresh_from_db()
    assert image.renditions_key == ""
    fallback = picture_for(image, "lead")
    assert fallback.src == image.file.url and not fallback.srcset and not fallback.sources
    assert (fallback.width, fallback.height) == (700, 400)


def test_nothing_is_queued_before_the_transaction_commits(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    make_image()
    assert make_renditions.get_backend().results == []


def test_a_rendition_failure_leaves_the_original_in_use(uploaded, monkeypatch):
    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(renditions, "encode", broken)
    image = uploaded(size=(400, 300))
    assert image.renditions_key == ""
    assert picture_for(image).src == image.file.url


def test_deleting_an_image_removes_its_files(uploaded, django_capture_on_commit_callbacks):
    image = uploaded(size=(400, 300))
    names = [image.file.name] + [v.name for v in renditions.variants(image, image.renditions_key)]
    with django_capture_on_commit_callbacks(execute=True):
        library.delete_image(image)
    assert not LibraryImage.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_the_pipeline_works_on_a_filesystem_storage_too(settings, tmp_path, uploaded):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    image = uploaded(size=(400, 300))
    assert (tmp_path / image.file.name).is_file()
    assert len(list((tmp_path / "images" / "renditions").rglob("*.avif"))) == 3


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_and_cropped_in_the_right_place(uploaded):
    # 4000 × 2400: every rendition fits in a half-size decode, so the crop boxes are scaled too.
    image = uploaded(size=(4000, 2400), focal_x=0, focal_y=50)

    made = {(v.crop, v.width, v.format): v for v in renditions.variants(image, image.renditions_key)}
    assert max(width for crop, width, _format in made if crop == "square") == 960
    square = open_stored(made[("square", 960, "jpeg")].name)[1]
    assert square.size == (960, 960)
    # The square is the left 2400 × 2400 of the picture: red up to x = 2000, then blue.
    assert square.getpixel((780, 480))[0] > 150 and square.getpixel((820, 480))[2] > 150
    full = open_stored(made[("full", 1920, "jpeg")].name)[1]
    assert full.size == (1920, 1152)
    assert full.getpixel((1900, 10))[2] > 150, "the whole picture, blue on the right"
