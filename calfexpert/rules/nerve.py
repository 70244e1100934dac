"""Nerve: pain radiated from the lower back (S1 radiculopathy, sciatica)."""

from __future__ import annotations

from .base import any_of, is_, rule, yes

_RADIC = ["seed.causes.radiated", "brief.2.8", "nice.cks_sciatica"]
_FROM_BACK = any_of(yes("pain.radiates_from_back_or_buttock"), yes("history.lower_back_pain"))

rule("nerve.radiates_from_back", yes("pain.radiates_from_back_or_buttock"),
     title="Pain travelling down from the lower back or buttock into the calf", sources=_RADIC,
     evidence={"lumbar_radiculopathy": 0.5})
rule("nerve.shooting_or_burning", is_("pain.quality", "shooting", "burning"), _FROM_BACK,
     title="Shooting or burning pain with back or buttock involvement", sources=_RADIC,
     evidence={"lumbar_radiculopathy": 0.2})
rule("nerve.numbness_with_back_pain", yes("signs.numbness_or_tingling"), _FROM_BACK,
     title="Numbness or tingling with back or buttock pain", sources=_RADIC, evidence={"lumbar_radiculopathy": 0.25})
rule("nerve.straight_leg_raise", yes("signs.straight_leg_raise_positive"),
     title="Positive straight-leg raise", sources=_RADIC, evidence={"lumbar_radiculopathy": 0.4})
rule("nerve.worse_sitting_or_coughing", yes("pain.worse_sitting_or_coughing"),
     title="Worse with sitting, coughing or straining", sources=_RADIC, evidence={"lumbar_radiculopathy": 0.3})
rule("nerve.back_pain", yes("history.lower_back_pain"),
     title="Lower back pain alongside the calf pain", sources=_RADIC, evidence={"lumbar_radiculopathy": 0.15})
rule("nerve.against_local_calf_findings",
     any_of(yes("signs.tender_muscle"), yes("signs.bruising"), is_("signs.swelling", "local", "whole_calf", "entire_leg")),
     title="Focal calf tenderness, bruising or swelling points away from referred pain", sources=_RADIC,
     evidence={"lumbar_radiculopathy": -0.2})
rule("nerve.against_only_while_running", yes("pain.eases_within_minutes_of_stopping"),
     title="Pain only while running, gone at rest, points away from a nerve root", sources=_RADIC,
     evidence={"lumbar_radiculopathy": -0.2})
rule("nerve.ankle_reflex_reduced", yes("signs.ankle_reflex_reduced"),
     title="Reduced or absent ankle reflex (S1 root)", sources=_RADIC, evidence={"lumbar_radiculopathy": 0.3})
rule("nerve.both_legs_from_back", yes("signs.neurological_signs_both_legs"), _FROM_BACK,
     title="Nerve symptoms in both legs with back or buttock pain", sources=[*_RADIC, "girft.cauda_equina"],
     evidence={"lumbar_radiculopathy": 0.3})
