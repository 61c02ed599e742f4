"""sockffi's benchmark suite: the same workloads against the stdlib `socket`
and `sockffi`, alternating on one pinned CPU.  Run `python -m benchmarks`
from the repository root (`--help` for the options)."""
