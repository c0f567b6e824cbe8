"""Worker processes: start one, send it work, hear back, stop or kill it.

On Linux a worker is forked directly and talks through two pipes, so it shares everything the
parent loaded. Importing and setting up multiprocessing costs about 10 ms, a large share of a
one-file pre-commit run. Other systems cannot fork safely (or at all), so there a worker is a
multiprocessing "spawn" process that starts afresh.

Both kinds look the same to the pool: ``send``, ``has_message``, ``receive``, ``alive``,
``reap`` (its exit status once it has gone), ``stop`` (ask) then ``end`` (wait), and ``kill``;
``wait_for`` sleeps
until one of several workers has something to say or has died.
"""

from __future__ import annotations

import os
import pickle  # imported before any fork, so that neither side imports it again
import sys
import time
from typing import Any, Callable, ClassVar, Sequence

FORKS = sys.platform.startswith("linux")  # fork shares the parent's loaded rule data

Serve = Callable[[Any, int], None]  # the worker's loop: (its end of the channel, memory limit in MB)


class Channel:
    """One side of a forked worker's two pipes. A message is a pickle after its 8-byte length."""

    def __init__(self, read_fd: int, write_fd: int):
        self.read_fd, self.write_fd = read_fd, write_fd

    def send(self, message: Any) -> None:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        view = memoryview(len(data).to_bytes(8, "little") + data)
        while view:
            view = view[os.write(self.write_fd, view):]

    def recv(self) -> Any:
        """The next message; EOFError when the other side has gone (closed or died)."""
        size = int.from_bytes(self._read(8), "little")
        return pickle.loads(self._read(size))

    def poll(self) -> bool:
        import select

        return bool(select.select([self.read_fd], [], [], 0)[0])

    def _read(self, size: int) -> bytes:
        parts: list[bytes] = []
        while size:
            chunk = os.read(self.read_fd, min(size, 1 << 20))
            if not chunk:
                raise EOFError("the other side of the pipe has gone")
            parts.append(chunk)
            size -= len(chunk)
        return b"".join(parts)

    def close(self) -> None:
        """Close both ends, once: a number closed twice may by then name another open file."""
        for fd in (self.read_fd, self.write_fd):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self.read_fd = self.write_fd = -1


class ForkedWorker:
    """A worker forked from this process (Linux)."""

    # The pipe ends this process holds for every live worker. A new child closes them all: a
    # child keeping another worker's task pipe open would stop that worker from ever seeing the
    # end of its input if this process died.
    parent_ends: ClassVar[set[int]] = set()

    def __init__(self, serve: Serve, megabytes: int):
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no process to be had (a limit reached): the pipes must not leak
            for fd in (task_read, task_write, result_read, result_write):
                os.close(fd)
            raise
        if pid == 0:  # the worker: it never returns into the parent's code
            code = 1
            try:
                for fd in (task_write, result_read, *self.parent_ends):
                    os.close(fd)
                serve(Channel(task_read, result_write), megabytes)
                code = 0
            finally:
                os._exit(code)
        os.close(task_read)
        os.close(result_write)
        self.pid = pid
        self.channel = Channel(result_read, task_write)
        self.parent_ends.update((result_read, task_write))
        self.status: int | None = None

    def send(self, message: Any) -> None:
        self.channel.send(message)

    def has_message(self) -> bool:
        """True when a message, or the end of the pipe (the worker died), is waiting."""
        return self.channel.poll()

    def receive(self) -> Any:
        return self.channel.recv()

    def alive(self) -> bool:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)  # negative: the signal that ended it
        return self.status is None

    def reap(self, seconds: float = 5.0) -> int | None:
        """Its exit status, waiting up to ``seconds`` for it to go; None if it is still running."""
        if self.alive() and seconds > 0:
            try:
                exited = os.pidfd_open(self.pid)  # readable once the worker has exited (Linux 5.3+)
            except OSError:
                deadline = time.monotonic() + seconds
                while self.alive() and time.monotonic() < deadline:
                    time.sleep(0.002)
            else:
                import select

                try:
                    select.select([exited], [], [], seconds)
                finally:
                    os.close(exited)
            self.alive()
        return self.status

    def stop(self) -> None:
        """Ask it to finish its loop and exit; ``end`` waits for that."""
        try:
            self.send(None)
        except OSError:
            pass

    def end(self, seconds: float = 2.0) -> None:
        """Wait for a stopped worker to exit, killing it after ``seconds``."""
        self.reap(seconds)
        self.kill()

    def kill(self) -> None:
        if self.alive():
            import signal

            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.status = -signal.SIGKILL
        self.parent_ends.difference_update((self.channel.read_fd, self.channel.write_fd))
        self.channel.close()

    def waitables(self) -> list[Any]:
        return [self.channel.read_fd]  # the worker dying closes the pipe, which wakes the wait too


class SpawnedWorker:
    """A worker started afresh by multiprocessing (Windows, macOS)."""

    def __init__(self, serve: Serve, megabytes: int):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=serve, args=(child, megabytes), daemon=True, name="coprolint-worker")
        self.process.start()
        child.close()

    def send(self, message: Any) -> None:
        self.conn.send(message)

    def has_message(self) -> bool:
        return bool(self.conn.poll())

    def receive(self) -> Any:
        return self.conn.recv()

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def reap(self, seconds: float = 5.0) -> int | None:
        self.process.join(timeout=seconds)
        return self.process.exitcode  # type: ignore[no-any-return]

    def stop(self) -> None:
        """Ask it to finish its loop and exit; ``end`` waits for that."""
        try:
            self.send(None)
        except (OSError, ValueError):
            pass

    def end(self, seconds: float = 2.0) -> None:
        """Wait for a stopped worker to exit, killing it after ``seconds``."""
        self.process.join(timeout=seconds)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def waitables(self) -> list[Any]:
        return [self.conn, self.process.sentinel]


Worker = ForkedWorker | SpawnedWorker


def start(serve: Serve, megabytes: int) -> Worker:
    return ForkedWorker(serve, megabytes) if FORKS else SpawnedWorker(serve, megabytes)


def wait_for(workers: Sequence[Worker], timeout: float) -> None:
    """Sleep until one of the workers has a message or has died, or for ``timeout`` seconds."""
    waitables = [w for worker in workers for w in worker.waitables()]
    if all(isinstance(w, ForkedWorker) for w in workers):
        import select

        select.select(waitables, [], [], timeout)
    else:
        from multiprocessing.connection import wait

        wait(waitables, timeout=timeout)
