"""The English catalogue, continued: why an operating-system call failed,
by the name of its ``errno`` (:func:`civscore.messages.os_reason`);
:mod:`civscore.messages.en` holds them all (see :mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "os.ENOENT": "No such file or directory",
    "os.EACCES": "Permission denied",
    "os.EPERM": "Operation not permitted",
    "os.ENOSPC": "No space left on device",
    "os.EROFS": "Read-only file system",
    "os.EISDIR": "Is a directory",
    "os.ENOTDIR": "Not a directory",
    "os.ENAMETOOLONG": "File name too long",
    "os.ELOOP": "Too many levels of symbolic links",
    "os.EIO": "Input/output error",
    "os.EEXIST": "File exists",
    "os.EMFILE": "Too many open files",
    "os.EPIPE": "Broken pipe",
    "os.EBUSY": "Device or resource busy",
    "os.EDQUOT": "Disk quota exceeded",
    "os.EFBIG": "File too large",
    "os.ENXIO": "No such device or address",
    "os.EBADF": "Bad file descriptor",
}
