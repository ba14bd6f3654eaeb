"""`briefgen import` on the attribution shapes of real news (issue 17, point 2): each case of
fixtures/import_attribution.yaml is a short text shaped like a real article, imported through the CLI into a
temp project (with the case's `experts` as its registry, if it has one); the sidecar's claims must be the case's,
and each case fails if its rule goes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_import_real_world import imported, project  # noqa: F401  (project is a fixture)

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "import_attribution.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CASES)
def test_who_said_what_in_real_attribution_shapes(project: Path, name: str) -> None:  # noqa: F811
    claims, _, _ = imported(project, CASES[name]["text"], experts=CASES[name].get("experts"))
    assert claims == [tuple(c) for c in CASES[name]["claims"]], CASES[name]["rule"]
