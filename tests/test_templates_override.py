"""A user puts their own templates/<name>.html in the project: it replaces the built-in template of
that name, and every other page still comes from the built-in templates."""

from __future__ import annotations

from pathlib import Path

from conftest import Fixture, Site, build, copy_fixture, marks_by_claim, run_cli, site_snapshot

EXPERT_TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ expert.name }}{% endblock %}
{% block content %}
<h1 class="custom-expert">Our own page for {{ expert.name }}</h1>
<ul class="custom-claims">
{% for group in groups %}{% for claim in group.claims %}<li><a href="{{ claim.url }}">{{ claim.quote }}</a></li>{% endfor %}{% endfor %}
</ul>
{% endblock %}
"""

BASE_TEMPLATE = """<!doctype html>
<html lang="{{ site.language }}">
<head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title>
<link rel="stylesheet" href="{{ urls.asset('briefgen.css') }}"></head>
<body><header class="custom-header"><a href="{{ urls.home() }}">Home</a></header>
<main id="main">{% block content %}{% endblock %}</main>
<footer class="custom-footer">Our own footer</footer></body>
</html>
"""


def _project(tmp_path: Path, templates: dict[str, str]) -> Path:
    project = copy_fixture("basic", tmp_path / "basic")
    (project / "templates").mkdir()
    for name, text in templates.items():
        path = project / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


def test_own_expert_template_replaces_the_built_in_one(tmp_path: Path) -> None:
    project = _project(tmp_path, {"expert.html": EXPERT_TEMPLATE})
    build(project)
    site = Site(project / "site")
    fixture = Fixture(project)
    for expert_id, expert in fixture.experts.items():
        doc = site.page(f"experts/{expert_id}/index.html")
        heading = doc.find("h1", cls="custom-expert")
        assert heading is not None and heading.text() == f"Our own page for {expert['name']}"
        assert doc.find_all("article", cls="claim-card") == [], "the built-in expert template was used"
    # Other pages still use the built-in templates.
    assert marks_by_claim(site.page("articles/oslo-talks/index.html"))
    assert site.page("topics/arms-control/index.html").find_all("article", cls="claim-card")
    assert site.page("topics/arms-control/index.html").find("h1", cls="custom-expert") is None
    assert site.broken_links() == []


def test_own_base_template_is_used_by_every_built_in_page(tmp_path: Path) -> None:
    project = _project(tmp_path, {"base.html": BASE_TEMPLATE})
    build(project)
    site = Site(project / "site")
    for rel in site.html_files():
        doc = site.page(rel)
        footer = doc.find("footer", cls="custom-footer")
        assert footer is not None and footer.text() == "Our own footer", rel
        assert doc.find("footer", cls="site-footer") is None, rel
    assert marks_by_claim(site.page("articles/amazonia/index.html"))
    assert site.broken_links() == []


def test_own_stylesheet_in_templates_assets_replaces_the_built_in_one(tmp_path: Path) -> None:
    css = "/* our own stylesheet */\nmark.claim { background: #ff0; }\n"
    project = _project(tmp_path, {"assets/briefgen.css": css})
    build(project)
    assert (project / "site/assets/briefgen.css").read_text(encoding="utf-8") == css


def test_without_templates_folder_the_built_in_ones_are_used(tmp_path: Path, basic_site: Site) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    assert not (project / "templates").exists()
    build(project)
    assert site_snapshot(project / "site") == site_snapshot(basic_site.root)


def test_a_mistake_in_an_own_template_names_the_template(tmp_path: Path) -> None:
    project = _project(tmp_path, {"expert.html": '{% extends "base.html" %}{% block content %}{{ expert.nmae }}{% endblock %}'})
    result = run_cli("build", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "templates/expert.html" in result.stderr
    assert not (project / "site").exists()


def test_templates_dir_in_briefgen_yaml_names_the_folder_of_own_templates(tmp_path: Path) -> None:
    project = copy_fixture("basic", tmp_path / "basic")
    (project / "theme").mkdir()
    (project / "theme/topic.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1 class="own-topic">{{ topic.title }}</h1>{% endblock %}',
        encoding="utf-8")
    config = project / "briefgen.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "templates_dir: theme\n", encoding="utf-8")
    build(project)
    site = Site(project / "site")
    assert site.page("topics/energy/index.html").find("h1", cls="own-topic").text() == "Energy"
    assert site.page("experts/marc-finaud/index.html").find_all("article", cls="claim-card")


REACHING_OUT = [  # each would run a command, or read past the values a template is given
    "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ lipsum.__globals__['os'].system('touch {marker}') }}",
    "{{ site._site.views.corpus }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
]


def test_a_template_that_reaches_for_python_internals_fails_the_build_and_runs_nothing(tmp_path: Path) -> None:
    for number, expression in enumerate(REACHING_OUT):
        marker = tmp_path / f"ran-{number}"
        project = _project(tmp_path / str(number), {
            "topics.html": '{% extends "base.html" %}\n{% block content %}\n'
                           + expression.replace("{marker}", str(marker)) + "\n{% endblock %}\n"})
        result = run_cli("build", cwd=project)
        assert result.returncode == 1, result.stderr
        assert "templates/topics.html:3:" in result.stderr and "unsafe" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert not marker.exists(), f"{expression} ran"
        assert not (project / "site").exists()
