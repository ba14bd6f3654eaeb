"""How well matching across sources finds the same statement in other articles: found, missed and
false pairs against the hand-made gold of benchmarks/real/, per cluster and overall, for the
`tune` and `test` splits; and what `briefgen check` suggests across languages.

Usage: python benchmarks/match_accuracy.py [-v]

Every article of benchmarks/real/*/ becomes an article of one briefgen project in a temporary
folder, with a sidecar made from its gold: each claim's speaker, kind and quote, its language and
date — but no `same_as`, which is the gold. The gold pairs of one language are two claims of
different articles that the gold's same_as links of that language join, transitively; across
languages, the pairs a same_as names. A pair found is false when no chain of the gold's links
joins its claims. Matching (what
readers see on /discrepancies/ and in "also reported by") is judged on the pairs of claims it
grouped; the check's suggestions (info lines, never shown to readers) on the pairs they name.
A pair is in `tune` when both its articles are, else in `test` (a pair that touches a test
article was not tuned on). A pair of languages that differ is counted apart (`across`): words
are not compared across languages, only suggested.

-v lists every pair missed or false, with both quotes."""

from __future__ import annotations

import re
import sys
import tempfile
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
REAL = REPO / "benchmarks" / "real"
sys.path.insert(0, str(REPO))

from briefgen import pipeline  # noqa: E402
from briefgen.anchor import fold  # noqa: E402
from briefgen.suggest import suggest_same_as  # noqa: E402

SPLITS = ("tune", "test")


def load_gold() -> dict[str, dict]:
    """Each article's gold, by slug ('<lang>/<name>')."""
    return {path.relative_to(REAL).as_posix()[:-len(".gold.yaml")]: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted(REAL.glob("*/*.gold.yaml"))}


def write_project(gold: dict[str, dict], root: Path) -> None:
    """A briefgen project of every gold article, with sidecars made from the gold without same_as."""
    experts: dict[str, dict] = {}
    articles = root / "content" / "articles"
    for slug, article in gold.items():
        for speaker, about in (article.get("speakers") or {}).items():
            entry = experts.setdefault(speaker, {"name": about["name"], "kind": about.get("kind", "person")})
            aliases = sorted(set(entry.get("aliases", [])) | set(about.get("aliases") or []))
            if aliases:
                entry["aliases"] = aliases
        headline, _, body = (REAL / f"{slug}.txt").read_text(encoding="utf-8").partition("\n")
        (articles / slug).parent.mkdir(parents=True, exist_ok=True)
        # the headline stays part of the text: some claims stand in it
        (articles / f"{slug}.md").write_text(_literal(headline) + "\n\n" + _literal(body.strip()) + "\n", encoding="utf-8")
        sidecar = {"title": headline.strip(), "outlet": article["outlet"], "language": article["language"],
                   "claims": _claims(article.get("claims") or [], headline + body)}
        if article.get("published"):
            sidecar["published"] = article["published"]
        (articles / f"{slug}.yaml").write_text(yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False),
                                               encoding="utf-8")
    (root / "content" / "experts.yaml").write_text(yaml.safe_dump(experts, allow_unicode=True), encoding="utf-8")
    (root / "content" / "topics.yaml").write_text("{}\n", encoding="utf-8")
    (root / "briefgen.yaml").write_text("title: Matching benchmark\n", encoding="utf-8")


def _claims(gold_claims: list[dict], text: str) -> list[dict]:
    """The sidecar's claims: the gold's, numbered; a quote the text has more than once is taken at
    its next place each time it comes again."""
    claims, seen = [], defaultdict(int)
    for n, claim in enumerate(gold_claims, start=1):
        claims.append({"id": str(n), "speaker": claim["speaker"], "kind": claim["kind"], "quote": claim["quote"]})
        quote = fold(claim["quote"]).text
        seen[quote] += 1
        if (times := fold(text).text.count(quote)) > 1:
            claims[-1]["occurrence"] = min(seen[quote], times)
    return claims


def _literal(text: str) -> str:
    """Plain text as Markdown that shows it as it is."""
    return re.sub(r"([\\`*_<>#\[\]])", r"\\\1", text)


def gold_links(gold: dict[str, dict]) -> list[tuple[str, str]]:
    """Every same_as link of the gold, as two claim refs."""
    return [(f"{slug}#{n}", other) for slug, article in gold.items()
            for n, claim in enumerate(article.get("claims") or [], start=1)
            for other in ([claim["same_as"]] if isinstance(claim.get("same_as"), str) else claim.get("same_as") or [])]


def closed(links: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The pairs of claims of different articles that these links join, transitively."""
    parent: dict[str, str] = {}

    def find(ref: str) -> str:
        while parent.setdefault(ref, ref) != ref:
            ref = parent[ref]
        return ref

    for a, b in links:
        parent[find(a)] = find(b)
    groups = defaultdict(list)
    for ref in list(parent):
        groups[find(ref)].append(ref)
    return {pair for refs in groups.values() for pair in map(tuple, map(sorted, combinations(refs, 2)))
            if pair[0].partition("#")[0] != pair[1].partition("#")[0]}


def found_pairs(groups) -> set[tuple[str, str]]:
    return {tuple(sorted(pair)) for group in groups for pair in combinations(group.refs, 2)
            if pair[0].partition("#")[0] != pair[1].partition("#")[0]}


def split_of(pair: tuple[str, str], gold: dict[str, dict]) -> str:
    return "tune" if all(gold[ref.partition("#")[0]]["split"] == "tune" for ref in pair) else "test"


def cluster_of(pair: tuple[str, str], gold: dict[str, dict]) -> str:
    clusters = {gold[ref.partition("#")[0]].get("cluster") for ref in pair}
    return clusters.pop() if len(clusters) == 1 and None not in clusters else "(no cluster)"


def across(pair: tuple[str, str]) -> bool:
    return pair[0].partition("/")[0] != pair[1].partition("/")[0]


def table(title: str, gold: dict[str, dict], truth: set, predicted: set, right: set, split: str) -> None:
    """Found and missed: the `truth` pairs `predicted` or not; false: a pair predicted that is not
    `right` (any pair the gold joins, however loosely, is not counted false)."""
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for pair in truth | (predicted - right):
        if split_of(pair, gold) != split:
            continue
        column = 0 if pair in truth and pair in predicted else 1 if pair in truth else 2
        rows[cluster_of(pair, gold)][column] += 1
    print(f"\n{title}, split {split}")
    print(f"{'cluster':32} {'gold':>5} {'found':>6} {'missed':>7} {'false':>6}")
    total = [0, 0, 0]
    for cluster in sorted(rows):
        found, missed, false = rows[cluster]
        total = [total[0] + found, total[1] + missed, total[2] + false]
        print(f"{cluster:32} {found + missed:5} {found:6} {missed:7} {false:6}")
    print(f"{'overall':32} {total[0] + total[1]:5} {total[0]:6} {total[1]:7} {total[2]:6}")


def main() -> None:
    verbose = "-v" in sys.argv
    gold = load_gold()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_project(gold, root)
        checked = pipeline.check(root)
        problems = [d for d in checked.diagnostics if d.severity == "error"]
        if problems:
            sys.exit("the project made from the gold does not check:\n" + "\n".join(map(str, problems)))
        matched = found_pairs(checked.matches.groups)
        suggested = {(a, b) for a, b, _ in suggest_same_as(checked.corpus, checked.matches)}
    links = gold_links(gold)
    joined = closed(links)  # any pair the gold joins, even through other languages
    within = closed([link for link in links if not across(link)])  # joined through one language's links
    linked = {tuple(sorted(link)) for link in links if across(link)}  # a same_as across languages
    for split in SPLITS:
        table("Matching, one language (claims grouped: /discrepancies/, 'also reported by')", gold,
              within, {pair for pair in matched if not across(pair)}, joined, split)
        table("Matching, across languages (claims grouped)", gold,
              linked, {pair for pair in matched if across(pair)}, joined, split)
        table("Suggestions of `check` across languages (info lines)", gold,
              linked, {pair for pair in suggested if across(pair)}, joined, split)
    if verbose:
        claims = {claim.ref: claim for article in checked.corpus.articles.values() for claim in article.claims}
        for what, pairs in (("MISSED", within - matched), ("FALSE", matched - joined),
                            ("SUGGESTED, FALSE", suggested - joined), ("SUGGESTED, MISSED", linked - suggested)):
            for pair in sorted(pairs):
                print(f"\n{what} ({split_of(pair, gold)}) {pair[0]}  ~  {pair[1]}")
                for ref in pair:
                    print(f"    [{claims[ref].speaker}, {claims[ref].kind}] {claims[ref].quote[:160]}")


if __name__ == "__main__":
    main()
