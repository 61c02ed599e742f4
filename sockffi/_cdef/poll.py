"""<poll.h>: waiting for readiness, the basis of socket timeouts."""

INCLUDES = """
#include <poll.h>
"""

TYPES = """
typedef int... nfds_t;
struct pollfd { int fd; short events; short revents; ...; };
"""

FUNCTIONS = """
int poll(struct pollfd *fds, nfds_t nfds, int timeout);
"""

CONSTANTS = """
    POLLERR POLLHUP POLLIN POLLMSG POLLNVAL POLLOUT POLLPRI POLLRDBAND
    POLLRDHUP POLLRDNORM POLLREMOVE POLLWRBAND POLLWRNORM
""".split()
