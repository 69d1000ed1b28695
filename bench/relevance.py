#!/usr/bin/env python3
"""Ranking quality: index the Cranfield and CISI test collections with gazette-index, run every
query through gazette-query (top 100, default settings) and score the run with trec_eval.py.

Usage: bench/relevance.py [--build DIR] [--data DIR]
Prints a table of MAP, nDCG@10, P@10 and R@100 per collection, beside published peer figures.
Skips (exit 0) with a message when the shared data is absent.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PEERS = {  # MAP measured on the same data (../shared/data/README.md)
    "cranfield": {"SQLite FTS5": 0.304, "Lucene BM25": 0.294, "Xapian defaults": 0.278},
    "cisi": {"SQLite FTS5": 0.174, "Lucene BM25": 0.163, "Xapian defaults": 0.146},
}
TARGET = {"cranfield": 0.32, "cisi": 0.19}


def run_collection(name, coll_dir, build, tools, work):
    index = os.path.join(work, name)
    subprocess.run([os.path.join(build, "indexer", "gazette-index"), "--log-level", "warn",
                    "--index", index, os.path.join(coll_dir, "docs.jsonl")])  # exit 1: some empty records rejected
    query_bin = os.path.join(build, "query", "gazette-query")
    run_path = os.path.join(work, name + ".run")
    failures = 0
    with open(os.path.join(coll_dir, "queries.tsv"), encoding="utf-8") as queries, \
            open(run_path, "w", encoding="utf-8") as run:
        for line in queries:
            qid, text = line.rstrip("\n").split("\t", 1)
            out = subprocess.run([query_bin, "--index", index, "--json", "--per-page", "100",
                                  "--log-level", "error", "--", text],
                                 capture_output=True, text=True)
            if out.returncode not in (0, 1):
                failures += 1
                print(f"{name} query {qid} failed: {out.stderr.strip()}", file=sys.stderr)
                continue
            for hit in json.loads(out.stdout)["results"]:
                docid = hit["url"].rsplit("/", 1)[1]
                run.write(f"{qid} Q0 {docid} {hit['rank']} {hit['score']:.6f} gazette\n")
    scores = subprocess.run([sys.executable, os.path.join(tools, "trec_eval.py"), "--json", "-c",
                             os.path.join(coll_dir, "qrels.txt"), run_path],
                            capture_output=True, text=True, check=True)
    result = json.loads(scores.stdout)
    result["failures"] = failures
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "relevance"))
    parser.add_argument("--tools", default=os.path.join(ROOT, "..", "shared", "tools"))
    args = parser.parse_args()
    if not os.path.isdir(args.data):
        print(f"relevance: {args.data} not found; skipping")
        return 0
    if not os.path.exists(os.path.join(args.build, "query", "gazette-query")):
        print(f"relevance: no gazette-query in {args.build}; build first "
              "(cmake --preset release && cmake --build --preset release)")
        return 1
    with tempfile.TemporaryDirectory(prefix="gazette-relevance-") as work:
        rows = []
        for name in ("cranfield", "cisi"):
            r = run_collection(name, os.path.join(args.data, name), args.build, args.tools, work)
            rows.append((name, r))
    print("| collection | queries | MAP | nDCG@10 | P@10 | R@100 | target MAP | peers (MAP) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        peers = ", ".join(f"{k} {v:.3f}" for k, v in PEERS[name].items())
        print(f"| {name} | {r['num_q']} | {r['map']:.4f} | {r['ndcg_cut_10']:.4f} | "
              f"{r['P_10']:.4f} | {r['recall_100']:.4f} | >= {TARGET[name]:.2f} | {peers} |")
    return 1 if any(r["failures"] for _, r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
