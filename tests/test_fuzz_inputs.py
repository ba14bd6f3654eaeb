"""Whatever a user types into YAML or Markdown, briefgen answers with diagnostics, never a crash."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen import pipeline
from briefgen.errors import Diagnostic

VALID_EXPERTS = "ana-lima:\n  name: Ana Lima\n  aliases: [Lima]\n"
VALID_TOPICS = "trade:\n  title: Trade\nports:\n  title: Ports\n  parent: trade\n"
VALID_ARTICLE = "Ana Lima said “ports will reopen soon” on Monday.\n\nShe added that *tariffs* would fall.\n"
VALID_SIDECAR = (
    "title: Ports\noutlet: Test\npublished: 2024-03-01\ntopics: [trade]\nclaims:\n"
    "  - id: reopen\n    speaker: ana-lima\n    quote: \"ports will reopen soon\"\n    topics: [ports]\n"
    "  - speaker: Lima\n    quote: tariffs would fall\n"
)

# Pieces that YAML and Markdown treat specially, to splice into otherwise valid files.
YAML_NOISE = st.sampled_from([
    "", ":", "- ", "  ", "\t", "{", "}", "[", "]", "&a ", "*a", "!!python/object:os.system ", "? ", "|", ">",
    "'", '"', "#", "---\n", "...\n", "%YAML 1.1\n", "\n", "null", "~", "1e400", "2022-13-45", "0x1F",
    "claims:", "speaker:", "quote:", "topics:", "occurrence: 0", "id: ../../etc", "id: a/b", "parent: trade",
    "\ufeff", "\r\n", "\x00", "\udcff", "é", "Ω", "💥",
])
MD_NOISE = st.sampled_from([
    "", "*", "**", "_", "`", "```\n", "[", "](", ")", "<script>", "</div>", "&amp;", "&#0;", "\\", "> ", "# ",
    "---\n", "\n\n", "“", "”", "–", "…", "\u00ad", "\u200b", "|a|b|\n|-|-|\n", "[^1]", "[^1]: x\n", "<!--",
])


def _mutate(text: str, data: st.DataObject, noise: st.SearchStrategy[str]) -> str:
    for _ in range(data.draw(st.integers(0, 6))):
        position = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:position] + data.draw(noise) + text[position + cut:]
    return text


def _check(files: dict[str, str | bytes]) -> list[Diagnostic]:
    root = Path(tempfile.mkdtemp(prefix="briefgen-fuzz-"))
    try:
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_bytes(content.encode("utf-8", "surrogatepass"))
            else:
                path.write_bytes(content)
        checked = pipeline.check(root)
        for diagnostic in checked.diagnostics:
            assert diagnostic.location.path, diagnostic
            assert diagnostic.message, diagnostic
        if checked.ok:  # a project that checks clean must also render
            pipeline.build(root)
            assert (root / "site" / "index.html").is_file()
        return checked.diagnostics
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_the_unmutated_project_is_clean() -> None:
    diagnostics = _check({
        "content/experts.yaml": VALID_EXPERTS, "content/topics.yaml": VALID_TOPICS,
        "content/articles/a.md": VALID_ARTICLE, "content/articles/a.yaml": VALID_SIDECAR,
    })
    assert diagnostics == []


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_yaml_and_markdown_give_only_diagnostics(data: st.DataObject) -> None:
    _check({
        "content/experts.yaml": _mutate(VALID_EXPERTS, data, YAML_NOISE),
        "content/topics.yaml": _mutate(VALID_TOPICS, data, YAML_NOISE),
        "content/articles/a.md": _mutate(VALID_ARTICLE, data, MD_NOISE),
        "content/articles/a.yaml": _mutate(VALID_SIDECAR, data, YAML_NOISE),
        "briefgen.yaml": _mutate("title: T\nbase_url: https://x.org/b/\n", data, YAML_NOISE),
    })


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.text(max_size=300))
def test_random_bytes_and_text_give_only_diagnostics(raw: bytes, text: str) -> None:
    _check({
        "content/experts.yaml": raw, "content/topics.yaml": text,
        "content/articles/a.md": text, "content/articles/a.yaml": raw,
    })
