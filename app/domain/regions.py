"""The body-region catalogue: the vocabulary shared by art, data, database and CLI."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.domain.errors import ValidationError
from app.domain.vocabulary import unknown_name_message

SIDES = ("left", "right", "midline")
VIEWS = ("front", "back")


@dataclass(frozen=True, slots=True)
class Region:
    """One anatomical region; ``views`` says which drawings show it."""

    id: str
    label: str
    side: str
    views: tuple[str, ...]
    area: str

    @property
    def base(self) -> str:
        """The id without its side suffix, e.g. ``buttock_lower`` for ``buttock_lower_left``."""
        for suffix in ("_left", "_right"):
            if self.id.endswith(suffix):
                return self.id[: -len(suffix)]
        return self.id

    @property
    def mirror_id(self) -> str:
        """The same region on the other side (itself for midline regions)."""
        if self.side == "left":
            return self.base + "_right"
        if self.side == "right":
            return self.base + "_left"
        return self.id


class RegionCatalog:
    """All regions, in catalogue order (which is also the keyboard order on the map)."""

    def __init__(self, regions: list[Region]) -> None:
        self._regions = list(regions)
        self._by_id = {region.id: region for region in self._regions}
        if len(self._by_id) != len(self._regions):
            raise ValueError("duplicate region ids in the catalogue")

    def __iter__(self) -> Iterator[Region]:
        return iter(self._regions)

    def __len__(self) -> int:
        return len(self._regions)

    def __contains__(self, region_id: object) -> bool:
        return region_id in self._by_id

    def ids(self) -> list[str]:
        return [region.id for region in self._regions]

    def get(self, region_id: str) -> Region:
        """The region with this id, or a ValidationError that names the closest ids."""
        try:
            return self._by_id[region_id]
        except KeyError:
            raise ValidationError(unknown_name_message("region", region_id, self._by_id)) from None

    def in_view(self, view: str) -> list[Region]:
        return [region for region in self._regions if view in region.views]

    def resolve(self, base: str, side: str) -> str | None:
        """The id of ``base`` on ``side`` (left/right), or the midline id; None if absent."""
        for candidate in (f"{base}_{side}", base):
            if candidate in self._by_id:
                return candidate
        return None

    @classmethod
    def from_csv(cls, path: Path) -> RegionCatalog:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        regions = []
        for row in rows:
            side = row["side"].strip()
            views = tuple(row["views"].split())
            if side not in SIDES or not views or any(view not in VIEWS for view in views):
                raise ValueError(f"bad region row in {path.name}: {row}")
            regions.append(
                Region(
                    id=row["id"].strip(),
                    label=row["label"].strip(),
                    side=side,
                    views=views,
                    area=row["area"].strip(),
                )
            )
        return cls(regions)


@cache
def default_catalog() -> RegionCatalog:
    """The catalogue shipped in ``data/regions.csv`` (read once per process)."""
    from app.resources import data_dir

    return RegionCatalog.from_csv(data_dir() / "regions.csv")


def describe_regions(region_ids: Sequence[str], catalog: RegionCatalog, limit: int = 4) -> str:
    """Group regions by side in plain words: "left lower buttock and outer thigh; sacrum"."""
    by_side: dict[str, list[str]] = {}
    for region_id in region_ids:
        region = catalog.get(region_id)
        name = region.label.removesuffix(f" ({region.side})")
        name = name[:1].lower() + name[1:]
        by_side.setdefault(region.side, []).append(name)
    groups = []
    for side in ("left", "right", "midline"):
        names = by_side.get(side, [])
        if not names:
            continue
        shown = names[:limit]
        more = len(names) - len(shown)
        text = _join(shown) + (f" and {more} more" if more else "")
        groups.append(text if side == "midline" else f"{side} {text}")
    return "; ".join(groups)


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
