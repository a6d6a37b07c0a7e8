"""Find input files and read each into a decoded document, or a rejection saying why not."""

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
# Articles are kilobytes; anything this large is a dump or a mistake, not one article.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Share of control characters above which a "text" file is really binary.
MAX_CONTROL_SHARE = 0.05


@dataclass(frozen=True)
class RawDocument:
    """One input file, decoded."""

    source_uri: str
    file_name: str
    media_type: str
    content_hash: str
    byte_size: int
    raw_text: str

    @property
    def article_id(self) -> str:
        return self.content_hash[:16]


@dataclass(frozen=True)
class Rejection:
    """An input that could not be loaded, with a reason a user can act on."""

    source_uri: str
    reason: str
    detail: str
    content_hash: str | None = None


def discover(inputs: Iterable[Path]) -> Iterator[Path | Rejection]:
    """Yield supported files under the inputs (files or folders, recursively), in a stable order.

    Symlinks that resolve outside the folder being walked are refused: a dropped link must not
    make the pipeline read arbitrary files on the machine.
    """
    for root in inputs:
        root = Path(root).expanduser()
        if not root.exists():
            yield Rejection(str(root), "missing", "input path does not exist")
        elif root.is_file():
            yield root.resolve()
        else:
            base = root.resolve()
            for path in sorted(root.rglob("*")):
                if path.is_symlink() and not path.resolve().is_relative_to(base):
                    yield Rejection(str(path.absolute()), "symlink_outside_input",
                                    f"link points to {path.resolve()}, outside {base}")
                elif path.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
                    yield path.resolve()


def decode(data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM) or UTF-16 with BOM, else cp1252, else latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # latin-1 maps every byte, so this cannot fail; cp1252 leaves five bytes undefined.
        return data.decode("latin-1")


def read_document(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> RawDocument | Rejection:
    """Read and decode one file; reject empty, oversized and binary files."""
    uri = str(path)
    media_type = TEXT_SUFFIXES.get(path.suffix.lower())
    if media_type is None:
        return Rejection(uri, "unsupported_type", f"no reader for '{path.suffix}' files")
    size = path.stat().st_size
    if size > max_bytes:
        return Rejection(uri, "too_large", f"{size} bytes exceeds the {max_bytes}-byte limit")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        return Rejection(uri, "empty", "file has no content", digest)
    text = decode(data)
    if "\x00" in text or _control_share(text) > MAX_CONTROL_SHARE:
        return Rejection(uri, "binary", "content is not text (control or NUL characters)", digest)
    return RawDocument(uri, path.name, media_type, digest, size, text)


def _control_share(text: str) -> float:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(len(sample), 1)
