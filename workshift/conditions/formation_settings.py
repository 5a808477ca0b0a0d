"""The settings of one formation run: one typed value from the page (or API, CLI) to the worker.

The defaults live here only; `to_json` and `from_json` are the one place where the settings
become the JSON that a FormationRun stores (and the worker reads back).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_SECONDS = 2.0
DEFAULT_SEED = 0


@dataclass(frozen=True)
class FormationSettings:
    """Who is grouped, into how many groups of which sizes, mixed on which attributes.

    `together` and `apart` are pairs of person ids; `locked` maps a person id to a group
    index (0-based); `text` keeps the lead's own lines so a page can show them again.
    """

    people: tuple[int, ...]
    groups: int
    min_size: int
    max_size: int
    weights: Mapping[str, float] = field(default_factory=dict)
    coaches: tuple[int, ...] = ()
    together: tuple[tuple[int, int], ...] = ()
    apart: tuple[tuple[int, int], ...] = ()
    locked: Mapping[int, int] = field(default_factory=dict)
    two_or_none: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    seconds: float = DEFAULT_SECONDS
    seed: int = DEFAULT_SEED
    text: Mapping[str, str] = field(default_factory=dict)

    def replace(self, **changes: Any) -> FormationSettings:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "people": list(self.people),
            "groups": self.groups,
            "min_size": self.min_size,
            "max_size": self.max_size,
            "weights": dict(self.weights),
            "coaches": list(self.coaches),
            "together": [list(p) for p in self.together],
            "apart": [list(p) for p in self.apart],
            "locked": {str(pid): g for pid, g in self.locked.items()},
            "two_or_none": list(self.two_or_none),
            "names": list(self.names),
            "seconds": self.seconds,
            "seed": self.seed,
            "text": dict(self.text),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FormationSettings:
        """Read stored settings back; a key missing from older runs takes its default."""

        def pairs(key: str) -> tuple[tuple[int, int], ...]:
            return tuple((int(a), int(b)) for a, b in data.get(key) or [])

        return cls(
            people=tuple(int(p) for p in data["people"]),
            groups=int(data["groups"]),
            min_size=int(data["min_size"]),
            max_size=int(data["max_size"]),
            weights={str(k): float(w) for k, w in (data.get("weights") or {}).items()},
            coaches=tuple(int(c) for c in data.get("coaches") or []),
            together=pairs("together"),
            apart=pairs("apart"),
            locked={int(pid): int(g) for pid, g in (data.get("locked") or {}).items()},
            two_or_none=tuple(data.get("two_or_none") or []),
            names=tuple(data.get("names") or []),
            seconds=float(data.get("seconds", DEFAULT_SECONDS)),
            seed=int(data.get("seed", DEFAULT_SEED)),
            text={str(k): str(v) for k, v in (data.get("text") or {}).items()},
        )
