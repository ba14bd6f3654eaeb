"""An article page shows who said what at a glance (issue 18, point 1), in Chromium, on the
repository's own example article (21 claims): each quote led by its speaker and followed by its
number; from 1024 px each claim's card level with its quote, beside the text; below, a tap on a quote
opens its claim in place; mouse, touch and keyboard lead from a quote to its claim and back, and so
do plain links without script; a legend says what the marks mean; the tags in the text stay a small
part of it; and on a phone the text starts on the first screen."""

from __future__ import annotations

import pytest

from conftest import PAGE_TYPES

ARTICLE = PAGE_TYPES["article"]
PHONE = {"width": 375, "height": 667}
DESK = {"width": 1280, "height": 900}


@pytest.fixture()
def open_page(chromium):
    contexts = []

    def open_(viewport: dict, scheme: str = "light", script: bool = True, touch: bool = False):
        context = chromium.new_context(viewport=viewport, color_scheme=scheme, java_script_enabled=script,
                                       has_touch=touch, is_mobile=touch)
        contexts.append(context)
        return context.new_page()
    yield open_
    for context in contexts:
        context.close()


def _geometry(page) -> list[dict]:
    return page.evaluate("""() => [...document.querySelectorAll('.panel-claim[data-claim]')].map(card => {
        const mark = document.querySelector('mark.claim[id="claim-' + card.dataset.claim + '"]');
        const c = card.getBoundingClientRect(), m = mark.getBoundingClientRect();
        return {claim: card.dataset.claim, cardTop: c.top, cardBottom: c.bottom, cardLeft: c.left,
                markTop: m.top, markRight: m.right, speaker: card.querySelector('.speaker').textContent,
                visible: card.checkVisibility()};
    })""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_from_1024px_each_card_stands_level_with_its_quote(open_page, example_site, scheme: str) -> None:
    for width in (1024, 1280):
        page = open_page({"width": width, "height": 900}, scheme)
        page.goto(example_site.url(ARTICLE))
        text_right = page.evaluate("document.querySelector('.article-text').getBoundingClientRect().right")
        cards = _geometry(page)
        assert len(cards) >= 20
        previous_bottom = None
        for card in cards:
            assert card["visible"] and card["cardLeft"] >= text_right, (width, card)  # beside the text
            if previous_bottom is None or card["markTop"] >= previous_bottom:
                assert abs(card["cardTop"] - card["markTop"]) <= 2, (width, card)  # level with its quote
            else:  # pushed down by the card before, right under it
                assert 0 <= card["cardTop"] - previous_bottom <= 16, (width, card)
            previous_bottom = card["cardBottom"]


def test_mouse_and_keyboard_lead_from_a_quote_to_its_claim_and_back(open_page, example_site) -> None:
    page = open_page(DESK)
    page.goto(example_site.url(ARTICLE))
    claim = page.locator("article.article-text mark.claim[id]").nth(4).get_attribute("data-claim")
    page.locator(f"mark#claim-{claim}").click()
    assert page.evaluate("document.activeElement.id") == f"panel-{claim}"
    assert page.locator(f"#panel-{claim}").evaluate("card => card.classList.contains('active')")
    page.locator(f"#panel-{claim} a.claim-num").click()  # back: the focus on the quote's number
    assert page.evaluate("document.activeElement.dataset.claim") == claim
    assert page.evaluate("document.activeElement.closest('.claim-tag') !== null")

    number = page.locator(f".claim-tag a.claim-num[data-claim='{claim}']")
    number.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"panel-{claim}"
    page.keyboard.press("Tab")  # into the card: its number, that leads back
    assert page.evaluate("document.activeElement.getAttribute('href')") == f"#claim-{claim}"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.claim") == claim


def test_on_a_phone_a_tap_opens_the_claim_in_place(open_page, example_site) -> None:
    page = open_page(PHONE, touch=True)
    page.goto(example_site.url(ARTICLE))
    marks = page.locator("article.article-text mark.claim[id]")
    first, second = marks.nth(2), marks.nth(6)
    claim = first.get_attribute("data-claim")
    first.tap()
    opened = page.locator(".claim-pop")
    assert opened.count() == 1 and opened.is_visible()
    facts = page.evaluate(f"""() => {{
        const pop = document.querySelector('.claim-pop'), card = document.getElementById('panel-{claim}');
        const block = document.querySelector('mark#claim-{claim}').closest('p, li, blockquote');
        return {{after: block.nextElementSibling === pop, focused: document.activeElement === pop,
                 text: pop.textContent, speaker: card.querySelector('.speaker').textContent,
                 summary: card.querySelector('.summary') ? card.querySelector('.summary').textContent : '',
                 inView: pop.getBoundingClientRect().top < innerHeight && pop.getBoundingClientRect().bottom > 0}};
    }}""")
    assert facts["after"] and facts["focused"] and facts["inView"], facts  # in place, under its paragraph
    assert facts["speaker"] in facts["text"] and facts["summary"] in facts["text"], facts
    page.keyboard.press("Escape")
    assert page.locator(".claim-pop").count() == 0
    assert page.evaluate("document.activeElement.dataset.claim") == claim  # the focus back at the quote
    second.tap()
    page.locator(".claim-pop .claim-pop-close").tap()
    assert page.locator(".claim-pop").count() == 0


def test_without_script_plain_links_lead_to_the_claim_and_back(open_page, example_site) -> None:
    for viewport in (PHONE, DESK):
        page = open_page(viewport, script=False)
        page.goto(example_site.url(ARTICLE))
        number = page.locator(".claim-tag a.claim-num").nth(3)
        claim = number.get_attribute("data-claim")
        number.click()
        assert page.evaluate("location.hash") == f"#panel-{claim}"
        assert page.locator(f"#panel-{claim}").is_visible()
        page.locator(f"#panel-{claim} a.claim-num").click()
        assert page.evaluate("location.hash") == f"#claim-{claim}"
        assert page.evaluate("document.querySelector(':target').tagName") == "MARK"


def test_each_quote_is_led_by_its_speaker_and_a_legend_says_what_the_marks_mean(open_page, example_site) -> None:
    page = open_page(PHONE)
    page.goto(example_site.url(ARTICLE))
    legend = page.locator(".article-header .legend")
    assert legend.is_visible() and "quoted" in legend.inner_text() and "paraphrased" in legend.inner_text()
    cues = page.evaluate("""() => [...document.querySelectorAll('article.article-text mark.claim[id]')].map(mark => {
        const card = document.getElementById('panel-' + mark.dataset.claim);
        const cue = mark.previousElementSibling, start = mark.getClientRects()[0];  // the quote's first line
        return {cue: cue && cue.classList.contains('who') && cue.checkVisibility() ? cue.textContent : null,
                speaker: card.querySelector('.speaker').textContent,
                leads: cue ? cue.getBoundingClientRect().right <= start.left + 1
                             || cue.getBoundingClientRect().bottom <= start.top + 1 : false};
    })""")
    assert len(cues) >= 20
    for cue in cues:
        assert cue["cue"] and cue["cue"] in cue["speaker"] and cue["leads"], cue


def test_tags_in_the_text_are_at_most_a_tenth_of_it(open_page, example_site) -> None:
    page = open_page(DESK)
    for slug in ("urdupoint-2022-01-15-missiles-talks", "sputnik-2022-01-missiles-talks"):
        page.goto(example_site.url(f"articles/{slug}/"))
        share = page.evaluate("""() => {
            const text = document.querySelector('article.article-text');
            const tags = [...text.querySelectorAll('.claim-tag, .who')].map(t => t.textContent).join('');
            return tags.length / text.textContent.length;
        }""")
        assert share <= 0.10, (slug, share)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_text_starts_on_the_first_screen(open_page, example_site, scheme: str) -> None:
    page = open_page(PHONE, scheme)
    for slug in ("urdupoint-2022-01-15-missiles-talks", "sputnik-2022-01-missiles-talks"):
        page.goto(example_site.url(f"articles/{slug}/"))
        first = page.evaluate("""() => {
            const block = document.querySelector('article.article-text > p');
            const range = document.createRange();
            range.selectNodeContents(block);
            return range.getClientRects()[0].bottom;
        }""")
        assert first <= PHONE["height"], (slug, first)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
