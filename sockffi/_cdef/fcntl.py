"""<fcntl.h>: descriptor flags (O_NONBLOCK, FD_CLOEXEC)."""

INCLUDES = """
#include <fcntl.h>
"""

TYPES = ""

FUNCTIONS = """
int fcntl(int fd, int cmd, ...);
"""

CONSTANTS = """
    FD_CLOEXEC F_GETFD F_GETFL F_SETFD F_SETFL O_NONBLOCK
""".split()
