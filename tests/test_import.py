"""`briefgen import`: an analyst turns a plain article into Markdown with draft annotations to review."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "fixtures" / "seeds"

PATTERNS_ARTICLE = """\
Talks resume in Oslo

“Both delegations arrived with open minds and clear instructions,” Ingrid Berg said on Monday.

Said Tomás Ortega: "We will not leave without a framework for the next round of talks."

Ortega told reporters that the ceasefire lines would be redrawn before any vote.

The fishing quotas will be settled by March, according to Ingrid Berg.

"Nobody here expects a breakthrough this week, and nobody should pretend otherwise," said Amara Okafor, a mediator.

He added that "the hardest questions about the border are still ahead of us and will take months."

"The northern ports are the real prize in these negotiations. Whoever controls them controls trade.

"That is why the ports come first on every agenda we have seen so far," Okafor said.
"""

EXPECTED = [  # (speaker id, kind, words the quote must contain)
    ("ingrid-berg", "direct", "Both delegations arrived with open minds"),
    ("tomas-ortega", "direct", "We will not leave without a framework"),
    ("tomas-ortega", "paraphrase", "the ceasefire lines would be redrawn"),
    ("ingrid-berg", "paraphrase", "The fishing quotas will be settled by March"),
    ("amara-okafor", "direct", "Nobody here expects a breakthrough"),
    ("amara-okafor", "direct", "the hardest questions about the border"),
    ("amara-okafor", "direct", "Whoever controls them controls trade"),
    ("amara-okafor", "direct", "That is why the ports come first on every agenda"),
]


def briefgen(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefgen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    assert briefgen("init", "brief", cwd=tmp_path).returncode == 0
    return tmp_path / "brief"


def _sidecar(project: Path, slug: str) -> dict:
    return yaml.safe_load((project / "content" / "articles" / f"{slug}.yaml").read_text(encoding="utf-8"))


def test_import_finds_quotes_and_speakers_by_each_attribution_pattern(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "oslo.txt"
    source.write_text(PATTERNS_ARTICLE, encoding="utf-8")
    result = briefgen("import", str(source), "--slug", "oslo-talks", "--outlet", "Test Wire",
                      "--published", "2024-05-06", cwd=project)
    assert result.returncode == 0, result.stderr
    sidecar = _sidecar(project, "oslo-talks")
    assert sidecar["title"] == "Talks resume in Oslo"
    assert sidecar["outlet"] == "Test Wire" and str(sidecar["published"]) == "2024-05-06"
    assert sidecar["draft"] is True
    claims = [(c["speaker"], c["kind"], c["quote"]) for c in sidecar["claims"]]
    for speaker, kind, words in EXPECTED:
        assert any(s == speaker and k == kind and words in q for s, k, q in claims), (speaker, kind, words, claims)
    assert len(claims) == len(EXPECTED), claims
    # a quote that runs across paragraphs is one claim per paragraph (each found again by check), both
    # credited to who is named after its end
    assert not any("controls trade" in q and "first on every agenda" in q for _, _, q in claims)
    # every guess is marked for review
    text = (project / "content" / "articles" / "oslo-talks.yaml").read_text(encoding="utf-8")
    assert text.count("# review") >= 2 * len(EXPECTED)
    # unknown speakers became expert entries, named as in the text
    experts = yaml.safe_load((project / "content" / "experts.yaml").read_text(encoding="utf-8"))
    assert experts["tomas-ortega"]["name"] == "Tomás Ortega"
    assert {"ingrid-berg", "amara-okafor", "marc-finaud"} <= set(experts)
    check = briefgen("check", cwd=project)
    assert check.returncode == 0, check.stderr


def test_the_draft_of_each_seed_passes_check_and_is_marked_in_its_page(project: Path) -> None:
    shutil.copyfile(REPO / "content" / "experts.yaml", project / "content" / "experts.yaml")
    for seed in sorted(SEEDS.glob("*.txt")):
        result = briefgen("import", str(seed), "--slug", seed.stem, cwd=project)
        assert result.returncode == 0, result.stderr
    assert briefgen("check", cwd=project).returncode == 0
    built = briefgen("build", "--drafts", cwd=project)
    assert built.returncode == 0, built.stderr
    for seed in SEEDS.glob("*.txt"):
        page = (project / "site" / "articles" / seed.stem / "index.html").read_text(encoding="utf-8")
        marked = set(re.findall(r'<mark id="claim-([^"]+)"', page))
        assert len(marked) == len(_sidecar(project, seed.stem)["claims"]) >= 10


def test_import_precision_and_recall_on_the_seeds_stay_high() -> None:
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "import_accuracy.py")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    figures = re.search(r"both seeds: precision ([\d.]+), recall ([\d.]+)", result.stdout)
    assert figures, result.stdout
    precision, recall = map(float, figures.groups())
    assert precision >= 0.9 and recall >= 0.9, result.stdout


def test_import_never_overwrites_without_force(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "oslo.txt"
    source.write_text(PATTERNS_ARTICLE, encoding="utf-8")
    assert briefgen("import", str(source), "--slug", "oslo", cwd=project).returncode == 0
    article = project / "content" / "articles" / "oslo.md"
    article.write_text("My edited text.\n", encoding="utf-8")
    refused = briefgen("import", str(source), "--slug", "oslo", cwd=project)
    assert refused.returncode == 2 and "already exists" in refused.stderr and "--force" in refused.stderr
    assert article.read_text(encoding="utf-8") == "My edited text.\n"
    forced = briefgen("import", str(source), "--slug", "oslo", "--force", cwd=project)
    assert forced.returncode == 0
    assert article.read_text(encoding="utf-8").startswith("# Talks resume in Oslo\n\n")  # its headline, once
    assert "Both delegations arrived" in article.read_text(encoding="utf-8")
    experts = (project / "content" / "experts.yaml").read_text(encoding="utf-8")
    assert experts.count("ingrid-berg:") == 1  # a speaker met again is not added twice


def test_import_of_markdown_keeps_its_formatting(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "piece.md"
    source.write_text("# A *formatted* piece\n\nMarc Finaud said that *the vacuum* left by the treaty "
                      "must be filled soon by a new regime.\n", encoding="utf-8")
    result = briefgen("import", str(source), cwd=project)
    assert result.returncode == 0, result.stderr
    slug = re.search(r"content/articles/(\S+)\.md", result.stdout).group(1)
    assert "*the vacuum*" in (project / "content" / "articles" / f"{slug}.md").read_text(encoding="utf-8")
    claims = _sidecar(project, slug)["claims"]
    assert [(c["speaker"], c["kind"]) for c in claims] == [("marc-finaud", "paraphrase")]
    assert briefgen("check", cwd=project).returncode == 0


def test_import_mistakes_are_messages(project: Path, tmp_path: Path) -> None:
    missing = briefgen("import", str(tmp_path / "nope.txt"), cwd=project)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 talk said Ana Lima.".encode("latin-1"))
    bad = briefgen("import", str(latin), cwd=project)
    assert bad.returncode == 1 and "not UTF-8" in bad.stderr and "Traceback" not in bad.stderr
    date = briefgen("import", str(latin), "--published", "yesterday", cwd=project)
    assert date.returncode == 2 and "--published" in date.stderr
