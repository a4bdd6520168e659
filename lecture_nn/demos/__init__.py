"""Figures and slider explorers, one module per notebook topic.

Each topic module offers ``figure(**params) -> matplotlib Figure`` functions (pure: the same
parameters draw the same picture) and explorer classes built on :class:`Explorer`.
"""

from .base import Explorer

__all__ = ["Explorer"]
