#!/usr/bin/env python3
"""Ranking quality on the test collections of ../shared/data/relevance (all seven): each is
indexed once with gazette-index, every query runs through one relevance_run process (top 100,
the default ranking unless --set changes it) and the run is scored as trec_eval.py scores it.
SQLite FTS5 (porter stemming, the query's stop words removed, any word, bm25) runs on the same
records and queries, so that each collection's difference comes with a paired randomisation
test over its queries' average precision.

Usage: bench/relevance.py [--build DIR] [--data DIR] [--set NAME=VALUE ...]
       bench/relevance.py --grid NAME=V1,V2,... [--grid ...]   (leave-one-collection-out)

The first form prints, per collection: MAP, nDCG@10, P@10, R@100, queries with no result, the
FTS5 MAP measured here and the difference with its p-value, and the published MAP of FTS5 and
Lucene BM25 (../shared/data/README.md). The second evaluates every combination of the given
ranking settings on every collection, and for each collection picks the combination that is best
on the six others (highest mean of MAP / FTS5 MAP), then reports its MAP on the held-out one:
figures that no collection chose its own settings for.
Indexes and FTS5 databases are kept under --work (default build/relevance) and rebuilt when the
programs or the data are newer. Skips (exit 0) with a message when the data is absent.
"""
import argparse
import itertools
import os
import random
import re
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
COLLECTIONS = ("cranfield", "cisi", "med", "adi", "lisa", "cacm", "npl")
# MAP published for the peers on the same data and queries (../shared/data/README.md).
PUBLISHED = {
    "cranfield": {"FTS5": 0.304, "Lucene": 0.294},
    "cisi": {"FTS5": 0.174, "Lucene": 0.163},
    "med": {"FTS5": 0.514, "Lucene": 0.512},
    "adi": {"FTS5": 0.423, "Lucene": 0.404},
    "lisa": {"FTS5": 0.350, "Lucene": 0.348},
    "cacm": {"FTS5": 0.315, "Lucene": 0.313},
    "npl": {"FTS5": 0.262, "Lucene": 0.249},
}
RANDOMISATION_ROUNDS = 10000


def newer(path, than):
    """Whether `path` exists and is newer than every file of `than`."""
    if not os.path.exists(path):
        return False
    stamp = os.path.getmtime(path)
    return all(os.path.getmtime(t) < stamp for t in than)


def read_queries(path):
    with open(path, encoding="utf-8") as f:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in f if "\t" in line]


def gazette_index(name, coll, build, work):
    index = os.path.join(work, name + ".index")
    stamp = index + ".done"
    docs = os.path.join(coll, "docs.jsonl")
    program = os.path.join(build, "bin", "gazette-index")
    if not newer(stamp, [docs, program]):
        subprocess.run(["rm", "-rf", index, stamp], check=True)
        # Exit 1 is expected: a few records with neither title nor text are rejected.
        result = subprocess.run([program, "--log-level", "error", "--index", index, docs])
        if result.returncode not in (0, 1):
            sys.exit(f"relevance: indexing {docs} failed ({result.returncode})")
        open(stamp, "w").close()
    return index


def gazette_run(index, queries_path, build, settings):
    out = subprocess.run([os.path.join(build, "bench", "relevance_run"), index, queries_path,
                          *settings], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"relevance: relevance_run failed: {out.stderr.strip()}")
    run = {}
    for line in out.stdout.splitlines():
        qid, _q0, docid, _rank, score, _tag = line.split()
        run.setdefault(qid, []).append((float(score), docid))
    return run


def stop_words():
    """Gazette's own English stop list (query/stopwords.cc), for the FTS5 queries."""
    with open(os.path.join(ROOT, "query", "stopwords.cc"), encoding="utf-8") as f:
        body = f.read().split("kEnglish = {", 1)[1].split("};", 1)[0]
    return set(re.findall(r'"([a-z]+)"', body))


def fts5_run(name, coll, work, queries, stops):
    path = os.path.join(work, name + ".fts5")
    docs = os.path.join(coll, "docs.jsonl")
    if not newer(path, [docs]):
        if os.path.exists(path):
            os.remove(path)
        import json
        db = sqlite3.connect(path)
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(docid UNINDEXED, title, text, "
                   "tokenize = 'porter')")
        with open(docs, encoding="utf-8") as f:
            rows = []
            for line in f:
                r = json.loads(line)
                rows.append((r["url"].rsplit("/", 1)[1], r.get("title", ""), r.get("text", "")))
        db.executemany("INSERT INTO docs VALUES (?, ?, ?)", rows)
        db.commit()
        db.close()
    db = sqlite3.connect(path)
    run = {}
    for qid, text in queries:
        words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in stops]
        if not words:
            continue
        match = " OR ".join(f'"{w}"' for w in words)
        rows = db.execute("SELECT docid, bm25(docs) FROM docs WHERE docs MATCH ? "
                          "ORDER BY bm25(docs) LIMIT 100", (match,)).fetchall()
        run[qid] = [(-score, docid) for docid, score in rows]
    db.close()
    return run


def randomisation_p(a, b, seed=1):
    """Two-sided paired randomisation test of mean(a) != mean(b)."""
    diffs = [x - y for x, y in zip(a, b)]
    observed = abs(sum(diffs))
    rng = random.Random(seed)
    extreme = 0
    for _ in range(RANDOMISATION_ROUNDS):
        if abs(sum(d if rng.random() < 0.5 else -d for d in diffs)) >= observed - 1e-12:
            extreme += 1
    return (extreme + 1) / (RANDOMISATION_ROUNDS + 1)


class Collection:
    def __init__(self, name, data, build, work, trec_eval, stops):
        self.name = name
        coll = os.path.join(data, name)
        self.queries_path = os.path.join(coll, "queries.tsv")
        self.queries = read_queries(self.queries_path)
        self.qrels = trec_eval.read_qrels(os.path.join(coll, "qrels.txt"))
        self.index = gazette_index(name, coll, build, work)
        self.trec_eval = trec_eval
        self.build = build
        self.fts5_summary, self.fts5_per_q = self.score(
            fts5_run(name, coll, work, self.queries, stops))

    def score(self, run):
        return self.trec_eval.evaluate(self.qrels, run, complete=True, warn=False)

    def gazette(self, settings):
        run = gazette_run(self.index, self.queries_path, self.build, settings)
        summary, per_q = self.score(run)
        judged = [qid for qid, _ in self.queries if qid in self.qrels]
        summary["no_result"] = sum(1 for qid in judged if not run.get(qid))
        return summary, per_q


def report(collections, settings):
    print("| collection | queries | MAP | nDCG@10 | P@10 | R@100 | no result | FTS5 MAP here | "
          "vs FTS5 (p) | published FTS5 / Lucene |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for c in collections:
        s, per_q = c.gazette(settings)
        qids = sorted(per_q)
        p = randomisation_p([per_q[q]["map"] for q in qids], [c.fts5_per_q[q]["map"] for q in qids])
        peers = PUBLISHED[c.name]
        print(f"| {c.name} | {s['num_q']} | {s['map']:.4f} | {s['ndcg_cut_10']:.4f} | "
              f"{s['P_10']:.4f} | {s['recall_100']:.4f} | {s['no_result']} | "
              f"{c.fts5_summary['map']:.4f} | {s['map'] - c.fts5_summary['map']:+.4f} "
              f"({p:.3f}) | {peers['FTS5']:.3f} / {peers['Lucene']:.3f} |")


def leave_one_out(collections, grids, base_settings):
    names = [g.split("=", 1)[0] for g in grids]
    values = [g.split("=", 1)[1].split(",") for g in grids]
    combos = [tuple(f"{n}={v}" for n, v in zip(names, combo))
              for combo in itertools.product(*values)]
    print(f"relevance: {len(combos)} settings x {len(collections)} collections", file=sys.stderr)
    jobs = [(combo, c) for combo in combos for c in collections]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        maps = list(pool.map(lambda j: j[1].gazette(list(base_settings) + list(j[0]))[0]["map"],
                             jobs))
    table = {(combo, c.name): m for (combo, c), m in zip(jobs, maps)}

    def merit(combo, among):  # mean MAP relative to FTS5 over `among`
        return sum(table[combo, c.name] / c.fts5_summary["map"] for c in among) / len(among)

    print("| held out | settings chosen on the other six | held-out MAP | best on itself |")
    print("|---|---|---:|---:|")
    for c in collections:
        others = [o for o in collections if o is not c]
        chosen = max(combos, key=lambda k: merit(k, others))
        own = max(table[k, c.name] for k in combos)
        print(f"| {c.name} | {' '.join(chosen)} | {table[chosen, c.name]:.4f} | {own:.4f} |")
    best = max(combos, key=lambda k: merit(k, collections))
    print(f"\nBest on all seven: {' '.join(best)} (mean MAP / FTS5 {merit(best, collections):.3f})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "relevance"))
    parser.add_argument("--tools", default=os.path.join(ROOT, "..", "shared", "tools"))
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "relevance"))
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--grid", action="append", default=[], metavar="NAME=V1,V2")
    parser.add_argument("--only", help="comma-separated collections")
    args = parser.parse_args()
    if not os.path.isdir(args.data):
        print(f"relevance: {args.data} not found; skipping")
        return 0
    if not os.path.exists(os.path.join(args.build, "bench", "relevance_run")):
        print(f"relevance: no bench/relevance_run in {args.build}; build first "
              "(cmake --preset release && cmake --build --preset release)")
        return 1
    sys.path.insert(0, args.tools)
    import trec_eval  # noqa: E402 (found through --tools)
    os.makedirs(args.work, exist_ok=True)
    stops = stop_words()
    names = args.only.split(",") if args.only else COLLECTIONS
    collections = [Collection(n, args.data, args.build, args.work, trec_eval, stops)
                   for n in names]
    if args.grid:
        leave_one_out(collections, args.grid, args.set)
    else:
        report(collections, args.set)
    return 0


if __name__ == "__main__":
    sys.exit(main())
