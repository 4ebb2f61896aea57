"""Watch: poll RSS/Atom feeds and ingest their new items, until stopped. A feed that is down or
returns garbage is logged (errors table, feed status) and tried again on the next round."""
from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field
from typing import Callable

from ..errors import InputError
from ..io.feeds import Fetcher, item_docs, parse_feed
from ..pipeline import Pipeline
from .ingest import IngestStats, ingest_items
from .store import Store

_EVERY = re.compile(r"^(\d+)\s*([smh]?)$")


def parse_every(text: str) -> float:
    """'15m' → 900 seconds; '30s', '2h', or plain seconds."""
    m = _EVERY.match(text.strip())
    if not m:
        raise ValueError(f"--every {text!r}: use a number with s, m or h (e.g. 15m)")
    return int(m[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[m[2]]


def read_feed_list(path: str) -> list[str]:
    urls = []
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            urls.append(line)
    return urls


@dataclass
class RoundReport:
    feeds: int = 0
    not_modified: int = 0
    failed: int = 0
    new_items: int = 0
    stats: list[IngestStats] = field(default_factory=list)


def poll_once(urls: list[str], store: Store, pipeline: Pipeline, fetcher: Fetcher) -> RoundReport:
    report = RoundReport(feeds=len(urls))
    for url in urls:
        row = store.query("SELECT etag, modified FROM feeds WHERE url = ?", [url])
        etag, modified = (row[0]["etag"], row[0]["modified"]) if row else (None, None)
        try:
            page = fetcher.fetch(url, etag, modified)
            if page.status == 304:
                report.not_modified += 1
                _status(store, url, etag, modified, "not modified", ok=True)
                continue
            title, items = parse_feed(page.content, url)
        except InputError as e:
            report.failed += 1
            store.add_error(url, url, None, e.problem)
            _status(store, url, etag, modified, e.problem, ok=False)
            continue
        seen = {r["item_id"] for r in store.query("SELECT item_id FROM seen_items WHERE feed_url = ?", [url])}
        fresh = [it for it in items if (it["id"] or it["link"]) and (it["id"] or it["link"]) not in seen]
        if fresh:
            docs = item_docs(title, fresh, fetcher, url)
            report.stats.append(ingest_items(docs, store, pipeline))
            now = dt.datetime.now()
            store.con.executemany("INSERT INTO seen_items VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                  [[url, it["id"] or it["link"], now] for it in fresh])
            report.new_items += len(fresh)
        _status(store, url, page.etag, page.modified, f"ok, {len(fresh)} new", ok=True)
    return report


def _status(store: Store, url: str, etag, modified, status: str, ok: bool) -> None:
    store.con.execute(
        "INSERT INTO feeds VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
        "modified = excluded.modified, last_checked = excluded.last_checked, last_status = excluded.last_status, "
        "failures = CASE WHEN ? THEN 0 ELSE feeds.failures + 1 END",
        [url, etag, modified, dt.datetime.now(), status, 0 if ok else 1, ok])


def watch(urls: list[str], store: Store, every: float, pipeline: Pipeline | None = None,
          fetcher: Fetcher | None = None, rounds: int | None = None,
          on_round: Callable[[RoundReport], None] | None = None, sleep=time.sleep) -> int:
    """Poll the feeds every `every` seconds; `rounds` stops after that many (None: until interrupted)."""
    pipeline = pipeline or Pipeline()
    fetcher = fetcher or Fetcher()
    done = 0
    try:
        while rounds is None or done < rounds:
            started = time.monotonic()
            report = poll_once(urls, store, pipeline, fetcher)
            done += 1
            if on_round:
                on_round(report)
            if rounds is not None and done >= rounds:
                break
            sleep(max(0.0, every - (time.monotonic() - started)))
    except KeyboardInterrupt:
        pass
    finally:
        fetcher.close()
    return done
