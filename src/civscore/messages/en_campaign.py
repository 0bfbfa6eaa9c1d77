"""The English catalogue, continued: the campaign layer's errors
(campaign files, panels, terms, quotas, history, review); :mod:`civscore.messages.en`
holds them all (see :mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # campaigns: panels, terms, quotas, history, review (campaign)
    "camp.unit": "unit {unit!r}",
    "camp.unit-item": "{what}, {path}",
    "camp.eliminate-all": "eliminating every unit (1, 100%) leaves none to award; give a "
                          "share below 1, e.g. 0.15 for the bottom 15%",
    "camp.too-few": "{what}: {n} assessors, fewer than the {need} needed to drop the highest and "
                    "the lowest; panels of this size need small = \"mean\" or "
                    "\"closest-pair\", or more assessors",
    "camp.no-role": "{what}: no assessment has the role {role!r}; add one, or declare missing = "
                    "\"zero\" (缺评计0分)",
    "camp.history-period": "period {period} is not a year such as 2023",
    "camp.history-unit": "the unit {unit!r} is not among the campaign's units ({n} assessed); "
                         "correct its name or remove the record",
    "camp.csv-header": "a history CSV starts with the header {header}",
    "camp.csv-columns": "expected {expected} columns, found {found}",
    "camp.csv-date": "date {date!r} is not a date written YYYY-MM-DD, such as 2023-12-20",
    "camp.not-table": "expected a table of keys, found {found}",
    "camp.format": "this civscore reads campaign format {format}, found {found!r}",
    "camp.fraction": "{value} is not a fraction in (0, {most}]",
    "camp.bad-id": "{ident!r} is not an id: lowercase letters and digits, separated by '.' or '-'",
    "camp.rubric-or-term": "give exactly one of rubric = \"id@version\" and a [term] with its "
                           "periods",
    "camp.not-ref": "{ref!r} is not written id@version",
    "camp.trim": "trim is at least 1 (去掉1个最高分和1个最低分)",
    "camp.year": "the campaign's year is written with four digits, e.g. 2024; got {value}",
    "camp.weights": "the roles' weights add up to {total}, not 1; e.g. 自评 0.1 and 测评组 0.9",
    "camp.role-twice": "the role {role!r} is given twice",
    "camp.no-periods": "a term has at least one period",
    "camp.period-twice": "the period {period!r} is given twice",
    "camp.places-or-fraction": "give exactly one of places (a number) and fraction (of expiring)",
    "camp.needs-expiring": "a fraction of the places needs expiring, the number of units whose "
                           "title expires (当年到期单位数)",
    "camp.candidates": "candidates per place is at least 1 (1.5 is 1:1.5)",
    "camp.on-reach": "on_reach = \"shortlisted\" is for a campaign without a quota; with a "
                     "[quota], shortlist with quota.candidates (1.5 is 1:1.5)",
    "camp.warn-above-keep": "warn_at {warn} is above keep_at {keep}",
    "camp.lapse": "lapse is a number of years, 0 for none",
    "camp.consecutive": "at least 1 year",
    "camp.no-sheets": "a panel needs at least one assessment",
    "camp.mixes": "this panel mixes {what}s: {mine!r} here, {theirs!r} in {source}; a panel "
                  "combines one unit's assessments for one rubric and period",
    "camp.mixes-rubric": "rubric",
    "camp.mixes-unit": "unit",
    "camp.mixes-period": "period",
    "camp.unknown-role": "the assessor role {role!r} is not one the panel rule knows ({known}); "
                         "write one of them in role = \"…\"",
    "camp.per-item-rescaled": "a per-item panel adds up combined items, which cannot follow a "
                              "rescaled (按比例折算) base; use per = \"total\" for units with "
                              "not-applicable items",
    "camp.extra-period": "unit {unit!r} has assessments for period {period!r}, which the term "
                         "does not have ({ids}); correct period = \"…\"",
    "camp.missing-period": "unit {unit!r} has no assessment for period {period!r} of the term "
                           "({ids}); give one for every period",
    "camp.period-rubric": "unit {unit!r}'s period {period!r} is scored with {ref}, but the "
                          "term's period uses {expected}",
    "camp.no-tie-item": "no period's rubric has the item {path!r} to break ties by",
    "camp.review-missing": "the unit {unit!r} holds {title} ({year}) by the history but has no "
                           "assessment for the {review} review; give its assessments",
    "camp.rubric-not-given": "the campaign's rubric {ref} is not given; install it or give its "
                             "file",
    "camp.other-rubric": "is scored with {got}, but the campaign uses {ref} here; a campaign's "
                         "results never mix rubrics",
    "camp.other-period": "is for period {period!r}, which the campaign's term does not have "
                         "({ids}); correct period = \"…\"",
    "camp.needs-history": "the campaign's eligibility conditions read the history of titles "
                          "held; give the history file",
    "camp.review-needs-history": "a review rubric is for the holders of the title, who are read "
                                 "from the history; give the history file",
    "camp.no-tie-path": "the rubric {ref} has no item {path!r} to break ties by; name one of "
                        "{paths}",
    "camp.too-many-places": "the quota gives {places} places, more than the {units} units given "
                            "to rank; lower the quota or give every unit's assessments",
    "camp.unit-twice": "the unit {unit!r} is given twice; rank each unit once",
    "camp.no-next-level": "no next level to reach; give the total to reach (--target)",
    "camp.places": "places is 0 to {most} (合议分保留小数位数), got {value}",
    "camp.no-unit": "the assessment names no unit (unit is empty); fill in the unit's name, as "
                    "the other assessments of the unit write it",
    "camp.assessor-twice": "assessor {assessor!r} ({role}) scored this unit twice, here and in "
                           "{other}; each assessor counts once: remove one (a copied file?)",
    "camp.no-role-given": "no role",
    "camp.bad-csv": "is not a valid CSV file: {error}",
    "camp.too-many-claims": "standard {ident!r} would take more than {most} further claims of "
                            "{points} points to fill {left} points; the what-if lists at most "
                            "{most} per standard",
    "camp.record-twice": "a second record of {unit!r} for {title} in {year} (the first is "
                         "{first}); a unit has one outcome a year: remove one",
}
