from django.tasks import task

from caching import events
from images import renditions
from images.models import Image


@task()
def make_renditions(image_id, key):
    """
    Writes the rendition set `key` of an image and makes it the one pages use. Does nothing when the image
    is gone, already has that set, or has changed since (a newer task then carries the newer key).
    """
    image = Image.objects.filter(pk=image_id).first()
    if image is None or image.renditions_key == key or image.wanted_renditions_key() != key:
        return 0
    written = renditions.generate(image, key)
    previous = image.renditions_key
    switched = Image.objects.filter(
        pk=image.pk, renditions_key=previous, focal_x=image.focal_x, focal_y=image.focal_y
    ).update(renditions_key=key)
    if switched:
        # Pages showing the image link its renditions now.
        events.content_changed("image renditions ready")
    if switched and previous:
        renditions.delete_set(image, previous)
    return written
