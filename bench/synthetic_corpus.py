"""A deterministic synthetic news corpus for benchmarks: plain-text articles and full HTML pages.

Articles recombine sentence templates about agreements, visits and sanctions with countries,
capitals and officials drawn from the extractor's own dictionaries (dbt_project/seeds), so the
extractor finds facts in them, plus neutral filler. HTML pages carry the furniture real news
sites have (navigation, share widgets, cookie banner, "Source link", related headlines, scripts,
footer) so trafilatura has real work to do. Article i depends only on (seed, i): a 1k corpus is
the first thousand articles of the 10k one, and article N is a new article for an N-article
warehouse.

    python bench/synthetic_corpus.py OUT_DIR --count 1000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds"
FILES_PER_FOLDER = 1000
# Crawled news is mostly HTML; the rest arrives as plain text (wire copy, feeds).
DEFAULT_HTML_SHARE = 0.7
FIRST_DAY, LAST_DAY = dt.date(2014, 1, 1), dt.date(2025, 12, 31)


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    capital: str | None
    demonym: str | None


@dataclass(frozen=True)
class Leader:
    name: str
    title: str
    country_code: str
    term_start: dt.date | None
    term_end: dt.date | None


@dataclass(frozen=True)
class Article:
    index: int
    media_type: str  # text | html
    title: str
    published: dt.date
    author: str
    publisher: str
    paragraphs: list[list[str]]


def _rows(name: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@cache
def countries() -> list[Country]:
    capitals: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for row in _rows("actor_aliases.csv"):
        if row["alias_kind"] == "capital":
            capitals.setdefault(row["country_code"], row["alias"])
        elif row["alias_kind"] == "demonym" and not row["alias"].endswith("s"):
            demonyms.setdefault(row["country_code"], row["alias"])
    return [Country(row["country_code"], row["short_name"] or row["name"], capitals.get(row["country_code"]),
                    demonyms.get(row["country_code"]))
            for row in _rows("countries.csv") if row["kind"] == "state"]


@cache
def leaders() -> dict[str, list[Leader]]:
    by_country: dict[str, list[Leader]] = {}
    for row in _rows("officials.csv"):
        if row["role"] in ("head_of_state", "head_of_government", "foreign_minister", "defence_minister"):
            by_country.setdefault(row["country_code"], []).append(
                Leader(row["full_name"], row["title"], row["country_code"], _date(row["term_start"]),
                       _date(row["term_end"])))
    return by_country


TOPICS = ["trade", "energy", "defence", "nuclear energy", "railway", "maritime security", "space",
          "cybersecurity", "agriculture", "education", "health", "investment", "fisheries", "climate"]
PRODUCTS = ["S-400 air defence systems", "Rafale fighter jets", "AK-203 rifles", "BrahMos missiles",
            "F-16 fighter jets", "LNG carriers", "Su-35 aircraft"]
REASONS = ["its nuclear programme", "human rights abuses", "election interference", "the annexation of territory",
           "cyber attacks", "arms purchases", "the crackdown on protesters", "money laundering"]
LAWS = ["CAATSA", "the Magnitsky Act", "a UN Security Council resolution", "the International Emergency "
        "Economic Powers Act", "an EU Council decision"]
AGREEMENT_TEMPLATES = [
    "{a} and {b} signed a {topic} agreement {on_date}.",
    "{la}, the {ta} of {a}, and {lb} signed a memorandum of understanding on {topic} cooperation in {city}.",
    "{a} signed a deal worth {amount} with {b} for {product}.",
    "{on_date_cap}, {a} and {b} agreed to expand {topic} cooperation over the next five years.",
    "{a} and {b} are negotiating a {topic} pact that officials said could be concluded by {month}.",
    "{a} has proposed a {topic} treaty with {b}, according to a statement released {on_date}.",
    "The two sides sealed a {amount} contract under which {a} will supply {product} to {b}.",
]
VISIT_TEMPLATES = [
    "{ta} {la} of {a} arrived in {capital_b} {on_date} for a two-day visit to {b}.",
    "{la} visited {b} {on_date}, the first such trip by a {dem_a} leader in a decade.",
    "{tb} {lb} hosted {la} in {capital_b} {on_date}.",
    "{ta} {la} will travel to {b} in {month} for talks with {lb}.",
]
SANCTION_TEMPLATES = [
    "{a} imposed sanctions on {b} over {reason} {on_date}.",
    "{a} threatened {b} with sanctions under {law} if it went ahead with the purchase.",
    "{on_date_cap}, {a} lifted sanctions on {b} after months of negotiations.",
    "{b} sought a waiver from {a} sanctions under {law}.",
    "{a} expanded sanctions against {b} over {reason}, officials said {on_date}.",
]
FILLER_TEMPLATES = [
    "Analysts said the move reflected a broader shift in {dem_a} foreign policy.",
    "The {dem_a} economy grew by {pct} per cent last year, according to official figures.",
    "Opposition lawmakers in {a} criticised the government's handling of the issue.",
    "\u201cWe are committed to a relationship built on mutual respect,\u201d a spokesman said.",
    "Bilateral trade between the two countries stood at {amount} in {year}.",
    "The talks covered regional security, climate change and the situation in the Middle East.",
    "Officials did not disclose further details of the discussions.",
    "Markets in {capital_a} closed slightly higher after the announcement.",
    "Heavy rain in {capital_b} forced organisers to move part of the programme indoors.",
    "The ministry said a joint working group would meet again later this year.",
]
PUBLISHERS = ["The Daily Ledger", "Global Affairs Review", "World Wire", "The Capital Times", "Diplomat Today",
              "Frontier Post", "The Northern Herald"]
AUTHORS = ["Maria Lopez", "James Okafor", "Priya Raman", "Chen Wei", "Anna Kowalska", "David Mensah",
           "Sofia Rossi", "Ahmed Hassan"]
RELATED = ["Markets Rally as Central Bank Holds Rates Steady", "Ten Things to Know Before You Travel This Summer",
           "Opinion: Why the Climate Summit Matters", "Inside the Race for Critical Minerals",
           "Football: Late Goal Seals Cup Victory", "Review: A Bold New Production of Hamlet",
           "How Inflation Is Changing Weekly Shopping", "Storm Warning Issued for Coastal Areas"]
SECTIONS = ["World", "Politics", "Business", "Opinion", "Sport", "Culture", "Science", "Travel", "Video"]


def _on_date(day: dt.date, rng: random.Random) -> str:
    """A date phrase at day or month precision ("on July 5, 2020", "on 5 July 2020", "in July 2020")."""
    return rng.choice([f"on {day:%B} {day.day}, {day.year}", f"on {day.day} {day:%B} {day.year}",
                       f"in {day:%B} {day.year}"])


def _amount(rng: random.Random) -> str:
    value = rng.choice([1.2, 2.5, 5, 12, 40, 300, 750])
    unit = "billion" if value < 100 else "million"
    return rng.choice([f"${value:g} {unit}", f"US$ {value:g} {unit}", f"\u20ac{value:g} {unit}",
                       f"{value:g} {unit} dollars"])


def _leader(country: Country, on: dt.date, rng: random.Random) -> Leader:
    candidates = leaders().get(country.code, [])
    in_office = [p for p in candidates if (p.term_start is None or p.term_start <= on)
                 and (p.term_end is None or on <= p.term_end)]
    if in_office or candidates:
        return rng.choice(in_office or candidates)
    return Leader(f"the {country.demonym or country.name} foreign minister", "Foreign Minister", country.code,
                  None, None)


def _sentence(template: str, rng: random.Random, a: Country, b: Country, day: dt.date) -> str:
    la, lb = _leader(a, day, rng), _leader(b, day, rng)
    on_date = _on_date(day, rng)
    return template.format(
        a=a.name, b=b.name, la=la.name, lb=lb.name, ta=la.title, tb=lb.title,
        capital_a=a.capital or a.name, capital_b=b.capital or b.name, city=b.capital or b.name,
        dem_a=a.demonym or a.name, on_date=on_date, on_date_cap=on_date[0].upper() + on_date[1:],
        month=f"{day:%B}", year=day.year,
        topic=rng.choice(TOPICS), product=rng.choice(PRODUCTS), reason=rng.choice(REASONS), law=rng.choice(LAWS),
        amount=_amount(rng), pct=rng.choice(["1.8", "2.4", "3.1", "4.6", "6.2"]))


def article(index: int, seed: int = 7, html_share: float = DEFAULT_HTML_SHARE) -> Article:
    """Article number ``index``; the same (seed, index) always gives the same article."""
    rng = random.Random(seed * 1_000_003 + index)
    a, b = rng.sample(countries(), 2)
    published = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    event_day = published - dt.timedelta(days=rng.randrange(0, 5))
    kinds = rng.choices([AGREEMENT_TEMPLATES, VISIT_TEMPLATES, SANCTION_TEMPLATES], k=rng.randint(1, 3))
    paragraphs: list[list[str]] = []
    for _ in range(rng.randint(5, 14)):
        paragraph = []
        for _ in range(rng.randint(1, 4)):
            templates = rng.choice(kinds) if rng.random() < 0.35 else FILLER_TEMPLATES
            paragraph.append(_sentence(rng.choice(templates), rng, a, b, event_day))
        paragraphs.append(paragraph)
    leader = _leader(a, event_day, rng)
    title = rng.choice([f"{a.name} and {b.name} Deepen Ties as {leader.name} Visits Region",
                        f"{a.name} Weighs Next Steps on {b.name}", f"What {leader.name}'s Trip Means for {b.name}",
                        f"{a.name}, {b.name} Agree to Expand {rng.choice(TOPICS).title()} Cooperation"])
    media_type = "html" if rng.random() < html_share else "text"
    return Article(index, media_type, title, published, rng.choice(AUTHORS), rng.choice(PUBLISHERS), paragraphs)


def render_text(item: Article, rng: random.Random) -> str:
    lines = [item.title, "", f"By {item.author} | {item.publisher} | Published: {item.published:%B} "
             f"{item.published.day}, {item.published.year}", ""]
    for number, paragraph in enumerate(item.paragraphs):
        lines += [" ".join(paragraph), ""]
        if number == 2:
            lines += [f"Read more: {rng.choice(RELATED)}", ""]
    lines += ["Share this article", "Source link", ""]
    return "\n".join(lines)


def _nav(rng: random.Random) -> str:
    links = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in SECTIONS)
    extra = "".join(f'<li><a href="/topics/{t.replace(" ", "-")}">{t.title()}</a></li>'
                    for t in rng.sample(TOPICS, 6))
    # Mega-menus: every section lists its sub-sections, as on most news sites.
    menus = "".join(f'<li class="menu"><a href="/{s.lower()}">{s}</a><ul>'
                    + "".join(f'<li><a href="/{s.lower()}/{t.replace(" ", "-")}">{t.title()}</a></li>' for t in TOPICS)
                    + "</ul></li>" for s in SECTIONS)
    return f'<nav class="main-nav"><ul>{links}</ul><ul class="topics">{extra}</ul><ul class="mega">{menus}</ul></nav>'


def _share() -> str:
    buttons = "".join(f'<a class="share-{n.lower()}" href="https://share.example/{n.lower()}">{n}</a>'
                      for n in ("Facebook", "Twitter", "WhatsApp", "LinkedIn", "Email"))
    return f'<div class="share-bar"><span>Share this article</span>{buttons}<span>Copy link</span></div>'


def _related(rng: random.Random) -> str:
    items = "".join(f'<li><a href="/news/{i}"><h3>{h}</h3><span class="time">2 hours ago</span></a></li>'
                    for i, h in enumerate(rng.sample(RELATED, 5)))
    return f'<aside class="related"><h2>Related stories</h2><ul>{items}</ul></aside>'


def _script(rng: random.Random) -> str:
    # Real pages ship kilobytes of analytics and ad-loading code that the cleaner must skip.
    body = ";".join(f"window.__ad_slot_{i}={{id:'{rng.getrandbits(32):08x}',size:[300,250],lazy:true}}"
                    for i in range(120))
    return f"<script>{body}</script><style>.share-bar a{{margin:0 4px}}.related li{{display:block}}</style>"


def render_html(item: Article, rng: random.Random) -> str:
    esc = html.escape
    slug = f"{item.index:07d}-{item.title.lower().replace(' ', '-')[:40]}"
    body = "".join(f"<p>{esc(' '.join(p))}</p>" for p in item.paragraphs[:3])
    body += f'<div class="inline-related"><a href="/news/r">Read more: {esc(rng.choice(RELATED))}</a></div>'
    body += "".join(f"<p>{esc(' '.join(p))}</p>" for p in item.paragraphs[3:])
    iso = item.published.isoformat()
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(item.title)} | {esc(item.publisher)}</title>
<meta property="og:title" content="{esc(item.title)}"><meta property="og:site_name" content="{esc(item.publisher)}">
<meta name="author" content="{esc(item.author)}"><meta property="article:published_time" content="{iso}T08:00:00Z">
<link rel="canonical" href="https://news.example/world/{slug}">{_script(rng)}</head>
<body><div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<header><a class="logo" href="/">{esc(item.publisher)}</a>{_nav(rng)}
<form class="search"><input name="q" placeholder="Search"></form></header>
<main><article><h1>{esc(item.title)}</h1>
<div class="byline">By <a rel="author" href="/authors/x">{esc(item.author)}</a>
<time datetime="{iso}">{item.published:%B} {item.published.day}, {item.published.year}</time></div>
{_share()}<figure><img src="/img/{item.index}.jpg" alt="">
<figcaption>Officials meet for talks. Photo: Reuters</figcaption></figure>
<div class="article-body">{body}</div>
<p class="source"><a href="https://wire.example/story/{item.index}">Source link</a></p>{_share()}</article>
{_related(rng)}
<div class="newsletter"><h2>Sign up for our morning briefing</h2><input type="email"><button>Subscribe</button></div>
</main><footer><ul>{"".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in SECTIONS)}</ul>
<p>\u00a9 {item.published.year} {esc(item.publisher)}. All rights reserved. Terms of use | Privacy policy</p></footer>
{_script(rng)}</body></html>
"""


def path_for(root: Path, item: Article) -> Path:
    suffix = ".html" if item.media_type == "html" else ".txt"
    return root / f"{item.index // FILES_PER_FOLDER:04d}" / f"{item.index:07d}{suffix}"


def write_article(root: Path, index: int, seed: int = 7, html_share: float = DEFAULT_HTML_SHARE) -> Path:
    item = article(index, seed, html_share)
    rng = random.Random(seed * 7_919 + index)
    path = path_for(root, item)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(item, rng) if item.media_type == "html" else render_text(item, rng), encoding="utf-8")
    return path


def write_corpus(root: Path, count: int, seed: int = 7, html_share: float = DEFAULT_HTML_SHARE) -> Iterator[Path]:
    """Write articles 0..count-1 under root (one folder per thousand), yielding each path."""
    for index in range(count):
        yield write_article(root, index, seed, html_share)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--html-share", type=float, default=DEFAULT_HTML_SHARE)
    args = parser.parse_args()
    written = sum(1 for _ in write_corpus(args.out, args.count, args.seed, args.html_share))
    print(f"wrote {written} articles under {args.out}")


if __name__ == "__main__":
    main()
