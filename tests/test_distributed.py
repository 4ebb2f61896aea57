"""Scale-out: extraction on a Dask LocalCluster gives the same store as a local run."""
from conftest import SAMPLES
from rasd.corpus.distributed import ingest_distributed, make_client
from rasd.corpus.ingest import ingest, iter_inputs
from rasd.corpus.store import Store

CORPUS = [str(SAMPLES / "corpus.jsonl"), str(SAMPLES / "articles")]


def snapshot(store: Store) -> dict:
    return {
        "docs": store.query("SELECT id, story_id, title, published FROM documents ORDER BY id"),
        "reports": store.query("SELECT id, doc_id, source, url FROM reports ORDER BY id"),
        "events": store.query("SELECT e.id, type, mode, source_actor, target_actor, day, em.merged_id FROM events e "
                               "LEFT JOIN event_merges em ON em.event_id = e.id ORDER BY e.id"),
        "merged": store.query("SELECT id, n_reports, n_outlets FROM merged_events ORDER BY id"),
        "mentions": store.count("mentions"), "quotes": store.count("quotes"), "framing": store.count("framing"),
    }


def test_distributed_local_cluster_matches_a_local_run(tmp_path, pipeline):
    with Store(tmp_path / "local.duckdb") as store:
        ingest(CORPUS, store, pipeline)
        local = snapshot(store)
    with make_client(local_workers=2) as client, Store(tmp_path / "dask.duckdb") as store:
        stats = ingest_distributed(iter_inputs(CORPUS), store, client, tmp_path / "shards", chunk=8)
        dask = snapshot(store)
        again = ingest_distributed(iter_inputs(CORPUS), store, client, tmp_path / "shards")
    assert stats.new_reports == 61 and again.unchanged == 61 and again.new_reports == 0
    assert len(list((tmp_path / "shards").glob("shard-*.parquet"))) == 8
    assert dask == local
