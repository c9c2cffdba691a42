"""Benchmark: the quality of meaning-aware evidence on the seed's own texts (issue 19, item 5).

    .venv/bin/python bench/meaning_quality.py          # SQLite scratch file var/bench/meaning_quality.sqlite3

1. Suggestions: each document of the seed's evidence tables (evidence/demo_data.yaml: its Thai title,
   description and file text, the English title left out, as an official types it) is ranked against the
   40 benchmarks of the UNDP framework by `suggest.rank` (the same function the product uses); a document
   counts when a benchmark it was filed under is among the first three (and the first). The same for the
   seed's accounts per benchmark (assessments/narratives_demo.yaml: "ข้อมูลที่สำนักงาน ก.ก. จัดทำ").
2. English queries over the Thai documents: each query scored against every document's vectors (best
   sentence or phrase, as `meaning.meaning_hits` does); the expected document's rank.
3. The encoder's load time and resident memory.
Prints lines for docs/performance.md.
"""
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")
if not os.environ.get("DATABASE_URL"):
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench' / 'meaning_quality.sqlite3'}"

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
import yaml  # noqa: E402
from django.core.management import call_command  # noqa: E402

from genderseal.evidence import meaning, suggest  # noqa: E402
from genderseal.standards.models import Benchmark, Framework  # noqa: E402

SRC = ROOT / "src" / "genderseal"
FRAMEWORK = ROOT / "frameworks" / "undp-gender-seal-public-institutions.yaml"
# (English query, the documents it should find: indexes into demo_data.yaml's items)
QUERIES = [
    ("sanitary pads for schoolgirls", {7}),
    ("gender equality action plan", {1}),
    ("human resources strategic plan", {2}),
    ("handbook on gender analysis", {4}),
    ("form to analyse strategic projects", {5}),
    ("monitoring and evaluation of projects", {6, 10}),
    ("violence against women", {9}),
    ("public opinion survey", {13, 14}),
    ("progress on the sustainable development goals", {11, 12}),
    ("national report on discrimination against women", {16}),
    ("clinic for LGBTQ people", {8}),
    ("development strategy of the city", {0}),
]


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def vectors_of(text, phrases=True):
    """[(sentence, vector bytes)] as the product stores them: each sentence and (search) its short phrases."""
    units = [(sentence, phrase) for sentence in meaning.chunks(text)
             for phrase in (meaning.phrases(sentence) if phrases else [sentence])]
    units = units[:meaning.MAX_VECTORS]
    vectors = meaning.embed([phrase for _sentence, phrase in units])
    return [(sentence, vectors[i].tobytes()) for i, (sentence, _phrase) in enumerate(units)]


def document_text(row):
    pdf = row.get("pdf") or []
    return "\n".join([str(row["title"]), row.get("description") or "", *(pdf if isinstance(pdf, list) else [pdf])])


def ranks(rows, benchmarks, filed):
    ranked = [b.code for _score, b, _sentence, _text in suggest.rank(rows, benchmarks)]
    return min((ranked.index(code) + 1 for code in filed if code in ranked), default=len(ranked) + 1), ranked[:3]


def main():
    call_command("migrate", verbosity=0)
    if not Framework.objects.exists():
        call_command("framework", "load", str(FRAMEWORK), verbosity=0)
    benchmarks = list(Benchmark.objects.filter(retired=False).order_by("pk"))
    print(f"load average before: {os.getloadavg()[0]:.1f}; {len(benchmarks)} benchmarks")

    before = rss_mb()
    started = time.perf_counter()
    meaning.model()
    print(f"encoder load: {time.perf_counter() - started:.1f} s, peak resident memory {before:.0f} -> {rss_mb():.0f} MB")

    documents = yaml.safe_load((SRC / "evidence" / "demo_data.yaml").read_text(encoding="utf-8"))["items"]
    started = time.perf_counter()
    doc_rows = [vectors_of(document_text(row)) for row in documents]
    print(f"{len(documents)} documents embedded in {time.perf_counter() - started:.1f} s "
          f"({sum(len(r) for r in doc_rows)} vectors)")

    print("\n## Suggestions: seed documents -> the benchmark they were filed under")
    found = []
    for row in documents:
        rank, top = ranks(vectors_of(document_text(row), phrases=False), benchmarks, row["benchmarks"])
        found.append(rank)
        print(f"- {row['title'][:60]} | filed {', '.join(row['benchmarks'])} | rank {rank} | first three {top}")
    print(f"documents: {len(found)}; filed benchmark first: {sum(r == 1 for r in found)}; "
          f"among the first three: {sum(r <= 3 for r in found)} ({100 * sum(r <= 3 for r in found) / len(found):.0f}%); "
          f"mean reciprocal rank {np.mean([1 / r for r in found]):.2f}")

    accounts = yaml.safe_load((SRC / "assessments" / "narratives_demo.yaml").read_text(encoding="utf-8"))
    accounts = [(code, text) for code, text in _accounts(accounts)]
    if accounts:
        print("\n## Suggestions: the seed's accounts per benchmark (ข้อมูลที่สำนักงาน ก.ก. จัดทำ)")
        account_ranks = []
        for code, text in accounts:
            rank, top = ranks(vectors_of(text, phrases=False), benchmarks, [code])
            account_ranks.append(rank)
            print(f"- {code} | rank {rank} | first three {top}")
        print(f"accounts: {len(account_ranks)}; first: {sum(r == 1 for r in account_ranks)}; among the first three: "
              f"{sum(r <= 3 for r in account_ranks)}; mean reciprocal rank {np.mean([1 / r for r in account_ranks]):.2f}")

    print("\n## English queries over the Thai documents")
    matrices = [np.frombuffer(b"".join(v for _s, v in rows), dtype=np.float32).reshape(len(rows), -1)
                for rows in doc_rows]
    query_ranks, timings = [], []
    for query, expected in QUERIES:
        started = time.perf_counter()
        vector = meaning.embed([query])[0]
        scores = np.array([float((m @ vector).max()) for m in matrices])
        timings.append((time.perf_counter() - started) * 1000)
        order = list(np.argsort(-scores, kind="stable"))
        rank = min(order.index(i) + 1 for i in expected)
        query_ranks.append(rank)
        best = order[0]
        print(f"- \"{query}\" | rank {rank} | first: {documents[best]['title'][:50]} ({scores[best]:.2f})"
              f"{'' if scores[best] >= meaning.MIN_SCORE else ' below MIN_SCORE'}")
    print(f"queries: {len(query_ranks)}; expected document first: {sum(r == 1 for r in query_ranks)}; among the first "
          f"three: {sum(r <= 3 for r in query_ranks)}; mean reciprocal rank {np.mean([1 / r for r in query_ranks]):.2f}; "
          f"query embedding median {np.median(timings):.0f} ms")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def _accounts(data):
    """(benchmark code, the institution's account) per benchmark of the narratives demo file."""
    for code, value in data.items():
        if value.get("account"):
            yield str(code), str(value["account"])


if __name__ == "__main__":
    main()
