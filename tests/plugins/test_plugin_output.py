"""What plugins print is kept off standard output (issue 17, item 2): at
import, in a hook, and in a scoring method, it is captured and reported as a
warning naming the plugin and its distribution, so that ``--format json``
and CSV output stay machine-readable."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
import types
from pathlib import Path

import pytest
from fakes import run_civscore, write_code_plugin

from civscore.plugins import PluginInfo, PluginWarning, Registry, get_plugin_manager
from civscore.plugins.hookspecs import hookimpl
from civscore.plugins.manager import builtin_plugin_manager, load_plugin
from civscore.scoring.capture import captured, excerpt

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "danjiangkou-education-2010-2011.toml"

#: A plugin that prints when imported, in its hook and in its scoring method.
CHATTY = '''\
from decimal import Decimal

import civscore
from civscore.results.scorecard import Part

print("chatty: imported")


class Loud:
    name = "loud"

    def validate(self, item):
        return iter(())

    def check(self, item, finding):
        return []

    def score(self, item, finding):
        print("chatty: scoring", item.id)
        return (Part("direct", Decimal(1)),)

    def bounds(self, item):
        return Decimal(0), item.points


@civscore.hookimpl
def civscore_scoring_methods():
    print("chatty: registering methods")
    return [Loud()]
'''


def test_what_a_plugin_prints_while_loading_is_a_warning_naming_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    def load() -> object:
        print("hello from noisy")
        return types.SimpleNamespace(__name__="noisy")

    pm = builtin_plugin_manager()
    with pytest.warns(PluginWarning) as caught:
        load_plugin(pm, load, PluginInfo("noisy", "civscore-noisy", "0.3"), strict=False)
    assert capsys.readouterr().out == ""
    assert [str(w.message) for w in caught] == [
        "civscore plugin 'noisy' (civscore-noisy 0.3) printed to standard output while "
        "loading; civscore kept it off its own output: 'hello from noisy'"]
    assert pm.has_plugin("noisy")  # printing is reported, not a reason to skip the plugin


def test_a_plugin_that_prints_and_fails_to_load_gets_both_reported(
        capsys: pytest.CaptureFixture[str]) -> None:
    def load() -> object:
        print("about to fail")
        raise ImportError("no module named yaml")

    with pytest.warns(PluginWarning) as caught:
        load_plugin(builtin_plugin_manager(), load, PluginInfo("bad", "civscore-bad", "1"),
                    strict=False)
    assert capsys.readouterr().out == ""
    assert "'about to fail'" in str(caught[0].message)
    assert "failed to load: ImportError: no module named yaml" in str(caught[1].message)


def test_what_a_hook_prints_is_a_warning_naming_the_plugin_and_hook(
        capsys: pytest.CaptureFixture[str]) -> None:
    @hookimpl
    def civscore_rubric_checks() -> list[object]:
        print("checks!")
        print("more")
        return []

    plugin = types.SimpleNamespace(__name__="talker", civscore_rubric_checks=civscore_rubric_checks)
    pm = get_plugin_manager(load_entry_points=False, plugins=[plugin])
    for strict in (False, True):  # kept off stdout, it harms nothing: a warning even when strict
        with pytest.warns(PluginWarning, match=r"^civscore plugin 'talker' printed to standard "
                                               r"output in civscore_rubric_checks; civscore kept "
                                               r"it off its own output: 'checks!\\nmore'$"):
            Registry(pm, strict=strict)
    assert capsys.readouterr().out == ""


def test_a_capture_takes_only_its_own_threads_output(capsys: pytest.CaptureFixture[str]) -> None:
    inside, done = threading.Event(), threading.Event()

    def other() -> None:
        inside.wait()
        print("the host's own line")
        done.set()

    thread = threading.Thread(target=other)
    thread.start()
    with captured() as printed:
        print("plugin")
        inside.set()
        done.wait()
    thread.join()
    print("after")
    assert printed.getvalue() == "plugin\n"
    assert capsys.readouterr().out == "the host's own line\nafter\n"


def test_nested_captures_keep_their_own_text() -> None:
    with captured() as outer:
        print("a")
        with captured() as inner:
            print("b")
        print("c")
    assert (outer.getvalue(), inner.getvalue()) == ("a\nc\n", "b\n")


def test_an_excerpt_is_quoted_and_short() -> None:
    assert excerpt("  x\ny \n") == "'x\\ny'"
    assert excerpt("z" * 300) == repr("z" * 200 + "…")


def _installed(tmp_path: Path, module: str, source: str) -> dict[str, str]:
    write_code_plugin(tmp_path, module, source)
    path = os.pathsep.join(p for p in (str(tmp_path), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path}


def test_json_and_csv_output_stay_clean_of_a_plugins_chatter(tmp_path: Path) -> None:
    env = _installed(tmp_path, "civscore_chatty", CHATTY)
    proc = run_civscore("score", EXAMPLE, "--format", "json", env=env)
    assert proc.returncode == 0, proc.stderr
    card = json.loads(proc.stdout)  # nothing but the scorecard
    assert card["total"]["raw"] == "97"
    assert ("civscore: warning: civscore 插件 'chatty' (civscore-chatty 0.1) 在加载时向标准输出"
            "打印了内容；civscore 未让它进入自己的输出：'chatty: imported'"
            ) in proc.stderr.splitlines()
    assert ("civscore: warning: civscore 插件 'chatty' (civscore-chatty 0.1) 在 "
            "civscore_scoring_methods 中向标准输出打印了内容；civscore 未让它进入自己的输出："
            "'chatty: registering methods'") in proc.stderr.splitlines()
    proc = run_civscore("score", EXAMPLE, "--format", "csv", env=env)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert "chatty" not in proc.stdout
    assert len({len(row) for row in rows}) == 1  # one table, every row as wide as its header
    assert "civscore-chatty" in proc.stderr
