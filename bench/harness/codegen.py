"""kiln alone: its code generation through kiln-run on generated kiln IR
(SGEMM, convolution, a fused elementwise chain, compile times) and the front
end's own cost (bench/frontend/overhead.cpp)."""
import os
import re
import tempfile

from .process import key_values, run


def kiln_run(bin_dir, source, repeat):
    """Compile-and-load milliseconds and microseconds per run of `source`."""
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


def rows(bin_dir, limits):
    """(workload, kiln, vs. machine limit, compile + load) rows."""
    peak, bandwidth = limits["fma_peak_gflops_all"], limits["bandwidth_sum3_gbs"]
    table = []
    for size in (256, 1024, 2048, 4096):
        repeat = max(3, int(2e10 / size**3))
        compile_ms, us = kiln_run(bin_dir, matmul_ir(size, size, size), repeat)
        gflops = 2 * size**3 / us / 1e3
        table.append((f"SGEMM {size}^3", f"{gflops:.1f} GFLOP/s",
                      f"{100 * gflops / peak:.0f}% of FMA peak", f"{compile_ms:.0f} ms"))
    compile_ms, us = kiln_run(bin_dir, conv_ir(64, 32, 28, 64, 3), 5)
    gflops = 2 * 64 * 64 * 28 * 28 * 32 * 9 / us / 1e3
    table.append(("conv2d 64x32x28x28, 64 3x3 filters", f"{gflops:.1f} GFLOP/s",
                  f"{100 * gflops / peak:.0f}% of FMA peak", f"{compile_ms:.0f} ms"))
    n = 1 << 24
    compile_ms, us = kiln_run(bin_dir, chain_ir(n, 5), 20)
    gbs = 4 * n * 4 / us / 1e3  # three inputs read, one output written
    table.append(("5-op elementwise chain, 16M f32", f"{gbs:.1f} GB/s",
                  f"{100 * gbs / bandwidth:.0f}% of 3-input-sum bandwidth",
                  f"{compile_ms:.0f} ms"))
    compile_ms, _ = kiln_run(bin_dir, chain_ir(1024, 20), 3)
    table.append(("compile: 20-op elementwise graph", "-", "-", f"{compile_ms:.0f} ms"))
    frontend = key_values(run([os.path.join(bin_dir, "kiln-bench-frontend")],
                              {"KILN_CACHE_DIR": "off"}))
    table.append(("front end: tracing one op", f"{frontend['trace_us_per_op']:.3f} us",
                  "target: under 1 us", "-"))
    table.append(("front end: replay of a cached 100-op graph (1 element)",
                  f"{frontend['replay_100_ops_us']:.1f} us", "-", "-"))
    table.append(("front end: the same, its cut, key, lookup and run only",
                  f"{frontend['run_cached_100_ops_us']:.1f} us", "-", "-"))
    return table
