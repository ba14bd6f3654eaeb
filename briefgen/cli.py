"""Commands → pipeline calls; problems → messages people can act on, and exit codes (0 ok, 1 content, 2 usage)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import traceback
from pathlib import Path
from typing import NoReturn, Sequence

from . import __version__
from .config import base_url_problem
from .errors import BriefgenError, Diagnostic, UsageError, environment_problem, print_all
from .engine.build import plural, summary

# The build machinery (Markdown, Jinja, matching) is imported only by the commands that use it,
# so that a no-op `briefgen build` answers from the cache in a blink.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 too; say it our way
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="briefgen", description="Build cross-linked briefing sites from annotated articles.")
    parser.add_argument("--version", action="version", version=f"briefgen {__version__}")
    # -C and --debug before the command or after it: `briefgen -C proj build`, `briefgen build -C proj`
    common = argparse.ArgumentParser(add_help=False)
    for options in (parser, common):
        default = {} if options is parser else {"default": argparse.SUPPRESS}
        options.add_argument("--debug", action="store_true", help="show Python tracebacks of internal errors",
                             **({"default": False} if options is parser else default))
        options.add_argument("-C", "--project", metavar="DIR", help="the project folder (default: here)",
                             **({"default": "."} if options is parser else default))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, summary: str, examples: str, *more: argparse.ArgumentParser) -> argparse.ArgumentParser:
        """A subcommand, with what it does and examples in its --help (and the options of `more`)."""
        return commands.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".",
                                   epilog="examples:\n" + examples, parents=[common, *more],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)

    article = argparse.ArgumentParser(add_help=False)  # what `new` and `import` both take: where the files go
    article.add_argument("--slug", help="the article's name in content/articles/ (default: from its title)")
    article.add_argument("--force", action="store_true", help="replace an article of the same name")

    build = command("build", "check the content, then render the whole site", """\
  briefgen build                     the site into site/ (only what changed since the last build)
  briefgen build --drafts            with the articles marked draft: true
  briefgen build -C ~/briefings --base-url https://org.github.io/briefings/""")
    build.add_argument("--base-url", help="override base_url of briefgen.yaml")
    build.add_argument("--output", help="write the site here instead of output_dir")
    build.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    build.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--timings", action="store_true",
                       help="print the time and peak memory of each stage (or set BRIEFGEN_TIMINGS=1)")

    check = command("check", "check the content and report every problem", """\
  briefgen check                     every problem, with file:line:col
  briefgen check --strict            warnings fail too (exit 1), for CI
  briefgen check --format json       for editors and scripts""")
    check.add_argument("--format", choices=("text", "json"), default="text", help="how to print problems")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    serve = command("serve", "build, serve locally, rebuild on every save and reload the browser", """\
  briefgen serve --open              preview at http://127.0.0.1:8000/ in your browser
  briefgen serve --no-drafts         preview the site as it will be published
  briefgen serve --port 8080""")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8000, or the next free one)")
    serve.add_argument("--open", action="store_true", help="open the site in a web browser")
    serve.add_argument("--base-url", help="override base_url of briefgen.yaml")
    serve.add_argument("--drafts", action=argparse.BooleanOptionalAction, default=True,
                       help="show the articles marked draft: true (the default), or not (--no-drafts: as published)")
    init = command("init", "create a new briefing project with sample content", """\
  briefgen init my-briefing          a project with a sample article to start from
  briefgen init my-briefing --empty  without it
  briefgen init . --force            add what is missing to this folder (never overwriting)""")
    init.add_argument("directory", help="the folder to create the project in")
    init.add_argument("--force", action="store_true", help="add missing files to a non-empty folder")
    init.add_argument("--empty", action="store_true",
                      help="without the sample article (the experts and topics files hold commented examples)")

    publish = command("publish", "build and push the site to a GitHub Pages branch", """\
  briefgen publish                   to the gh-pages branch of origin
  briefgen publish --message 'Briefing of 3 December'""")
    publish.add_argument("--remote", default="origin", help="git remote to push to (default origin)")
    publish.add_argument("--branch", default="gh-pages", help="branch to publish to (default gh-pages)")
    publish.add_argument("--message", default="Publish briefing", help="commit message")
    publish.add_argument("--base-url", help="override base_url of briefgen.yaml")
    new = command("new", "start a new article: its text and its sidecar, from templates", """\
  briefgen new "Ports reopen after the strike" --outlet "Example Wire"
  briefgen new "Talks in Oslo" --slug 2024/oslo-talks --published 2024-03-02
  (templates/new-article.md and templates/new-article.yaml, when there, are used instead of briefgen's own)""",
                  article)
    new.add_argument("title", help="the article's title")
    new.add_argument("--outlet", help="who published it")
    new.add_argument("--url", help="where it was published")
    new.add_argument("--published", help="when, as YYYY-MM-DD (default: today)")
    importer = command("import", "turn a plain article into Markdown with draft annotations", """\
  briefgen import story.txt --outlet Reuters --published 2024-05-06
  briefgen import artigo.md --language pt""", article)
    importer.add_argument("file", help="the article, as .txt or .md")
    importer.add_argument("--title", help="the article's title (default: its first line)")
    importer.add_argument("--outlet", help="who published it (default: from a dateline, if any)")
    importer.add_argument("--published", help="when, as YYYY-MM-DD (default: from a dateline, if any)")
    importer.add_argument("--language", help="the article's language, e.g. pt or pt-BR (default: detected)")
    return parser


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    print_all([str(diagnostic) for diagnostic in diagnostics])
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    if errors or warnings:
        parts = [plural(errors, "error")] if errors else []
        parts += [plural(warnings, "warning")] if warnings else []
        print(f"found {' and '.join(parts)}", file=sys.stderr)


class ProgressLine:
    """One line on a terminal that says how far a long build has come; nothing elsewhere."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.enabled and total >= 200 and (done % 50 == 0 or done == total):
            width = 24
            filled = width * done // total
            sys.stderr.write(f"\r{stage:16} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}\033[K")
            sys.stderr.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False


def _base_url(value: str | None) -> str | None:
    if value is not None and (problem := base_url_problem(value)):
        raise UsageError(problem.replace("base_url", "--base-url", 1))
    return value


def run_check(args: argparse.Namespace) -> int:
    from . import pipeline

    from .suggest import suggestion_lines

    checked = pipeline.check(Path(args.project), workers=os.cpu_count() or 1)
    failing = not checked.ok or (args.strict and checked.problems)
    diagnostics = checked.diagnostics
    if checked.ok:  # same_as to add across languages: hints, never a problem
        diagnostics = sorted([*diagnostics, *suggestion_lines(checked.corpus, checked.matches, checked.config.language)],
                             key=Diagnostic.sort_key)
    if args.format == "json":
        print(json.dumps({"ok": not failing, "diagnostics": [d.as_dict() for d in diagnostics]}, indent=2))
    else:
        _print_diagnostics(diagnostics)
        if not failing and not args.quiet:
            print(f"ok: {summary(checked.corpus, checked.drafts_left_out)}")
    return EXIT_CONTENT if failing else EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    from . import timings

    if args.timings:
        timings.enable()
    try:
        with timings.stage("build"):
            return _build(args)
    finally:
        timings.report()


def _failed(exc: BriefgenError) -> int:
    """The exit code of a command that stopped on these problems: of the content, or of how it
    was called and the machine it runs on."""
    return EXIT_USAGE if exc.usage else EXIT_CONTENT


def _build(args: argparse.Namespace) -> int:
    from .config import load_config
    from .engine.build import Engine
    from .engine.state import forget
    from .errors import Diagnostics

    root = Path(args.project)
    base_url = _base_url(args.base_url)
    config_problems = Diagnostics()
    config = load_config(root, config_problems).with_overrides(base_url=base_url, output_dir=args.output)
    if args.strict or config_problems.items:
        forget(config)  # build everything, so that every problem is seen
        if args.strict:
            from . import pipeline

            checked = pipeline.check(root, base_url, args.output, args.drafts, workers=os.cpu_count() or 1)
            if checked.problems:
                _print_diagnostics(checked.problems)
                print("not built: --strict and there are problems", file=sys.stderr)
                return EXIT_CONTENT
    progress = ProgressLine(sys.stderr.isatty() and not args.quiet)
    try:
        outcome = Engine(root, base_url, args.output, args.drafts, os.cpu_count() or 1, progress).update()
        # What the build left is garbage, walked by the first full collection that comes once the
        # build's own thresholds are off (0.025 s at 10,000 articles, while printing): set aside.
        gc.freeze()
    except BriefgenError as exc:
        progress.clear()
        _print_diagnostics(exc.diagnostics)
        print("not built: the previous site, if any, is unchanged", file=sys.stderr)
        return _failed(exc)
    except Exception as exc:
        if (problem := environment_problem(exc, config.output_dir)) is None:
            raise
        progress.clear()
        print(f"briefgen: error: {problem}\nnot built: the previous site, if any, is unchanged", file=sys.stderr)
        return EXIT_USAGE
    progress.clear()
    print_all(outcome.warnings)  # a build that succeeds has warnings at most
    if outcome.warnings:
        print(f"found {plural(len(outcome.warnings), 'warning')}", file=sys.stderr)
    if args.quiet:
        return EXIT_OK
    if outcome.done == "built":
        print(f"built {plural(outcome.files, 'file')} into {config.output_dir}: {outcome.summary}")
    elif outcome.done == "updated":
        print(f"rebuilt {plural(outcome.files, 'file')} in {config.output_dir}: {outcome.summary}")
    else:
        print(f"up to date: nothing changed since the last build ({outcome.summary})")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from .serve import PortInUse, serve  # the server's packages load only when serving

    if args.port is not None and not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    try:
        serve(Path(args.project), args.host, args.port, args.open, _base_url(args.base_url), args.drafts)
    except PortInUse as exc:
        raise UsageError(str(exc)) from None
    except BriefgenError as exc:  # it cannot begin (an output folder it may not replace)
        _print_diagnostics(exc.diagnostics)
        return _failed(exc)
    except KeyboardInterrupt:
        pass
    print("stopped", file=sys.stderr)
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from .scaffold import NotEmpty, init_project

    target = Path(args.project) / args.directory
    try:
        created = init_project(target, args.force, args.empty)
    except NotEmpty as exc:
        raise UsageError(str(exc)) from None
    for relative in created.kept:
        print(f"kept your {relative}", file=sys.stderr)
    if not created.written:
        print(f"nothing to add: {target} already holds every file of a new project")
        return EXIT_OK
    if created.note:
        print(f"note: {created.note}", file=sys.stderr)
    first = "  briefgen new \"Your first article\"\n" if args.empty else ""
    print(f"created a briefing project in {target} ({plural(len(created.written), 'file')}); next:\n"
          f"  cd {target}\n{first}  briefgen serve --open")
    return EXIT_OK


def run_publish(args: argparse.Namespace) -> int:
    from .engine.build import Engine
    from .publish import PublishError, check_branch, check_repository, publish_site, uncommitted

    root = Path(args.project)
    try:
        top = check_repository(root, args.remote)
        check_branch(top, args.remote, args.branch)  # before building: nothing to undo
        engine = Engine(root, _base_url(args.base_url), workers=os.cpu_count() or 1)
        outcome = engine.update()
        print_all(outcome.warnings)
        config = engine.config()
        if changed := uncommitted(config, top):
            shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
            print(f"note: publishing changes not committed to git ({shown}); commit them, so that the "
                  "repository holds what the site shows", file=sys.stderr)
        url, pushed = publish_site(config, top, config.output_dir, args.remote, args.branch, args.message)
    except BriefgenError as exc:
        _print_diagnostics(exc.diagnostics)
        print("not published: fix the problems above first", file=sys.stderr)
        return _failed(exc)
    except PublishError as exc:
        print(f"briefgen: not published: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    where = f"; it will appear at {url}" if url else ""
    if not pushed:
        print(f"nothing to publish: branch '{args.branch}' of '{args.remote}' already holds this site{where}")
    else:
        print(f"published {config.output_dir} to branch '{args.branch}' of '{args.remote}'{where}")
    return EXIT_OK


def _published(args: argparse.Namespace):
    """--published as a date (None when not given)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(args.published) if args.published else None
    except ValueError:
        raise UsageError(f"--published should be a date like 2022-01-15, not '{args.published}'") from None


def run_new(args: argparse.Namespace) -> int:
    from .config import load_config
    from .errors import Diagnostics
    from .new import ArticleRefused, new_article

    config = load_config(Path(args.project), Diagnostics())
    try:
        article, sidecar = new_article(config, args.title, args.slug, args.outlet, args.url, _published(args),
                                       args.force)
    except ArticleRefused as exc:
        raise UsageError(str(exc)) from None
    except BriefgenError as exc:
        _print_diagnostics(exc.diagnostics)
        return _failed(exc)
    shown = [p.relative_to(config.root).as_posix() for p in (article, sidecar)]
    print(f"created {shown[0]} and {shown[1]} (a draft); next: paste the article's text into the first, "
          f"record its claims in the second, then `briefgen serve` to see it")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from .config import load_config
    from .errors import Diagnostics
    from .importer import import_into_project
    from .new import ArticleRefused
    from .importer.language import supported

    source = Path(args.file)
    if not source.is_file():
        raise UsageError(f"no such file: {args.file}")
    published = _published(args)
    if args.language and args.language.split("-")[0].casefold() not in supported():
        raise UsageError(f"--language '{args.language}': briefgen reads only {', '.join(supported())} "
                         "(a table under briefgen/importer/languages/ per language)")
    config = load_config(Path(args.project), Diagnostics())
    try:
        slug, imported = import_into_project(config, source, args.slug, args.outlet, published, args.title,
                                             args.force, args.language)
    except ArticleRefused as exc:
        raise UsageError(str(exc)) from None
    except BriefgenError as exc:
        _print_diagnostics(exc.diagnostics)
        return _failed(exc)
    direct = sum(c.kind == "direct" for c in imported.claims)
    print(f"imported content/articles/{slug}.md with {plural(len(imported.claims), 'claim')} "
          f"({direct} direct, {len(imported.claims) - direct} paraphrased) as a draft"
          + (f", read as '{imported.language}'" if imported.language
             else ", no claims looked for: not in a language briefgen reads (see --language)"))
    if imported.new_experts:
        print(f"added {plural(len(imported.new_experts), 'new expert')} to content/experts.yaml: "
              f"{', '.join(imported.new_experts.values())}")
    print(f"review every '# review' line in content/articles/{slug}.yaml, then run `briefgen check`")
    return EXIT_OK


COMMANDS = {"new": run_new, "import": run_import, "build": run_build, "check": run_check, "serve": run_serve, "init": run_init, "publish": run_publish}


def main(argv: Sequence[str] | None = None) -> int:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            raise UsageError("say which command to run, e.g. `briefgen build` (see `briefgen --help`)")
        if not Path(args.project).is_dir():
            raise UsageError(f"no such project folder: {args.project}")
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"briefgen: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("briefgen: interrupted; nothing was changed", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours, not the user's: say so in one line
        if (problem := environment_problem(exc)) is not None:  # … or the machine's
            print(f"briefgen: error: {problem}", file=sys.stderr)
            return EXIT_USAGE
        if debug:
            traceback.print_exc()
        print("briefgen: internal error — this is a bug in briefgen, please report it "
              "(run again with --debug to see the details)", file=sys.stderr)
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The `briefgen` command: main(), then out at once. A build leaves a heap of millions of
    objects that are all garbage by then; freeing them one by one as Python shuts down took
    longer than some rebuilds (0.3 s at 1,000 articles). Everything briefgen writes is closed
    by then: only the standard streams need flushing. (Under a profiler or a tracer, such as
    `python -m cProfile` or coverage, Python shuts down as usual, so that they write their results.)"""
    code = main()
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
