"""The plugin host: hook specifications, the plugin manager, the registry of
installed rubrics, methods and checks, and rubric overlays.
"""

from __future__ import annotations

from civscore.plugins.manager import (
    ALLOW_ENV,
    BUILTIN_NAME,
    DENY_ENV,
    ENTRY_POINT_GROUP,
    STRICT_ENV,
    CivscorePluginManager,
    PluginHooks,
    PluginInfo,
    PluginWarning,
    Provided,
    Registry,
    RubricEntry,
    default_registry,
    get_plugin_manager,
)

__all__ = [
    "ALLOW_ENV",
    "BUILTIN_NAME",
    "DENY_ENV",
    "ENTRY_POINT_GROUP",
    "STRICT_ENV",
    "CivscorePluginManager",
    "PluginHooks",
    "PluginInfo",
    "PluginWarning",
    "Provided",
    "Registry",
    "RubricEntry",
    "default_registry",
    "get_plugin_manager",
]
