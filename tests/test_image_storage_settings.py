"""Where uploaded images are stored, configured by environment as a multi-server deployment does it."""

from tests.test_settings import PRODUCTION, run

S3 = {
    **PRODUCTION,
    "MEDIA_S3_BUCKET": "newsroom-media",
    "MEDIA_S3_ENDPOINT_URL": "https://objects.example.net",
    "MEDIA_URL": "https://media.example.com/",
}
SHOW_STORAGE = (
    "import django; django.setup()\n"
    "from django.conf import settings\n"
    "from django.core.files.storage import storages\n"
    "print(type(storages['default']).__name__)\n"
    "print(storages['default'].url('images/2026/01/a.jpg'))\n"
    "print(' '.join(map(str, settings.SECURE_CSP['img-src'])))\n"
)


def show_storage(**environment):
    return run(["-c", SHOW_STORAGE], DJANGO_SETTINGS_MODULE="newsroom.settings", **environment)


def test_uploads_go_to_the_local_disk_by_default():
    result = show_storage(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    storage, url, _img_src = result.stdout.splitlines()
    assert (storage, url) == ("FileSystemStorage", "/media/images/2026/01/a.jpg")


def test_a_bucket_puts_uploads_on_object_storage_served_from_its_public_address():
    result = show_storage(**S3)
    assert result.returncode == 0, result.stderr
    storage, url, img_src = result.stdout.splitlines()
    assert storage == "S3Storage"
    assert url == "https://media.example.com/images/2026/01/a.jpg"  # unsigned: the same for every reader
    assert "https://media.example.com" in img_src.split()


def test_a_bucket_without_its_public_address_refuses_to_start():
    result = show_storage(**{**S3, "MEDIA_URL": "/media/"})
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "newsroom: configuration error: MEDIA_URL must be the bucket's public https:// address when "
        "MEDIA_S3_BUCKET is set."
    ]
