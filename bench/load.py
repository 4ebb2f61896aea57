"""Load test of the HTTP API: concurrent clients against /api/events with filters, on a store of
N synthetic merged events (loopback, one server process).

    python bench/load.py [--events 100000] [--clients 50] [--seconds 30] [--tool wrk|python]

Prints requests/s and latency percentiles. The store is built with SQL (random types, countries,
days, places, actors), so the numbers measure the API, not extraction. Clients draw an event type,
a country, a start month and a minimum of reports at random for each request (2,400 distinct
filtered pages). `--tool wrk` (the default where Debian's wrk is installed: C, light on the CPU
the server shares) runs wrk with a Lua script doing the same; `--tool python` uses asyncio + httpx.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = ["LBY", "TUR", "RUS", "EGY", "SYR", "IRQ", "YEM", "SDN", "TUN", "DZA"]
TYPES = ["ASSAULT", "CONSULT", "REQUEST", "ACCUSE", "REJECT", "AGREE", "SUPPORT", "PROTEST", "COERCE", "MOBILIZE"]


def build(db: Path, n: int) -> None:
    from rasd.corpus.store import Store

    with Store(db) as store:
        store.con.execute(f"""
            INSERT INTO merged_events
            SELECT 'ev' || i, ['{"','".join(TYPES)}'][1 + i % {len(TYPES)}], NULL,
                   'actor-' || (i % 300), 'actor-' || ((i * 7) % 300), 'Actor ' || (i % 300), 'Actor ' || ((i * 7) % 300),
                   ['{"','".join(COUNTRIES)}'][1 + i % {len(COUNTRIES)}], ['{"','".join(COUNTRIES)}'][1 + (i * 3) % {len(COUNTRIES)}],
                   'Place ' || (i % 500), ['{"','".join(COUNTRIES)}'][1 + (i * 5) % {len(COUNTRIES)}],
                   10 + (i % 25), 5 + (i % 40),
                   DATE '2019-01-01' + INTERVAL (i % 1000) DAY, NULL, NULL, 1 + i % 4, 1 + i % 3,
                   NULL, NULL, NULL, false, false, 0.5
            FROM range({n}) t(i)""")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def client(base: str, until: float, latencies: list[float], errors: list[int], seed: int) -> None:
    import httpx

    rnd = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=10) as c:
        while time.perf_counter() < until:
            params = {"type": rnd.choice(TYPES), "country": rnd.choice(COUNTRIES), "limit": 50,
                      "since": f"2019-{rnd.randint(1, 12):02d}-01", "min_reports": rnd.randint(1, 2)}  # as WRK_SCRIPT
            t0 = time.perf_counter()
            r = await c.get("/api/events", params=params)
            latencies.append(time.perf_counter() - t0)
            if r.status_code != 200:
                errors.append(r.status_code)


async def run(base: str, clients: int, seconds: float) -> tuple[list[float], list[int]]:
    latencies: list[float] = []
    errors: list[int] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(*(client(base, until, latencies, errors, k) for k in range(clients)))
    return latencies, errors


WRK_SCRIPT = """
math.randomseed(%(seed)d)
local types = {%(types)s}
local countries = {%(countries)s}
request = function()
  local path = string.format("/api/events?type=%%s&country=%%s&limit=50&since=2019-%%02d-01&min_reports=%%d",
    types[math.random(#types)], countries[math.random(#countries)], math.random(12), math.random(2))
  return wrk.format("GET", path)
end
"""


def run_wrk(base: str, clients: int, seconds: float, tmp: Path) -> str:
    script = tmp / "load.lua"
    script.write_text(WRK_SCRIPT % {"seed": 1, "types": ",".join(f'"{t}"' for t in TYPES),
                                    "countries": ",".join(f'"{c}"' for c in COUNTRIES)})
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "--latency", "-s", str(script), base],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    pct = {m.group(1): _ms(m.group(2)) for m in re.finditer(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return (f"wrk: {rps:.0f} requests/s, p50 {pct['50']:.0f} ms, p90 {pct['90']:.0f} ms, p99 {pct['99']:.0f} ms, "
            f"non-2xx {errors.group(1) if errors else 0}")


def _ms(value: str) -> float:
    num, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(num) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--tool", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    ap.add_argument("--warmup", type=float, default=0,
                    help="seconds of the same load first (reported apart): pages get computed and cached")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.duckdb"
        build(db, args.events)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "rasd", "serve", "--db", str(db), "--port", str(port)],
                                  stderr=subprocess.DEVNULL)
        try:
            import httpx
            for _ in range(100):
                try:
                    httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            if args.tool == "wrk":
                if args.warmup:
                    print(f"warm-up {args.warmup:.0f} s, "
                          + run_wrk(f"http://127.0.0.1:{port}", args.clients, args.warmup, Path(tmp)), flush=True)
                print(f"{args.events} events, {args.clients} connections, {args.seconds:.0f} s, "
                      + run_wrk(f"http://127.0.0.1:{port}", args.clients, args.seconds, Path(tmp)))
                return
            t0 = time.perf_counter()
            lat, errors = asyncio.run(run(f"http://127.0.0.1:{port}", args.clients, args.seconds))
            wall = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait()
    lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
    print(f"{args.events} events, {args.clients} clients, {wall:.0f} s: {len(lat) / wall:.0f} requests/s, "
          f"p50 {p(0.5):.0f} ms, p99 {p(0.99):.0f} ms, mean {statistics.mean(lat) * 1000:.0f} ms, errors {len(errors)}")


if __name__ == "__main__":
    main()
