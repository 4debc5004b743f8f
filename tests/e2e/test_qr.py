"""QR codes decode back to the web address (read by zbar, as a phone would)."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import require  # type: ignore[import-not-found]
from PIL import Image, ImageDraw

from survey_app.cli import main

URL = "https://survey.example.org/ap/lantern-house?lang=cy"


def decode(zbarimg: str, image: Path) -> str:
    found = subprocess.run(
        [zbarimg, "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
    )
    return found.stdout.strip()


def test_png_decodes_to_the_url(db_path: Path, tmp_path: Path) -> None:
    zbarimg = require("zbarimg")
    out = tmp_path / "leaflet.png"
    assert (
        main(["--db", str(db_path), "qr", "--inspection", "1", "--url", URL, "--out", str(out)])
        == 0
    )
    assert decode(zbarimg, out) == URL


def test_svg_draws_the_same_code_with_the_url_under_it(db_path: Path, tmp_path: Path) -> None:
    zbarimg = require("zbarimg")
    out = tmp_path / "letter.svg"
    assert main(["--db", str(db_path), "qr", "--url", URL, "--out", str(out)]) == 0
    root = ET.parse(out).getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    texts = [t.text for t in root.iterfind(".//s:text", ns)]
    assert URL in texts and any("Residents' survey" in (t or "") for t in texts)
    # Draw the SVG's modules as pixels and let zbar read them.
    size = int(root.get("viewBox", "0 0 0 0").split()[2])
    scale = 8
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    for rect in root.iterfind(".//s:g/s:rect", ns):
        x, y = int(rect.get("x", 0)), int(rect.get("y", 0))
        draw.rectangle((x * scale, y * scale, (x + 1) * scale - 1, (y + 1) * scale - 1), fill=0)
    png = tmp_path / "drawn.png"
    image.save(png)
    assert decode(zbarimg, png) == URL


@pytest.mark.parametrize(
    ("url", "out", "message"),
    [
        ("javascript:alert(1)", "x.png", "is not a web address"),
        ("https://ok.example/", "x.pdf", ".png or .svg"),
    ],
)
def test_bad_requests_write_nothing(
    db_path: Path,
    tmp_path: Path,
    url: str,
    out: str,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / out
    assert main(["--db", str(db_path), "qr", "--url", url, "--out", str(target)]) == 2
    assert message in capsys.readouterr().err
    assert not target.exists()


def test_a_missing_inspection_is_refused(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.png"
    assert (
        main(["--db", str(db_path), "qr", "--inspection", "9", "--url", URL, "--out", str(target)])
        == 2
    )
    assert not target.exists()


def test_the_terminal_code_decodes_too(tmp_path: Path) -> None:
    """The half-block code printed when the server starts: drawn back as pixels, read."""
    import re

    from survey_app.web.qr import to_terminal

    zbarimg = require("zbarimg")
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in to_terminal(URL).splitlines()]
    scale = 8
    image = Image.new("L", (len(lines[0]) * scale, len(lines) * 2 * scale), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        for column, char in enumerate(line):
            top, bottom = char in "█▀", char in "█▄"
            for half, dark in ((0, top), (1, bottom)):
                if dark:
                    y = (row * 2 + half) * scale
                    draw.rectangle(
                        (column * scale, y, (column + 1) * scale - 1, y + scale - 1), fill=0
                    )
    png = tmp_path / "terminal.png"
    image.save(png)
    assert decode(zbarimg, png) == URL
