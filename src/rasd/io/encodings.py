"""Decode bytes from Arabic news sources: UTF-8 (with or without BOM), UTF-16/32, Windows-1256."""
from __future__ import annotations

import codecs

from ..errors import InputError
from ..text.normalize import arabic_ratio

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
MAX_CONTROL_SHARE = 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte (ASCII) or a steady high byte (Arabic)."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4000]
    even, odd = sample[0::2], sample[1::2]
    for enc, high in (("utf-16-le", odd), ("utf-16-be", even)):
        share = sum(1 for b in high if b in (0x00, 0x06)) / len(high)
        if share > 0.9:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def _check_text(text: str, path: str, encoding: str) -> str:
    if not text.strip():
        raise InputError(path, "empty document (no text after decoding)", hint="nothing to extract")
    controls = sum(1 for c in text if (ord(c) < 32 and c not in "\n\r\t\f\v") or c == "\ufffd")
    if controls / len(text) > MAX_CONTROL_SHARE:
        raise InputError(path, f"looks binary ({controls} control characters in {len(text)} decoded as {encoding})",
                         hint="give rasd text, HTML or JSON Lines")
    return text


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Text and the encoding used. Raises InputError naming `path` for empty, binary or undecodable input."""
    if not data:
        raise InputError(path, "empty file (0 bytes)", hint="nothing to extract")
    for bom, enc in BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(enc), path, enc), enc
            except UnicodeDecodeError as e:
                raise InputError(path, f"starts with a {enc} byte-order mark but is not valid {enc}: {e.reason} at byte {e.start}") from None
    text16 = _utf16_without_bom(data)
    if text16 is not None:
        return _check_text(text16, path, "utf-16"), "utf-16"
    if b"\x00" in data[:8192]:
        raise InputError(path, "looks binary (contains NUL bytes)", hint="give rasd text, HTML or JSON Lines")
    try:
        return _check_text(data.decode("utf-8"), path, "utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = f"{e.reason} at byte {e.start}"
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = None
    if text is not None and arabic_ratio(text) >= 0.5:
        return _check_text(text, path, "cp1256"), "cp1256"
    raise InputError(path, f"not valid UTF-8 ({utf8_error}) and not Arabic in Windows-1256",
                     hint="re-encode the file as UTF-8")
