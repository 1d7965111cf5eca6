"""
How long images take: the upload (judge, decode, re-encode) and the renditions, per megapixel of the
original. Run with `make bench`; numbers are printed, nothing is asserted.
"""

import io
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()

from django.core.files.storage import InMemoryStorage  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image as PILImage  # noqa: E402
from PIL import ImageDraw, ImageFilter  # noqa: E402

from images import renditions  # noqa: E402
from images.models import Image  # noqa: E402
from images.uploads import prepare_upload  # noqa: E402

SIZES = [(1600, 1067), (3000, 2000), (4032, 3024)]  # a web image, a 6 MP camera, a 12 MP phone
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))


def photo(width, height):
    """Something with a photo's texture: gradients, shapes and grain, so encoders work as hard as on one."""
    image = PILImage.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for index in range(40):
        x, y = (index * 7919) % width, (index * 104729) % height
        draw.ellipse(
            [x, y, x + width // 6, y + height // 6], fill=(index * 6 % 256, 120, 255 - index * 5 % 256)
        )
    grain = PILImage.effect_noise((width, height), 24).convert("RGB")
    return PILImage.blend(image.filter(ImageFilter.GaussianBlur(2)), grain, 0.15)


def jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def timed_by_format(encode, times):
    def timed(picture, format_name):
        started = time.perf_counter()
        result = encode(picture, format_name)
        times[format_name] += time.perf_counter() - started
        return result

    return timed


def bench_one(width, height):
    data = jpeg(photo(width, height))
    megapixels = width * height / 1e6
    upload_times, rendition_times = [], []
    encoding = dict.fromkeys(renditions.FORMATS, 0.0)
    renditions.encode = timed_by_format(untimed_encode := renditions.encode, encoding)
    try:
        for _ in range(ROUNDS):
            started = time.perf_counter()
            prepared = prepare_upload(SimpleUploadedFile("photo.jpg", data))
            upload_times.append(time.perf_counter() - started)

            storage = InMemoryStorage()
            image = Image(width=prepared.width, height=prepared.height)
            image.file.name = storage.save("images/bench.jpg", prepared.content)
            started = time.perf_counter()
            count = renditions.generate(image, image.wanted_renditions_key(), storage=storage)
            rendition_times.append(time.perf_counter() - started)
    finally:
        renditions.encode = untimed_encode
    rendition_time = statistics.median(rendition_times)
    formats = "  ".join(f"{name} {total / ROUNDS:5.2f}s" for name, total in encoding.items())
    print(
        f"{width:>5} × {height:<5} {megapixels:5.1f} MP  {len(data) / 1e6:5.1f} MB  "
        f"upload {statistics.median(upload_times):5.2f}s  "
        f"{count} renditions {rendition_time:5.2f}s = {rendition_time / megapixels:5.2f} s/MP  "
        f"(encoding: {formats})"
    )
    return rendition_time / megapixels


def main():
    print(f"Images: upload and renditions, median of {ROUNDS} rounds, {os.cpu_count()} CPUs")
    per_megapixel = [bench_one(width, height) for width, height in SIZES]
    print(f"Renditions: {statistics.mean(per_megapixel):.2f} s per megapixel of original (mean)")


if __name__ == "__main__":
    main()
