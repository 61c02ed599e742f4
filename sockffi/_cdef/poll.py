"""<poll.h>: waiting for readiness, the basis of socket timeouts (and <sys/select.h>'s FD_SETSIZE)."""

INCLUDES = """
#include <poll.h>
#include <sys/select.h>
"""

TYPES = """
typedef int... nfds_t;
struct pollfd { int fd; short events; short revents; ...; };
"""

FUNCTIONS = """
int poll(struct pollfd *fds, nfds_t nfds, int timeout);
"""

CONSTANTS = """
    FD_SETSIZE
    POLLERR POLLHUP POLLIN POLLMSG POLLNVAL POLLOUT POLLPRI POLLRDBAND
    POLLRDHUP POLLRDNORM POLLREMOVE POLLWRBAND POLLWRNORM
""".split()
