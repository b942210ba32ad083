"""The machine's limits: FMA peak and memory bandwidth (bench/machine/)."""
import os

from .process import key_values, run, wait_until_quiet

# The limit each workload is compared with: yardstick key, unit, description.
LIMITS = {
    "fma": ("fma_peak_gflops_all", "GFLOP/s", "FMA peak"),
    "read": ("bandwidth_read_gbs", "GB/s", "read bandwidth"),
    "copy": ("bandwidth_copy_gbs", "GB/s", "copy bandwidth"),
    "sum3": ("bandwidth_sum3_gbs", "GB/s", "3-input-sum bandwidth"),
}


def measure(bin_dir):
    wait_until_quiet()
    values = {}
    for name in ("fma_peak", "bandwidth"):
        values.update(key_values(run([os.path.join(bin_dir, f"kiln-bench-{name}")])))
    return values


def best(*measurements):
    """Each yardstick's best value over several measurements: the shared
    machine's limit is what it reached at its least disturbed."""
    return {key: max(m[key] for m in measurements) for key in measurements[0]}
