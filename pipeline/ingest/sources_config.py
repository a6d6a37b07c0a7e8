"""The sources config (sources.yaml): folders and files to read, URL lists and RSS/Atom feeds to fetch,
and how politely to fetch them. Relative paths are relative to the config file."""

import ipaddress
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

USER_AGENT = "chancery/0.1 (news-to-facts ETL; polite: robots.txt, rate limited)"


class SourcesConfigError(ValueError):
    """The sources config cannot be read; a run must not silently read nothing."""


class FetchSettings(BaseModel):
    """How pages and feeds are fetched."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    user_agent: str = Field(USER_AGENT, min_length=1)
    timeout_seconds: float = Field(10.0, gt=0, le=300)
    retries: int = Field(2, ge=0, le=10)
    backoff_seconds: float = Field(2.0, ge=0, le=300)
    min_host_interval_seconds: float = Field(1.0, ge=0, le=3600)
    max_bytes: int = Field(5 * 1024 * 1024, gt=0, le=1024 * 1024 * 1024)
    max_entries_per_feed: int = Field(50, gt=0)
    respect_robots_txt: bool = True
    # Loopback, private, link-local and other non-public addresses are refused unless listed here.
    allow_networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []

    @field_validator("allow_networks", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        # Lenient like `ip route`: "10.1.2.3/8" means 10.0.0.0/8, "127.0.0.1" the one address.
        if isinstance(value, list):
            return [ipaddress.ip_network(item, strict=False) if isinstance(item, str) else item for item in value]
        return value


def _check_url(url: str) -> str:
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url


class SourcesConfig(BaseModel):
    """What the raw_articles asset reads."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    paths: list[Path] = []
    url_lists: list[Path] = []
    urls: list[str] = []
    feeds: list[str] = []
    fetch: FetchSettings = FetchSettings()

    @field_validator("urls", "feeds")
    @classmethod
    def _http_urls(cls, value: list[str]) -> list[str]:
        return [_check_url(url) for url in value]

    @property
    def fetches_from_the_web(self) -> bool:
        return bool(self.url_lists or self.urls or self.feeds)


# A sources config is a few dozen lines; anything larger is not one.
MAX_CONFIG_BYTES = 1024 * 1024


class _NoAliasLoader(yaml.SafeLoader):
    """safe_load without anchors and aliases: a config needs none, and nested aliases (a "billion laughs")
    make a file of a few hundred bytes expand to gigabytes while it is parsed or validated."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in a sources config",
                                              event.start_mark)
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(None, None, "anchors (&name) are not allowed in a sources config",
                                              event.start_mark)
        return super().compose_node(parent, index)


def _parse_yaml(path: Path) -> object:
    with path.open("rb") as handle:
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise SourcesConfigError(f"sources config {path} is larger than {MAX_CONFIG_BYTES} bytes")
    return yaml.load(data.decode("utf-8"), Loader=_NoAliasLoader)  # noqa: S506 - a safe loader, aliases refused


def load_sources_config(path: Path) -> SourcesConfig:
    """Read and validate a sources config; relative paths are taken from the config file's folder."""
    try:
        data = _parse_yaml(path) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as error:
        raise SourcesConfigError(f"cannot read sources config {path}: {type(error).__name__}: "
                                 f"{str(error)[:500]}") from error
    if not isinstance(data, dict):
        raise SourcesConfigError(f"sources config {path} must be a mapping of keys to lists")
    try:
        config = SourcesConfig.model_validate(data)
    except ValidationError as error:
        raise SourcesConfigError(f"invalid sources config {path}:\n{error}") from error
    base = path.resolve().parent
    return config.model_copy(update={
        "paths": [base / p.expanduser() for p in config.paths],
        "url_lists": [base / p.expanduser() for p in config.url_lists],
    })
