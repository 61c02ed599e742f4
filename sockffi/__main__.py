"""python -m sockffi [info]: what is loaded, and a loopback self-test."""

import platform
import sys

from . import __version__, MODE, _selftest
from ._binding import CONSTANTS, LOAD_FAILURES


def info() -> int:
    out = sys.stdout
    out.write(f"sockffi {__version__}\n")
    out.write(f"mode:        {MODE}\n")
    for reason in LOAD_FAILURES:
        out.write(f"  (passed over {reason})\n")
    out.write(f"interpreter: {platform.python_implementation()} {platform.python_version()}\n")
    out.write(f"platform:    {platform.system()} {platform.machine()}\n")
    out.write(f"constants:   {len(CONSTANTS)} from the platform headers\n")
    out.write("self-test:\n")
    ok = _selftest.run(out)
    out.write("self-test passed\n" if ok else "self-test FAILED\n")
    return 0 if ok else 1


def run(args) -> int:
    """run script.py [args] | run -m module [args]: the program on sockffi."""
    from ._run import main as run_main
    return run_main(args)


COMMANDS = {"info": info, "run": run}


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "info"
    if command not in COMMANDS:
        sys.stderr.write(f"usage: python -m sockffi [{'|'.join(COMMANDS)}]\n")
        return 2
    if command == "run":
        return run(args[1:])
    return COMMANDS[command]()


if __name__ == "__main__":
    sys.exit(main())
