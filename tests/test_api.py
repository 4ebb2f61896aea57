"""The HTTP API on a store of the sample corpus: every endpoint, filters, errors, injection attempts."""
import pytest
from fastapi.testclient import TestClient

from conftest import SAMPLES
from rasd.corpus.ingest import ingest
from rasd.corpus.store import Store
from rasd.web.api import MAX_PAGE, create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory, pipeline):
    db = tmp_path_factory.mktemp("api") / "rasd.duckdb"
    with Store(db) as store:
        ingest([str(SAMPLES / "corpus.jsonl")], store, pipeline)
    app = create_app(str(db), ingest_token="s3cret")
    with TestClient(app) as c:
        yield c


def test_api_stats(client):
    r = client.get("/api/stats")
    assert r.status_code == 200
    d = r.json()
    assert d["documents"] == 57 and d["reports"] == 58 and d["merged_events"] > 0 and d["events_by_type"]


def test_api_documents_list_filters_and_detail(client):
    r = client.get("/api/documents", params={"limit": 5})
    d = r.json()
    assert r.status_code == 200 and d["total"] == 57 and len(d["items"]) == 5
    r = client.get("/api/documents", params={"q": "معيتيقة", "since": "2019-01-01", "until": "2019-12-31"})
    items = r.json()["items"]
    assert items and all("2019" in x["published"] for x in items)
    doc = client.get(f"/api/documents/{items[0]['id']}").json()
    text = doc["text"]
    for key in ("entities", "quotes", "framing"):
        for span in doc[key]:
            assert text[span["start"]:span["end"]] == span["text"]
    for e in doc["events"]:
        assert text[e["trigger_start"]:e["trigger_end"]] == e["trigger_text"]
    assert doc["reports"]


def test_api_events_filters_pagination_and_csv(client):
    everything = client.get("/api/events", params={"limit": MAX_PAGE}).json()
    assert everything["total"] > 50
    first = client.get("/api/events", params={"limit": 10, "offset": 0}).json()["items"]
    second = client.get("/api/events", params={"limit": 10, "offset": 10}).json()["items"]
    assert first and second and not {x["id"] for x in first} & {x["id"] for x in second}
    assault = client.get("/api/events", params={"type": "assault", "country": "lby"}).json()["items"]
    assert assault and all(x["type"] == "ASSAULT" for x in assault)
    multi = client.get("/api/events", params={"min_reports": 2}).json()["items"]
    assert multi and all(x["n_reports"] >= 2 for x in multi)
    boxed = client.get("/api/events", params={"bbox": "9,19,26,34", "limit": 200}).json()["items"]
    assert boxed and all(9 <= x["lon"] <= 26 and 19 <= x["lat"] <= 34 for x in boxed)
    actor = client.get("/api/events", params={"actor": "haftar-khalifa"}).json()["items"]
    assert actor and all("haftar-khalifa" in (x["source_actor"], x["target_actor"]) for x in actor)
    dated = client.get("/api/events", params={"since": "2020-01-01", "until": "2020-01-31"}).json()["items"]
    assert dated and all("2020-01" in x["day"] for x in dated)
    text = client.get("/api/events", params={"q": "طرابلس"}).json()
    assert text["total"] > 0
    place = client.get("/api/events", params={"place": "Tripoli"}).json()["items"]
    assert all("Tripoli" in x["location_name"] for x in place)
    r = client.get("/api/events", params={"format": "csv", "type": "ASSAULT"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv") and "ASSAULT" in r.text


def test_api_event_detail_with_all_reports(client):
    multi = client.get("/api/events", params={"min_reports": 2}).json()["items"]
    ev = client.get(f"/api/events/{multi[0]['id']}").json()
    assert len({r["source"] for r in ev["reports"]}) >= 2
    assert all(r["sentence"] for r in ev["reports"])


def test_api_actors_list_and_profile(client):
    r = client.get("/api/actors", params={"q": "حفتر"}).json()
    assert any(a["id"] == "haftar-khalifa" for a in r["items"])
    p = client.get("/api/actors/haftar-khalifa").json()
    assert p["name_en"] == "Khalifa Haftar" and p["roles"] and p["events_over_time"] and p["counterparts"]
    countries = client.get("/api/actors", params={"type": "LOC", "limit": 300}).json()
    assert countries["total"] >= 193


def test_api_digest(client):
    d = client.get("/api/digest", params={"country": "LBY", "date": "2020-10-23"}).json()
    assert d["title"].startswith("حصاد ليبيا") and d["stories"]


def test_api_extract_and_its_limits(client):
    r = client.post("/api/extract", json={"text": "أسقط الجيش الوطني الليبي طائرة تركية قرب طرابلس.", "published": "2020-02-19"})
    d = r.json()
    assert r.status_code == 200 and d["events"] and d["entities"]
    assert client.post("/api/extract", content=b"not json").status_code == 400
    assert client.post("/api/extract", json={"text": ""}).status_code == 400
    assert client.post("/api/extract", json={"text": "ك" * 100_001}).status_code == 413
    big = client.post("/api/extract", content=b"x" * 1_000_001, headers={"content-type": "application/json"})
    assert big.status_code == 413 and "error" in big.json()


@pytest.mark.parametrize("params", [
    {"q": "' OR 1=1 --"}, {"q": "%"}, {"q": "_"}, {"q": "x'; DROP TABLE events;--"}, {"actor": "\" OR \"1\"=\"1"},
    {"country": "LBY' OR '1'='1"}, {"place": "%' --"}, {"q": "حكومة الوفاق \"الوطني\""},
])
def test_api_filters_are_parameters_not_sql(client, params):
    r = client.get("/api/events", params=params)
    assert r.status_code == 200
    assert r.json()["total"] == 0 or "q" in params and params["q"].startswith("حكومة")
    assert client.get("/api/stats").json()["merged_events"] > 0  # nothing dropped


def test_api_percent_is_literal(client):
    assert client.get("/api/documents", params={"q": "%"}).json()["total"] == 0


@pytest.mark.parametrize("path, status", [
    ("/api/events?limit=100000", 400), ("/api/events?limit=0", 422), ("/api/events?type=PARTY", 400),
    ("/api/events?since=yesterday", 400), ("/api/events?bbox=1,2,3", 400), ("/api/events/nope", 404),
    ("/api/documents/nope", 404), ("/api/actors/nope", 404), ("/api/digest?date=2020-01-01", 400),
    ("/api/digest?country=LBY&date=19-02-2020", 400), ("/api/nothing", 404),
])
def test_api_errors_are_json_4xx_without_traces(client, path, status):
    r = client.get(path)
    assert r.status_code == status
    body = r.json()
    assert "error" in body and "Traceback" not in r.text


def test_api_ingest_needs_the_token(client):
    line = '{"id": "api-1", "text": "تظاهر مئات المحتجين أمس في طرابلس احتجاجا على انقطاع الكهرباء.", "source": "api"}'
    assert client.post("/api/ingest", content=line.encode()).status_code == 403
    r = client.post("/api/ingest", content=line.encode(), headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 200 and r.json()["new_reports"] == 1


def test_api_openapi_docs_served(client):
    assert client.get("/docs").status_code == 200
    assert "/api/events" in client.get("/openapi.json").json()["paths"]


def test_api_dashboard_is_served_with_local_assets(client):
    page = client.get("/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text and 'lang="ar"' in page.text
    for asset in ("/static/app.js", "/static/app.css"):
        assert client.get(asset).status_code == 200
    assert "http://" not in page.text and "https://" not in page.text  # no CDN: everything is local
    timeline = client.get("/api/timeline", params={"country": "LBY"}).json()["items"]
    assert timeline and all({"month", "type", "events"} <= set(r) for r in timeline)


def test_api_dashboard_never_writes_markup_from_data():
    """Article text is untrusted: the dashboard sets text with textContent, never innerHTML."""
    from pathlib import Path

    import rasd.web

    js = (Path(rasd.web.__file__).parent / "static" / "app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js


def test_api_cached_pages_are_dropped_after_a_write(client):
    before = client.get("/api/events", params={"type": "PROTEST", "limit": 500}).json()["total"]
    line = ('{"id": "api-cache-1", "text": "تظاهر آلاف الطلاب أمس أمام مقر الحكومة في طرابلس احتجاجا على تأخر '
            'صرف المنح، وأغلقوا الطريق الرئيسي لساعات.", "published": "2021-04-02", "source": "api"}')
    r = client.post("/api/ingest", content=line.encode(), headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 200 and r.json()["new_reports"] == 1
    first = client.get("/api/events", params={"type": "PROTEST", "limit": 500})
    assert first.json()["total"] == before + 1  # not the page cached before the write
    cache = client.app.state.cache
    assert len(cache.pages) == 1 and len(cache.responses) == 1  # emptied by the write, refilled by this request
    again = client.get("/api/events", params={"type": "PROTEST", "limit": 500})
    assert again.content == first.content and again.headers["content-type"] == first.headers["content-type"]
    assert len(cache.responses) == 1
