#!/usr/bin/env python3
"""lambda-reach benchmark: organisation-sized inventories, and the ratios of issues 6 and 26.

usage: Benchmarks/run.py [--vpcs 100,1000] [--scale] [--repeat 3] [--skip-build] [--binary PATH]
                         [--work DIR] [--keep] [--json FILE]

In one run, from the repository root:
  1. builds the release binary as it is shipped (swift build -c release --static-swift-stdlib
     --scratch-path .build-bench; without --static-swift-stdlib on macOS, which has no static
     Swift runtime);
  2. generates organisations with Benchmarks/generate-org (LAMBDA_REACH_GEN_ORG overrides), 100
     VPCs per account, one ACCOUNT/us-east-1/ folder each; kept in --work and reused while the
     generator and its options are the same;
  3. per organisation, measures
     - the input floor: CPython's json.load of every generated file (in a fresh interpreter);
     - import: `lambda-reach import --db DB DIR`, whole process, into a new database, with its
       peak memory and its seconds per input MB;
     - one account's folder imported again into a copy of that inventory, and into an empty one;
     - the inventory floor: one sqlite3 shell reading every table (SELECT * FROM t; ...);
     - query: `lambda-reach query` for one function (whole process), to the internet (NAT,
       one AZ without one) and to a database (security groups), on both organisations;
     - audit: `lambda-reach audit --format json` (whole process) and its peak resident memory;
     - before and after the audit runs, what two busy processes get done against one (for
       reading the audit ratio: the audit uses every core, the floor one);
  4. prints every figure, every ratio with pass/fail, and a Markdown table for the README.

Timings are the best of --repeat runs (queries: of 2 x --repeat), which is what is robust on a
small, noisy machine. The input floor and the import, and the inventory floor and the audit,
are run in alternation, so that each ratio compares runs made in the same conditions. Peak
memory comes from GNU time (/usr/bin/time), else from wait4's ru_maxrss. Exit status: 0 when every ratio is met, 1 when
one is missed (a missing `audit` command counts as missed), 2 when the benchmark itself could
not run (build, generator or import failed). Python 3 standard library and the sqlite3 shell only.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRATCH = ".build-bench"
GIB = 1 << 30

# The questions: VPC 21 has NAT gateways in two AZs of three (generate-org: v % 7 == 0, v % 14 != 0)
# and is the accepter of a peering with VPC 20; function 1 sits in all three private subnets with
# the "restricted" group g1, so the internet question goes through NAT and fails in one AZ, and
# the database question goes through security groups and the data subnets' network ACL.
FUNCTION = "fn-0021-001"
TARGETS = ["internet", "rds:db-0021-0"]

# (name, figure, limit, what): the ratios of issues 6 and 26. "At every size" figures are the
# worst of all the organisations measured; the others are on the largest.
RATIOS = [
    ("import / input floor, every size", "import_over_input_floor", 2.0,
     "import time <= 2x the input floor, at every size"),
    ("import s/MB largest / next", "import_per_mb_growth", 1.1,
     "import seconds per input MB on the largest organisation <= 1.1x on the next (linear)"),
    ("import peak / 512 MiB, every size", "import_rss_over_512mib", 1.0,
     "peak resident memory of the import <= 512 MiB, at every size"),
    ("re-import one account / fresh", "reimport_over_fresh", 2.0,
     "one account's folder into the largest inventory <= 2x the same folder into an empty one"),
    ("audit / inventory floor, every size", "audit_over_inventory_floor", 2.0,
     "full audit time <= 2x the inventory floor, at every size"),
    ("audit peak memory / 2 GiB", "audit_rss_over_2gib", 1.0, "peak resident memory of the largest audit <= 2 GiB"),
    ("query / inventory floor", "query_over_inventory_floor", 0.2, "one query <= 0.2x the inventory floor"),
    ("query / query on the smallest org", "query_over_small_query", 1.2,
     "one query on the largest organisation <= 1.2x the same query on the smallest"),
    ("diff / audit", "diff_over_audit", 2.0,
     "diff of the organisation against itself (no change) <= 2x one audit"),
]
# VPCs per account in the generated organisations: each account is a folder ACCOUNT/us-east-1/,
# as `lambda-reach collect` writes them (the first account holds VPCs 0 to 99).
VPCS_PER_ACCOUNT = 100
FIRST_ACCOUNT = "100000000001"


class BenchmarkError(Exception):
    pass


def log(message):
    print(message, file=sys.stderr, flush=True)


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_measured(argv, stdout=subprocess.DEVNULL, ok=(0,), cwd=None):
    """Runs argv to completion: (wall seconds, peak RSS bytes, exit status).

    Peak memory comes from GNU time when it is installed (apt-get install time), else from
    wait4's ru_maxrss. GNU time is preferred: a child forked from this Python process starts
    with the parent's resident size, which ru_maxrss then reports for small commands.
    """
    report = None
    if GNU_TIME:
        handle, report = tempfile.mkstemp(prefix="lambda-reach-bench-time-")
        os.close(handle)
        argv_run = [GNU_TIME, "-f", "%M", "-o", report] + argv
    else:
        argv_run = argv
    start = time.perf_counter()
    process = subprocess.Popen(argv_run, stdout=stdout, stderr=subprocess.PIPE, cwd=cwd)
    # Read stderr while waiting, so that a chatty process (import warnings) never blocks.
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    rss = usage.ru_maxrss * 1024
    if report:
        with open(report) as handle:
            lines = [line for line in handle.read().split("\n") if line.strip().isdigit()]
        os.remove(report)
        rss = int(lines[-1]) * 1024 if lines else rss
    if process.returncode not in ok:
        tail = stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise BenchmarkError(f"{' '.join(argv)} exited with {process.returncode}:\n  " + "\n  ".join(tail))
    return seconds, rss, process.returncode


def alternated(count, *measures):
    """`count` results of each measure, run in turn (a, b, a, b, ...): a small machine has slow
    and fast spells that last minutes, and figures to be compared are measured in the same ones."""
    results = [[] for _ in measures]
    for _ in range(count):
        for runs, measure in zip(results, measures):
            runs.append(measure())
    return results


def fastest(results):
    """The fastest of results (seconds, rss, ...); rss is the largest seen."""
    return min(r[0] for r in results), max(r[1] for r in results)


def best_of(count, measure):
    """The fastest of `count` runs of measure() -> (seconds, rss, ...); rss is the largest seen."""
    return fastest(alternated(count, measure)[0])


def release_build_argv():
    """`swift build` for the release binary as it is shipped. On Linux the Swift runtime and
    Foundation are linked into the executable (--static-swift-stdlib, as the README's install
    says): nine fewer shared libraries to map at start, and the runtime's calls (retain and
    release are a fifth of an audit's samples) direct rather than through the PLT."""
    argv = ["swift", "build", "-c", "release", "--scratch-path", SCRATCH]
    if platform.system() == "Linux":
        argv.append("--static-swift-stdlib")
    return argv


def build(skip):
    argv = release_build_argv()
    if not skip:
        log("building: " + " ".join(argv))
        subprocess.run(argv, cwd=REPO, check=True)
    path = subprocess.run(
        argv + ["--show-bin-path"],
        cwd=REPO, check=True, capture_output=True, text=True).stdout.strip()
    binary = os.path.join(path, "lambda-reach")
    if not os.access(binary, os.X_OK):
        raise BenchmarkError(f"no binary at {binary}")
    return binary


def generator():
    path = os.environ.get("LAMBDA_REACH_GEN_ORG") or os.path.join(REPO, "Benchmarks", "generate-org")
    if not os.path.exists(path):
        raise BenchmarkError(f"the organisation generator is not at {path}: set LAMBDA_REACH_GEN_ORG")
    return path


def generate(work, vpcs):
    """The organisation of `vpcs` VPCs, generated once and kept in `work`: a later run with the
    same generator and options reuses it (a 10,000-VPC organisation takes minutes to write)."""
    script = generator()
    with open(script, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()[:16]
    options = ["--vpcs", str(vpcs), "--vpcs-per-account", str(VPCS_PER_ACCOUNT)]
    out = os.path.join(work, f"org{vpcs}")
    stamp = os.path.join(out, ".generated")
    key = f"{digest} {' '.join(options)}"
    current = open(stamp).read().strip() if os.path.exists(stamp) else None
    if current != key:
        shutil.rmtree(out, ignore_errors=True)
        log(f"generating {vpcs} VPCs into {out}")
        summary = subprocess.run([sys.executable, script, out] + options,
                                 check=True, capture_output=True, text=True).stdout.strip()
        log(f"  {summary}")
        with open(stamp, "w") as handle:
            handle.write(key + "\n")
    else:
        log(f"reusing {out} ({key})")
    files = sorted(os.path.join(folder, name) for folder, _, names in os.walk(out)
                   for name in names if name.endswith(".json"))
    return out, files


# Runs in a fresh interpreter so that one measurement's garbage does not slow the next.
INPUT_FLOOR = r"""
import gc, json, os, sys, time
# The files of the organisation's folder (an argument list of 20,000 paths is too long).
files = sorted(os.path.join(folder, name) for folder, _, names in os.walk(sys.argv[2])
               for name in names if name.endswith(".json"))
if sys.argv[1] == "off": gc.disable()
start = time.perf_counter()
for name in files:
    with open(name, "rb") as handle:
        json.load(handle)
print(time.perf_counter() - start)
"""


def input_floor_once(org, gc_mode="on"):
    """One reading of the input floor, in seconds, as (seconds, 0) like run_measured's."""
    out = subprocess.run([sys.executable, "-c", INPUT_FLOOR, gc_mode, org],
                         check=True, capture_output=True, text=True).stdout
    return float(out), 0


def input_floor(org, repeat, gc_mode="on"):
    return min(input_floor_once(org, gc_mode)[0] for _ in range(repeat))


def tables(db):
    out = subprocess.run(["sqlite3", db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite_%' ORDER BY name"],
                         check=True, capture_output=True, text=True).stdout
    return out.split()


def inventory_floor_argv(db):
    """The inventory floor's command: one sqlite3 shell reading every table."""
    sql = ";\n".join(f'SELECT * FROM "{name}"' for name in tables(db)) + ";"
    return ["sqlite3", db, sql]


SPIN = "for _ in range(5_000_000): pass"


def two_core_speedup(tries=3):
    """How much work two CPU-bound processes at once get done, against one alone: 2.0 on two
    whole cores. The audit runs on every core and the inventory floor on one, so on a shared
    virtual machine whose second core is sometimes worth less the audit ratio moves with it."""
    def spin(count):
        start = time.perf_counter()
        processes = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(count)]
        for process in processes:
            process.wait()
        return time.perf_counter() - start
    ones, twos = alternated(tries, lambda: spin(1), lambda: spin(2))
    return 2 * min(ones) / min(twos)


def has_command(binary, name):
    """Whether the binary lists the subcommand `name`."""
    subcommands = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    return any(line.split()[:1] == [name] for line in subcommands.splitlines())


def has_audit(binary):
    """Whether the binary lists an `audit` subcommand (an unknown one is no error for --help)."""
    listing = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    subcommands = listing.split("SUBCOMMANDS:", 1)[-1]
    return any(line.split()[:1] == ["audit"] for line in subcommands.splitlines())


def measure_org(binary, work, vpcs, repeat, with_audit):
    org, files = generate(work, vpcs)
    db = os.path.join(work, f"org{vpcs}.sqlite")
    figures = {"vpcs": vpcs, "files": len(files), "input_bytes": sum(os.path.getsize(f) for f in files)}

    log(f"[{vpcs} VPCs] input floor, garbage collector off (for information)")
    figures["input_floor_gc_off"] = input_floor(org, repeat, "off")

    # The import ratio's two figures are measured in alternation, as the audit's are (below): on
    # this kind of machine the 100-VPC floor has read 81 ms in one spell and 116 ms in another,
    # which alone moves the ratio from one side of its limit to the other.
    log(f"[{vpcs} VPCs] input floor (CPython json.load) and import, in alternation")

    def one_import():
        if os.path.exists(db):
            os.remove(db)
        return run_measured([binary, "import", "--db", db, org])
    floors, imports = alternated(repeat, lambda: input_floor_once(org), one_import)
    figures["input_floor"] = fastest(floors)[0]
    figures["import"], figures["import_rss"] = fastest(imports)
    figures["inventory_bytes"] = os.path.getsize(db)
    figures["import_seconds_per_mb"] = figures["import"] / (figures["input_bytes"] / 1e6)

    # One account's folder again, into a copy of this inventory and into an empty one: a user who
    # re-imports one account must not pay for the whole organisation.
    account = os.path.join(org, FIRST_ACCOUNT)
    if os.path.isdir(account):
        log(f"[{vpcs} VPCs] re-import of one account ({FIRST_ACCOUNT}) into the inventory, and into an empty one")
        copy = os.path.join(work, f"org{vpcs}-reimport.sqlite")
        fresh = os.path.join(work, f"org{vpcs}-fresh.sqlite")

        def reimport():
            shutil.copyfile(db, copy)
            return run_measured([binary, "import", "--db", copy, account])

        def into_empty():
            if os.path.exists(fresh):
                os.remove(fresh)
            return run_measured([binary, "import", "--db", fresh, account])
        reimports, freshes = alternated(repeat, reimport, into_empty)
        figures["reimport_account"], figures["reimport_account_rss"] = fastest(reimports)
        figures["import_account_fresh"] = fastest(freshes)[0]
        for path in (copy, fresh):
            if os.path.exists(path):
                os.remove(path)

    # The audit ratio's two figures are measured in alternation (below): a machine's slow and
    # fast spells last minutes, and a floor measured in one spell and an audit in another
    # compare the spells, not the programs.
    floor_argv = inventory_floor_argv(db)

    if not with_audit:
        log(f"[{vpcs} VPCs] inventory floor (sqlite3 shell)")
        figures["inventory_floor"] = best_of(repeat, lambda: run_measured(floor_argv))[0]

    figures["queries"] = {}
    for target in TARGETS:
        log(f"[{vpcs} VPCs] query --function {FUNCTION} --to {target}")
        argv = [binary, "query", "--db", db, "--function", FUNCTION, "--to", target]
        # 0 reachable, 1 unreachable or partial: both are answers.
        seconds, rss = best_of(2 * repeat, lambda: run_measured(argv, ok=(0, 1)))
        figures["queries"][target] = {"seconds": seconds, "rss": rss}
    figures["query"] = max(q["seconds"] for q in figures["queries"].values())

    if with_audit:
        log(f"[{vpcs} VPCs] inventory floor (sqlite3 shell) and audit --format json, in alternation")
        report = os.path.join(work, f"audit{vpcs}.json")

        def one_audit():
            with open(report, "wb") as out:
                # Findings make audit exit 1 (--fail-on); that is an answer, not a failure.
                return run_measured([binary, "audit", "--db", db, "--format", "json"], stdout=out, ok=(0, 1))
        figures["two_cores_before"] = two_core_speedup()
        floors, audits = alternated(repeat, lambda: run_measured(floor_argv), one_audit)
        figures["two_cores_after"] = two_core_speedup()
        figures["inventory_floor"] = fastest(floors)[0]
        figures["audit"], figures["audit_rss"] = fastest(audits)
        # The report must at least be JSON (checked in another process, to keep this one small).
        subprocess.run([sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1], 'rb'))", report],
                       check=True)
        figures["audit_report_bytes"] = os.path.getsize(report)
        figures["audit_stages"] = audit_stages(binary, db)
        # diff of the inventory against itself: two audits and a comparison that finds nothing.
        log(f"[{vpcs} VPCs] diff of the inventory against itself")
        diff_report = os.path.join(work, f"diff{vpcs}.json")

        def one_diff():
            with open(diff_report, "wb") as out:
                return run_measured([binary, "diff", db, db, "--format", "json"], stdout=out)
        if has_command(binary, "diff"):
            figures["diff"], figures["diff_rss"] = best_of(repeat, one_diff)
            with open(diff_report) as handle:
                if json.load(handle)["changes"]:
                    raise BenchmarkError("diff of an inventory against itself reported changes")
    return figures


def audit_stages(binary, db):
    """Where one more audit run spends its time: LAMBDA_REACH_TIMINGS=1 makes lambda-reach
    print `lambda-reach: timing: STAGE WALL ms, cpu CPU ms` lines on stderr, CPU being the
    time of all its threads (CPU over wall: how many cores the stage kept busy). Informative,
    not gated. (name, wall seconds, CPU seconds) per stage."""
    env = dict(os.environ, LAMBDA_REACH_TIMINGS="1")
    run = subprocess.run([binary, "audit", "--db", db, "--format", "json"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=env, text=True)
    stages = []
    for line in run.stderr.splitlines():
        match = re.fullmatch(r"lambda-reach: timing: (.+) ([0-9.]+) ms, cpu ([0-9.]+) ms", line)
        if match:
            stages.append((match[1], float(match[2]) / 1000, float(match[3]) / 1000))
    return stages


def ratios(orgs):
    """The ratios of RATIOS: the worst of every organisation for "every size", else the largest's."""
    large, small = orgs[-1], orgs[0] if len(orgs) > 1 else None
    result = {}
    imported = [o for o in orgs if o.get("import") is not None]
    if imported:
        result["import_over_input_floor"] = max(o["import"] / o["input_floor"] for o in imported)
        result["import_rss_over_512mib"] = max(o["import_rss"] for o in imported) / (512 << 20)
    if len(imported) > 1:
        result["import_per_mb_growth"] = imported[-1]["import_seconds_per_mb"] / imported[-2]["import_seconds_per_mb"]
    if large.get("reimport_account") is not None:
        result["reimport_over_fresh"] = large["reimport_account"] / large["import_account_fresh"]
    audited = [o for o in orgs if o.get("audit") is not None]
    if audited:
        result["audit_over_inventory_floor"] = max(o["audit"] / o["inventory_floor"] for o in audited)
    if large.get("audit") is not None:
        result["audit_rss_over_2gib"] = large["audit_rss"] / (2 * GIB)
    if large.get("diff") is not None:
        result["diff_over_audit"] = large["diff"] / large["audit"]
    result["query_over_inventory_floor"] = large["query"] / large["inventory_floor"]
    if small is not None:
        result["query_over_small_query"] = large["query"] / small["query"]
    return result


def fmt_s(seconds):
    return "-" if seconds is None else (f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s")


def fmt_mib(size):
    return "-" if size is None else f"{size / (1 << 20):.0f} MiB"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}"


def allocator(binary):
    """The malloc the binary runs with: a library it links (Package.swift's Jemalloc trait) or
    the C library's. Timings with and without jemalloc differ by about a tenth."""
    try:
        linked = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    except OSError:
        return "unknown (no ldd)"
    for name in ("jemalloc", "mimalloc", "tcmalloc"):
        if f"lib{name}" in linked:
            return name
    return "the C library's malloc"


def report(orgs, result, audit_missing, repeat, malloc):
    today = datetime.date.today().isoformat()
    print()
    print(f"machine: {machine()}")
    print(f"allocator: {malloc}")
    print(f"date: {today}; timings are the best of {repeat} runs (queries: {2 * repeat})")
    for figures in orgs:
        print(f"\n{figures['vpcs']} VPCs ({figures['files']} files, {figures['input_bytes'] / 1e6:.0f} MB of JSON,"
              f" inventory {figures['inventory_bytes'] / 1e6:.0f} MB)")
        print(f"  input floor (json.load)       {fmt_s(figures['input_floor'])}"
              f"   (with the garbage collector off: {fmt_s(figures['input_floor_gc_off'])})")
        print(f"  import                        {fmt_s(figures['import'])}   peak {fmt_mib(figures['import_rss'])}"
              f"   ({figures['import_seconds_per_mb'] * 1000:.0f} ms per MB)")
        if "reimport_account" in figures:
            print(f"  one account again             {fmt_s(figures['reimport_account'])} into the inventory"
                  f" (peak {fmt_mib(figures['reimport_account_rss'])}), {fmt_s(figures['import_account_fresh'])}"
                  " into an empty one")
        print(f"  inventory floor (sqlite3)     {fmt_s(figures['inventory_floor'])}")
        for target, q in figures["queries"].items():
            print(f"  query --to {target:<18} {fmt_s(q['seconds'])}   peak {fmt_mib(q['rss'])}")
        if "audit" in figures:
            print(f"  audit --format json           {fmt_s(figures['audit'])}   peak {fmt_mib(figures['audit_rss'])}"
                  f"   ({figures['audit_report_bytes'] / 1e6:.1f} MB of JSON)")
            if "diff" in figures:
                print(f"  diff (itself, --format json)  {fmt_s(figures['diff'])}   peak {fmt_mib(figures['diff_rss'])}")
            if figures.get("audit_stages"):
                print("    stages of one more run (wall, and CPU of all threads): " + ", ".join(
                    f"{name} {fmt_s(wall)} ({fmt_s(cpu)})" for name, wall, cpu in figures["audit_stages"]))
            if "two_cores_before" in figures:
                print(f"    two cores: two busy processes at once did {figures['two_cores_before']:.2f}x and"
                      f" {figures['two_cores_after']:.2f}x the work of one (before and after these runs; 2 is two"
                      " whole cores)")
        else:
            print("  audit --format json           MISSING: the binary has no `audit` command")
    print(f"\nratios ({', '.join(str(o['vpcs']) for o in orgs)} VPCs: every size, or the largest)")
    missed = 0
    for name, key, limit, what in RATIOS:
        value = result.get(key)
        if value is None:
            missed += 1
            print(f"  FAIL  {name:<32} missing        (limit {limit:g}: {what})")
            continue
        ok = value <= limit
        missed += 0 if ok else 1
        print(f"  {'pass' if ok else 'FAIL'}  {name:<32} {value:6.2f}         (limit {limit:g}: {what})")
    if audit_missing:
        print("  (the audit figures are missing: `lambda-reach audit` does not exist in this build)")
    last = orgs[-1]
    if last.get("import") is not None:
        print(f"  (for information: import / input floor with the garbage collector off:"
              f" {last['import'] / last['input_floor_gc_off']:.2f})")
    if "two_cores_before" in last:
        print(f"  (for information: the audit uses every core, the inventory floor one; the machine's second"
              f" core was worth {min(last['two_cores_before'], last['two_cores_after']) - 1:.2f} to"
              f" {max(last['two_cores_before'], last['two_cores_after']) - 1:.2f} of its first)")

    large = orgs[-1]
    small = orgs[0] if len(orgs) > 1 else None
    print("\nMarkdown, for the README:\n")
    print(f"Machine: {machine()}. Date: {today}. Allocator: {malloc}. Best of {repeat} runs.\n")
    header = "| figure | " + " | ".join(f"{o['vpcs']} VPCs" for o in orgs) + " |"
    print(header)
    print("|" + " --- |" * (len(orgs) + 1))

    def row(label, cells):
        print(f"| {label} | " + " | ".join(cells) + " |")
    row("JSON input", [f"{o['input_bytes'] / 1e6:.0f} MB, {o['files']} files" for o in orgs])
    row("input floor (CPython json.load)", [fmt_s(o["input_floor"]) for o in orgs])
    row("input floor, garbage collector off", [fmt_s(o["input_floor_gc_off"]) for o in orgs])
    row("import", [f"{fmt_s(o['import'])} (peak {fmt_mib(o['import_rss'])})" for o in orgs])
    row("import per input MB", [f"{o['import_seconds_per_mb'] * 1000:.0f} ms" for o in orgs])
    row("one account (100 VPCs) into this inventory / into an empty one",
        [f"{fmt_s(o['reimport_account'])} / {fmt_s(o['import_account_fresh'])}" if "reimport_account" in o
         else "-" for o in orgs])
    row("inventory floor (sqlite3 reads every table)", [fmt_s(o["inventory_floor"]) for o in orgs])
    for target in TARGETS:
        row(f"`query --to {target}`", [fmt_s(o["queries"][target]["seconds"]) for o in orgs])
    row("`audit --format json`", [f"{fmt_s(o['audit'])} (peak {fmt_mib(o['audit_rss'])})" if "audit" in o
                                  else "missing" for o in orgs])
    row("`diff` of the inventory against itself", [f"{fmt_s(o['diff'])} (peak {fmt_mib(o['diff_rss'])})"
                                                   if "diff" in o else "missing" for o in orgs])
    print()
    print(f"| ratio (every size, or {large['vpcs']} VPCs) | limit | measured | |")
    print("| --- | --- | --- | --- |")
    for name, key, limit, _ in RATIOS:
        value = result.get(key)
        cell = "missing" if value is None else f"{value:.2f}"
        verdict = "fail" if value is None or value > limit else "pass"
        print(f"| {name} | {limit:g} | {cell} | {verdict} |")
    if small is None:
        print("\n(query / query on the small org needs two sizes)")
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--vpcs", "--sizes", dest="sizes", default="100,1000",
                        help="VPC counts, comma-separated (default 100,1000)")
    parser.add_argument("--scale", action="store_true", help="add the 3,000- and 10,000-VPC organisations")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the best counts (default 3)")
    parser.add_argument("--skip-build", action="store_true", help="use the binary already in .build-bench")
    parser.add_argument("--binary", help="measure this lambda-reach binary instead of building one")
    parser.add_argument("--work", help="keep organisations and inventories here (reused when present)")
    parser.add_argument("--keep", action="store_true", help="do not delete the temporary directory")
    parser.add_argument("--json", help="also write the figures and ratios to this file")
    args = parser.parse_args()
    sizes = sorted(set(int(s) for s in args.sizes.split(",")) | ({3000, 10000} if args.scale else set()))

    if shutil.which("sqlite3") is None:
        log("the sqlite3 shell is not on PATH (apt-get install sqlite3)")
        return 2
    work = args.work or tempfile.mkdtemp(prefix="lambda-reach-bench-")
    os.makedirs(work, exist_ok=True)
    try:
        binary = args.binary or build(args.skip_build)
        audit = has_audit(binary)
        if not audit:
            log("`lambda-reach audit` does not exist in this build: the audit figures will be missing")
        orgs = [measure_org(binary, work, vpcs, args.repeat, audit) for vpcs in sizes]
    except (BenchmarkError, subprocess.CalledProcessError) as error:
        log(f"benchmark failed: {error}")
        return 2
    finally:
        if not args.work and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        elif args.keep:
            log(f"kept {work}")
    result = ratios(orgs)
    malloc = allocator(binary)
    missed = report(orgs, result, not audit, args.repeat, malloc)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"machine": machine(), "date": datetime.date.today().isoformat(), "repeat": args.repeat,
                       "allocator": malloc, "organisations": orgs, "ratios": result}, handle, indent=1)
    print(f"\n{'all ratios met' if missed == 0 else f'{missed} ratio(s) missed'}")
    return 0 if missed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
