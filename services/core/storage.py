"""Originals, stored content-addressed by sha256 under the data dir and never modified."""
from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path


class LinkedFile(OSError):
    """A file that is another file's bytes under this name: a symbolic link or a hard link."""


def read_own_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file that is nothing but itself, for the doors that read folders others write (the
    watched folder, `vanban ingest DIR`, whose walk enters no linked folder): no symbolic link followed as the file
    (LinkedFile), no hard link read (LinkedFile: maybe one of the server's own files, SECURITY.md 17, 65, 66), no
    wait on a pipe (OSError for anything but a regular file), and at most ``max_bytes`` + 1 bytes — the caller's
    size check refuses a larger file without it being held whole (a sparse file of 100 GB, SECURITY.md 85)."""
    if path.is_symlink():
        raise LinkedFile(errno.ELOOP, "a symbolic link", str(path))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if st.st_nlink > 1:
            raise LinkedFile(errno.EMLINK, "a hard link", str(path))
        return f.read(max(0, max_bytes) + 1)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write a file so that a reader never sees it half-written (a temporary file, fsync, rename); ``mode``: its
    permissions (read-only originals: 0o444)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class OriginalStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, digest: str) -> Path:
        return self.root / digest[:2] / digest[2:4] / digest

    def put(self, data: bytes) -> str:
        """Store bytes once; returns the sha256. Atomic: a reader never sees a half-written file."""
        digest = sha256_hex(data)
        path = self.path_for(digest)
        if path.exists() and path.stat().st_size == len(data):
            return digest
        write_atomic(path, data, mode=0o444)
        return digest

    def get(self, digest: str) -> bytes:
        return self.path_for(digest).read_bytes()

    def exists(self, digest: str) -> bool:
        return self.path_for(digest).exists()
