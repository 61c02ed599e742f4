"""socket.sendfile(): os.sendfile() where the platform and the file allow
it, send() otherwise -- the methods Lib/socket.py gives the socket class,
with the same names (code and tests reach for _sendfile_use_send and
_sendfile_use_sendfile directly).
"""

from __future__ import annotations

import io
import os
TYPE_CHECKING = False  # typing for the checkers only: it costs PyPy ~9 ms of import
if TYPE_CHECKING:
    from typing import Optional

from ._binding import CONSTANTS
from ._errors import timed_out
from ._inflight import registered
from ._timeout import wait_ready

SOCK_STREAM = CONSTANTS["SOCK_STREAM"]
POLLOUT = CONSTANTS["POLLOUT"]


class _GiveupOnSendfile(Exception):
    """os.sendfile() cannot serve this file: fall back to send()."""


class Sendfile:
    """sendfile and the helpers Lib/socket.py gives it, by the same names;
    sendfile is a registered call in flight."""

    __slots__ = ()

    def _check_sendfile_params(self, file, offset: int, count: Optional[int]) -> None:
        if "b" not in getattr(file, "mode", "b"):
            raise ValueError("file should be opened in binary mode")
        if not self.type & SOCK_STREAM:  # a bit test, as the stdlib's
            raise ValueError("only SOCK_STREAM type sockets are supported")
        if count is not None:
            if not isinstance(count, int):
                raise TypeError(
                    "count must be a positive integer (got {!r})".format(count))
            if count <= 0:
                raise ValueError(
                    "count must be a positive integer (got {!r})".format(count))


    if hasattr(os, "sendfile"):
        def _sendfile_use_sendfile(self, file, offset: int = 0,
                                   count: Optional[int] = None) -> int:
            self._check_sendfile_params(file, offset, count)
            sockno = self.fileno()
            try:
                fileno = file.fileno()
            except (AttributeError, io.UnsupportedOperation) as err:
                raise _GiveupOnSendfile(err)  # not a regular file
            try:
                fsize = os.fstat(fileno).st_size
            except OSError as err:
                raise _GiveupOnSendfile(err)  # not a regular file
            if not fsize:
                return 0  # empty file
            # At most 1 GiB per call (bpo-38319: larger sizes overflow).
            blocksize = min(count or fsize, 2 ** 30)
            timeout = self.gettimeout()
            if timeout == 0:
                raise ValueError("non-blocking sockets are not supported")
            if sockno < 0:  # (the stdlib's selector refuses it so)
                raise ValueError(f"Invalid file descriptor: {sockno}")
            total_sent = 0
            os_sendfile = os.sendfile
            try:
                while True:
                    if timeout and not wait_ready(sockno, POLLOUT, timeout):
                        raise timed_out()
                    if count:
                        blocksize = min(count - total_sent, blocksize)
                        if blocksize <= 0:
                            break
                    try:
                        sent = os_sendfile(sockno, fileno, offset, blocksize)
                    except BlockingIOError:
                        if not timeout:
                            # Wait until the socket can take more, rather
                            # than spinning.
                            wait_ready(sockno, POLLOUT, None)
                        continue
                    except OSError as err:
                        if total_sent == 0:
                            # Typically `file` is not a regular mmap()-able
                            # file: plain send() will do.
                            raise _GiveupOnSendfile(err)
                        raise err from None
                    else:
                        if sent == 0:
                            break  # EOF
                        offset += sent
                        total_sent += sent
                return total_sent
            finally:
                if total_sent > 0 and hasattr(file, "seek"):
                    file.seek(offset)
    else:
        def _sendfile_use_sendfile(self, file, offset: int = 0,
                                   count: Optional[int] = None) -> int:
            raise _GiveupOnSendfile("os.sendfile() not available on this platform")


    def _sendfile_use_send(self, file, offset: int = 0, count: Optional[int] = None) -> int:
        self._check_sendfile_params(file, offset, count)
        if self.gettimeout() == 0:
            raise ValueError("non-blocking sockets are not supported")
        if offset:
            file.seek(offset)
        blocksize = min(count, 8192) if count else 8192
        total_sent = 0
        file_read = file.read
        sock_send = self.send
        try:
            while True:
                if count:
                    blocksize = min(count - total_sent, blocksize)
                    if blocksize <= 0:
                        break
                data = memoryview(file_read(blocksize))
                if not data:
                    break  # EOF
                while True:
                    try:
                        sent = sock_send(data)
                    except BlockingIOError:
                        continue
                    else:
                        total_sent += sent
                        if sent < len(data):
                            data = data[sent:]
                        else:
                            break
            return total_sent
        finally:
            if total_sent > 0 and hasattr(file, "seek"):
                file.seek(offset + total_sent)


    @registered()
    def sendfile(self, file, offset: int = 0, count: Optional[int] = None) -> int:
        """sendfile(file[, offset[, count]]) -> sent

        Send a file until EOF is reached by using high-performance
        os.sendfile() and return the total number of bytes which
        were sent.
        *file* must be a regular file object opened in binary mode.
        If os.sendfile() is not available (e.g. Windows) or file is
        not a regular file socket.send() will be used instead.
        *offset* tells from where to start reading the file.
        If specified, *count* is the total number of bytes to transmit
        as opposed to sending the file until EOF is reached.
        File position is updated on return or also in case of error in
        which case file.tell() can be used to figure out the number of
        bytes which were sent.
        The socket must be of SOCK_STREAM type.
        Non-blocking sockets are not supported.
        """
        try:
            return self._sendfile_use_sendfile(file, offset, count)
        except _GiveupOnSendfile:
            return self._sendfile_use_send(file, offset, count)
