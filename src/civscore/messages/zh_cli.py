"""The Chinese catalogue, continued: the command line's messages
(:mod:`civscore.cli`); :mod:`civscore.messages.zh` holds them all (see
:mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # the command line (cli)
    "cli.not-a-rubric": "是 {rubric} 的测评记录，不是测评体系；请给出测评体系文件或已安装的测评体"
                        "系 id",
    "cli.not-a-rubric-unnamed": "是测评记录（有 {key}），不是测评体系；请给出测评体系文件或已安装的"
                                "测评体系 id",
    "cli.give-rubric": "{error}；或用 --rubric FILE 给出测评体系文件",
    "cli.interrupted": "已中断",
    "cli.closed": "已关闭",
    "cli.stdout-failed": "无法写入标准输出（{error}）：请用 -o FILE 写入文件",
    "cli.output-empty": "-o 没有给出文件名；请写文件名，或用 - 表示标准输出",
    "cli.workbook-to-terminal": "工作簿（.xlsx）不能输出到终端；请用 -o FILE.xlsx 指定要写入的"
                                "文件",
    "cli.output-is-input": "-o 指向本命令的输入文件（{name}），写出会覆盖它：请写到另一个文件",
    "cli.template-exists": "{path}：文件已存在，可能是已填写的测评记录：请换一个 -o 文件名，或加 "
                           "--force 覆盖它",
    # the command line's own errors (cli.score, cli.template, cli.inputs, cli.sheets, cli.rank)
    "cli.no-unit-rows": "{source}：批量录入工作簿中没有填写任何单位行",
    "cli.several": "给出了 {n} 份测评记录：多份测评记录只能一起计入批量报告（--format html 或 "
                   "xlsx）；其余请逐份评分",
    "cli.several-rubrics": "批量报告只涵盖同一测评体系的测评记录；这些记录所注的测评体系为 {refs}",
    "cli.batch-format": "--batch 生成的是工作簿：请与 --format xlsx 一起使用，且不要加 --from",
    "cli.from-format": "--from 用于填写工作簿：请与 --format xlsx 一起使用",
    "cli.encoding-arg": "应为 ENC 或 INPUT=ENC，其中 INPUT 为 {inputs} 之一（如 {last}=gb18030），"
                        "实为 {given!r}",
    "cli.whole-arg": "应为 {least} 到 {most} 之间的整数，实为 {given!r}",
    "cli.points-arg": "应为分数，如 85 或 85.5，实为 {given!r}",
    "cli.no-toml-files": "{path}：此目录中没有测评记录文件（*.toml、*.json、*.xlsx）",
    "cli.given-twice": "{path}：给出了两次（另一次为 {other}）；每份测评记录只计一次：请只写一次",
    "cli.no-such-path": "{path}：没有这个文件或目录",
    "cli.give-rubric-file": "{error}；也可以用 --rubric FILE 给出测评体系文件",
    "cli.no-review": "评选方案没有 [review] 复查规则；请添加，如 keep_at = 85",
    # the command line: writing outputs, listing rubrics (cli.output, cli.rubrics)
    "cli.write-directory": "{path}：无法写入：这是目录；请指定文件",
    "cli.write-dir-name": "{path}：无法写入：文件名像目录一样以 '/' 或 '/.' 结尾；请指定文件",
    "cli.cannot-write": "{path}：无法写入：{reason}",
    "cli.no-directory": "{path}：无法写入：目录不存在，请先创建",
    "cli.no-rubrics": "未安装任何测评体系；请安装地方测评体系插件，如 pip install "
                      "civscore-danjiangkou",
}
