"""The pieces of bench/run.py: yardsticks, kiln against PyTorch, kiln's code
generation alone, and the report."""
