"""The evidence registry: E1..E17, honest statuses, the "least certain" rule, what is not claimed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from sim.evidence import (
    EVIDENCE,
    EVIDENCE_STATUSES,
    NOT_CLAIMED,
    STATUS_ORDER,
    Evidence,
    allowed_statuses,
    least_certain,
    status_rank,
)

#: The status column of the design's evidence table (EVIDENCE.md), copied here on purpose:
#: a registry entry may never claim more certainty than the design grants it.
DESIGN_STATUS = {
    "E1": "contested", "E2": "robust", "E3": "contested", "E4": "mixed", "E5": "robust",
    "E6": "contested", "E7": "robust", "E8": "mixed", "E9": "mixed", "E10": "mixed",
    "E11": "mixed", "E12": "robust", "E13": "robust", "E14": "contested", "E15": "contested",
    "E16": "mixed", "E17": "mixed",
}
#: Fingerprints (hashes of eight-word runs, no text) of the design's evidence table.
DESIGN_GRAM_HASHES = Path(__file__).resolve().parent / "data" / "evidence_8gram_hashes.txt"


def test_registry_holds_exactly_e1_to_e17_in_order():
    """The registry has the seventeen keys of the design, E1..E17, in order."""
    assert list(EVIDENCE) == [f"E{i}" for i in range(1, 18)]


@pytest.mark.parametrize("key", sorted(DESIGN_STATUS, key=lambda k: int(k[1:])))
def test_each_entry_has_text_citation_and_the_designs_status(key):
    """Every entry has its own text, a citation by author and year, a qualifier, and exactly
    the status the design gives it (robust | mixed | contested)."""
    e = EVIDENCE[key]
    assert e.key == key
    assert e.status == DESIGN_STATUS[key]
    assert e.status in EVIDENCE_STATUSES
    assert len(e.text) > 80 and e.qualifier.strip()
    assert re.search(r"(19|20)\d\d|various", e.citation), e.citation
    assert e.label == f"{e.status}: {e.qualifier}"


def test_status_order_runs_from_robust_to_illustrative():
    """robust is the most certain, then mixed, contested, and illustrative the least."""
    assert STATUS_ORDER == ("robust", "mixed", "contested", "illustrative")
    assert [status_rank(s) for s in STATUS_ORDER] == [0, 1, 2, 3]


def test_least_certain_status_of_keys():
    """The least certain status of a list of keys is that of its weakest key."""
    assert least_certain(["E2", "E7"]) == "robust"
    assert least_certain(["E2", "E8"]) == "mixed"
    assert least_certain(["E8", "E1", "E2"]) == "contested"


def test_no_evidence_keys_means_illustrative():
    """A scenario with no evidence keys can only be illustrative."""
    assert least_certain([]) == "illustrative"
    assert allowed_statuses([]) == ("illustrative",)


def test_allowed_statuses_are_never_more_certain_than_the_evidence():
    """A scenario citing a contested key may be contested or illustrative, never mixed or robust."""
    assert allowed_statuses(["E1", "E2"]) == ("contested", "illustrative")
    assert allowed_statuses(["E7"]) == STATUS_ORDER
    assert allowed_statuses(["E9"]) == ("mixed", "contested", "illustrative")


def test_unknown_key_is_a_key_error():
    """least_certain refuses keys the registry does not have (the loader turns this into a message)."""
    with pytest.raises(KeyError):
        least_certain(["E99"])


def test_an_entry_cannot_claim_an_unknown_status():
    """An Evidence entry with a status outside robust/mixed/contested is refused when built."""
    with pytest.raises(ValueError):
        Evidence("E0", "text", "Someone 2020", "proven", "surely")
    with pytest.raises(ValueError):
        Evidence("E0", "text", "Someone 2020", "illustrative", "no evidence is not evidence")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9%]+", text.lower())


def _gram_hashes(text: str) -> dict[str, str]:
    w = _words(text)
    grams = (" ".join(w[i:i + 8]) for i in range(len(w) - 7))
    return {hashlib.blake2b(g.encode(), digest_size=6).hexdigest(): g for g in grams}


def test_entries_are_written_in_the_projects_own_words():
    """No registry text repeats eight or more consecutive words of the design's evidence table
    (checked against committed fingerprints of it, so the test needs nothing outside the project)."""
    design = {line.strip() for line in DESIGN_GRAM_HASHES.read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    assert len(design) > 500  # the fingerprints are there
    for e in EVIDENCE.values():
        own = _gram_hashes(e.text)
        shared = [own[h] for h in set(own) & design]
        assert not shared, (e.key, shared[:2])


def test_what_the_project_must_not_claim_is_listed_with_its_evidence():
    """The registry lists the claims the project must not make, each naming the evidence key
    that says why (the evidence page shows them)."""
    assert len(NOT_CLAIMED) >= 6
    for text in NOT_CLAIMED:
        keys = re.findall(r"\bE\d+\b", text)
        assert keys and all(k in EVIDENCE for k in keys), text
