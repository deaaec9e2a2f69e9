"""PySpark driver for scripts/spark_scan.sh (run it through that script).

Reads the corpus file list (one path per line, in the order a single
`glossalign scan` walks them), cuts it into PARTITIONS contiguous partitions
with sc.parallelize, pipes each partition's paths into
`xargs -r -d '\\n' GLOSSALIGN scan --format jsonl --quiet -g GLOSSARY`
(rdd.pipe) and saves the JSON Lines with saveAsTextFile. Writes the part
files, in partition order, one per line, to --list, and one summary line to
stdout.
"""

import argparse
import os
import shlex
import time
from pathlib import Path

from pyspark import SparkConf, SparkContext


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", required=True, help="file list, one path per line, corpus order")
    ap.add_argument("--partitions", type=int, required=True)
    ap.add_argument("--bin", required=True, help="absolute path of the glossalign binary")
    ap.add_argument("--glossary", required=True)
    ap.add_argument("--parts", required=True, help="saveAsTextFile folder (must not exist)")
    ap.add_argument("--list", required=True, help="written: the part files in partition order")
    ap.add_argument("--memory", default="512m", help="spark.driver.memory (local mode: all of Spark)")
    a = ap.parse_args()

    paths = Path(a.files).read_text(encoding="utf-8").splitlines()
    conf = (
        SparkConf()
        .setMaster("local[2]")
        .setAppName("glossalign-scan")
        .set("spark.driver.memory", a.memory)
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
    )
    t0 = time.monotonic()
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    try:
        rdd = sc.parallelize(paths, a.partitions)
        # -r: an empty partition must not run glossalign with no path (that scans seeds/).
        # The environment is passed on (rdd.pipe gives the command an empty one otherwise);
        # checkCode: a failed scan fails the job (otherwise its partition is silently cut short).
        cmd = shlex.join(["xargs", "-r", "-d", r"\n", a.bin, "scan", "--format", "jsonl",
                          "--quiet", "-g", a.glossary])
        rdd.pipe(cmd, env=dict(os.environ), checkCode=True).saveAsTextFile(a.parts)
        sizes = rdd.glom().map(len).collect()
        version = sc.version
    finally:
        sc.stop()
    secs = time.monotonic() - t0

    # part-00000, part-00001, …: sort by the number (as text, part-100000 would come before part-99999).
    parts = sorted(Path(a.parts).glob("part-*"), key=lambda p: int(p.name.split("-", 1)[1]))
    if len(parts) != a.partitions:
        raise SystemExit(f"spark_scan.py: {len(parts)} part files for {a.partitions} partitions")
    Path(a.list).write_text("".join(f"{p}\n" for p in parts), encoding="utf-8")
    shown = ", ".join(map(str, sizes)) if len(sizes) <= 16 else f"{min(sizes)} to {max(sizes)}"
    print(f"spark_scan.sh: Spark {version} local[2]: {len(paths)} files in {a.partitions} "
          f"partitions ({shown} files) scanned in {secs:.1f} s")


if __name__ == "__main__":
    main()
