#!/usr/bin/env python3
"""kiln's CPU benchmarks (issue #7): kiln against PyTorch eager and the
machine's limits, measured side by side in one run.

Runs the FMA-peak and bandwidth yardsticks (bench/machine/) at the start and
in each round of kiln-bench-cpu's and bench/cpu/torch_bench.py's workloads, the
compile latency of a training step, then kiln alone (kiln-run on generated
IR, the front end's overhead). Writes bench/results/cpu.md and
bench/results/ratios.png and prints the tables. Run it with a Python that
has torch, numpy and matplotlib (`./dev bench` makes one).

usage: bench/run.py BUILD_DIR
"""
import datetime
import os
import platform
import sys
import tempfile

from harness import codegen, compare, process, report, yardsticks

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu_name():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.machine()


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
    bin_dir = os.path.join(build, "bin")
    print("yardsticks", flush=True)
    measurements = [yardsticks.measure(bin_dir)]
    threads = int(measurements[0]["threads"])
    torch = compare.torch_info(sys.executable, threads)
    print("kiln and PyTorch, with the yardsticks in each round", flush=True)
    results = []
    with tempfile.TemporaryDirectory() as cache:
        for group in compare.GROUPS:
            group_rows, round_limits = compare.group_results(
                group, bin_dir, sys.executable, threads, cache)
            results += group_rows
            measurements += round_limits
    print("  compile latency", flush=True)
    results += compare.compile_results(bin_dir, sys.executable, threads)
    limits = yardsticks.best(*measurements)
    print("kiln alone", flush=True)
    process.wait_until_quiet(threshold=compare.DISTURBED)
    with process.OtherLoad() as load:
        kiln_alone = codegen.rows(bin_dir, limits)
    kiln_alone_others = load.cores

    header = "\n".join([
        "# kiln on this CPU against PyTorch eager and the machine's limits",
        "",
        f"- date: {datetime.date.today()}; command: `./dev bench`",
        f"- machine: {cpu_name()}, {os.cpu_count()} cores; kiln and PyTorch on "
        f"{threads} threads",
        f"- PyTorch {torch['torch_version']} eager, BLAS {torch['torch_blas']}, "
        f"{torch['torch_threads']:.0f} threads",
        f"- limits (best of the yardsticks, run at the start and in each round): "
        f"FMA peak "
        f"{limits['fma_peak_gflops_all']:.1f} GFLOP/s "
        f"({limits['fma_peak_gflops_1core']:.1f} on one core); bandwidth in logical "
        f"bytes: read {limits['bandwidth_read_gbs']:.1f}, copy "
        f"{limits['bandwidth_copy_gbs']:.1f}, triad {limits['bandwidth_triad_gbs']:.1f}, "
        f"3-input sum {limits['bandwidth_sum3_gbs']:.1f} GB/s (the VM's bandwidth "
        f"moves by half between its phases; these are its fastest)",
        f"- each group of workloads starts once other processes keep less than "
        f"{compare.DISTURBED} cores busy (waiting up to 2 minutes); a row measured "
        f"while they kept more busy is marked; kiln alone: others kept "
        f"{kiln_alone_others:.2f} cores busy",
        f"- each time is the best, over {compare.ROUNDS} rounds in which kiln and "
        "PyTorch take turns at going first, of the median of repeated runs after "
        "warm-up runs (compile latency and kiln alone: one round); a ratio is "
        "PyTorch's time over kiln's, so above 1.00x kiln is faster",
    ])
    text = "\n\n".join([
        header,
        "## kiln against PyTorch eager",
        report.comparison_table([r.cells(limits) for r in results]),
        "## kiln alone: code generation (kiln-run on generated IR) and the front end",
        report.table(("workload", "kiln", "vs. machine limit", "compile + load"),
                     kiln_alone),
    ]) + "\n"
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "cpu.md"), "w") as f:
        f.write(text)
    report.chart(results, os.path.join(out, "ratios.png"))
    print(text)
    print(f"written: {out}/cpu.md, {out}/ratios.png")


if __name__ == "__main__":
    main()
