"""The shared, fixed vocabulary of DESIGN.md (qualities, sides, symptom flags).

These names are part of saved data and the CLI contract: never rename one.
"""

from __future__ import annotations

from collections.abc import Iterable

QUALITIES: tuple[str, ...] = (
    "aching",
    "sharp",
    "burning",
    "stabbing",
    "throbbing",
    "numb",
    "tingling",
    "stiff",
)

#: Sides a muscle can be marked on. ``both`` covers midline muscles and bilateral tightness.
MUSCLE_SIDES: tuple[str, ...] = ("left", "right", "both")

SYMPTOM_FLAGS: tuple[str, ...] = (
    "saddle_numbness",
    "bladder_bowel_change",
    "progressive_leg_weakness",
    "fever",
    "cancer_history",
    "unexplained_weight_loss",
    "major_trauma",
    "night_pain",
    "age_over_50_new_pain",
    "iv_drug_use",
    "sexual_dysfunction",
    "gait_change",
    "pulsating_abdominal_pain",
    "loin_pain_urinary",
    "pregnancy_contractions",
    "pregnancy_bleeding",
    "constant_progressive_pain",
    "thoracic_pain",
    "age_under_20",
    "immunosuppression",
    "long_term_steroids",
    "inflammatory_pattern",
)
#: Short names for the flags where a sentence does not fit (the clinician report's table).
SYMPTOM_FLAG_LABELS: dict[str, str] = {
    "saddle_numbness": "Saddle numbness",
    "bladder_bowel_change": "New bladder or bowel change",
    "progressive_leg_weakness": "Worsening leg weakness",
    "fever": "Fever or feeling unwell",
    "cancer_history": "History of cancer",
    "unexplained_weight_loss": "Unexplained weight loss",
    "major_trauma": "Began after major injury",
    "night_pain": "Constant night pain",
    "age_over_50_new_pain": "Over 50, new back pain",
    "iv_drug_use": "Injected drugs",
    "sexual_dysfunction": "New genital numbness or sexual problems",
    "gait_change": "Change in walking",
    "pulsating_abdominal_pain": "Pulsing tummy or sudden severe pain",
    "loin_pain_urinary": "Loin pain with urinary symptoms or fever",
    "pregnancy_contractions": "Pregnant: pain in waves",
    "pregnancy_bleeding": "Pregnant: bleeding or fluid loss",
    "constant_progressive_pain": "Constant, worsening pain",
    "thoracic_pain": "Mid or upper back pain",
    "age_under_20": "Under 20",
    "immunosuppression": "Weakened immune system",
    "long_term_steroids": "Long-term steroids",
    "inflammatory_pattern": "Inflammatory pattern (morning stiffness)",
}

#: What the safety layer works out about a person, and what ``data/restrictions.csv`` may test.
CONDITIONS: tuple[str, ...] = (
    "pregnant",
    "nerve_root",  # signs of nerve-root (sciatica) pain
    "acute",  # the episode's phase, by how long it has lasted
    "subacute",
    "chronic",
    "extension_eases",  # bending backward eases the pain (directional preference)
    "flexion_eases",  # sitting or bending forward eases it (stenosis pattern)
)
#: Which movement eases the pain, as the person reports it.
EASES: tuple[str, ...] = ("extension", "flexion")

MIN_INTENSITY = 0
MAX_INTENSITY = 10


def closest_names(value: object, choices: Iterable[str], limit: int = 3) -> list[str]:
    """Suggest valid names for a mistyped one, so error messages can say what was meant."""
    if not isinstance(value, str):
        return []
    import difflib  # only when a name is mistyped; every start-up imports this module

    return difflib.get_close_matches(value, list(choices), n=limit, cutoff=0.5)


def unknown_name_message(kind: str, value: object, choices: Iterable[str]) -> str:
    """One clear line naming the bad value and the closest valid names."""
    close = closest_names(value, choices)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    shown = value if isinstance(value, str) else repr(value)
    return f"Unknown {kind} '{shown}'.{hint}"
