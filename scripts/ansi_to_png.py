#!/usr/bin/env python3
"""Renders terminal captures (`tmux capture-pane -e -p`, ANSI text) to one PNG, side by side.

usage: ansi_to_png.py OUT.png COLS ROWS CAPTURE.ans [CAPTURE.ans ...]

Block characters (█ ▀ ▄ ▌ ▐ ░) are drawn as rectangles, so big digits come out crisp; other
text uses DejaVu Sans Mono. Needs Pillow (Debian: python3-pil) and fonts-dejavu-core.
"""

import re
import sys

from PIL import Image, ImageDraw, ImageFont

CELL_W, CELL_H = 10, 20
FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
# The xterm palette, as most terminals show it.
PALETTE = [
    (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16),
    (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
    (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67),
    (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
]
DEFAULT_FG, DEFAULT_BG = (220, 220, 220), (24, 24, 28)
SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def color_256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return (level, level, level)


def parse(text, cols, rows):
    """A grid of (char, fg, bg, bold) cells from ANSI text."""
    grid = [[(" ", None, None, False, False, False)] * cols for _ in range(rows)]
    fg = bg = None
    bold = dim = reverse = False
    for y, line in enumerate(text.split("\n")[:rows]):
        x, pos = 0, 0
        while pos < len(line) and x < cols:
            match = SGR.match(line, pos)
            if match:
                params = [int(p) if p else 0 for p in re.split("[;:]", match.group(1))] or [0]
                i = 0
                while i < len(params):
                    p = params[i]
                    if p == 0:
                        fg = bg = None
                        bold = dim = reverse = False
                    elif p == 1:
                        bold = True
                    elif p == 2:
                        dim = True
                    elif p == 22:
                        bold = dim = False
                    elif p == 7:
                        reverse = True
                    elif p == 27:
                        reverse = False
                    elif 30 <= p <= 37:
                        fg = PALETTE[p - 30]
                    elif 90 <= p <= 97:
                        fg = PALETTE[p - 90 + 8]
                    elif p == 39:
                        fg = None
                    elif 40 <= p <= 47:
                        bg = PALETTE[p - 40]
                    elif 100 <= p <= 107:
                        bg = PALETTE[p - 100 + 8]
                    elif p == 49:
                        bg = None
                    elif p in (38, 48) and i + 1 < len(params):
                        if params[i + 1] == 5 and i + 2 < len(params):
                            value = color_256(params[i + 2])
                            i += 2
                        elif params[i + 1] == 2 and i + 4 < len(params):
                            value = tuple(params[i + 2:i + 5])
                            i += 4
                        else:
                            value = None
                        if p == 38:
                            fg = value
                        else:
                            bg = value
                    i += 1
                pos = match.end()
                continue
            if line[pos] == "\x1b":
                pos += 1
                continue
            grid[y][x] = (line[pos], fg, bg, bold, dim, reverse)
            x += 1
            pos += 1
    return grid


def draw(grid, cols, rows):
    image = Image.new("RGB", (cols * CELL_W, rows * CELL_H), DEFAULT_BG)
    pen = ImageDraw.Draw(image)
    regular = ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", 16)
    heavy = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Bold.ttf", 16)
    for y, row in enumerate(grid):
        for x, (char, fg, bg, bold, dim, reverse) in enumerate(row):
            fg = fg or DEFAULT_FG
            bg = bg or DEFAULT_BG
            if reverse:
                fg, bg = bg, fg
            if dim:
                fg = tuple(c * 2 // 3 for c in fg)
            left, top = x * CELL_W, y * CELL_H
            pen.rectangle([left, top, left + CELL_W - 1, top + CELL_H - 1], fill=bg)
            half = CELL_H // 2
            blocks = {
                "█": (0, 0, CELL_W, CELL_H),
                "▀": (0, 0, CELL_W, half),
                "▄": (0, half, CELL_W, CELL_H),
                "▌": (0, 0, CELL_W // 2, CELL_H),
                "▐": (CELL_W // 2, 0, CELL_W, CELL_H),
            }
            if char in blocks:
                a, b, c, d = blocks[char]
                pen.rectangle([left + a, top + b, left + c - 1, top + d - 1], fill=fg)
            elif char == "░":
                for dy in range(0, CELL_H, 3):
                    for dx in range((dy // 3) % 2, CELL_W, 2):
                        pen.point((left + dx, top + dy), fill=fg)
            elif char != " ":
                pen.text((left, top + 1), char, font=heavy if bold else regular, fill=fg)
    return image


def main():
    out, cols, rows, captures = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    images = []
    for path in captures:
        with open(path, encoding="utf-8") as file:
            images.append(draw(parse(file.read(), cols, rows), cols, rows))
    gap = 24
    width = sum(i.width for i in images) + gap * (len(images) + 1)
    height = max(i.height for i in images) + gap * 2
    sheet = Image.new("RGB", (width, height), (250, 250, 250))
    left = gap
    for image in images:
        sheet.paste(image, (left, gap))
        left += image.width + gap
    sheet.save(out, optimize=True)


if __name__ == "__main__":
    main()
