"""glibc-only declarations: the reentrant netdb calls (gethostbyname2_r and
friends, with glibc's signatures), where h_errno lives, and the constants
glibc spells as enum members.  Linux with another libc (musl) and the BSDs
build without this module; sockffi/_netdb.py then runs the plain calls
under a lock."""

INCLUDES = """
#include <netdb.h>
"""

TYPES = ""

FUNCTIONS = """
int gethostbyname2_r(const char *name, int af, struct hostent *ret,
                     char *buf, size_t buflen, struct hostent **result,
                     int *h_errnop);
int gethostbyaddr_r(const void *addr, socklen_t len, int type,
                    struct hostent *ret, char *buf, size_t buflen,
                    struct hostent **result, int *h_errnop);
int getservbyname_r(const char *name, const char *proto, struct servent *ret,
                    char *buf, size_t buflen, struct servent **result);
int getservbyport_r(int port, const char *proto, struct servent *ret,
                    char *buf, size_t buflen, struct servent **result);
int getprotobyname_r(const char *name, struct protoent *ret,
                     char *buf, size_t buflen, struct protoent **result);
int *__h_errno_location(void);
"""

ENUM_CONSTANTS = [
    ("IPPORT_USERRESERVED", "IPPORT_USERRESERVED", "__GLIBC__"),
]

CONSTANTS = []
