"""The message catalogues (civscore.messages): the same ids and fields in
each language, the language a locale asks for, the language kept per
thread or task, and a missing key explained in the message's language."""

from __future__ import annotations

import errno
import inspect
import re
import string
import threading

import attrs
import pytest

from civscore import assessment_from_dict
from civscore.campaign import history, rules
from civscore.exceptions import CivscoreError
from civscore.messages import (
    catalogue,
    language,
    language_from_environment,
    message,
    os_reason,
    set_language,
    use_language,
)
from civscore.model import assessment, rubric, scales
from civscore.model.fields import gloss
from civscore.model.labels import CLASS_LABELS


def _fields(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


def test_the_catalogues_have_the_same_ids_and_fields() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    assert set(zh) == set(en)
    # Chinese needs no plural ending ({s}); otherwise the same fields
    assert {k: _fields(v) for k, v in zh.items()} == {k: _fields(v) - {"s"}
                                                      for k, v in en.items()}


@pytest.mark.parametrize(("env", "lang"), [
    ({}, "zh"), ({"LANG": "C.UTF-8"}, "zh"), ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB"}, "en"), ({"LC_ALL": "", "LANG": "en"}, "en"),
    ({"LC_MESSAGES": "zh_TW", "LANG": "en_US"}, "zh")])
def test_the_locale_chooses(env: dict[str, str], lang: str) -> None:
    assert language_from_environment(env) == lang


def test_a_message_in_each_language() -> None:
    with use_language("zh"):
        assert message("serde.negative", value="-1") == "应不小于 0，实为 -1"
    assert message("serde.negative", value="-1") == "must be ≥ 0, got -1"
    assert language() == "en"


def test_an_unknown_id_or_language_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        message("no.such.message")
    with pytest.raises(ValueError, match="zh, en"):
        set_language("fr")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="zh, en"):
        catalogue("fr")  # type: ignore[arg-type]


def test_the_language_is_kept_per_thread() -> None:
    seen: list[str] = []

    def other() -> None:
        seen.append(language())

    with use_language("zh"):
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        assert language() == "zh"
    assert seen == ["en"]  # a new thread starts from the default


def _required_fields() -> list[tuple[str, str, dict[str, object]]]:
    """(class, field, metadata) of every field a file must give, in the
    classes files are read into (rubrics, assessments, scales, campaigns,
    histories)."""
    found = []
    for module in (rubric, assessment, scales, rules, history):
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and attrs.has(cls) and cls.__module__ == module.__name__:
                found.extend((name, f.name, dict(f.metadata)) for f in attrs.fields(cls)
                             if f.default is attrs.NOTHING)
    return found


def test_every_required_key_is_explained_in_chinese() -> None:
    """A missing key's message gives what the key holds: in Chinese, a
    Chinese gloss (the field's ``doc_zh``, or the Chinese term its ``doc``
    starts with), with no English phrase in it."""
    fields = _required_fields()
    assert len(fields) > 50  # the walk found the classes
    not_chinese = [(cls, name, gloss(meta, "zh")) for cls, name, meta in fields
                   if not re.match(r"[\u4e00-\u9fff]", gloss(meta, "zh"))
                   or re.search(r"[A-Za-z]+ [A-Za-z]+", gloss(meta, "zh"))]
    assert not_chinese == []
    rule_text = next(meta for cls, name, meta in fields if (cls, name) == ("Rule", "text"))
    assert gloss(rule_text, "zh") == "扣分标准"
    assert gloss(rule_text, "en") == "扣分标准: the rule as the rubric words it"


def test_a_missing_key_is_explained_in_the_message_language() -> None:
    for lang, said in (("zh", "所依据的测评体系，写作 id@version"),
                        ("en", "the rubric, as id@version")):
        with use_language(lang), pytest.raises(CivscoreError) as caught:
            assessment_from_dict({"unit": "某单位"})
        assert "'rubric'" in str(caught.value)
        assert said in str(caught.value)


def test_an_operating_system_reason_in_the_message_language() -> None:
    """The reason of a failed system call: the system's own words in
    English, the catalogue's in Chinese; an errno it has no words for keeps
    the system's; an error that is not the system's keeps its text."""
    full = OSError(errno.ENOSPC, "No space left on device")
    odd = OSError(errno.ECHILD, "No child processes")
    with use_language("en"):
        assert os_reason(full) == "No space left on device"
    with use_language("zh"):
        assert os_reason(full) == "磁盘空间不足"
        assert os_reason(OSError(errno.EROFS, "Read-only file system")) == "只读文件系统"
        assert os_reason(odd) == "No child processes"
        assert os_reason(RuntimeError("a loop of links")) == "a loop of links"


def test_every_table_of_a_file_has_a_chinese_name() -> None:
    """A Chinese message names the table a key belongs in by its Chinese
    name (测评记录中没有键 'x'), for every class a file is read into."""
    classes = {cls for cls, _name, _meta in _required_fields()}
    assert {"Rubric", "Assessment", "Finding", "Campaign", "TitleRecord"} <= classes
    assert sorted(classes - set(CLASS_LABELS)) == []
    with use_language("zh"), pytest.raises(CivscoreError, match="测评记录中没有键 'extra'"):
        assessment_from_dict({"rubric": "t@1", "unit": "u", "extra": 1})
    with use_language("en"), pytest.raises(CivscoreError, match="unknown key 'extra' in "
                                                                 "Assessment"):
        assessment_from_dict({"rubric": "t@1", "unit": "u", "extra": 1})
