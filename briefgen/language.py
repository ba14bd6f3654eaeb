"""Which language a text is written in: one small function over lingua, for any stage that needs it."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable


@lru_cache(maxsize=8)
def _detector(languages: tuple[str, ...]):
    from lingua import IsoCode639_1, LanguageDetectorBuilder  # its models load only when a text is asked about

    # low accuracy mode: trigram models only, loaded in a fraction of a second; as accurate as the full mode
    # on texts of a paragraph or more (every article of benchmarks/real/), less so on a line or two
    return (LanguageDetectorBuilder.from_iso_codes_639_1(*(IsoCode639_1.from_str(code) for code in languages))
            .with_low_accuracy_mode().build())


def detect_language(text: str, among: Iterable[str]) -> str | None:
    """The ISO 639-1 code of the language of `text`, one of `among` (at least two codes), or None when
    the text gives no clue (too short, no letters)."""
    found = _detector(tuple(sorted(set(among)))).detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found is not None else None
