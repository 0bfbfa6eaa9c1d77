"""The English catalogue: message id → template (see :mod:`civscore.messages`)."""

from __future__ import annotations

from civscore.messages.en_campaign import MESSAGES as CAMPAIGN_MESSAGES
from civscore.messages.en_cli import MESSAGES as CLI_MESSAGES
from civscore.messages.en_host import MESSAGES as HOST_MESSAGES
from civscore.messages.en_os import MESSAGES as OS_MESSAGES
from civscore.messages.en_report import MESSAGES as REPORT_MESSAGES
from civscore.messages.en_sheets import MESSAGES as SHEET_MESSAGES

MESSAGES: dict[str, str] = {
    # what a value was found to be (model.serde)
    "found.bool": "the boolean {value}",
    "found.number": "the number {value}",
    "found.string": "the string {value}",
    "found.table": "a table",
    "found.array": "an array",
    "found.datetime": "the date-time {value}",
    "found.date": "the date {value}",
    "found.other": "a {value}",
    # what a key takes (model.serde)
    "type.number": "a number",
    "type.int": "a whole number",
    "type.string": "a string",
    "type.bool": "true or false",
    "type.date": "a date (YYYY-MM-DD)",
    "type.choice": "one of {choices}",
    "type.array": "an array",
    "type.table": "a table",
    # the structure of a file (model.serde)
    "serde.expected-array": "expected an array, found {found}",
    "serde.array-hint": "; write each entry under [[{key}]] (double brackets) in TOML",
    "serde.expected-table": "expected a table, found {found}",
    "plugins.allow-unknown": "{setting} names {names}, which no installed civscore plugin "
                             "(entry point or distribution) is called; check the spelling "
                             "(civscore rubrics lists what is installed)",
    "serde.control": "holds the control character {char}, which would garble what is printed; "
                     "remove it",
    "serde.expected": "expected {expected}, found {found}",
    "serde.int-range": "must be between 0 and {most}, got {value}",
    "serde.expected-string": "expected a string, found {found}; put it in quotes",
    "serde.expected-iso-date": "expected a date (YYYY-MM-DD), found {found}",
    "serde.expected-date": "expected a date written as YYYY-MM-DD without quotes (in JSON: a "
                           "string naming a real date), found {found}",
    "serde.finite": "must be a finite number, got {value}",
    "serde.expected-number": "expected a number, found {found}",
    "serde.quotes-hint": "; write the number without quotes",
    "serde.float": "binary floating-point numbers are not accepted for points; parse with "
                   "parse_float=decimal.Decimal or pass a Decimal",
    "serde.not-finite": "must be a finite number, got {value}; NaN and infinity are not points",
    "serde.negative": "must be ≥ 0, got {value}",
    "serde.too-big": "must be at most {most}, got {value}; is it a typo?",
    "serde.unknown-key": "unknown key {key!r} in {cls}{hint} (allowed: {allowed})",
    "serde.did-you-mean": "; did you mean {close!r}?",
    "serde.missing-key": "missing required key {key!r} ({doc})",
    # reading a file (files.text, files.json_text)
    "file.no-such-file": "no such file; check the path",
    "file.directory": "is a directory, not a file",
    "file.empty": "holds nothing to read (no keys: empty, or only comments); is it the right file?",
    "file.unreadable": "cannot be read: {reason}",
    "file.too-large": "is larger than {mib} MiB, the most civscore reads; a rubric or assessment "
                      "is far smaller: is it the right file?",
    "file.unknown-encoding": "unknown encoding {encoding!r}; use e.g. 'utf-8', 'utf-16' or "
                             "'gb18030'",
    "file.not-in-encoding": "is not valid {encoding} at byte {offset}",
    "file.bad-utf16": "starts with a UTF-16 byte-order mark but is not UTF-16 (bad byte at offset "
                      "{offset}); save it as UTF-8",
    "file.zip": "is a zip file (an Excel workbook .xlsx, a Word .docx …), not text; give a "
                "workbook by its file name ending in .xlsx, a report to civscore extract",
    "file.not-regular": "is a device or a pipe, not a file",
    "file.not-utf8": "is not UTF-8 text (bad byte at offset {offset}); save it as UTF-8",
    "file.gb18030": "is encoded in GBK/GB18030, not UTF-8; save it as UTF-8 (e.g. `iconv -f "
                    "gb18030 -t utf-8`), or read it with encoding 'gb18030' (CLI: --encoding "
                    "gb18030; for this file alone --encoding INPUT=gb18030, INPUT as --help "
                    "lists it)",
    "file.not-toml": "is not valid TOML: {error}",
    "file.toml-duplicate": "is not valid TOML: this key is defined twice ({error}); keep one of "
                           "the two definitions",
    "file.too-deep": "tables and arrays nest more than {limit} levels deep{where}; civscore files "
                     "need at most 9: flatten the file",
    "file.not-json": "is not valid JSON: {error}",
    "file.json-not-finite": "must be a finite number; NaN and infinity are not points",
    "file.json-duplicate": "this key is written twice in its object; keep one of the two",
    "file.json-not-object": "expected an object of keys ({{…}}), found {found}",
    "file.json-surrogate": "holds half of a UTF-16 surrogate pair (an escape such as \\ud800 "
                           "without its other half), which is no character; remove it or write "
                           "the character itself",
    "file.at": " (line {line}, column {column})",
    # civscore check
    "check.error": "error",
    "check.warning": "warning",
    "check.info": "info",
    "check.rubric": "rubric",
    "check.assessment": "assessment",
    "check.summary": "{kind}: {errors}, {warnings}, {infos}",
    "check.errors": "{n} error{s}",
    "check.warnings": "{n} warning{s}",
    "check.infos": "{n} info",
    # civscore score
    "score.unweighted": "rubric {ref} gives indicators without points; score it through a "
                        "provincial overlay that weights them",
    "score.inconsistent": "rubric {ref} is inconsistent, so this score may mislead: {path}: "
                          "{message} [{code}]",
    "score.fail-under": "total {total} is under {least} (--fail-under)",
    "score.fail-discrepancy": "{n} claimed figure(s) differ from the computed ones: {paths} "
                              "(--fail-on-discrepancy)",
    "score.fail-veto": "the outcome is {status}: {reasons} (--fail-on-veto)",
    # civscore extract
    "extract.no-scores": "  no scores stated; nothing written",
    "extract.no-rubric": "  no installed rubric fits; use --rubric",
    "extract.rubric": "  rubric: {ref} “{title}”",
    "extract.header": "item|report section|allotted (report)|allotted (rubric)|earned (report)|"
                      "matched by",
    "extract.by-title": "title",
    "extract.by-order": "order",
    "extract.overall": "  overall: allotted {allotted}, earned {earned}",
    "extract.consistency": "  consistency (worked out by the scoring engine):",
    "extract.note": "  note: {message}",
    "extract.nothing": "no report found: the file is empty or blank",
    "extract.several-to-stdout": "reports {reports} state scores and standard output holds one "
                                 "assessment; name a file with -o FILE (report N goes to FILE-N)",
    "extract.written": "  assessment written: {path}",
    "extract.report": "report {index} “{title}”",
    "extract.unit": "unit: {unit}",
    "extract.period": "period: {period}",
    # the consistency of a report's claims (extract.consistency)
    "claims.no-claim": "no overall claim stated; the engine computes {computed}",
    "claims.sum": "the earned figures add up to {parts} and the engine computes {computed}; the "
                  "overall claim is {claim}",
    "claims.over": "{title}: earned {earned} exceeds its {points} points",
    "claims.within": "every earned figure is at most its category's points",
    "claims.disagree": "{title}: the report says {allotted}, the rubric {points}",
    "claims.agree": "every stated 应得分 agrees with the rubric",
    "claims.total-equal": "the overall 应得分 {allotted} equals the rubric's total {total}",
    "claims.total-differ": "the overall 应得分 {allotted} differs from the rubric's total {total}",
    "claims.unmatched": "not matched: {names}",
    # the consistency checks (checks.consistency)
    "checks.sum-total": "the categories' points add up to {sum}, not the declared total {total}; "
                        "fix a category's points or the total",
    "checks.illustrative": "the points of this rubric are illustrative, not a locality's official "
                           "figures",
    "checks.duplicate-id": "id {ident!r} is used twice",
    "checks.sum-item-exact": "{title}: its sub-items add up to {sum}, not its {points} points; "
                             "fix them, or set sum_policy = \"cap\" if the rubric caps the item",
    "checks.sum-item-cap": "{title}: its sub-items add up to only {sum} of its {points} points, "
                           "so it can never score full marks",
    "checks.unknown-method": "unknown scoring method {method!r}; install the plugin that provides "
                             "it",
    "checks.tier-unreachable": "tier {tier!r} gives {points} points, more than the item's {item}; "
                               "it would be capped",
    "checks.band-unreachable": "a band with a lower rate already gives as many points, so this "
                               "band never decides the score",
    "checks.award-short": "{title}: all its standards together earn at most {most} of its {points}"
                          " points",
    "checks.rule-exceeds-item": "one occurrence deducts {amount}, more than the item's {points} "
                                "points (the item stops at its floor)",
    "checks.levels-order": "levels must be listed in ascending order of min_total: {later} ("
                           "{later_min}) comes after {earlier} ({earlier_min})",
    "checks.level-unreachable": "{title} needs {needs} points but the most any assessment can "
                                "reach is {most}",
    "checks.minimum-unreachable": "{title} needs {item!r} to score at least {least}, but the "
                                  "most that item can score is {most}, so the level can never "
                                  "be awarded",
    "checks.level-band": "the band's upper bound {bound} is above the highest reachable total "
                         "{most}",
    "checks.levels-overlap": "{lower} ends at {end} but {upper} starts at {start}: a total can "
                             "fall in both",
    "checks.levels-gap": "gap between {lower} (up to {end}) and {upper} (from {start}): a total "
                         "in between lands in no level; make the bands meet",
    "checks.bonus-never-counts": "bonus item {ident!r} can never add points (its points, "
                                 "max_count or the bonus cap is 0)",
    "checks.no-deductions": "no deductions",
    "checks.nothing-earned": "nothing earned",
    "checks.no-finding": "{path}: no finding, scored as {what}",
    "checks.claimed-over-max": "claims {claimed} for {title}, which is allotted only {points}",
    "checks.claimed-sum": "the claimed categories add up to {computed}, but the claimed total is "
                          "{claimed}",
    "checks.discrepancy": "claimed {claimed} but the items give {computed} (difference "
                          "{difference})",
    "checks.illustrative-except": ", except the {n} parts marked quoted or official",
    "checks.provenance-no-source": "{path} is {provenance!r} but names no source; say where it "
                                   "was read (a URL, a document and page)",
    "checks.rubric-total": "the rubric's total",
    "checks.provenance-sum": "{name} is {provenance!r} with {points} points, but its parts marked "
                             "quoted or official add up to {got}{more}; correct the numbers read, "
                             "or mark the parts that were not read illustrative",
    "checks.more-than-whole": " (more than the whole)",
    # the built-in scoring methods (scoring.methods, scoring.interface)
    "method.missing": "no finding for {ident!r} (method {method}): add one with '{entry}'",
    "method.not-read": "this item does not read {key!r}; it reads {allowed!r}",
    "method.needs-rule": "method 'deduct' needs at least one rule",
    "method.needs-standard": "method 'award' needs at least one standard",
    "method.needs-tier": "method 'tiered' needs at least one tier",
    "method.count": "must be a whole number, 0 or more; got {count}",
    "method.unknown-standard": "unknown standard {ident!r} (standards: {known})",
    "method.choose-tier": "choose a tier: {known}",
    "method.unknown-tier": "unknown tier {ident!r} (tiers: {known})",
    "method.step": "points {points} is not a multiple of step {step}",
    "method.enter-points": "enter the points given, from 0 to {most}",
    "method.points-negative": "must be 0 or more, got {value}",
    "method.points-over": "must be at most the item's {most} points, got {value}",
    "method.points-step": "must be a multiple of {step}, got {value}",
    "method.ratio-either": "a ratio item takes either 'bands' or both 'target' and "
                           "'deduct_per_point'",
    "method.ratio-needs": "method 'ratio' needs 'bands', or 'target' and 'deduct_per_point'",
    "method.band-bound": "a band takes exactly one of 'at_least' (≥) and 'above' (>)",
    "method.rate-bound": "rates are percentages from 0 to 100, got {value}",
    "method.rates": "rates are percentages from 0 to 100",
    "method.enter-rate": "enter the measured rate as a percentage from 0 to 100",
    "method.rate": "is a percentage from 0 to 100, got {value}",
    "method.met": "say met = true or met = false",
    "method.unknown-rule": "unknown rule {ident!r} (rules: {known})",
    "method.at-most-rule": "rule {ident!r} limits the item to at most {most}; remove 'deduct'",
    "method.fixed-rule": "rule {ident!r} deducts a fixed {amount}; remove 'deduct'",
    "method.give-deduct": "rule {ident!r} is discretionary ({least}–{most} per occurrence): give "
                          "'deduct'",
    "method.deduct-range": "must be between {least} and {most}, got {value}",
    "method.note": "a discretionary deduction needs a note saying why this amount",
    # an assessment against its rubric (scoring.validate)
    "fit.rubric-mismatch": "names {named!r} but is scored against {ref!r}",
    "fit.no-unit": "names no unit (unit is blank): the result says nowhere whom it is about; "
                   "fill in the unit's name",
    "fit.duplicate-finding": "item {item!r} already has a finding at {at}; merge the two",
    "fit.method-missing": "{path}: the method {method!r} is not installed",
    "fit.not-decimal": "must be an exact finite decimal (decimal.Decimal), got {kind} {value}",
    "fit.places": "{value} has more than {places} decimal places",
    "fit.forbid": "this rubric does not allow not-applicable items (not_applicable = 'forbid'); "
                  "score the item",
    "fit.reason": "say why the item is not applicable",
    "fit.group": "{item!r} is scored by its sub-items; record findings on them",
    "fit.item-method-missing": "the method {method!r} of {item!r} is not installed",
    "fit.missing-date": "bar findings need the assessment date (assessed_on = YYYY-MM-DD) to "
                        "place them in their look-back window",
    "fit.none-declared": "none declared",
    "fit.unknown": "unknown {what} {ident!r} (the rubric has: {names})",
    "fit.bonus-item": "bonus item",
    "fit.penalty": "penalty",
    "fit.veto": "veto",
    "fit.bar": "bar",
    "fit.gate": "gate",
    "fit.unknown-item": "unknown item {item!r} in rubric {ref}{hint}",
    # the rules of a rubric or assessment beyond its structure (files.loader)
    "loader.not-table": "expected a table of keys, found {found}",
    "loader.format": "this civscore reads file format {version}, found {found}; upgrade civscore "
                     "or rewrite the file in format 1",
    "loader.is-overlay": "this is an overlay on another rubric; load it with "
                         "civscore.plugins.Registry.load_rubric (or the CLI), which resolves it "
                         "on its installed base",
    "loader.bad-reference": "expected id@version (e.g. 'danjiangkou@2010-2011'), found {found}",
    "loader.bad-id": "{what} id {ident!r} must be lowercase letters, digits, '-' or '_', starting "
                     "with a letter or digit",
    "loader.duplicate-id": "duplicate {what} id {ident!r}, first used at {first}",
    "loader.category": "category",
    "loader.bonus-item": "bonus item",
    "loader.penalty": "penalty",
    "loader.veto": "veto",
    "loader.bar": "bar",
    "loader.gate": "gate",
    "loader.level": "level",
    "loader.item": "item",
    "loader.standard": "standard",
    "loader.tier": "tier",
    "loader.minimum-item": "unknown item {item!r}: a minimum names an item by its dotted path, "
                           "e.g. 'environment.energy'",
    "loader.minimum-above": "a minimum of {least} is above the {points} points of {item!r}, so "
                            "no unit could ever reach it; give the score the rubric states",
    "loader.scale": "grade scale",
    "loader.grade": "grade",
    "loader.unknown-scale": "unknown grade scale {scale!r}; declare it under [[grade_scales]] "
                            "(declared: {known})",
    "loader.scale-and-tiers": "the item names the grade scale {scale!r} and lists tiers of its "
                              "own; keep one of them (the scale gives each grade its fraction "
                              "of the item's points)",
    "loader.scale-not-tiered": "a grade scale belongs to a leaf item with method = \"tiered\"; "
                               "remove 'scale' or make the item tiered",
    "loader.scale-empty": "a grade scale needs its grades, e.g. [{{ id = \"a\", title = \"A\", "
                          "fraction = 1 }}]",
    "loader.rule": "rule",
    "loader.bad-rubric-id": "rubric id {ident!r} must be lowercase letters and digits separated "
                            "by '.' or '-', e.g. 'hubei.xiangyang'",
    "loader.version": "version must be non-empty and must not contain '@'",
    "loader.at-most-6": "must be at most 6, got {value}",
    "loader.total": "the base total must be more than 0 (a rubric of indicators without "
                    "points says weighted = false)",
    "loader.unweighted": "this rubric gives indicators without points (weighted = false), so "
                         "it has no {key}: points, methods, rules, bonus, penalties and levels "
                         "belong to the overlay that weights the indicators",
    "loader.is-campaign": "is a campaign file (it has award and year), not {what}: give it to "
                          "'civscore rank' or 'civscore review' as --campaign FILE",
    "loader.an-assessment": "an assessment",
    "loader.a-rubric": "a rubric",
    "loader.rubric-or-assessment": "a rubric or an assessment",
    "loader.is-rubric": "is a rubric (it has categories and names no rubric), not an "
                        "assessment: give the assessment, or see the rubric with "
                        "'civscore show FILE'",
    "loader.lookback": "a bar needs a look-back window: set lookback_years, lookback_months or "
                       "lookback_days",
    "loader.below-min": "is below min_total ({least})",
    "loader.fraction": "is a fraction between 0 and 1 (0.6 means 60%)",
    "loader.unknown-gate": "unknown gate {gate!r}; declare it under [[gates]]",
    "loader.floor": "floor {floor} is above the item's points {points}",
    "loader.nesting": "items nest at most two levels below a category (指标 → 标准)",
    "loader.group-method": "an item with sub-items is scored by their sum; remove 'method' or the "
                           "sub-items",
    "loader.leaf-method": "a leaf item needs a scoring method: deduct, award, tiered, direct, "
                          "ratio, all_or_nothing, or a plugin's method name",
    "loader.step": "must be more than 0",
    "loader.unknown-method": "unknown scoring method {method!r}; known: {known} (a plugin's "
                             "method needs that plugin installed)",
    "loader.zeroes": "a rule with zeroes = true takes no deduct amount",
    "loader.rule-amount": "a rule takes exactly one of 'deduct' (a fixed amount) and "
                          "'deduct_range' ([least, most]), or zeroes = true",
    "loader.range": "expected [least, most] with least ≤ most, e.g. [0.1, 0.5]",
    "loader.places": "{value} has more than {places} decimal places (point_places = {places})",
    "loader.provenance": "the rubric claims {claimed}, but {path} ({key}) is {weak}: a rubric is "
                         "never stronger than its weakest part that carries points; declare "
                         "provenance = {weak} and mark the parts that were read",
    # installed rubrics (plugins.registry)
    "registry.not-installed": "no installed rubric {ref!r} (installed: {installed}); install the "
                              "locality's plugin or check the spelling",
    "registry.troubled": "; the plugins {plugins} had problems (see the warnings above): the "
                         "rubric may be theirs",
    "registry.none": "none",
    "registry.no-base": "cannot resolve the overlay on its base: {error}",
    # what a report says of itself (extract.reports)
    "report.stray": "{n} point statements (lines {lines}) lie outside any numbered section and "
                    "name no whole unit; they are not assigned",
    "report.malformed": "line {line}: {figure} is not a well-formed figure, so it is not read; "
                        "correct it in the report",
    "report.negative": "line {line}: {figure} is a negative figure, so it is not read; correct it "
                       "in the report",
    "report.too-big": "line {line}: {figure} is above {most} (the most an assessment holds), so "
                      "it is not read; correct it in the report",
    "report.restarts": "line {line}: section numbering restarts at {marker} after {previous}; the "
                       "text from here on may be another report without a 第N篇 heading",
    "report.several": "line {line}: section {marker} states several {word} ({shown}); the first "
                      "is used",
    "report.over": "line {line}: section {marker} claims {earned} earned of {allotted} allotted",
    "report.overall-several": "the overall {word} is stated with different values ({shown}); the "
                              "first is used",
    "report.sum": "the sections' {word} add up to {added}, but the overall {word} stated is "
                  "{total}",
    "report.overall-over": "the overall claim {earned} exceeds the {allotted} allotted",
    # a report matched to a rubric (extract.matching)
    "match.by-order": "section {label} (line {line}) is matched to category {category} ({title}) "
                      "by order only (title similarity {similarity})",
    "match.reads-like": "section {label} (line {line}) reads more like category {other} ({title}) "
                        "than its match {category}",
    "match.points": "section {label} (line {line}) states 应得分 {allotted}, category {category} "
                    "has {points} points",
    "match.no-category": "section {label} (line {line}) matches no category of {ref}",
    "match.no-section": "category {category} of {ref} matches no section of the report",
    "match.no-sections": "the report has no numbered sections to match",
    "match.total": "the report's overall 应得分 {allotted} differs from the rubric total {total}",
    # reading a report (extract.reading)
    "read.bad-byte": "byte 0x{byte} at offset {offset} ({reason})",
    "read.needs-docx": "reading .docx files needs python-docx, which is not installed; install it "
                       "with: pip install civscore[docx]  (or save the report as UTF-8 text)",
    "read.docx-too-large": "holds {mib} MiB of XML once uncompressed (the largest part: {part}), "
                           "above the {most} MiB a .docx may hold, perhaps a zip bomb; open it "
                           "in Word or WPS and save it as UTF-8 text",
    "read.docx-ratio": "its part {part} grows to {mib} MiB uncompressed, a ratio of {ratio}:1, "
                       "above the {most}:1 a .docx part may have, perhaps a zip bomb; open it "
                       "in Word or WPS and save it as UTF-8 text",
    "read.bad-docx": "not a readable .docx document ({error}); open it in Word or WPS and save it "
                     "again as .docx, or save it as UTF-8 text",
    "read.doc": "this is a legacy Word (.doc) or other OLE file, which civscore cannot read; save "
                "it as .docx (pip install civscore[docx]) or as UTF-8 text",
    "read.unknown-encoding": "unknown encoding {encoding!r}; use e.g. 'utf-8' or 'gb18030'",
    "read.not-in-encoding": "cannot decode the file as {encoding}: {error}; try "
                            "encoding='gb18030' (GBK/GB2312 text) or 'utf-8', or omit the "
                            "encoding to detect it",
    "read.bad-bom": "the file starts with a {codec} byte-order mark but does not decode as {codec}"
                    ": {error}; re-save it as UTF-8 or pass the right encoding",
    "read.nul": "the file holds NUL bytes, so it is not UTF-8 or GB18030 text (a binary or UTF-16 "
                "file without a byte-order mark?); save the report as UTF-8 text or .docx, or "
                "pass encoding='utf-16-le'",
    "read.neither": "the file is neither UTF-8 nor GB18030 text (as UTF-8: {utf8}; as GB18030: "
                    "{gb18030}); pass the encoding it was saved in, e.g. encoding='big5', or "
                    "re-save it as UTF-8",
    # overlays (plugins.overlay)
    "overlay.format": "this civscore reads file format {version}, found {found}",
    "overlay.extends": "expected the base rubric as id@version (e.g. 'hubei@2012'), found {found}"
                       "; an overlay names the exact edition it changes",
    "overlay.itself": "an overlay cannot extend itself ({ref}); give it its own id or version",
    "overlay.override-id": "an override cannot change an id; remove the entry and add a new one "
                           "instead",
    "overlay.override-empty": "an override names a path and at least one key to change, e.g. "
                              "points = 12",
    "overlay.after": "expected the id of the entry the new one follows",
    "overlay.missing": "missing required key {key!r}",
    "overlay.dotted": "expected a dotted path such as 'categories.leadership', found {found}",
    "overlay.removed": "{path!r} was removed by {by}",
    "overlay.no-path": "{ref} has no {path!r}{hint} (ids there: {ids})",
    "overlay.bad-path": "cannot address {path!r}: a path is categories.<id>[.<id>[.<id>]], "
                        "levels.<id>, vetoes.<id>, bars.<id>, gates.<id>, penalties.<id>, "
                        "bonus.items.<id> or bonus",
    "overlay.bad-parent": "{parent!r} cannot hold new entries; a parent is categories, "
                          "categories.<id> (for a criterion), categories.<id>.<id>, levels, "
                          "vetoes, bars, gates, penalties or bonus.items",
    "overlay.twice": "{path} is already changed by {by}; merge the two overrides",
    "overlay.no-bonus": "{ref} has no bonus section; add items with [[add]] parent = 'bonus.items'",
    "overlay.exists": "{path} already exists in {ref}; change it with [[overrides]]",
    "overlay.no-after": "no {after!r} under {parent} (ids there: {ids})",
    "overlay.other-base": "the overlay extends {extends}, not {ref}",
    "overlay.provenance": "the overlay inherits the numbers of {ref}, whose provenance is {base}, "
                          "so it cannot be {claimed}; declare provenance = {base} (or weaker)",
    "overlay.fails-checks": "the rubric the overlay resolves to fails its checks: {listed}",
    "overlay.resolved-on": "(resolved on {ref})",
    "overlay.gather": "expected the paths of the items to move into the new one",
    # checking an assessment: unassessed items, bonus claims, dates (scoring.validate, decide)
    "fit.unassessed-error": "{path}: 未评 — no finding recorded, and this rubric (or the caller) "
                            "refuses unassessed items (unassessed = 'error'); record what was "
                            "found for it (hits = [] or standards = [] when nothing was)",
    "fit.unassessed-flag": "{path}: 未评 — no finding recorded; scored as nothing found and "
                           "listed as unassessed (unassessed = 'flag')",
    "fit.na-and-values": "is true but the finding also gives {given}: an item is either scored "
                         "or not applicable; remove one of the two",
    "fit.no-projects": "rubric {ref} does not count bonus by project (its bonus declares no "
                       "'projects'); remove 'project', or score against a rubric that counts "
                       "only the highest honour of a project",
    "fit.bonus-judged": "bonus item {item!r} is judged ({method}); remove {key!r}",
    "fit.bonus-fixed": "bonus item {item!r} gives a fixed {points} per occurrence; remove {key!r}",
    "fit.bonus-one-award": "a judged bonus ({item!r}, {method}) is one award: give count = 1, "
                           "and claim it again for another",
    "fit.bonus-tier": "choose one of the tiers of {item!r}: {tiers}{got}",
    "fit.got": "; got {value!r}",
    "fit.bonus-points": "give the points of {item!r}, 0 to {most}",
    "fit.bonus-range": "must be between 0 and {most}, got {value}",
    "fit.bonus-step": "must be a multiple of {step}, got {value}",
    "date.future": "{date} is in the future (today is {today}); give the date the unit was "
                   "assessed or applied",
    "date.before-period": "the assessment date {date} is before the period of rubric {ref} "
                          "({version}); check it",
    "date.veto-future": "{date} is in the future; give the date it happened",
    "date.veto-after": "the veto's date {date} is after the assessment date {on}; it vetoes all "
                       "the same; check it",
    "date.bar-after": "{date} is after the assessment date {on}, outside the look-back window, so "
                      "the bar would be skipped: correct the date, or if it happened after the "
                      "assessment, record it as a veto or move assessed_on",
    "date.bar-outside": "the bar “{text}” dated {date} is outside its look-back window "
                        "{start} to {end}: it does not bar the unit; check the date",
    # rubric files: judged bonus items and at_most rules (files.loader)
    "loader.min-base-above": "min_base {need} is above the base total {total}, so the bonus "
                             "could never count; give the base the rubric states",
    "loader.tiers-not-tiered": "tiers belong to a tiered bonus item; set method = \"tiered\" or "
                               "remove them",
    "loader.step-not-direct": "a step belongs to a direct bonus item; set method = \"direct\" or "
                              "remove it",
    "loader.step-positive": "must be more than 0",
    "loader.tiers-needed": "a tiered bonus item needs its tiers, e.g. [{{ id = \"good\", title = "
                           "\"好\", points = 2 }}]",
    "loader.tier-above": "tier {tier!r} gives {points}, above the item's {most} points (the most "
                         "one award gives)",
    "loader.at-most-amount": "a rule with at_most limits the item's score instead of deducting; "
                             "remove {key!r} (or make it a separate rule)",
    "loader.at-most-above": "at_most {limit} is above the item's points {points}: the item can "
                            "never score more than its points; give the limit the rubric "
                            "states, at most the item's points",
    "loader.at-most-below": "at_most {limit} is below the item's floor {floor}, where its score "
                            "stops; lower the floor or raise the limit",
    # rubric checks (checks.consistency), continued
    "checks.unweighted": "indicators without points (weighted = false): points and methods "
                         "are not checked here; an overlay that weights the indicators can be "
                         "scored",
    "checks.unassessed-unused": "unassessed = {policy!r} can never apply: every item's method "
                                "needs a finding, and a missing one is refused anyway",
    "checks.at-most-never-binds": "{title}: the limit {limit} is the item's points, so a hit of "
                                  "this rule never changes its score; give the limit the rule "
                                  "states (本项最高得X分)",
    "checks.bonus-projects-unused": "bonus is counted by project, but with fewer than two bonus "
                                    "items no project can hold two honours to choose the "
                                    "highest from",
    "checks.bonus-base-shadowed": "bonus item {ident!r} needs a base of {need}, but the whole "
                                  "bonus already needs {pool} ($.bonus.min_base), so the item's "
                                  "condition never decides; remove it or give the base the "
                                  "rubric states",
}
MESSAGES.update(CLI_MESSAGES)
MESSAGES.update(HOST_MESSAGES)
MESSAGES.update(OS_MESSAGES)
MESSAGES.update(CAMPAIGN_MESSAGES)
MESSAGES.update(SHEET_MESSAGES)
MESSAGES.update(REPORT_MESSAGES)
