"""How well `briefgen import` finds what an analyst annotated: precision and recall on the seeds.

Usage: python benchmarks/import_accuracy.py [-v] [--cold]

--cold imports with no experts known, as for a new project (speakers then get ids from their names).

Each seed's plain text (tests/fixtures/seeds/<slug>.txt) is imported against the experts of
content/experts.yaml and compared with the hand annotations in content/articles/<slug>.yaml.
A detected claim counts as found when it credits the same speaker and shares most of its words
with an annotated claim (overlap coefficient of their word sets ≥ MATCH)."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefgen.errors import Diagnostics  # noqa: E402
from briefgen.importer import import_article, known_speakers  # noqa: E402
from briefgen.load import read_yaml_file  # noqa: E402
from briefgen.match import words_of  # noqa: E402
from briefgen.validate import validate_experts  # noqa: E402

MATCH = 0.7


def overlap(a: str, b: str) -> float:
    words_a, words_b = set(words_of(a)), set(words_of(b))
    return len(words_a & words_b) / max(1, min(len(words_a), len(words_b)))


def evaluate(slug: str, experts: list, verbose: bool) -> tuple[int, int, int, int]:
    """(found, detected, annotated) for one seed."""
    source = (REPO / "tests" / "fixtures" / "seeds" / f"{slug}.txt").read_text(encoding="utf-8")
    imported = import_article(source, False, known_speakers(experts), f"{slug}.txt")
    detected = [(imported.text[c.start:c.end], c.speaker, c.kind) for c in imported.claims]
    annotated = yaml.safe_load((REPO / "content" / "articles" / f"{slug}.yaml").read_text(encoding="utf-8"))["claims"]
    matched_detected, matched_annotated = set(), set()
    for i, (quote, speaker, _) in enumerate(detected):
        for j, claim in enumerate(annotated):
            if claim["speaker"] == speaker and overlap(quote, claim["quote"]) >= MATCH:
                matched_detected.add(i)
                matched_annotated.add(j)
    if verbose:
        for i, (quote, speaker, kind) in enumerate(detected):
            print(f"  {'ok  ' if i in matched_detected else 'FALSE'} {speaker:20} {kind:10} {quote[:90]}")
        for j, claim in enumerate(annotated):
            if j not in matched_annotated:
                print(f"  MISSED {claim['speaker']:19} {claim.get('kind', ''):10} {claim['quote'][:90]}")
    return len(matched_detected), len(detected), len(matched_annotated), len(annotated)


def main() -> None:
    verbose = "-v" in sys.argv
    diags = Diagnostics()
    experts = validate_experts(read_yaml_file(REPO / "content" / "experts.yaml", "experts.yaml", diags), diags)
    if "--cold" in sys.argv:
        experts = []
    totals = [0, 0, 0, 0]
    for slug in ("urdupoint-2022-01-15-missiles-talks", "sputnik-2022-01-missiles-talks"):
        if verbose:
            print(slug)
        result = evaluate(slug, experts, verbose)
        totals = [t + r for t, r in zip(totals, result)]
        print(f"{slug}: precision {result[0]}/{result[1]} = {result[0] / max(1, result[1]):.2f}, "
              f"recall {result[2]}/{result[3]} = {result[2] / max(1, result[3]):.2f}")
    print(f"both seeds: precision {totals[0] / max(1, totals[1]):.2f}, recall {totals[2] / max(1, totals[3]):.2f}")


if __name__ == "__main__":
    main()
