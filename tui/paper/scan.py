"""Reading a badge's code from a picture of it (a photo or scan, or the printed badge's PDF), for
`secretariat verify-badge --image FILE`. The decoder (zxing-cpp) is optional: `pip install 'secretariat[scan]'`;
without it, the code's text (from any QR reader) is enough."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.paper.pdf import PaperError


def code_from_image(path: Path) -> str | None:
    """The text of the first QR code in the picture or PDF at `path`; None when it holds no QR code."""
    try:
        import zxingcpp
    except ImportError:
        raise PaperError("reading a code from a picture needs the scan extra (pip install 'secretariat[scan]'); "
                         "or give the code's text as read by any QR reader") from None
    image = _picture(path)
    found = [r for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
    return found[0].text if found else None


def _picture(path: Path) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        if path.suffix.lower() == ".pdf":
            import pypdfium2

            try:
                return pypdfium2.PdfDocument(str(path))[0].render(scale=3).to_pil()
            except pypdfium2.PdfiumError as e:
                raise PaperError("{path} is not a readable PDF ({e})", path=path, e=e) from None
        with Image.open(path) as picture:
            picture.load()
            return picture.copy()
    except (OSError, UnidentifiedImageError) as e:
        raise PaperError("cannot read the picture {path}: {value}", path=path,
                         value=getattr(e, 'strerror', None) or e) from None
