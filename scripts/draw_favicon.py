"""Draw the site's icons from the header's mark (templates/base.html, the inline <svg class="brand-mark">).

The mark is our own drawing (a gold ring, a red disc, three rising bars and a rising line); nothing is copied
or downloaded. This script writes, into static/portal/:

- favicon.svg: the mark as an SVG file, the same shapes as the header's, for browsers that take SVG icons;
- favicon.ico: 16, 32 and 48 px, drawn with Pillow (every browser, and /favicon.ico redirects to it);
- apple-touch-icon.png: 180 px on white, for phones' home screens (they do not take transparency well).

Deterministic: running it again gives the same files for a given Pillow build. Usage, from the repository root::

    python scripts/draw_favicon.py [OUTPUT_DIR]

Only Pillow and the standard library are required.
"""
from __future__ import annotations

import os
import sys

from PIL import Image, ImageDraw

GOLD, RED, YELLOW, WHITE = "#b8860b", "#a51c1c", "#f4d35e", "#ffffff"
# The header's mark, in its 64 x 64 viewBox: (kind, values) in drawing order.
RING = (32, 32, 30)
DISC = (32, 32, 26)
BARS = [(17, 36, 7, 12), (28.5, 28, 7, 20), (40, 20, 7, 28)]  # x, y, width, height
LINE = [(15, 32), (28, 22), (36, 27), (49, 15)]
LINE_WIDTH = 3

DEFAULT_OUTPUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "static", "portal")

SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<circle cx="{RING[0]}" cy="{RING[1]}" r="{RING[2]}" fill="{GOLD}"/>
<circle cx="{DISC[0]}" cy="{DISC[1]}" r="{DISC[2]}" fill="{RED}"/>
{chr(10).join(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{YELLOW}"/>' for x, y, w, h in BARS)}
<path d="M{' L'.join(f'{x} {y}' for x, y in LINE)}" stroke="{WHITE}" stroke-width="{LINE_WIDTH}" fill="none" \
stroke-linecap="round"/>
</svg>
"""


def draw(size: int, background: str | None = None) -> Image.Image:
    """The mark at ``size`` pixels, drawn 8 times larger and scaled down (smooth edges)."""
    big = size * 8
    scale = big / 64
    image = Image.new("RGBA", (big, big), background or (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)

    def circle(cx, cy, r, fill):
        pen.ellipse([(cx - r) * scale, (cy - r) * scale, (cx + r) * scale, (cy + r) * scale], fill=fill)

    circle(*RING, GOLD)
    circle(*DISC, RED)
    for x, y, w, h in BARS:
        pen.rectangle([x * scale, y * scale, (x + w) * scale, (y + h) * scale], fill=YELLOW)
    points = [(x * scale, y * scale) for x, y in LINE]
    width = round(LINE_WIDTH * scale)
    pen.line(points, fill=WHITE, width=width, joint="curve")
    for x, y in (points[0], points[-1]):  # round caps, as the SVG's stroke-linecap
        pen.ellipse([x - width / 2, y - width / 2, x + width / 2, y + width / 2], fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main(output: str = DEFAULT_OUTPUT) -> None:
    os.makedirs(output, exist_ok=True)
    with open(os.path.join(output, "favicon.svg"), "w", encoding="utf-8") as handle:
        handle.write(SVG)
    icon = draw(48)
    icon.save(os.path.join(output, "favicon.ico"), format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    draw(180, background=WHITE).convert("RGB").save(os.path.join(output, "apple-touch-icon.png"), optimize=True)


if __name__ == "__main__":
    main(*sys.argv[1:2])
