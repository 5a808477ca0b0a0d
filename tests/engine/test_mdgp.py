"""The MDGPLIB reader and the command-line entry point."""

import gzip
import json

import numpy as np
import pytest
from grouping_checks import objective

from tests.shared_data import require_data
from workshift.engine.grouping_cli import main, run_instance
from workshift.engine.mdgp import load_mdgp


def test_the_loader_reads_every_library_instance(mdgp_instances):
    files = sorted(mdgp_instances.glob("*/*.txt.gz"))
    assert len(files) >= 20
    for path in files:
        inst = load_mdgp(path=path)
        parts = path.name.split("_")
        assert inst.n == int(parts[1][1:]), path.name
        assert inst.kind == parts[2]
        assert len(inst.lower) == len(inst.upper) == inst.m
        assert inst.distances.shape == (inst.n, inst.n)
        assert np.array_equal(inst.distances, inst.distances.T)
        assert sum(inst.lower) <= inst.n <= sum(inst.upper)
        if inst.kind == "ss":
            assert inst.lower == inst.upper


def test_the_loader_matches_the_file_line_by_line(mdgp_instances):
    path = mdgp_instances / "RanReal" / "RanReal_n030_ds_01.txt.gz"
    require_data(path, what="MDGP instance", hint="set WORKSHIFT_MDGP_DIR")
    inst = load_mdgp(path=path)
    with gzip.open(path, "rt") as f:
        header = f.readline().split()
        lines = [line.split() for line in f]
    assert (inst.n, inst.m) == (int(header[0]), int(header[1]))
    assert list(inst.lower) == [int(x) for x in header[3::2]]
    for i, j, d in lines[:50] + lines[-50:]:
        assert inst.distances[int(i), int(j)] == float(d)


def test_the_loader_rejects_a_truncated_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("3 1 ss 3 3 \n0 1 1.0\n0 2 2.0\n")
    with pytest.raises(ValueError):
        load_mdgp(path=bad)


def test_run_instance_returns_objective_seconds_and_assignment(mdgp_instances):
    path = mdgp_instances / "Geo" / "Geo_n030_ds_02.txt.gz"
    require_data(path, what="MDGP instance", hint="set WORKSHIFT_MDGP_DIR")
    out = run_instance(path=str(path), seconds=0.2, seed=0)
    assert set(out) == {"objective", "seconds", "assignment"}
    inst = load_mdgp(path=path)
    grp = np.array(out["assignment"])
    assert len(grp) == inst.n
    sizes = np.bincount(grp, minlength=inst.m)
    assert all(a <= s <= b for s, a, b in zip(sizes, inst.lower, inst.upper, strict=True))
    assert out["objective"] == pytest.approx(objective(inst.distances, grp))


def test_the_command_prints_json(mdgp_instances, capsys):
    path = mdgp_instances / "RanReal" / "RanReal_n012_ss_01.txt.gz"
    require_data(path, what="MDGP instance", hint="set WORKSHIFT_MDGP_DIR")
    assert main(["--instance", str(path), "--seconds", "0.1", "--seed", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"objective", "seconds", "assignment"}
    assert len(out["assignment"]) == 12


def test_the_command_prints_plain_text(mdgp_instances, capsys):
    path = mdgp_instances / "RanReal" / "RanReal_n012_ss_01.txt.gz"
    require_data(path, what="MDGP instance", hint="set WORKSHIFT_MDGP_DIR")
    main(["--instance", str(path), "--seconds", "0.1"])
    text = capsys.readouterr().out
    assert text.startswith("objective: ")
    assert "seconds: " in text and "assignment: " in text
