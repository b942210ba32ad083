"""Writes a Fashion-MNIST subset for the GPU bundle: the whole test set and
the first N training images, as gzip'd IDX files like the originals."""
import gzip
import struct
import sys
from pathlib import Path


def copy_idx(source: Path, target: Path, count: int | None) -> None:
    with gzip.open(source, "rb") as f:
        data = f.read()
    magic, items = struct.unpack(">II", data[:8])
    dims = (magic & 0xFF) - 1
    shape = struct.unpack(">" + "I" * dims, data[8:8 + 4 * dims])
    header = 8 + 4 * dims
    kept = items if count is None else min(count, items)
    row = 1
    for size in shape:
        row *= size
    body = data[header:header + kept * row]
    with gzip.open(target, "wb") as f:
        f.write(struct.pack(">II", magic, kept) + data[8:header] + body)


def main() -> None:
    source, target, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    target.mkdir(parents=True, exist_ok=True)
    for kind in ("images-idx3-ubyte", "labels-idx1-ubyte"):
        copy_idx(source / f"train-{kind}.gz", target / f"train-{kind}.gz", count)
        copy_idx(source / f"t10k-{kind}.gz", target / f"t10k-{kind}.gz", None)


if __name__ == "__main__":
    main()
