#!/usr/bin/env python3
"""Benchmark: time from saving one news item to the reload event, on a
generated site of N items (default 10,000), with `bangvang serve`.

usage: scripts/bench_reload.py [N] [ROUNDS] [EDIT]
EDIT is what each round saves (default `body`):
  body   one item's text (nothing other pages show of it changes)
  title  one item's title (its lists, tag and unit pages, feeds, search change)
  new    a new item dated today (every list it lands at the top of shifts)
  score  one score in data/scoring/2023/xa-phuong.yaml (that year's and the
         next year's standings, unit pages, home)
Builds the release binary first. Prints each round and the median.
The clock starts right after the file is written and stops when the server's
Server-Sent Events stream delivers `reload`: the watcher's debounce and
quiet spell (10-13 ms, to collapse editor and git bursts), the rebuild and
the event.
The rebuild's own time is printed by serve in its log line ("in N ms").
"""
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)
n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 10
edit = sys.argv[3] if len(sys.argv) > 3 else "body"
if edit not in ("body", "title", "new", "score"):
    sys.exit(f"unknown edit {edit!r}: use body, title, new or score")

subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=repo, check=True)
binary = os.path.join(repo, "target", "release", "bangvang")
site = tempfile.mkdtemp(prefix="bangvang-bench-")
subprocess.run([sys.executable, os.path.join(here, "gen_site.py"), site, str(n)], check=True)

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
log = open(os.path.join(site, "serve.log"), "w+")
server = subprocess.Popen([binary, "serve", "--root", site, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
try:
    deadline = time.time() + 600
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/")
            if c.getresponse().status == 200:
                break
        except OSError:
            pass
        if time.time() > deadline or server.poll() is not None:
            sys.exit("server did not start")
        time.sleep(0.2)

    events = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    events.request("GET", "/__bangvang/events")
    stream = events.getresponse()

    def wait_for(name):
        event = None
        while True:
            line = stream.fp.readline().decode()
            if not line:
                sys.exit("event stream closed")
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.strip() == "" and event:
                if event == name:
                    return
                event = None

    wait_for("hello")
    news = os.path.join(site, "content", "tin-tuc")
    # The newest item (not _index.md, which sorts after the dated names).
    item = os.path.join(news, max(f for f in os.listdir(news) if re.match(r"\d{4}-.*\.md$", f)))
    original = open(item, encoding="utf-8").read()
    times = []
    for r in range(rounds):
        time.sleep(0.5)  # let the previous round settle
        if edit == "body":
            path, text = item, original.replace("## Nội dung chính", f"## Nội dung chính\n\nSửa lần {r}.")
        elif edit == "title":
            path, text = item, re.sub(r'(?m)^title: "?', lambda m: f"{m.group(0)}Sửa lần {r}: ", original, count=1)
        elif edit == "score":
            path = os.path.join(site, "data", "scoring", "2023", "xa-phuong.yaml")
            if r == 0:
                scoring = open(path, encoding="utf-8").read()
            old = "council: { I.1: 4.25, I.2.1: 4, I.2.2: 3.5,"
            if old not in scoring:
                sys.exit("the sample scoring file changed: update the score edit")
            text = scoring.replace(old, old.replace("4.25", ["4", "4.5"][r % 2]), 1)
        else:
            path = os.path.join(os.path.dirname(item), f"2099-01-01-tin-moi-{r}.md")
            text = re.sub(r"(?m)^date: .*$", "date: 2099-01-01", original, count=1)
            text = re.sub(r'(?m)^title: "?', lambda m: f"{m.group(0)}Tin mới {r}: ", text, count=1)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        t0 = time.perf_counter()
        wait_for("reload")
        ms = (time.perf_counter() - t0) * 1000
        times.append(ms)
        print(f"round {r + 1}: save → reload event {ms:.1f} ms")
    log.flush()
    log.seek(0)
    rebuilds = re.findall(r" in (\d+) ms", log.read())
    print(f"{n} items: median save → reload {statistics.median(times):.1f} ms "
          f"(min {min(times):.1f}, max {max(times):.1f}); "
          f"rebuild itself (serve log): {', '.join(rebuilds[-rounds:])} ms")
finally:
    server.terminate()
    # serve removes its temporary output (14,000 files) before it exits,
    # which takes a while on a loaded machine.
    server.wait(timeout=300)
    shutil.rmtree(site, ignore_errors=True)
