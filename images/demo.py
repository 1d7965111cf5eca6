"""
Pictures for the demo site, drawn with Pillow on the spot (nothing is downloaded), then uploaded through the
same pipeline as an editor's photos, so the demo shows judging, re-encoding, renditions and <picture>.
"""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter

from articles.models import Article
from images import library
from images.embed import record_inline_images
from images.models import Image as LibraryImage
from images.uploads import prepare_upload

SIZE = (1600, 1000)
CREDIT = "Newsroom demo illustration"
LONG_ARTICLE = "ports-plug-in-shore-power"


def _gradient(top, bottom, size=SIZE):
    """A vertical gradient between two colours."""
    downwards = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), downwards)


def harbour():
    image = _gradient((244, 162, 97), (74, 63, 107))
    draw = ImageDraw.Draw(image)
    draw.ellipse([1040, 330, 1200, 490], fill=(255, 214, 150))
    draw.rectangle([0, 640, 1600, 1000], fill=(28, 45, 82))
    for y in range(660, 1000, 22):
        draw.line([(200 + y % 300, y), (700 + y % 500, y)], fill=(70, 90, 130), width=3)
    draw.polygon([(380, 560), (1380, 560), (1310, 700), (450, 700)], fill=(35, 30, 40))
    colours = [(193, 68, 14), (30, 111, 146), (224, 169, 45), (90, 122, 60)]
    for row in range(3):
        for column in range(12):
            left, top = 470 + column * 70, 500 - row * 45
            draw.rectangle([left, top, left + 64, top + 40], fill=colours[(row + column) % 4])
    draw.rectangle([0, 700, 380, 760], fill=(60, 60, 66))
    draw.line([(120, 700), (120, 260), (520, 260)], fill=(230, 200, 60), width=14)
    draw.line([(300, 700), (440, 640)], fill=(255, 230, 0), width=9)  # the shore power cable
    return image


def cable_reel():
    image = _gradient((120, 130, 140), (70, 74, 80))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 760, 1600, 1000], fill=(90, 90, 92))
    for radius, colour in [
        (300, (230, 190, 30)),
        (240, (40, 40, 44)),
        (200, (230, 190, 30)),
        (70, (60, 60, 64)),
    ]:
        draw.ellipse([500 - radius, 460 - radius, 500 + radius, 460 + radius], fill=colour)
    draw.line([(500, 760), (900, 700), (1150, 560)], fill=(20, 20, 22), width=28)
    draw.rectangle([1100, 380, 1400, 760], fill=(40, 120, 70), outline=(20, 60, 35), width=8)
    draw.rectangle([1180, 460, 1320, 560], fill=(235, 235, 230))
    return image


def circuit():
    rng = random.Random(7)
    image = Image.new("RGB", SIZE, (16, 70, 42))
    draw = ImageDraw.Draw(image)
    for _ in range(90):
        x, y = rng.randrange(0, 1600, 20), rng.randrange(0, 1000, 20)
        bend = rng.randrange(40, 300)
        draw.line([(x, y), (x + bend, y), (x + bend, y + bend // 2)], fill=(196, 150, 64), width=4)
        draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=(222, 190, 110))
    draw.rectangle([600, 330, 1000, 670], fill=(24, 24, 28), outline=(120, 120, 130), width=4)
    for step in range(12):
        offset = 620 + step * 31
        for pin in [(offset, 310, offset + 10, 330), (offset, 670, offset + 10, 690)]:
            draw.rectangle(pin, fill=(200, 200, 205))
    draw.text((700, 490), "N-1600", fill=(170, 170, 180), font_size=48)
    return image


def reef():
    rng = random.Random(3)
    image = _gradient((40, 150, 190), (8, 40, 80))
    draw = ImageDraw.Draw(image, "RGBA")
    for x in range(100, 1600, 260):
        draw.polygon([(x, 0), (x + 120, 0), (x + 320, 1000), (x + 180, 1000)], fill=(255, 255, 255, 28))
    draw.ellipse([-200, 820, 1800, 1300], fill=(214, 190, 140))
    for _ in range(26):
        x = rng.randrange(0, 1600)
        colour = rng.choice([(240, 110, 130), (250, 160, 70), (190, 90, 200), (250, 220, 90)])
        for _branch in range(5):
            draw.line(
                [(x, 900), (x + rng.randrange(-90, 90), 900 - rng.randrange(80, 260))], fill=colour, width=16
            )
    for _ in range(14):
        x, y = rng.randrange(100, 1500), rng.randrange(150, 650)
        draw.ellipse([x, y, x + 70, y + 34], fill=(255, 200, 40))
        draw.polygon([(x, y + 17), (x - 30, y), (x - 30, y + 34)], fill=(255, 170, 30))
    return image.filter(ImageFilter.GaussianBlur(1))


def river_city():
    rng = random.Random(11)
    image = _gradient((150, 170, 190), (210, 215, 220))
    draw = ImageDraw.Draw(image)
    left = 0
    while left < 1600:
        width, height = rng.randrange(80, 180), rng.randrange(200, 520)
        draw.rectangle([left, 640 - height, left + width, 640], fill=(70 + height // 10, 80, 95))
        for y in range(660 - height, 620, 36):
            for x in range(left + 12, left + width - 16, 28):
                draw.rectangle(
                    [x, y, x + 12, y + 18], fill=(230, 210, 140) if rng.random() < 0.4 else (50, 60, 75)
                )
        left += width + rng.randrange(4, 20)
    draw.rectangle([0, 640, 1600, 1000], fill=(92, 110, 98))
    for y in range(660, 1000, 30):
        draw.arc([-100, y - 20, 1700, y + 20], 0, 180, fill=(130, 150, 135), width=3)
    draw.arc([300, 520, 1300, 860], 180, 360, fill=(40, 40, 45), width=18)
    return image


def telescope():
    rng = random.Random(5)
    image = Image.new("RGB", SIZE, (6, 8, 24))
    draw = ImageDraw.Draw(image)
    for _ in range(700):
        x, y, glow = rng.randrange(1600), rng.randrange(1000), rng.randrange(120, 255)
        draw.point((x, y), fill=(glow, glow, min(255, glow + 30)))
    for radius, shade in [(380, 90), (340, 150), (280, 200), (200, 225), (110, 245)]:
        draw.ellipse(
            [800 - radius, 500 - radius, 800 + radius, 500 + radius], fill=(shade, shade, shade + 10)
        )
    draw.ellipse([770, 470, 830, 530], fill=(20, 20, 30))
    return image


# Drawing, alt text, caption, focal point (%), the articles it leads (an empty list: it goes in the long
# article's body instead).
PICTURES = [
    (
        harbour,
        "Illustration: a container ship at a quay at dusk, a yellow power cable running from the quay to the ship.",
        "A ship plugged in at the quay: shore power lets it switch its engines off.",
        (55, 60),
        [LONG_ARTICLE],
    ),
    (
        circuit,
        "Illustration: a green circuit board with copper traces around a large black chip.",
        "Smaller fabs promise chips made closer to the customers who buy them.",
        (50, 50),
        ["smaller-fabs-closer-to-customers"],
    ),
    (
        reef,
        "Illustration: corals in pink, orange and purple on a sandy sea floor, yellow fish above them.",
        "Nurseries grow coral fragments until they are strong enough to plant on the reef.",
        (50, 70),
        ["coral-nurseries-regrow-reefs"],
    ),
    (
        river_city,
        "Illustration: a city skyline beside a wide river with a bridge across it.",
        "River cities along the same water now share their flood warnings.",
        (50, 55),
        ["river-cities-share-flood-warnings"],
    ),
    (
        telescope,
        "Illustration: a large round mirror shining silver against a starry night sky.",
        "A telescope mirror is polished for years before it sees its first star.",
        (50, 50),
        ["telescope-mirror-polished"],
    ),
    (
        cable_reel,
        "Illustration: a yellow cable reel on a quay, its cable running to a green connection cabinet.",
        "The connection: a reel feeds the ship's cable from a cabinet on the quay.",
        (45, 50),
        [],
    ),
]


def load():
    """Adds the demo pictures once and gives demo articles their lead images. Returns how many it added."""
    added = 0
    for draw, alt_text, caption, focal_point, lead_of in PICTURES:
        image = LibraryImage.objects.filter(caption=caption, credit=CREDIT).first()
        if image is None:
            image = _upload(draw(), alt_text=alt_text, caption=caption, focal_point=focal_point)
            added += 1
        if lead_of:
            Article.objects.filter(slug__in=lead_of, lead_image__isnull=True).update(lead_image=image)
        else:
            _show_in_long_article(image)
    return added


def _upload(picture, *, alt_text, caption, focal_point):
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92)
    prepared = prepare_upload(SimpleUploadedFile("demo.jpg", buffer.getvalue(), content_type="image/jpeg"))
    focal_x, focal_y = focal_point
    return library.add_image(
        prepared, alt_text=alt_text, caption=caption, credit=CREDIT, focal_x=focal_x, focal_y=focal_y
    )


def _show_in_long_article(image):
    article = Article.objects.filter(slug=LONG_ARTICLE).first()
    if article is None or "data-file=" in article.body:
        return
    figure = f'<figure><img src="{image.file.url}" alt="" data-file="{image.pk}"></figure>'
    first_paragraph_end = article.body.find("</p>") + len("</p>")
    article.set_body(article.body[:first_paragraph_end] + figure + article.body[first_paragraph_end:])
    article.save()
    record_inline_images(article)
