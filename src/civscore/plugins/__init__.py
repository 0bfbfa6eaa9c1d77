"""The plugin host: hook specifications, the plugin manager, the registry of
installed rubrics, methods and checks, and rubric overlays.
"""

from __future__ import annotations

from civscore.plugins.hooks import PluginHooks, Provided
from civscore.plugins.loading import RubricEntry
from civscore.plugins.manager import (
    ALLOW_ENV,
    BUILTIN_NAME,
    DENY_ENV,
    ENTRY_POINT_GROUP,
    STRICT_ENV,
    CivscorePluginManager,
    PluginInfo,
    PluginWarning,
    get_plugin_manager,
)
from civscore.plugins.registry import Registry, default_registry

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
