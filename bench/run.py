#!/usr/bin/env python3
"""Benchmarks of kiln's CPU code generation and front end against the
machine's limits.

Runs the FMA-peak and bandwidth yardsticks, then kiln-run on generated kiln
IR: SGEMM, a fused 5-op elementwise chain, and compile times. Writes a
markdown table to bench/results/cpu_codegen.md and prints it.

usage: bench/run.py BUILD_DIR
"""

import datetime
import os
import platform
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(args, env=None):
    environment = dict(os.environ, **(env or {}))
    return subprocess.run(args, check=True, capture_output=True, text=True,
                          env=environment).stdout


def yardsticks(bin_dir):
    values = {}
    for name in ("fma_peak", "bandwidth"):
        for line in run([os.path.join(bin_dir, f"kiln-bench-{name}")]).splitlines():
            key, value = line.split()
            values[key] = float(value)
    return values


def kiln_run(bin_dir, source, repeat):
    with tempfile.NamedTemporaryFile("w", suffix=".mlir", delete=False) as f:
        f.write(source)
    try:
        out = run([os.path.join(bin_dir, "kiln-run"), f.name, "--random-inputs",
                   "--quiet", f"--repeat={repeat}"])
    finally:
        os.unlink(f.name)
    compile_ms = float(re.search(r"compiled and loaded in ([\d.]+) ms", out).group(1))
    run_us = float(re.search(r"([\d.]+) us per run", out).group(1))
    return compile_ms, run_us


def matmul_ir(m, k, n):
    return f"""
func.func @sgemm(%a: tensor<{m}x{k}xf32>, %b: tensor<{k}x{n}xf32>) -> tensor<{m}x{n}xf32> {{
  %c = kiln.matmul %a, %b : tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32> -> tensor<{m}x{n}xf32>
  return %c : tensor<{m}x{n}xf32>
}}"""


def conv_ir(n, c, hw, f, k):
    x, w = f"tensor<{n}x{c}x{hw}x{hw}xf32>", f"tensor<{f}x{c}x{k}x{k}xf32>"
    y = f"tensor<{n}x{f}x{hw}x{hw}xf32>"
    return f"""
func.func @conv(%x: {x}, %w: {w}) -> {y} {{
  %y = kiln.conv2d %x, %w stride = [1, 1] padding = [{k // 2}, {k // 2}] dilation = [1, 1] groups = 1 : {x}, {w} -> {y}
  return %y : {y}
}}"""


def chain_ir(n, ops):
    """A chain of `ops` elementwise ops over three inputs (one fused loop)."""
    t = f"tensor<{n}xf32>"
    names = ["add", "mul", "sub", "maximum", "minimum"]
    lines, last = [], "%a"
    for i in range(ops):
        other = "%b" if i % 2 == 0 else "%c"
        lines.append(f"  %v{i} = kiln.{names[i % len(names)]} {last}, {other} : {t}")
        last = f"%v{i}"
    body = "\n".join(lines)
    return f"""
func.func @chain(%a: {t}, %b: {t}, %c: {t}) -> {t} {{
{body}
  return {last} : {t}
}}"""


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build")
    bin_dir = os.path.join(build, "bin")
    limits = yardsticks(bin_dir)
    peak, bandwidth = limits["fma_peak_gflops_all"], limits["bandwidth_sum3_gbs"]
    rows = []
    for size in (256, 1024, 2048, 4096):
        repeat = max(3, int(2e10 / size**3))
        compile_ms, us = kiln_run(bin_dir, matmul_ir(size, size, size), repeat)
        gflops = 2 * size**3 / us / 1e3
        rows.append((f"SGEMM {size}^3", f"{gflops:.1f} GFLOP/s",
                     f"{100 * gflops / peak:.0f}% of FMA peak",
                     f"{compile_ms:.0f} ms"))
    compile_ms, us = kiln_run(bin_dir, conv_ir(64, 32, 28, 64, 3), 5)
    gflops = 2 * 64 * 64 * 28 * 28 * 32 * 9 / us / 1e3
    rows.append(("conv2d 64x32x28x28, 64 3x3 filters", f"{gflops:.1f} GFLOP/s",
                 f"{100 * gflops / peak:.0f}% of FMA peak", f"{compile_ms:.0f} ms"))
    n = 1 << 24
    compile_ms, us = kiln_run(bin_dir, chain_ir(n, 5), 20)
    gbs = 4 * n * 4 / us / 1e3  # three inputs read, one output written
    rows.append(("5-op elementwise chain, 16M f32", f"{gbs:.1f} GB/s",
                 f"{100 * gbs / bandwidth:.0f}% of 3-input-sum bandwidth", f"{compile_ms:.0f} ms"))
    compile_ms, _ = kiln_run(bin_dir, chain_ir(1024, 20), 3)
    rows.append(("compile: 20-op elementwise graph", "-", "-", f"{compile_ms:.0f} ms"))
    frontend = {}
    out = run([os.path.join(bin_dir, "kiln-bench-frontend")], {"KILN_CACHE_DIR": "off"})
    for line in out.splitlines():
        key, value = line.split()
        frontend[key] = float(value)
    rows.append(("front end: tracing one op", f"{frontend['trace_us_per_op']:.3f} us",
                 "-", "-"))
    rows.append(("front end: replay of a cached 100-op graph (1 element)",
                 f"{frontend['replay_100_ops_us']:.1f} us", "-", "-"))
    rows.append(("front end: the same, its cut, key, lookup and run only",
                 f"{frontend['run_cached_100_ops_us']:.1f} us", "-", "-"))

    header = [
        f"# kiln CPU code generation benchmarks",
        "",
        f"- date: {datetime.date.today()}",
        f"- machine: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores; FMA peak {peak:.1f} GFLOP/s (all cores, "
        f"{limits['fma_peak_gflops_1core']:.1f} on one); bandwidth (logical bytes) "
        f"copy {limits['bandwidth_copy_gbs']:.1f}, triad "
        f"{limits['bandwidth_triad_gbs']:.1f}, 3-input sum {bandwidth:.1f} GB/s "
        f"(the elementwise chain's limit)",
        f"- command: `./dev bench`",
        "",
        "| workload | kiln | vs. machine limit | compile + load |",
        "|---|---|---|---|",
    ]
    table = "\n".join(header + [f"| {' | '.join(r)} |" for r in rows]) + "\n"
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "cpu_codegen.md"), "w") as f:
        f.write(table)
    print(table)


if __name__ == "__main__":
    main()
