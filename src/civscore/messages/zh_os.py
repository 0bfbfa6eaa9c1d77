"""The Chinese catalogue, continued: why an operating-system call failed,
by the name of its ``errno`` (:func:`civscore.messages.os_reason`);
:mod:`civscore.messages.zh` holds them all (see :mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "os.ENOENT": "没有这个文件或目录",
    "os.EACCES": "没有权限",
    "os.EPERM": "不允许的操作",
    "os.ENOSPC": "磁盘空间不足",
    "os.EROFS": "只读文件系统",
    "os.EISDIR": "是目录",
    "os.ENOTDIR": "不是目录",
    "os.ENAMETOOLONG": "文件名太长",
    "os.ELOOP": "符号链接过多（可能成环）",
    "os.EIO": "输入输出错误",
    "os.EEXIST": "文件已存在",
    "os.EMFILE": "打开的文件过多",
    "os.EPIPE": "管道已断开",
    "os.EBUSY": "设备或资源忙",
    "os.EDQUOT": "超出磁盘配额",
    "os.EFBIG": "文件太大",
    "os.ENXIO": "没有这个设备或地址",
    "os.EBADF": "文件描述符无效",
}
