"""Seeded MDGP instances in the MDGPLIB file format, for tuning the grouping search.

Five distance laws, each a family of its own:

* ``UnifInt``   uniform integers 0..100;
* ``UnifReal``  uniform reals in [0, 100], three decimals;
* ``Euclid``    points uniform in the unit cube of 2 to 10 dimensions (drawn per
                instance), Euclidean distance scaled by 100, three decimals;
* ``Cluster``   points around 3 to 12 centres (drawn per instance) in 2 to 10
                dimensions, Euclidean distance scaled by 100, three decimals;
* ``Ties``      integers 0..4 (few distinct values, many equal moves).

Group counts follow MDGPLIB (n = 120: 10 groups; 240: 12; 480: 20; 960: 24).
``ss`` files have equal groups; ``ds`` files give group ``g`` the bounds
``[a_g, b_g]`` with ``a_g`` uniform in ``[0.75 s, s]`` and ``b_g`` uniform in
``[s, 1.25 s]`` (``s = n / m``), as in MDGPLIB; both files of an id share the
matrix.  Everything follows from the family, n and id, so a file is the same
on every machine:

    python bench/mdgp_generate.py --out bench/results/mdgp_generated \
        --families UnifInt,UnifReal,Euclid,Cluster,Ties --sizes 120,240,480 --ids 1-3

Files: ``<out>/<Family>/<Family>_n<NNN>_<ss|ds>_<id>.txt.gz``.
"""

from __future__ import annotations

import argparse
import gzip
import zlib
from pathlib import Path

import numpy as np

FAMILIES = ("UnifInt", "UnifReal", "Euclid", "Cluster", "Ties")
GROUPS = {120: 10, 240: 12, 480: 20, 960: 24}


def _rng(family: str, n: int, ident: int, what: str) -> np.random.Generator:
    key = zlib.crc32(f"{family}/{n}/{ident}/{what}".encode())
    return np.random.default_rng(key)


def _points_distances(x: np.ndarray) -> np.ndarray:
    sq = (x * x).sum(axis=1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2.0 * x @ x.T, 0.0)
    D: np.ndarray = np.round(100.0 * np.sqrt(d2), 3)
    return D


def distances(family: str, n: int, ident: int) -> np.ndarray:
    """The symmetric distance matrix (zero diagonal) of one instance."""
    rng = _rng(family, n, ident, "matrix")
    if family == "UnifInt":
        U = rng.integers(0, 101, size=(n, n)).astype(np.float64)
    elif family == "UnifReal":
        U = np.round(rng.uniform(0.0, 100.0, size=(n, n)), 3)
    elif family == "Ties":
        U = rng.integers(0, 5, size=(n, n)).astype(np.float64)
    elif family == "Euclid":
        dims = int(rng.integers(2, 11))
        U = _points_distances(rng.uniform(0.0, 1.0, size=(n, dims)))
    elif family == "Cluster":
        dims = int(rng.integers(2, 11))
        k = int(rng.integers(3, 13))
        centres = rng.uniform(0.0, 1.0, size=(k, dims))
        spread = rng.uniform(0.03, 0.12)
        x = centres[rng.integers(0, k, size=n)] + rng.normal(0.0, spread, size=(n, dims))
        U = _points_distances(x)
    else:
        raise ValueError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}")
    D = np.triu(U, 1)
    return D + D.T


def bounds(family: str, n: int, ident: int, kind: str) -> list[tuple[int, int]]:
    """Group bounds of the ``ss`` or ``ds`` file of an instance."""
    m = GROUPS[n]
    s = n // m
    if kind == "ss":
        return [(s, s)] * m
    rng = _rng(family, n, ident, "bounds")
    while True:
        lo = rng.integers(int(np.ceil(0.75 * s)), s + 1, size=m)
        hi = rng.integers(s, int(np.floor(1.25 * s)) + 1, size=m)
        if lo.sum() <= n <= hi.sum():
            return [(int(a), int(b)) for a, b in zip(lo, hi, strict=True)]


def write_instance(path: Path, D: np.ndarray, groups: list[tuple[int, int]], kind: str) -> None:
    n = D.shape[0]
    integral = bool(np.all(D == np.round(D)))
    i, j = np.triu_indices(n, 1)
    values = D[i, j]
    fmt = "%d %d %d\n" if integral else "%d %d %.3f\n"
    head = f"{n} {len(groups)} {kind} " + "".join(f"{a} {b} " for a, b in groups) + "\n"
    rows = np.column_stack([i, j, values])
    body = "".join(fmt % (int(a), int(b), c) for a, b, c in rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", compresslevel=6) as f:
        f.write(head)
        f.write(body)


def _ids(text: str) -> list[int]:
    if "-" in text:
        a, b = text.split("-")
        return list(range(int(a), int(b) + 1))
    return [int(x) for x in text.split(",") if x]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--out", default=str(Path(__file__).resolve().parent / "results" / "mdgp_generated")
    )
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--sizes", default="120,240,480")
    ap.add_argument("--ids", default="1-3", help="instance ids, e.g. 1-3 or 1,4")
    args = ap.parse_args(argv)
    out = Path(args.out)
    for family in args.families.split(","):
        for n in (int(x) for x in args.sizes.split(",")):
            for ident in _ids(args.ids):
                D = distances(family, n, ident)
                for kind in ("ss", "ds"):
                    name = f"{family}_n{n:03d}_{kind}_{ident:02d}"
                    path = out / family / f"{name}.txt.gz"
                    if not path.exists():
                        write_instance(path, D, bounds(family, n, ident, kind), kind)
                print(f"{family} n={n} id={ident}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
