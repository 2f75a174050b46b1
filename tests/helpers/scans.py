"""Scans built for the tests: a generated PDF rendered to an image (pypdfium2), with speckle, a small skew and JPEG,
wrapped as an image-only PDF (Pillow)."""
from __future__ import annotations

import io
import random


def scan_of(pdf: bytes, *, dpi: int = 200, angle: float = 0.8, rotate: int = 0, seed: int = 3) -> bytes:
    """A scan of `pdf`: each page rendered at `dpi`, skewed by `angle` degrees, speckled, turned by `rotate`
    degrees, JPEG-compressed and wrapped as an image-only PDF."""
    import pypdfium2 as pdfium
    from PIL import Image

    rng = random.Random(seed)
    doc = pdfium.PdfDocument(pdf)
    images = []
    for i in range(len(doc)):
        img = doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        img = img.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
        px = img.load()
        for _ in range(img.width * img.height // 2000):  # speckle
            px[rng.randrange(img.width), rng.randrange(img.height)] = rng.choice((0, 90, 255))
        if rotate:
            img = img.rotate(rotate, expand=True)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=75)
        images.append(Image.open(io.BytesIO(buf.getvalue())))
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()
