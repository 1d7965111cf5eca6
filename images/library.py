"""What editors do with the image library: add images, ask for renditions, delete unused images."""

from django.core.files.storage import default_storage
from django.db import transaction

from caching import events
from images import renditions
from images.models import Image
from images.tasks import make_renditions


def add_image(prepared, *, uploaded_by=None, **fields):
    """Stores an upload already judged and re-encoded by `uploads.prepare_upload`, and asks for renditions."""
    image = Image(width=prepared.width, height=prepared.height, uploaded_by=uploaded_by, **fields)
    image.file.save(prepared.content.name, prepared.content, save=False)
    image.save()
    request_renditions(image)
    return image


def request_renditions(image):
    """
    Queues the renditions the image's file and focal point call for, once the transaction commits, unless
    they are ready. With a worker backend the request returns at once; pages use the original meanwhile.
    """
    key = image.wanted_renditions_key()
    if image.renditions_key != key:
        transaction.on_commit(lambda: make_renditions.enqueue(image.pk, key))


def delete_image(image):
    """
    Deletes an image and, once the transaction commits, its files. Raises ProtectedError while an article
    uses it.
    """
    key = image.renditions_key
    image.delete()
    events.content_changed("image deleted")
    transaction.on_commit(lambda: _delete_files(image, key))


def _delete_files(image, key):
    default_storage.delete(image.file.name)
    if key:
        renditions.delete_set(image, key)
