"""The unit every reader yields — a decoded document or a rejection with a reason — and bytes → document."""

import codecs
import hashlib
import re
from dataclasses import dataclass

# Articles are kilobytes; anything this large is a dump or a mistake, not one article.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Share of control characters above which a "text" document is really binary.
MAX_CONTROL_SHARE = 0.05

# Every reason a document can be rejected for, as stored in landing.rejected_documents.reason.
REJECTION_REASONS = frozenset({
    # files
    "missing", "unreadable", "unsupported_type", "empty", "binary", "too_large", "duplicate",
    "symlink_outside_input",
    # records inside JSON and WARC files
    "invalid_json", "invalid_record", "invalid_warc", "no_articles",
    # any reader or library failing on one document: the document is rejected, the run goes on
    "read_error",
    # the web
    "invalid_url", "blocked_address", "robots_disallowed", "robots_unreachable", "dns_error", "timeout",
    "connection_error", "tls_error", "http_error", "server_error", "rate_limited", "too_many_redirects",
    "unsupported_encoding", "corrupt_body", "invalid_feed", "feed_entry_without_link",
    # cleaning and extraction
    "no_article_text", "over_time_budget", "processing_error",
})


@dataclass(frozen=True)
class RawDocument:
    """One article's source, decoded: a file, a record in a JSON or WARC file, or a fetched page."""

    source_uri: str
    file_name: str
    media_type: str  # "text" or "html": what cleaning dispatches on
    content_hash: str
    byte_size: int
    raw_text: str
    url: str | None = None  # the web address the document came from, when known
    # False for a plain-text document whose first line is body text, not a headline (a JSON record with
    # no title): cleaning must not take its first paragraph for the headline.
    has_title: bool = True

    @property
    def article_id(self) -> str:
        return self.content_hash[:16]


@dataclass(frozen=True)
class Rejection:
    """An input that could not be loaded, with a reason a user can act on.

    ``transient`` marks failures worth retrying on the next run (a timeout, a server error), as
    opposed to verdicts on the content itself.
    """

    source_uri: str
    reason: str
    detail: str
    content_hash: str | None = None
    stage: str = "ingest"
    transient: bool = False

    def __post_init__(self) -> None:
        if self.reason not in REJECTION_REASONS:
            raise ValueError(f"unknown rejection reason {self.reason!r}")


# cp1252 leaves five bytes undefined; those fall back to latin-1, which maps every byte.
_SINGLE_BYTE = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return "".join(_SINGLE_BYTE[b] for b in error.object[error.start:error.end]), error.end


codecs.register_error("chancery_cp1252_fallback", _cp1252_fallback)

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Encodings the default decoding already covers: UTF-8, and cp1252/latin-1 byte by byte where UTF-8 fails.
_DEFAULT_COVERS = {"utf-8", "ascii", "iso8859-1", "cp1252"}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([a-zA-Z0-9_.:-]{1,40})", re.IGNORECASE)


def html_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag near its top, if any.

    A page whose <meta> tag is readable as ASCII cannot be UTF-16 or UTF-32 (browsers ignore such
    declarations too); a saved copy was transcoded without updating the tag.
    """
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    charset = match.group(1).decode("ascii")
    return None if charset.lower().startswith(("utf-16", "utf-32", "utf16", "utf32")) else charset


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes: a BOM wins, then a declared charset other than UTF-8 and its look-alikes, else UTF-8
    with each undecodable byte read as cp1252 (so cp1252, latin-1 and files mixing them with UTF-8 all
    come out right)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    if declared:
        try:
            codec = codecs.lookup(declared).name
            if codec not in _DEFAULT_COVERS:
                return data.decode(codec, errors="replace")
        except (LookupError, UnicodeError, ValueError):
            # Unknown names, and codecs no page can be written in ("zlib", "idna", "undefined").
            pass
    return data.decode("utf-8", errors="chancery_cp1252_fallback")


def media_type_for(content_type: str | None) -> str | None:
    """'html' or 'text' for an HTTP/WARC Content-Type an article can have, else None."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in _HTML_TYPES:
        return "html"
    return "text" if mime == "text/plain" else None


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type, if any."""
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def make_document(source_uri: str, file_name: str, media_type: str, data: bytes, *, url: str | None = None,
                  charset: str | None = None, has_title: bool = True) -> RawDocument | Rejection:
    """Decode one document's bytes; reject empty and binary content."""
    digest = hashlib.sha256(data).hexdigest()
    if media_type == "html" and charset is None:
        charset = html_charset(data)
    text = decode(data, charset)
    if not text.strip():
        return Rejection(source_uri, "empty", "no content", digest)
    if "\x00" in text or _control_share(text) > MAX_CONTROL_SHARE:
        return Rejection(source_uri, "binary", "content is not text (control or NUL characters)", digest)
    return RawDocument(source_uri, file_name, media_type, digest, len(data), text, url, has_title)


def document_from_text(source_uri: str, file_name: str, media_type: str, text: str, *,
                       url: str | None = None, has_title: bool = True) -> RawDocument | Rejection:
    """A document whose text is already decoded (a JSON string field)."""
    # JSON may carry lone surrogates, which no database column can store.
    return make_document(source_uri, file_name, media_type, text.encode("utf-8", errors="replace"), url=url,
                         charset="utf-8", has_title=has_title)


# Control characters other than \t \n \f \r; a regex counts them far faster than a loop over characters.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_share(text: str) -> float:
    sample = text[:65536]
    controls = len(_CONTROL_CHARS.findall(sample))
    return controls / max(len(sample), 1)
