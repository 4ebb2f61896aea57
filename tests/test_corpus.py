"""The corpus store: ingest (idempotent, resumable, errors kept), duplicates and merged events,
digests and exports, on the project's sample corpus."""
import csv
import json
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from conftest import SAMPLES, SEED
from rasd.corpus.digest import build_digest, to_html, to_markdown
from rasd.corpus.export import export
from rasd.corpus.ingest import ingest
from rasd.corpus.store import SCHEMA_VERSION, Store

CORPUS = [str(SAMPLES / "corpus.jsonl"), str(SAMPLES / "articles")]


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline):
    path = tmp_path_factory.mktemp("store") / "rasd.duckdb"
    with Store(path) as store:
        first = ingest(CORPUS, store, pipeline, batch_size=16)
        counts = {t: store.count(t) for t in ("documents", "reports", "events", "merged_events")}
        second = ingest(CORPUS, store, pipeline, batch_size=16)
        again = {t: store.count(t) for t in ("documents", "reports", "events", "merged_events")}
    return path, first, second, counts, again


def test_corpus_ingest_stores_the_sample_corpus(db):
    path, first, _, counts, _ = db
    assert first.read == 61 and first.errors == 0
    assert counts["documents"] == 60 and counts["reports"] == 61  # the wire copy is one text, two reports
    assert counts["events"] > 300 and 0 < counts["merged_events"] < counts["events"]
    with Store(path, read_only=True) as store:
        assert store.version() == SCHEMA_VERSION
        assert store.count("actors") >= 2000


def test_corpus_ingest_twice_changes_nothing(db):
    _, first, second, counts, again = db
    assert second.unchanged == first.read and second.new_reports == 0 and second.new_documents == 0
    assert counts == again


def test_corpus_exact_copies_are_not_extracted_again(tmp_path, pipeline):
    """A text already stored (here: the same article from a second outlet, in the same batch and in
    a later run) only gains a report; the pipeline's stages do not run for it."""
    text = "قال وزير الخارجية الروسي سيرغي لافروف يوم الاثنين إن موسكو تدعو إلى وقف إطلاق النار في ليبيا."
    src = tmp_path / "copies.jsonl"
    rows = [{"id": f"r{k}", "text": text, "source": f"outlet{k}", "published": "2020-02-17"} for k in range(3)]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows[:2]) + "\n", encoding="utf-8")
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(rows[2], ensure_ascii=False) + "\n", encoding="utf-8")
    runs = []
    original = pipeline.run_many

    def counting(docs):
        runs.extend(doc.id for doc in docs)
        return original(docs)

    pipeline.run_many = counting
    try:
        with Store(tmp_path / "c.duckdb") as store:
            first = ingest([str(src)], store, pipeline)
            second = ingest([str(later)], store, pipeline)
            assert store.count("documents") == 1 and store.count("reports") == 3
    finally:
        del pipeline.run_many
    assert runs == ["r0"]
    assert (first.new_documents, first.exact_duplicates, second.exact_duplicates) == (1, 1, 1)


def test_corpus_near_duplicates_are_one_story_and_their_events_one_event(db):
    path = db[0]
    with Store(path, read_only=True) as store:
        stories = store.query("SELECT d.story_id, list(r.input_id ORDER BY r.input_id) AS ids FROM documents d "
                              "JOIN reports r ON r.doc_id = d.id GROUP BY d.story_id HAVING count(*) > 1")
        groups = sorted(tuple(s["ids"]) for s in stories)
        assert ("lby-2019-04-08-mitiga-airstrike-a", "lby-2019-04-08-mitiga-airstrike-b") in groups
        assert ("lby-2020-10-23-geneva-ceasefire-a", "lby-2020-10-23-geneva-ceasefire-b") in groups
        assert ("lby-2020-01-19-berlin-a", "lby-2020-01-19-berlin-wire") in groups
        assert len(groups) == 5
        merged = store.query("SELECT m.id, m.n_reports, m.n_outlets, list(DISTINCT r.input_id) AS ids "
                             "FROM merged_events m JOIN event_merges em ON em.merged_id = m.id JOIN events e ON e.id = em.event_id "
                             "JOIN reports r ON r.doc_id = e.doc_id "
                             "WHERE m.n_reports >= 2 GROUP BY m.id, m.n_reports, m.n_outlets")
        pair = [m for m in merged if set(m["ids"]) == {"lby-2020-10-23-geneva-ceasefire-a", "lby-2020-10-23-geneva-ceasefire-b"}]
        assert pair and all(m["n_outlets"] == 2 for m in pair)


def test_corpus_bad_documents_go_to_the_errors_table(tmp_path, pipeline):
    with Store(tmp_path / "e.duckdb") as store:
        stats = ingest([str(SAMPLES / "broken")], store, pipeline)
        errors = store.query("SELECT path, line, problem FROM errors ORDER BY path, line")
        assert stats.errors == len(errors) == 7
        assert any(e["path"].endswith("truncated.jsonl") and e["line"] == 2 for e in errors)
        assert store.count("reports") == 5  # the good lines and files around them are stored
        again = ingest([str(SAMPLES / "broken")], store, pipeline)
        assert store.count("errors") == 7 and again.new_reports == 0


def _big_jsonl(path, n):
    lines = (SAMPLES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            obj = json.loads(lines[i % len(lines)])
            obj["id"] = f"copy-{i}"
            obj["text"] = obj["text"] + f"\n\nنسخة رقم {i} من الخبر."
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")


def test_corpus_resume_after_kill_9_loses_nothing_and_duplicates_nothing(tmp_path):
    src = tmp_path / "big.jsonl"
    _big_jsonl(src, 150)
    killed, clean = tmp_path / "killed.duckdb", tmp_path / "clean.duckdb"
    cmd = [sys.executable, "-m", "rasd", "ingest", str(src), "--batch-size", "5", "--no-progress", "--format", "json"]
    proc = subprocess.Popen(cmd + ["--db", str(killed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(6)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(killed, read_only=True) as store:
        partial = store.count("reports")
    assert 0 <= partial <= 150
    subprocess.run(cmd + ["--db", str(killed)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(cmd + ["--db", str(clean)], check=True, stdout=subprocess.DEVNULL)
    with Store(killed, read_only=True) as a, Store(clean, read_only=True) as b:
        for table in ("documents", "reports", "events", "merged_events", "mentions", "quotes"):
            assert a.count(table) == b.count(table), table
        assert a.count("reports") == 150
        ids = a.query("SELECT id, count(*) AS n FROM events GROUP BY id HAVING n > 1")
        assert ids == []


def test_corpus_digest_lists_the_days_stories_with_sources(db):
    path = db[0]
    with Store(path, read_only=True) as store:
        d = build_digest(store, "2020-10-23", country="LBY")
    assert d["title"].startswith("حصاد ليبيا ، 2020-10-23")
    assert d["lead"] and d["stories"]
    top = d["stories"][0]
    assert top["what_happened"] and top["sources"]
    outlets = {s["source"] for s in top["sources"]}
    assert len(outlets) >= 2  # the two outlets that told the ceasefire story
    with Store(path, read_only=True) as store:
        for h in top["what_happened"]:
            text = store.query("SELECT text FROM documents WHERE id = ?", [h["doc_id"]])[0]["text"]
            assert text[h["start"]:h["end"]] == h["sentence"]
    md, page = to_markdown(d), to_html(d)
    assert md.startswith("# حصاد ليبيا") and "المصادر" in md
    assert page.startswith("<!doctype html>") and 'dir="rtl"' in page


def test_corpus_digest_escapes_text_in_html(db):
    path = db[0]
    with Store(path, read_only=True) as store:
        d = build_digest(store, "2020-08-24", country="LBY")
    page = to_html(d)
    assert "<script>alert(1)</script>" not in page


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is absent")
def test_corpus_digest_of_the_seed_day(tmp_path, pipeline):
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(SEED)], store, pipeline, published="2020-02-19")
        d = build_digest(store, "2020-02-19", country="LBY")
    types = {h["type"] for s in d["stories"] for h in s["what_happened"]}
    assert {"REJECT", "ASSAULT", "CONSULT"} <= types
    assert all(s["sources"] for s in d["stories"])


def test_corpus_exports_read_back(db, tmp_path):
    path = db[0]
    with Store(path, read_only=True) as store:
        total = store.count("merged_events")
        n_parquet = export(store, "parquet", str(tmp_path / "e.parquet"))
        n_csv = export(store, "csv", str(tmp_path / "e.csv"), country="LBY", since="2020-01-01", until="2020-12-31")
        n_jsonl = export(store, "jsonl", str(tmp_path / "e.jsonl"), event_type="ASSAULT")
        n_plover = export(store, "plover", str(tmp_path / "p.jsonl"))
    assert n_parquet == total
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM read_parquet('{tmp_path / 'e.parquet'}')").fetchone()[0] == total
    rows = list(csv.DictReader(open(tmp_path / "e.csv", encoding="utf-8")))
    assert len(rows) == n_csv > 0 and all("2020-01-01" <= r["day"] <= "2020-12-31" for r in rows)
    lines = [json.loads(x) for x in open(tmp_path / "e.jsonl", encoding="utf-8")]
    assert len(lines) == n_jsonl and all(x["type"] == "ASSAULT" for x in lines)
    recs = [json.loads(x) for x in open(tmp_path / "p.jsonl", encoding="utf-8")]
    assert len(recs) == n_plover == total
    from rasd.plover import EVENT_TYPES, MODES
    for r in recs:
        assert set(r) >= {"id", "date", "date_precision", "event_type", "mode", "context", "actor", "recipient",
                          "location", "negated", "hypothetical", "confidence", "text_spans", "citation"}
        assert r["event_type"] in EVENT_TYPES and (r["mode"] is None or r["mode"] in MODES[r["event_type"]])
        for side in ("actor", "recipient"):
            if r[side] is not None:
                assert set(r[side]) == {"actor_id", "name", "text", "country", "sector", "wikidata"}
        if r["location"]:
            assert r["location"]["lat"] is None or -90 <= r["location"]["lat"] <= 90
        c = r["citation"]
        assert c["doc_id"] and c["reports"] >= 1 and c["outlets"] >= 1 and len(c["all_reports"]) >= 1
        sent = r["text_spans"]["sentence"]
        trig = r["text_spans"]["trigger"]
        assert sent["start"] <= trig["start"] < trig["end"] <= sent["end"]


def test_corpus_store_migrates_old_signatures(tmp_path):
    """A version-3 store (MinHash of the first kind) is re-signed when opened: its documents get the
    current signatures and LSH buckets, so they still meet the new documents they duplicate."""
    from rasd.corpus.dedup import BANDS, bands, minhash
    from rasd.corpus.store import MIGRATIONS

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for v in (1, 2, 3):
        for step in MIGRATIONS[v]:
            con.execute(step)
        con.execute("INSERT INTO schema_version VALUES (?)", [v])
    texts = {"d1": "أعلنت حكومة الوفاق الوطني تعليق مشاركتها في محادثات جنيف العسكرية بعد قصف ميناء طرابلس.",
             "d2": "قالت بعثة الأمم المتحدة إن الطرفين اتفقا على مواصلة المحادثات في جنيف الأسبوع المقبل."}
    for doc_id, text in texts.items():
        con.execute("INSERT INTO documents (id, text, story_id, minhash) VALUES (?, ?, ?, ?)",
                    [doc_id, text, doc_id, [7] * 128])
        con.execute("INSERT INTO lsh VALUES (0, 7, ?)", [doc_id])
    con.close()
    with Store(path) as store:
        assert store.version() == SCHEMA_VERSION
        for doc_id, text in texts.items():
            (sig,) = store.con.execute("SELECT minhash FROM documents WHERE id = ?", [doc_id]).fetchone()
            assert list(sig) == minhash(text)
            buckets = [r[0] for r in store.con.execute(
                "SELECT bucket FROM lsh WHERE doc_id = ? ORDER BY band", [doc_id]).fetchall()]
            assert buckets == bands(minhash(text)) and len(buckets) == BANDS


def test_corpus_minhash_estimates_jaccard():
    from rasd.corpus.dedup import minhash, shingles, similarity

    a = ("قال وزير الخارجية الروسي إن بلاده تدعو جميع الأطراف الليبية إلى وقف إطلاق النار والعودة إلى "
         "طاولة الحوار في جنيف دون شروط مسبقة، مؤكدا أن موسكو تتواصل مع الطرفين")
    b = a.replace("جميع", "كل").replace("دون شروط مسبقة", "بلا شروط")
    c = "أعلنت الشرطة في الخرطوم اعتقال عشرات المتظاهرين الذين خرجوا للاحتجاج على ارتفاع أسعار الخبز والوقود"
    sa, sb = set(shingles(a).tolist()), set(shingles(b).tolist())
    true = len(sa & sb) / len(sa | sb)
    assert abs(similarity(minhash(a), minhash(b)) - true) < 0.15
    assert similarity(minhash(a), minhash(c)) < 0.1
    assert minhash(a) == minhash(a + " ")  # the same words, the same signature


def test_corpus_incremental_merge_equals_full_recomputation(tmp_path, pipeline):
    """Ingesting in several runs merges only the touched groups; the merged events and their links
    are exactly what recomputing everything gives. A copy from a new outlet updates the counts."""
    from rasd.corpus.dedup import merge_events

    lines = (SAMPLES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    parts = [lines[:20], lines[20:45], lines[45:]]
    copy = json.loads(lines[3])
    copy["source"], copy["id"] = "another-outlet", "copy-of-3"
    parts.append([json.dumps(copy, ensure_ascii=False)])
    with Store(tmp_path / "inc.duckdb") as store:
        for k, part in enumerate(parts):
            src = tmp_path / f"part{k}.jsonl"
            src.write_text("\n".join(part) + "\n", encoding="utf-8")
            ingest([str(src)], store, pipeline)

        def tables():
            return (store.con.execute("SELECT * FROM merged_events ORDER BY id").fetchall(),
                    store.con.execute("SELECT * FROM event_merges ORDER BY event_id").fetchall())

        incremental = tables()
        assert len(incremental[0]) > 100
        outlets = store.con.execute(
            "SELECT max(n_outlets) FROM merged_events m JOIN event_merges em ON em.merged_id = m.id "
            "JOIN events e ON e.id = em.event_id JOIN reports r ON r.doc_id = e.doc_id "
            "WHERE r.source = 'another-outlet'").fetchone()[0]
        assert outlets >= 2  # the copy's outlet is counted by the events it repeats
        merge_events(store)  # full
        assert tables() == incremental


def test_corpus_merge_in_shares_equals_merge_in_one(tmp_path, pipeline, monkeypatch):
    """Merge groups are merged a share at a time (bounded memory on a large store): full and
    incremental merges in 7 shares give what one share gives."""
    from rasd.corpus import dedup

    lines = (SAMPLES / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    with Store(tmp_path / "shares.duckdb") as store:
        for k, part in enumerate([lines[:30], lines[30:]]):
            src = tmp_path / f"part{k}.jsonl"
            src.write_text("\n".join(part) + "\n", encoding="utf-8")
            ingest([str(src)], store, pipeline)  # incremental merges, in one share

        def tables():
            return (store.con.execute("SELECT * FROM merged_events ORDER BY id").fetchall(),
                    store.con.execute("SELECT * FROM event_merges ORDER BY event_id").fetchall())

        one = tables()
        events = store.count("events")
        monkeypatch.setattr(dedup, "MERGE_SHARE_EVENTS", events // 6)
        dedup.merge_events(store)
        assert tables() == one
        store.con.execute("UPDATE merge_state SET merged_through = TIMESTAMP '2000-01-01'")  # all touched again
        dedup.merge_events(store, incremental=True)
        assert tables() == one and len(one[0]) > 100
