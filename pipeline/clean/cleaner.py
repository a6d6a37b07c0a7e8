"""Cleaning stage: raw article (plain text or HTML) -> body text without boilerplate + metadata.

Pure functions, no I/O and no Dagster. ``clean_text`` handles plain-text articles (title on
the first line, then paragraphs) and recovers header metadata (date lines, bylines) from the
text itself; ``clean_html`` delegates main-content detection to trafilatura and takes the
metadata from the page. Both then run the shared line filter in ``pipeline.clean.boilerplate``.
A document with no usable body raises ``CleaningError`` so the caller can reject it.
"""

from __future__ import annotations

import datetime
import html
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
from htmldate import find_date
from trafilatura.settings import set_date_params

from pipeline.clean.boilerplate import is_boilerplate, normalise_line
from pipeline.text.dates import find_dates

# Fewer words than this is a stub, a paywall teaser or a navigation remnant, not an article.
MIN_BODY_WORDS = 5
# A first line longer than this is a paragraph, not a headline.
MAX_TITLE_WORDS = 30

# trafilatura settings chosen with `bench/cleaning_benchmark.py --sweep`: favouring precision
# and skipping comment sections scored best on the 60-page benchmark (figures in bench/RESULTS.md;
# both followed by our line filter); dropping tables lost recall, and
# deduplicate / fast did not help.
TRAFILATURA_OPTIONS = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
}


class CleaningError(ValueError):
    """Nothing usable remains of a document after cleaning; the caller rejects it."""


@dataclass(frozen=True)
class CleanedArticle:
    """Body text (one paragraph per line, no empty lines) plus article metadata."""

    body_text: str
    title: str | None
    published_date: datetime.date | None
    author: str | None
    publisher: str | None
    language: str | None
    canonical_url: str | None
    # A date the page gives the story without stating it as the publication date (a photo caption under the
    # headline: "... in New Delhi on December 6, 2021.", else in plain text the latest full date the body names);
    # relative dates in the body resolve against it.
    story_date: datetime.date | None = None


# --------------------------------------------------------------------------- dates


def _words(text: str) -> tuple[str, ...]:
    """Word lists are written as one string for readability."""
    return tuple(text.split())


_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s*)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,5})?|T[\d:.+\-Z]*)?"
# What may stand around the date in a date line: a weekday before it, a time after it.
_DATE_FRAME = re.compile(_WEEKDAY + "\x00" + _TIME, re.IGNORECASE | re.ASCII)
# A date line is a weekday, a date and a time: the frame and the date patterns allow at most 14
# words ("Tue, Tuesday, the 6th - 7th of April, 2021, at 10:30 a.m. EST" has 13).
_MAX_DATE_LINE_WORDS = 20
_DATE_LABEL = re.compile(
    r"^(?:(?:first |last )?(?:published|updated|posted|modified)(?:\s+on)?|date)\s*:?\s*", re.IGNORECASE
)


def parse_date(text: str) -> datetime.date | None:
    """The date when the whole of ``text`` is a date ("Tuesday, April 06, 2021"), else None."""
    text = _DATE_LABEL.sub("", normalise_line(text)).rstrip(" .")
    # Without a reference find_dates reads only explicit dates, and each explicit day-precision
    # form has a 19xx/20xx year: with the length cap this settles most lines without the parser.
    if len(text.split()) > _MAX_DATE_LINE_WORDS or ("19" not in text and "20" not in text):
        return None
    days = [m for m in find_dates(text, None) if m.precision == "day"]
    if len(days) != 1:
        return None
    day = days[0]
    frame = text[:day.start] + "\x00" + text[day.end:]
    return day.value if _DATE_FRAME.fullmatch(frame.strip()) else None


# ------------------------------------------------------------------ plain-text header

# Lowercase particles allowed inside a personal name ("Ursula von der Leyen").
_NAME_PARTICLES = {"and", "de", "del", "der", "da", "di", "van", "von", "la", "le", "bin", "al", "el"}


@dataclass(frozen=True)
class _Byline:
    author: str | None
    publisher: str | None
    date: datetime.date | None


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 8 and all(
        word[0].isupper() or word.lower() in _NAME_PARTICLES or word == "&" for word in words
    )


def _tidy_author(name: str) -> str:
    # Bylines are often set in capitals ("By AMIE FERRIS-ROTMAN"); store the name readably.
    return name.title() if name.isupper() else name


def parse_byline(line: str) -> _Byline | None:
    """Metadata from a byline such as "By NAME | The Washington Post | Published: September 4, 2019"."""
    line = normalise_line(line)
    match = re.match(r"by\s+(?P<rest>.+)$", line, re.IGNORECASE)
    if not match:
        return None
    segments = [part.strip() for part in match["rest"].split("|")]
    author = segments[0].split(",")[0].strip()
    if not _looks_like_name(author):
        return None
    publisher = date = None
    for segment in segments[1:]:
        parsed = parse_date(segment)
        if parsed:
            date = date or parsed
        elif publisher is None and segment:
            publisher = segment
    return _Byline(_tidy_author(author), publisher, date)


# ------------------------------------------------------------- plain-text body lines

# A byline is a line of its own; a longer line is the story, perhaps led by its byline up to the dateline's city.
_MAX_BYLINE_WORDS = 30
_BYLINE_LEAD = re.compile(r"[Bb]y\s+((?:[A-Z][\w.’'-]*\s+){1,4}?)"
                          r"(?=[A-Z][A-Z.’'-]{2,}(?:\s+[A-Z][A-Z.’'-]{2,})*\s*(?:,|\(|--|—|–|-))")

_TERMINAL = ".!?:;\"'\u201d\u2019)"
_MINOR_WORDS = frozenset(_words("a an the and or but nor of to in on at by for with from as vs via into over per is"))
# Present-tense photo language: "X is shaking hands with Y", "launchers are displayed".
_CAPTION_VERBS = re.compile(
    r"\b(?:is|are)\s+(?:seen|shown|pictured|displayed|photographed|shaking hands|greeted|welcomed)\b"
    r"|\bpictured\b|\bpos(?:es|ing) for\b|\((?:l|r|c|left|right|center|centre|top|bottom)\)",
    re.IGNORECASE,
)
_AGENCY_CREDIT = re.compile(
    r"(?:\||/|\bvia\b|\bcredit:?)\s*(?:getty images|afp|reuters|ap|ap photo|associated press|epa|"
    r"shutterstock|bloomberg|alamy|xinhua|anadolu agency|pti|ani)\s*\)?$",
    re.IGNORECASE,
)


def _is_credit(line: str) -> bool:
    """A photo credit such as "Sonu Meta | Hindustan Times | Getty Images"."""
    no_sentence = line[-1] not in ".!?"
    return no_sentence and (line.count(" | ") >= 2 or bool(_AGENCY_CREDIT.search(line)))


def _is_caption(line: str, next_line: str | None) -> bool:
    """Whether the first line under the title describes a photo rather than starting the story."""
    words = line.split()
    if not words or len(words) > 45 or line[-1] != ".":
        return False
    if next_line is not None and (_is_credit(next_line) or parse_byline(next_line)):
        # Captions sit between the headline and the credit or byline; the story starts after.
        return True
    return bool(_CAPTION_VERBS.search(line))


def _caption_date(line: str) -> datetime.date | None:
    """The one explicit day a caption names, if it names exactly one."""
    days = {m.value for m in find_dates(line, None) if m.precision == "day"}
    return days.pop() if len(days) == 1 else None


def _latest_day(body: str) -> datetime.date | None:
    """The latest full date a body names ("on December 26, 2018"): a story is rarely older than the newest day it
    gives, so its relative dates ("on Wednesday", "last year") resolve against that day when nothing else dates it.
    A file photo's caption dates the photo, taken before the story."""
    story = "\n".join(line for line in body.splitlines() if not _FILE_PHOTO.search(line))
    return max((m.value for m in find_dates(story, None) if m.precision == "day"), default=None)


_FILE_PHOTO = re.compile(r"\bfile (?:photo|picture|image)\b", re.IGNORECASE)


def _is_title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower().strip(",:;") not in _MINOR_WORDS]
    capitalised = [w for w in content if w[0].isupper() or w[0].isdigit()]
    return bool(content) and len(capitalised) / len(content) >= 0.8


def _is_heading(line: str) -> bool:
    """Section headings and other stories' headlines, which are not body sentences.

    Short lines (<= 4 words) without sentence punctuation are section headings
    ("Keep options open"); longer Title Case lines without a final period are headlines
    of related stories ("India Forex Hits Record High as Pakistans Reserves ...").
    """
    words = line.split()
    if len(words) <= 4:
        return line[-1] not in _TERMINAL
    # Headlines may end in "?" or "!", never in a period.
    return len(words) <= 25 and line[-1] not in _TERMINAL.replace("?", "").replace("!", "") and _is_title_case(words)


def _same_text(a: str, b: str) -> bool:
    return a.casefold().rstrip(" .") == b.casefold().rstrip(" .")


def _is_furniture(line: str, title: str | None, next_line: str | None, first: bool) -> bool:
    """Whether a plain-text body line is page furniture rather than article text.

    ``first``: the line comes right after the title, where photo captions sit.
    """
    if title and (_same_text(line, title) or (first and _is_caption(line, next_line))):
        return True
    return _is_credit(line) or is_boilerplate(line) or _is_heading(line)


# ---------------------------------------------------------------------- language

# Function words frequent in English and rare in other languages written in Latin script
# ("a", "in", "de" are left out because they are common elsewhere too).
_ENGLISH_STOPWORDS = frozenset(
    _words(
        "the and of to is was that for with on are by it this as from be have has at not were "
        "which their they he his she her said will would an or but been who its after had"
    )
)


def guess_language(text: str) -> str | None:
    """Return "en" when English function words make up a typical share of the words, else None."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 5:
        return None
    share = sum(word in _ENGLISH_STOPWORDS for word in words) / len(words)
    return "en" if share >= 0.15 else None


def _body_or_error(lines: list[str], kind: str) -> str:
    body = "\n".join(lines)
    if len(body.split()) < MIN_BODY_WORDS:
        raise CleaningError(f"no usable body text in {kind} document ({len(body.split())} words left)")
    return body


# ---------------------------------------------------------------------- plain text


# A front matter block ("---", "key: value" lines, "---") that static-site posts and crawler dumps open with.
_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.{0,4000}?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_MATTER_FIELD = re.compile(r"^([A-Za-z_]+):[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_FRONT_MATTER_DATES = ("published_at", "published", "date", "pubdate", "publish_date")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """(fields, rest of the text) of a text that opens with a front matter block; ({}, text) otherwise."""
    block = _FRONT_MATTER.match(text)
    if block is None:
        return {}, text
    fields = {key.lower(): value.strip("\"'") for key, value in _FRONT_MATTER_FIELD.findall(block.group(1))}
    return fields, text[block.end():]


def clean_text(text: str, has_title: bool = True) -> CleanedArticle:
    """Clean a plain-text article: first line title, then paragraphs (blank lines optional). Without
    ``has_title`` (a JSON record that had no title) every line is body text. A front matter block's title and
    date are the article's, not its text."""
    # Text exported from a web page may keep its character references ("Lee&#x27;s", "&quot;"): read as characters.
    if "&" in text:
        text = html.unescape(text)
    fields, text = _front_matter(text)
    lines = [line for line in map(normalise_line, text.splitlines()) if line]
    published: datetime.date | None = next(
        (date for key in _FRONT_MATTER_DATES if (date := _iso_date(fields.get(key)))), None)
    while lines and (leading_date := parse_date(lines[0])):
        published = published or leading_date
        lines.pop(0)
    title = normalise_line(fields.get("title", "")) or None
    if title is None and has_title and lines and len(lines[0].split()) <= MAX_TITLE_WORDS:
        title = lines.pop(0)

    author = publisher = None
    caption_date: datetime.date | None = None
    kept: list[str] = []
    for index, line in enumerate(lines):
        next_line = lines[index + 1] if index + 1 < len(lines) else None
        byline = parse_byline(line)
        if byline and len(line.split()) > _MAX_BYLINE_WORDS:
            # "By Lee Haye-ah SEOUL, April 19 (Yonhap) -- President Yoon ...": the story runs on after its byline.
            lead = _BYLINE_LEAD.match(line)
            author = author or (_tidy_author(lead.group(1).strip()) if lead else None)
            kept.append(line[lead.end():] if lead else line)
        elif byline:
            author, publisher = author or byline.author, publisher or byline.publisher
            published = published or byline.date
        elif line_date := parse_date(line):
            published = published or line_date
        elif not _is_furniture(line, title, next_line, first=index == 0):
            kept.append(line)
        elif index == 0 and title and _is_caption(line, next_line):
            caption_date = _caption_date(line)

    body = _body_or_error(kept, "plain-text")
    if published is None and caption_date is None:
        caption_date = _latest_day(body)
    return CleanedArticle(
        body_text=body,
        title=title,
        published_date=published,
        author=author,
        publisher=publisher,
        language=guess_language(body),
        canonical_url=None,
        story_date=caption_date,
    )


# ---------------------------------------------------------------------- HTML

_HTML_LANG = re.compile(r"<html\b[^>]*?\slang\s*=\s*[\"']?\s*([a-z]{2})(?![a-z])", re.IGNORECASE)
_META_LANG = re.compile(
    r"<meta\b[^>]*?(?:http-equiv\s*=\s*[\"']?content-language|property\s*=\s*[\"']?og:locale)"
    r"[^>]*?content\s*=\s*[\"']?\s*([a-z]{2})(?![a-z])",
    re.IGNORECASE,
)
# Metadata sits in <head>; scanning a bounded prefix keeps this cheap on huge pages.
_HEAD_SCAN_CHARS = 200_000


def _html_language(html: str) -> str | None:
    head = html[:_HEAD_SCAN_CHARS]
    match = _HTML_LANG.search(head) or _META_LANG.search(head)
    return match.group(1).lower() if match else None


# " | ", " - ", " – ", " — " between a headline and the site name, or a name and a tagline.
_TITLE_SEPARATOR = re.compile(r"\s+[|\u2013\u2014-]\s+")


def _publisher(sitename: str | None) -> str | None:
    # Site names often carry a tagline: "The Tico Times | Costa Rica News | Travel".
    if not sitename:
        return None
    return _TITLE_SEPARATOR.split(normalise_line(sitename))[0] or None


def _strip_site_name(title: str | None, publisher: str | None) -> str | None:
    """'PM attends roundtable | NOW Grenada' -> 'PM attends roundtable' (also 'Site | Title')."""
    if not title or not publisher:
        return title
    site = publisher.casefold()
    for sep in _TITLE_SEPARATOR.finditer(title):
        head, tail = title[: sep.start()], title[sep.end() :]
        if tail.casefold().startswith(site):
            return head
        if head.casefold() == site:
            return tail
    return title


# Job titles that trafilatura sometimes returns as a second "author" ("AP National Security Writer").
_ROLE_WORDS = re.compile(r"\b(?:writer|correspondent|editor|reporter|staff|contributor|columnist)\b", re.I)
# CMS placeholders that page templates put where a byline would go.
_PLACEHOLDER_AUTHORS = {"username", "admin", "administrator", "author", "guest", "anonymous", "user"}


def _tidy_authors(raw: str | None) -> str | None:
    """'Jeffrey Gettleman; JEFFREY GETTLEMAN' -> 'Jeffrey Gettleman'; drops non-name fragments."""
    names: list[str] = []
    for part in (raw or "").split(";"):
        name = _tidy_author(normalise_line(part))
        known = {n.casefold() for n in names} | _PLACEHOLDER_AUTHORS
        if _looks_like_name(name) and not _ROLE_WORDS.search(name) and name.casefold() not in known:
            names.append(name)
    return "; ".join(names) or None


# A "body" made almost entirely of link text is a menu or a list of other stories, not an article.
MAX_LINK_TEXT_SHARE = 0.8


def _link_text_share(html: str, body: str) -> float:
    """Share of the body's words that the page has inside <a> elements (counted with multiplicity)."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return 0.0
    # Most links hold a single text node: reading .text skips text_content()'s XPath evaluation.
    link_words = Counter(" ".join(a.text_content() if len(a) else a.text or "" for a in tree.iter("a")).split())
    body_words = Counter(body.split())
    return sum((body_words & link_words).values()) / max(sum(body_words.values()), 1)


def _iso_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _html_dates(
    html: str, metadata_date: datetime.date | None, lines: list[str], body: str
) -> tuple[datetime.date | None, datetime.date | None]:
    """(published date, story date) of a page. The page's metadata (meta tags, structured data, URL) comes first;
    then a date line of its text ("22 January, 2008"), then the latest full day its body names. htmldate's free-text
    search of the whole page comes last: it reads script comments and copyright years ("//2007-10-15: Jackson",
    "© 2008" as 2008-01-01), which dated old stories months away from their events."""
    if metadata_date is not None:
        return metadata_date, None
    for line in lines:
        if line_date := parse_date(line):
            return line_date, None
    if latest := _latest_day(body):
        return None, latest
    try:
        guess = _iso_date(find_date(html, **set_date_params(extensive=True)))
    except Exception:  # htmldate internals on untrusted markup: no date rather than no article
        return None, None
    # A guess on 1 January is a year htmldate read (a copyright line), too coarse to resolve "on Wednesday".
    return (guess if guess is not None and (guess.month, guess.day) != (1, 1) else None), None


# Keyword stamps a version-control system writes into a page template ("$DateTime: 2006/04/07 16:45:14 $"): the
# date the template was last edited, which date finders otherwise take for the story's.
_REVISION_STAMP = re.compile(r"\$(?:DateTime|Date|Id|Header|LastChangedDate|Revision|Change): [^$<>\n]{1,100}\$")
_TITLE_OPEN = re.compile(r"(<title\b[^>]*>)([^<]*)", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)


def _title_closed(html: str) -> str | None:
    """A page whose <title> is never closed (a damaged capture: "</titlevalue=...") is all title to an HTML parser,
    which reads up to "</title>": close it where its text ends. None when the page needs no such repair."""
    if _TITLE_CLOSE.search(html) or not (opening := _TITLE_OPEN.search(html)):
        return None
    return f"{html[:opening.end()]}</title>{html[opening.end():]}"


def _extraction(html: str, url: str | None, favor_precision: bool = True) -> Any:
    return trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                       date_extraction_params=set_date_params(extensive=False),
                                       **{**TRAFILATURA_OPTIONS, "favor_precision": favor_precision})


def _second_chance(html: str, url: str | None, favor_precision: bool) -> Any:
    try:
        return _extraction(html, url, favor_precision)
    except Exception:  # noqa: BLE001 - a second chance only: the page is rejected by the caller
        return None


def clean_html(html: str, url: str | None = None) -> CleanedArticle:
    """Clean an HTML page: trafilatura main-content extraction, then the boilerplate filter."""
    if not html or not html.strip():
        raise CleaningError("empty HTML document")
    html = _REVISION_STAMP.sub("", html)
    try:
        doc = _extraction(html, url)
    except Exception as exc:  # parser internals on untrusted markup: reject the page, don't crash
        raise CleaningError(f"HTML extraction failed: {type(exc).__name__}: {exc}") from exc
    # Second chances, the page rejected below if both fail: the markup with its title closed; trafilatura's balanced
    # mode, where precision finds nothing among video and link blocks (CNN's 2015 template).
    if (doc is None or not doc.text) and (repaired := _title_closed(html)) is not None:
        doc = _second_chance(repaired, url, favor_precision=True)
    if doc is None or not doc.text:
        doc = _second_chance(html, url, favor_precision=False)
    if doc is None or not doc.text:
        raise CleaningError("no main content found in HTML document")

    publisher = _publisher(doc.sitename)
    page_title = normalise_line(doc.title or "")
    title = _strip_site_name(page_title, publisher)
    # trafilatura sometimes repeats the headline as the first body line.
    headlines = {t.casefold().rstrip(" .") for t in (page_title, title) if t}
    lines = [
        line
        for line in map(normalise_line, doc.text.splitlines())
        if line and line.casefold().rstrip(" .") not in headlines and not is_boilerplate(line)
    ]
    body = _body_or_error(lines, "HTML")
    if _link_text_share(html, body) >= MAX_LINK_TEXT_SHARE:
        raise CleaningError("the page is navigation: its remaining text is almost all link text")
    published, story_date = _html_dates(html, _iso_date(doc.date), lines, body)
    return CleanedArticle(
        body_text=body,
        title=title or None,
        published_date=published,
        story_date=story_date,
        author=_tidy_authors(doc.author),
        publisher=publisher,
        language=_html_language(html) or doc.language or guess_language(body),
        canonical_url=doc.url or url,
    )
