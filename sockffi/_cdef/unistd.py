"""<unistd.h>: close, dup and the host name."""

INCLUDES = """
#include <unistd.h>
"""

TYPES = ""

FUNCTIONS = """
int close(int fd);
int dup(int fd);
int gethostname(char *name, size_t len);
int sethostname(const char *name, size_t len);
"""

CONSTANTS = []
