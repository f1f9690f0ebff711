"""Crawler CPU cost: 50 mock hosts crawled in parallel at 1 request per second each.

Not a test. Starts the mock hosts in one process (``--serve``), runs ``python -m
extractor.fetch`` in another, and reads the crawler's CPU time (user + system, from
``os.wait4``) against wall time. Target: under half a core.

    .venv/bin/python benchmarks/bench_crawl.py            # 3 runs, about 1 minute
    .venv/bin/python benchmarks/bench_crawl.py --runs 1 --hosts 10
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTS, REPORTS_PER_LIST = 2, 4
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 200  # ~50 KB


def site(host: int) -> dict[str, tuple[str, bytes]]:
    """Pages of one host: path -> (content type, body)."""
    pages: dict[str, tuple[str, bytes]] = {}
    for n in range(LISTS):
        items = "".join(
            f'<li><a href="./2024{n:02d}/t2024031{r}_{host}{n}{r}.htm">某单位{2020 + r}年度政府信息公开工作年度报告</a>'
            f"<span>2024-03-1{r}</span></li><li><a href='./x/{r}.htm'>关于某事项的通知</a></li>"
            for r in range(REPORTS_PER_LIST))
        name = "index.html" if n == 0 else f"index_{n}.html"
        body = (f"<html><head><meta charset='utf-8'><title>年度报告</title></head><body><ul>{items}</ul>"
                f"<script>createPageHTML({LISTS}, {n}, \"index\", \"html\");</script>" + "<p>填充</p>" * 300 +
                "</body></html>")
        pages[f"/ndbg/{name}"] = ("text/html; charset=utf-8", body.encode())
        for r in range(REPORTS_PER_LIST):
            report = (f"<html><head><meta charset='utf-8'></head><body><h1>某单位{2020 + r}年度政府信息公开工作年度报告</h1>"
                      + "<p>正文内容。</p>" * 400 + f"<a href='./P{host}{n}{r}.pdf'>附件：年度报告.pdf</a></body></html>")
            pages[f"/ndbg/2024{n:02d}/t2024031{r}_{host}{n}{r}.htm"] = ("text/html; charset=utf-8", report.encode())
            pages[f"/ndbg/2024{n:02d}/P{host}{n}{r}.pdf"] = ("application/pdf", PDF + f"{host}{n}{r}".encode())
    return pages


def serve(hosts: int) -> None:
    log: dict[int, list[float]] = {}
    lock = threading.Lock()
    servers = []
    for h in range(hosts):
        pages = site(h)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            host_id = h
            routes = pages

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                with lock:
                    log.setdefault(self.host_id, []).append(time.monotonic())
                content_type, body = self.routes.get(self.path, ("text/plain", b""))
                self.send_response(200 if self.path in self.routes else 404)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    print(json.dumps([f"http://127.0.0.1:{s.server_address[1]}/ndbg/index.html" for s in servers]), flush=True)
    sys.stdin.read()
    gaps = [b - a for times in log.values() for a, b in zip(sorted(times), sorted(times)[1:], strict=False)]
    print(json.dumps({"requests": sum(len(t) for t in log.values()), "min_gap": min(gaps) if gaps else None}),
          flush=True)


def run_once(hosts: int, delay: float) -> dict[str, float]:
    server = subprocess.Popen([sys.executable, __file__, "--serve", "--hosts", str(hosts)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None and server.stdin is not None
    urls = json.loads(server.stdout.readline())
    with tempfile.TemporaryDirectory() as store:
        command = [sys.executable, "-m", "extractor.fetch", *urls, "--store", store, "--delay", str(delay),
                   "--parallel-hosts", str(hosts), "--allow-private-addresses", "--quiet"]
        started = time.monotonic()
        crawler = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        _, status, usage = os.wait4(crawler.pid, 0)
        wall = time.monotonic() - started
        crawler.returncode = os.waitstatus_to_exitcode(status)
        stored = sum(1 for p in Path(store, "objects").rglob("*.json"))
    server.stdin.close()
    served = json.loads(server.stdout.readline())
    server.wait()
    cpu = usage.ru_utime + usage.ru_stime
    return {"wall_s": wall, "cpu_s": cpu, "cores": cpu / wall, "requests": served["requests"],
            "min_gap_s": served["min_gap"], "objects": stored, "max_rss_mb": usage.ru_maxrss / 1024,
            "exit": crawler.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.hosts)
        return
    results = []
    for i in range(args.runs):
        result = run_once(args.hosts, args.delay)
        results.append(result)
        print(f"run {i + 1}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                            for k, v in result.items()), flush=True)
    median = {k: statistics.median(r[k] for r in results) for k in ("wall_s", "cpu_s", "cores", "requests")}
    print(f"median of {args.runs}: {args.hosts} hosts, delay {args.delay} s, {median['requests']:.0f} requests, "
          f"wall {median['wall_s']:.1f} s, CPU {median['cpu_s']:.2f} s = {median['cores']:.3f} cores "
          f"({median['requests'] / median['wall_s']:.1f} requests/s)")
    print("target under 0.5 cores:", "met" if median["cores"] < 0.5 else "NOT met")


if __name__ == "__main__":
    main()
