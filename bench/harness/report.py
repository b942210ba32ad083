"""The results: a markdown file and a chart of the kiln/PyTorch ratios."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (after choosing the backend)

from .compare import ratio_text  # noqa: E402


def table(header, rows):
    lines = [f"| {' | '.join(header)} |", f"|{'---|' * len(header)}"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def comparison_table(rows):
    return table(("workload", "kiln", "PyTorch eager", "kiln vs PyTorch",
                  "% of the machine's limit (kiln / PyTorch)"), rows)


def chart(results, path):
    """Horizontal bars of the ratios on a log scale; 1.0 marked."""
    labels = [r.title for r in results][::-1]
    ratios = [r.ratio for r in results][::-1]
    fig, ax = plt.subplots(figsize=(11, 0.38 * len(results) + 1.2))
    colors = ["tab:green" if r >= 1 else "tab:red" for r in ratios]
    ax.barh(labels, ratios, color=colors)
    ax.set_xscale("log")
    ax.axvline(1.0, color="black", linewidth=1)
    for y, r in enumerate(ratios):
        ax.text(r, y, f" {ratio_text(r)}", va="center", fontsize=8)
    ax.set_xlabel("PyTorch eager time / kiln time (above 1: kiln is faster)")
    ax.set_title("kiln vs PyTorch eager on this CPU")
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
