"""Folding Vietnamese text for matching and for URL slugs.

"đ"/"Đ" is a letter of its own, not "d" plus a mark: Unicode decomposition leaves it alone, so it is
mapped by hand before the combining marks are stripped.
"""
import re
import unicodedata

from django.utils.text import slugify

_LETTERS = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text):
    """Lower-case ``text`` and strip Vietnamese diacritics: "Đảng bộ Khối" -> "dang bo khoi"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def vietnamese_slugify(text, max_length=200):
    """An ASCII slug that keeps "đ" as "d": "Đảng bộ Khối" -> "dang-bo-khoi"."""
    # Separators inside document numbers ("47-QĐ/TW") become hyphens rather than vanishing.
    return slugify(re.sub(r"[/\\.,:;]+", " ", fold(text)))[:max_length].strip("-")
