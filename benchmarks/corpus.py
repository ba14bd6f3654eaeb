"""A synthetic briefing project for briefgen's speed benchmark: N annotated articles, deterministic.

Usage: python benchmarks/corpus.py OUTDIR --articles N [--seed S] [--force]

OUTDIR becomes a briefgen project:

  briefgen.yaml
  content/experts.yaml         200 experts: people, officials and organisations, some with aliases
  content/topics.yaml          50 topics in a two-level tree (8 areas, 42 subjects)
  content/articles/<year>/<outlet>-<n>-<words>.md    ~800 words in 8-10 paragraphs of Markdown
  content/articles/<year>/<outlet>-<n>-<words>.yaml  title, outlet, published, topics, 8 claims
  corpus.json                  what was generated (articles, seed, version), written last

The text reads like wire copy made of random words: *emphasis*, [links](https://example.org/...),
curly and straight quotation marks, curly apostrophes, the odd en dash. Each of the 8 claims of an
article is words of its text — mostly a direct quote with its attribution ("“…,” said Name."),
otherwise reported speech ("Name said that …") — and stands exactly once in it. A claim's quote in
the sidecar sometimes differs from the text in the ways briefgen forgives (straight for curly
apostrophes, a hyphen for an en dash, emphasis left out, words elided with "…").

About 4% of the claims repeat a quote from a recent earlier article, as when several outlets carry
one story: word for word by the same speaker, credited to someone else, as a shorter excerpt,
with one word changed, or as reported speech — so that matching claims across sources and finding
where they disagree has real work to do.

One random.Random(seed) drives everything, in order: the registries first, then article 1, 2, ...
So the same N and seed give byte-identical files, and the first 1,000 articles of a 10,000-article
corpus are the 1,000-article corpus. The first paragraph of every article (the lede) carries no
claim, so a benchmark may rewrite its first sentence (rewrite_first_sentence) without breaking
any annotation. Standard library only."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

VERSION = 1  # bump when the output changes, so cached corpora are made again
CLAIMS_PER_ARTICLE = 8
WORDS_PER_ARTICLE = 800
ECHO_RATE = 0.04  # share of claims that repeat a quote from an earlier article
ECHO_WINDOW = 1600  # ... taken from the claims of the last ~200 articles

# ------------------------------------------------------------------------------- word lists

ADJECTIVES = """
provisional sweeping cautious binding regional coastal upland federal municipal rural
northern southern eastern western bilateral interim lasting costly hurried overdue disputed
tentative fragile robust modest generous narrow broad rival joint public private
long-term short-term technical legal fiscal monetary military civilian maritime agricultural
industrial digital domestic foreign annual seasonal volatile steady quiet informal formal
stalled revised leaked delayed draft landmark unexpected familiar contested sharper softer
ageing aggressive ailing ambitious anxious archaic austere awkward bold brittle bruising bulky
chronic clumsy coherent covert crowded cumbersome decisive dense dormant dwindling eager
elaborate elusive emerging erratic fierce flawed fledgling flimsy frail frantic gradual
grim hasty heavy hidden hollow idle immense implicit inflated intact intricate lax lean
lopsided loose lucrative meagre mixed muted nascent nimble obscure opaque orderly patchy
persistent piecemeal pivotal porous precarious prolonged prudent radical rapid reluctant
renewed resilient rigid risky rocky rushed scarce secretive sluggish sober sparse stark
sticky stubborn sudden swift tangled tense thin tight timid turbulent uneven unlikely
unpopular untested urgent vague vast vital weary wobbly
""".split()

NOUNS = """
ministry council cabinet parliament tribunal commission regulator agency delegation envoy
treaty accord pact framework roadmap blueprint proposal ceasefire moratorium truce
budget levy tariff subsidy pension payroll deficit surplus bond reserve
harvest drought flood wildfire heatwave reservoir pipeline refinery grid turbine
vaccine clinic hospital outbreak trial census survey audit inquiry verdict
election ballot coalition caucus referendum mandate campaign rally petition boycott
border corridor port harbour railway highway airport bridge tunnel dam
satellite launch network server platform database algorithm chip licence patent
allowance amendment appeal arbitration backlog bailout ban barge battery bid blackout
bottleneck bureau buyout cargo cartel charter checkpoint clause cohort compact compensation
concession consortium contract convoy crackdown curfew customs debt decree default
deployment deposit directive dispute dividend dockyard donor drone dumping easement
emission enclave enquiry escrow estate exemption exodus expansion facility famine ferry
fishery fleet forecast foundry freight fund garrison glacier grain grant guarantee
handover hearing hostel housing hydrant incentive index injunction inspector instalment
insurer kiln lagoon landfill lease ledger lender levee lockdown loophole lottery
manifesto merger militia mine mint monopoly mortgage motion municipality observatory
offshoot oilfield ombudsman orchard outpost overdraft overpass panel parcel pardon
pasture payout penalty permit pilot plantation plateau plebiscite plot portfolio premium
procurement quarry quarantine raid ration rebate recall refund registry relay rent
reprieve rescue retrofit ridge rollout ruling runway salvage sawmill scheme seawall
settlement shipyard shortfall shrine siege silo smelter spillway squadron stadium
stockpile strike substation summons surcharge surveillance tanker tender terminal
testimony textile toll tollway township tramway tranche transit turnout
upgrade uprising utility vessel veto viaduct voucher wage warehouse waiver watchdog
wetland wharf windfall workshop yield zoning
summit dialogue round deadline timetable quota ceiling threshold benchmark
sanction embargo blockade inspection missile arsenal warhead radar patrol drill
""".split()

PLACES = """
Oslo Lisbon Nairobi Quito Hanoi Tallinn Accra Lima Dakar Tbilisi Zagreb Riga Manila Bogota
Ankara Amman Windhoek Montevideo Reykjavik Canberra Ottawa Vienna Warsaw Santiago Jakarta
""".split()

VERBS = [v.split("/") for v in """
delay/delayed approve/approved reject/rejected extend/extended trim/trimmed raise/raised
revise/revised block/blocked endorse/endorsed question/questioned weaken/weakened
strengthen/strengthened fund/funded cut/cut expand/expanded suspend/suspended resume/resumed
review/reviewed sign/signed draft/drafted publish/published challenge/challenged
defend/defended scrap/scrapped tighten/tightened ease/eased freeze/froze renew/renewed
reshape/reshaped stall/stalled track/tracked audit/audited overhaul/overhauled
postpone/postponed accelerate/accelerated reverse/reversed secure/secured
abandon/abandoned absorb/absorbed adjust/adjusted amend/amended annul/annulled
authorise/authorised bolster/bolstered broker/brokered cap/capped curb/curbed
dismantle/dismantled divert/diverted double/doubled downgrade/downgraded
enforce/enforced exempt/exempted finalise/finalised halt/halted inflate/inflated
launch/launched lift/lifted limit/limited merge/merged modernise/modernised
nationalise/nationalised outsource/outsourced overrule/overruled phase/phased
privatise/privatised probe/probed ratify/ratified rebuild/rebuilt reinstate/reinstated
relax/relaxed relocate/relocated repeal/repealed reroute/rerouted restore/restored
restructure/restructured revoke/revoked scale/scaled shelve/shelved shield/shielded
simplify/simplified slash/slashed streamline/streamlined subsidise/subsidised
tax/taxed terminate/terminated topple/toppled underwrite/underwrote unveil/unveiled
veto/vetoed waive/waived withdraw/withdrew
""".split()]

ADVERBS = """
quietly openly sharply gradually abruptly formally publicly privately repeatedly narrowly
""".split()

PREPOSITIONS = ["after", "before", "during", "despite", "within", "amid", "under", "against",
                "ahead of", "alongside", "without", "beyond"]

MODALS = ["will", "must", "should", "cannot", "could", "would", "may", "has to"]
REPORTED_MODALS = ["would", "could", "might", "had to", "should", "was likely to", "was unlikely to"]
LINKERS = [", and", ", but", " while", " because", " although", ", so", " even as", " until"]
OPENERS = ["In the short term", "For now", "In practice", "On paper", "By any measure",
           "Since the spring", "Over the past decade", "At the same time", "Behind closed doors"]

FIRST_NAMES = """
Aino Bertil Carmen Dalia Emre Farida Goran Hala Ilse Jurgen Kalinda Lorenzo Maeve Nuno Oksana
Pilar Quentin Rania Sven Tamsin Ulla Vasco Wanjiru Ximena Yusuf Zofia Anouk Boris Cosima Dario
Efua Fabian Greta Haruto Idris Jelena Kaveh Liesel Matteo Nadira Oren Petra Rohan Saoirse Teodor
""".split()

LAST_NAMES = """
Aalto Brennan Carvalho Demir Eklund Fonseca Gruber Hakimi Iversen Jaramillo Kowalczyk Lindgren
Mwangi Nakashima Oyelaran Pellegrini Quist Rasmussen Szabo Takahashi Uribe Valdivia Wojcik
Yamamoto Zelenko Achterberg Bellamy Castellanos Dimitrov Espinoza Forsberg Gulati Holloway
Ilunga Kristiansen Lombardi Mahlangu Nordin Ostrowski Papadakis Rinaldi Sandoval Thorsen
""".split()

INSTITUTIONS = [
    "Baltic Policy Forum", "Centre for Coastal Economics", "Institute of Fiscal Research",
    "Andean Development Observatory", "Northern Security Institute", "School of Public Affairs",
    "Harbour Trade Council", "Energy Transition Lab", "Council for Health Systems",
    "Institute for Water and Land", "Centre for Digital Rights", "Foundation for Civic Data",
    "Migration Studies Unit", "Academy of Agrarian Sciences", "Maritime Affairs Institute",
    "Lakeside University", "Meridian Polytechnic", "Highland University", "Riverside College",
]
PERSON_ROLES = ["senior fellow", "research director", "professor of economics", "visiting scholar",
                "head of the security programme", "chief economist", "policy analyst",
                "former ambassador", "lecturer in public law", "programme director"]
OFFICIAL_ROLES = ["deputy minister", "spokesperson", "state secretary", "chief negotiator",
                  "governor", "ambassador", "budget commissioner", "mayor"]
OFFICES = ["Ministry of Finance", "Ministry of Foreign Affairs", "Ministry of Energy",
           "Ministry of Health", "Ministry of Agriculture", "Office of the President",
           "Central Bank", "Port Authority"]
ORGANISATIONS = [
    "Union of Port Workers", "Grain Exporters Association", "Council of Regional Mayors",
    "Federation of Small Businesses", "Coalition for Clean Rivers", "Association of Rural Clinics",
    "Network of Independent Auditors", "League of Coastal Towns", "Alliance for Open Data",
    "Chamber of Shipping", "Union of Teachers", "Confederation of Steel Producers",
    "Federation of Nurses", "Society of Civil Engineers", "Association of Pension Funds",
    "Council of Wind Farmers", "Guild of Freight Carriers", "Forum of Island States",
    "Association of Data Centres", "Union of Rail Workers",
]

TOPIC_TREE = {  # 8 areas and 42 subjects: 50 topics
    "Security": ["Arms control", "Missile defence", "Naval patrols", "Border security",
                 "Peacekeeping", "Military spending"],
    "Economy": ["Inflation", "Interest rates", "Public debt", "Trade tariffs", "Pensions",
                "Labour market"],
    "Energy": ["Gas supply", "Power grids", "Wind and solar", "Nuclear power", "Oil prices"],
    "Climate": ["Emissions targets", "Drought", "Flood defences", "Forests", "Carbon markets"],
    "Health": ["Vaccination", "Hospital funding", "Outbreaks", "Drug prices", "Mental health"],
    "Governance": ["Elections", "Courts", "Anti-corruption", "Local government", "Press freedom"],
    "Technology": ["Data protection", "Semiconductors", "Telecom networks", "Space launches",
                   "Artificial intelligence"],
    "Society": ["Migration", "Housing", "Schools", "Food prices", "Water supply"],
}

OUTLETS = ["Harbour Gazette", "Northern Wire", "The Meridian Review", "Capital Ledger",
           "Radio Vista", "Coastline Times", "Daily Compass", "Signal Weekly"]

FIRST_DAY = dt.date(2019, 1, 1)
DAYS = 6 * 365  # articles are dated 2019 to 2024

# ------------------------------------------------------------------------------- helpers


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def yq(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def third_person(base: str) -> str:
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        return base + "es"
    if base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u2013": "-", "\u2014": "-", "*": None})


def plain(text: str) -> str:
    """Markdown of this generator as briefgen compares it: no links or emphasis, marks folded, lower case."""
    return _LINK.sub(r"\1", text).translate(_FOLD).lower()


def rewrite_first_sentence(markdown: str, replacement: str) -> str:
    """The article with the first sentence of its lede replaced (the lede carries no claim)."""
    end = markdown.index(". ") + 1
    return replacement + markdown[end:]


# ------------------------------------------------------------------------------- registries


@dataclass
class Expert:
    id: str
    name: str
    kind: str  # person | official | organization
    affiliation: str
    role: str
    aliases: list[str] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def make_experts(rng: random.Random, count: int = 200) -> list[Expert]:
    organisations = [Expert(slugify(n), n, "organization", "", "trade body", [])
                     for n in rng.sample(ORGANISATIONS, 20)]
    names = rng.sample([f"{f} {l}" for f in FIRST_NAMES for l in LAST_NAMES], count - len(organisations))
    people = []
    for index, name in enumerate(names):
        if index % 8 == 0:
            people.append(Expert(slugify(name), name, "official", f"{rng.choice(OFFICES)} of {rng.choice(PLACES)}",
                                 rng.choice(OFFICIAL_ROLES)))
        else:
            people.append(Expert(slugify(name), name, "person", rng.choice(INSTITUTIONS), rng.choice(PERSON_ROLES)))
    surnames: dict[str, int] = {}
    for person in people:
        surnames[person.surname] = surnames.get(person.surname, 0) + 1
    for person in people:
        if surnames[person.surname] == 1 and rng.random() < 0.5:
            person.aliases.append(person.surname)
        if rng.random() < 0.2:
            person.aliases.append(f"{person.name[0]}. {person.surname}")
    experts = people + organisations
    rng.shuffle(experts)
    return experts


def experts_yaml(experts: list[Expert]) -> str:
    lines = ["# 200 synthetic experts for the speed benchmark (benchmarks/corpus.py).", ""]
    for e in experts:
        lines += [f"{e.id}:", f"  name: {yq(e.name)}"]
        if e.affiliation:
            lines.append(f"  affiliation: {yq(e.affiliation)}")
        lines += [f"  role: {yq(e.role)}", f"  kind: {e.kind}"]
        if e.aliases:
            lines.append(f"  aliases: [{', '.join(yq(a) for a in e.aliases)}]")
        lines.append("")
    return "\n".join(lines)


@dataclass
class Topic:
    id: str
    title: str
    parent: str | None


def make_topics() -> list[Topic]:
    topics = []
    for area, subjects in TOPIC_TREE.items():
        topics.append(Topic(slugify(area), area, None))
        topics += [Topic(slugify(s), s, slugify(area)) for s in subjects]
    return topics


def topics_yaml(topics: list[Topic]) -> str:
    titles = {t.id: t.title for t in topics}
    lines = ["# 50 synthetic topics in two levels, for the speed benchmark (benchmarks/corpus.py).", ""]
    for t in topics:
        about = (f"What was said about {t.title.lower()}, within {titles[t.parent].lower()}."
                 if t.parent else f"Everything filed under {t.title.lower()}.")
        lines += [f"{t.id}:", f"  title: {yq(t.title)}", f"  description: {yq(about)}"]
        if t.parent:
            lines.append(f"  parent: {t.parent}")
        lines.append("")
    return "\n".join(lines)


# ------------------------------------------------------------------------------- sentences


class Writer:
    """Random words arranged as news sentences; every call draws from the one shared RNG."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def noun_phrase(self, determiner: bool = True) -> str:
        r = self.rng
        words = [r.choice(ADJECTIVES)] if r.random() < 0.6 else []
        words.append(r.choice(NOUNS))
        if r.random() < 0.3:
            words += ["of", "the", r.choice(NOUNS)]
        if not determiner:
            return " ".join(words)
        det = r.choice(("the", "the", "the", "a", "this", "its", "their", "every"))
        if det == "a" and words[0][0] in "aeiou":
            det = "an"
        return f"{det} {' '.join(words)}"

    def place_phrase(self) -> str:
        r = self.rng
        return f"{r.choice(PREPOSITIONS)} {self.noun_phrase()}"

    def narrative(self, outlet: str, year: int) -> str:
        """One sentence of reporting, past tense, now and then with a link, emphasis or an en dash."""
        r = self.rng
        form = r.randrange(6)
        subject = self.noun_phrase()
        if r.random() < 0.25:
            place = r.choice(PLACES)
            subject = f"{place} officials" if r.random() < 0.5 else f"the {r.choice(NOUNS)} in {place}"
        obj = self.noun_phrase()
        if r.random() < 0.06:
            obj = f"[{obj}](https://example.org/{slugify(outlet)}/{year}/{r.randrange(100000)})"
        elif r.random() < 0.06:
            head, _, last = obj.rpartition(" ")
            obj = f"{head} *{last}*"
        verb = r.choice(VERBS)[1]
        if form == 0:
            text = f"{subject} {verb} {obj} {self.place_phrase()}"
        elif form == 1:
            text = f"{r.choice(OPENERS)}, {subject} {verb} {obj}"
        elif form == 2:
            text = (f"{subject} {verb} {obj}{r.choice(LINKERS)} "
                    f"{self.noun_phrase()} {r.choice(VERBS)[1]} {self.noun_phrase()}")
        elif form == 3:
            text = (f"{subject} {r.choice(ADVERBS)} {verb} {obj} "
                    f"by {r.randint(2, 40)} percent in {year - r.randrange(3)}")
        elif form == 4:
            start = year - r.randint(1, 6)
            text = f"{subject} {verb} {obj} for the {start}\u2013{start + r.randint(1, 3)} period"
        else:
            text = f"{subject} {verb} {obj} \u2013 {r.choice(ADVERBS)}, {self.place_phrase()}"
        return capital(text) + "."

    def spoken(self) -> str:
        """One sentence as someone would say it, without its end punctuation."""
        r = self.rng
        form = r.randrange(7)
        base = r.choice(VERBS)[0]
        if form == 0:
            text = f"we {r.choice(MODALS)} {base} {self.noun_phrase()} {self.place_phrase()}"
        elif form == 1:
            text = (f"{self.noun_phrase()} {r.choice(MODALS)} {base} {self.noun_phrase()}{r.choice(LINKERS)} "
                    f"{self.noun_phrase()} {r.choice(MODALS)} {r.choice(VERBS)[0]} {self.noun_phrase()}")
        elif form == 2:
            text = f"I think {self.noun_phrase()} {r.choice(VERBS)[1]} {self.noun_phrase()} {self.place_phrase()}"
        elif form == 3:
            text = (f"there is no {self.noun_phrase(False)} without {self.noun_phrase()}, "
                    f"and {self.noun_phrase()} {third_person(base)} that")
        elif form == 4:
            text = f"{self.noun_phrase()} is {r.choice(ADJECTIVES)} and {r.choice(ADVERBS)} {r.choice(VERBS)[1]}"
        elif form == 5:
            text = f"it\u2019s {r.choice(ADJECTIVES)} to {base} {self.noun_phrase()} {self.place_phrase()}"
        else:
            text = f"the {r.choice(NOUNS)}\u2019s {self.noun_phrase(False)} {third_person(base)} {self.noun_phrase()}"
        return capital(text)

    def reported(self) -> str:
        """A clause of reported speech, lower case, without end punctuation."""
        r = self.rng
        if r.random() < 0.5:
            return (f"{self.noun_phrase()} {r.choice(REPORTED_MODALS)} {r.choice(VERBS)[0]} "
                    f"{self.noun_phrase()} {self.place_phrase()}")
        return f"{self.noun_phrase()} had {r.choice(VERBS)[1]} {self.noun_phrase()} {self.place_phrase()}"


# ------------------------------------------------------------------------------- articles


@dataclass
class Claim:
    speaker: Expert
    kind: str  # direct | paraphrase
    quote: str  # the words as the sidecar gives them
    topics: list[str]


@dataclass
class Echo:
    """A quote an earlier article carried, that a later one may repeat."""

    speaker: Expert
    words: str  # as in the article, without emphasis


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.experts = make_experts(self.rng)
        self.topics = make_topics()
        self.write = Writer(self.rng)
        # Some experts are quoted far more than others, as in real coverage.
        weights = [1 / (rank + 4) for rank in range(len(self.experts))]
        self.expert_weights = [sum(weights[: i + 1]) for i in range(len(weights))]
        topic_weights = [1 / (rank + 2) for rank in range(len(self.topics))]
        self.topic_weights = [sum(topic_weights[: i + 1]) for i in range(len(topic_weights))]
        self.children = {t.id: [c.id for c in self.topics if c.parent == t.id] for t in self.topics}
        self.echoes: list[Echo] = []

    def speaker(self) -> Expert:
        return self.rng.choices(self.experts, cum_weights=self.expert_weights)[0]

    # -- one claim: the sentence that carries it, and its annotation

    def names(self, expert: Expert, mentioned: set[str]) -> tuple[str, str]:
        """How the article names the expert (the first time in full): (mid-sentence, end of sentence)."""
        first = expert.id not in mentioned
        mentioned.add(expert.id)
        if expert.kind == "organization":
            return f"the {expert.name}", f"the {expert.name}"
        if not first:
            return expert.surname, expert.surname
        where = "at" if expert.kind == "person" else "of"
        article = "an" if expert.role[0] in "aeiou" else "a"
        full = f"{expert.name}, {article} {expert.role} {where} the {expert.affiliation}"
        return full + ",", full

    def direct(self, expert: Expert, passage: str, mentioned: set[str], outlet: str) -> str:
        """The passage as a direct quote with its attribution: one sentence of the article."""
        r = self.rng
        opening, closing = ("\u201c", "\u201d") if r.random() < 0.8 else ('"', '"')
        mid, end = self.names(expert, mentioned)
        form = r.randrange(3)
        if form == 0:
            return f"{opening}{passage},{closing} said {end}."
        if form == 1:
            verb = "said in a statement" if expert.kind == "organization" else r.choice(["said", "told " + outlet])
            return f"{opening}{passage},{closing} {mid} {verb}."
        return f"{capital(mid)} said: {opening}{passage}.{closing}"

    def paraphrase(self, expert: Expert, clause: str, mentioned: set[str], outlet: str) -> str:
        """The clause as reported speech: one sentence of the article."""
        r = self.rng
        mid, end = self.names(expert, mentioned)
        form = r.randrange(4)
        if form == 0:
            return f"{capital(mid)} said that {clause}."
        if form == 1:
            return f"According to {end}, {clause}."
        if form == 2:
            return f"{capital(mid)} told {outlet} that {clause}."
        return f"{capital(mid)} {r.choice(['argued', 'warned', 'noted', 'suggested'])} that {clause}."

    def annotation_form(self, words: str) -> str:
        """How an analyst might copy the words into the sidecar: briefgen must forgive the differences."""
        r = self.rng
        quote = words.replace("*", "")
        if r.random() < 0.3:
            quote = quote.replace("\u2019", "'").replace("\u2013", "-")
        n = quote.split(" ")
        if len(n) >= 14 and r.random() < 0.05:
            quote = f"{' '.join(n[:5])} \u2026 {' '.join(n[-5:])}"
        return quote

    def new_claim(self, topics: list[str], mentioned: set[str], outlet: str) -> tuple[Claim, str]:
        r = self.rng
        if self.echoes and r.random() < ECHO_RATE:
            return self.echo_claim(topics, mentioned, outlet)
        expert = self.speaker()
        if r.random() < 0.75:
            sentences = [self.write.spoken() for _ in range(r.choice((1, 1, 2)))]
            if r.random() < 0.15:
                words = sentences[-1].split(" ")
                k = r.randrange(1, len(words))
                if words[k].isalpha() and len(words[k]) > 3:
                    words[k] = f"*{words[k]}*"
                sentences[-1] = " ".join(words)
            passage = ". ".join(sentences)
            said = sentences[-1] if len(sentences) > 1 and r.random() < 0.4 else passage
            claim = Claim(expert, "direct", self.annotation_form(said), self.claim_topics(topics))
            self.echoes.append(Echo(expert, said.replace("*", "")))
            return claim, self.direct(expert, passage, mentioned, outlet)
        clause = self.write.reported()
        claim = Claim(expert, "paraphrase", self.annotation_form(clause), self.claim_topics(topics))
        return claim, self.paraphrase(expert, clause, mentioned, outlet)

    def echo_claim(self, topics: list[str], mentioned: set[str], outlet: str) -> tuple[Claim, str]:
        """A quote from a recent article again: the same, or disagreeing in one of several ways."""
        r = self.rng
        echo = r.choice(self.echoes[-ECHO_WINDOW:])
        expert, words, kind = echo.speaker, echo.words, "direct"
        variant = r.random()
        if variant < 0.25:  # someone else credited with the words
            expert = self.speaker()
        elif variant < 0.4 and len(words.split(" ")) >= 10:  # a shorter excerpt
            parts = words.split(" ")
            start = r.randrange(0, len(parts) - 7)
            words = " ".join(parts[start:start + r.randint(6, len(parts) - start)]).rstrip(",.")
        elif variant < 0.5:  # one word different
            parts = words.split(" ")
            spots = [i for i, w in enumerate(parts) if w in NOUNS]
            if spots:
                parts[r.choice(spots)] = r.choice(NOUNS)
                words = " ".join(parts)
        elif variant < 0.6 and ". " not in words:  # reported rather than quoted
            kind = "paraphrase"
            words = words[0].lower() + words[1:] if not words.startswith("I ") else words
        claim = Claim(expert, kind, words, self.claim_topics(topics))
        if kind == "paraphrase":
            return claim, self.paraphrase(expert, words, mentioned, outlet)
        return claim, self.direct(expert, words, mentioned, outlet)

    def claim_topics(self, topics: list[str]) -> list[str]:
        r = self.rng
        choice = r.choice(topics)
        picked = [r.choice(self.children[choice])] if self.children[choice] and r.random() < 0.5 else [choice]
        if r.random() < 0.3:
            other = r.choice(topics)
            if other not in picked:
                picked.append(other)
        return picked

    # -- one article

    def article(self, number: int) -> tuple[str, str, str]:
        """(slug, Markdown, sidecar YAML) of article `number` (1-based)."""
        r = self.rng
        outlet = r.choice(OUTLETS)
        published = FIRST_DAY + dt.timedelta(days=r.randrange(DAYS))
        topic_ids = []
        for _ in range(r.choice((1, 2, 2, 3))):
            topic = r.choices(self.topics, cum_weights=self.topic_weights)[0].id
            if topic not in topic_ids:
                topic_ids.append(topic)
        titles = {t.id: t.title for t in self.topics}
        headline = f"{r.choice(PLACES)} {third_person(r.choice(VERBS)[0])} {self.write.noun_phrase(False)}"
        title = f"{titles[topic_ids[0]]}: {headline}"
        slug = f"{published.year}/{slugify(outlet)}-{number:05d}-{slugify(' '.join(headline.split()[:3]))}"

        while True:  # almost always once: again only if a quote happened to stand twice
            saved_echoes = len(self.echoes)
            markdown, claims = self.body(outlet, published.year, topic_ids)
            text = plain(markdown)
            if all(text.count(piece) == 1 for c in claims for piece in
                   (plain(p.strip()) for p in c.quote.split("\u2026"))):
                break
            del self.echoes[saved_echoes:]

        lines = [f"title: {yq(title)}", f"outlet: {yq(outlet)}", f"published: {published.isoformat()}"]
        if r.random() < 0.5:
            lines.append(f"url: https://example.org/{slugify(outlet)}/{published.isoformat()}/{number}")
        lines.append(f"topics: [{', '.join(topic_ids)}]")
        lines.append("claims:")
        taken: set[str] = set()
        for claim in claims:
            entry = []
            if r.random() < 0.9:
                base = slugify(" ".join(claim.quote.split()[:4])) or "claim"
                claim_id, n = base, 2
                while claim_id in taken:
                    claim_id, n = f"{base}-{n}", n + 1
                taken.add(claim_id)
                entry.append(f"id: {claim_id}")
            speaker = claim.speaker.id
            if r.random() < 0.1:
                speaker = r.choice([claim.speaker.name, *claim.speaker.aliases])
            entry += [f"speaker: {yq(speaker)}", f"quote: {yq(claim.quote)}", f"kind: {claim.kind}",
                      f"topics: [{', '.join(claim.topics)}]"]
            gist = " ".join(claim.quote.split("\u2026")[0].split()[:7]).rstrip(",.")
            entry.append(f"summary: {yq(f'{claim.speaker.name} on {titles[claim.topics[0]].lower()}: {gist}…')}")
            lines.append("  - " + "\n    ".join(entry))
        return slug, markdown, "\n".join(lines) + "\n"

    def body(self, outlet: str, year: int, topic_ids: list[str]) -> tuple[str, list[Claim]]:
        """The article's Markdown, ~800 words in 8 to 10 paragraphs, and its 8 claims."""
        r = self.rng
        paragraphs = r.randint(8, 10)
        # The lede (paragraph 0) carries no claim; most others one, a few two or none.
        slots = [0] * paragraphs
        others = list(range(1, paragraphs))
        r.shuffle(others)
        carriers = others[:r.randint(min(6, paragraphs - 1), min(CLAIMS_PER_ARTICLE, paragraphs - 1))]
        for index in carriers:
            slots[index] = 1
        for _ in range(CLAIMS_PER_ARTICLE - len(carriers)):
            slots[r.choice(carriers)] += 1
        target = r.randint(WORDS_PER_ARTICLE - 40, WORDS_PER_ARTICLE + 40)
        mentioned: set[str] = set()
        claims: list[Claim] = []
        out: list[str] = []
        words = 0
        for index, count in enumerate(slots):
            budget = (target - words) // (paragraphs - index)
            carriers = []
            for _ in range(count):
                claim, sentence = self.new_claim(topic_ids, mentioned, outlet)
                claims.append(claim)
                carriers.append(sentence)
            sentences = list(carriers)
            length = sum(len(s.split()) for s in sentences)
            while length < budget - 10 or not sentences:
                sentence = self.write.narrative(outlet, year)
                sentences.insert(r.randrange(len(sentences) + 1) if index else len(sentences), sentence)
                length += len(sentence.split())
            paragraph = " ".join(sentences)
            words += length
            if index == paragraphs // 2 and r.random() < 0.5:
                out.append(f"## {capital(self.write.noun_phrase(False))}")
            out.append(paragraph)
        return "\n\n".join(out) + "\n", claims


# ------------------------------------------------------------------------------- the project


def generate(outdir: Path, articles: int, seed: int = 1, force: bool = False) -> dict:
    """Write the corpus into outdir; return what corpus.json says about it."""
    outdir = Path(outdir)
    content = outdir / "content"
    if content.exists():
        if not force:
            raise FileExistsError(f"{content} already exists (pass --force to replace it)")
        shutil.rmtree(content)
    started = time.monotonic()
    gen = Generator(seed)
    (content / "articles").mkdir(parents=True)
    (outdir / "briefgen.yaml").write_text(
        f"title: {yq(f'Benchmark briefing ({articles:,} articles)')}\n"
        "description: Synthetic articles for briefgen's speed benchmark.\n"
        "base_url: https://example.org/bench/\n", encoding="utf-8")
    (content / "experts.yaml").write_text(experts_yaml(gen.experts), encoding="utf-8")
    (content / "topics.yaml").write_text(topics_yaml(gen.topics), encoding="utf-8")
    folders: set[Path] = set()
    for number in range(1, articles + 1):
        slug, markdown, sidecar = gen.article(number)
        path = content / "articles" / slug
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.with_suffix(".md").write_text(markdown, encoding="utf-8")
        path.with_suffix(".yaml").write_text(sidecar, encoding="utf-8")
    info = {"articles": articles, "seed": seed, "version": VERSION,
            "seconds": round(time.monotonic() - started, 2)}
    (outdir / "corpus.json").write_text(json.dumps(info) + "\n", encoding="utf-8")
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="folder of the project to write")
    parser.add_argument("--articles", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace an existing content/ folder")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    try:
        info = generate(args.outdir, args.articles, args.seed, args.force)
    except FileExistsError as exc:
        print(f"corpus.py: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.articles:,} articles (seed {args.seed}) into {args.outdir} in {info['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
