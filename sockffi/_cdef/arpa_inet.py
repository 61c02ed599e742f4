"""<arpa/inet.h>: text <-> binary address conversion."""

INCLUDES = """
#include <arpa/inet.h>
"""

TYPES = ""

FUNCTIONS = """
int inet_aton(const char *cp, struct in_addr *inp);
int inet_pton(int af, const char *src, void *dst);
const char *inet_ntop(int af, const void *src, char *dst, socklen_t size);
"""

# inet_aton in one crossing and no cdata: the address comes back as the
# return value (_binding.py has the pure-Python twin for ABI mode).
HELPERS = """
long long sockffi_inet_aton(const char *cp);
"""

CUSTOMIZATIONS = """
/* s_addr as stored (network order read as a native uint32), or -1. */
static long long sockffi_inet_aton(const char *cp) {
    struct in_addr addr;
    if (inet_aton(cp, &addr) == 0)
        return -1;
    return addr.s_addr;
}
"""

CONSTANTS = []
