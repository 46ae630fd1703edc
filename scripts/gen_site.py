#!/usr/bin/env python3
"""Generates a large site for benchmarks: the sample site's config and data
plus N news items spread over units, tags and years.

usage: scripts/gen_site.py OUT_DIR [N]   (N defaults to 10000)
"""
import os
import random
import shutil
import sys

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)
out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
rng = random.Random(42)

if os.path.exists(out):
    shutil.rmtree(out)
os.makedirs(os.path.join(out, "content", "tin-tuc"))
shutil.copy(os.path.join(repo, "site.yaml"), out)
shutil.copytree(os.path.join(repo, "data"), os.path.join(out, "data"))
# The documents register's files are in static/.
shutil.copytree(os.path.join(repo, "static"), os.path.join(out, "static"))
with open(os.path.join(out, "content", "tin-tuc", "_index.md"), "w") as f:
    f.write("---\ntitle: Tin tức\n---\n")

units = ["nguyen-thi-minh-khai", "song-cau", "duc-xuan", "phung-chi-kien",
         "huyen-tung", "duong-quang", "nong-thuong", "xuat-hoa"]
tags = ["thi đua", "khen thưởng", "giao ước", "sơ kết", "tổng kết", "nông thôn mới",
        "cải cách hành chính", "văn hóa", "đô thị văn minh", "dân vận khéo"]
words = ("phong trào thi đua xã phường cụm trưởng biểu chấm điểm tiêu chí kinh tế "
         "văn hóa xã hội quản lý đô thị nông thôn mới cải cách hành chính đảng").split()

def para(k):
    return " ".join(rng.choice(words) for _ in range(k)).capitalize() + "."

for i in range(n):
    year = 2015 + i % 10
    month = 1 + (i // 10) % 12
    day = 1 + (i // 120) % 28
    us = rng.sample(units, rng.randint(1, 3))
    ts = rng.sample(tags, rng.randint(1, 2))
    body = "\n\n".join([para(40), "## Nội dung chính", para(60), "- " + para(8) + "\n- " + para(8), para(50)])
    name = f"{year}-{month:02d}-{day:02d}-tin-so-{i}.md"
    with open(os.path.join(out, "content", "tin-tuc", name), "w") as f:
        f.write(f"---\ntitle: \"Tin số {i}: {para(6)}\"\ndate: {year}-{month:02d}-{day:02d}\n"
                f"units: [{', '.join(us)}]\ntags: [{', '.join(ts)}]\n---\n{body}\n")
print(f"wrote {n} items into {out}")
