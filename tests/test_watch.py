"""Feeds and watch against a local HTTP server the test starts: conditional GET, a feed that is
down, a feed that returns garbage, size limits, and ingesting a page or feed by URL."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rasd.corpus.ingest import ingest
from rasd.corpus.store import Store
from rasd.corpus.watch import parse_every, poll_once, watch
from rasd.errors import InputError
from rasd.io import feeds
from rasd.io.feeds import Fetcher

PAGE = """<html lang="ar"><head><title>{title}</title></head><body><nav>الرئيسية</nav><article><h1>{title}</h1>
<p>{body} وأضاف المتحدث أن الاتصالات مستمرة مع جميع الأطراف من أجل تثبيت الهدنة ومنع عودة القتال في المنطقة.</p>
<p>وأكدت مصادر محلية أن الحركة عادت تدريجيا إلى الطرق الرئيسية بعد أيام من التوتر والاشتباكات المتقطعة.</p>
</article><footer>حقوق النشر</footer></body></html>"""
TITLES = {"/a1.html": "الجيش يعلن السيطرة على المطار", "/a2.html": "المجلس الرئاسي يدعو إلى الحوار"}
PAGES = {
    "/a1.html": PAGE.format(title=TITLES["/a1.html"], body="أعلن الجيش الوطني الليبي أمس سيطرته على المطار بعد معارك عنيفة."),
    "/a2.html": PAGE.format(title=TITLES["/a2.html"], body="دعا المجلس الرئاسي الأطراف الليبية إلى العودة إلى طاولة الحوار."),
}


def rss(host):
    items = "".join(f"<item><title>{TITLES[p]}</title><link>http://{host}{p}</link><guid>{p}</guid>"
                    f"<pubDate>Mon, 17 Feb 2020 10:00:00 GMT</pubDate></item>" for p in PAGES)
    return f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>نشرة الاختبار</title>{items}</channel></rss>'


class Handler(BaseHTTPRequestHandler):
    hits: dict = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        Handler.hits[self.path] = Handler.hits.get(self.path, 0) + 1
        host = self.headers["Host"]
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            body, ctype, extra = rss(host).encode(), "application/rss+xml", {"ETag": '"v1"'}
        elif self.path in PAGES:
            body, ctype, extra = PAGES[self.path].encode(), "text/html; charset=utf-8", {}
        elif self.path == "/garbage.xml":
            body, ctype, extra = b"\x00\x01 this is not a feed <<<", "application/xml", {}
        elif self.path == "/big.html":
            body, ctype, extra = b"<p>" + "كلمة ".encode() * 5000 + b"</p>", "text/html", {}
        else:
            self.send_response(500)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setattr(feeds, "BACKOFF", 0.01)


def test_watch_polls_feeds_survives_bad_ones_and_uses_conditional_get(server, tmp_path, pipeline):
    urls = [f"{server}/feed.xml", f"{server}/garbage.xml", f"{server}/down.xml"]
    Handler.hits.clear()
    rounds = []
    with Store(tmp_path / "w.duckdb") as store:
        watch(urls, store, every=0, pipeline=pipeline, fetcher=Fetcher(delay=0), rounds=2,
              on_round=rounds.append, sleep=lambda s: None)
        assert store.count("reports") == 2
        status = {r["url"]: r for r in store.query("SELECT * FROM feeds")}
        errors = store.query("SELECT path, problem FROM errors ORDER BY path")
        titles = {r["title"] for r in store.query("SELECT title FROM documents")}
        sources = {r["source"] for r in store.query("SELECT source FROM reports")}
    first, second = rounds
    assert (first.new_items, first.failed, first.not_modified) == (2, 2, 0)
    assert (second.new_items, second.failed, second.not_modified) == (0, 2, 1)
    assert Handler.hits["/feed.xml"] == 2 and Handler.hits["/a1.html"] == 1  # the 304 fetched nothing again
    assert Handler.hits["/down.xml"] == 2 * feeds.RETRIES  # retried, then given up until the next round
    assert status[f"{server}/down.xml"]["failures"] == 2 and status[f"{server}/feed.xml"]["failures"] == 0
    assert any("garbage.xml" in e["path"] and "feed" in e["problem"] for e in errors)
    assert any("down.xml" in e["path"] and "500" in e["problem"] for e in errors)
    assert "الجيش يعلن السيطرة على المطار" in titles and sources == {"نشرة الاختبار"}


def test_watch_ingest_takes_page_and_feed_urls_and_feed_files(server, tmp_path, pipeline):
    feed_file = tmp_path / "local.rss"
    feed_file.write_text(rss(server.removeprefix("http://")), encoding="utf-8")
    with Store(tmp_path / "u.duckdb") as store:
        stats = ingest([f"{server}/a1.html"], store, pipeline, fetcher=Fetcher(delay=0))
        assert stats.new_reports == 1 and stats.errors == 0
        stats = ingest([str(feed_file)], store, pipeline, fetcher=Fetcher(delay=0))
        assert stats.new_reports == 2  # same page, now also reported by the feed (its own report)
        stats = ingest([f"{server}/feed.xml"], store, pipeline, fetcher=Fetcher(delay=0))
        assert stats.unchanged == 2
        assert store.count("documents") == 2


def test_watch_fetcher_refuses_other_schemes_and_oversized_pages(server):
    f = Fetcher(delay=0, max_bytes=1000)
    for url in ("file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"):
        with pytest.raises(InputError, match="only http and https"):
            f.fetch(url)
    with pytest.raises(InputError, match="limit"):
        f.fetch(f"{server}/big.html")


def test_watch_every_parses_intervals():
    assert parse_every("15m") == 900 and parse_every("30s") == 30 and parse_every("2h") == 7200
    with pytest.raises(ValueError):
        parse_every("soon")


def test_watch_poll_once_on_an_empty_list(tmp_path, pipeline):
    with Store(tmp_path / "e.duckdb") as store:
        r = poll_once([], store, pipeline, Fetcher(delay=0))
    assert r.feeds == 0 and r.new_items == 0


def test_watch_and_serve_share_one_process(server, tmp_path):
    """DuckDB lets one process write a file: `rasd serve --watch` polls and answers on one connection."""
    import time

    from fastapi.testclient import TestClient

    from rasd.web.api import create_app

    app = create_app(str(tmp_path / "sw.duckdb"), watch_feeds=[f"{server}/feed.xml"], every=0.2)
    with TestClient(app) as client:
        deadline = time.time() + 60
        while time.time() < deadline and client.get("/api/stats").json()["reports"] < 2:
            time.sleep(0.2)
        stats = client.get("/api/stats").json()
        docs = client.get("/api/documents").json()
    assert stats["reports"] == 2 and docs["total"] == 2
    assert len(app.state.rounds) >= 1 and app.state.watch_errors == []
