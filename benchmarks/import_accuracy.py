"""How well `briefgen import` finds what an editor annotated: precision and recall on the seeds and
on the real articles of benchmarks/real/, per language, per split, warm and cold.

Usage: python benchmarks/import_accuracy.py [-v] [--cold] [--split tune|test] [--lang xx]

Seeds: each seed's plain text (tests/fixtures/seeds/<slug>.txt) is imported against the experts of
content/experts.yaml (none with --cold) and compared with the hand annotations in
content/articles/<slug>.yaml; a detected claim counts when it credits the same speaker and shares
most of its words with an annotated claim (overlap coefficient of their word sets ≥ SEED_MATCH).

Real articles (benchmarks/real/<lang>/<slug>.txt + .gold.yaml, see its README): imported warm (the
gold's speakers, with their aliases, as the experts registry) and cold (an empty registry: a
detected speaker is the gold speaker whose name or one of whose aliases its name is, accent- and
case-folded). A detected claim counts when it credits the same person as a gold claim and their word
sets overlap with a Jaccard index ≥ REAL_MATCH; each gold claim is counted once. Tune only on
`split: tune`; the numbers to report are `split: test`."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefgen.errors import Diagnostics, Location  # noqa: E402
from briefgen.importer import import_article, known_speakers  # noqa: E402
from briefgen.load import read_yaml_file  # noqa: E402
from briefgen.match import words_of  # noqa: E402
from briefgen.model import Expert  # noqa: E402
from briefgen.validate import validate_experts  # noqa: E402

SEED_MATCH = 0.7
REAL_MATCH = 0.6
REAL = REPO / "benchmarks" / "real"
LANGUAGES = ("en", "de", "fr", "pt", "es")


def overlap(a: str, b: str) -> float:
    words_a, words_b = set(words_of(a)), set(words_of(b))
    return len(words_a & words_b) / max(1, min(len(words_a), len(words_b)))


def jaccard(a: str, b: str) -> float:
    words_a, words_b = set(words_of(a)), set(words_of(b))
    return len(words_a & words_b) / max(1, len(words_a | words_b))


def evaluate_seed(slug: str, experts: list, verbose: bool) -> tuple[int, int, int, int]:
    """(found, detected, annotated found, annotated) for one seed."""
    source = (REPO / "tests" / "fixtures" / "seeds" / f"{slug}.txt").read_text(encoding="utf-8")
    imported = import_article(source, False, known_speakers(experts), f"{slug}.txt")
    detected = [(imported.text[c.start:c.end], c.speaker, c.kind) for c in imported.claims]
    annotated = yaml.safe_load((REPO / "content" / "articles" / f"{slug}.yaml").read_text(encoding="utf-8"))["claims"]
    matched_detected, matched_annotated = set(), set()
    for i, (quote, speaker, _) in enumerate(detected):
        for j, claim in enumerate(annotated):
            if claim["speaker"] == speaker and overlap(quote, claim["quote"]) >= SEED_MATCH:
                matched_detected.add(i)
                matched_annotated.add(j)
    if verbose:
        show(detected, matched_detected, [(c["speaker"], c.get("kind", ""), c["quote"]) for c in annotated],
             matched_annotated)
    return len(matched_detected), len(detected), len(matched_annotated), len(annotated)


def show(detected: list, matched_detected: set, gold: list, matched_gold: set) -> None:
    for i, (quote, speaker, kind) in enumerate(detected):
        print(f"  {'ok  ' if i in matched_detected else 'FALSE'} {speaker:24} {kind:10} {quote[:100]}")
    for j, (speaker, kind, quote) in enumerate(gold):
        if j not in matched_gold:
            print(f"  MISSED {speaker:23} {kind:10} {quote[:100]}")


def _folded(name: str) -> str:
    return " ".join(words_of(name))


def evaluate_real(txt: Path, gold: dict, cold: bool, verbose: bool) -> tuple[int, int, int, int]:
    """(found, detected, gold found, gold) for one real article, warm or cold."""
    speakers = gold.get("speakers") or {}
    experts = [] if cold else [
        Expert(id=i, name=s["name"], affiliation=None, role=None, kind=s.get("kind", "person"),
               aliases=tuple(s.get("aliases") or ()), url=None, location=Location(str(txt)))
        for i, s in speakers.items()]
    imported = import_article(txt.read_text(encoding="utf-8"), False, known_speakers(experts), txt.name)
    names = {}  # folded name or alias → gold speaker id, for cold
    for speaker_id, entry in speakers.items():
        for name in (entry["name"], *(entry.get("aliases") or ())):
            names.setdefault(_folded(name), speaker_id)

    def gold_id(detected_id: str) -> str | None:
        if not cold:
            return detected_id
        return names.get(_folded(imported.new_experts.get(detected_id, detected_id.replace("-", " "))))

    detected = [(imported.text[c.start:c.end], c.speaker, c.kind) for c in imported.claims]
    claims = gold.get("claims") or []
    pairs = sorted(((jaccard(quote, claim["quote"]), i, j)
                    for i, (quote, speaker, _) in enumerate(detected)
                    for j, claim in enumerate(claims) if gold_id(speaker) == claim["speaker"]), reverse=True)
    matched_detected, matched_gold = set(), set()
    for score, i, j in pairs:
        if score >= REAL_MATCH and i not in matched_detected and j not in matched_gold:
            matched_detected.add(i)
            matched_gold.add(j)
    if verbose:
        print(f"{txt.parent.name}/{txt.stem} ({gold.get('split')}, {'cold' if cold else 'warm'})")
        show(detected, matched_detected, [(c["speaker"], c.get("kind", ""), c["quote"]) for c in claims],
             matched_gold)
    return len(matched_detected), len(detected), len(matched_gold), len(claims)


def _ratio(found: int, total: int) -> str:
    return f"{found / total:.2f}" if total else "  - "


def real_tables(verbose: bool, only_split: str | None, only_language: str | None) -> None:
    articles = []
    for language in LANGUAGES:
        if only_language and language != only_language:
            continue
        for txt in sorted((REAL / language).glob("*.txt")):
            gold = yaml.safe_load(txt.with_name(txt.stem + ".gold.yaml").read_text(encoding="utf-8"))
            articles.append((language, txt, gold))
    for split in ("test", "tune"):
        if only_split and split != only_split:
            continue
        for cold in (False, True):
            print(f"\nreal articles, split {split}{' (report these)' if split == 'test' else ' (tuned on)'}, "
                  f"{'cold: empty registry' if cold else 'warm: gold speakers known'}")
            print(f"  {'language':8} {'articles':>8} {'gold':>5} {'found':>6} {'detected':>8} {'precision':>9} {'recall':>6}")
            overall = [0, 0, 0, 0, 0]
            for language in LANGUAGES:
                row = [0, 0, 0, 0, 0]
                for lang, txt, gold in articles:
                    if lang == language and gold.get("split") == split:
                        result = evaluate_real(txt, gold, cold, verbose)
                        row = [r + x for r, x in zip(row, (1, *result))]
                if row[0]:
                    print(f"  {language:8} {row[0]:8} {row[4]:5} {row[3]:6} {row[2]:8} "
                          f"{_ratio(row[1], row[2]):>9} {_ratio(row[3], row[4]):>6}")
                overall = [o + r for o, r in zip(overall, row)]
            print(f"  {'overall':8} {overall[0]:8} {overall[4]:5} {overall[3]:6} {overall[2]:8} "
                  f"{_ratio(overall[1], overall[2]):>9} {_ratio(overall[3], overall[4]):>6}")


def main() -> None:
    verbose = "-v" in sys.argv
    args = sys.argv[1:]
    only_split = args[args.index("--split") + 1] if "--split" in args else None
    only_language = args[args.index("--lang") + 1] if "--lang" in args else None
    diags = Diagnostics()
    experts = validate_experts(read_yaml_file(REPO / "content" / "experts.yaml", "experts.yaml", diags), diags)
    if "--cold" in sys.argv:
        experts = []
    totals = [0, 0, 0, 0]
    print("seeds (content/experts.yaml known)" if experts else "seeds (cold)")
    for slug in ("urdupoint-2022-01-15-missiles-talks", "sputnik-2022-01-missiles-talks"):
        if verbose:
            print(slug)
        result = evaluate_seed(slug, experts, verbose)
        totals = [t + r for t, r in zip(totals, result)]
        print(f"{slug}: precision {result[0]}/{result[1]} = {result[0] / max(1, result[1]):.2f}, "
              f"recall {result[2]}/{result[3]} = {result[2] / max(1, result[3]):.2f}")
    print(f"both seeds: precision {totals[0] / max(1, totals[1]):.2f}, recall {totals[2] / max(1, totals[3]):.2f}")
    if "--seeds" not in args:
        real_tables(verbose, only_split, only_language)


if __name__ == "__main__":
    main()
