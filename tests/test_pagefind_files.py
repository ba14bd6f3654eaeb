"""briefgen's own writer of Pagefind's index files (briefgen/outputs/pagefind_files.py), against
Pagefind 1.5.2 itself: for the same documents, the files it writes decode to what Pagefind's
decode to, and Pagefind's own browser code (pagefind-ui.js, its wasm) searching them finds the same
results, sub-results and filters as it does searching Pagefind's.

The site is built twice: as briefgen builds it, and with the installed Pagefind taken for another
version than the writer's, so that Pagefind's program indexes (what briefgen does then; run in the
build's own process, as a wrapper of `python -m briefgen`)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from conftest import build, copy_fixture
from test_search import BASE, browser_page, results, search, served

from briefgen.outputs import AS_KEPT, pagefind_files

WRAPPER = """
import runpy, sys
from briefgen.outputs import search_index
search_index.writes_own_index = lambda: False
pagefind = search_index.write_bundle
def write_bundle(items, language):
    return {**pagefind(items, language), "written-by-pagefind.txt": b"the index files of this bundle are Pagefind's"}
search_index.write_bundle = write_bundle
sys.argv[0] = "briefgen"
runpy.run_module("briefgen", run_name="__main__")
"""

# briefgen's writer without the one key it adds to Pagefind's (a word with a letter Pagefind's search
# does not fold, also keyed with it folded: 'Støre' as 'store' too)
UNFOLDED = """
import runpy, sys
from briefgen.outputs import pagefind_files
pagefind_files.LETTERS = {}
sys.argv[0] = "briefgen"
runpy.run_module("briefgen", run_name="__main__")
"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The basic fixture built three times: its index by Pagefind ("pagefind"), by briefgen ("own"),
    by briefgen without the keys it adds ("unfolded")."""
    out = {}
    for name, executable in (("pagefind", [sys.executable, "-c", WRAPPER]), ("own", None),
                             ("unfolded", [sys.executable, "-c", UNFOLDED])):
        project = copy_fixture("basic", tmp_path_factory.mktemp(name) / "basic")
        build(project, "--base-url", "https://org.github.io/briefings/", executable=executable)
        out[name] = project
    return out


def _cbor(data: bytes):
    """The CBOR Pagefind's files hold (definite arrays, ints, text), read back."""
    def item(at: int):
        major, info = data[at] >> 5, data[at] & 31
        at += 1
        if info >= 24:
            size = 1 << (info - 24)
            value, at = int.from_bytes(data[at:at + size], "big"), at + size
        else:
            value = info
        if major == 0:
            return value, at
        if major == 1:
            return -1 - value, at
        if major == 3:
            return data[at:at + value].decode("utf-8"), at + value
        assert major == 4, major
        out = []
        for _ in range(value):
            element, at = item(at)
            out.append(element)
        return out, at
    value, end = item(0)
    assert end == len(data)
    return value


def _decoded(folder: Path) -> dict:
    """A bundle's index, decoded: pages' fragments, words, filters (file names left out)."""
    class cbor2:  # noqa: N801 (as the cbor2 package is called)
        loads = staticmethod(_cbor)

    def load(path: Path):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(pagefind_files.SIGNATURE)
        return data[len(pagefind_files.SIGNATURE):]
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    (language, info), = entry["languages"].items()
    version, pages, chunks, filters, sorts, meta_fields = cbor2.loads(load(folder / f"pagefind.{info['hash']}.pf_meta"))
    words = [w for c in chunks for w in cbor2.loads(load(folder / "index" / f"{c[2]}.pf_index"))[0]]
    return {"version": version, "page_count": info["page_count"], "wasm": info["wasm"],
            "pages": [(json.loads(load(folder / "fragment" / f"{h}.pf_fragment")), n) for h, n in pages],
            "chunks": [c[:2] for c in chunks], "words": words, "sorts": sorts, "meta_fields": meta_fields,
            "filters": {name: sorted(map(tuple, cbor2.loads(load(folder / "filter" / f"{h}.pf_filter"))[1]))
                        for name, h in filters}}


def test_the_files_decode_to_what_pagefind_writes(sites: dict[str, Path]) -> None:
    assert (sites["pagefind"] / "site" / "pagefind" / "0" / "written-by-pagefind.txt").is_file()  # the wrapper ran
    assert not (sites["own"] / "site" / "pagefind" / "0" / "written-by-pagefind.txt").exists()
    theirs, unfolded, ours = (_decoded(sites[name] / "site" / "pagefind" / "0")
                              for name in ("pagefind", "unfolded", "own"))
    assert unfolded == theirs
    # … and the index chunks and fragments are named as Pagefind names them (its hash of their bytes)
    for folder in ("index", "fragment"):
        assert ({p.name for p in (sites["unfolded"] / "site" / "pagefind" / "0" / folder).iterdir()}
                == {p.name for p in (sites["pagefind"] / "site" / "pagefind" / "0" / folder).iterdir()})
    # briefgen's own index is that, and for a word with a letter that the search does not fold
    # ('Støre', a speaker of the fixture), a key with it folded, the word as written its variant
    added = [word for word in ours["words"] if word not in theirs["words"]]
    assert ({**ours, "words": [word for word in ours["words"] if word not in added], "chunks": None}
            == {**theirs, "chunks": None})
    forms = {key: [form for form, _ in variants] for key, _, variants in added}
    assert forms["store"] == ["støre"], forms
    assert all(form.translate(pagefind_files.LETTERS) != form for found in forms.values() for form in found), forms


def test_the_same_documents_give_the_same_bytes(sites: dict[str, Path]) -> None:
    import tempfile  # a third build, to compare the bytes of two builds of briefgen's writer
    with tempfile.TemporaryDirectory() as folder:
        project = copy_fixture("basic", Path(folder) / "basic")
        build(project, "--base-url", "https://org.github.io/briefings/")
        again, before = (sorted((p.relative_to(root), p.read_bytes()) for p in (root / "site" / "pagefind").rglob("*")
                                if p.is_file() and not p.name.endswith((".js", ".css", ".pagefind")))
                         for root in (project, sites["own"]))
        assert again == before


# words of the text, of a claim (a sub-result), a stem, a word without its accents, two words
QUERIES = ["Geneva", "verification", "negotiating", "amazonica", "hard part"]


def _shown(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('.pagefind-ui__result')].map(r => ({
        title: r.querySelector('.pagefind-ui__result-title')?.innerText,
        excerpt: r.querySelector('.pagefind-ui__result-excerpt')?.innerHTML,
        subs: [...r.querySelectorAll('.pagefind-ui__result-nested')].map(s => [
            s.querySelector('a')?.getAttribute('href'), s.querySelector('.pagefind-ui__result-excerpt')?.innerHTML]),
        tags: [...r.querySelectorAll('.pagefind-ui__result-tag')].map(t => t.innerText)}))""")


@pytest.mark.browser
def test_pagefinds_browser_search_finds_the_same_in_both(sites: dict[str, Path]) -> None:
    seen = {}
    for name, project in sites.items():
        with served(project / "site") as base, browser_page() as page:
            seen[name] = {}
            for words in QUERIES:
                found = search(page, base, words)
                seen[name][words] = ([(r.address, r.title, r.subs) for r in found], _shown(page))
    for words in QUERIES:
        assert seen["own"][words] == seen["pagefind"][words], words
    found = {words: seen["own"][words][0] for words in QUERIES}
    # words of the text; a claim's words, as a sub-result at the claim's anchor; a stemmed form
    assert any(address == f"{BASE}articles/2024/geneva-round/" for address, _, _ in found["Geneva"])
    assert any(sub == f"{BASE}articles/2024/geneva-round/#claim-hard-part"
               for _, _, subs in found["verification"] for sub, _ in subs)
    assert found["negotiating"], "a stem (negotiating ~ Negotiators)"
    assert found["amazonica"], "a word without its accents finds it with them"


@pytest.mark.browser
def test_filters_narrow_the_same_in_both(sites: dict[str, Path]) -> None:
    cases = [("Speaker", "Marc Finaud"), ("Topic", "Arms control"), ("Outlet", "Example Wire")]
    seen = {}
    for name, project in sites.items():
        with served(project / "site") as base, browser_page() as page:
            for filter_name, value in cases:
                search(page, base, "the")
                everything = page.inner_text(".pagefind-ui__message")
                panel = page.locator(".pagefind-ui__filter-panel")
                panel.get_by_text(filter_name, exact=True).click()
                panel.get_by_label(value).check()
                total = int(everything.split()[0])
                shown = results(page, fewer_than=total)
                seen[(name, filter_name)] = [(r.address, r.subs) for r in shown]
                assert shown, (name, filter_name)
    for filter_name, _ in cases:
        assert seen[("own", filter_name)] == seen[("pagefind", filter_name)], filter_name


# Language tags as users write them: Pagefind stems by the tag's first part, names the wasm after
# the whole tag when it stems the language, and has none of its own otherwise.
LANGUAGES = ["en", "en-GB", "pt-BR", "de", "fr", "es", "nl", "zh-Hans", "ja", "xx"]
TEXTS = ["Die Verhandlungsführer in Genf trafen sich am Montag; „COP28“ bleibt offen.",
         "Les négociateurs ont déclaré : « l'accord n'est pas prêt » — Ministère de l'Économie.",
         "O ministro disse que os corações estão abertos às negociações em São Paulo.",
         "The HTTPServer's camelCase e-mail test (v2.0) costs $3,500 — 'quoted' words.",
         "交渉は月曜日に再開された。東京の代表団は合意した。", "Negotiators met in Geneva; talks resumed."]


def _items(texts: list[str]) -> list[dict]:
    from briefgen.outputs.search_index import _data, _record

    articles = [{"type": "AddFile", "url": f"/articles/{n}/", "file_path": None,
                 "file_contents": f'<!DOCTYPE html><html><head><meta charset="utf-8">{_data("meta", "title", f"Article {n}")}'
                                  f'{_data("filter", "speaker", f"Speaker {n % 2}")}</head><body><h1>Article {n}</h1>'
                                  f'<p>{text}</p><h2 id="claim-{n}" data-pagefind-weight="2">Speaker: “{text}”</h2></body></html>'}
                for n, text in enumerate(texts)]
    return articles + [_record(f"/experts/{n}/", f"Expert {n}", "Expert", (text,)) for n, text in enumerate(texts)]


def _folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_tag_gives_pagefinds_files(language: str, tmp_path: Path) -> None:
    from briefgen.outputs.search_index import write_bundle

    items = _items(TEXTS)
    theirs = write_bundle(items, language)
    ours, kept = pagefind_files.write_index(items, language, {})
    assert _decoded(_folder(tmp_path / "ours", ours)) == _decoded(_folder(tmp_path / "theirs", theirs))
    def entry(files: dict[str, bytes]) -> dict:  # (the pf_meta's name aside: it lists the filters' files, whose
        found = json.loads(files["pagefind-entry.json"])  # values Pagefind writes in a hash map's order)
        for language_entry in found["languages"].values():
            del language_entry["hash"]
        return found
    assert entry(ours) == entry(theirs)
    # Pagefind's own files (JavaScript, CSS, wasm) are the outputs briefgen lists beside the index
    index_files = ("fragment/", "index/", "filter/", "pagefind-entry.json", "pagefind.")
    assert sorted(pagefind_files.static_names(language)) == sorted(
        name for name in theirs if not (name.startswith(index_files) and name.endswith((".json", ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter"))))
    assert all(name.startswith(index_files) for name in ours)
    # an edit, the other pages taken from what was kept: the same files as a clean write
    edited = _items([*TEXTS[:-1], TEXTS[-1] + " One sentence more, at the end."])
    again, kept_again = pagefind_files.write_index(edited, language, kept)
    assert AS_KEPT in kept_again.values()  # the pages not edited: their texts not read, and kept as they are
    assert again == pagefind_files.write_index(edited, language, {})[0]
    # what was kept, damaged or of another language, is not used
    pages = sorted(key for key in kept if key.startswith("page:"))
    for damaged in ({key: value[:-3] for key, value in kept.items()}, {key: "[1, 2]" for key in kept},
                    {"": kept[""].replace(language, "other")}, None, {"": "garbage"},
                    {**kept, **{key: text.replace("[", "[1,", 1) for key, text in kept.items()
                                if key.startswith("words:")}},  # damaged words
                    {key: text for key, text in kept.items() if key != "words:0"},  # a piece of them missing
                    {**kept, **{page: "[]" for page in pages}},  # the pages' entries not as written
                    {key: text for key, text in kept.items() if key not in pages[:2]}):  # nor kept
        assert pagefind_files.write_index(edited, language, damaged)[0] == again


WORDS = ["café", "cafe", "Café", "CAFÉ", "naïve", "naive", "São", "sao", "Genève", "geneva", "COP28", "e-mail",
         "camelCase", "talks", "talk", "the", "a", "résumé", "resume", "Ökonomie", "über", "uber", "x", "2024", "—"]


def test_words_kept_by_another_write_than_the_pages_are_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kept words go with the kept header (the pages, in order) they were written with: a
    header of one write beside the words of the next (a state read while another build wrote it)
    gives the files of a clean write, not the words changed twice."""
    monkeypatch.setattr(pagefind_files, "CHUNK_SIZE", 40)  # many chunks: a word's size moves their bounds
    texts = TEXTS * 3
    edited = _items([*texts[:-1], texts[-1] + " One sentence more, at the end."])
    _, kept = pagefind_files.write_index(_items(texts), "en", {})
    _, kept_edited = pagefind_files.write_index(edited, "en", kept)
    pieces = {key: text for key, text in kept_edited.items() if key.startswith("words:") and text is not AS_KEPT}
    assert pieces and len(pieces) < pagefind_files.WORD_PIECES  # (the pieces of the words the edit changed, only)
    mixed = {**kept, **pieces}
    assert pagefind_files.write_index(edited, "en", mixed)[0] == pagefind_files.write_index(edited, "en", {})[0]


@pytest.mark.parametrize("seed", range(8))
def test_edits_one_after_another_give_the_files_of_a_clean_write(seed: int) -> None:
    """Pages edited (a word put in, taken out, swapped for one that differs by its diacritics
    only), added, taken out, each write from what the one before kept: the files are those of a
    write from nothing, byte for byte, and so is what it keeps."""
    import random

    chance = random.Random(seed)
    texts = [" ".join(chance.choices(WORDS, k=chance.randint(0, 30))) for _ in range(chance.randint(4, 24))]
    _, kept = pagefind_files.write_index(_items(texts), "en", {})
    for _ in range(12):
        action = chance.random()
        number = chance.randrange(len(texts))
        if action < 0.1:
            texts.insert(number, " ".join(chance.choices(WORDS, k=10)))
        elif action < 0.2 and len(texts) > 2:
            del texts[number]
        else:
            for _ in range(chance.choice((1, 1, 1, 2, 3))):  # a few pages at once, now and then
                words = texts[number].split()
                if words and chance.random() < 0.5:
                    del words[chance.randrange(len(words))]
                words.insert(chance.randint(0, len(words)), chance.choice(WORDS))
                texts[number] = " ".join(words)
                number = chance.randrange(len(texts))
        files, kept_now = pagefind_files.write_index(_items(texts), "en", kept)
        clean, kept_clean = pagefind_files.write_index(_items(texts), "en", {})
        assert files == clean
        kept = {key: kept[key] if text is AS_KEPT else text for key, text in kept_now.items()}  # as the state keeps it
        assert kept == kept_clean


def test_the_conversation_with_pagefind_survives_a_pipe_that_takes_a_few_bytes_at_a_time(
        tmp_path: Path, monkeypatch) -> None:
    """Between briefgen and `pagefind --service`, a program whose input pipe is as small as the
    system allows and is read five bytes at a time, while a timer interrupts briefgen's writes:
    every request arrives whole, and the index is the one the direct conversation gives."""
    import signal

    from briefgen.outputs.search_index import pagefind_program, write_bundle

    items = _items(TEXTS * 20)
    direct = write_bundle(items, "en")
    relay = tmp_path / "slow-pagefind"
    relay.write_text(f"""#!{sys.executable}
import fcntl, os, subprocess, sys, time
try:
    fcntl.fcntl(0, 1031, 4096)  # F_SETPIPE_SZ: the pipe briefgen writes to, as small as it goes
except OSError:
    pass
child = subprocess.Popen([{str(pagefind_program())!r}, *sys.argv[1:]], stdin=subprocess.PIPE)
while chunk := os.read(0, 5):
    child.stdin.write(chunk)
    child.stdin.flush()
    time.sleep(0.00001)
child.stdin.close()
sys.exit(child.wait())
""", encoding="utf-8")
    relay.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(relay))
    signal.signal(signal.SIGALRM, lambda *_: None)
    signal.setitimer(signal.ITIMER_REAL, 0.001, 0.001)  # writes cut short by signals, again and again
    try:
        relayed = write_bundle(items, "en")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    assert _decoded(_folder(tmp_path / "relayed", relayed)) == _decoded(_folder(tmp_path / "direct", direct))
