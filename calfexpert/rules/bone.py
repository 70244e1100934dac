"""Bone and shin: stress fracture (tibia, fibula) against medial tibial stress
syndrome, told apart by the length of the tender area (MTSS definition)."""

from __future__ import annotations

from ..knowledge import THRESHOLDS
from .base import any_of, ge, is_, no, rule, yes

_FRACTURE = ["seed.causes.stress_fracture", "brief.2.9"]
_MTSS = ["brief.1.4", "brief.2.12"]

rule("bone.focal_bone_tenderness", yes("signs.tender_bone_spot"),
     title="Pinpoint bone tenderness shorter than 5 cm", sources=[*_FRACTURE, "brief.1.4"],
     evidence={"stress_fracture": 0.5, "medial_tibial_stress_syndrome": -0.3})
rule("bone.hop_pain", yes("pain.hurts_to_hop"),
     title="Hopping on the leg hurts", sources=_FRACTURE, evidence={"stress_fracture": 0.3})
rule("bone.rest_or_night_pain", any_of(yes("pain.at_night"), yes("pain.persists_at_rest")), is_("pain.onset", "gradual"),
     any_of(yes("signs.tender_bone_spot"), yes("pain.hurts_to_hop")),
     title="Gradual bone pain (focal bone tenderness or pain on hopping) that has progressed to pain at rest or at night",
     sources=_FRACTURE,
     evidence={"stress_fracture": 0.3})
rule("bone.gradual_worsening_lower_leg", is_("pain.onset", "gradual"), is_("pain.location", "shin", "lower_calf", "outer_calf"),
     is_("pain.trend", "worsening", "rapidly_worsening"),
     title="A persistent ache in the lower leg that worsens over time (on its own, not enough to suspect a fracture)",
     sources=_FRACTURE, evidence={"stress_fracture": 0.1})
rule("bone.bone_health_risk", any_of(yes("history.low_energy_availability"), yes("history.low_bone_density"),
                                     yes("history.previous_stress_fracture")),
     title="Low energy availability, low bone density or a previous stress fracture",
     sources=[*_FRACTURE, "brief.6.2"], evidence={"stress_fracture": 0.15})
rule("bone.high_mileage", ge(*THRESHOLDS["high_mileage"].at),
     title=f"High weekly distance (more than about {THRESHOLDS['high_mileage']} km)", sources=[*_FRACTURE, "brief.6.2"],
     evidence={"stress_fracture": 0.1})
rule("bone.against_acute_pop", yes("pain.pop_or_kick_sensation"),
     title="An acute pop points away from a bone stress injury", sources=_FRACTURE, evidence={"stress_fracture": -0.3})

rule("bone.mtss_diffuse_shin_tenderness", yes("signs.tender_shin_edge_5cm_or_more"), is_("pain.location", "shin", "inner_calf"),
     title="Diffuse tenderness along the inner shin border over 5 cm or more", sources=_MTSS,
     evidence={"medial_tibial_stress_syndrome": 0.6, "stress_fracture": -0.3})
rule("bone.mtss_exercise_pain_easing", is_("pain.location", "shin"), yes("pain.eases_within_minutes_of_stopping"),
     no("pain.persists_at_rest"),
     title="Shin pain with exercise that eases with rest", sources=_MTSS, evidence={"medial_tibial_stress_syndrome": 0.3})
rule("bone.mtss_no_focal_spot", yes("signs.tender_shin_edge_5cm_or_more"), no("signs.tender_bone_spot"),
     title="Diffuse shin tenderness with no focal bone spot", sources=_MTSS, evidence={"medial_tibial_stress_syndrome": 0.2})
rule("bone.mtss_against_atypical",
     any_of(yes("signs.numbness_or_tingling"), is_("signs.swelling", "local", "whole_calf", "entire_leg"), yes("signs.redness"),
            is_("pain.quality", "cramping", "burning")),
     title="Tingling, swelling, redness or cramping/burning pain points away from MTSS", sources=_MTSS,
     evidence={"medial_tibial_stress_syndrome": -0.3})
