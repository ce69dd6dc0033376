"""A page of the PDF record rendered to PNG with pdftoppm (poppler-utils), as a person sees it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from facilitator.services.export import ExportSettings, Format, Kind

from .conftest import Held, exported

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                                reason="pdftoppm (poppler-utils) is not installed")


def test_a_page_renders_as_a4_with_ink_on_it(held: Held, settings: ExportSettings,
                                             tmp_path: Path) -> None:
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(exported(held.conf, Kind.FULL, Format.PDF, None, settings))
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "2", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    (page,) = tmp_path.glob("page-*.png")
    with Image.open(page) as image:
        width, height = image.size
        assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
    assert dark > 0.005 * width * height  # text and rules, not an empty page
