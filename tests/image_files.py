"""Image files made in memory for the image tests: good ones in every accepted format, and bad ones."""

import functools
import io
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, ImageDraw

GPS_XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="52,22.5N" '
    b'exif:GPSLongitude="4,53.7E"/></rdf:RDF></x:xmpmeta>'
)


def picture(size=(120, 80), mode="RGB"):
    """Left half red, right half blue, so orientation and crops can be checked."""
    image = Image.new("RGB", size, (200, 20, 20))
    ImageDraw.Draw(image).rectangle([size[0] // 2, 0, size[0], size[1]], fill=(20, 20, 200))
    return image.convert(mode)


def encode(image, image_format, **options):
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def gps_exif(orientation=1):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 22.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (4.0, 53.0, 42.0),
    }
    return exif


def phone_photo(size=(120, 80), orientation=6):
    """A JPEG as a phone writes it: stored sideways with an EXIF orientation, GPS in EXIF and XMP, an ICC profile."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encode(
        picture(size), "JPEG", exif=gps_exif(orientation), xmp=GPS_XMP, icc_profile=srgb, quality=95
    )


def good_files():
    """One small file in each accepted format, each carrying GPS where the format can."""
    return {
        "jpeg": phone_photo(orientation=1),
        "png": encode(picture(), "PNG", exif=gps_exif()),
        "webp": encode(picture(), "WEBP", exif=gps_exif(), xmp=GPS_XMP),
        "gif": encode(picture().convert("P"), "GIF"),
        "avif": encode(picture(), "AVIF", exif=gps_exif(), xmp=GPS_XMP),
    }


@functools.cache
def decompression_bomb(side=20_000):
    """A real PNG of side × side one-bit pixels, all white: a few kilobytes that decode to hundreds of megabytes."""

    def chunk(kind, data):
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = side.to_bytes(4, "big") * 2 + bytes([1, 0, 0, 0, 0])
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    pixels = zlib.compress(row * side, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)
