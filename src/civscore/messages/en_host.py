"""The English catalogue, continued: the plugin host's warnings and errors,
and a guarded plugin method's; :mod:`civscore.messages.en`
holds them all (see :mod:`civscore.messages`)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # the plugin host (plugins.hooks, plugins.manager, plugins.loading, plugins.registry)
    "plugin.skipped": "; skipped",
    "plugin.fix": "; fix or uninstall the plugin, or exclude it with CIVSCORE_PLUGINS_DENY",
    "plugin.who": "civscore plugin {plugin}",
    "plugin.while-loading": "while loading",
    "plugin.in": "in {what}",
    "plugin.in-check": "in check {check!r}",
    "plugin.expected-rubric": "a RubricSpec",
    "plugin.expected-method": "a scoring method (see civscore.scoring.methods.ScoringMethod)",
    "plugin.expected-check": "a CheckSpec",
    "plugin.expected-campaign": "a CampaignSpec",
    "plugin.expected-findings": "CheckFinding values",
    "plugin.not-expected": "civscore plugin {plugin!r} returned {value} from {hook}, which is not "
                           "{expected}; ignored",
    "plugin.wrapper": "civscore plugin {plugin!r} implements {hook} as a wrapper; civscore hooks "
                      "take plain implementations only",
    "plugin.not-a-list": "civscore plugin {plugin!r} returned {value} from {hook}, which is not a "
                         "list; ignored",
    "plugin.failed-in": "civscore plugin {plugin!r} failed in {hook}: {error}",
    "plugin.check-what": "civscore plugin {plugin}: check {check!r} on rubric {ref}",
    "plugin.check-wrong": "{what} gave {value}{more}, which is not a CheckFinding; ignored",
    "plugin.more": " (and {n} more)",
    "plugin.conflict": "{what} is provided by both {described}; uninstall one or deny it with "
                       "{env}=<name>; neither is used",
    "plugin.conflict-lookup": "{what} is provided by both {described}; uninstall one or deny it "
                              "with {env}=<name>",
    "plugin.and": " and ",
    "plugin.twice": " twice",
    "plugin.kind-rubric": "rubric {key}",
    "plugin.kind-method": "scoring method {key!r}",
    "plugin.kind-check": "check {key!r}",
    "plugin.builtin": "{what} is built into civscore; the one from {others} is ignored",
    "plugin.load-failed": "civscore plugin {plugin!r} (from {distribution}) failed to load: "
                          "{error}",
    "plugin.undecorated": "civscore plugin {plugin!r} defines {attr!r} without @civscore.hookimpl, "
                          "so it is never called; decorate it",
    "plugin.not-a-hook": "civscore plugin {plugin!r} defines {attr!r}, which is not a civscore "
                         "hook{hint}",
    "plugin.register-failed": "civscore plugin {plugin!r} could not be registered: {error}",
    "plugin.unknown-hook": "civscore plugin {plugin!r} implements {hook!r}, which is not a "
                           "civscore hook{hint} (plugin skipped)",
    "plugin.error": "civscore plugin {plugin!r}: {error}",
    "plugin.rubric-skipped": "civscore plugin {plugin!r}: {error}; rubric skipped",
    "plugin.overlay-skipped": "civscore plugin {plugin!r}: {error}; overlay skipped",
    "plugin.fails-checks": "civscore plugin {plugin!r}: rubric {ref} fails its checks: {errors}",
    "plugin.overlay-base": "civscore plugin {plugin!r}: overlay {ref} extends {extends}, which "
                           "{why}",
    "plugin.base-conflict": "is provided by two plugins",
    "plugin.base-missing": "is not installed (or is itself an overlay in a cycle)",
    # a plugin's scoring method, guarded (scoring.guards, scoring.capture)
    "guard.printed": "{who} printed to standard output {when}; civscore kept it off its own "
                     "output: {text}",
    "guard.failed": "{what} failed: {error}",
    "guard.gave": "{what} gave {given}, not {expected}",
    "guard.plugin": "civscore plugin {plugin}: {text}",
    "guard.warning": "{path}: {text}; {instead}",
    "guard.method": "scoring method {name!r}",
    "guard.call": "scoring method {name!r}.{call}",
    "guard.compiled": "scoring method {name!r}'s compiled scorer",
    "guard.expected-problems": "Problem values",
    "guard.expected-parts": "Part values with finite Decimal points",
    "guard.expected-bounds": "two finite Decimals, lowest first",
    "guard.expected-function": "a function of the finding",
    "guard.expected-points": "a finite Decimal",
    "guard.not-checked-item": "its definition of the item is not checked",
    "guard.not-checked": "the finding is not checked",
    "guard.as-failed": "the item is scored as failed (0 points, then its floor)",
    "guard.bounds": "taken as 0 to the item's points",
    "guard.with-score": "the finding is scored with score() instead",
    "guard.all-with-score": "its findings are scored with score() instead",
    # shipped campaigns and rubric resources (plugins.campaigns, plugins.specs)
    "plugin.no-campaign": "no installed campaign {ident!r} (installed: {installed}); give the "
                          "campaign file's path",
    "plugin.campaign-unreadable": "{plugin}: cannot read campaign resource {resource}: {error}",
    "plugin.campaign-twice": "campaign {ident} is shipped by both {first} and {second}; uninstall "
                             "one",
    "plugin.no-package": "cannot read rubric resource {resource!r}: the spec gives no package; "
                         "give the package that ships the file",
    "plugin.rubric-unreadable": "cannot read rubric resource {resource}: {error}",
    "plugin.spec-forms": "{spec} must give exactly one of rubric, overlay, or package and "
                         "resource",
}
