"""PyTorch eager on the workloads of kiln-bench-cpu, on the same CPU.

usage: torch_bench.py --threads N KEY:WARMUPS:REPEATS ... | first_steps | info

Takes the same arguments and prints the same "key median_milliseconds" lines
as kiln-bench-cpu, timed the same way (warm-up runs, then the median of
repeated runs). `info` prints the torch version, its BLAS and thread count.
"""
import argparse
import gzip
import os
import re
import time

import numpy as np
import torch
import torch.nn.functional as F


def median_ms(run, warmups, repeats):
    for _ in range(warmups):
        run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return times[len(times) // 2]


def dispatch(n):
    x = torch.ones(n)

    def run():
        y = x
        for i in range(1000):
            y = y + x if i % 2 else y * x

    return run


def compute(inputs, f):
    return lambda: f(*inputs)


def sgemm(n):
    return compute((torch.randn(n, n), torch.randn(n, n)), torch.matmul)


def linear_relu(m):
    return compute((torch.randn(m, 4096), torch.randn(4096, 4096), torch.randn(4096)),
                   lambda x, w, b: torch.relu(x @ w + b))


def mlp():
    return torch.nn.Sequential(
        torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256),
        torch.nn.ReLU(), torch.nn.Linear(256, 10))


def fashion_mnist_mlp():
    """The Fashion-MNIST example's MLP (examples/fashion_mnist/Models.h)."""
    return torch.nn.Sequential(
        torch.nn.Flatten(), torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 10))


def cnn():
    """The Fashion-MNIST example's CNN (examples/fashion_mnist/Models.h)."""
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(64 * 7 * 7, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))


def training_step(model, optimizer, batch, shape):
    x = torch.randn(batch, *shape)
    y = torch.randint(0, 10, (batch,))

    def run():
        optimizer.zero_grad()
        F.cross_entropy(model(x), y).backward()
        optimizer.step()

    return run


def mlp_step(batch):
    model = mlp()
    return training_step(
        model, torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9), batch, (784,))


def read_idx(path):
    """An IDX file of Fashion-MNIST (gzipped) as a numpy array."""
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = np.frombuffer(data, ">i4", dims, 4)
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion_mnist_epoch():
    """The example's loop: shuffled batches of 64 normalized images, Adam,
    the loss read after each step."""
    folder = os.environ.get("KILN_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")
    images = read_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(folder, "train-labels-idx1-ubyte.gz"))
    x = (torch.from_numpy(images.astype(np.float32) / 255).unsqueeze(1) - 0.2860) / 0.3530
    dataset = torch.utils.data.TensorDataset(x, torch.from_numpy(labels.astype(np.int64)))
    loader = torch.utils.data.DataLoader(dataset, batch_size=64, shuffle=True,
                                         drop_last=True)
    model = fashion_mnist_mlp()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def run():
        total = 0.0
        for data, target in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(data), target)
            loss.backward()
            optimizer.step()
            total += loss.item()

    return run


def cnn_step():
    model = cnn()
    return training_step(model, torch.optim.Adam(model.parameters(), lr=1e-3), 64,
                         (1, 28, 28))


WORKLOADS = {
    "dispatch_1": lambda: dispatch(1),
    "dispatch_1k": lambda: dispatch(1024),
    "gelu_16m": lambda: compute([torch.randn(16 << 20) for _ in range(3)],
                                lambda a, b, c: F.gelu(a * b + c)),
    "sum_16m": lambda: compute([torch.randn(16 << 20)], torch.sum),
    "softmax_4096x1024": lambda: compute([torch.randn(4096, 1024)],
                                         lambda x: torch.softmax(x, 1)),
    "layernorm_4096x1024": lambda: compute(
        [torch.randn(4096, 1024), torch.randn(1024), torch.randn(1024)],
        lambda x, w, b: F.layer_norm(x, (1024,), w, b)),
    "sgemm_256": lambda: sgemm(256),
    "sgemm_1024": lambda: sgemm(1024),
    "sgemm_2048": lambda: sgemm(2048),
    "sgemm_4096": lambda: sgemm(4096),
    "linear_relu_1": lambda: linear_relu(1),
    "linear_relu_32": lambda: linear_relu(32),
    "linear_relu_128": lambda: linear_relu(128),
    "mlp_step_32": lambda: mlp_step(32),
    "mlp_step_128": lambda: mlp_step(128),
    "cnn_step_64": cnn_step,
    "fashion_mnist_epoch": fashion_mnist_epoch,
}


def first_steps():
    """The wall time of each of the first MLP training steps (batch 32) in
    this process: eager's counterpart of kiln's compile latency."""
    step = mlp_step(32)
    for i in range(1, 4):
        start = time.perf_counter()
        step()
        print(f"first_steps_{i} {(time.perf_counter() - start) * 1e3:.3f}")


def info():
    config = torch.__config__.show()
    blas = re.search(r"BLAS_INFO=(\w+)", config)
    print(f"torch_version {torch.__version__}")
    print(f"torch_blas {blas.group(1) if blas else 'unknown'}"
          f"{'+mkldnn' if torch.backends.mkldnn.is_available() else ''}")
    print(f"torch_threads {torch.get_num_threads()}")


REPORTS = {"first_steps": first_steps, "info": info}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("specs", nargs="+")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    for spec in args.specs:
        if spec in REPORTS:
            REPORTS[spec]()
            continue
        key, warmups, repeats = spec.split(":")
        ms = median_ms(WORKLOADS[key](), int(warmups), int(repeats))
        print(f"{key} {ms:.4f}", flush=True)


if __name__ == "__main__":
    main()
