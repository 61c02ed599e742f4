"""<net/if.h>: interface names and indexes."""

INCLUDES = """
#include <net/if.h>
"""

TYPES = """
struct if_nameindex { unsigned int if_index; char *if_name; ...; };
"""

FUNCTIONS = """
unsigned int if_nametoindex(const char *ifname);
char *if_indextoname(unsigned int ifindex, char *ifname);
struct if_nameindex *if_nameindex(void);
void if_freenameindex(struct if_nameindex *ptr);
"""

CONSTANTS = """
    IFNAMSIZ IF_NAMESIZE
""".split()
