"""Page image pre-processing for OCR: only what measurably helps on scanned office documents.

Skew: a page scanned or photographed a degree or two off straight. The angle is found on a reduced copy of the page
(projection profiles: the rows of a straight text page alternate sharply between ink and paper) and the full image
is turned back only when the skew is large enough to matter.
"""
from __future__ import annotations

from typing import Any

MAX_SKEW = 4.0  # degrees searched either way
STEP = 0.25
MIN_SKEW = 0.3  # below this Tesseract's own line finding copes


def estimate_skew(image: Any) -> float:
    """The page's skew in degrees (counter-clockwise positive, PIL's convention), from a reduced, binarised copy."""
    import numpy as np
    from PIL import Image

    small = image.copy()
    small.thumbnail((700, 1000))
    arr = np.asarray(small, dtype=np.uint8)
    ink = (arr < min(160, int(arr.mean()) - 30)).astype(np.uint8) * 255
    mask = Image.fromarray(ink)
    best, best_score = 0.0, -1.0
    steps = int(MAX_SKEW / STEP)
    for k in range(-steps, steps + 1):
        angle = k * STEP
        rotated = np.asarray(mask.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0), dtype=np.float32)
        rows = rotated.sum(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best, best_score = angle, score
    return best


def straighten(image: Any) -> tuple[Any, float]:
    """The image turned straight, and the angle it was turned by (0.0 when left as is)."""
    from PIL import Image

    angle = estimate_skew(image)
    if abs(angle) < MIN_SKEW:
        return image, 0.0
    return image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255, expand=False), angle
