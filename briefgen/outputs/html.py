"""Pages made with Jinja templates: the template environment (whose loads are recorded as reads,
`extends`, `include` and `import` included), the site-wide values every template gets as `site`,
and the rendering of one page, a template's mistake said with its file and line."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Any, Callable, Iterator

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..config import SiteConfig
from ..errors import BriefgenError, Diagnostic, ERROR, Location, display_path
from ..engine.reads import read
from ..sources import files_under
from ..structured import TEMPLATE_FUNCTIONS
from ..urls import Urls, output_path
from .. import views as view_types
from ..views import ClaimView, Layout, Views, group_anchor, page_path, paginate
from . import Output, Site, has_full_address

PACKAGE_DIR = Path(__file__).resolve().parent.parent
SITE_FEED = "feed.xml"


def builtin_templates_dir() -> Path:
    """The templates shipped in the wheel, or the repository's own in a source checkout."""
    installed = PACKAGE_DIR / "templates"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "templates"


def template_dirs(config: SiteConfig) -> list[Path]:
    """Where templates are looked up: the project's own first, then the built-in ones."""
    builtin = builtin_templates_dir()
    own = config.templates_dir
    return [own, builtin] if own.is_dir() and own.resolve() != builtin.resolve() else [builtin]


def template_files(config: SiteConfig) -> dict[str, Path]:
    """Every template and theme file by name, the project's own winning over the built-in one."""
    files: dict[str, Path] = {}
    for folder in reversed(template_dirs(config)):
        files.update(files_under(folder, config if folder == config.templates_dir else None))
    return files


def asset_files(config: SiteConfig) -> dict[str, Path]:
    """The theme's assets ('assets/…'), a project's own templates/assets overriding by name."""
    files: dict[str, Path] = {}
    for folder in reversed(template_dirs(config)):
        files.update({f"assets/{name}": path for name, path in
                      files_under(folder / "assets", config if folder == config.templates_dir else None).items()})
    return files


class RecordingEnvironment(SandboxedEnvironment):
    """Jinja's sandboxed environment — a template reaches nothing of Python but the values it is
    given (no attribute that starts with '_', no internals), so a project's templates cannot run
    code on the machine that builds them, nor read around the recorded look-ups — saying which
    template each page loads (a missing one too: adding it later changes the page)."""

    def _load_template(self, name: str, globals: Any) -> jinja2.Template:  # every load goes through here
        read_template(name)
        try:
            return super()._load_template(name, globals)
        except UnicodeDecodeError as exc:
            raise TemplateNotText(self, name, exc) from None

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`obj.attribute` in a template. A view's own attribute that holds a plain value or
        another view is given at once: the sandbox's checks (about half of rendering) would pass
        it, for they look at what the object is — only a function, a method, a type, a frame and
        their kin hide attributes beyond those starting with '_' — and at whether the value is a
        string's `format`. Anything else goes through them."""
        if type(obj) in _VIEWS and not attribute.startswith("_"):
            value = getattr(obj, attribute, _MISSING)
            if type(value) in _PLAIN or type(value) in _VIEWS:
                return value
        return super().getattr(obj, attribute)


def read_template(name: str) -> None:
    """Record that what is being made reads this template (a missing one too)."""
    read(f"template:{name}")


class TemplateNotText(jinja2.TemplateError):
    """A template file that is not UTF-8 text: where its first byte of another encoding is."""

    def __init__(self, env: jinja2.Environment, name: str, exc: UnicodeDecodeError):
        found = next((Path(folder) / name for folder in getattr(env.loader, "searchpath", ())
                      if (Path(folder) / name).is_file()), Path(name))
        self.filename, self.lineno = str(found), bytes(exc.object[:exc.start]).count(b"\n") + 1
        super().__init__(f"this template is not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); save it as UTF-8")


_MISSING = object()
_PLAIN = frozenset({str, int, float, bool, type(None), tuple, list, dict, Markup})


def environment(config: SiteConfig) -> jinja2.Environment:
    env = RecordingEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(config)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Compiled templates kept between runs, keyed by each template's source: in Jinja's
        # per-user folder of the temporary directory (made private to the user, checked to be
        # theirs), never in the project, whose folders may come from someone else.
        bytecode_cache=jinja2.FileSystemBytecodeCache(),
    )
    env.globals.update(TEMPLATE_FUNCTIONS)
    return env


class Counts:
    """How many of each the site has (site.counts in templates)."""

    def __init__(self, views: Views):
        self._views = views

    @property
    def articles(self) -> int:
        return len(self._views.article_slugs())

    @property
    def claims(self) -> int:
        return self._views.claim_count()

    @property
    def experts(self) -> int:
        return len(self._views.expert_ids())

    @property
    def topics(self) -> int:
        return len(self._views.topic_ids())

    @property
    def notes(self) -> int:
        return len(self._views.note_slugs())

    @property
    def discrepancies(self) -> int:
        return self._views.discrepancy_count()


class SiteValues:
    """What every template gets as `site`: the settings, counts and the site-wide lists, each
    read when a template asks for it."""

    def __init__(self, site: Site):
        self._site = site
        config = site.config
        self.title, self.description, self.language = config.title, config.description, config.language
        self.counts = Counts(site.views)

    @property
    def topic_tree(self):
        return self._site.views.topic_tree()

    @property
    def experts(self):
        return self._site.views.experts_a_to_z()

    @property
    def feed(self):
        from .feeds import feed_of

        urls = self._site.urls
        return feed_of("", self.title, self.description, urls) if has_full_address(urls) else None


# What templates are given of the site, and can read freely (see RecordingEnvironment.getattr).
_VIEWS = frozenset({*(kind for kind in vars(view_types).values()
                      if isinstance(kind, type) and kind.__module__ == view_types.__name__ and kind is not Views),
                    Counts, SiteValues})


class Templates:
    """The templates of one build, with what every page gets: `site`, `urls`, the shared claim cards."""

    def __init__(self, site: Site, env: jinja2.Environment):
        self.site, self.env = site, env
        self.values = SiteValues(site)
        env.globals["claim_card_once"] = self.claim_card
        self._loaded: dict[str, jinja2.Template] = {}

    def template(self, name: str) -> jinja2.Template:
        """A template as this build first loaded it, its read recorded for each output that uses it:
        Jinja asks whether its file changed (a stat) at each get_template, once per page and per
        claim card; within one build it cannot."""
        found = self._loaded.get(name)
        if found is None:
            found = self._loaded[name] = self.env.get_template(name)
        else:
            read_template(name)
        return found

    def claim_card(self, claim: ClaimView, **options: bool) -> Markup:
        """`claim_card` of _macros.html, rendered once per claim and reused on every page showing it
        (and by serve's next save, unless it read what the save changed: the claim is looked up
        again inside, so that its card reads the claim's own fact)."""
        return self.site.remembered.get(("card", claim.ref, tuple(sorted(options.items()))), lambda: Markup(
            self.template("_macros.html").module.claim_card(self.site.views.claim(claim.ref), **options)))

    def render(self, template: str, path: str, context: dict[str, Any]) -> bytes:
        try:
            html = self.template(template).render(site=self.values, urls=self.site.urls, page_path=path,
                                                          **context)
        except (jinja2.TemplateSyntaxError, TemplateNotText) as exc:
            raise _template_error(exc, exc.filename, exc.lineno, self.site.config) from None
        except RecursionError as exc:
            raise _template_error(RecursionError("templates include, extend or call one another without end"),
                                  *template_frame(exc), self.site.config) from None
        except (jinja2.TemplateError, TypeError, AttributeError) as exc:
            raise _template_error(exc, *template_frame(exc), self.site.config) from None
        except Exception as exc:  # what a template's own logic raised ({{ 1 / 0 }}): the template's line
            filename, line = template_frame(exc)
            if filename is None:
                raise  # none: a bug of ours
            raise _template_error(ValueError(f"{type(exc).__name__}: {exc}"), filename, line, self.site.config) from None
        return html.encode("utf-8")


_TEMPLATES: dict[int, Templates] = {}  # one per site being made (a worker inherits it)


def templates(site: Site) -> Templates:
    found = _TEMPLATES.get(id(site))
    if found is None or found.site is not site:
        _TEMPLATES.clear()
        found = _TEMPLATES[id(site)] = Templates(site, site_environment(site))
    return found


_ENVIRONMENTS: dict[tuple, jinja2.Environment] = {}  # kept between builds of `serve`: templates compile once


def site_environment(site: Site) -> jinja2.Environment:
    # Jinja's cache only asks whether the file a template was loaded from changed, not whether a
    # project's own template now stands before the built-in one: an environment serves one set.
    key = (tuple(str(d) for d in template_dirs(site.config)),
           tuple(sorted((name, str(path)) for name, path in site.templates.items())))
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS.clear()
        _ENVIRONMENTS[key] = environment(site.config)
    return _ENVIRONMENTS[key]


def page(path: str, template: str, context: Callable[[Site], dict[str, Any]]) -> Output:
    """The page at site path `path` ('experts/x/'), made with `template` from what `context` gives."""
    return Output(output_path(path), lambda site: templates(site).render(template, path, context(site)))


def grouped_pages(site: Site, base: str, template: str, layout: Callable[[Views], Layout], kind: str,
                  context: Callable[[Site], dict[str, Any]]) -> Iterator[Output]:
    """The pages of an expert or a topic: their claims as `layout` groups them, cut into pages of
    CLAIMS_PER_PAGE; each page reads the layout and the claims it shows, not the others."""
    shown = layout(site.views).shown  # (read again by each page as it is made)
    for number in range(1, (-(-shown // CLAIMS_PER_PAGE) or 1) + 1):
        def make(site: Site, number: int = number) -> dict[str, Any]:
            whole = layout(site.views)
            flat = [((title, key), ref) for title, key, refs in whole for ref in refs]
            path, members, pager = paginate(flat, base, CLAIMS_PER_PAGE, site.urls)[number - 1]
            sliced = Layout((title, key, tuple(ref for _, ref in group))
                            for (title, key), group in groupby(members, key=lambda member: member[0]))
            return {**context(site), "groups": site.views.groups(sliced, kind, whole), "pager": pager,
                    "claim_count": len(flat)}
        yield page(base if number == 1 else f"{base}page/{number}/", template, make)


CLAIMS_PER_PAGE = 100  # on an expert's or a topic's page


def group_urls(urls: Urls, base: str, layout: Layout, kind: str) -> dict[str, str]:
    """Where each group of the pages at `base` (grouped_pages) starts — its page and its anchor
    there —, by its key."""
    found, start = {}, 0
    for _, key, refs in layout:
        found[key] = urls.page(page_path(base, start // CLAIMS_PER_PAGE + 1)) + "#" + group_anchor(kind, key)
        start += len(refs)
    return found


def template_frame(exc: BaseException, suffixes: tuple[str, ...] = (".html", ".xml")) -> tuple[str | None, int | None]:
    """The innermost template file (one of these suffixes) and line in a rendering traceback."""
    filename = line = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(suffixes):
            filename, line = name, tb.tb_lineno
        tb = tb.tb_next
    return filename, line


def _template_error(exc: BaseException, filename: str | None, line: int | None, config: SiteConfig) -> BriefgenError:
    where = display_path(Path(filename), config.root) if filename else "templates"
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, jinja2.TemplateNotFound):
        message = (f"there is no template named '{exc.name}' in {display_path(config.templates_dir, config.root)}/ "
                   "nor among briefgen's own (names are relative to that folder, without '..')")
    return BriefgenError([Diagnostic(ERROR, "template", Location(where, line or 0, 0), f"template error: {message}")])
