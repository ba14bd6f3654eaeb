"""Markdown → a parsed Document with its plain text, and → HTML with highlighted spans of that text."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml as escape_html
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

BLOCK_SEPARATOR = "\n\n"
_TEXT_TYPES = ("text", "code_inline")
_BREAK_TYPES = ("softbreak", "hardbreak")


CITATION_RE = re.compile(r"\{claim:\s*([^{}\s]+)\s*\}")


@lru_cache(maxsize=4)
def _parser(allow_html: bool, citations: bool = False) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False, "linkify": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.validateLink = _safe_link
    if citations:
        md.inline.ruler.before("emphasis", "claim_citation", _citation_rule)
        md.add_render_rule("claim_citation", _render_citation)
    return md


def _citation_rule(state, silent: bool) -> bool:
    """`{claim: article-slug#claim-id}` in a note: a token carrying the cited claim's reference."""
    if state.src[state.pos] != "{":
        return False
    match = CITATION_RE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        open_links = sum((t.type == "link_open") - (t.type == "link_close") for t in state.tokens)
        in_link = open_links > 0  # a citation in a link's text must not bring links of its own
        token = state.push("claim_citation", "", 0)
        token.meta = {"ref": match.group(1), "block": False, "in_link": in_link}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def _render_citation(self, tokens, index, options, env) -> str:
    token = tokens[index]
    html = env.get("citations", {}).get(token.meta["ref"])
    if html is None:
        return escape_html(token.content)
    if token.meta["block"]:
        return html[1]
    return html[2] if token.meta.get("in_link") else html[0]  # no link inside a link


def citations_of(document: "Document") -> list[str]:
    """The references a note cites, in order."""
    return [child.meta["ref"] for token in document.tokens if token.type == "inline"
            for child in token.children or () if child.type == "claim_citation"]


def _safe_link(url: str) -> bool:
    """Only web, mail and in-page links; never javascript:, data: or vbscript:."""
    lowered = "".join(url.split()).lower()
    if ":" not in lowered.split("/", 1)[0].split("#", 1)[0].split("?", 1)[0]:
        return True  # relative link
    return lowered.startswith(("http:", "https:", "mailto:"))


@dataclass(frozen=True)
class TextPiece:
    """Where one text-bearing token sits in the tokens and in the Document's plain text."""

    inline_index: int
    child_index: int
    start: int
    end: int
    line: int  # 0-based line of the Markdown body


@dataclass(frozen=True)
class Document:
    """A parsed Markdown body: its tokens and the plain text a reader sees, with a map between them."""

    tokens: tuple[Token, ...]
    text: str
    pieces: tuple[TextPiece, ...]
    allow_html: bool
    citations: bool = False

    def line_of(self, offset: int) -> int:
        """The 0-based line of the Markdown body on which plain-text `offset` lies."""
        starts = [p.start for p in self.pieces]
        index = max(0, bisect.bisect_right(starts, offset) - 1)
        return self.pieces[index].line if self.pieces else 0


def headline_end(document: Document) -> int:
    """Where the text of the document's opening level-1 heading ends, 0 when it opens otherwise: such
    a heading is the article's headline (shown as the page's title, claims marked in it)."""
    tokens = document.tokens
    if not tokens or tokens[0].type != "heading_open" or tokens[0].tag != "h1":
        return 0
    return max((piece.end for piece in document.pieces if piece.inline_index == 1), default=0)


def split_headline(html: str) -> tuple[str | None, str]:
    """A rendered body's opening level-1 heading, as its inner HTML, and the HTML after it."""
    if not html.startswith("<h1>"):
        return None, html
    end = html.index("</h1>")
    return html[len("<h1>"):end], html[end + len("</h1>"):].lstrip("\n")


def parse(body: str, allow_html: bool = False, citations: bool = False) -> Document:
    """Parse once; text is NFC-normalised so offsets match what anchoring compares.
    With `citations`, `{claim: slug#id}` is a citation (notes), standing alone in a paragraph a block."""
    tokens = _parser(allow_html, citations).parse(body)
    for index in range(1, len(tokens) - 1):
        children = [c for c in tokens[index].children or () if not (c.type == "text" and not c.content.strip())]
        if tokens[index - 1].type == "paragraph_open" and len(children) == 1 and children[0].type == "claim_citation":
            children[0].meta["block"] = True
            tokens[index - 1].hidden = tokens[index + 1].hidden = True
    text_parts: list[str] = []
    pieces: list[TextPiece] = []
    offset = 0
    for inline_index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        if text_parts:
            text_parts.append(BLOCK_SEPARATOR)
            offset += len(BLOCK_SEPARATOR)
        line = token.map[0] if token.map else 0
        for child_index, child in enumerate(token.children):
            if child.type in _TEXT_TYPES:
                child.content = unicodedata.normalize("NFC", child.content)
                content = child.content
            elif child.type in _BREAK_TYPES:
                content = "\n"
            else:
                continue
            pieces.append(TextPiece(inline_index, child_index, offset, offset + len(content), line))
            text_parts.append(content)
            offset += len(content)
            if child.type in _BREAK_TYPES:
                line += 1
    return Document(tuple(tokens), "".join(text_parts), tuple(pieces), allow_html, citations)


@dataclass(frozen=True)
class Highlight:
    """Spans of the plain text to wrap: `first_open` on the very first piece, `open` on the rest,
    `after` inserted once after the last span (outside any link it ends in), and `lead` once before
    the first piece — before the quotation mark that opens it, if one does ('Voss said: “' + lead)."""

    spans: tuple[tuple[int, int], ...]
    first_open: str
    open: str
    close: str
    after: str
    lead: str = ""


@dataclass(frozen=True)
class Marks:
    """How a quote is marked wherever it stands: a Highlight without its spans."""

    first_open: str
    open: str
    close: str
    after: str
    lead: str = ""

    def around(self, spans: tuple[tuple[int, int], ...]) -> Highlight:
        return Highlight(spans, self.first_open, self.open, self.close, self.after, self.lead)


PLACE_OPEN, PLACE_CLOSE = "\ue000", "\ue001"  # private-use characters around a mark's place in a body
_PLACE = re.compile(f"{PLACE_OPEN}([FOCAL])([^{PLACE_CLOSE}]*){PLACE_CLOSE}")
_PLACE_PARTS = {"F": "first_open", "O": "open", "C": "close", "A": "after", "L": "lead"}
OPENING_MARKS = "“\"«„‘'‹‚"  # a quotation mark that may open a quote, right before its words


def body_with_places(document: Document, claims: list[tuple[str, tuple[tuple[int, int], ...]]]) -> str | None:
    """The document's HTML with each claim's (id, spans) marks left as places to fill in later, so
    the parsed document need not be kept; None when its text has the characters places are made of."""
    if any(_has_place_mark(token) for token in document.tokens):
        return None
    return render(document, [Highlight(spans, *(f"{PLACE_OPEN}{part}{claim_id}{PLACE_CLOSE}" for part in _PLACE_PARTS))
                             for claim_id, spans in claims])


def _has_place_mark(token: Token) -> bool:
    return (PLACE_OPEN in token.content or any(PLACE_OPEN in str(value) for value in token.attrs.values())
            or any(_has_place_mark(child) for child in token.children or ()))


def marked_body(body: str | None, document: Document | None, claims: list[tuple[str, tuple[tuple[int, int], ...]]],
                marks: dict[str, Marks]) -> str:
    """An article's HTML with its claims' (id, spans) marked: from its body with places when it has
    one, else from its document."""
    if body is not None:
        return fill_places(body, marks)
    assert document is not None
    return render(document, [marks[claim_id].around(spans) for claim_id, spans in claims])


def fill_places(body: str, marks: dict[str, Marks]) -> str:
    """A body from body_with_places with every claim's marks in their places."""
    return _PLACE.sub(lambda m: getattr(marks[m.group(2)], _PLACE_PARTS[m.group(1)]), body)


def _html(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def _text_like(template: Token, content: str) -> Token:
    token = Token(template.type, template.tag, template.nesting)
    token.content = content
    token.markup = template.markup
    return token


def _marked_children(children: list[Token], pieces: list[TextPiece], highlights: list[Highlight],
                     opened: set[int]) -> list[Token]:
    """The inline children with highlight tags spliced around the pieces they cover."""
    by_child = {p.child_index: p for p in pieces}
    ends = {i: h.spans[-1][1] for i, h in enumerate(highlights)}
    out: list[Token] = []
    link_depth = 0
    pending_after: list[str] = []
    for child_index, child in enumerate(children):
        piece = by_child.get(child_index)
        if child.type == "link_open":
            link_depth += 1
        if piece is None or child.type in _BREAK_TYPES:
            out.append(child)
            if child.type == "link_close":
                link_depth -= 1
                if link_depth == 0:
                    out.extend(_html(a) for a in pending_after)
                    pending_after.clear()
            continue
        cuts = {piece.start, piece.end}
        if child.type == "text":
            for h in highlights:
                for start, end in h.spans:
                    cuts.update(c for c in (start, end) if piece.start < c < piece.end)
        bounds = sorted(cuts)
        for start, end in zip(bounds, bounds[1:]):
            active = [
                i for i, h in enumerate(highlights)
                if any(s < end and start < e for s, e in h.spans)
            ]
            for i in active:
                if i not in opened and highlights[i].lead:
                    _put_lead(out, highlights[i].lead)
                out.append(_html(highlights[i].first_open if i not in opened else highlights[i].open))
                opened.add(i)
            out.append(_text_like(child, child.content[start - piece.start:end - piece.start]))
            for i in reversed(active):
                out.append(_html(highlights[i].close))
            for i in active:
                if ends[i] <= end and highlights[i].after:
                    if link_depth:  # no links inside links: the note waits until this one closes
                        pending_after.append(highlights[i].after)
                    else:
                        out.append(_html(highlights[i].after))
    out.extend(_html(a) for a in pending_after)
    return out


def _put_lead(out: list[Token], lead: str) -> None:
    """Put a highlight's lead in place: before the quotation mark (and the space after it: '« ') that
    the text just put out ends with, else here."""
    last = out[-1] if out else None
    if last is not None and last.type == "text":
        opening = last.content.rstrip(" \u00a0\u202f")
        if opening and opening[-1] in OPENING_MARKS and (len(opening) == 1 or not opening[-2].isalnum()):
            out[-1:] = [_text_like(last, opening[:-1]), _html(lead), _text_like(last, last.content[len(opening) - 1:])]
            return
    out.append(_html(lead))


def render(document: Document, highlights: list[Highlight] | tuple[Highlight, ...] = (),
           citations: dict[str, tuple[str, str, str]] | None = None) -> str:
    """HTML for the document, highlights spliced in, citations as (inline, block, inline without
    links) HTML by reference;
    raw HTML is sanitised when it is allowed."""
    md = _parser(document.allow_html, document.citations)
    if not highlights:
        tokens = list(document.tokens)
    else:
        tokens = []
        pieces_by_inline: dict[int, list[TextPiece]] = {}
        for piece in document.pieces:
            pieces_by_inline.setdefault(piece.inline_index, []).append(piece)
        opened: set[int] = set()
        for index, token in enumerate(document.tokens):
            pieces = pieces_by_inline.get(index)
            if pieces and token.children:
                relevant = [
                    h for h in highlights
                    if any(s < pieces[-1].end and pieces[0].start < e for s, e in h.spans)
                ]
                if relevant:
                    token = token.copy()
                    order = [highlights.index(h) for h in relevant]
                    local_opened = {order.index(i) for i in opened if i in order}
                    token.children = _marked_children(token.children or [], pieces, relevant, local_opened)
                    opened.update(order[i] for i in local_opened)
            tokens.append(token)
    html = md.renderer.render(tokens, md.options, {"citations": citations or {}})
    return sanitize(html) if document.allow_html else html


_ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "title", "data-claim", "aria-label", "aria-hidden", "role"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "colspan", "rowspan", "style"},
    "td": {"align", "colspan", "rowspan", "style"},
    "ol": {"start"},
}


def sanitize(html: str) -> str:
    """Keep harmless markup only: no scripts, handlers or javascript: links."""
    return nh3.clean(
        html,
        tags=nh3.ALLOWED_TAGS | {"mark", "sup", "sub", "section", "span", "figure", "figcaption"},
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
