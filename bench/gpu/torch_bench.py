"""PyTorch eager on the workloads of kiln-gpu-bench, on the same GPU.

Prints lines in kiln-gpu-bench's format, timed the same way (median of
repeated runs after a warm-up, each ending with torch.cuda.synchronize()).
"""
import time

import torch


def median_ms(run, repeats):
    run()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - start) * 1e3)
    times.sort()
    return times[len(times) // 2]


def report(name, ms, amount, unit):
    print(f"{name:<32} {ms:10.3f} ms {amount / (ms * 1e6):10.1f} {unit}", flush=True)


def main():
    dev = "cuda"
    print(f"torch {torch.__version__} on {torch.cuda.get_device_name()}")
    n = 64 << 20
    a, b, c = (torch.randn(n, device=dev) for _ in range(3))
    report("elementwise gelu(a*b+c) 64M f32",
           median_ms(lambda: torch.nn.functional.gelu(a * b + c), 10), 16.0 * n, "GB/s")
    x = torch.randn(16384, 4096, device=dev)
    report("softmax 16384x4096 f32",
           median_ms(lambda: torch.softmax(x, 1), 5), 8.0 * x.numel(), "GB/s")
    w, b = torch.randn(4096, device=dev), torch.randn(4096, device=dev)
    report("layer norm 16384x4096 f32",
           median_ms(lambda: torch.nn.functional.layer_norm(x, (4096,), w, b), 5),
           8.0 * x.numel(), "GB/s")
    torch.backends.cuda.matmul.allow_tf32 = False
    m = 8192
    a, b = torch.randn(m, m, device=dev), torch.randn(m, m, device=dev)
    report("SGEMM 8192^3 f32", median_ms(lambda: a @ b, 5), 2.0 * m ** 3, "GFLOP/s")
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256),
        torch.nn.ReLU(), torch.nn.Linear(256, 10)).to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    xb = torch.randn(128, 784, device=dev)
    yb = torch.randint(0, 10, (128,), device=dev)

    def step():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(xb), yb).backward()
        opt.step()

    report("MLP 784-512-256-10 step b128", median_ms(step, 50), 128e6, "k samples/s")


if __name__ == "__main__":
    main()
