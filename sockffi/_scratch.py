"""Reusable C memory for the hot calls (recv, recvfrom): taking a block from
a small shared pool and giving it back costs a fraction of allocating cdata
on every call.  list.pop and list.append are atomic, so a block is never in
two calls at once.  The pool holds a fixed number of blocks: while they are
all in use (threads blocked in recv at the same time), a caller gets
IndexError from take() and allocates for itself, so the memory kept is
bounded whatever the number of threads.

A block is (data, sa, raw, length, storage, head, view, rawview):
    data    char[SIZE], for what the kernel writes (recv(n <= SIZE))
    sa      struct sockaddr * over the sockaddr_storage, for recvfrom
    raw     the same storage as char *, to read its bytes
    length  socklen_t *
    storage the struct sockaddr_storage * that owns the address memory
    head    the storage's first 8 bytes as one uint64_t (sa_family, and for
            AF_INET the whole address): recvfrom's memo key, read without
            building bytes
    view    ffi.buffer over data: view[:n] is its first n bytes as bytes, one
            slice instead of an ffi.unpack call (which parses keywords)
    rawview ffi.buffer over the storage, likewise
"""

from __future__ import annotations

from ._binding import ffi

SIZE = 65536
BLOCKS = 2
STORAGE_SIZE = ffi.sizeof("struct sockaddr_storage")

_new = ffi.new_allocator(should_clear_after_alloc=False)
_CHARS = ffi.typeof("char[]")
_STORAGE = ffi.typeof("struct sockaddr_storage *")
_SOCKADDR = ffi.typeof("struct sockaddr *")
_CHAR_P = ffi.typeof("char *")
_SOCKLEN_P = ffi.typeof("socklen_t *")
_U64_P = ffi.typeof("uint64_t *")


def new_block(size: int = SIZE):
    """A block of its own (size 0: the address part only), for a caller
    that found the pool empty."""
    storage = _new(_STORAGE)
    data = _new(_CHARS, size)
    # The casts and views share the memory; the tuple keeps it alive.
    return (data, ffi.cast(_SOCKADDR, storage), ffi.cast(_CHAR_P, storage),
            _new(_SOCKLEN_P), storage, ffi.cast(_U64_P, storage),
            ffi.buffer(data), ffi.buffer(storage))


_pool = [new_block() for _ in range(BLOCKS)]
take = _pool.pop    # IndexError when all blocks are in use
give = _pool.append  # only ever with a block that take() returned
