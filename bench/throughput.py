"""Throughput and memory of rasd on a generated corpus: extract, ingest, and ingest on Dask.

    python bench/throughput.py [--n 1000 10000] [--words 400] [--modes extract ingest dask1 dask2] [--pool news|sample]

Articles are built from sentences of the sample corpus and of the development newswire in
../shared/data (when present; --pool sample uses the sample's alone), shuffled and recombined into
documents of about --words words (an average news article), so every run sees the same kind of text. Each
(mode, N) runs in a fresh process so its peak resident memory is its own. Prints documents/s on
one core (extract, ingest; wall-clock, and per CPU-second of all the process's threads), the ratio
to a tokenise-only pass, and peak RSS; dask1/dask2 ingest on a local Dask cluster of 1 or 2 worker
processes (wall-clock documents/s).
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sentences() -> list[str]:
    out = []
    for line in (ROOT / "samples" / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        for para in json.loads(line)["text"].split("\n\n"):
            out += [s.strip() + "." for s in para.split(".") if len(s.split()) > 3]
    return out


SHARED = ROOT.parent / "shared" / "data"


def news_sentences() -> list[str]:
    """The sample corpus's sentences and, where the development data is present (../shared/data),
    its newswire sentences too: ~6,000 distinct sentences, so that generated articles overlap about
    as rarely as real news (recombining only the sample's 349 sentences makes every 100k-th article
    share sentences with thousands of others)."""
    pool = sentences()
    gsr = SHARED / "arabic_event_gsr" / "detection_dev.jsonl"
    if gsr.exists():
        pool += [json.loads(line)["text"] for line in gsr.read_text(encoding="utf-8").splitlines() if line.strip()]
    aner = SHARED / "anercorp" / "train.txt"
    if aner.exists():
        words: list[str] = []
        for line in aner.read_text(encoding="utf-8").splitlines():
            if line.strip():
                words.append(line.rsplit(" ", 1)[0])
                if words[-1] == ".":
                    if len(words) > 4:
                        pool.append(" ".join(words))
                    words = []
    return pool


def articles(n: int, words: int, seed: int = 1, pool_name: str = "news"):
    pool = news_sentences() if pool_name == "news" else sentences()
    rnd = random.Random(seed)
    for i in range(n):
        body, count = [], 0
        while count < words:
            s = rnd.choice(pool)
            body.append(s)
            count += len(s.split())
        paras = [" ".join(body[k:k + 3]) for k in range(0, len(body), 3)]
        yield f"bench-{i}", "\n\n".join(paras)


def cpu_seconds() -> float:
    """CPU time of this process, all its threads (DuckDB runs queries on several)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def current_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def run_one(mode: str, n: int, words: int, pool: str = "news") -> dict:
    from rasd.io.readers import RawDoc
    from rasd.pipeline import Pipeline
    from rasd.text.tokenize import tokenize

    t0 = time.perf_counter()
    ntok = sum(len(tokenize(text)) for _, text in articles(n, words, pool_name=pool))
    tok_s = time.perf_counter() - t0
    rss_at: list[int] = []
    if mode == "extract":
        pipe = Pipeline().warm_up()
        t0, c0 = time.perf_counter(), cpu_seconds()
        raws = (RawDoc(id=doc_id, text=text, published="2020-02-19") for doc_id, text in articles(n, words, pool_name=pool))
        for _ in pipe.pipe(raws):  # as `rasd extract` runs it: 64 documents at a time
            pass
        secs, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    else:
        from rasd.corpus.ingest import ingest
        from rasd.corpus.store import Store

        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "bench.jsonl"
            with src.open("w", encoding="utf-8") as f:
                for doc_id, text in articles(n, words, pool_name=pool):
                    f.write(json.dumps({"id": doc_id, "text": text, "published": "2020-02-19", "source": "bench"},
                                       ensure_ascii=False) + "\n")
            with Store(Path(tmp) / "bench.duckdb") as store:
                if mode == "ingest":
                    pipe = Pipeline().warm_up()
                    done = [0]

                    def advance():  # resident memory now (not the peak) at each tenth of the input
                        done[0] += 1
                        if done[0] % max(1, n // 10) == 0:
                            rss_at.append(round(current_rss_mb()))
                            print(f"  {done[0]} documents, {time.perf_counter() - t0:.0f} s, resident {rss_at[-1]} MB",
                                  file=sys.stderr, flush=True)

                    t0, c0 = time.perf_counter(), cpu_seconds()
                    ingest([str(src)], store, pipe, advance=advance)  # BATCH_SIZE documents a transaction, as `rasd ingest`
                    secs, cpu = time.perf_counter() - t0, cpu_seconds() - c0
                else:
                    from rasd.corpus.distributed import ingest_distributed, make_client
                    from rasd.corpus.ingest import iter_inputs

                    with make_client(local_workers=int(mode[-1])) as client:
                        client.run(lambda: __import__("rasd.corpus.distributed", fromlist=["x"])._worker_pipeline()
                                   .process("تمهيد.", "2020-01-01") and None)
                        t0 = time.perf_counter()
                        ingest_distributed(iter_inputs([str(src)]), store, client, Path(tmp) / "shards")
                        secs, cpu = time.perf_counter() - t0, None  # the workers' CPU is not this process's
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"mode": mode, "n": n, "words": words, "pool": pool, "docs_per_s": n / secs,
            "docs_per_cpu_s": n / cpu if cpu else None, "tokenise_docs_per_s": n / tok_s,
            "ratio": secs / tok_s, "peak_rss_mb": rss, "tokens_per_doc": ntok / n, "rss_by_tenth_mb": rss_at}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, nargs="+", default=[1000])
    ap.add_argument("--words", type=int, default=400)
    ap.add_argument("--pool", choices=["news", "sample"], default="news",
                    help="sentences to recombine: the sample corpus's plus the development newswire (default), "
                         "or the sample corpus's alone")
    ap.add_argument("--modes", nargs="+", default=["extract", "ingest"], choices=["extract", "ingest", "dask1", "dask2"])
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of each (mode, N), each in a fresh process; the best and the median are printed")
    ap.add_argument("--one", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.pool == "news" and not SHARED.exists():
        print(f"{SHARED} is absent: recombining the sample corpus's sentences only", file=sys.stderr)
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]), args.words, args.pool)))
        return
    for mode in args.modes:
        for n in args.n:
            rates = []
            for _ in range(args.repeat):
                out = subprocess.run([sys.executable, __file__, "--one", mode, str(n), "--words", str(args.words),
                                      "--pool", args.pool],
                                     stdout=subprocess.PIPE, text=True, check=True).stdout  # stderr shows as it comes
                r = json.loads(out.strip().splitlines()[-1])
                rates.append(r["docs_per_s"])
                per_cpu = f" ({r['docs_per_cpu_s']:.1f} per CPU-second)" if r["docs_per_cpu_s"] else ""
                print(f"{r['mode']:8} N={r['n']:>6}: {r['docs_per_s']:7.1f} docs/s{per_cpu}, tokenise-only "
                      f"{r['tokenise_docs_per_s']:7.1f} docs/s, ratio {r['ratio']:5.1f}x, peak RSS {r['peak_rss_mb']:5.0f} MB, "
                      f"{r['tokens_per_doc']:.0f} tokens/doc", flush=True)
                if r["rss_by_tenth_mb"]:
                    print(f"         resident MB at each tenth: {r['rss_by_tenth_mb']}", flush=True)
            if args.repeat > 1:
                print(f"{mode:8} N={n:>6}: best {max(rates):.1f} docs/s, median {statistics.median(rates):.1f} "
                      f"over {args.repeat} runs", flush=True)


if __name__ == "__main__":
    main()
