"""kiln against PyTorch eager on issue #7's CPU workloads.

kiln-bench-cpu (bench/cpu/kiln_bench.cpp) and bench/cpu/torch_bench.py run
the same workloads by key; this table says what each key measures. Each
group runs in kiln and at once in PyTorch, over several rounds that take
turns at going first, so both see the shared machine in about the same
states.
"""
import os
import tempfile
from dataclasses import dataclass

from .process import OtherLoad, key_values, run, wait_until_quiet
from . import yardsticks
from .yardsticks import LIMITS

TORCH_BENCH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "cpu",
                           "torch_bench.py")


@dataclass(frozen=True)
class Workload:
    key: str
    label: str
    warmups: int
    repeats: int
    work: float = 0  # per run, in flops or bytes (the limit's unit); 0: none
    limit: str = ""  # a key of yardsticks.LIMITS
    per_op: bool = False  # 1000 ops per run: reported in microseconds per op

    def spec(self):
        return f"{self.key}:{self.warmups}:{self.repeats}"


M = 1 << 20
# Training flops per sample: the forward's multiply-adds, twice again for
# the backward (gradients of inputs and of weights).
MLP_FLOPS = 3 * 2 * (784 * 512 + 512 * 256 + 256 * 10)
CNN_FLOPS = 3 * 2 * (32 * 28 * 28 * 9 + 64 * 14 * 14 * 9 * 32 + 3136 * 128 + 128 * 10)


def sgemm(n):
    return Workload(f"sgemm_{n}", f"SGEMM {n}^3", 2, max(3, int(2e10 / n**3)),
                    2 * n**3, "fma")


def linear_relu(m):
    """relu(x @ W + b), x [m, 4096], W [4096, 4096]: one row reads all of W
    (bandwidth-bound); 32 rows and more are compute-bound."""
    work, limit = (4 * 4096 * 4096, "read") if m == 1 else (2 * m * 4096 * 4096, "fma")
    return Workload(f"linear_relu_{m}", f"matmul + bias + ReLU {m}x4096x4096", 2, 10,
                    work, limit)


def training_step(key, label, batch, flops_per_sample, repeats):
    return Workload(key, label, 3, repeats, batch * flops_per_sample, "fma")


GROUPS = [
    [Workload("dispatch_1", "1000 chained ops on 1 element, per op", 2, 50, per_op=True),
     Workload("dispatch_1k", "1000 chained ops on 1K elements, per op", 2, 50,
              per_op=True)],
    [Workload("gelu_16m", "gelu(a*b+c), 16M f32", 2, 10, 16 * 16 * M, "sum3"),
     Workload("sum_16m", "sum, 16M f32", 2, 20, 4 * 16 * M, "read"),
     Workload("softmax_4096x1024", "softmax 4096x1024", 2, 20, 8 * 4 * M, "copy"),
     Workload("layernorm_4096x1024", "layer norm 4096x1024", 2, 20, 8 * 4 * M, "copy")],
    [sgemm(n) for n in (256, 1024, 2048, 4096)],
    [linear_relu(m) for m in (1, 32, 128)],
    [training_step("mlp_step_32", "MLP 784-512-256-10 step, batch 32, SGD momentum",
                   32, MLP_FLOPS, 200),
     training_step("mlp_step_128", "MLP 784-512-256-10 step, batch 128, SGD momentum",
                   128, MLP_FLOPS, 100),
     training_step("cnn_step_64", "CNN (examples/fashion_mnist) step, batch 64, Adam",
                   64, CNN_FLOPS, 5)],
    [Workload("fashion_mnist_epoch",
              "Fashion-MNIST epoch: MLP 784-256-10, batch 64, Adam, data loader", 1, 3)],
]


def ratio_text(ratio):
    """N.NNx, with a third decimal below 0.01x rather than 0.00x."""
    return f"{ratio:.2f}x" if ratio >= 0.01 else f"{ratio:.3f}x"


def timing(workload, ms, limits):
    """The time with its rate, and the rate as a percentage of the limit."""
    if workload is None:
        return f"{ms:.1f} ms", None
    if workload.per_op:  # 1000 ops per run: milliseconds are microseconds per op
        return f"{ms:.3f} us", None
    if not workload.work:
        return f"{ms:.1f} ms", None
    key, unit, _ = LIMITS[workload.limit]
    rate = workload.work / ms / 1e6
    return f"{ms:.3f} ms ({rate:.1f} {unit})", 100 * rate / limits[key]


# Other processes' load, in cores, from which a row is marked as disturbed.
DISTURBED = 0.1


@dataclass
class Result:
    label: str
    kiln_ms: float
    torch_ms: float
    workload: Workload = None  # None: a compile-latency row
    note: str = ""  # after kiln's time, for rows without a workload
    others: float = 0  # cores that other processes kept busy meanwhile

    @property
    def ratio(self):
        """PyTorch's time / kiln's: above 1, kiln is faster."""
        return self.torch_ms / self.kiln_ms

    @property
    def title(self):
        """The label, marked when other processes disturbed the row."""
        if self.others < DISTURBED:
            return self.label
        return f"{self.label} (disturbed: others kept {self.others:.2f} cores busy)"

    def cells(self, limits):
        """The table's cells: label, kiln, PyTorch, ratio, % of the limit."""
        (kiln, kiln_pct), (torch, torch_pct) = (
            timing(self.workload, self.kiln_ms, limits),
            timing(self.workload, self.torch_ms, limits))
        if self.note:
            kiln = f"{kiln} ({self.note})"
        limit = "-"
        if kiln_pct is not None:
            limit = f"{kiln_pct:.0f}% / {torch_pct:.0f}% of {LIMITS[self.workload.limit][2]}"
        return self.title, kiln, torch, ratio_text(self.ratio), limit


def kiln_program(bin_dir):
    return [os.path.join(bin_dir, "kiln-bench-cpu")]


def torch_program(python, threads):
    return [python, TORCH_BENCH, "--threads", str(threads)]


def measure(programs, env=None):
    """Each program's "key value" lines, run once the machine is quiet, and
    the other processes' load meanwhile."""
    if not wait_until_quiet(threshold=DISTURBED):
        print("  (the machine stayed busy: measuring anyway)", flush=True)
    with OtherLoad() as load:
        outputs = [key_values(run(p, env)) for p in programs]
    return outputs, load.cores


# Each group runs this many times, kiln and PyTorch taking turns to go first;
# each side keeps its best median. The VM's slow phases last seconds to
# minutes, so one pass could put them on one side only. The yardsticks run
# at the start of each round too: the best of them is the machine's limit in
# its fastest phase, which a best time is then compared with.
ROUNDS = 3


def best_of_rounds(group, bin_dir, kiln, torch, cache_dir):
    """Each side's best median per key over ROUNDS alternating rounds, every
    round's yardsticks, and the most that other processes disturbed any
    round."""
    best = ({}, {})
    round_limits = []
    worst_others = 0
    specs = [w.spec() for w in group]
    for round_index in range(ROUNDS):
        round_limits.append(yardsticks.measure(bin_dir))
        order = (0, 1) if round_index % 2 == 0 else (1, 0)
        programs = [(kiln, torch)[side] + specs for side in order]
        outputs, others = measure(programs, {"KILN_CACHE_DIR": cache_dir})
        worst_others = max(worst_others, others)
        for side, times in zip(order, outputs):
            for w in group:
                best[side][w.key] = min(best[side].get(w.key, float("inf")),
                                        times[w.key])
    return best, round_limits, worst_others


def group_results(group, bin_dir, python, threads, cache_dir):
    """One of GROUPS, measured in kiln and PyTorch, and the yardsticks
    measured meanwhile."""
    kiln, torch = kiln_program(bin_dir), torch_program(python, threads)
    print(f"  {' '.join(w.key for w in group)}", flush=True)
    (kiln_best, torch_best), round_limits, others = best_of_rounds(
        group, bin_dir, kiln, torch, cache_dir)
    results = [Result(w.label, kiln_best[w.key], torch_best[w.key], w,
                      others=others) for w in group]
    return results, round_limits


def compile_results(bin_dir, python, threads):
    """The first two MLP training steps (batch 32, SGD momentum) in a new
    process: kiln compiles two programs (the first step has no momentum
    buffer yet), then a second process loads them from the disk cache.
    PyTorch's new processes are the eager counterpart."""
    kiln, torch = kiln_program(bin_dir), torch_program(python, threads)
    results = []
    with tempfile.TemporaryDirectory() as cache:
        for label in ("empty disk cache: kiln compiles",
                      "again: kiln loads from the disk cache"):
            (k, t), others = measure([kiln + ["first_steps"], torch + ["first_steps"]],
                                     {"KILN_CACHE_DIR": cache})
            steps = f"{k['first_steps_1']:.1f} + {k['first_steps_2']:.1f} ms"
            note = (f"{steps}; {k['first_steps_compiled']:.0f} programs compiled in "
                    f"{k['first_steps_compile_ms']:.0f} ms" if k["first_steps_compiled"]
                    else f"{steps}; {k['first_steps_disk_hits']:.0f} programs loaded")
            results.append(Result(
                f"MLP step b32, first two steps of a new process, {label}",
                k["first_steps_1"] + k["first_steps_2"],
                t["first_steps_1"] + t["first_steps_2"], note=note, others=others))
    return results


def torch_info(python, threads):
    """torch_version, torch_blas, torch_threads."""
    return key_values(run(torch_program(python, threads) + ["info"]))
