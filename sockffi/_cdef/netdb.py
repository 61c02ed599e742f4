"""<netdb.h>: name and service lookup, as POSIX has it.  The plain
gethostby*/getserv*/getprotobyname calls are not reentrant: sockffi/_netdb.py
runs them under one lock, and uses the reentrant _r variants instead where
the platform declares them (glibc.py)."""

INCLUDES = """
#include <netdb.h>
#include <string.h>
"""

TYPES = """
struct addrinfo {
    int ai_flags; int ai_family; int ai_socktype; int ai_protocol;
    socklen_t ai_addrlen; struct sockaddr *ai_addr; char *ai_canonname;
    struct addrinfo *ai_next; ...;
};
struct hostent {
    char *h_name; char **h_aliases; int h_addrtype; int h_length;
    char **h_addr_list; ...;
};
struct servent { char *s_name; char **s_aliases; int s_port; char *s_proto; ...; };
struct protoent { char *p_name; char **p_aliases; int p_proto; ...; };
"""

FUNCTIONS = """
int getaddrinfo(const char *node, const char *service,
                const struct addrinfo *hints, struct addrinfo **res);
void freeaddrinfo(struct addrinfo *res);
const char *gai_strerror(int errcode);
int getnameinfo(const struct sockaddr *addr, socklen_t addrlen,
                char *host, socklen_t hostlen, char *serv, socklen_t servlen,
                int flags);
struct hostent *gethostbyname(const char *name);
struct hostent *gethostbyaddr(const void *addr, socklen_t len, int type);
struct servent *getservbyname(const char *name, const char *proto);
struct servent *getservbyport(int port, const char *proto);
struct protoent *getprotobyname(const char *name);
const char *hstrerror(int err);
"""

# getaddrinfo with its hints filled in C: one crossing and no hints cdata
# per call (_binding.py has the pure-Python twin for ABI mode); h_errno,
# for the plain (non-_r) lookups (the twin: the platform layer's h_errno()).
HELPERS = """
int sockffi_getaddrinfo(const char *node, const char *service, int family,
                        int socktype, int protocol, int flags,
                        struct addrinfo **res);
int sockffi_h_errno(void);
"""

CUSTOMIZATIONS = """
static int sockffi_getaddrinfo(const char *node, const char *service, int family,
                               int socktype, int protocol, int flags,
                               struct addrinfo **res) {
    struct addrinfo hints;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_protocol = protocol;
    hints.ai_flags = flags;
    return getaddrinfo(node, service, &hints, res);
}

/* h_errno is a macro or a thread-local on most libcs: ABI mode cannot name
   it, so the platform layer gives the twin. */
static int sockffi_h_errno(void) { return h_errno; }
"""

CONSTANTS = """
    AI_ADDRCONFIG AI_ALL AI_CANONIDN AI_CANONNAME AI_IDN
    AI_NUMERICHOST
    AI_NUMERICSERV AI_PASSIVE AI_V4MAPPED EAI_ADDRFAMILY EAI_AGAIN
    EAI_ALLDONE EAI_BADFLAGS EAI_CANCELED EAI_FAIL EAI_FAMILY EAI_IDN_ENCODE
    EAI_INPROGRESS EAI_INTR EAI_MEMORY EAI_NODATA EAI_NONAME EAI_NOTCANCELED
    EAI_OVERFLOW EAI_SERVICE EAI_SOCKTYPE EAI_SYSTEM HOST_NOT_FOUND NI_DGRAM
    NI_IDN NI_MAXHOST
    NI_MAXSERV NI_NAMEREQD NI_NOFQDN NI_NUMERICHOST NI_NUMERICSERV
    NO_ADDRESS NO_DATA NO_RECOVERY TRY_AGAIN
""".split()
