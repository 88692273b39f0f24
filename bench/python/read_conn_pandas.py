"""pandas baseline for bench/read-conn.ts: read a Zeek TSV conn.log with read_csv, print one JSON line.

Run by `npm run bench` when python3 with pandas is installed (Debian: python3-pandas); the product itself does
not depend on Python. Column names come from the #fields header, as the original project reads them.
"""
import json
import resource
import sys
import time

import pandas as pd


def fields_of(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith("#fields"):
                return line.rstrip("\n").split("\t")[1:]
    raise SystemExit(f"{path}: no #fields header line; pass a Zeek TSV log")


def main(path):
    names = fields_of(path)
    start = time.perf_counter()
    frame = pd.read_csv(path, sep="\t", comment="#", header=None, names=names, na_values=["-"], low_memory=False)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"tool": "pandas.read_csv", "pandas": pd.__version__, "rows": len(frame), "seconds": seconds,
                      "peak_rss_mb": peak_mb}))


if __name__ == "__main__":
    main(sys.argv[1])
