"""Logos: size from the header before anything decodes them; only files beside the house style."""

from __future__ import annotations

import base64
import io
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from volwassenheid.cli import click_dutch
from volwassenheid.cli.main import cli
from volwassenheid.core.errors import UserError
from volwassenheid.core.models import Branding
from volwassenheid.storage.branding import logo_data_uri, raster_size, svg_size

click_dutch.install()
FIXTURES = Path(__file__).parent / "fixtures"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)), prog_name="volwassenheid")


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def black_and_white_png(width: int, height: int) -> bytes:
    """A real, decodable 1-bit PNG: tiny on disk, huge once decoded."""
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(b"IEND", b"")


def jpeg_header(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame + b"\xff\xd9"


def logo(tmp_path: Path, name: str, data: bytes) -> Branding:
    (tmp_path / name).write_bytes(data)
    return Branding(logo=name)


@pytest.mark.parametrize("side", [12_000, 16_000])
def test_huge_png_is_refused_from_its_header_in_dutch(tmp_path, side):
    branding = logo(tmp_path, "logo.png", black_and_white_png(side, side))
    with pytest.raises(UserError) as refused:
        logo_data_uri(branding, tmp_path)
    assert refused.value.message == (
        f"Logo '{tmp_path / 'logo.png'}' is {side} × {side} pixels; dat is te groot voor een logo "
        "(hoogstens 16 miljoen pixels, bijvoorbeeld 4000 × 4000). Verklein het eerst."
    )


def test_huge_png_stops_the_report_before_anything_is_written(tmp_path, make_engagement):
    folder = make_engagement([{"code": "R01", "antwoorden": {"v1": 3}}])
    (tmp_path / "logo.png").write_bytes(black_and_white_png(12_000, 12_000))
    style = tmp_path / "huisstijl.yaml"
    style.write_text("logo: logo.png\n", encoding="utf-8")
    html = tmp_path / "r.html"
    result = run("rapport", folder, "--html", html, "--huisstijl", style)
    assert result.exit_code == 1
    assert "is 12000 × 12000 pixels; dat is te groot voor een logo" in result.output
    assert "DecompressionBomb" not in result.output and not html.exists()


def test_huge_jpeg_is_refused_from_its_frame_header(tmp_path):
    branding = logo(tmp_path, "logo.jpg", jpeg_header(20_000, 1_000))
    with pytest.raises(UserError, match="is 20000 × 1000 pixels; dat is te groot"):
        logo_data_uri(branding, tmp_path)


def test_header_sizes_match_what_pillow_writes():
    for size in [(1, 1), (240, 80), (4000, 3)]:
        for fmt, kind in [("PNG", "image/png"), ("JPEG", "image/jpeg")]:
            buffer = io.BytesIO()
            Image.new("RGB", size, "white").save(buffer, fmt, progressive=(size[0] == 240))
            assert raster_size(buffer.getvalue(), kind) == size


def test_logo_within_the_limit_is_inlined(tmp_path):
    shutil.copy(FIXTURES / "logo.png", tmp_path / "logo.png")
    assert logo_data_uri(Branding(logo="logo.png"), tmp_path).startswith("data:image/png;base64,iVBOR")
    branding = logo(tmp_path, "rand.png", black_and_white_png(4000, 4000))  # exactly 16 million
    assert logo_data_uri(branding, tmp_path).startswith("data:image/png;base64,")


@pytest.mark.parametrize(
    "svg, size",
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"></svg>', "20000 × 20000"),
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30000 9000"></svg>', "30000 × 9000"),
        ('<svg xmlns="http://www.w3.org/2000/svg" width="200in" height="100in"></svg>', "19200 × 9600"),
    ],
)
def test_huge_svg_is_refused(tmp_path, svg, size):
    with pytest.raises(UserError, match=f"is {size} pixels; dat is te groot"):
        logo_data_uri(logo(tmp_path, "logo.svg", svg.encode()), tmp_path)


def test_svg_with_an_embedded_huge_png_is_refused(tmp_path):
    payload = base64.b64encode(black_and_white_png(12_000, 12_000)).decode()
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><image href="data:image/png;base64,{payload}"/></svg>'
    with pytest.raises(UserError, match="is 12000 × 12000 pixels"):
        logo_data_uri(logo(tmp_path, "logo.svg", svg.encode()), tmp_path)


@pytest.mark.parametrize(
    "svg, message",
    [
        ('<svg width="10" height="10"><image href="file:///etc/passwd"/></svg>', "verwijst naar 'file:///etc/passwd'"),
        ('<svg width="10" height="10"><image xlink:href="geheim.png"/></svg>', "verwijst naar 'geheim.png'"),
        ('<svg width="10" height="10" style="fill:url(http://x.invalid/p)"></svg>', "verwijst naar 'http://x.invalid/p'"),
        ('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg width="10" height="10">&a;</svg>', "<!ENTITY"),
    ],
)
def test_svg_must_stand_on_its_own(tmp_path, svg, message):
    with pytest.raises(UserError, match=message):
        logo_data_uri(logo(tmp_path, "logo.svg", svg.encode()), tmp_path)


def test_small_svg_with_internal_references_is_fine(tmp_path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40"><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/></svg>'
    assert svg_size(svg) == (100, 40)
    assert logo_data_uri(logo(tmp_path, "logo.svg", svg), tmp_path).startswith("data:image/svg+xml;base64,")


@pytest.mark.parametrize("name, data", [("logo.png", b"geen plaatje"), ("logo.jpg", b"\x89PNG..."), ("logo.svg", b"<html></html>")])
def test_file_that_is_not_what_its_name_says(tmp_path, name, data):
    with pytest.raises(UserError, match="geen geldig (PNG|JPEG|SVG)-bestand"):
        logo_data_uri(logo(tmp_path, name, data), tmp_path)


def test_logo_outside_the_folder_of_the_house_style_is_refused(tmp_path):
    inner = tmp_path / "stijl"
    inner.mkdir()
    shutil.copy(FIXTURES / "logo.png", tmp_path / "buiten.png")
    (inner / "link.png").symlink_to(tmp_path / "buiten.png")
    for reference in ("../buiten.png", str(tmp_path / "buiten.png"), "link.png"):
        with pytest.raises(UserError, match="ligt buiten de map"):
            logo_data_uri(Branding(logo=reference), inner)


def test_logo_that_is_not_a_regular_file_is_refused(tmp_path):
    (tmp_path / "nul.png").symlink_to("/dev/zero")
    with pytest.raises(UserError, match="ligt buiten de map"):
        logo_data_uri(Branding(logo="nul.png"), tmp_path)
    (tmp_path / "map.png").mkdir()
    with pytest.raises(UserError, match="is geen gewoon bestand"):
        logo_data_uri(Branding(logo="map.png"), tmp_path)


# --- embedded images whatever they claim to be; <use> bombs; fooled headers ---

HUGE_PNG_B64 = base64.b64encode(black_and_white_png(12_000, 12_000)).decode()


def svg_with_image(url: str) -> bytes:
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><image href="{url}"/></svg>'.encode()


@pytest.mark.parametrize(
    "header",
    [
        "data:image/PNG;base64,",
        "DATA:image/png;base64,",
        "data:application/octet-stream;base64,",
        "data:image/png;charset=utf-8;base64,",
        "data:image/jpeg;base64,",
        "data:;BASE64,",
    ],
)
def test_embedded_raster_is_sized_whatever_type_it_declares(tmp_path, header):
    with pytest.raises(UserError, match="is 12000 × 12000 pixels; dat is te groot"):
        logo_data_uri(logo(tmp_path, "logo.svg", svg_with_image(header + HUGE_PNG_B64)), tmp_path)


def test_embedded_raster_in_a_style_url_is_sized(tmp_path):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><style>rect {{ fill: url("Data:image/png;base64,{HUGE_PNG_B64}") }}</style></svg>'
    with pytest.raises(UserError, match="is 12000 × 12000 pixels"):
        logo_data_uri(logo(tmp_path, "logo.svg", svg.encode()), tmp_path)


def test_svg_nested_in_an_svg_logo_is_refused(tmp_path):
    inner = svg_with_image("data:image/png;base64," + HUGE_PNG_B64)
    outer = svg_with_image("data:image/svg+xml;base64," + base64.b64encode(inner).decode())
    with pytest.raises(UserError, match="bevat zelf weer een SVG"):
        logo_data_uri(logo(tmp_path, "logo.svg", outer), tmp_path)


def test_embedded_data_that_is_no_image_is_refused(tmp_path):
    url = "data:text/plain;base64," + base64.b64encode(b"hallo").decode()
    with pytest.raises(UserError, match="een afbeelding in de SVG is niet te lezen"):
        logo_data_uri(logo(tmp_path, "logo.svg", svg_with_image(url)), tmp_path)


def test_other_raster_formats_are_sized_from_their_header(tmp_path):
    buffer = io.BytesIO()
    Image.new("1", (8, 8)).save(buffer, "BMP")
    bmp = bytearray(buffer.getvalue())
    bmp[18:26] = struct.pack("<ii", 12_000, 12_000)  # width and height in the BMP info header
    assert raster_size(bytes(bmp)) == (12_000, 12_000)
    url = "data:image/png;base64," + base64.b64encode(bytes(bmp)).decode()
    with pytest.raises(UserError, match="is 12000 × 12000 pixels"):
        logo_data_uri(logo(tmp_path, "logo.svg", svg_with_image(url)), tmp_path)


def use_bomb(levels: int) -> bytes:
    groups = ['<g id="a0"><rect width="1" height="1"/></g>']
    groups += [f'<g id="a{n}"><use href="#a{n - 1}"/><use href="#a{n - 1}"/></g>' for n in range(1, levels + 1)]
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs>{"".join(groups)}</defs><use href="#a{levels}"/></svg>'.encode()


def test_use_bomb_logo_is_refused_quickly(tmp_path):
    import time

    started = time.monotonic()
    with pytest.raises(UserError, match=r"^Logo '.*logo\.svg': de SVG tekent meer dan 10000 elementen"):
        logo_data_uri(logo(tmp_path, "logo.svg", use_bomb(30)), tmp_path)
    assert time.monotonic() - started < 2


def test_use_cycle_is_refused(tmp_path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>'
    with pytest.raises(UserError, match="in een kring"):
        logo_data_uri(logo(tmp_path, "logo.svg", svg), tmp_path)


def test_modest_use_is_fine(tmp_path):
    assert logo_data_uri(logo(tmp_path, "logo.svg", use_bomb(8)), tmp_path).startswith("data:image/svg+xml")


def test_jpeg_with_a_small_fake_frame_first_is_sized_by_its_largest_frame(tmp_path):
    fake = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 1, 1, 1) + b"\x01\x11\x00"
    data = jpeg_header(20_000, 1_000)
    data = data[:2] + fake + data[2:]
    assert raster_size(data, "image/jpeg") == (20_000, 1_000)
    with pytest.raises(UserError, match="is 20000 × 1000 pixels"):
        logo_data_uri(logo(tmp_path, "logo.jpg", data), tmp_path)


def test_hard_linked_logo_is_refused(tmp_path):
    import os

    shutil.copy(FIXTURES / "logo.png", tmp_path / "elders.png")
    os.link(tmp_path / "elders.png", tmp_path / "logo.png")
    with pytest.raises(UserError, match="harde koppeling"):
        logo_data_uri(Branding(logo="logo.png"), tmp_path)


def test_nul_in_the_logo_name_is_a_dutch_message(tmp_path):
    with pytest.raises(UserError, match="nul-teken"):
        logo_data_uri(Branding.model_construct(logo="lo\x00go.png"), tmp_path)


def test_use_bomb_in_utf16_is_counted_too():
    from volwassenheid.storage.branding import check_resource

    for encoding in ("utf-16-be", "utf-16-le"):
        data = use_bomb(30).decode().replace("<svg", '<?xml version="1.0" encoding="UTF-16"?><svg', 1).encode(encoding)
        with pytest.raises(UserError, match="meer dan 10000 elementen"):
            check_resource(data, "Bestand 'x.svg'")


def test_reference_in_a_utf16_logo_is_refused(tmp_path):
    svg = '<?xml version="1.0" encoding="UTF-16"?><svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image href="geheim.png"/></svg>'
    with pytest.raises(UserError, match="verwijst naar 'geheim.png'"):
        logo_data_uri(logo(tmp_path, "logo.svg", svg.encode("utf-16-be")), tmp_path)
