"""Find input files and read each into documents (one per file, or one per record of a JSON, JSON Lines
or WARC file), or rejections saying why not."""

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.ingest.documents import MAX_DOCUMENT_BYTES, RawDocument, Rejection, make_document
from pipeline.ingest.readers import read_json, read_jsonl, read_warc

# File name endings we read, and how.
INPUT_KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".json": "json",
               ".jsonl": "jsonl", ".ndjson": "jsonl", ".warc": "warc", ".warc.gz": "warc"}


def input_kind(path: Path) -> str | None:
    """How a file is read ('text', 'html', 'json', 'jsonl', 'warc'), or None when it is not an input."""
    name = path.name.lower()
    return next((kind for suffix, kind in INPUT_KINDS.items() if name.endswith(suffix)), None)


class SourceNames:
    """What documents from local files are known by: their path relative to the input they were found under,
    named after it (`seeds/a.txt` for a file under the folder `seeds`, `a.txt` for the file given itself), so a
    moved or redeployed checkout keeps every document's identity. An input whose name another input shares
    keeps absolute paths: relative ones would collide."""

    def __init__(self, inputs: Iterable[Path]) -> None:
        roots = [Path(root).expanduser().resolve() for root in inputs]
        names = Counter(root.name for root in roots)
        self.roots = [root for root in roots if names[root.name] == 1]

    def name(self, path: Path) -> str:
        """The name of the file at `path` (as `discover` yields it): relative to its input, else absolute."""
        for root in self.roots:
            if path == root:
                return root.name
            if path.is_relative_to(root):
                return f"{root.name}/{path.relative_to(root).as_posix()}"
        return str(path)

    def rename(self, uri: str, path: Path) -> str:
        """A document's source_uri as a reader gave it (the file's path, or `<path>#<n>` for a record), renamed."""
        prefix = str(path)
        return self.name(path) + uri[len(prefix):] if uri.startswith(prefix) else uri

    def exists(self, uri: str) -> bool:
        """Whether the file a local source_uri (relative or absolute, with or without `#<n>`) names is still there;
        URLs always are."""
        if "://" in uri:
            return True
        path = uri.split("#", 1)[0]
        if Path(path).is_absolute():
            return Path(path).exists()
        head = path.split("/", 1)[0]
        return any((root.parent / path).exists() for root in self.roots if root.name == head)


def discover(inputs: Iterable[Path]) -> Iterator[Path | Rejection]:
    """Yield supported files under the inputs (files or folders, recursively), in a stable order.

    Anything that resolves outside the folder being walked (a symlink, or a file reached through a
    linked folder) is refused: a dropped link must not make the pipeline read arbitrary files.
    """
    for root in inputs:
        root = Path(root).expanduser()
        try:
            if root.is_symlink() and not root.exists():
                yield _dangling(root)
            elif not root.exists():
                yield Rejection(str(root), "missing", "input path does not exist")
            elif root.is_file():
                yield root.resolve()
            else:
                yield from _walk(root.absolute(), root.resolve())
        except (OSError, RuntimeError) as error:  # a link loop at the root, a folder vanishing mid-walk
            yield Rejection(str(root), "unreadable", _why(error))


def _why(error: BaseException) -> str:
    if isinstance(error, OSError):
        return f"{type(error).__name__}: {error.strerror or error}"
    return f"{type(error).__name__}: {str(error)[:200]}"


def _dangling(path: Path) -> Rejection:
    """A link that leads nowhere: to a missing file, or round in a loop (Path.resolve raises on a loop)."""
    try:
        path.resolve(strict=True)
    except FileNotFoundError:
        return Rejection(str(path), "missing", "the symbolic link points to a file that does not exist")
    except (OSError, RuntimeError) as error:
        return Rejection(str(path), "unreadable", f"symbolic link loop ({_why(error)})")
    return Rejection(str(path), "unreadable", "the symbolic link cannot be followed")


def _walk(folder: Path, real: Path, base: Path | None = None) -> Iterator[Path | Rejection]:
    """The files under `folder` (whose resolved path is `real`) in path order. Only links are resolved
    (one call per link instead of two per file): a scheduled run over a large corpus walks every file."""
    base = base or real
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield Rejection(str(folder), "unreadable", f"{type(error).__name__}: {error.strerror or error}")
        return
    for entry in entries:
        path = folder / entry.name
        try:
            yield from _entry(entry, path, real, base)
        except (OSError, RuntimeError) as error:  # one odd entry (a link loop, a file gone) costs only itself
            yield Rejection(str(path), "unreadable", _why(error))


def _entry(entry: os.DirEntry[str], path: Path, real: Path, base: Path) -> Iterator[Path | Rejection]:
    if entry.is_symlink():
        if not path.exists():
            if input_kind(path) is not None:
                yield _dangling(path)
            return
        target = path.resolve()
        if not target.is_relative_to(base):
            yield Rejection(str(path), "symlink_outside_input", f"link points to {target}, outside {base}")
        elif target.is_file() and input_kind(path) is not None:
            yield target  # linked folders are not followed
    elif entry.is_dir():
        yield from _walk(path, real / entry.name, base)
    elif entry.is_file() and input_kind(path) is not None:
        yield real / entry.name


def read_path(path: Path) -> Iterator[RawDocument | Rejection]:
    """Every document in one input file (several for JSON arrays, JSON Lines and WARC files).

    Whatever a reader or a library under it raises while reading one file becomes that file's rejection,
    naming the file and the error: one bad file never fails the run (and every later run with it). The
    documents read before the failure stay loaded."""
    kind = input_kind(path)
    try:
        if kind == "json":
            yield from read_json(path)
        elif kind == "jsonl":
            yield from read_jsonl(path)
        elif kind == "warc":
            yield from read_warc(path)
        else:
            yield read_document(path)
    except OSError as error:  # permissions, a file deleted mid-run, a directory named like a file
        yield Rejection(str(path), "unreadable", _why(error))
    except (MemoryError, RecursionError, Exception) as error:  # noqa: BLE001 - any library's bug on hostile input
        yield Rejection(str(path), "read_error", f"{kind or 'file'} reader failed: {_why(error)}")


def read_document(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> RawDocument | Rejection:
    """Read and decode one .txt or .html file; reject empty, oversized and binary files."""
    uri = str(path)
    media_type = input_kind(path)
    if media_type not in ("text", "html"):
        return Rejection(uri, "unsupported_type", f"no reader for '{path.suffix}' files")
    size = path.stat().st_size
    if size > max_bytes:
        return Rejection(uri, "too_large", f"{size} bytes exceeds the {max_bytes}-byte limit")
    with path.open("rb") as handle:
        # The file may have grown since stat(); never read more than the cap.
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        return Rejection(uri, "too_large", f"more than {max_bytes} bytes")
    return make_document(uri, path.name, media_type, data)
