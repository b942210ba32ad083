"""Writes python_written.safetensors, the fixture SerializeTest reads to check
that kiln loads what Python's safetensors package writes.

    pip install safetensors numpy
    python3 test/unit/data/make_safetensors_fixture.py

With --check FILE it checks the other direction, that Python loads a file
kiln wrote with the same tensors (bfloat16 aside: numpy has no such type).
It was run once, against safetensors 0.8.0 and numpy 2.4.6, as:

    KILN_SAFETENSORS_OUT=/tmp/kiln_written.safetensors \\
        build/bin/kiln-unit-tests --gtest_filter=SerializeTest.WritesFilesPythonReads
    python3 test/unit/data/make_safetensors_fixture.py \\
        --check /tmp/kiln_written.safetensors
"""

import pathlib
import sys

import numpy as np
from safetensors.numpy import load_file, save_file

# The values SerializeTest.cpp expects; keep the two in step.
TENSORS = {
    "weight": np.array([[0.5, -1.0, 2.25], [3.0, -0.125, 100.0]], np.float32),
    "steps": np.array(7, np.int64),
    "mask": np.array([True, False, False, True]),
    "half": np.array([1.5, -2.0], np.float16),
    "ids": np.array([-1, 0, 2147483647], np.int32),
    "double": np.array([0.1], np.float64),
    "empty": np.zeros((0, 2), np.float32),
}


def check(path):
    loaded = load_file(path)
    assert loaded.keys() == TENSORS.keys(), sorted(loaded)
    for name, expected in TENSORS.items():
        got = loaded[name]
        assert got.dtype == expected.dtype, (name, got.dtype)
        assert got.shape == expected.shape, (name, got.shape)
        assert np.array_equal(got, expected), (name, got)
    print(f"{path}: all {len(TENSORS)} tensors match")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        check(sys.argv[2])
    else:
        out = pathlib.Path(__file__).with_name("python_written.safetensors")
        save_file(TENSORS, str(out))
        check(str(out))
