"""
Attachments into the image library, from the files of WordPress's uploads folder (`--uploads DIR`): each file
goes through the library's own upload checks and re-encoding, like an editor's upload. Nothing is fetched from
the old site; files that are not there are counted and listed.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage

from images import library
from images.models import Image
from images.uploads import prepare_upload
from wordpress.content import plain_text
from wordpress.models import WordPressId, digest_of

UPLOADS = "/wp-content/uploads/"
# Formats the library may accept; other attachments (PDF, audio, video) are not images.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".avif"}
# WordPress's copies of an upload: resized (-300x200), scaled down (-scaled), rotated, edited (-e1581234567890).
COPY_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|rotated|e\d{10,})(?=\.\w+$)")
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
ALT_MAX = Image._meta.get_field("alt_text").max_length
CAPTION_MAX = Image._meta.get_field("caption").max_length


def uploaded_file(address):
    """The path under the uploads folder that an upload's address points to, or ""."""
    path = unquote(urlsplit(address).path)
    return path.split(UPLOADS, 1)[1] if UPLOADS in path else ""


def original_name(relative):
    """The upload a copy was made from: 2024/05/photo-300x200.jpg → 2024/05/photo.jpg."""
    while (shorter := COPY_SUFFIX.sub("", relative)) != relative:
        relative = shorter
    return relative


class Attachments:
    """The export's attachments in the image library, and the lookup of body images among them."""

    def __init__(self, report, uploads=None, dry_run=False):
        self.report = report
        self.uploads = Path(uploads).resolve() if uploads else None
        self.dry_run = dry_run
        self.by_id = {}  # attachment wp_id → Image
        self.by_file = {}  # original's relative path → Image
        self.stored_files = []  # written to storage by this import, deleted again if it fails
        self.alt_borrowed = 0  # images written without alt text of their own

    def import_all(self, attachments):
        for attachment in attachments:
            image = self._import(attachment)
            if image is not None:
                self.by_id[attachment.wp_id] = image
                self.by_file[original_name(attachment.file or uploaded_file(attachment.url))] = image
        if self.alt_borrowed:
            self.report.note(
                f"Images without alt text in WordPress: {self.alt_borrowed}. Their caption or title stands in for "
                "it; describe them in the image library."
            )

    def find(self, attributes):
        """The library image an <img> of a post shows (by WordPress's class for it, else by its file)."""
        by_class = WP_IMAGE_CLASS.search(attributes.get("class", ""))
        for wp_id in (by_class and by_class[1], attributes.get("data-id")):
            if wp_id and wp_id.isdigit() and int(wp_id) in self.by_id:
                return self.by_id[int(wp_id)]
        return self.by_file.get(original_name(uploaded_file(attributes.get("src", ""))))

    def discard_stored_files(self):
        """After a failed import: the files it wrote belong to no image."""
        for name in self.stored_files:
            default_storage.delete(name)

    def _import(self, attachment):
        relative = attachment.file or uploaded_file(attachment.url)
        if Path(relative).suffix.lower() not in IMAGE_SUFFIXES:
            self.report.skip("attachments that are not images (documents, audio, video)")
            return None
        fields = self._fields(attachment)
        digest = digest_of(fields)
        alt_borrowed = not plain_text(attachment.alt)
        known = WordPressId.objects.find(WordPressId.Kind.ATTACHMENT, attachment.wp_id)
        if known is not None:
            image = known.image
            if known.digest == digest:
                self.report.count("images", "unchanged")
            else:
                for name, value in fields.items():
                    setattr(image, name, value)
                image.save(update_fields=list(fields))
                known.digest = digest
                known.save(update_fields=["digest", "imported_at"])
                self.report.count("images", "updated")
                self.alt_borrowed += alt_borrowed
            return image
        prepared = self._prepared(relative)
        if prepared is None:
            return None
        self.report.count("images", "added")
        self.alt_borrowed += alt_borrowed
        if self.dry_run:
            return None
        image = library.add_image(prepared, **fields)
        self.stored_files.append(image.file.name)
        WordPressId.objects.remember(WordPressId.Kind.ATTACHMENT, attachment.wp_id, image, digest)
        return image

    def _fields(self, attachment):
        caption = plain_text(attachment.caption)
        alt = plain_text(attachment.alt) or caption or plain_text(attachment.title)
        alt = alt or Path(attachment.file or attachment.url).stem
        return {"alt_text": alt[:ALT_MAX], "caption": caption[:CAPTION_MAX], "decorative": False}

    def _prepared(self, relative):
        """The file judged and re-encoded by the library's upload checks; None (reported) when missing or refused."""
        path = (self.uploads / relative).resolve() if self.uploads and relative else None
        if path is None or not path.is_relative_to(self.uploads) or not path.is_file():
            self.report.missing_files.append(relative or "(an attachment without a file name)")
            return None
        try:
            with path.open("rb") as source:
                return prepare_upload(File(source, name=path.name))
        except ValidationError as exc:
            self.report.skip("image files refused by the library's upload checks")
            self.report.note(f"{relative}: {' '.join(exc.messages)}")
            return None
