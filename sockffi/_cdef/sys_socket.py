"""<sys/socket.h>: the socket calls, sockaddr, msghdr/cmsghdr, and their constants."""

INCLUDES = """
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <time.h>
#include <limits.h>

/* The msghdr/cmsghdr length fields are size_t in glibc, socklen_t or int
   elsewhere (BSD, musl): typed as the libc types them, so one cdef holds. */
typedef __typeof__(((struct msghdr *)0)->msg_iovlen) sockffi_iovlen_t;
typedef __typeof__(((struct msghdr *)0)->msg_controllen) sockffi_controllen_t;
typedef __typeof__(((struct cmsghdr *)0)->cmsg_len) sockffi_cmsglen_t;
"""

TYPES = """
typedef int... socklen_t;
typedef int... sa_family_t;
typedef int... time_t;
typedef int... pid_t;
typedef int... uid_t;
typedef int... gid_t;
typedef int... suseconds_t;
typedef int... sockffi_iovlen_t;
typedef int... sockffi_controllen_t;
typedef int... sockffi_cmsglen_t;

struct sockaddr { sa_family_t sa_family; ...; };
struct sockaddr_storage { sa_family_t ss_family; ...; };
struct iovec { void *iov_base; size_t iov_len; ...; };
struct msghdr {
    void *msg_name; socklen_t msg_namelen;
    struct iovec *msg_iov; sockffi_iovlen_t msg_iovlen;
    void *msg_control; sockffi_controllen_t msg_controllen;
    int msg_flags; ...;
};
struct cmsghdr { sockffi_cmsglen_t cmsg_len; int cmsg_level; int cmsg_type; ...; };
struct linger { int l_onoff; int l_linger; ...; };
struct timeval { time_t tv_sec; suseconds_t tv_usec; ...; };
struct timespec { time_t tv_sec; long tv_nsec; ...; };
"""

FUNCTIONS = """
int socket(int domain, int type, int protocol);
int socketpair(int domain, int type, int protocol, int sv[2]);
int bind(int fd, const struct sockaddr *addr, socklen_t len);
int connect(int fd, const struct sockaddr *addr, socklen_t len);
int listen(int fd, int backlog);
int accept(int fd, struct sockaddr *addr, socklen_t *len);
int getsockname(int fd, struct sockaddr *addr, socklen_t *len);
int getpeername(int fd, struct sockaddr *addr, socklen_t *len);
ssize_t send(int fd, const void *buf, size_t n, int flags);
ssize_t recv(int fd, void *buf, size_t n, int flags);
ssize_t sendto(int fd, const void *buf, size_t n, int flags,
               const struct sockaddr *addr, socklen_t len);
ssize_t recvfrom(int fd, void *buf, size_t n, int flags,
                 struct sockaddr *addr, socklen_t *len);
ssize_t sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t recvmsg(int fd, struct msghdr *msg, int flags);
int getsockopt(int fd, int level, int name, void *val, socklen_t *len);
int setsockopt(int fd, int level, int name, const void *val, socklen_t len);
int shutdown(int fd, int how);
"""

# Macros the compiled build wraps in C; _binding.py gives ABI mode the same
# arithmetic in Python, from figures the generator records.
HELPERS = """
size_t sockffi_cmsg_len(size_t n);
size_t sockffi_cmsg_space(size_t n);
int sockffi_setsockopt_int(int fd, int level, int name, int value);
long long sockffi_getsockopt_int(int fd, int level, int name);
int sockffi_set_blocking(int fd, int blocking);
void sockffi_sockaddr_init(void *sa, int family, socklen_t len);
"""

# The int option, blocking and sockaddr helpers are composite calls that save Python<->C crossings and
# cdata allocations on hot paths (an int option, settimeout); _binding.py
# has their pure-Python twins for ABI mode.
CUSTOMIZATIONS = """
static size_t sockffi_cmsg_len(size_t n) { return CMSG_LEN(n); }
static size_t sockffi_cmsg_space(size_t n) { return CMSG_SPACE(n); }

static int sockffi_setsockopt_int(int fd, int level, int name, int value) {
    return setsockopt(fd, level, name, &value, sizeof value);
}

/* The option's int value, or LLONG_MIN (no int is that) with errno set. */
static long long sockffi_getsockopt_int(int fd, int level, int name) {
    int value = 0;
    socklen_t size = sizeof value;
    if (getsockopt(fd, level, name, &value, &size) < 0)
        return LLONG_MIN;
    return value;
}

/* A sockaddr's family, and on the BSDs (macOS included) the length byte
   sa_len before it: Python never needs to know which layout it has. */
#if defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) \
    || defined(__OpenBSD__) || defined(__DragonFly__)
#define SOCKFFI_HAVE_SA_LEN 1
#endif
static void sockffi_sockaddr_init(void *sa, int family, socklen_t len) {
#ifdef SOCKFFI_HAVE_SA_LEN
    ((struct sockaddr *)sa)->sa_len = len > 255 ? 255 : (unsigned char)len;
#endif
    ((struct sockaddr *)sa)->sa_family = (sa_family_t)family;
}

/* As PyPy's rsocket: read the flags, write them only when they change.
   F_GETFL is the cheaper system call, and settimeout() mostly repeats. */
static int sockffi_set_blocking(int fd, int blocking) {
    int flags = fcntl(fd, F_GETFL, 0);
    int wanted;
    if (flags < 0)
        return -1;
    wanted = blocking ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK);
    return wanted == flags ? 0 : fcntl(fd, F_SETFL, wanted);
}
"""

CONSTANTS = """
    AF_ALG AF_APPLETALK AF_ASH AF_ATMPVC AF_ATMSVC AF_AX25 AF_BLUETOOTH
    AF_BRIDGE AF_CAIF AF_CAN AF_DECnet AF_ECONET AF_FILE AF_IB AF_IEEE802154
    AF_INET AF_INET6 AF_IPX AF_IRDA AF_ISDN AF_IUCV AF_KCM AF_KEY AF_LLC
    AF_LOCAL AF_MAX AF_MCTP AF_MPLS AF_NETBEUI AF_NETLINK AF_NETROM AF_NFC
    AF_PACKET AF_PHONET AF_PPPOX AF_QIPCRTR AF_RDS AF_ROSE AF_ROUTE AF_RXRPC
    AF_SECURITY AF_SMC AF_SNA AF_TIPC AF_UNIX AF_UNSPEC AF_VSOCK AF_WANPIPE
    AF_X25 AF_XDP MSG_BATCH MSG_CMSG_CLOEXEC MSG_CONFIRM MSG_CTRUNC
    MSG_DONTROUTE MSG_DONTWAIT MSG_EOR MSG_ERRQUEUE MSG_FASTOPEN MSG_FIN
    MSG_MORE MSG_NOSIGNAL MSG_OOB MSG_PEEK MSG_PROXY MSG_RST MSG_SYN
    MSG_TRUNC MSG_TRYHARD MSG_WAITALL MSG_WAITFORONE MSG_ZEROCOPY PF_ALG
    PF_APPLETALK PF_ASH PF_ATMPVC PF_ATMSVC PF_AX25 PF_BLUETOOTH PF_BRIDGE
    PF_CAIF PF_CAN PF_DECnet PF_ECONET PF_FILE PF_IB PF_IEEE802154 PF_INET
    PF_INET6 PF_IPX PF_IRDA PF_ISDN PF_IUCV PF_KCM PF_KEY PF_LLC PF_LOCAL
    PF_MAX PF_MCTP PF_MPLS PF_NETBEUI PF_NETLINK PF_NETROM PF_NFC PF_PACKET
    PF_PHONET PF_PPPOX PF_QIPCRTR PF_RDS PF_ROSE PF_ROUTE PF_RXRPC
    PF_SECURITY PF_SMC PF_SNA PF_TIPC PF_UNIX PF_UNSPEC PF_VSOCK PF_WANPIPE
    PF_X25 PF_XDP SCM_CREDENTIALS SCM_RIGHTS SCM_TIMESTAMP SCM_TIMESTAMPING
    SCM_TIMESTAMPING_OPT_STATS SCM_TIMESTAMPING_PKTINFO SCM_TIMESTAMPNS
    SCM_TXTIME SCM_WIFI_STATUS SHUT_RD SHUT_RDWR SHUT_WR SIOCADDDLCI
    SIOCADDMULTI SIOCADDRT SIOCATMARK SIOCBONDCHANGEACTIVE SIOCBONDENSLAVE
    SIOCBONDINFOQUERY SIOCBONDRELEASE SIOCBONDSETHWADDR
    SIOCBONDSLAVEINFOQUERY SIOCBRADDBR SIOCBRADDIF SIOCBRDELBR SIOCBRDELIF
    SIOCDARP SIOCDELDLCI SIOCDELMULTI SIOCDELRT SIOCDEVPRIVATE SIOCDIFADDR
    SIOCDRARP SIOCETHTOOL SIOCGARP SIOCGETLINKNAME SIOCGETNODEID
    SIOCGHWTSTAMP SIOCGIFADDR SIOCGIFBR SIOCGIFBRDADDR SIOCGIFCONF
    SIOCGIFCOUNT SIOCGIFDSTADDR SIOCGIFENCAP SIOCGIFFLAGS SIOCGIFHWADDR
    SIOCGIFINDEX SIOCGIFMAP SIOCGIFMEM SIOCGIFMETRIC SIOCGIFMTU SIOCGIFNAME
    SIOCGIFNETMASK SIOCGIFPFLAGS SIOCGIFSLAVE SIOCGIFTXQLEN SIOCGIFVLAN
    SIOCGMIIPHY SIOCGMIIREG SIOCGPGRP SIOCGRARP SIOCGSKNS SIOCGSTAMP
    SIOCGSTAMPNS SIOCGSTAMPNS_NEW SIOCGSTAMPNS_OLD SIOCGSTAMP_NEW
    SIOCGSTAMP_OLD SIOCINQ SIOCOUTQ SIOCOUTQNSD SIOCPROTOPRIVATE SIOCRTMSG
    SIOCSARP SIOCSHWTSTAMP SIOCSIFADDR SIOCSIFBR SIOCSIFBRDADDR
    SIOCSIFDSTADDR SIOCSIFENCAP SIOCSIFFLAGS SIOCSIFHWADDR
    SIOCSIFHWBROADCAST SIOCSIFLINK SIOCSIFMAP SIOCSIFMEM SIOCSIFMETRIC
    SIOCSIFMTU SIOCSIFNAME SIOCSIFNETMASK SIOCSIFPFLAGS SIOCSIFSLAVE
    SIOCSIFTXQLEN SIOCSIFVLAN SIOCSMIIREG SIOCSPGRP SIOCSRARP SIOCWANDEV
    SOCK_BUF_LOCK_MASK SOCK_CLOEXEC SOCK_DCCP SOCK_DGRAM SOCK_IOC_TYPE
    SOCK_NONBLOCK SOCK_PACKET SOCK_RAW SOCK_RCVBUF_LOCK SOCK_RDM
    SOCK_SEQPACKET SOCK_SNDBUF_LOCK SOCK_STREAM SOCK_TXREHASH_DEFAULT
    SOCK_TXREHASH_DISABLED SOCK_TXREHASH_ENABLED
    SOF_TIMESTAMPING_TX_RECORD_MASK SOL_AAL SOL_ALG SOL_ATM SOL_BLUETOOTH
    SOL_CAIF SOL_CAN_BASE SOL_CAN_ISOTP SOL_CAN_J1939 SOL_CAN_RAW SOL_DCCP
    SOL_DECNET SOL_ICMPV6 SOL_IP SOL_IPV6 SOL_IRDA SOL_IUCV SOL_KCM SOL_LLC
    SOL_MCTP SOL_MPTCP SOL_NETBEUI SOL_NETLINK SOL_NFC SOL_PACKET SOL_PNPIPE
    SOL_PPPOL2TP SOL_RAW SOL_RDS SOL_RXRPC SOL_SMC SOL_SOCKET SOL_TCP
    SOL_TIPC SOL_TLS SOL_UDP SOL_VSOCK SOL_X25 SOL_XDP SOMAXCONN
    SO_ACCEPTCONN SO_ATTACH_BPF SO_ATTACH_FILTER SO_ATTACH_REUSEPORT_CBPF
    SO_ATTACH_REUSEPORT_EBPF SO_BINDTODEVICE SO_BINDTOIFINDEX
    SO_BPF_EXTENSIONS SO_BROADCAST SO_BSDCOMPAT SO_BUF_LOCK SO_BUSY_POLL
    SO_BUSY_POLL_BUDGET SO_CNX_ADVICE SO_COOKIE SO_DEBUG SO_DETACH_BPF
    SO_DETACH_FILTER SO_DETACH_REUSEPORT_BPF SO_DOMAIN SO_DONTROUTE
    SO_EE_CODE_TXTIME_INVALID_PARAM SO_EE_CODE_TXTIME_MISSED
    SO_EE_CODE_ZEROCOPY_COPIED SO_EE_ORIGIN_ICMP SO_EE_ORIGIN_ICMP6
    SO_EE_ORIGIN_LOCAL SO_EE_ORIGIN_NONE SO_EE_ORIGIN_TIMESTAMPING
    SO_EE_ORIGIN_TXSTATUS SO_EE_ORIGIN_TXTIME SO_EE_ORIGIN_ZEROCOPY
    SO_EE_RFC4884_FLAG_INVALID SO_ERROR SO_GET_FILTER SO_INCOMING_CPU
    SO_INCOMING_NAPI_ID SO_KEEPALIVE SO_LINGER SO_LOCK_FILTER SO_MARK
    SO_MAX_PACING_RATE SO_MEMINFO SO_NETNS_COOKIE SO_NOFCS SO_NO_CHECK
    SO_OOBINLINE SO_ORIGINAL_DST SO_PASSCRED SO_PASSSEC SO_PEEK_OFF
    SO_PEERCRED SO_PEERGROUPS SO_PEERNAME SO_PEERSEC SO_PREFER_BUSY_POLL
    SO_PRIORITY SO_PROTOCOL SO_RCVBUF SO_RCVBUFFORCE SO_RCVLOWAT SO_RCVMARK
    SO_RCVTIMEO SO_RCVTIMEO_NEW SO_RCVTIMEO_OLD SO_RESERVE_MEM SO_REUSEADDR
    SO_REUSEPORT SO_RXQ_OVFL SO_SECURITY_AUTHENTICATION
    SO_SECURITY_ENCRYPTION_NETWORK SO_SECURITY_ENCRYPTION_TRANSPORT
    SO_SELECT_ERR_QUEUE SO_SNDBUF SO_SNDBUFFORCE SO_SNDLOWAT SO_SNDTIMEO
    SO_SNDTIMEO_NEW SO_SNDTIMEO_OLD SO_TIMESTAMP SO_TIMESTAMPING
    SO_TIMESTAMPING_NEW SO_TIMESTAMPING_OLD SO_TIMESTAMPNS
    SO_TIMESTAMPNS_NEW SO_TIMESTAMPNS_OLD SO_TIMESTAMP_NEW SO_TIMESTAMP_OLD
    SO_TXREHASH SO_TXTIME SO_TYPE SO_WIFI_STATUS SO_ZEROCOPY
""".split()
