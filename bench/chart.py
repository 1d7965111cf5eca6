"""The benchmark's chart: each target's rate as a share of the baseline's, as bars, drawn with Pillow."""

from PIL import Image, ImageDraw, ImageFont

WIDTH, ROW, TOP, LEFT, RIGHT = 960, 30, 56, 330, 70
BAR, MET, MISSED, NO_GOAL, INK, GRID = "#2f6f9f", "#2e7d32", "#c62828", "#7a8a99", "#1a1a1a", "#d0d7de"


def draw(rows, path, title):
    """
    rows: (label, ratio, goal or None) with ratios as fractions of the baseline (1.0 = as fast). A bar is green
    when it meets its goal, red when not, grey without one; the goal is marked on the bar's line.
    """
    height = TOP + ROW * len(rows) + 40
    image = Image.new("RGB", (WIDTH, height), "white")
    pen = ImageDraw.Draw(image)
    font, small = ImageFont.load_default(size=15), ImageFont.load_default(size=12)
    pen.text((16, 14), title, fill=INK, font=font)
    scale = max([1.0, *(ratio for _label, ratio, _goal in rows)])
    span = WIDTH - LEFT - RIGHT
    bottom = TOP + ROW * len(rows)
    for tick in range(0, int(scale * 100) + 1, 25):
        x = LEFT + span * tick / 100 / scale
        pen.line([(x, TOP - 6), (x, bottom)], fill=GRID)
        pen.text((x - 10, bottom + 6), f"{tick}%", fill=INK, font=small)
    for index, (label, ratio, goal) in enumerate(rows):
        y = TOP + ROW * index
        colour = NO_GOAL if goal is None else MET if ratio >= goal else MISSED
        pen.text((16, y + 6), label, fill=INK, font=small)
        pen.rectangle([(LEFT, y + 5), (LEFT + max(span * ratio / scale, 1), y + ROW - 5)], fill=colour)
        pen.text((LEFT + span * ratio / scale + 6, y + 7), f"{ratio:.0%}", fill=INK, font=small)
        if goal is not None:
            x = LEFT + span * goal / scale
            pen.line([(x, y + 2), (x, y + ROW - 2)], fill=INK, width=2)
    image.save(path, optimize=True)
