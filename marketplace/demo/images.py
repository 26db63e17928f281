"""Product photos for the demo, drawn with Pillow: a coloured disc per category."""

import hashlib
import io
import unicodedata

from PIL import Image, ImageDraw, ImageFont

PALETTE = {
    "Rau củ": (76, 145, 65),
    "Trái cây": (232, 140, 48),
    "Gạo và ngũ cốc": (190, 160, 90),
    "Nấm": (150, 120, 100),
    "Thủy sản": (52, 120, 180),
    "Mật ong": (210, 160, 30),
    "Cà phê và trà": (110, 70, 45),
    "Trứng và thịt": (200, 90, 80),
}


def _ascii(text: str) -> str:
    # Pillow's built-in font has no Vietnamese marks; "Gạo" is drawn as "Gao".
    text = text.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def product_image(title: str, category: str, size: int = 600) -> bytes:
    base = PALETTE.get(category, (120, 120, 120))
    # A stable variation per product, so two products of a category differ.
    shade = int(hashlib.md5(title.encode()).hexdigest()[:2], 16) % 40 - 20
    colour = tuple(max(0, min(255, c + shade)) for c in base)
    image = Image.new("RGB", (size, size), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    margin = size // 10
    draw.ellipse((margin, margin, size - margin, size - margin), fill=colour)
    font = ImageFont.load_default(size=size // 12)
    words = _ascii(title).split()
    lines = [" ".join(words[i : i + 2]) for i in range(0, len(words), 2)][:3]
    for n, line in enumerate(lines):
        y = size / 2 + (n - (len(lines) - 1) / 2) * size / 10
        draw.text((size / 2, y), line, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()
