"""The smaller mistakes a careful user makes, each with what they expect: YAML written as YAML
allows (merge keys, ids that look like numbers, long lists), names briefgen cannot take (a
folder the lists' pages need, a file it would not read), quotes that are not words or that cut
a character in two, words that the page does not show, settings that would publish wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import copy_fixture, run_in



@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_fixture("basic", tmp_path / "project")


ARTICLE = "content/articles/oslo-talks"


def _add_claims(project: Path, yaml_text: str) -> None:
    sidecar = project / f"{ARTICLE}.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").rstrip("\n") + "\n" + yaml_text, encoding="utf-8")


def _add_text(project: Path, text: str) -> None:
    article = project / f"{ARTICLE}.md"
    article.write_text(article.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


def _words(project: Path) -> str:
    """Words put in the article for a claim of the test to quote."""
    _add_text(project, "Unique words stand here for the test.")
    return "Unique words stand here for the test"


def _error(project: Path, where: str, code: str) -> str:
    for command in ("check", "build"):
        result = run_in(project, command)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        lines = [line for line in result.stderr.splitlines() if f"[{code}]" in line]
        assert lines and lines[0].startswith(where), (command, result.stderr)
    return lines[0]


def test_a_yaml_merge_key_with_overrides_is_yaml_not_a_duplicate(project: Path) -> None:
    _add_text(project, "Ana Lima said “ports must reopen by May” and “the levy is too high”.")
    _add_claims(project, """  - &port
    id: ports
    speaker: marc-finaud
    quote: "ports must reopen by May"
    kind: direct
  - <<: *port
    id: levy
    quote: "the levy is too high"
""")
    result = run_in(project, "build")
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "articles" / "oslo-talks" / "index.html").read_text(encoding="utf-8")
    assert 'id="claim-ports"' in page and 'id="claim-levy"' in page


def test_a_key_given_twice_is_still_a_duplicate(project: Path) -> None:
    _add_claims(project, f"""  - id: twice
    speaker: marc-finaud
    quote: "{_words(project)}"
    kind: direct
    kind: paraphrase
""")
    assert "duplicate key 'kind'" in _error(project, f"{ARTICLE}.yaml:", "yaml-duplicate-key")


@pytest.mark.parametrize("written", ["010", "007", "1_000", "0x1F"])
def test_an_id_keeps_its_text_as_written(project: Path, written: str) -> None:
    _add_claims(project, f"""  - id: {written}
    speaker: marc-finaud
    quote: "{_words(project)}"
    kind: direct
""")
    result = run_in(project, "build")
    if written != "0x1F":
        assert result.returncode == 0, result.stderr
        page = (project / "site" / "articles" / "oslo-talks" / "index.html").read_text(encoding="utf-8")
        assert f'id="claim-{written}"' in page
    else:  # not a safe id as written, and said so as written — not as the number YAML 1.1 makes of it
        assert result.returncode == 1 and "claim id '0x1F'" in result.stderr, result.stderr


def test_a_long_list_of_claims_is_no_alias_bomb_but_a_bomb_is_refused(project: Path) -> None:
    sentences = [f"Delegation {n} asked for talks on item {n}." for n in range(1500)]
    _add_text(project, " ".join(sentences))
    _add_claims(project, "".join(f"""  - speaker: marc-finaud
    quote: "{s}"
    kind: paraphrase
""" for s in sentences))
    result = run_in(project, "check")
    assert result.returncode == 0, result.stderr[-2000:]
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(7))
    (project / f"{ARTICLE}.yaml").write_text(bomb, encoding="utf-8")
    assert "too many values" in _error(project, f"{ARTICLE}.yaml:", "yaml-too-large")


@pytest.mark.parametrize("place", ["articles/page/2.md", "articles/page.md", "notes/page/3.md"])
def test_a_name_the_lists_pages_need_is_refused_naming_the_file(project: Path, place: str) -> None:
    path = project / "content" / place
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ntitle: A page\n---\nSome words.\n", encoding="utf-8")
    assert "would take the address of the list's pages" in _error(project, f"content/{place}:", "reserved-name")


@pytest.mark.parametrize("name", ["extra.MD", "extra.markdown", "extra.Md", "oslo-talks.YAML", "oslo-talks.yml.YML"])
def test_a_file_briefgen_would_not_read_is_an_error_naming_it(project: Path, name: str) -> None:
    source = project / f"{ARTICLE}.md"
    (source.parent / name).write_bytes(source.read_bytes())
    line = _error(project, f"content/articles/{name}:", "not-read")
    assert "rename it" in line


@pytest.mark.parametrize("quote", ["...", "…", " — ", "?!", "“”"])
def test_a_quote_without_words_is_refused(project: Path, quote: str) -> None:
    _add_text(project, f"She paused {quote} then went on.")
    _add_claims(project, f"""  - speaker: marc-finaud
    quote: "{quote}"
    kind: direct
""")
    _error(project, f"{ARTICLE}.yaml:", "quote-without-words")


@pytest.mark.parametrize("text, quote", [
    ("The family 👨‍👩‍👧 came to the talks.", "The family 👨"),   # inside a joined emoji sequence
    ("They waved 👍🏽 at the end.", "They waved 👍"),              # before its skin tone
    ("Flags 🇳🇴 flew at the talks.", "Flags 🇳"),                   # half a flag
    ("The cafe\u0301 was full.", "The cafe"),                       # before a combining accent
    ("Kids\u200d here.", "Kids"),                                   # before a joiner
])
def test_a_quote_that_cuts_a_character_in_two_is_refused(project: Path, text: str, quote: str) -> None:
    _add_text(project, text)
    _add_claims(project, f"""  - speaker: marc-finaud
    quote: "{quote}"
    kind: paraphrase
""")
    _error(project, f"{ARTICLE}.yaml:", "quote-splits-character")


def test_a_whole_emoji_sequence_may_be_quoted(project: Path) -> None:
    _add_text(project, "The family 👨‍👩‍👧 came to the talks.")
    _add_claims(project, """  - speaker: marc-finaud
    quote: "The family 👨‍👩‍👧 came"
    kind: paraphrase
""")
    assert run_in(project, "check").returncode == 0


@pytest.mark.parametrize("block", ["```\nThe secret words are here\n```", "    The secret words are here",
                                   "~~~python\nThe secret words are here\n~~~"])
def test_a_quote_the_page_does_not_show_says_why(project: Path, block: str) -> None:
    _add_text(project, block)
    _add_claims(project, """  - speaker: marc-finaud
    quote: "The secret words are here"
    kind: direct
""")
    line = _error(project, f"{ARTICLE}.yaml:", "quote-not-found")
    assert "code block" in line and "no part of the article's text" in line


@pytest.mark.parametrize("setting, code", [
    ("language: 'english please'", "invalid-language"),
    ("language: 'e'", "invalid-language"),
    ("cname: 'https://briefings.example.org'", "invalid-cname"),
    ("cname: 'briefings example org'", "invalid-cname"),
    ("cname: 'example.org/briefings'", "invalid-cname"),
    ("base_url: 'https://analyst:hunter2@example.org/briefings/'", "invalid-url"),
])
def test_a_setting_that_would_publish_wrong_is_refused(project: Path, setting: str, code: str) -> None:
    settings = project / "briefgen.yaml"
    kept = [line for line in settings.read_text(encoding="utf-8").splitlines()
            if not line.startswith(setting.split(":")[0] + ":")]
    settings.write_text("\n".join(kept + [setting]) + "\n", encoding="utf-8")
    line = _error(project, "briefgen.yaml:", code)
    assert "hunter2" not in line or "user name or password" in line


def test_good_settings_are_taken(project: Path) -> None:
    settings = project / "briefgen.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("language: en", "language: pt-BR")
                        + "cname: briefings.example.org\n", encoding="utf-8")
    assert run_in(project, "build").returncode == 0
    assert (project / "site" / "CNAME").read_text(encoding="utf-8").strip() == "briefings.example.org"
    assert 'lang="pt-BR"' in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_a_base_url_with_a_password_on_the_command_line_is_refused(project: Path) -> None:
    result = run_in(project, "build", "--base-url", "https://analyst:hunter2@example.org/b/")
    assert result.returncode == 2 and "user name or password" in result.stderr
    assert not (project / "site").exists()
