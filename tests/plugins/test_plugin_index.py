"""The plugin index (civscore.plugins.index): what discovering the installed
plugins found, kept in a cache file.  A registry built from a current index
answers as full discovery does; the index is rebuilt whenever what it was
built from changes, is ignored when broken, and is never written to the
user's cache folder by the suite (tests/conftest.py).

The tests install fake plugin distributions (a package and its ``*.dist-info``)
in a folder of their own on ``sys.path``, beside the installed locality
plugins, and write the index to a folder of their own.  A fake's files are
dated an hour back once written, as installed files are, so that a change
made afterwards shows in their time stamps.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import write_distribution, write_rubric_plugin

from civscore import PluginError, RubricNotFoundError, load_assessment
from civscore.plugins import PluginWarning, Registry, default_registry
from civscore.plugins import index as plugin_index

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "danjiangkou-education-2010-2011.toml"
LOCALITIES = ["baoying@2007-2008", "danjiangkou@2010-2011", "ezhou@2017", "ezhou@2018",
              "hefei@2013", "hubei@undated", "huixian@undated", "karamay@2009", "national@2012",
              "panan@2011", "shegang@undated"]
#: The locality plugins that offer only a rubric file (shegang has a scoring method).
FILES_ONLY = ["civscore_baoying", "civscore_danjiangkou", "civscore_ezhou", "civscore_hefei",
              "civscore_hubei", "civscore_huixian", "civscore_national",
              "civscore_karamay", "civscore_panan"]


def rubric_toml(ident: str, version: str = "1", points: int = 10) -> str:
    """A rubric of one direct-scored category worth ``points``."""
    return (f'id = "{ident}"\nversion = "{version}"\ntitle = "测试 {ident}"\n'
            'provenance = "illustrative"\nsource = "written for the plugin index tests"\n'
            f'total = {points}\n[[categories]]\nid = "a"\ntitle = "甲"\npoints = {points}\n'
            'method = "direct"\n')


def settle(root: Path) -> None:
    """Date every file and folder under ``root`` (and ``root``) an hour back."""
    past = time.time() - 3600
    for folder, dirs, files in os.walk(root, topdown=False):
        for name in [*files, *dirs]:
            os.utime(os.path.join(folder, name), (past, past))
    os.utime(root, (past, past))


class Site:
    """A folder on ``sys.path`` to install fake plugin distributions in."""

    def __init__(self, path: Path, cache: Path) -> None:
        self.path = path
        self.cache = cache

    def install(self, module: str, rubric: str, version: str = "0.1") -> Path:
        """Install the plugin ``module`` (distribution ``civscore-<name>``)
        whose one rubric file holds ``rubric``; returns its rubric file."""
        package = write_rubric_plugin(self.path, module, rubric)
        write_distribution(self.path, module, version)
        settle(self.path)
        return package / "rubrics" / "broken.toml"

    def index_files(self) -> list[Path]:
        return sorted(self.cache.glob("plugins-*.json"))

    def index(self) -> dict[str, Any]:
        (path,) = self.index_files()
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data


def forget() -> None:
    """Forget the default registry and the fake plugins' modules."""
    default_registry.cache_clear()
    for name in [m for m in sys.modules if m.startswith("civscore_fake")]:
        del sys.modules[name]


def fresh_registry() -> Registry:
    """``default_registry()`` as a new process builds it: the fake plugins'
    modules are forgotten, and the import system's caches cleared."""
    forget()
    importlib.invalidate_caches()
    return default_registry()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """A folder for fake distributions on ``sys.path``, and an empty index folder."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CIVSCORE_CACHE_DIR", str(cache))
    for var in ("CIVSCORE_NO_CACHE", "CIVSCORE_PLUGINS_STRICT", "CIVSCORE_PLUGINS_ALLOW",
                "CIVSCORE_PLUGINS_DENY"):
        monkeypatch.delenv(var, raising=False)
    # Folders of this checkout on sys.path may have changed a moment ago (a
    # test file saved, __pycache__ made): the fakes are settled instead.
    monkeypatch.setattr(plugin_index, "SETTLED_NS", 0)
    path = tmp_path / "site"
    path.mkdir()
    monkeypatch.syspath_prepend(str(path))
    yield Site(path, cache)
    forget()


@pytest.fixture
def no_discovery(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make reading the installed entry points fail: only an index can help."""
    def forbid() -> None:
        def refuse(**_kwargs: object) -> object:
            raise AssertionError("the installed metadata was read")
        monkeypatch.setattr(importlib.metadata, "entry_points", refuse)
    return forbid


def _snapshot(registry: Registry) -> object:
    """What a registry answers: every rubric with its provider, and the plugins."""
    return ([(e.ref, e.rubric, e.provider, e.provider_version, e.distribution)
             for e in registry.rubrics()], registry.plugins(), dict(registry.conflicts))


# -- a warm index answers as discovery ---------------------------------------------------


def test_a_warm_index_gives_the_registry_discovery_gives(
        site: Site, no_discovery: Callable[[], None]) -> None:
    site.install("civscore_fakeone", rubric_toml("fakeone"))
    cold = fresh_registry()
    assert len(site.index_files()) == 1
    cold_card = cold.score(load_assessment(EXAMPLE))
    no_discovery()
    warm = fresh_registry()
    # The plugins that offer only rubric files were not imported, shegang
    # (which has a scoring method) was, and its hooks ran.
    assert "civscore_fakeone" not in sys.modules
    assert warm.methods.keys() == cold.methods.keys()
    assert "checklist" in warm.methods
    card = warm.score(load_assessment(EXAMPLE))
    assert card == cold_card
    assert card.total.raw == 97  # the 丹江口 report's categories: 15+16+13+12+9+9+8+15
    assert card.plugins == {"civscore-danjiangkou": "0.1.0"}
    assert "civscore_fakeone" not in sys.modules  # reading the 丹江口 rubric needs no other
    assert _snapshot(warm) == _snapshot(cold)
    assert warm.entry("fakeone").distribution == "civscore-fakeone"
    assert {e.ref for e in warm.rubrics()} == {*LOCALITIES, "fakeone@1"}


def test_the_index_records_entry_points_stand_ins_and_rubric_files(site: Site) -> None:
    rubric = site.install("civscore_fakeone", rubric_toml("fakeone", "2024"))
    fresh_registry()
    data = site.index()
    plugins = {name: (value, dist, files) for name, value, dist, _version, files in
               data["plugins"]}
    assert plugins["fakeone"] == ("civscore_fakeone", "civscore-fakeone",
                                  [["civscore_fakeone", "rubrics/broken.toml"]])
    assert plugins["shegang"][2] is None  # its scoring method must come from its hook
    refs = {tuple(r[:2]): (r[2], r[3]) for r in data["rubrics"]}
    assert refs["civscore_fakeone", "rubrics/broken.toml"] == (str(rubric), "fakeone@2024")
    stamped = {path for path, _stamp in data["files"]}
    assert {str(rubric), str(rubric.parent),
            str(site.path / "civscore_fakeone" / "__init__.py"),
            str(site.path / "civscore_fakeone-0.1.dist-info" / "entry_points.txt")} <= stamped


# -- what invalidates it -----------------------------------------------------------------


def test_a_distribution_added_or_removed_is_seen(site: Site,
                                                 no_discovery: Callable[[], None]) -> None:
    site.install("civscore_fakeone", rubric_toml("fakeone"))
    fresh_registry()
    site.install("civscore_faketwo", rubric_toml("faketwo"))
    assert fresh_registry().get("faketwo@1").total == 10
    for part in ("civscore_faketwo", "civscore_faketwo-0.1.dist-info"):
        for path in sorted((site.path / part).rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        (site.path / part).rmdir()
    with pytest.raises(RubricNotFoundError, match="no installed rubric 'faketwo@1'"):
        fresh_registry().get("faketwo@1")
    settle(site.path)
    fresh_registry()
    no_discovery()  # rebuilt after each change, and current again
    assert {e.ref for e in fresh_registry().rubrics()} == {*LOCALITIES, "fakeone@1"}


def test_an_upgraded_distribution_is_seen(site: Site) -> None:
    site.install("civscore_fakeone", rubric_toml("fakeone"))
    fresh_registry()
    info = site.path / "civscore_fakeone-0.1.dist-info"
    info.rename(site.path / "civscore_fakeone-0.2.dist-info")
    (site.path / "civscore_fakeone-0.2.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: civscore-fakeone\nVersion: 0.2\n", encoding="utf-8")
    assert fresh_registry().entry("fakeone@1").provider_version == "0.2"


def test_an_entry_point_edited_in_place_is_seen(site: Site) -> None:
    site.install("civscore_fakeone", rubric_toml("fakeone"))
    fresh_registry()
    listed = site.path / "civscore_fakeone-0.1.dist-info" / "entry_points.txt"
    listed.write_text("[civscore]\nrenamed = civscore_fakeone\n", encoding="utf-8")
    assert fresh_registry().entry("fakeone@1").provider == "renamed"


@pytest.mark.parametrize(("change", "ref", "total"), [
    ("points", "fakeone@1", 12),  # the same id@version, other points
    ("version", "fakeone@2", 10),  # another id@version at the top of the file
])
def test_a_changed_rubric_file_is_seen(site: Site, change: str, ref: str, total: int) -> None:
    rubric = site.install("civscore_fakeone", rubric_toml("fakeone"))
    assert fresh_registry().get("fakeone@1").total == 10
    rubric.write_text(rubric_toml("fakeone", points=12) if change == "points"
                      else rubric_toml("fakeone", "2"), encoding="utf-8")
    registry = fresh_registry()
    assert registry.get(ref).total == total
    if change == "version":
        with pytest.raises(RubricNotFoundError):
            registry.get("fakeone@1")


def test_a_changed_plugin_module_is_seen(site: Site) -> None:
    site.install("civscore_fakeone", rubric_toml("fakeone"))
    fresh_registry()
    (site.path / "civscore_fakeone" / "rubrics" / "extra.toml").write_text(
        rubric_toml("fakeextra"), encoding="utf-8")
    init = site.path / "civscore_fakeone" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace(
        "resource='rubrics/broken.toml')]",
        "resource='rubrics/broken.toml'), RubricSpec(package=__name__, "
        "resource='rubrics/extra.toml')]"), encoding="utf-8")
    assert fresh_registry().get("fakeextra@1").total == 10


def test_the_plugin_settings_have_an_index_each(site: Site, monkeypatch: pytest.MonkeyPatch,
                                                no_discovery: Callable[[], None]) -> None:
    site.install("civscore_fakeone", rubric_toml("fakeone"))
    fresh_registry()
    monkeypatch.setenv("CIVSCORE_PLUGINS_DENY", "civscore-fakeone")
    with pytest.raises(RubricNotFoundError, match="no installed rubric 'fakeone'"):
        fresh_registry().get("fakeone")
    monkeypatch.setenv("CIVSCORE_PLUGINS_ALLOW", "danjiangkou")
    monkeypatch.delenv("CIVSCORE_PLUGINS_DENY")
    assert [e.ref for e in fresh_registry().rubrics()] == ["danjiangkou@2010-2011"]
    assert len(site.index_files()) == 3
    no_discovery()  # each setting's index is current
    monkeypatch.delenv("CIVSCORE_PLUGINS_ALLOW")
    assert fresh_registry().get("fakeone").total == 10
    monkeypatch.setenv("CIVSCORE_PLUGINS_ALLOW", "danjiangkou")
    assert [e.ref for e in fresh_registry().rubrics()] == ["danjiangkou@2010-2011"]


def test_strict_mode_with_a_warm_index(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    rubric = site.install("civscore_fakeone", rubric_toml("fakeone"))
    monkeypatch.setenv("CIVSCORE_PLUGINS_STRICT", "1")
    fresh_registry()
    rubric.write_text(rubric_toml("fakeone") + "pionts = 3\n", encoding="utf-8")
    settle(site.path)
    for _run in range(2):  # rebuilt, then warm: the broken file is reported either way
        registry = fresh_registry()
        assert registry.get("danjiangkou@2010-2011").total == 100
        with pytest.raises(PluginError, match=r"'fakeone': .*pionts"):
            registry.rubrics()


def test_a_plugin_with_a_problem_is_reported_on_every_run(
        site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.install("civscore_fakeone", rubric_toml("fakeone"))
    fresh_registry()
    (site.path / "civscore_fakebad").mkdir()
    (site.path / "civscore_fakebad" / "__init__.py").write_text(
        "raise ImportError('no module named yaml')\n", encoding="utf-8")
    write_distribution(site.path, "civscore_fakebad")
    settle(site.path)
    for _run in range(2):
        with pytest.warns(PluginWarning, match=r"'fakebad' .* failed to load"):
            registry = fresh_registry()
        assert registry.get("fakeone@1").total == 10
    assert "fakebad" not in json.dumps(site.index())  # still the one written before it
    monkeypatch.setenv("CIVSCORE_PLUGINS_STRICT", "1")
    with pytest.raises(PluginError, match=r"'fakebad' .* failed to load"):
        fresh_registry()


def test_rubrics_made_in_code_come_from_their_hook(site: Site,
                                                   no_discovery: Callable[[], None]) -> None:
    (site.path / "civscore_fakecode").mkdir()
    (site.path / "civscore_fakecode" / "__init__.py").write_text(
        "import civscore\nfrom civscore import RubricSpec, rubric_from_dict\n"
        "from civscore.files.loader import parse_toml\n\n"
        f"TEXT = {rubric_toml('fakecode')!r}\n\n\n"
        "@civscore.hookimpl\ndef civscore_rubrics():\n"
        "    return [RubricSpec(rubric=rubric_from_dict(parse_toml(TEXT)))]\n",
        encoding="utf-8")
    write_distribution(site.path, "civscore_fakecode")
    settle(site.path)
    fresh_registry()
    no_discovery()
    assert fresh_registry().get("fakecode@1").total == 10
    assert "civscore_fakecode" in sys.modules  # imported: its hook must run


# -- a broken, disabled or unwritable index ----------------------------------------------


@pytest.mark.parametrize("content", [
    b"", b'{"key": {"format"', b"\xff\xfe not json", b"[]", b'{"key": 1}', b"null",
    None,  # the right keys, with values of the wrong shape
])
def test_a_broken_index_is_ignored_and_rebuilt(site: Site, content: bytes | None) -> None:
    site.install("civscore_fakeone", rubric_toml("fakeone"))
    expected = _snapshot(fresh_registry())
    (path,) = site.index_files()
    good = path.read_bytes()
    if content is None:
        data = json.loads(good)
        data["plugins"] = [["fakeone", 1, None, [], [["x"]]]]
        content = json.dumps(data).encode()
    path.write_bytes(content)
    assert _snapshot(fresh_registry()) == expected
    assert json.loads(path.read_bytes())["key"] == json.loads(good)["key"]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file modes")
def test_an_index_others_may_write_is_ignored(site: Site,
                                              no_discovery: Callable[[], None]) -> None:
    site.install("civscore_fakeone", rubric_toml("fakeone"))
    fresh_registry()
    (path,) = site.index_files()
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o666)
    fresh_registry()  # discovery again, and a new file of this user's only
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o620)
    no_discovery()
    with pytest.raises(AssertionError, match="the installed metadata was read"):
        fresh_registry()


def test_no_cache_neither_reads_nor_writes(site: Site, monkeypatch: pytest.MonkeyPatch,
                                           no_discovery: Callable[[], None]) -> None:
    site.install("civscore_fakeone", rubric_toml("fakeone"))
    monkeypatch.setenv("CIVSCORE_NO_CACHE", "1")
    fresh_registry()
    assert not site.cache.exists()
    monkeypatch.setenv("CIVSCORE_NO_CACHE", "0")  # "0" does not disable it
    fresh_registry()
    assert len(site.index_files()) == 1
    monkeypatch.setenv("CIVSCORE_NO_CACHE", "yes")
    no_discovery()
    with pytest.raises(AssertionError, match="the installed metadata was read"):
        fresh_registry()


def test_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("CIVSCORE_NO_CACHE", "CIVSCORE_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert plugin_index.cache_dir() == str(tmp_path / ".cache" / "civscore")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert plugin_index.cache_dir() == str(tmp_path / "xdg" / "civscore")
    monkeypatch.setenv("CIVSCORE_CACHE_DIR", str(tmp_path / "mine"))
    assert plugin_index.cache_dir() == str(tmp_path / "mine")
    monkeypatch.setenv("CIVSCORE_NO_CACHE", "1")
    assert plugin_index.cache_dir() is None


def test_a_file_changed_just_now_is_not_trusted(site: Site, monkeypatch: pytest.MonkeyPatch,
                                                 no_discovery: Callable[[], None]) -> None:
    monkeypatch.setattr(plugin_index, "SETTLED_NS", 2_000_000_000)
    rubric = site.install("civscore_fakeone", rubric_toml("fakeone"))
    os.utime(rubric)  # just now: a change within the same tick would not show
    fresh_registry()
    assert not site.index_files()
    settle(site.path)
    fresh_registry()
    no_discovery()
    assert fresh_registry().get("fakeone@1").total == 10


def test_the_index_is_replaced_whole(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    rubric = site.install("civscore_fakeone", rubric_toml("fakeone"))
    fresh_registry()
    (path,) = site.index_files()
    before = path.read_bytes()
    rubric.write_text(rubric_toml("fakeone", points=12), encoding="utf-8")
    settle(site.path)

    def fail(_src: object, _dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    assert fresh_registry().get("fakeone@1").total == 12  # not an error: just not cached
    assert path.read_bytes() == before  # the old index, whole, and no temporary left
    assert [p.name for p in site.cache.iterdir()] == [path.name]
    assert fresh_registry().get("fakeone@1").total == 12  # and the old one is not used


# -- the command line --------------------------------------------------------------------


def test_civscore_score_with_a_warm_index(tmp_path: Path) -> None:
    """Same scorecards in every format with and without the index; a warm run
    reads no distribution's metadata and imports no rubric-only plugin."""
    work = tmp_path / "work"  # the working directory is on sys.path: a settled one
    work.mkdir()
    settle(work)
    env = {**os.environ, "CIVSCORE_CACHE_DIR": str(tmp_path / "cache")}
    for var in ("CIVSCORE_NO_CACHE", "CIVSCORE_PLUGINS_STRICT", "CIVSCORE_PLUGINS_ALLOW",
                "CIVSCORE_PLUGINS_DENY"):
        env.pop(var, None)
    probe = ("import sys; from civscore.cli import main; status = main(sys.argv[1:]); "
             "sys.stderr.write(repr(sorted(m for m in sys.modules if m == 'importlib.metadata'"
             " or m.startswith('civscore_')))); raise SystemExit(status)")

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", probe, "score", str(EXAMPLE), *args],
                              capture_output=True, encoding="utf-8", cwd=work, timeout=120,
                              env={**env, **extra}, check=False)

    for fmt in ("table", "json", "csv", "markdown"):
        off = run("--format", fmt, CIVSCORE_NO_CACHE="1")
        first = run("--format", fmt)  # writes the index the first time
        warm = run("--format", fmt)
        assert off.returncode == first.returncode == warm.returncode == 0
        assert off.stdout == first.stdout == warm.stdout
        assert "97" in warm.stdout
        assert "importlib.metadata" in off.stderr
        # imported: civscore-shegang (a scoring method) and civscore-ezhou (a campaign
        # file, whose hook the index does not stand in for); no rubric-only plugin
        assert warm.stderr == ("['civscore_ezhou', 'civscore_shegang', "
                               "'civscore_shegang.checklist']")
    assert len(list((tmp_path / "cache").glob("plugins-*.json"))) == 1
