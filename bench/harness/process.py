"""Running the benchmark programs and reading their "key value" lines."""
import os
import subprocess


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
