"""QR codes for the web link: for the announcement letter and the residents' leaflet (PNG or
SVG, with the address printed under the code so it can be typed too), and for the terminal
when the server starts."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlsplit

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from survey_app.core.i18n import _, app_translator

MODULE = 10
"""Pixels per module in a PNG: about 4 cm across at 300 dpi for a typical address."""
QUIET = 4
"""Modules of white border the standard asks for around the code."""


class BadURL(ValueError):
    pass


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise BadURL(
            _("{url!r} is not a web address: give one like https://survey.example.org/").format(
                url=url
            )
        )
    return url


def matrix(url: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET)
    code.add_data(check_url(url))
    code.make(fit=True)
    return code.get_matrix()


def title() -> str:
    return " / ".join(app_translator(lang).gettext("Residents' survey") for lang in ("cy", "en"))


def to_svg(url: str) -> str:
    cells = matrix(url)
    size = len(cells)
    text_lines = 3
    height = size + text_lines * 2
    rects = "".join(
        f'<rect x="{x}" y="{y}" width="1" height="1"/>'
        for y, row in enumerate(cells)
        for x, dark in enumerate(row)
        if dark
    )
    font = 1.2
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {height}" '
        f'width="{size * MODULE}" height="{height * MODULE}">'
        f'<rect width="{size}" height="{height}" fill="#fff"/>'
        f'<g fill="#000" shape-rendering="crispEdges">{rects}</g>'
        f'<text x="{size / 2}" y="{size + 1.5}" font-size="{font}" text-anchor="middle" '
        f'font-family="sans-serif">{html.escape(title())}</text>'
        f'<text x="{size / 2}" y="{size + 3.5}" font-size="{font}" text-anchor="middle" '
        f'font-family="monospace">{html.escape(url)}</text>'
        "</svg>\n"
    )


def to_png(url: str, path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    cells = matrix(url)
    size = len(cells) * MODULE
    caption = 3 * MODULE * 2
    image = Image.new("L", (size, size + caption), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(cells):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle(
                    (x * MODULE, y * MODULE, (x + 1) * MODULE - 1, (y + 1) * MODULE - 1), fill=0
                )
    for number, line in enumerate((title(), url)):
        points = MODULE * 2
        font = ImageFont.load_default(size=points)
        width = draw.textlength(line, font=font)
        while width > size - 2 * MODULE and points > 8:
            points -= 1
            font = ImageFont.load_default(size=points)
            width = draw.textlength(line, font=font)
        draw.text(
            ((size - width) / 2, size - MODULE + number * MODULE * 2.5), line, fill=0, font=font
        )
    image.save(path, format="PNG")


def write(url: str, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".svg":
        path.write_text(to_svg(url), encoding="utf-8")
    elif suffix == ".png":
        to_png(url, path)
    else:
        raise BadURL(
            _("Write the QR code to a .png or .svg file, not {name}").format(name=path.name)
        )


def to_terminal(url: str) -> str:
    """The code in half blocks, two modules a line, dark on light whatever the theme."""
    cells = matrix(url)
    lines = []
    for y in range(0, len(cells), 2):
        top, bottom = cells[y], cells[y + 1] if y + 1 < len(cells) else [False] * len(cells)
        lines.append(
            "".join(
                " " if not t and not b else "█" if t and b else "▀" if t else "▄"
                for t, b in zip(top, bottom, strict=True)
            )
        )
    # Dark modules drawn in the foreground colour: print them as light-on-dark inverted,
    # so phones read a dark code on a light ground.
    return "\n".join(f"\x1b[7m{line}\x1b[0m" for line in lines)
