"""Reader for MDGPLIB instance files (Maximally Diverse Grouping Problem).

File format (plain text, optionally gzip-compressed)::

    <n> <m> <ss|ds> a_1 b_1 ... a_m b_m
    i j d_ij          # the strict upper triangle, 0-based, one pair per line

Group ``g`` must hold between ``a_g`` and ``b_g`` elements.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class MdgpInstance:
    name: str
    n: int
    m: int
    kind: str  # "ss" (same size) or "ds" (different sizes)
    lower: tuple[int, ...]
    upper: tuple[int, ...]
    distances: np.ndarray  # symmetric (n, n), zero diagonal


def load_mdgp(*, path: str | Path) -> MdgpInstance:
    """Read an MDGPLIB instance (``.txt`` or ``.txt.gz``)."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        header = f.readline().split()
        body = f.read()
    if len(header) < 3:
        raise ValueError(f"{path}: the first line must hold n, m and the type")
    n, m, kind = int(header[0]), int(header[1]), header[2].decode()
    bounds = [int(x) for x in header[3 : 3 + 2 * m]]
    if len(bounds) != 2 * m:
        raise ValueError(f"{path}: expected {m} pairs of group bounds")
    values = np.array(body.split(), dtype=np.float64)
    pairs = n * (n - 1) // 2
    if values.size != 3 * pairs:
        raise ValueError(f"{path}: expected {pairs} distance lines, found {values.size / 3:g}")
    e = values.reshape(pairs, 3)
    i = e[:, 0].astype(np.int64)
    j = e[:, 1].astype(np.int64)
    if i.size and (i.min() < 0 or j.max() >= n):
        raise ValueError(f"{path}: an element index lies outside 0..{n - 1}")
    D = np.zeros((n, n))
    D[i, j] = e[:, 2]
    D[j, i] = e[:, 2]
    name = path.name.split(".")[0]
    return MdgpInstance(
        name=name,
        n=n,
        m=m,
        kind=kind,
        lower=tuple(bounds[0::2]),
        upper=tuple(bounds[1::2]),
        distances=D,
    )
