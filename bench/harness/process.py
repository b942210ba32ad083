"""Running the benchmark programs and reading their "key value" lines."""
import os
import subprocess
import time



def cpu_seconds():
    """CPU seconds used so far by every process on the machine (from
    /proc/stat; steal, the time the hypervisor gave this machine's cores to
    others, counts as used) and by this one with its finished children."""
    with open("/proc/stat") as f:
        user, nice, system, _, _, irq, softirq, steal = map(int, f.readline().split()[1:9])
    mine = os.times()
    return ((user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK"),
            mine.user + mine.system + mine.children_user + mine.children_system)


class OtherLoad:
    """How many cores other processes kept busy while the block ran: the
    shared machine's disturbance of what was measured in it."""

    def __enter__(self):
        self.start = time.monotonic(), *cpu_seconds()
        return self

    def __exit__(self, *_):
        wall, everyone, mine = (now - then for now, then in
                                zip((time.monotonic(), *cpu_seconds()), self.start))
        self.cores = max(0.0, everyone - mine) / wall


def wait_until_quiet(limit_seconds=120, threshold=0.1):
    """Waits, up to `limit_seconds`, for a second in which other processes
    keep less than `threshold` cores busy; returns whether one came."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        with OtherLoad() as load:
            time.sleep(1)
        if load.cores < threshold:
            return True
    return False


def run(args, env=None):
    """The standard output of `args`; a failure shows the program's errors."""
    result = subprocess.run(args, capture_output=True, text=True,
                            env=dict(os.environ, **(env or {})))
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n"
                           f"{result.stdout}{result.stderr}")
    return result.stdout


def key_values(text):
    """The "key value" lines of `text` as a dict; numbers become floats."""
    values = {}
    for line in text.splitlines():
        key, value = line.split(maxsplit=1)
        try:
            values[key] = float(value)
        except ValueError:
            values[key] = value
    return values
