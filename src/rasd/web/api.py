"""HTTP API over the corpus store (FastAPI). Read-only unless an ingest token is configured.
Every filter is a bound SQL parameter; errors are JSON with a 4xx status, never a stack trace."""
from __future__ import annotations

import collections
import contextlib
import csv
import datetime as dt
import io
import json
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..corpus.digest import build_digest
from ..corpus.store import Store
from ..plover import EVENT_TYPES

MAX_PAGE = 500
MAX_BODY = 1_000_000  # bytes of a request body (POST /api/extract, /api/ingest)
MAX_EXTRACT_CHARS = 100_000
CACHE_PAGES = 4096  # list pages kept between writes


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, f"{name} must be YYYY-MM-DD, not {value!r}") from None


def _date_range(where: list[str], params: list, column: str, since: str | None, until: str | None) -> None:
    """Add since/until bounds on a date column to a query being built."""
    if since:
        where.append(f"{column} >= ?")
        params.append(_date(since, "since"))
    if until:
        where.append(f"{column} <= ?")
        params.append(_date(until, "until"))


def _jsonable(rows: list[dict]) -> list[dict]:
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()} for r in rows]


def create_app(db: str, ingest_token: str | None = None, watch_feeds: list[str] | None = None,
               every: float = 900.0) -> FastAPI:
    """The API over the store at `db`; POST /api/ingest only when `ingest_token` is set. With
    `watch_feeds`, the same process polls those feeds every `every` seconds and ingests new items:
    DuckDB lets one process write a file, so monitoring and serving share this one connection."""
    store = Store(db, read_only=ingest_token is None and not watch_feeds)
    lock = threading.Lock()  # one DuckDB connection: requests and the watcher take turns
    stop = threading.Event()

    def watcher() -> None:
        from ..corpus.watch import poll_once
        from ..io.feeds import Fetcher
        from ..pipeline import Pipeline

        pipeline, fetcher = Pipeline(), Fetcher()
        while not stop.is_set():
            try:
                with lock:
                    app.state.rounds.append(poll_once(watch_feeds, store, pipeline, fetcher))
                    app.state.cache.clear()
            except Exception as e:  # a round that fails is logged; the next one tries again
                app.state.watch_errors.append(str(e))
            stop.wait(every)
        fetcher.close()

    @contextlib.asynccontextmanager
    async def lifespan(app_: FastAPI):
        thread = None
        if watch_feeds:
            thread = threading.Thread(target=watcher, name="rasd-watch", daemon=True)
            thread.start()
        yield
        stop.set()
        if thread is not None:
            thread.join(timeout=30)

    app = FastAPI(title="rasd API", version="0.1.0", lifespan=lifespan,
                  description="Events, actors, places and documents extracted from Arabic news by rasd.")
    app.state.store = store
    from ..pipeline import Resources
    resources = Resources()  # the knowledge base, loaded once on first use, for actor profiles
    app.state.rounds = []
    app.state.watch_errors = []

    local = threading.local()

    def q(sql: str, params: list | None = None) -> list[dict]:
        """A read on this thread's own cursor: reads run side by side (DuckDB is MVCC); writes
        (ingest, watch) take `lock`."""
        cur = getattr(local, "cur", None)
        if cur is None:
            cur = local.cur = store.con.cursor()
        res = cur.execute(sql, params or [])
        cols = [d[0] for d in res.description]
        return _jsonable([dict(zip(cols, row)) for row in res.fetchall()])

    def one(sql: str, key: str, what: str) -> dict:
        """The row a path id names, or a 404 saying which kind of thing was not found."""
        rows = q(sql, [key])
        if not rows:
            raise ApiError(404, f"no {what} {key!r}")
        return rows[0]

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError):
        return JSONResponse({"error": exc.message}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        problems = [f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in exc.errors()]
        return JSONResponse({"error": "invalid request", "detail": problems}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        return JSONResponse({"error": "internal error"}, status_code=500)

    cache = PageCache()  # list pages and whole GET responses, kept until the next write
    app.state.cache = cache
    app.add_middleware(Guard, cache=cache)

    def listing(select: str, source: str, where: list[str], params: list, order: str, limit: int, offset: int) -> dict:
        """One page of rows and the total, for the list endpoints (recent pages are kept until a write)."""
        if limit > MAX_PAGE:
            raise ApiError(400, f"limit is at most {MAX_PAGE}")
        key = (select, source, tuple(where), tuple(map(str, params)), order, limit, offset)
        hit = cache.pages.get(key)
        if hit is not None:
            return hit
        generation = cache.generation
        page = _listing(select, source, where, params, order, limit, offset)
        cache.put(cache.pages, key, page, generation)
        return page

    def _listing(select: str, source: str, where: list[str], params: list, order: str, limit: int, offset: int) -> dict:
        cond = " WHERE " + " AND ".join(where) if where else ""
        rows = q(f"SELECT {select}, count(*) OVER () AS total_rows_ FROM {source}{cond} ORDER BY {order} "
                 f"LIMIT ? OFFSET ?", params + [limit, offset])
        total = rows[0]["total_rows_"] if rows else q(f"SELECT count(*) AS n FROM {source}{cond}", params)[0]["n"]
        for r in rows:
            del r["total_rows_"]
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    def fast(body: dict) -> JSONResponse:
        """Rows are JSON-ready already: skip FastAPI's slow recursive encoder."""
        return JSONResponse(body)

    @app.get("/api/stats")
    def stats() -> dict:
        with lock:
            return json.loads(json.dumps(store.summary(), default=str))

    @app.get("/api/documents")
    def documents(q_: str | None = Query(None, alias="q"), source: str | None = None, since: str | None = None,
                  until: str | None = None, limit: int = Query(50, ge=1), offset: int = Query(0, ge=0)) -> dict:
        where, params = [], []
        if q_:
            where.append("(d.text ILIKE ? ESCAPE '\\' OR d.title ILIKE ? ESCAPE '\\')")
            params += [_like(q_)] * 2
        if source:
            where.append("d.id IN (SELECT doc_id FROM reports WHERE source = ?)")
            params.append(source)
        _date_range(where, params, "d.published", since, until)
        return listing("d.id, d.title, d.published, d.story_id, "
                       "(SELECT count(*) FROM reports r WHERE r.doc_id = d.id) AS reports",
                       "documents d", where, params, "d.published DESC NULLS LAST, d.id", limit, offset)

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict:
        d = one("SELECT id, title, published, story_id, text FROM documents WHERE id = ?", doc_id, "document")
        d["reports"] = q("SELECT source, url, published, input_id FROM reports WHERE doc_id = ? ORDER BY published", [doc_id])
        d["entities"] = q("SELECT text, type, kind, start_ AS start, end_ AS \"end\", actor_id, name, country, sector, lat, lon "
                          "FROM mentions WHERE doc_id = ? ORDER BY idx", [doc_id])
        d["events"] = q("SELECT e.id, em.merged_id, e.type, e.mode, e.trigger_text, e.trigger_start, e.trigger_end, "
                        "e.sentence_start, e.sentence_end, e.source_actor, e.source_text, e.source_start, e.source_end, "
                        "e.target_actor, e.target_text, e.target_start, e.target_end, e.location_name, e.location_start, "
                        "e.location_end, e.date, e.date_precision, e.negated, e.hypothetical, e.confidence "
                        "FROM events e LEFT JOIN event_merges em ON em.event_id = e.id WHERE e.doc_id = ? "
                        "ORDER BY e.trigger_start", [doc_id])
        d["quotes"] = q("SELECT speaker_actor, speaker_text, speaker_start, speaker_end, text, start_ AS start, "
                        "end_ AS \"end\" FROM quotes WHERE doc_id = ? ORDER BY idx", [doc_id])
        d["framing"] = q("SELECT kind, text, start_ AS start, end_ AS \"end\", about FROM framing WHERE doc_id = ? "
                         "ORDER BY idx", [doc_id])
        return d

    @app.get("/api/events")
    def events(type: str | None = None, mode: str | None = None, actor: str | None = None, country: str | None = None,
               place: str | None = None, bbox: str | None = None, since: str | None = None, until: str | None = None,
               q_: str | None = Query(None, alias="q"), min_reports: int = Query(1, ge=1),
               limit: int = Query(50, ge=1), offset: int = Query(0, ge=0),
               format: str = Query("json", pattern="^(json|csv)$")) -> Any:
        where, params = ["m.n_reports >= ?"], [min_reports]
        if type:
            if type.upper() not in EVENT_TYPES:
                raise ApiError(400, f"unknown event type {type!r}")
            where.append("m.type = ?")
            params.append(type.upper())
        if mode:
            where.append("m.mode = ?")
            params.append(mode)
        if actor:
            where.append("(m.source_actor = ? OR m.target_actor = ?)")
            params += [actor, actor]
        if country:
            where.append("(m.source_country = ? OR m.target_country = ? OR m.location_country = ?)")
            params += [country.upper()] * 3
        if place:
            where.append("m.location_name ILIKE ? ESCAPE '\\'")
            params.append(_like(place))
        if bbox:
            try:
                w, s, e, n = (float(x) for x in bbox.split(","))
            except ValueError:
                raise ApiError(400, "bbox must be west,south,east,north in degrees") from None
            where.append("m.lon BETWEEN ? AND ? AND m.lat BETWEEN ? AND ?")
            params += [w, e, s, n]
        _date_range(where, params, "m.day", since, until)
        if q_:
            where.append("m.id IN (SELECT em.merged_id FROM event_merges em JOIN events e ON e.id = em.event_id "
                         "JOIN documents d ON d.id = e.doc_id WHERE substr(d.text, e.sentence_start + 1, "
                         "e.sentence_end - e.sentence_start) ILIKE ? ESCAPE '\\')")
            params.append(_like(q_))
        result = listing("m.*", "merged_events m", where, params, "m.day DESC NULLS LAST, m.id", limit, offset)
        rows = result["items"]
        if format == "csv":
            buf = io.StringIO()
            if rows:
                w_ = csv.DictWriter(buf, fieldnames=list(rows[0]))
                w_.writeheader()
                w_.writerows(rows)
            return Response(buf.getvalue(), media_type="text/csv; charset=utf-8")
        return fast(result)

    @app.get("/api/events/{event_id}")
    def event(event_id: str) -> dict:
        ev = one("SELECT * FROM merged_events WHERE id = ?", event_id, "event")
        ev["reports"] = q(
            "SELECT e.id AS report_event, e.doc_id, d.title, r.source, r.url, r.published, e.trigger_text, "
            "e.sentence_start, e.sentence_end, substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) "
            "AS sentence FROM event_merges em JOIN events e ON e.id = em.event_id JOIN documents d ON d.id = e.doc_id "
            "JOIN reports r ON r.doc_id = e.doc_id WHERE em.merged_id = ? ORDER BY r.published, r.source", [event_id])
        return ev

    @app.get("/api/actors")
    def actors(q_: str | None = Query(None, alias="q"), type: str | None = None, country: str | None = None,
               limit: int = Query(50, ge=1), offset: int = Query(0, ge=0)) -> dict:
        where, params = [], []
        if q_:
            where.append("(name_en ILIKE ? ESCAPE '\\' OR name_ar ILIKE ? ESCAPE '\\' OR id = ?)")
            params += [_like(q_), _like(q_), q_]
        if type:
            where.append("type = ?")
            params.append(type.upper())
        if country:
            where.append("country = ?")
            params.append(country.upper())
        return listing("a.*, (SELECT count(*) FROM merged_events m WHERE m.source_actor = a.id OR m.target_actor = a.id) "
                       "AS events", "actors a", where, params, "events DESC, a.id", limit, offset)

    @app.get("/api/actors/{actor_id}")
    def actor(actor_id: str) -> dict:
        a = one("SELECT * FROM actors WHERE id = ?", actor_id, "actor")
        kb_actor = resources.kb.get(actor_id)
        a["aliases_ar"] = kb_actor.aliases_ar if kb_actor else []
        a["roles"] = [{"office": r.office, "org": r.org, "country": r.country, "title_ar": r.title_ar,
                       "from": r.start, "to": r.end} for r in (kb_actor.roles if kb_actor else [])]
        a["events_over_time"] = q(
            "SELECT strftime(day, '%Y-%m') AS month, type, count(*) AS events FROM merged_events "
            "WHERE (source_actor = ? OR target_actor = ?) AND day IS NOT NULL GROUP BY month, type ORDER BY month, type",
            [actor_id, actor_id])
        a["counterparts"] = q(
            "SELECT other, any_value(name) AS name, count(*) AS events, list(DISTINCT type) AS types FROM ("
            " SELECT target_actor AS other, target_name AS name, type FROM merged_events WHERE source_actor = ?"
            " UNION ALL SELECT source_actor, source_name, type FROM merged_events WHERE target_actor = ?)"
            " WHERE other IS NOT NULL GROUP BY other ORDER BY events DESC, other LIMIT 20", [actor_id, actor_id])
        return a

    @app.get("/api/timeline")
    def timeline(country: str | None = None) -> dict:
        where, params = ["day IS NOT NULL", "NOT negated"], []
        if country:
            where.append("(source_country = ? OR target_country = ? OR location_country = ?)")
            params += [country.upper()] * 3
        return {"items": q(f"SELECT strftime(day, '%Y-%m') AS month, type, count(*) AS events FROM merged_events "
                           f"WHERE {' AND '.join(where)} GROUP BY month, type ORDER BY month, type", params)}

    static = Path(__file__).parent / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/api/digest")
    def digest(date: str, country: str | None = None, actor: str | None = None) -> dict:
        _date(date, "date")
        if not country and not actor:
            raise ApiError(400, "give country or actor")
        with lock:
            return json.loads(json.dumps(build_digest(store, date, country, actor), default=str))

    @app.post("/api/extract")
    async def extract(request: Request) -> dict:
        try:
            body = json.loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise ApiError(400, 'body must be JSON: {"text": "...", "published": "YYYY-MM-DD"}') from None
        if not isinstance(body, dict) or not isinstance(body.get("text"), str) or not body["text"].strip():
            raise ApiError(400, 'body needs a non-empty string "text"')
        if len(body["text"]) > MAX_EXTRACT_CHARS:
            raise ApiError(413, f"text over {MAX_EXTRACT_CHARS} characters")
        published = body.get("published")
        if published is not None:
            _date(str(published)[:10], "published")
        from .. import process
        return process(body["text"], published=published, title=body.get("title")).to_dict()

    @app.post("/api/ingest")
    async def ingest_endpoint(request: Request) -> dict:
        if not ingest_token or request.headers.get("authorization") != f"Bearer {ingest_token}":
            raise ApiError(403, "ingest needs the configured token (Authorization: Bearer ...)")
        from ..corpus.ingest import ingest_items
        from ..io.readers import parse_jsonl_line
        from ..pipeline import Pipeline

        raw = await request.body()
        items = [parse_jsonl_line(line, "<request>", k) for k, line in enumerate(raw.splitlines(), 1) if line.strip()]
        with lock:
            stats = ingest_items(items, store, Pipeline())
            cache.clear()
        return {"read": stats.read, "new_reports": stats.new_reports, "errors": stats.messages}

    return app


class PageCache:
    """What the list endpoints computed since the last write: pages (by query) and whole
    responses (by path and query string). Writers call clear(); bounded, oldest out first."""

    def __init__(self, size: int = CACHE_PAGES):
        self.size = size
        self.pages: collections.OrderedDict = collections.OrderedDict()
        self.responses: collections.OrderedDict = collections.OrderedDict()
        self.generation = 0  # bumped by clear(): what was computed before a write is not kept after it
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.pages) + len(self.responses)

    def put(self, table: collections.OrderedDict, key, value, generation: int | None = None) -> None:
        with self._lock:
            if generation is not None and generation != self.generation:
                return
            table[key] = value
            if len(table) > self.size:
                table.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self.generation += 1
            self.pages.clear()
            self.responses.clear()


class Guard:
    """ASGI middleware in front of the API: refuses bodies over MAX_BODY with a JSON 413, and
    answers a repeated GET of a list endpoint from the response cache without routing, validation
    or a worker thread (the page is the same until a write clears the cache)."""

    CACHED_PATHS = ("/api/events", "/api/documents", "/api/actors")
    MAX_CACHED_BODY = 512_000

    def __init__(self, app, cache: PageCache):
        self.app, self.cache = app, cache

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > MAX_BODY:
                return await _send_json(send, 413, {"error": f"request body over {MAX_BODY} bytes"})
        if scope["method"] != "GET" or scope["path"] not in self.CACHED_PATHS:
            return await self.app(scope, receive, send)
        key = (scope["path"], scope.get("query_string", b""))
        hit = self.cache.responses.get(key)
        if hit is not None:
            start, body = hit
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        started: dict = {}
        chunks: list[bytes] = []
        generation = self.cache.generation

        async def keep(message):
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and started.get("status") == 200:
                    body = b"".join(chunks)
                    if len(body) <= self.MAX_CACHED_BODY:
                        self.cache.put(self.cache.responses, key, (dict(started), body), generation)
            await send(message)

        await self.app(scope, receive, keep)


async def _send_json(send, status: int, body: dict) -> None:
    data = json.dumps(body).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


def _like(text: str) -> str:
    """A LIKE pattern matching `text` literally anywhere (%, _ and backslash escaped)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
