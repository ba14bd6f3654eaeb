"""`briefgen import` on short texts shaped like the real articles of benchmarks/real/ where a first import
(an empty registry) missed who speaks (issue 17, point 5): each runs the CLI on a temp project and reads the
sidecar it drafts."""

from __future__ import annotations

from pathlib import Path

from test_import_real_world import imported, project  # noqa: F401  (project is a fixture)


def test_a_month_beside_another_name_is_a_name_and_a_date_is_not(project: Path) -> None:  # noqa: F811
    # '… mit dem Staatssekretär im Bundesinnenministerium, August Hanning, … Hanning hatte … gesagt: "…"'
    # (Der Tagesspiegel): "August" is his first name here, as "May" is Theresa May's
    claims, registry, _ = imported(project, (
        "Staatssekretär warnt vor Anschlägen\n\n"
        "Im Interview sprach der Staatssekretär im Innenministerium, August Kessler, über die Lage.\n\n"
        'Kessler hatte dem Sender gesagt: "Wir müssen mit Anschlägen rechnen, aber alle Behörden sind '
        'vorbereitet."\n'))
    assert claims == [("august-kessler", "direct", "Wir müssen mit Anschlägen rechnen, aber alle Behörden sind "
                                                   "vorbereitet.")]
    assert registry["august-kessler"]["name"] == "August Kessler"
    english, _, _ = imported(project, (
        "Prime minister sets a date\n\n"
        'Britain will leave the bloc in March, Prime Minister Helen May said on 20 May. "We will not wait '
        'any longer than that," May told reporters.\n'))
    assert english == [("helen-may", "paraphrase", "Britain will leave the bloc in March"),
                       ("helen-may", "direct", "We will not wait any longer than that")], english
