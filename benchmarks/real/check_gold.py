#!/usr/bin/env python3
"""Check the hand-annotated development set of real news articles.

For every pair benchmarks/real/<lang>/<slug>.txt + <slug>.gold.yaml it verifies that
the gold parses and has the required fields, that every quote is an exact substring
of the .txt, that every claim's speaker is declared under ``speakers``, and that every
``same_as`` points to an existing claim (``<lang>/<slug>#<n>``, n 1-based). Then it
prints per-language counts. Exit status 1 if anything is wrong.

    python benchmarks/real/check_gold.py [ROOT]      # ROOT defaults to this folder
    python benchmarks/real/check_gold.py --uncovered  # also list quoted passages no claim covers

``--uncovered`` is a reviewing aid, not a check: names in quotation marks ("Folha de S.Paulo")
are rightly left out of the gold.

Standard library + PyYAML only.
"""
import datetime
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

SPEAKER_KINDS = {"person", "organization", "official"}
CLAIM_KINDS = {"direct", "paraphrase"}
SPLITS = {"tune", "test"}
SAME_AS = re.compile(r"^([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)/([^/#\s]+)#([1-9][0-9]*)$")
REQUIRED = ("url", "outlet", "language", "split", "speakers", "claims")


def load(root):
    """Return ({'lang/slug': (txt, gold)}, [errors])."""
    articles, errors = {}, []
    for lang_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        txts = {p.name[:-4] for p in lang_dir.glob("*.txt")}
        golds = {p.name[:-len(".gold.yaml")] for p in lang_dir.glob("*.gold.yaml")}
        for slug in sorted(txts ^ golds):
            missing = ".gold.yaml" if slug in txts else ".txt"
            errors.append(f"{lang_dir.name}/{slug}: no {missing}")
        for slug in sorted(txts & golds):
            key = f"{lang_dir.name}/{slug}"
            text = (lang_dir / f"{slug}.txt").read_text(encoding="utf-8")
            try:
                gold = yaml.safe_load((lang_dir / f"{slug}.gold.yaml").read_text(encoding="utf-8"))
            except yaml.YAMLError as e:
                errors.append(f"{key}: gold does not parse: {e}")
                continue
            if not isinstance(gold, dict):
                errors.append(f"{key}: gold is not a mapping")
                continue
            articles[key] = (text, gold)
    return articles, errors


def check_article(key, text, gold, articles):
    errors = []
    lang = key.split("/")[0]
    for field in REQUIRED:
        if field not in gold:
            errors.append(f"{key}: missing field {field!r}")
    if errors:
        return errors
    first, _, rest = text.partition("\n")
    if not first.strip() or not rest.startswith("\n"):
        errors.append(f"{key}: .txt must start with the headline, then a blank line")
    if str(gold["language"]).split("-")[0] != lang:
        errors.append(f"{key}: language {gold['language']!r} but folder {lang!r}")
    if gold["split"] not in SPLITS:
        errors.append(f"{key}: split {gold['split']!r} not in {sorted(SPLITS)}")
    if "published" in gold and not isinstance(gold["published"], datetime.date):
        errors.append(f"{key}: published {gold['published']!r} is not a date (YYYY-MM-DD)")
    if not str(gold["url"]).startswith(("http://", "https://")):
        errors.append(f"{key}: url is not an address")
    speakers = gold["speakers"] or {}
    if not isinstance(speakers, dict):
        errors.append(f"{key}: speakers is not a mapping")
        speakers = {}
    for sk, sp in speakers.items():
        if not isinstance(sp, dict) or not sp.get("name"):
            errors.append(f"{key}: speaker {sk!r} has no name")
            continue
        if sp.get("kind") not in SPEAKER_KINDS:
            errors.append(f"{key}: speaker {sk!r} kind {sp.get('kind')!r} not in {sorted(SPEAKER_KINDS)}")
        for alias in sp.get("aliases") or []:
            if not isinstance(alias, str):
                errors.append(f"{key}: speaker {sk!r} alias {alias!r} is not a string")
    claims = gold["claims"] or []
    if not isinstance(claims, list):
        return errors + [f"{key}: claims is not a list"]
    for i, c in enumerate(claims, 1):
        where = f"{key}#{i}"
        if not isinstance(c, dict):
            errors.append(f"{where}: claim is not a mapping")
            continue
        if c.get("speaker") not in speakers:
            errors.append(f"{where}: speaker {c.get('speaker')!r} not declared")
        if c.get("kind") not in CLAIM_KINDS:
            errors.append(f"{where}: kind {c.get('kind')!r} not in {sorted(CLAIM_KINDS)}")
        q = c.get("quote")
        if not isinstance(q, str) or not q.strip():
            errors.append(f"{where}: empty quote")
        elif q not in text:
            errors.append(f"{where}: quote not in the text: {q[:70]!r}")
        elif q != q.strip():
            errors.append(f"{where}: quote has leading/trailing whitespace")
        refs = c.get("same_as")
        for ref in [refs] if isinstance(refs, str) else (refs or []):
            m = SAME_AS.match(str(ref))
            if not m:
                errors.append(f"{where}: same_as {ref!r} is not <lang>/<slug>#<n>")
                continue
            target = f"{m.group(1)}/{m.group(2)}"
            if target not in articles:
                errors.append(f"{where}: same_as {ref!r}: no such article")
                continue
            n = int(m.group(3))
            if n > len(articles[target][1].get("claims") or []):
                errors.append(f"{where}: same_as {ref!r}: that article has no claim {n}")
            if target == key and n == i:
                errors.append(f"{where}: same_as points to itself")
    return errors


QUOTED = re.compile(r'"[^"\n]+"|“[^”"\n]+[”"]|«[^»\n]+»|„[^“”\n]+[“”]')


def uncovered(text, gold):
    """Quoted passages of the text that no claim's quote covers (marks excluded)."""
    spans = []
    for c in gold.get("claims") or []:
        q = c.get("quote") if isinstance(c, dict) else None
        if isinstance(q, str) and q:
            i = text.find(q)
            while i >= 0:
                spans.append((i, i + len(q)))
                i = text.find(q, i + 1)
    out = []
    for m in QUOTED.finditer(text):
        a, b = m.start() + 1, m.end() - 1
        if not any(s <= a and e >= b for s, e in spans):
            out.append(m.group(0))
    return out


def main(argv):
    show_uncovered = "--uncovered" in argv
    argv = [a for a in argv if a != "--uncovered"]
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    articles, errors = load(root)
    for key, (text, gold) in articles.items():
        errors += check_article(key, text, gold, articles)

    stats = defaultdict(lambda: {"articles": 0, "outlets": set(), "direct": 0, "paraphrase": 0,
                                 "tune": 0, "test": 0, "clusters": set()})
    clusters = defaultdict(list)
    for key, (_, gold) in articles.items():
        s = stats[key.split("/")[0]]
        s["articles"] += 1
        s["outlets"].add(gold.get("outlet"))
        for c in gold.get("claims") or []:
            if isinstance(c, dict) and c.get("kind") in CLAIM_KINDS:
                s[c["kind"]] += 1
        if gold.get("split") in SPLITS:
            s[gold["split"]] += 1
        if gold.get("cluster"):
            s["clusters"].add(gold["cluster"])
            clusters[gold["cluster"]].append(key)

    cols = ("lang", "articles", "outlets", "claims", "direct", "paraphrase", "tune", "test", "clusters")
    rows = []
    for lang in sorted(stats):
        s = stats[lang]
        rows.append((lang, s["articles"], len(s["outlets"]), s["direct"] + s["paraphrase"], s["direct"],
                     s["paraphrase"], s["tune"], s["test"], len(s["clusters"])))
    all_outlets = {g.get("outlet") for _, g in articles.values()}
    rows.append(("all", sum(r[1] for r in rows), len(all_outlets), sum(r[3] for r in rows),
                 sum(r[4] for r in rows), sum(r[5] for r in rows), sum(r[6] for r in rows),
                 sum(r[7] for r in rows), len(clusters)))
    widths = [max(len(str(x)) for x in col) for col in zip(cols, *rows)]
    print(" | ".join(str(c).ljust(w) for c, w in zip(cols, widths)))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    if clusters:
        print()
        for name in sorted(clusters):
            members = clusters[name]
            outlets = sorted({articles[k][1].get("outlet") for k in members})
            print(f"cluster {name}: {len(members)} articles, {len(outlets)} outlets: {', '.join(members)}")
            if len(outlets) < 2:
                errors.append(f"cluster {name}: only one outlet")
    if show_uncovered:
        print()
        for key, (text, gold) in articles.items():
            for passage in uncovered(text, gold):
                print(f"uncovered {key}: {passage[:90]}")
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
