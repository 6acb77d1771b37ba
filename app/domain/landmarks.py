"""Named landmarks that place points on the body art (see data/README.md).

Paired landmarks are written here without a side; the art provides ``<name>_left`` and
``<name>_right``. Each landmark belongs to one view and to a body segment whose cun size the
art defines (bone-proportional cun differs between trunk, thigh and leg).
"""

from __future__ import annotations

#: name -> (view, segment, paired)
LANDMARKS: dict[str, tuple[str, str, bool]] = {
    # back view, midline spinous processes and sacrum
    "c7_spinous": ("back", "trunk", False),
    "t3_spinous": ("back", "trunk", False),
    "t7_spinous": ("back", "trunk", False),
    "t9_spinous": ("back", "trunk", False),
    "t12_spinous": ("back", "trunk", False),
    "l1_spinous": ("back", "trunk", False),
    "l2_spinous": ("back", "trunk", False),
    "l3_spinous": ("back", "trunk", False),
    "l4_spinous": ("back", "trunk", False),
    "l5_spinous": ("back", "trunk", False),
    "s1_spinous": ("back", "trunk", False),
    "s2_foramen_level": ("back", "trunk", False),
    "s4_foramen_level": ("back", "trunk", False),
    "sacral_hiatus": ("back", "trunk", False),
    "coccyx_tip": ("back", "trunk", False),
    # back view, paired
    "scapula_inferior_angle": ("back", "trunk", True),
    "posterior_axillary_fold": ("back", "trunk", True),
    "rib12_tip": ("back", "trunk", True),
    "iliac_crest_top": ("back", "trunk", True),
    "psis": ("back", "trunk", True),
    "greater_trochanter_back": ("back", "thigh", True),
    "ischial_tuberosity": ("back", "thigh", True),
    "gluteal_fold_mid": ("back", "thigh", True),
    "popliteal_crease_mid": ("back", "leg", True),
    "fibular_head_back": ("back", "leg", True),
    "calf_bellies_end": ("back", "leg", True),
    "lateral_malleolus_back": ("back", "leg", True),
    "medial_malleolus_back": ("back", "leg", True),
    "heel_back": ("back", "leg", True),
    "hand_dorsum_center": ("back", "hand", True),
    "metacarpal_2_3_base": ("back", "hand", True),
    "metacarpal_4_5_base": ("back", "hand", True),
    # front view, midline
    "umbilicus": ("front", "trunk", False),
    "pubic_symphysis": ("front", "trunk", False),
    "xiphoid": ("front", "trunk", False),
    # front view, paired
    "asis": ("front", "trunk", True),
    "greater_trochanter_front": ("front", "thigh", True),
    "inguinal_mid": ("front", "thigh", True),
    "patella_top": ("front", "thigh", True),
    "patella_lower": ("front", "leg", True),
    "tibial_tuberosity": ("front", "leg", True),
    "fibular_head_front": ("front", "leg", True),
    "medial_tibial_condyle": ("front", "leg", True),
    "lateral_malleolus_front": ("front", "leg", True),
    "medial_malleolus_front": ("front", "leg", True),
    "ankle_crease_mid": ("front", "leg", True),
    "metatarsal_1_2_junction": ("front", "foot", True),
    "metatarsal_4_5_junction": ("front", "foot", True),
    "shoulder_top_mid": ("back", "trunk", True),
    "hand_first_web": ("back", "hand", True),
    "metacarpal_5_head_ulnar": ("back", "hand", True),
}

SEGMENTS = ("trunk", "thigh", "leg", "foot", "hand")


def landmark_key(name: str, side: str | None) -> str:
    """The key in landmarks.json: ``name_left`` for paired landmarks, ``name`` otherwise."""
    paired = LANDMARKS[name][2]
    if paired:
        if side not in ("left", "right"):
            raise ValueError(f"landmark {name} is paired: give left or right")
        return f"{name}_{side}"
    return name
