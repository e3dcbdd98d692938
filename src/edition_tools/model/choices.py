"""Closed vocabularies: each value has the slug contributors write and the label readers see."""

from __future__ import annotations

from enum import Enum
from typing import Self

__all__ = ["Choice"]


class Choice(Enum):
    """An enumeration whose members are ``(slug, label)`` pairs."""

    def __init__(self, slug: str, label: str) -> None:
        self.slug = slug
        self.label = label

    @classmethod
    def by_slug(cls) -> dict[str, Self]:
        """Slug to member, in the order of definition (the order messages list them)."""
        return {member.slug: member for member in cls}

    @classmethod
    def from_slug(cls, slug: str) -> Self:
        """The member whose slug is ``slug``; ``ValueError`` if there is none."""
        try:
            return cls.by_slug()[slug]
        except KeyError:
            raise ValueError(slug) from None
