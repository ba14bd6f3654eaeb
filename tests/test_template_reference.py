"""docs/templates.md is the reference of what templates get. A user writes templates against it, so
it must say the truth: every value it lists exists, with the fields and types it gives (checked
against the view classes and against the values the example project's pages really get), nothing
a page gets is left out, and the built-in templates use only what it lists (each template's Jinja
read statically: every name, field, method, macro and argument it uses must be in the reference).

The reference is read from its tables: a `### name` heading, then rows `| `field` | type | … |`,
where a type is `text`, `number`, `yes/no`, `HTML`, a link `[ClaimView](#claimview)`, `list of …`,
each possibly followed by `, or none`."""

from __future__ import annotations

import dataclasses
import inspect
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import jinja2.defaults
import jinja2.nodes as nodes
import jinja2.runtime
import pytest
from markupsafe import Markup

from conftest import REPO, build

from briefgen import pipeline, views as views_module
from briefgen.outputs import Site, every_output, html
from briefgen.outputs.feeds import Feed
from briefgen.structured import TEMPLATE_FUNCTIONS
from briefgen.urls import Urls
from briefgen.views import Views

DOC = REPO / "docs" / "templates.md"
BUILTIN = REPO / "templates"

# The types the reference documents, by the name it gives them.
CLASSES: dict[str, type] = {
    "SiteValues": html.SiteValues, "Counts": html.Counts, "Urls": Urls, "Feed": Feed,
    **{cls.__name__: cls for cls in vars(views_module).values()
       if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == views_module.__name__},
}
INTERNAL = {"_views"}  # the back-reference every view object carries: the sandbox keeps templates from it
BASIC = {"text", "number", "yes/no", "HTML"}
NOT_PAGES = {"base.html", "_macros.html"}  # templates with no values of their own
MACROS = "_macros.html"


# --------------------------------------------------------------------------- reading the reference


@dataclass
class Reference:
    globals: dict[str, str] = field(default_factory=dict)  # name -> type
    functions: dict[str, list[str]] = field(default_factory=dict)  # global function -> its parameters ('x=true')
    types: dict[str, dict[str, str]] = field(default_factory=dict)  # type -> field -> type
    methods: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # type -> method -> parameters
    pages: dict[str, dict[str, str]] = field(default_factory=dict)  # template -> value -> type
    macros: dict[str, list[str]] = field(default_factory=dict)  # macro of _macros.html -> its parameters
    macro_types: dict[str, dict[str, str]] = field(default_factory=dict)  # macro -> argument -> type
    snippets: list[tuple[str, int, str]] = field(default_factory=list)  # (section, line, Jinja example)
    bad_types: list[str] = field(default_factory=list)  # type cells that say no known type


ROW = re.compile(r"^\|\s*`(\w+)(?:\(([^)]*)\))?`\s*\|([^|]*)\|")
HEADING = re.compile(r"^### (\S+)")
LINK = re.compile(r"\[(\w+)\]\(#\w+\)")


def doc_type(cell: str, where: str, ref: Reference) -> str:
    """A type cell as 'text', 'ClaimView', 'list:ClaimView', 'list:pair', with '?' when it may be none."""
    cell = cell.strip()
    optional = cell.endswith(", or none")
    cell = cell.removesuffix(", or none")
    linked = LINK.findall(cell)
    if cell.startswith("list of "):
        rest = cell.removeprefix("list of ")
        inner = "pair" if rest.endswith(" pairs") else linked[0] if linked else rest
        if inner not in BASIC and inner != "pair" and not linked:
            ref.bad_types.append(f"{where}: {cell!r}")
        kind = f"list:{inner}"
    elif linked and LINK.fullmatch(cell):
        kind = linked[0]
    elif cell in BASIC:
        kind = cell
    else:
        ref.bad_types.append(f"{where}: {cell!r}")
        kind = "any"
    return kind + ("?" if optional else "")


def params_of(text: str | None) -> list[str] | None:
    return None if text is None else [p.strip().replace(" ", "") for p in text.split(",") if p.strip()]


def read_reference(text: str) -> Reference:
    """The reference's tables, by the `### ` heading above each, and its ```jinja examples."""
    ref = Reference()
    section = ""
    snippet: list[str] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if snippet is not None:
            if line.startswith("```"):
                ref.snippets.append((section, start, "\n".join(snippet)))
                snippet = None
            else:
                snippet.append(line)
            continue
        if line.startswith("```jinja"):
            snippet, start = [], number + 1
            continue
        if line.startswith("## "):
            section = ""
        if match := HEADING.match(line):
            section = match.group(1)
            if section.endswith(".html") and section != MACROS:
                ref.pages.setdefault(section, {})
            continue
        row = ROW.match(line)
        if not row or not section:
            continue
        name, params, cell = row.group(1), params_of(row.group(2)), row.group(3)
        where = f"docs/templates.md:{number}"
        if section == "Every":  # ### Every template
            ref.globals[name] = doc_type(cell, where, ref)
            if params is not None:
                ref.functions[name] = params
        elif section == MACROS:
            ref.macros[name] = params or []
            ref.macro_types[name] = {}
            for part in cell.split(";"):
                names, _, kind = part.partition(":")
                for argument in re.findall(r"`(\w+)`", names):
                    ref.macro_types[name][argument] = doc_type(kind, where, ref)
        elif section.endswith(".html"):
            ref.pages[section][name] = doc_type(cell, where, ref)
        else:
            ref.types.setdefault(section, {})[name] = doc_type(cell, where, ref)
            if params is not None:
                ref.methods.setdefault(section, {})[name] = params
    ref.pages = {name: values for name, values in ref.pages.items() if name not in NOT_PAGES}
    return ref


@pytest.fixture(scope="module")
def ref() -> Reference:
    return read_reference(DOC.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the code's side


def code_type(annotation: Any) -> str | None:
    """A Python annotation ('tuple[TopicView, ...]', 'str | None') as the reference writes types."""
    if not isinstance(annotation, str):
        return None if annotation is inspect.Signature.empty else code_type(getattr(annotation, "__name__", ""))
    text = annotation.replace('"', "").replace("'", "").replace(" ", "")
    if not text:
        return None
    optional = text.endswith("|None")
    text = text.removesuffix("|None")
    names = {"str": "text", "int": "number", "bool": "yes/no", "Markup": "HTML"}
    if seq := re.fullmatch(r"(?:tuple|list)\[(.*?)(?:,\.\.\.)?\]", text):
        inner = seq.group(1)
        kind = "list:" + ("pair" if inner.startswith("tuple[") else names.get(inner, inner))
    else:
        kind = names.get(text, text)
    return kind + ("?" if optional else "")


def value_type(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, Markup):
        return "HTML"
    for kind, name in ((bool, "yes/no"), (int, "number"), (str, "text")):
        if isinstance(value, kind):
            return name
    if isinstance(value, (list, tuple)):
        inner = {("pair" if isinstance(v, tuple) else value_type(v)) for v in value}
        return "list:" + (inner.pop() if len(inner) == 1 else "?" if not inner else "mixed")
    return type(value).__name__


def fits(documented: str, value: Any) -> bool:
    actual = value_type(value)
    if actual == "none":
        return documented.endswith("?")
    documented = documented.removesuffix("?")
    return documented == actual or (actual == "list:?" and documented.startswith("list:"))


def public_fields(cls: type, instance: Any = None) -> dict[str, str | None]:
    """What a template can read of a class: its fields, properties and public attributes (by
    annotation), and its methods (as 'method')."""
    found: dict[str, str | None] = {}
    if dataclasses.is_dataclass(cls):
        found.update({f.name: code_type(f.type) for f in dataclasses.fields(cls) if f.name not in INTERNAL})
    if instance is not None:
        found.update({name: None for name in vars(instance) if not name.startswith("_")})
    for name, member in inspect.getmembers(cls):
        if name.startswith("_"):
            continue
        if isinstance(member, property):
            found[name] = code_type(member.fget.__annotations__.get("return", ""))
        elif inspect.isfunction(member):
            found[name] = "method"
    return found


def instance_of(cls: type) -> Any:
    """An instance to see instance attributes by (the classes that are not dataclasses)."""
    if cls is Urls:
        return Urls("/b/", "https://example.org/b/")
    if cls is html.SiteValues:
        config = SimpleNamespace(title="", description="", language="en")
        return html.SiteValues(SimpleNamespace(config=config, views=None))
    return None


@dataclass
class Seen:
    """What the example project's pages got: each template's values, and site-wide ones."""

    pages: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    functions: set[str] = field(default_factory=set)  # the functions every template (and macro) gets
    given: list[dict[str, Any]] = field(default_factory=list)  # what Templates.render gives every template
    sites: list[html.SiteValues] = field(default_factory=list)


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> Seen:
    """Make every page of the repository's example project (with and without a full base_url, so
    feeds are there and not), recording what each template gets instead of rendering it."""
    project = tmp_path_factory.mktemp("reference") / "project"
    shutil.copytree(REPO / "content", project / "content")
    result = Seen()

    def record(self: html.Templates, template: str, path: str, context: dict[str, Any]) -> bytes:
        page = result.pages.setdefault(template, {})
        for name, value in context.items():
            page.setdefault(name, []).append(value)
        return b""

    for base_url in ("https://example.org/b/", "/b/"):
        checked = pipeline.check(project, base_url=base_url)
        assert checked.ok, checked.diagnostics
        config = checked.config
        site = Site(config, Views(checked.corpus, checked.matches, Urls(config.base_path, config.base_url)),
                    html.template_files(config), {})
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(html.Templates, "render", record)
            for path, output in every_output(site)[0].items():
                if path.endswith(".html"):
                    output.make(site)
        # What Templates.render hands every template besides the page's own values, and the globals.
        templates = html.Templates(site, html.environment(config))
        given: dict[str, Any] = {}
        real_env = templates.env
        templates.env = SimpleNamespace(get_template=lambda name: SimpleNamespace(
            render=lambda **values: given.update(values) or ""))
        templates.render("probe.html", "probe/", {})
        result.functions |= set(real_env.globals) - set(jinja2.defaults.DEFAULT_NAMESPACE)
        result.given.append(given)
        result.sites.append(templates.values)
    return result


def macro_signatures(source: str) -> dict[str, list[str]]:
    """The macros of a template and their parameters, as the reference writes them ('show_speaker=true')."""
    found = {}
    for macro in jinja2.Environment().parse(source).find_all(nodes.Macro):
        defaults = [None] * (len(macro.args) - len(macro.defaults)) + list(macro.defaults)
        found[macro.name] = [arg.name if default is None else f"{arg.name}={_literal(default)}"
                             for arg, default in zip(macro.args, defaults)]
    return found


def _literal(node: nodes.Expr) -> str:
    """A macro argument's default as Jinja writes it: true, false, none, 'text', 3."""
    if not isinstance(node, nodes.Const):
        return "…"
    if node.value is None or isinstance(node.value, bool):
        return str(node.value).lower()
    return repr(node.value)


# --------------------------------------------------------------------------- the reference and the code agree


def test_every_type_cell_names_a_known_type(ref: Reference) -> None:
    known = BASIC | set(ref.types)
    assert ref.bad_types == []
    for where, kinds in [("every template", ref.globals), *ref.pages.items(), *ref.types.items(),
                         *ref.macro_types.items()]:
        for name, kind in kinds.items():
            inner = kind.removesuffix("?").removeprefix("list:")
            assert inner in known | {"pair"}, f"{where}: `{name}` has the unknown type {kind!r}"


def test_the_reference_documents_every_type_and_only_those(ref: Reference) -> None:
    assert set(ref.types) == set(CLASSES)


def type_drift(ref: Reference, name: str) -> list[str]:
    """How the reference's table of a type differs from the class: fields, types, methods' arguments."""
    cls = CLASSES[name]
    real = public_fields(cls, instance_of(cls))
    documented = ref.types.get(name, {})
    problems = [f"{name}.{f}: documented, but no such field" for f in sorted(set(documented) - set(real))]
    problems += [f"{name}.{f}: missing from docs/templates.md" for f in sorted(set(real) - set(documented))]
    for field_name, kind in documented.items():
        if real.get(field_name) is None:  # none, or no annotation: checked on real values (test_site_values…)
            continue
        if real[field_name] == "method":
            signature = inspect.signature(getattr(cls, field_name))
            if ref.methods.get(name, {}).get(field_name) != list(signature.parameters)[1:]:
                problems.append(f"{name}.{field_name}(…): its arguments are {list(signature.parameters)[1:]}")
            if kind != code_type(signature.return_annotation):
                problems.append(f"{name}.{field_name}(…): the reference says it gives {kind}")
        elif field_name in ref.methods.get(name, {}):
            problems.append(f"{name}.{field_name} is no method")
        elif kind != real[field_name]:
            problems.append(f"{name}.{field_name}: the reference says {kind}, the code {real[field_name]}")
    return problems


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_each_type_has_the_fields_the_reference_gives_with_their_types(ref: Reference, name: str) -> None:
    assert type_drift(ref, name) == []


def edited_reference(row: str, instead: list[str]) -> Reference:
    """The reference with the one row that starts with `row` replaced by `instead` ('{row}': itself)."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    at = [i for i, line in enumerate(lines) if line.startswith(row)]
    assert len(at) == 1, f"docs/templates.md has {len(at)} rows {row!r}: update this test"
    lines[at[0]:at[0] + 1] = [line.replace("{row}", lines[at[0]]) for line in instead]
    return read_reference("\n".join(lines))


@pytest.mark.parametrize("row, instead, said", [  # a row of the reference, the lines put in its place ('{row}': itself)
    ("| `anchor` | text | The id of its mark", ["{row}", "| `bogus` | text | Made up. |"],
     "ClaimView.bogus: documented, but no such field"),
    ("| `anchor` | text | The id of its mark", [], "ClaimView.anchor: missing from docs/templates.md"),
    ("| `number` | number | Its place", ["| `number` | text | Its place. |"],
     "ClaimView.number: the reference says text, the code number"),
    ("| `topics` | list of [TopicView](#topicview) | Its topics. |",
     ["| `topics` | list of [ExpertView](#expertview) | Its topics. |"], "ClaimView.topics: the reference says"),
    ("| `expert(expert_id)` | text |", ["| `expert(id)` | text | An expert's page. |"],
     "Urls.expert(…): its arguments are ['expert_id']"),
    ("| `count` | number |", ["| `count()` | number | How many pages. |"], "Pager.count is no method"),
])
def test_the_check_finds_a_reference_that_drifted_from_the_code(row: str, instead: list[str], said: str) -> None:
    problems = type_drift(edited_reference(row, instead), said.split(".")[0])
    assert any(said in problem for problem in problems), problems


def test_what_every_template_gets(ref: Reference, seen: Seen) -> None:
    assert set(ref.functions) == seen.functions, "the functions (names with (…)) are the environment's globals"
    for given in seen.given:
        assert set(ref.globals) - set(ref.functions) == set(given), "the values are what Templates.render gives"
    for given in seen.given:
        for name, value in given.items():
            assert fits(ref.globals[name], value), f"`{name}` is {value_type(value)}, the reference says {ref.globals[name]}"
        for name, kind in ref.types["Urls"].items():
            if name not in ref.methods["Urls"]:
                assert fits(kind, getattr(given["urls"], name)), f"urls.{name}"
    macros = macro_signatures((BUILTIN / MACROS).read_text(encoding="utf-8"))
    assert ref.functions["claim_card_once"] == macros["claim_card"], "claim_card_once takes claim_card's arguments"
    for name, function in TEMPLATE_FUNCTIONS.items():
        assert ref.functions[name] == list(inspect.signature(function).parameters), name
        assert ref.globals[name] == code_type(inspect.signature(function).return_annotation), name
    assert set(ref.functions) == set(TEMPLATE_FUNCTIONS) | {"claim_card_once"}
    assert ref.globals["claim_card_once"] == "HTML"


def test_site_values_have_the_documented_types(ref: Reference, seen: Seen) -> None:
    for site in seen.sites:
        for name, kind in ref.types["SiteValues"].items():
            value = getattr(site, name)
            assert fits(kind, value), f"site.{name} is {value_type(value)}, the reference says {kind}"
        for name, kind in ref.types["Counts"].items():
            assert fits(kind, getattr(site.counts, name)), f"site.counts.{name}"
    assert {value_type(site.feed) for site in seen.sites} == {"Feed", "none"}


def page_drift(ref: Reference, seen: Seen) -> list[str]:
    """How the reference's page sections differ from what the pages of the example project got."""
    page_templates = {p.name for p in BUILTIN.glob("*.html")} - NOT_PAGES
    problems = [f"{t}: a page is made with it, but it is no built-in template" for t in set(seen.pages) - page_templates]
    problems += [f"{t}: no section in docs/templates.md" for t in page_templates - set(ref.pages)]
    problems += [f"{t}: documented, but no such page template" for t in set(ref.pages) - page_templates]
    for template in sorted(page_templates & set(ref.pages)):
        documented, got = ref.pages[template], seen.pages.get(template, {})
        problems += [f"{template}: `{name}` documented, but the page gets no such value"
                     for name in sorted(set(documented) - set(got))]
        problems += [f"{template}: `{name}` missing from docs/templates.md" for name in sorted(set(got) - set(documented))]
        for name, values in got.items():
            for value in values:
                if name in documented and not fits(documented[name], value):
                    problems.append(f"{template}: `{name}` is {value_type(value)}, the reference says {documented[name]}")
    return problems


def test_each_page_gets_the_documented_values(ref: Reference, seen: Seen) -> None:
    assert page_drift(ref, seen) == []


@pytest.mark.parametrize("row, instead, said", [
    ("| `more_articles` | number |", ["{row}", "| `fewer_articles` | number | Made up. |"],
     "topic.html: `fewer_articles` documented, but the page gets no such value"),
    ("| `filters` | [ClaimFilters]", [], "claims.html: `filters` missing from docs/templates.md"),
    ("| `body` | HTML | The article's text", ["| `body` | text | The article's text. |"],
     "article.html: `body` is HTML, the reference says text"),
    ("| `feed` | [Feed](#feed), or none | The feed of their claims",
     ["| `feed` | [Feed](#feed) | The feed of their claims. |"], "expert.html: `feed` is none, the reference says Feed"),
])
def test_the_check_finds_a_page_reference_that_drifted(seen: Seen, row: str, instead: list[str], said: str) -> None:
    problems = page_drift(edited_reference(row, instead), seen)
    assert said in problems, problems


def test_the_macros_are_those_of_macros_html(ref: Reference) -> None:
    real = macro_signatures((BUILTIN / MACROS).read_text(encoding="utf-8"))
    assert ref.macros == real
    for name, params in real.items():
        assert set(ref.macro_types[name]) == {p.split("=")[0] for p in params}, f"the arguments of {name}"


# --------------------------------------------------------------------------- templates use only what is documented


JINJA_NAMES = set(jinja2.defaults.DEFAULT_NAMESPACE)  # range, dict, namespace, cycler, joiner, lipsum
JINJA_SPECIAL = {"self", "super", "caller", "varargs", "kwargs"}
LOOP_FIELDS = {name for name in dir(jinja2.runtime.LoopContext) if not name.startswith("_")}
ATTRIBUTE_FILTERS = {"sort", "selectattr", "rejectattr", "map", "sum", "groupby", "unique", "min", "max"}
SAME_FILTERS = {"sort", "reverse", "list", "selectattr", "rejectattr", "unique", "default", "d"}
TEXT_FILTERS = {"join", "upper", "lower", "title", "capitalize", "trim", "striptags", "truncate", "replace",
                "string", "e", "escape", "format", "urlencode", "indent", "center", "wordwrap", "urlize"}


class Checker:
    """Reads a template's Jinja and says each use of something the reference does not document.
    A value's type follows from the reference: `claim` in `{% for claim in claims %}` on
    article.html is a ClaimView because `claims` is a list of ClaimView there; a macro's
    arguments have the types its row gives. (Types written 'any' are not followed: a literal, an
    unlisted filter's result.)"""

    def __init__(self, ref: Reference, template: str):
        self.ref, self.template = ref, template
        self.problems: list[str] = []

    def check(self, source: str, extra: dict[str, str] | None = None) -> list[str]:
        # An imported file's macros see only the functions, not the page's values (site, urls, …).
        scope = {name: f"function:{name}" for name in self.ref.functions}
        if self.template != MACROS:
            scope.update({name: kind for name, kind in self.ref.globals.items() if name not in self.ref.functions})
            scope.update(self.ref.pages.get(self.template, {}))
        scope.update(extra or {})
        tree = jinja2.Environment().parse(source, name=self.template)
        for macro in tree.find_all(nodes.Macro):  # a template's macros call one another
            scope[macro.name] = f"macro:{macro.name}" if self.template == MACROS else "macro:"
        self.block(tree.body, scope)
        return self.problems

    def problem(self, node: nodes.Node, text: str) -> str:
        self.problems.append(f"{self.template}:{node.lineno}: {text}")
        return "any"

    # Statements.
    def block(self, body: list[nodes.Node], scope: dict[str, str]) -> None:
        for node in body:
            self.statement(node, scope)

    def statement(self, node: nodes.Node, scope: dict[str, str]) -> None:
        if isinstance(node, nodes.For):
            inner = dict(scope)
            self.bind(node.target, self.element(self.expr(node.iter, scope), node.iter), inner)
            inner["loop"] = "loop"
            if node.test is not None:
                self.expr(node.test, inner)
            self.block(node.body, inner)
            self.block(node.else_, scope)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            if isinstance(node, nodes.CallBlock):
                self.expr(node.call, scope)
            for default in node.defaults:
                self.expr(default, scope)
            types = self.ref.macro_types.get(node.name, {}) if isinstance(node, nodes.Macro) \
                and self.template == MACROS else {}
            inner.update({arg.name: types.get(arg.name, "any") for arg in node.args})
            inner.update({name: "any" for name in ("caller", "varargs", "kwargs")})
            self.block(node.body, inner)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, scope), scope)
        elif isinstance(node, nodes.AssignBlock):
            self.block(node.body, scope)
            self.bind(node.target, "HTML", scope)
        elif isinstance(node, nodes.FromImport):
            macros = self.imported(node.template)
            for name in node.names:
                name, alias = name if isinstance(name, tuple) else (name, name)
                if macros and name not in self.ref.macros:
                    self.problem(node, f"`{name}` is not a macro of {MACROS} in docs/templates.md")
                scope[alias] = f"macro:{name}" if macros else "any"
        elif isinstance(node, nodes.Import):
            scope[node.target] = "module" if self.imported(node.template) else "any"
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values):
                self.bind(target, self.expr(value, scope), inner)
            self.block(node.body, inner)
        elif isinstance(node, nodes.If):
            self.expr(node.test, scope)
            self.block(node.body, scope)
            for branch in node.elif_:
                self.statement(branch, scope)
            self.block(node.else_, scope)
        else:  # Output, Block, Extends, Include, ExprStmt, FilterBlock, Scope, …
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.expr(child, scope)
                elif not isinstance(child, nodes.TemplateData):
                    self.statement(child, scope)

    def imported(self, template: nodes.Expr) -> bool:
        return isinstance(template, nodes.Const) and template.value == MACROS

    def bind(self, target: nodes.Node, kind: str, scope: dict[str, str]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = kind
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, "value" if kind == "pair" else "any", scope)

    def element(self, kind: str, node: nodes.Node) -> str:
        kind = kind.removesuffix("?")
        if kind.startswith("list:"):
            return kind.removeprefix("list:")
        if kind in ("any", "text", "value"):
            return kind
        return self.problem(node, f"`{text_of(node)}` ({kind}) is not a list to loop over")

    # Expressions: each says its type.
    def expr(self, node: nodes.Node, scope: dict[str, str]) -> str:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in JINJA_NAMES:
                return "function:"
            if node.name in JINJA_SPECIAL:
                return "any"
            if node.name in self.ref.globals:
                return self.problem(node, f"`{node.name}` is not there inside the macros of an imported file")
            return self.problem(node, f"`{node.name}` is not in docs/templates.md")
        if isinstance(node, nodes.Getattr):
            return self.attr(self.expr(node.node, scope), node.attr, node)
        if isinstance(node, nodes.Getitem):
            kind = self.expr(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.attr(kind, node.arg.value, node)
            self.expr(node.arg, scope)
            if isinstance(node.arg, nodes.Slice):
                return kind
            return self.element(kind, node) if kind.startswith("list:") else "any"
        if isinstance(node, nodes.Call):
            kind = self.expr(node.node, scope)
            args = [self.expr(arg, scope) for arg in node.args]
            for keyword in node.kwargs:
                self.expr(keyword.value, scope)
            for extra in (node.dyn_args, node.dyn_kwargs):
                if extra is not None:
                    self.expr(extra, scope)
            return self.call(kind, node, args, [keyword.key for keyword in node.kwargs])
        if isinstance(node, nodes.Filter):
            kind = self.expr(node.node, scope) if node.node is not None else "any"
            for arg in [*node.args, *(keyword.value for keyword in node.kwargs)]:
                self.expr(arg, scope)
            return self.filter(kind, node)
        if isinstance(node, nodes.Test):
            for child in node.iter_child_nodes():
                self.expr(child, scope)
            return "yes/no"
        if isinstance(node, nodes.Const):
            return "text" if isinstance(node.value, str) else "any"
        if isinstance(node, (nodes.List, nodes.Tuple)):
            for item in node.items:
                self.expr(item, scope)
            return "list:any"
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            kinds = {self.expr(c, scope) for c in (node.expr1, node.expr2) if c is not None}
            return kinds.pop() if len(kinds) == 1 else "any"
        if isinstance(node, (nodes.And, nodes.Or)):
            kinds = {self.expr(node.left, scope), self.expr(node.right, scope)}
            return kinds.pop() if len(kinds) == 1 else "any"
        for child in node.iter_child_nodes():  # operators, comparisons, concatenation, …
            self.expr(child, scope)
        return "any"

    def attr(self, kind: str, name: str, node: nodes.Node) -> str:
        kind = kind.removesuffix("?")
        if kind == "any":
            return "any"
        if kind in self.ref.types:
            if name in self.ref.methods.get(kind, {}):
                return f"method:{kind}.{name}"
            if name in self.ref.types[kind]:
                return self.ref.types[kind][name]
            return self.problem(node, f"`{text_of(node)}`: {kind} has no field `{name}` in docs/templates.md")
        if kind in ("text", "value") and hasattr(str, name):
            return "function:"
        if kind == "loop" and name in LOOP_FIELDS:
            return "any"
        if kind == "module":
            if name in self.ref.macros:
                return f"macro:{name}"
            return self.problem(node, f"`{text_of(node)}`: `{name}` is not a macro of {MACROS} in docs/templates.md")
        return self.problem(node, f"`{text_of(node)}`: a value of type {kind} has no field `{name}`")

    def call(self, kind: str, node: nodes.Call, args: list[str], keywords: list[str]) -> str:
        if kind.startswith("macro:"):
            name = kind.removeprefix("macro:")
            if name not in self.ref.macros:
                return "HTML"  # a template's own macro
            params, types = self.ref.macros[name], self.ref.macro_types[name]
            self.arguments(node, name, params, args, keywords, by_name_only=False)
            for param, given in zip(params, args):
                wanted = types.get(param.split("=")[0], "any")
                if not same_type(wanted, given):
                    self.problem(node, f"`{text_of(node)}`: argument `{param}` should be {wanted}, not {given}")
            return "HTML"
        if kind.startswith("function:") and kind != "function:":
            name = kind.removeprefix("function:")
            self.arguments(node, name, self.ref.functions[name], args, keywords, by_name_only=True)
            if name == "claim_card_once" and args and not same_type("ClaimView", args[0]):
                self.problem(node, f"`{text_of(node)}`: claim_card_once shows a ClaimView, not {args[0]}")
            return self.ref.globals[name]
        if kind.startswith("method:"):
            owner, name = kind.removeprefix("method:").split(".")
            self.arguments(node, f"{owner}.{name}", self.ref.methods[owner][name], args, keywords, by_name_only=False)
            return self.ref.types[owner][name]
        if kind in ("any", "loop", "function:"):
            return "any"
        return self.problem(node, f"`{text_of(node)}`: a {kind} is not something to call")

    def arguments(self, node: nodes.Node, name: str, params: list[str], args: list[str], keywords: list[str],
                  by_name_only: bool) -> None:
        names = [p.split("=")[0] for p in params]
        positional = [p for p in params if "=" not in p] if by_name_only else params
        if len(args) > len(positional):
            self.problem(node, f"`{text_of(node)}`: {name} takes {len(positional)} arguments without their names")
        for keyword in keywords:
            if keyword not in names:
                self.problem(node, f"`{text_of(node)}`: {name} has no argument `{keyword}` in docs/templates.md")

    def filter(self, kind: str, node: nodes.Filter) -> str:
        if node.name in ATTRIBUTE_FILTERS:  # |sort(attribute='title'), |selectattr('draft'), |map(attribute='name')
            attributes = [k.value for k in node.kwargs if k.key == "attribute"]
            if node.name in ("selectattr", "rejectattr", "groupby", "sum") and node.args:
                attributes.append(node.args[0])
            element = self.element(kind, node) if kind.removesuffix("?").startswith("list:") else "any"
            for attribute in attributes:
                if isinstance(attribute, nodes.Const) and isinstance(attribute.value, str):
                    path_kind = element
                    for part in attribute.value.split("."):
                        path_kind = self.attr(path_kind, part, node)
        if node.name in ("first", "last", "random"):
            return self.element(kind, node)
        if node.name in SAME_FILTERS:
            return kind
        if node.name in ("length", "count", "wordcount"):
            return "number"
        if node.name in TEXT_FILTERS:
            return "text"
        return "any"


def same_type(wanted: str, given: str) -> bool:
    wanted, given = wanted.removesuffix("?"), given.removesuffix("?")
    return "any" in (wanted, given) or wanted == given or "list:any" in (wanted, given) and \
        wanted.startswith("list:") and given.startswith("list:")


def text_of(node: nodes.Node) -> str:
    """A short rendering of an expression, for messages: 'claim.speaker.bogus', 'urls.nope()'."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{text_of(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{text_of(node.node)}[…]"
    if isinstance(node, nodes.Call):
        return f"{text_of(node.node)}(…)"
    if isinstance(node, nodes.Filter):
        return f"{text_of(node.node) if node.node else ''}|{node.name}"
    return type(node).__name__


def undocumented(ref: Reference, template: str, source: str) -> list[str]:
    return Checker(ref, template).check(source)


@pytest.mark.parametrize("template", sorted(p.name for p in BUILTIN.glob("*.html")))
def test_built_in_template_uses_only_what_the_reference_documents(ref: Reference, template: str) -> None:
    assert undocumented(ref, template, (BUILTIN / template).read_text(encoding="utf-8")) == []


# Each: a built-in template, a line of it, the same line with a mistake, and what the check must name.
MISTAKES = [
    ("base.html", "<title>", "{{ site.nonexistent }}<title>", "SiteValues has no field `nonexistent`"),
    ("base.html", "<title>", "{{ site.counts.bogus }}<title>", "Counts has no field `bogus`"),
    ("index.html", "<h1>", "{{ claim.bogus }}<h1>", "`claim` is not in docs/templates.md"),
    ("article.html", "{% for claim in claims %}", "{% for claim in claims %}{{ claim.bogus }}",
     "ClaimView has no field `bogus`"),
    ("article.html", "{{ claim.speaker.name }}", "{{ claim.speaker.title }}", "ExpertView has no field `title`"),
    ("_macros.html", "{{ claim.summary }}", "{{ claim.summery }}", "ClaimView has no field `summery`"),
    ("_macros.html", "{{ copy.url }}", "{{ copy.quote }}", "CopyView has no field `quote`"),
    ("_macros.html", "{{ copy.url }}", "{{ urls.home() }}", "`urls` is not there inside the macros of an imported"),
    ("_macros.html", "{{ copy.url }}", "{{ site.title }}", "`site` is not there inside the macros of an imported"),
    ("expert.html", "{{ group.title }}", "{{ group.name }}", "Group has no field `name`"),
    ("expert.html", "show_speaker=false", "show_speakers=false", "no argument `show_speakers`"),
    ("expert.html", "claim_card_once(claim, show_speaker=false)", "claim_card_once(claim, false)",
     "claim_card_once takes 1 arguments without their names"),
    ("topic.html", "{{ pager_nav(pager) }}", "{{ pager_nav(topic) }}", "should be Pager, not TopicView"),
    ("topic.html", "{{ more_articles }}", "{{ more_articles }}{{ hidden_articles }}",
     "`hidden_articles` is not in docs/templates.md"),
    ("claims.html", "urls.asset('claims-filter.js')", "urls.assets('x.js')", "Urls has no field `assets`"),
    ("claims.html", "filters.outlets", "filters.outlet", "ClaimFilters has no field `outlet`"),
    ("discrepancies.html", "{{ text }}</span>", "{{ text.bogus }}</span>", "value has no field `bogus`"),
    ("discrepancies.html", "variant.runs", "variant.letters", "VariantView has no field `letters`"),
    ("topics.html", "{{ topic_tree(tree) }}", "{{ topic_tree(tree) }}{% for n in tree %}{{ n.parent }}{% endfor %}",
     "TreeNode has no field `parent`"),
    ("notes.html", "{% from \"_macros.html\" import note_item %}",
     "{% from \"_macros.html\" import note_item, note_card %}", "`note_card` is not a macro of _macros.html"),
    ("index.html", "site.topic_tree", "site.topic_tree|sort(attribute='name')", "TreeNode has no field `name`"),
    ("article.html", "{{ article.title }}", "{{ article._views.corpus }}", "ArticleView has no field `_views`"),
    ("article.html", "{{ text }}", "{{ site._site }}", "SiteValues has no field `_site`"),
]


@pytest.mark.parametrize("template, line, mistake, said", MISTAKES)
def test_the_check_finds_an_undocumented_use(ref: Reference, template: str, line: str, mistake: str,
                                             said: str) -> None:
    source = (BUILTIN / template).read_text(encoding="utf-8")
    assert line in source, f"{template} no longer has {line!r}: update this test"
    problems = undocumented(ref, template, source.replace(line, mistake, 1))
    assert any(said in problem for problem in problems), problems


def test_the_check_finds_a_field_the_reference_no_longer_documents(ref: Reference) -> None:
    source = (BUILTIN / "article.html").read_text(encoding="utf-8")
    without = dataclasses.replace(ref, types={**ref.types, "ClaimView": {
        k: v for k, v in ref.types["ClaimView"].items() if k != "anchor"}})
    assert any("ClaimView has no field `anchor`" in p for p in undocumented(without, "article.html", source))


# --------------------------------------------------------------------------- a template written against the reference


def every_field(expr: str, kind: str, ref: Reference, depth: int = 0, within: frozenset[str] = frozenset()) -> str:
    """Jinja that shows `expr` and, through every documented field, everything reachable from it
    (each type once along a path, so a tree or a claim's copies end)."""
    kind = kind.removesuffix("?")
    if kind.startswith("list:"):
        item = f"item{depth}"
        return (f"{{% for {item} in {expr} %}}{every_field(item, kind.removeprefix('list:'), ref, depth + 1, within)}"
                f"{{% endfor %}}")
    if kind == "pair":
        return f"{{{{ {expr}[0] }}}}{{{{ {expr}[1] }}}}"
    if kind not in ref.types or kind in within:
        return f"{{{{ {expr} is none }}}}" if kind in ref.types else f"{{{{ {expr} }}}}"
    shown = []
    for name, field_kind in ref.types[kind].items():
        if name in ref.methods.get(kind, {}):
            shown.append(f"{{{{ {expr}.{name}({', '.join(repr('x') for _ in ref.methods[kind][name])}) }}}}")
        else:
            shown.append(every_field(f"{expr}.{name}", field_kind, ref, depth, within | {kind}))
    return f"{{% if {expr} is not none %}}{''.join(shown)}{{% endif %}}"


def test_templates_written_with_the_reference_build(ref: Reference, tmp_path: Path) -> None:
    """A project whose own page templates show every value the reference lists for them, every field
    of those and of what every template gets, builds, and each page is made with its template."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "content", project / "content")
    (project / "templates").mkdir()
    everywhere = "".join(every_field(name, kind, ref) for name, kind in ref.globals.items() if name not in ref.functions)
    for template, values in ref.pages.items():
        own = "".join(every_field(name, kind, ref) for name, kind in values.items())
        cards = ("{% for claim in claims %}{{ claim_card_once(claim, show_speaker=false, show_topics=false, "
                 "show_article=false) }}{% endfor %}{{ article_json_ld(article, claims, urls) }}"
                 if template == "article.html" else "")
        cards += "{{ expert_json_ld(expert, urls) }}" if template == "expert.html" else ""
        (project / "templates" / template).write_text(
            '{% extends "base.html" %}{% block content %}<p class="made-with">' + template + "</p>"
            + everywhere + own + cards + "{% endblock %}\n", encoding="utf-8")
    build(project, "--base-url", "https://example.org/b/", "--quiet")
    site = project / "site"
    for page, template in [("index.html", "index.html"), ("claims/index.html", "claims.html"),
                           ("experts/nikolai-sokov/index.html", "expert.html"), ("topics/inf-treaty/index.html",
                           "topic.html"), ("discrepancies/index.html", "discrepancies.html"), ("404.html", "404.html"),
                           ("articles/sputnik-2022-01-missiles-talks/index.html", "article.html")]:
        assert f'<p class="made-with">{template}</p>' in (site / page).read_text(encoding="utf-8"), page


# --------------------------------------------------------------------------- the reference's own examples


SNIPPET_VALUES = {  # what the examples of the types' sections stand for
    "article": "ArticleView", "claim": "ClaimView", "expert": "ExpertView", "topic": "TopicView",
    "note": "NoteView", "groups": "list:Group", "pager": "Pager", "feed": "Feed?", "filters": "ClaimFilters",
}


def test_the_reference_examples_use_only_what_it_documents(ref: Reference) -> None:
    assert len(ref.snippets) >= 15
    problems = []
    for section, line, snippet in ref.snippets:
        checker = Checker(ref, section if section in ref.pages else "snippet")
        macros = {name: f"macro:{name}" for name in ref.macros}
        values = {**macros, **SNIPPET_VALUES, **ref.pages.get(section, {})}
        problems += [f"docs/templates.md:{line} ({problem})" for problem in checker.check(snippet, values)]
    assert problems == []
