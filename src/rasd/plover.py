"""PLOVER event types, their modes, and the sector codes rasd uses."""
from __future__ import annotations

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT")

MODES: dict[str, tuple[str, ...]] = {
    "AGREE": (),
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "SUPPORT": (),
    "CONCEDE": (),
    "COOPERATE": (),
    "AID": (),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms", "explosives",
                "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional"),
}

SECTORS = ("GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "LEG", "SPY", "UAF", "CVL", "MED", "BUS", "REL", "EDU",
           "LAB", "REF", "CRM", "IGO", "NGO", "MNC")


def check(event_type: str, mode: str | None) -> None:
    """Raise ValueError for an unknown type or a mode the type does not have."""
    if event_type not in MODES:
        raise ValueError(f"unknown PLOVER event type {event_type!r}")
    if mode is not None and mode not in MODES[event_type]:
        raise ValueError(f"{event_type} has no mode {mode!r} (modes: {', '.join(MODES[event_type]) or 'none'})")
