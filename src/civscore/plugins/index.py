"""The plugin index: what discovering the installed plugins found, kept in a
cache file so that the next process can skip most of it.

Discovery reads the metadata of every installed distribution
(:mod:`importlib.metadata`, which with what it imports costs more than the
rest of ``civscore score``), imports every plugin, calls its hooks, and
reads every rubric file a plugin ships for the ``id@version`` it declares.
The index records the answers:

* every ``civscore`` entry point that was loaded: its name, target,
  distribution and version;
* for each plugin whose only hook is ``civscore_rubrics`` and which returned
  only rubric files on disk: those files (``package`` and ``resource``);
* for every rubric file offered: where it is and the ``id@version`` it declares.

:meth:`PluginIndex.plugin_manager` builds the plugin manager from a current
index: a plugin that offers only rubric files is stood in for by the specs it
returned (:class:`IndexedPlugin`, so it is not imported); every other plugin
(one with scoring methods or checks, or with rubrics made in code or not in
plain files) is imported, registered and called as discovery does, so its hooks run every
time; and the registry takes each known file's ``id@version`` from the index,
reading only the file of the rubric asked for.  An index is written only
after a discovery in which no plugin had a problem (one that fails to import,
whose hook raises …), so that each such warning is given on every run.

**When the index is used.**  Only by :func:`civscore.plugins.default_registry`,
only when it was written for the same civscore, Python, ``sys.path`` and
values of ``CIVSCORE_PLUGINS_STRICT``, ``_ALLOW`` and ``_DENY`` (each
combination has its own file), and only while nothing it was built from has
changed (see :meth:`PluginIndex.plugin_manager`).  Otherwise discovery runs
in full and the index is written again.  It is never needed for a correct
answer: whatever is unsure — a missing, unreadable or malformed file, an
import system with extra finders of distributions, an entry point whose
metadata directory is unknown, a file changed too recently to tell a later
change by its time stamp — means full discovery.

``CIVSCORE_CACHE_DIR`` names the directory of the index files (default:
``$XDG_CACHE_HOME/civscore``, else ``~/.cache/civscore``);
``CIVSCORE_NO_CACHE=1`` neither reads nor writes them.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import importlib.machinery
import json
import os
import re
import sys
import time
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from civscore._version import __version__
from civscore.exceptions import PluginError
from civscore.plugins.hooks import Provided
from civscore.plugins.hookspecs import RubricSpec, hookimpl
from civscore.plugins.manager import (
    ALLOW_ENV,
    DENY_ENV,
    STRICT_ENV,
    CivscorePluginManager,
    PluginInfo,
    builtin_plugin_manager,
    load_plugin,
    strict_default,
)
from civscore.plugins.specs import declared_ref, read_resource, resource_file

__all__ = ["CACHE_DIR_ENV", "INDEX_FORMAT", "NO_CACHE_ENV", "IndexedPlugin", "PluginIndex",
           "cache_dir"]

#: The version of the index file's layout; a file of another is rebuilt.
INDEX_FORMAT = 1
CACHE_DIR_ENV = "CIVSCORE_CACHE_DIR"
NO_CACHE_ENV = "CIVSCORE_NO_CACHE"
#: A file changed less than this long (ns) before the index is written could
#: change again within the same tick of its time stamp, unseen: the index is
#: not written then (file systems stamp times to 2 s at the coarsest).
SETTLED_NS = 2_000_000_000
_HOOK = "civscore_rubrics"
#: An entry point's target, as importlib.metadata.EntryPoint reads it.
_TARGET = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")

#: A file's or directory's ``[mtime_ns, ctime_ns, size, inode]``, or None when it is missing.
Stamp = list[int] | None


def _stamp(path: str) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


def _metadata_entries(path: str) -> dict[str, Stamp] | None:
    """The distribution metadata directories in a ``sys.path`` directory, as
    importlib.metadata finds them, with their stamps; None for a path that is
    not a directory."""
    try:
        names = os.listdir(path)
    except OSError:
        return None
    egg = path.lower().endswith(".egg")
    return {name: _stamp(os.path.join(path, name)) for name in sorted(names)
            if name.lower().endswith((".dist-info", ".egg-info"))
            or (egg and name.lower() == "egg-info")}


def cache_dir() -> str | None:
    """The directory of the index files: ``CIVSCORE_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/civscore``, else ``~/.cache/civscore``; None when
    ``CIVSCORE_NO_CACHE`` is set (to anything but ``0``, ``false``, ``no``
    or ``off``) or no home directory is known."""
    if os.environ.get(NO_CACHE_ENV, "").strip().lower() not in {"", "0", "false", "no", "off"}:
        return None
    chosen = os.environ.get(CACHE_DIR_ENV, "").strip()
    if chosen:
        return os.path.abspath(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if os.path.isabs(xdg):
        return os.path.join(xdg, "civscore")
    home = os.path.expanduser("~")
    return os.path.join(home, ".cache", "civscore") if os.path.isabs(home) else None


class IndexedPlugin:
    """Stands in for an installed plugin that offers only rubric files: its
    ``civscore_rubrics`` returns the specs the plugin returned when the index
    was written, and the plugin itself is not imported."""

    def __init__(self, name: str, files: Iterable[tuple[str, str]]) -> None:
        self.__name__ = name
        self._files = tuple(files)

    @hookimpl
    def civscore_rubrics(self) -> list[RubricSpec]:
        """The plugin's rubric files, as it returned them."""
        return [RubricSpec(package=package, resource=resource)
                for package, resource in self._files]

    def __repr__(self) -> str:
        return f"<civscore plugin {self.__name__!r} from the plugin index>"

    def __dir__(self) -> list[str]:
        # pluggy looks for hooks among dir(plugin): only the one there is
        return [_HOOK]


def _load_target(value: str) -> object:
    """What an entry point's ``module:attr`` target names, imported as
    ``EntryPoint.load`` does."""
    match = _TARGET.match(value)
    if match is None:
        raise ValueError(f"{value!r} is not a valid entry point target")
    found: object = importlib.import_module(match.group("module"))
    for attr in filter(None, (match.group("attr") or "").split(".")):
        found = getattr(found, attr)
    return found


def _trusted(fd: int) -> bool:
    """Whether the open index file is this user's and only this user may
    write it (always, where there are no user ids)."""
    if not hasattr(os, "getuid"):
        return True
    st = os.fstat(fd)
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, found {value!r}")
    return value


class PluginIndex:
    """The index file for this process: its ``sys.path``, Python, civscore and
    plugin settings (see the module's description).

    :ivar path: the index file.
    """

    def __init__(self, path: str, key: dict[str, Any]) -> None:
        self.path = path
        self._key = key
        #: the sys.path directories and their metadata, listed before discovery
        self._paths: list[list[Any]] | None = None

    @classmethod
    def for_this_process(cls) -> PluginIndex | None:
        """The index of this process, or None when indexing is off or the
        import system has finders of distributions besides ``sys.path``'s."""
        directory = cache_dir()
        if directory is None or any(
                finder is not importlib.machinery.PathFinder
                and hasattr(finder, "find_distributions") for finder in sys.meta_path):
            return None
        key = {
            "format": INDEX_FORMAT, "civscore": __version__, "python": sys.version,
            "executable": sys.executable,
            "path": [os.path.abspath(entry or os.curdir) for entry in sys.path],
            "env": [os.environ.get(name, "") for name in (STRICT_ENV, ALLOW_ENV, DENY_ENV)],
        }
        name = hashlib.blake2b(json.dumps(key).encode(), digest_size=8).hexdigest()
        return cls(os.path.join(directory, f"plugins-{name}.json"), key)

    def plugin_manager(self) -> CivscorePluginManager | None:
        """A plugin manager built from the index file, or None when it is
        missing, unreadable, malformed, another user's or writable by others
        (it names the modules to import and the rubric files to read), or out
        of date: when, since it was
        written, an entry of ``sys.path`` has gained, lost or replaced a
        distribution's metadata directory (``*.dist-info``, ``*.egg-info``),
        or a file it was built from has changed (the ``entry_points.txt`` of
        a distribution with ``civscore`` entry points, the modules of a
        plugin stood in for, a rubric file or the folder it is in).  When it
        returns None it lists the ``sys.path`` directories, before discovery
        runs, for the index :meth:`write` writes afterwards.

        :raises PluginError: in strict mode, for a plugin that fails to load
            (as :func:`~civscore.plugins.get_plugin_manager`).
        """
        try:
            with open(self.path, "rb") as handle:
                if not _trusted(handle.fileno()):
                    raise PermissionError(f"{self.path}: another user's, or writable by others")
                data = json.loads(handle.read())
            found = _entries(data) if data["key"] == self._key and self._unchanged(data) else None
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            found = None
        if found is None:
            self._paths = [[path, _stamp(path), _metadata_entries(path)]
                           for path in self._key["path"]]
            return None
        return _plugin_manager(*found)

    @staticmethod
    def _unchanged(data: dict[str, Any]) -> bool:
        """Whether nothing the index was built from has changed (see
        :meth:`plugin_manager`); raises TypeError or ValueError when the
        data is not an index."""
        for path, stamp, entries in data["paths"]:
            if _stamp(_text(path)) != stamp and _metadata_entries(path) != entries:
                return False
        return all(_stamp(_text(path)) == stamp for path, stamp in data["files"])

    def write(self, pm: CivscorePluginManager, offered: Sequence[Provided[RubricSpec]],
              troubled: Collection[str]) -> None:
        """Write the index of what discovery found: ``pm``, built after
        :meth:`plugin_manager` returned None; what the plugins'
        ``civscore_rubrics`` hooks returned (``offered``); and the plugins
        that had a problem in their hooks (``troubled``).  The file is
        replaced whole (a temporary file, then :func:`os.replace`); nothing
        is written when the index would be unsure, and a file that cannot be
        written is not an error.  The rubric files read here for the
        ``id@version`` they declare are added to ``pm.rubric_files``, so
        that a lazy registry of ``pm`` does not read them again."""
        if self._paths is None or troubled or pm.troubled:
            return
        rubrics, files = _rubric_files(offered)
        pm.rubric_files.update({(r[0], r[1]): (r[2], r[3]) for r in rubrics})
        plugins = _entry_points(pm, offered, files)
        if plugins is None:
            return
        stamps = [stamp for _path, stamp, _entries in self._paths]
        stamps += [s for _path, _stamp, entries in self._paths for s in (entries or {}).values()]
        stamps += list(files.values())
        settled = time.time_ns() - SETTLED_NS
        if any(stamp is None for stamp in files.values()) or any(
                stamp is not None and stamp[0] > settled for stamp in stamps):
            return
        data = {"key": self._key, "paths": self._paths,
                "files": sorted([path, stamp] for path, stamp in files.items()),
                "plugins": plugins, "rubrics": rubrics}
        _write_atomic(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


#: An indexed entry point: name, target, distribution, version, and the rubric
#: files of a plugin stood in for (None: the plugin is loaded).
_Plugin = tuple[str, str, str, str, tuple[tuple[str, str], ...] | None]


def _entries(data: dict[str, Any]) -> tuple[list[_Plugin],
                                             dict[tuple[str, str], tuple[str, str]]]:
    """The entry points and rubric files of index data, checked.

    :raises TypeError, ValueError: when the data is not an index.
    """
    plugins: list[_Plugin] = []
    for name, value, distribution, version, files in data["plugins"]:
        stood_in = None if files is None else tuple((_text(p), _text(r)) for p, r in files)
        plugins.append((_text(name), _text(value), _text(distribution), _text(version),
                        stood_in))
    rubrics = {(_text(package), _text(resource)): (_text(file), _text(ref))
               for package, resource, file, ref in data["rubrics"]}
    return plugins, rubrics


def _plugin_manager(plugins: list[_Plugin],
                    rubrics: dict[tuple[str, str], tuple[str, str]]) -> CivscorePluginManager:
    """The plugin manager of a current index (see :meth:`PluginIndex.plugin_manager`)."""
    strict = strict_default()
    pm = builtin_plugin_manager()
    for name, value, distribution, version, files in plugins:
        info = PluginInfo(name, distribution, version)
        if files is None:
            load_plugin(pm, functools.partial(_load_target, value), info, strict)
        else:
            pm.register(IndexedPlugin(name, files), name=name)
            pm.infos[name] = info
    pm.rubric_files.update(rubrics)
    return pm


def _rubric_files(offered: Sequence[Provided[RubricSpec]],
                  ) -> tuple[list[list[str]], dict[str, Stamp]]:
    """``[package, resource, file, id@version]`` of every offered rubric file
    on disk, and the stamps of those files and of their folders."""
    files: dict[str, Stamp] = {}
    rubrics: list[list[str]] = []
    for item in offered:
        spec = item.value
        if (spec.rubric is not None or spec.overlay is not None or not spec.package
                or not spec.resource or any(r[:2] == [spec.package, spec.resource]
                                            for r in rubrics)):
            continue
        file = resource_file(spec)
        if file is None:
            continue
        stamps = {file: _stamp(file), os.path.dirname(file): _stamp(os.path.dirname(file))}
        try:
            text = read_resource(spec, file)  # after the stamps: a later change shows
        except PluginError:
            continue
        files.update(stamps)
        rubrics.append([spec.package, spec.resource, file, declared_ref(text)])
    return rubrics, files


def _entry_points(pm: CivscorePluginManager, offered: Sequence[Provided[RubricSpec]],
                  files: dict[str, Stamp]) -> list[list[Any]] | None:
    """The entry points discovery loaded, each with the rubric files of a
    plugin stood in for (else None), adding the files to stamp to ``files``;
    None when an entry point's metadata is not a folder of files."""
    plugins: list[list[Any]] = []
    for name, ep in sorted(pm.discovered.items()):
        meta = getattr(ep.dist, "_path", None)  # the folder of a PathDistribution
        if ep.dist is None or meta is None:
            return None
        listed = os.path.join(str(meta), "entry_points.txt")
        files[listed] = _stamp(listed)
        modules = _modules_of(ep.value)
        stood_in = _stood_in(pm, name, offered, pm.rubric_files) if modules else None
        if stood_in is not None:
            files.update((module, _stamp(module)) for module in modules)
        plugins.append([name, ep.value, ep.dist.name, ep.dist.version, stood_in])
    return plugins


def _stood_in(pm: CivscorePluginManager, name: str, offered: Sequence[Provided[RubricSpec]],
              located: Collection[tuple[str, str]]) -> list[list[str]] | None:
    """The rubric files of a plugin the index can stand in for (see the
    module's description); None when its hooks must run."""
    plugin = pm.get_plugin(name)
    if plugin is None:
        return None
    if {caller.name for caller in pm.get_hookcallers(plugin) or ()} != {_HOOK}:
        return None
    specs = [item.value for item in offered if item.provider == name]
    if any((s.package, s.resource) not in located for s in specs):
        return None
    return [[s.package, s.resource] for s in specs]


def _modules_of(value: str) -> list[str]:
    """The source files of the loaded modules of the top-level package an
    entry point's target is in; [] when one of them is not a plain file."""
    top = value.partition(":")[0].strip().partition(".")[0]
    found = []
    for name, module in list(sys.modules.items()):
        if name != top and not name.startswith(f"{top}."):
            continue
        file = getattr(module, "__file__", None)
        if file is None:  # a namespace package
            continue
        if not os.path.isfile(file):
            return []
        found.append(os.path.abspath(file))
    return sorted(found)


def _write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file in the
    same directory, then :func:`os.replace`), so that a process reading it
    while another writes it never sees half; errors are ignored."""
    import tempfile  # noqa: PLC0415 (start-up: only writing the index needs it)

    directory = os.path.dirname(path)
    try:
        os.makedirs(directory, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=directory, prefix=".plugins-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
