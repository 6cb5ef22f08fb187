"""Draw the demo photo for the anniversary article fixture.

The demo news article about the Party Committee anniversary carries a photo
captioned "Ban chấp hành Đảng bộ Khối khóa XIII, nhiệm kỳ 2020-2025".  We do
not ship any real photograph: this script *draws* a stylised, photo-like
illustration of a formal group photo (stage with a deep-red backdrop, a
yellow banner band, two or three rows of simplified standing figures and
flower pots along the front).  Nothing is copied or downloaded; every pixel
is produced here with Pillow.

The drawing is deterministic (all variation comes from ``random.Random``
with a fixed seed), so re-running the script yields byte-identical output
for a given Pillow build.

Usage (from the repository root)::

    python scripts/draw_demo_photo.py [OUTPUT_PATH]

OUTPUT_PATH defaults to
``fixtures/media/news/photos/2024/04/dang-bo-khoi-bch-khoa-xiii.jpg``.

Only Pillow and the standard library are required.
"""

from __future__ import annotations

import os
import random
import sys

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

SEED = 20240415
WIDTH, HEIGHT = 1200, 800
SS = 2  # supersampling factor, the picture is drawn large then downscaled

DEFAULT_OUTPUT = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "fixtures", "media", "news", "photos", "2024", "04",
    "dang-bo-khoi-bch-khoa-xiii.jpg",
)

BANNER_TEXT = "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TRUNG ƯƠNG"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf",
)

SKIN_TONES = [
    (236, 196, 160), (226, 182, 143), (214, 168, 128), (241, 205, 172),
    (205, 155, 117), (230, 188, 152), (219, 175, 135),
]
HAIR_COLOURS = [
    (24, 22, 22), (30, 27, 26), (40, 34, 30), (18, 18, 20),
    (92, 90, 90), (140, 138, 136),
]
SUIT_COLOURS = [
    (30, 33, 42), (24, 27, 36), (38, 42, 52), (28, 30, 34), (34, 38, 58),
]
WOMAN_JACKETS = [
    (120, 28, 40), (34, 46, 84), (30, 32, 40), (232, 226, 214),
]
TIE_COLOURS = [
    (140, 24, 32), (40, 50, 96), (96, 22, 30), (70, 72, 80), (28, 30, 60),
]


def s(v: float) -> int:
    """Scale a 1x coordinate to the supersampled canvas."""
    return int(round(v * SS))


def mix(c1, c2, t: float):
    return tuple(int(round(a + (b - a) * t)) for a, b in zip(c1, c2))


def shade(c, f: float):
    return tuple(max(0, min(255, int(round(v * f)))) for v in c)


def gradient_fill(canvas: Image.Image, mask: Image.Image, box, top, bottom,
                  horizontal: bool = False) -> None:
    """Fill ``mask`` (same size as canvas region ``box``) with a gradient."""
    x0, y0, x1, y1 = box
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    grad = Image.linear_gradient("L")  # black at top, white at bottom
    if horizontal:
        grad = grad.rotate(90, expand=True).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    grad = grad.resize((w, h), Image.Resampling.BILINEAR)
    layer = Image.merge("RGB", [
        grad.point(lambda v, a=a, b=b: int(a + (b - a) * v / 255))
        for a, b in zip(top, bottom)
    ])
    canvas.paste(layer, (x0, y0), mask)


def radial_fill(canvas: Image.Image, box, inner, outer, centre=(0.4, 0.35),
                mask: Image.Image | None = None) -> None:
    """Paint an ellipse in ``box`` with an off-centre radial gradient."""
    x0, y0, x1, y1 = (int(v) for v in box)
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    big = Image.radial_gradient("L")  # 256x256, black centre -> white edge
    # shift the light spot by cropping an offset window of a larger gradient
    big = big.resize((512, 512), Image.Resampling.BILINEAR)
    cx, cy = centre
    ox = int(256 - cx * 256)
    oy = int(256 - cy * 256)
    grad = big.crop((ox, oy, ox + 256, oy + 256)).resize((w, h), Image.Resampling.BILINEAR)
    layer = Image.merge("RGB", [
        grad.point(lambda v, a=a, b=b: int(a + (b - a) * min(255, v * 1.6) / 255))
        for a, b in zip(inner, outer)
    ])
    if mask is None:
        mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(mask).ellipse((0, 0, w - 1, h - 1), fill=255)
    canvas.paste(layer, (x0, y0), mask)


# --------------------------------------------------------------------------
# Scene parts
# --------------------------------------------------------------------------

def draw_backdrop(img: Image.Image) -> None:
    W, H = img.size
    # deep-red backdrop, slightly lighter in the middle (stage lighting)
    mask = Image.new("L", (W, s(640)), 255)
    gradient_fill(img, mask, (0, 0, W, s(640)), (96, 8, 14), (150, 18, 24))
    glow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glow).ellipse((s(150), s(60), s(1050), s(700)), fill=120)
    glow = glow.filter(ImageFilter.GaussianBlur(s(120)))
    light = Image.new("RGB", (W, H), (205, 52, 46))
    img.paste(light, (0, 0), glow)
    # soft vertical fabric folds
    folds = Image.new("L", (W, H), 0)
    fd = ImageDraw.Draw(folds)
    for i in range(0, 1200, 60):
        fd.rectangle((s(i + 28), 0, s(i + 40), s(640)), fill=40)
    folds = folds.filter(ImageFilter.GaussianBlur(s(10)))
    img.paste(Image.new("RGB", (W, H), (60, 0, 6)), (0, 0), folds)


def load_font(size: int):
    for path in FONT_CANDIDATES:
        if os.path.exists(path):
            try:
                font = ImageFont.truetype(path, size)
            except OSError:
                continue
            # make sure the Vietnamese letters we need really are in the font
            try:
                if all(font.getmask(ch).getbbox() for ch in "ĐẢỘỐƠƯ"):
                    return font
            except Exception:  # pragma: no cover - very old Pillow
                continue
    return None


def draw_banner(img: Image.Image) -> None:
    W = img.size[0]
    top, bot = s(78), s(158)
    x0, x1 = s(70), s(1130)
    # shadow under the banner
    sh = Image.new("L", img.size, 0)
    ImageDraw.Draw(sh).rectangle((x0 + s(4), top + s(8), x1 + s(4), bot + s(10)), fill=120)
    sh = sh.filter(ImageFilter.GaussianBlur(s(8)))
    img.paste(Image.new("RGB", img.size, (40, 0, 4)), (0, 0), sh)
    mask = Image.new("L", (x1 - x0, bot - top), 255)
    gradient_fill(img, mask, (x0, top, x1, bot), (250, 214, 84), (222, 168, 40))
    d = ImageDraw.Draw(img)
    # thin gold trims
    d.rectangle((x0, top, x1, top + s(4)), fill=(255, 232, 140))
    d.rectangle((x0, bot - s(5), x1, bot), fill=(176, 120, 24))
    font = load_font(s(38))
    if font is not None:
        tb = d.textbbox((0, 0), BANNER_TEXT, font=font)
        tw, th = tb[2] - tb[0], tb[3] - tb[1]
        tx = (W - tw) // 2 - tb[0]
        ty = (top + bot) // 2 - th // 2 - tb[1]
        d.text((tx + s(1), ty + s(2)), BANNER_TEXT, font=font, fill=(150, 90, 20))
        d.text((tx, ty), BANNER_TEXT, font=font, fill=(182, 18, 24))


def draw_stage(img: Image.Image) -> None:
    W, H = img.size
    # stage floor (carpet) seen slightly from above
    floor_top, floor_bot = s(632), s(712)
    mask = Image.new("L", (W, floor_bot - floor_top), 255)
    gradient_fill(img, mask, (0, floor_top, W, floor_bot), (112, 20, 26), (150, 34, 36))
    # stage front skirt with pleats
    mask = Image.new("L", (W, H - floor_bot), 255)
    gradient_fill(img, mask, (0, floor_bot, W, H), (70, 8, 14), (36, 4, 8))
    pleats = Image.new("L", img.size, 0)
    pd = ImageDraw.Draw(pleats)
    for i in range(0, 1200, 34):
        pd.rectangle((s(i), floor_bot, s(i + 10), H), fill=70)
    pleats = pleats.filter(ImageFilter.GaussianBlur(s(5)))
    img.paste(Image.new("RGB", img.size, (20, 0, 4)), (0, 0), pleats)
    d = ImageDraw.Draw(img)
    d.rectangle((0, floor_bot - s(3), W, floor_bot + s(3)), fill=(196, 150, 60))


class Person:
    def __init__(self, rng: random.Random, cx: float, head_y: float, scale: float):
        self.cx, self.head_y, self.scale = cx, head_y, scale
        self.woman = rng.random() < 0.2
        self.skin = rng.choice(SKIN_TONES)
        if self.woman:
            self.hair = rng.choice(HAIR_COLOURS[:4])
            self.suit = rng.choice(WOMAN_JACKETS)
        else:
            self.hair = rng.choice(HAIR_COLOURS)
            self.suit = rng.choice(SUIT_COLOURS)
        self.tie = None if self.woman or rng.random() < 0.15 else rng.choice(TIE_COLOURS)
        self.width = rng.uniform(0.92, 1.1)
        self.head_r = 21 * scale * rng.uniform(0.94, 1.05)
        self.part_left = rng.random() < 0.5
        self.bald = (not self.woman) and rng.random() < 0.1

    # geometry helpers (1x coordinates)
    @property
    def shoulder_y(self):
        return self.head_y + self.head_r * 1.55

    @property
    def half_w(self):
        return 47 * self.scale * self.width

    def silhouette(self, draw: ImageDraw.ImageDraw, bottom: float, fill=255) -> None:
        cx, r = self.cx, self.head_r
        draw.ellipse((s(cx - r), s(self.head_y - r * 1.1), s(cx + r), s(self.head_y + r * 1.05)), fill=fill)
        draw.rounded_rectangle((s(cx - self.half_w), s(self.shoulder_y), s(cx + self.half_w), s(bottom)),
                               radius=s(24 * self.scale), fill=fill)

    def draw(self, img: Image.Image, bottom: float) -> None:
        d = ImageDraw.Draw(img)
        cx, hy, r, sc = self.cx, self.head_y, self.head_r, self.scale
        sy, hw = self.shoulder_y, self.half_w

        # woman: bob haircut framing the face (behind the neck and face)
        if self.woman:
            d.rounded_rectangle((s(cx - r * 1.12), s(hy - r * 0.6), s(cx + r * 1.12), s(hy + r * 0.95)),
                                radius=s(r * 0.45), fill=self.hair)

        # neck
        neck_col = shade(self.skin, 0.8)
        d.rectangle((s(cx - r * 0.42), s(hy + r * 0.6), s(cx + r * 0.42), s(sy + 12 * sc)), fill=neck_col)

        # jacket with side light (left lighter, right darker)
        x0, y0, x1, y1 = s(cx - hw), s(sy), s(cx + hw), s(bottom)
        m = Image.new("L", (x1 - x0, y1 - y0), 0)
        ImageDraw.Draw(m).rounded_rectangle((0, 0, x1 - x0 - 1, y1 - y0 - 1), radius=s(24 * sc), fill=255)
        gradient_fill(img, m, (x0, y0, x1, y1), shade(self.suit, 1.55 if sum(self.suit) < 400 else 1.03),
                      shade(self.suit, 0.75), horizontal=True)

        # arm seams
        seam = shade(self.suit, 0.6)
        d.line((s(cx - hw * 0.72), s(sy + 18 * sc), s(cx - hw * 0.78), s(bottom)), fill=seam, width=s(1.5))
        d.line((s(cx + hw * 0.72), s(sy + 18 * sc), s(cx + hw * 0.78), s(bottom)), fill=seam, width=s(1.5))

        # shirt V and lapels
        v_depth = 44 * sc if not self.woman else 30 * sc
        shirt = (246, 246, 242) if sum(self.suit) < 600 else (200, 60, 70)
        d.polygon([(s(cx - r * 0.62), s(sy - 1)), (s(cx + r * 0.62), s(sy - 1)), (s(cx), s(sy + v_depth))],
                  fill=shirt)
        # collar shadow
        d.polygon([(s(cx - r * 0.5), s(sy)), (s(cx + r * 0.5), s(sy)), (s(cx), s(sy + 6 * sc))],
                  fill=shade(shirt, 0.82))
        lapel = shade(self.suit, 0.62)
        d.line((s(cx - r * 0.64), s(sy), s(cx), s(sy + v_depth)), fill=lapel, width=s(2))
        d.line((s(cx + r * 0.64), s(sy), s(cx), s(sy + v_depth)), fill=lapel, width=s(2))

        if self.tie is not None:
            t = self.tie
            d.polygon([(s(cx - 4 * sc), s(sy + 4 * sc)), (s(cx + 4 * sc), s(sy + 4 * sc)),
                       (s(cx + 2.5 * sc), s(sy + 9 * sc)), (s(cx - 2.5 * sc), s(sy + 9 * sc))], fill=shade(t, 0.85))
            d.polygon([(s(cx - 2.5 * sc), s(sy + 9 * sc)), (s(cx + 2.5 * sc), s(sy + 9 * sc)),
                       (s(cx + 5.5 * sc), s(sy + v_depth - 2 * sc)), (s(cx), s(sy + v_depth + 4 * sc)),
                       (s(cx - 5.5 * sc), s(sy + v_depth - 2 * sc))], fill=t)
            d.line((s(cx + 1 * sc), s(sy + 10 * sc), s(cx + 3 * sc), s(sy + v_depth - 3 * sc)),
                   fill=shade(t, 1.3), width=s(1))
            # jacket buttons below the V
            d.ellipse((s(cx - 1.8 * sc), s(sy + v_depth + 12 * sc), s(cx + 1.8 * sc), s(sy + v_depth + 15.6 * sc)),
                      fill=shade(self.suit, 0.5))

        # ears
        er = r * 0.22
        for side in (() if self.woman else (-1, 1)):
            ex = cx + side * r * 0.93
            d.ellipse((s(ex - er), s(hy - er * 1.2), s(ex + er), s(hy + er * 1.4)), fill=shade(self.skin, 0.88))

        # hair cap (drawn as a slightly larger ellipse shifted up)
        if not self.bald:
            d.ellipse((s(cx - r * 1.02), s(hy - r * 1.12), s(cx + r * 1.02), s(hy + r * 0.55)), fill=self.hair)
        else:
            d.chord((s(cx - r * 1.0), s(hy - r * 0.7), s(cx + r * 1.0), s(hy + r * 0.7)), 150, 390,
                    fill=self.hair)

        # face with soft radial light from the upper left
        top_face = hy - r * (0.78 if not self.bald else 1.02)
        radial_fill(img, (s(cx - r * 0.9), s(top_face), s(cx + r * 0.9), s(hy + r * 1.06)),
                    shade(self.skin, 1.06), shade(self.skin, 0.74), centre=(0.38, 0.32))
        if not self.bald:
            # fringe / side part over the forehead
            if self.part_left:
                pts = [(cx - r * 0.95, hy - r * 0.35), (cx - r * 0.7, hy - r * 0.85), (cx + r * 0.2, hy - r * 0.98),
                       (cx + r * 0.95, hy - r * 0.45), (cx + r * 0.5, hy - r * 0.62), (cx - r * 0.3, hy - r * 0.6)]
            else:
                pts = [(cx + r * 0.95, hy - r * 0.35), (cx + r * 0.7, hy - r * 0.85), (cx - r * 0.2, hy - r * 0.98),
                       (cx - r * 0.95, hy - r * 0.45), (cx - r * 0.5, hy - r * 0.62), (cx + r * 0.3, hy - r * 0.6)]
            d.polygon([(s(x), s(y)) for x, y in pts], fill=self.hair)
            # hair sheen
            d.arc((s(cx - r * 0.7), s(hy - r * 1.0), s(cx + r * 0.5), s(hy - r * 0.2)), 200, 260,
                  fill=mix(self.hair, (200, 200, 200), 0.25), width=s(1.5))


def draw_row(img: Image.Image, people: list[Person], bottom: float) -> None:
    # soft shadow cast on whatever is behind the row (light from upper left)
    sh = Image.new("L", img.size, 0)
    sd = ImageDraw.Draw(sh)
    for p in people:
        p.silhouette(sd, bottom)
    sh = ImageChops.offset(sh, s(10), s(6)).filter(ImageFilter.GaussianBlur(s(9)))
    sh = sh.point(lambda v: v * 110 // 255)
    img.paste(Image.new("RGB", img.size, (18, 0, 2)), (0, 0), sh)
    for p in people:
        p.draw(img, bottom)


def make_row(rng: random.Random, n: int, head_y: float, spacing: float, scale: float) -> list[Person]:
    start = 600 - spacing * (n - 1) / 2
    people = []
    for i in range(n):
        cx = start + i * spacing + rng.uniform(-4, 4)
        hy = head_y + rng.uniform(-5, 5)
        people.append(Person(rng, cx, hy, scale))
    return people


def draw_flower_pots(img: Image.Image, rng: random.Random) -> None:
    d = ImageDraw.Draw(img)
    n = 10
    spacing = 1200 / n
    pots = []
    for i in range(n):
        pots.append(spacing * (i + 0.5) + rng.uniform(-6, 6))
    base_y = 748
    # shadows on the floor
    sh = Image.new("L", img.size, 0)
    sd = ImageDraw.Draw(sh)
    for cx in pots:
        sd.ellipse((s(cx - 50), s(base_y - 12), s(cx + 60), s(base_y + 10)), fill=150)
    sh = sh.filter(ImageFilter.GaussianBlur(s(8)))
    img.paste(Image.new("RGB", img.size, (16, 0, 2)), (0, 0), sh)

    for cx in pots:
        # foliage mound behind the pot rim
        leaves = []
        for _ in range(60):
            a = rng.uniform(0, 1)
            lx = cx + rng.uniform(-64, 64) * (0.55 + 0.45 * a)
            ly = 662 - rng.uniform(0, 52) * (1 - abs(lx - cx) / 85) + rng.uniform(-6, 6)
            lr = rng.uniform(8, 16)
            g = rng.choice([(34, 96, 40), (44, 120, 48), (28, 80, 34), (60, 138, 58)])
            leaves.append((ly, lx, lr, g))
        leaves.sort()
        for ly, lx, lr, g in leaves:
            d.ellipse((s(lx - lr), s(ly - lr * 0.7), s(lx + lr), s(ly + lr * 0.7)), fill=g)
            d.ellipse((s(lx - lr * 0.5), s(ly - lr * 0.5), s(lx + lr * 0.3), s(ly)), fill=mix(g, (200, 230, 160), 0.25))
        # blossoms (yellow chrysanthemums and red/white accents)
        for _ in range(28):
            fx = cx + rng.uniform(-56, 56)
            fy = 652 - rng.uniform(0, 46) * (1 - abs(fx - cx) / 80) + rng.uniform(-4, 8)
            fr = rng.uniform(6, 10)
            col = rng.choice([(250, 204, 40), (252, 220, 70), (244, 178, 30), (246, 196, 36),
                              (236, 60, 50), (232, 96, 40)])
            radial_fill(img, (s(fx - fr), s(fy - fr), s(fx + fr), s(fy + fr)),
                        mix(col, (255, 255, 240), 0.35), shade(col, 0.7), centre=(0.4, 0.35))
            d.ellipse((s(fx - fr * 0.25), s(fy - fr * 0.25), s(fx + fr * 0.25), s(fy + fr * 0.25)),
                      fill=shade(col, 0.6))
        # pot: glazed ceramic, trapezoid with a rim
        top_y, bot_y = 674, base_y
        x0, x1 = s(cx - 44), s(cx + 44)
        m = Image.new("L", (x1 - x0, s(bot_y) - s(top_y)), 0)
        w, h = m.size
        ImageDraw.Draw(m).polygon([(0, 0), (w - 1, 0), (int(w * 0.82), h - 1), (int(w * 0.18), h - 1)], fill=255)
        gradient_fill(img, m, (x0, s(top_y), x1, s(bot_y)), (232, 180, 70), (130, 78, 20), horizontal=True)
        # pot highlight and rim
        d.line((s(cx - 29), s(top_y + 12), s(cx - 22), s(bot_y - 10)), fill=(250, 222, 140), width=s(3))
        d.rounded_rectangle((s(cx - 49), s(top_y - 8), s(cx + 49), s(top_y + 6)), radius=s(4), fill=(204, 146, 44))
        d.line((s(cx - 47), s(top_y - 7), s(cx + 47), s(top_y - 7)), fill=(246, 210, 120), width=s(2))
        # simple decorative band
        d.line((s(cx - 39), s(top_y + 28), s(cx + 39), s(top_y + 28)), fill=(150, 32, 30), width=s(3))


def finishing(img: Image.Image, rng: random.Random) -> Image.Image:
    W, H = img.size
    # vignette
    v = Image.new("L", (W, H), 0)
    ImageDraw.Draw(v).ellipse((-s(200), -s(180), W + s(200), H + s(180)), fill=255)
    v = v.filter(ImageFilter.GaussianBlur(s(110)))
    v = v.point(lambda x: 255 - (255 - x) * 150 // 255)
    dark = Image.new("RGB", (W, H), (0, 0, 0))
    img = Image.composite(img, dark, v)
    img = img.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    # a whisper of deterministic film grain
    tile = 128
    noise = Image.frombytes("L", (tile, tile), rng.randbytes(tile * tile))
    noise = noise.point(lambda x: 128 + (x - 128) // 28)
    grain = Image.new("L", (WIDTH, HEIGHT))
    for yy in range(0, HEIGHT, tile):
        for xx in range(0, WIDTH, tile):
            grain.paste(noise, (xx, yy))
    grain_rgb = Image.merge("RGB", [grain] * 3)
    img = ImageChops.add(img, grain_rgb, scale=1.0, offset=-128)
    return img.filter(ImageFilter.UnsharpMask(radius=1.2, percent=40, threshold=2))


def render() -> Image.Image:
    rng = random.Random(SEED)
    img = Image.new("RGB", (s(WIDTH), s(HEIGHT)), (0, 0, 0))
    draw_backdrop(img)
    draw_banner(img)
    draw_stage(img)
    # three rows, back row on a riser (higher up, a little smaller)
    back = make_row(rng, 12, 262, 86, 0.96)
    middle = make_row(rng, 11, 340, 92, 1.02)
    front = make_row(rng, 10, 420, 100, 1.1)
    draw_row(img, back, 560)
    draw_row(img, middle, 620)
    draw_row(img, front, 700)
    draw_flower_pots(img, rng)
    return finishing(img, rng)


def main(argv: list[str]) -> int:
    out = argv[1] if len(argv) > 1 else DEFAULT_OUTPUT
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    img = render()
    img.save(out, "JPEG", quality=85, optimize=True)
    print(f"wrote {out} ({os.path.getsize(out)} bytes, {img.size[0]}x{img.size[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
