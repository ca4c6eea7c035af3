"""The reference article (../shared/eval/seed.jsonl): the events the foundation issue requires,
and the reference scorer's lenient F1. Skipped where the evaluation folder is absent."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from eventwire.cli import main

pytestmark = pytest.mark.integration

# Lenient F1 of ../shared/eval/score.py on the seed, measured 0.750 (21 predicted, 19 gold events);
# the floor is that minus 0.05 so a regression fails here.
SEED_LENIENT_F1_FLOOR = 0.700


@dataclass(frozen=True)
class RequiredEvent:
    """An event the seed's output must contain. ``source`` is a country, or country + sector
    ("BLROPP"); ``targets`` the acceptable target countries ("" = no target); ``codes`` pairs a
    CAMEO code prefix with the modalities it may carry; the speaker fields apply when given."""

    source: str
    targets: tuple[str, ...]
    codes: tuple[tuple[str, tuple[str, ...]], ...]
    speaker: str | None = None
    speaker_type: str | None = None
    via: str | None = None

    def matches(self, event: dict[str, Any]) -> bool:
        source, target = event["source"] or {}, event["target"] or {}
        return (_actor_code(source).startswith(self.source)
                and target.get("country", "") in self.targets
                and any(event["cameo"].startswith(code) and event["modality"] in modalities
                        for code, modalities in self.codes)
                and self._attribution_matches(event["attribution"]))

    def _attribution_matches(self, attribution: dict[str, Any] | None) -> bool:
        if self.speaker is None and self.speaker_type is None and self.via is None:
            return True
        if attribution is None:
            return False
        return ((self.speaker is None or self.speaker.lower() in attribution["speaker"].lower())
                and (self.speaker_type is None or attribution["speaker_type"] == self.speaker_type)
                and (self.via is None or self.via in attribution["via"]))


def _actor_code(actor: dict[str, Any]) -> str:
    return actor.get("country", "") + actor.get("sector", "")


_HOSTILE_MOVE = ("15", "19")  # CAMEO 15x force posture (154 deploy) or 19x fighting (190, 192)
REQUIRED = {
    "belarus_deployment_reported_by_washington_post": RequiredEvent(
        "BLR", ("UKR",), tuple((root, ("possible", "future")) for root in _HOSTILE_MOVE),
        speaker_type="anonymous_official", via="The Washington Post"),
    "ukraine_agrees_to_talks_with_russia": RequiredEvent("UKR", ("RUS",), (("036", ("asserted",)),)),
    "opposition_calls_for_sanctions_on_belarus": RequiredEvent(
        "BLROPP", ("BLR",), (("02", ("asserted",)), ("10", ("asserted",)), ("163", ("requested",)))),
    "belarusian_troops_not_moving_into_ukraine": RequiredEvent(
        "BLR", ("UKR",), tuple((root, ("negated",)) for root in _HOSTILE_MOVE),
        speaker="senior U.S. defense official", speaker_type="anonymous_official"),
    "united_states_suspends_embassy_in_belarus": RequiredEvent("USA", ("BLR",), (("164", ("asserted",)),)),
    "russia_puts_nuclear_forces_on_high_alert": RequiredEvent("RUS", ("", "RUS"), (("152", ("asserted",)),)),
}
# Required events the pipeline misses today (strict: once coded, the XPASS says to drop the entry).
# Empty while every required event is coded; add `name: reason` when a stage change loses one.
KNOWN_MISSING: dict[str, str] = {}


@pytest.fixture(scope="module")
def seed_output(shared_eval: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "seed.out.jsonl"
    assert main(["code", str(shared_eval / "seed.jsonl"), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def seed_events(seed_output: Path) -> list[dict[str, Any]]:
    (line,) = [json.loads(text) for text in seed_output.read_text("utf-8").splitlines()]
    assert line["id"] == "seed" and not line["errors"]
    return line["events"]


def _summary(event: dict[str, Any]) -> str:
    attribution = event["attribution"] or {}
    return (f"{_actor_code(event['source'] or {})}->{_actor_code(event['target'] or {})} {event['cameo']} "
            f"{event['modality']} {attribution.get('speaker')} via {attribution.get('via')}")


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSING[name]))
    if name in KNOWN_MISSING else name for name in REQUIRED])
def test_seed_reference_codes_required_event(name: str, seed_events: list[dict[str, Any]]) -> None:
    assert any(REQUIRED[name].matches(event) for event in seed_events), [_summary(e) for e in seed_events]


def test_seed_reference_scorer_lenient_f1_stays_above_floor(shared_eval: Path, seed_output: Path) -> None:
    scored = subprocess.run([sys.executable, str(shared_eval / "score.py"), str(shared_eval / "seed_gold.jsonl"),
                             str(seed_output), "--json"], capture_output=True, text=True, check=True)
    report = json.loads(scored.stdout)
    assert report["lenient"]["f1"] >= SEED_LENIENT_F1_FLOOR, report["lenient"]
