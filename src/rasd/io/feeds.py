"""Fetching from the web: pages and RSS/Atom feeds, politely and defensively (http/https only,
timeouts, retries with backoff, conditional GET, per-host delay, size limits)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from ..errors import InputError
from .readers import MAX_DOC_BYTES, ReadResult, content_id, html_doc

USER_AGENT = "rasd/0.1 (+https://example.org/rasd; news monitoring)"
TIMEOUT = 15.0
RETRIES = 3
BACKOFF = 0.5  # seconds, doubled after each failed try
MIN_ITEM_TEXT = 200  # an item whose own content is shorter is fetched from its link


@dataclass
class Fetched:
    url: str
    status: int
    content: bytes = b""
    etag: str | None = None
    modified: str | None = None
    content_type: str = ""


@dataclass
class Fetcher:
    """One HTTP client with per-host politeness; `fetch` raises InputError naming the URL."""

    delay: float = 1.0  # seconds between two requests to the same host
    max_bytes: int = MAX_DOC_BYTES
    _last: dict[str, float] = field(default_factory=dict)
    _client: object = None

    def client(self):
        if self._client is None:
            import httpx
            self._client = httpx.Client(timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT})
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def fetch(self, url: str, etag: str | None = None, modified: str | None = None) -> Fetched:
        import httpx

        parts = urlparse(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputError(url, "only http and https URLs can be fetched")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        wait = BACKOFF
        problem = "no answer"
        for attempt in range(RETRIES):
            self._polite(parts.netloc)
            try:
                with self.client().stream("GET", url, headers=headers) as r:
                    if r.status_code == 304:
                        return Fetched(url, 304, etag=etag, modified=modified)
                    if r.status_code >= 500:
                        problem = f"server error {r.status_code}"
                    elif r.status_code >= 400:
                        raise InputError(url, f"HTTP {r.status_code}")
                    else:
                        declared = int(r.headers.get("content-length") or 0)
                        if declared > self.max_bytes:
                            raise InputError(url, f"response of {declared} bytes is over the {self.max_bytes} byte limit")
                        body = bytearray()
                        for chunk in r.iter_bytes():
                            body += chunk
                            if len(body) > self.max_bytes:
                                raise InputError(url, f"response is over the {self.max_bytes} byte limit")
                        return Fetched(url, r.status_code, bytes(body), r.headers.get("etag"),
                                       r.headers.get("last-modified"), r.headers.get("content-type", ""))
            except httpx.HTTPError as e:
                problem = f"{type(e).__name__}: {e}"
            if attempt + 1 < RETRIES:
                time.sleep(wait)
                wait *= 2
        raise InputError(url, f"fetch failed after {RETRIES} tries ({problem})")

    def _polite(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            gap = time.monotonic() - last
            if gap < self.delay:
                time.sleep(self.delay - gap)
        self._last[host] = time.monotonic()


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    head = data[:2048].lower()
    return "rss" in content_type or "atom" in content_type or b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def parse_feed(data: bytes, url: str) -> tuple[str | None, list[dict]]:
    """(feed title, items) of an RSS/Atom document; InputError when it is not one."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        reason = getattr(parsed, "bozo_exception", None)
        raise InputError(url, f"not a readable RSS/Atom feed ({reason or 'no items'})")
    items = []
    for e in parsed.entries:
        content = ""
        if e.get("content"):
            content = e["content"][0].get("value", "")
        content = content or e.get("summary", "")
        published = None
        for key in ("published_parsed", "updated_parsed"):
            if e.get(key):
                t = e[key]
                published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
                break
        items.append({"id": e.get("id") or e.get("link"), "title": e.get("title"), "link": e.get("link"),
                      "published": published, "content": content})
    return parsed.feed.get("title"), items


def item_docs(feed_title: str | None, items: list[dict], fetcher: Fetcher, origin: str) -> list[ReadResult]:
    """One document per feed item: its own content when it is long enough, else its page."""
    out: list[ReadResult] = []
    for it in items:
        meta = {"title": it["title"], "published": it["published"], "url": it["link"], "source": feed_title}
        doc_id = it["id"] or it["link"]
        content = it["content"] or ""
        text_len = len(_strip_tags(content))
        try:
            if text_len >= MIN_ITEM_TEXT or not it["link"]:
                if not content.strip():
                    raise InputError(origin, f"item {doc_id!r} has neither content nor link")
                out.append(html_doc(content, f"{origin}#{doc_id}", doc_id, meta))
                continue
            page = fetcher.fetch(it["link"])
            out.append(page_doc(page, doc_id, meta))
        except InputError as e:
            out.append(e)
    return out


def page_doc(page: Fetched, doc_id: str | None, meta: dict | None = None) -> ReadResult:
    from .encodings import decode

    try:
        text, _ = decode(page.content, page.url)
    except InputError as e:
        return e
    meta = dict(meta or {})
    meta.setdefault("url", page.url)
    return html_doc(text, page.url, doc_id or content_id(page.url), meta)


def _strip_tags(html: str) -> str:
    import re
    return re.sub(r"<[^>]+>", " ", html).strip()


def read_url(url: str, fetcher: Fetcher) -> list[ReadResult]:
    """A page or a feed given by URL."""
    try:
        page = fetcher.fetch(url)
    except InputError as e:
        return [e]
    if looks_like_feed(page.content, page.content_type):
        try:
            title, items = parse_feed(page.content, url)
        except InputError as e:
            return [e]
        return item_docs(title or urlparse(url).netloc, items, fetcher, url)
    return [page_doc(page, url)]


def read_feed_file(path: str, fetcher: Fetcher) -> list[ReadResult]:
    with open(path, "rb") as f:
        data = f.read(MAX_DOC_BYTES + 1)
    try:
        title, items = parse_feed(data, path)
    except InputError as e:
        return [e]
    return item_docs(title, items, fetcher, path)
