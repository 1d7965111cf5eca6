"""
Where an image file's own data ends, read from its container structure.

Anything after that point is not part of the picture. Phones append harmless data (padding, the video of a
"motion photo"); an attacker appends a web page so the file works as both image and HTML. The upload
judge looks at that tail; the stored file never carries it, because it is always re-encoded.
"""


def jpeg_end(data):
    """Offset just past the JPEG end-of-image marker, walking segments so embedded thumbnails are skipped."""
    if not data.startswith(b"\xff\xd8"):
        return None
    pos, size = 2, len(data)
    while pos < size:
        if data[pos] != 0xFF:
            return None
        while pos < size and data[pos] == 0xFF:
            pos += 1
        if pos >= size:
            return None
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            return pos
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            continue
        if pos + 2 > size:
            return None
        pos += int.from_bytes(data[pos : pos + 2], "big")
        if marker == 0xDA:
            pos = _end_of_entropy_coded_data(data, pos)
            if pos is None:
                return None
    return None


def _end_of_entropy_coded_data(data, pos):
    # Inside scan data 0xFF is followed by 0x00 (a stuffed byte), a restart marker or fill; anything else
    # is the next marker.
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return None
        following = data[pos + 1]
        if following == 0xFF:
            pos += 1
        elif following == 0x00 or 0xD0 <= following <= 0xD7:
            pos += 2
        else:
            return pos


def png_end(data):
    """Offset just past the IEND chunk."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        chunk_type = data[pos + 4 : pos + 8]
        pos += 12 + length
        if chunk_type == b"IEND":
            return pos if pos <= len(data) else None
    return None


def gif_end(data):
    """Offset just past the GIF trailer byte."""
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        return None
    pos = 13
    if data[10] & 0x80:
        pos += 3 * 2 ** ((data[10] & 0x07) + 1)
    while pos < len(data):
        block = data[pos]
        if block == 0x3B:
            return pos + 1
        if block == 0x21:
            pos = _skip_sub_blocks(data, pos + 2)
        elif block == 0x2C:
            if pos + 10 > len(data):
                return None
            flags = data[pos + 9]
            pos += 10
            if flags & 0x80:
                pos += 3 * 2 ** ((flags & 0x07) + 1)
            pos = _skip_sub_blocks(data, pos + 1)
        else:
            return None
        if pos is None:
            return None
    return None


def _skip_sub_blocks(data, pos):
    while pos < len(data):
        length = data[pos]
        pos += 1 + length
        if length == 0:
            return pos
    return None


def webp_end(data):
    """Offset just past the RIFF container, whose header states its own length."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    length = int.from_bytes(data[4:8], "little")
    return min(8 + length + (length & 1), len(data))


def isobmff_end(data):
    """Offset just past the last well-formed top-level box of an AVIF (ISO base media) file."""
    pos = 0
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        box_type = data[pos + 4 : pos + 8]
        if length == 1 and pos + 16 <= len(data):
            length = int.from_bytes(data[pos + 8 : pos + 16], "big")
        elif length == 0:
            length = len(data) - pos
        if not (box_type.isascii() and box_type.decode("ascii").isprintable()) or length < 8:
            break
        if pos + length > len(data):
            break
        pos += length
    return pos or None


ENDS = {"JPEG": jpeg_end, "PNG": png_end, "GIF": gif_end, "WEBP": webp_end, "AVIF": isobmff_end}


def trailing_data(data, image_format):
    """The bytes after the image's own data (empty when there are none or the end cannot be told)."""
    find_end = ENDS.get(image_format)
    end = find_end(data) if find_end else None
    return data[end:] if end else b""
