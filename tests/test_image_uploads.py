import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageCms

from images.uploads import prepare_upload
from tests.image_files import (
    GPS_XMP,
    HTML,
    PDF,
    SVG,
    decompression_bomb,
    encode,
    good_files,
    phone_photo,
    picture,
    upload,
)


def data_of(prepared):
    prepared.content.seek(0)
    return prepared.content.read()


def stored(prepared):
    return Image.open(io.BytesIO(data_of(prepared)))


def assert_no_metadata(data):
    image = Image.open(io.BytesIO(data))
    assert not image.getexif(), "EXIF left in"
    assert "icc_profile" not in image.info and "xmp" not in image.info
    assert b"GPS" not in data and b"52,22.5N" not in data and b"PhoneMaker" not in data


@pytest.mark.parametrize("image_format", ["jpeg", "png", "webp", "gif", "avif"])
def test_each_accepted_format_is_stored_re_encoded_without_metadata(image_format):
    original = good_files()[image_format]
    prepared = prepare_upload(upload(original, name=f"photo.{image_format}"))

    data = data_of(prepared)
    assert data != original
    assert (prepared.width, prepared.height) == (120, 80)
    assert stored(prepared).format == ("PNG" if image_format in {"png", "gif"} else "JPEG")
    assert_no_metadata(data)


def test_a_file_is_judged_by_content_not_by_its_name():
    prepared = prepare_upload(upload(good_files()["png"], name="scan.pdf", content_type="application/pdf"))
    assert stored(prepared).format == "PNG"


def test_phone_photo_is_stored_the_right_way_up_without_gps():
    # Stored sideways (120 × 80, red on the left) with "rotate 90° clockwise" in its EXIF.
    prepared = prepare_upload(upload(phone_photo(orientation=6)))

    image = stored(prepared)
    assert (prepared.width, prepared.height) == image.size == (80, 120)
    red, green, blue = image.convert("RGB").getpixel((40, 10))
    assert red > 150 and blue < 80, "the left edge of the sensor image is now the top"
    assert_no_metadata(data_of(prepared))
    assert GPS_XMP not in data_of(prepared)


@pytest.mark.parametrize(
    ("data", "name", "code", "reason"),
    [
        (decompression_bomb(), "bomb.png", "pixels", "too many pixels"),
        (phone_photo() + HTML, "photo.jpg", "hidden_markup", "web page or script hidden"),
        (PDF, "photo.jpg", "format", "PDF document"),
        (SVG, "logo.png", "format", "SVG drawings are not accepted"),
        (HTML, "photo.gif", "format", "web page, script or other text"),
        (b"GIF89a<script>alert(1)</script>", "photo.gif", "format", "web page, script or other text"),
        (b"just some notes\n", "photo.webp", "format", "web page, script or other text"),
        (b"II*\x00" + bytes(64), "scan.jpg", "format", "TIFF images are not accepted"),
        (b"\x00\x00\x00\x18ftypheic" + bytes(64), "IMG_0001.HEIC", "format", "HEIC photos"),
        (bytes(range(256)) * 4, "noise.jpg", "format", "not an image the site accepts"),
        (b"", "empty.jpg", "empty", "empty"),
    ],
    ids=[
        "decompression-bomb",
        "jpeg-with-html-appended",
        "renamed-pdf",
        "svg",
        "html-disguised",
        "script-with-gif-signature",
        "text",
        "tiff",
        "heic",
        "noise",
        "empty",
    ],
)
def test_refused_files_get_a_reason_an_editor_understands(data, name, code, reason):
    with pytest.raises(ValidationError) as refusal:
        prepare_upload(upload(data, name=name))
    assert refusal.value.code == code
    assert reason in refusal.value.messages[0]


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_truncated_files_are_refused_as_incomplete(image_format):
    noisy = Image.effect_noise((400, 300), 60).convert("RGB")
    data = encode(noisy, image_format)
    with pytest.raises(ValidationError) as refusal:
        prepare_upload(upload(data[: len(data) // 2]))
    assert refusal.value.code == "truncated"
    assert "incomplete" in refusal.value.messages[0]


def test_markup_hidden_in_a_jpeg_comment_is_refused():
    data = encode(picture(), "JPEG", comment=b"<?php system($_GET['c']); ?>")
    with pytest.raises(ValidationError) as refusal:
        prepare_upload(upload(data))
    assert refusal.value.code == "hidden_markup"


def test_binary_data_after_a_photo_is_accepted_and_dropped():
    # Phones append the video of a "motion photo" after the JPEG; it is not markup, and never stored.
    video = b"\x00\x00\x00\x1cftypmp42" + bytes(range(256)) * 64
    prepared = prepare_upload(upload(phone_photo() + video))
    assert b"ftypmp42" not in data_of(prepared)


def test_files_over_the_byte_limit_are_refused(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refusal:
        prepare_upload(upload(encode(Image.effect_noise((200, 200), 50), "PNG")))
    assert refusal.value.code == "too_large"
    assert "the limit is 1000" in refusal.value.messages[0]


def test_images_over_the_pixel_limit_are_refused_before_decoding(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 5000
    with pytest.raises(ValidationError) as refusal:
        prepare_upload(upload(encode(picture((120, 80)), "PNG")))
    assert refusal.value.code == "pixels"
    assert "120 × 80" in refusal.value.messages[0]


def test_a_bomb_under_pillows_own_limit_is_refused_by_ours():
    # 10,000² pixels: above newsroom's 50 megapixels, below the size at which Pillow itself refuses.
    with pytest.raises(ValidationError) as refusal:
        prepare_upload(upload(decompression_bomb(side=10_000)))
    assert "10000 × 10000" in refusal.value.messages[0]


def test_cmyk_jpeg_is_stored_as_rgb():
    cmyk = picture().convert("CMYK")
    prepared = prepare_upload(upload(encode(cmyk, "JPEG")))
    image = stored(prepared)
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((10, 10))
    assert red > 150 and blue < 80


def test_palette_image_with_transparency_keeps_it_as_png():
    image = Image.new("P", (40, 40), 0)
    image.putpalette([255, 0, 0, 0, 0, 255])
    image.paste(1, (20, 0, 40, 40))
    prepared = prepare_upload(upload(encode(image, "GIF", transparency=1)))
    result = stored(prepared)
    assert (result.format, result.mode) == ("PNG", "RGBA")
    assert result.getpixel((5, 5)) == (255, 0, 0, 255)
    assert result.getpixel((30, 5))[3] == 0


def test_opaque_png_with_an_alpha_channel_is_stored_without_it():
    prepared = prepare_upload(upload(encode(picture(mode="RGBA"), "PNG")))
    assert stored(prepared).mode == "RGB"


def test_sixteen_bit_greyscale_png_is_stored_as_eight_bit_rgb():
    image = Image.new("I;16", (30, 20), 40_000)
    prepared = prepare_upload(upload(encode(image, "PNG")))
    result = stored(prepared)
    assert result.mode == "RGB"
    assert result.getpixel((0, 0)) == (156, 156, 156)


def test_colour_profile_is_applied_and_not_stored():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    prepared = prepare_upload(upload(encode(picture(), "PNG", icc_profile=profile)))
    image = stored(prepared)
    assert "icc_profile" not in image.info
    assert image.getpixel((5, 5))[0] > 150
