"""Skin and infection: cellulitis."""

from __future__ import annotations

from ..knowledge import THRESHOLDS
from .base import any_of, is_, rule, sign, yes

_CELLULITIS = ["brief.4.8", "nice.ng141"]
_RED = any_of(yes("signs.redness"), yes("signs.spreading_redness"))

rule("skin.cellulitis_spreading_red_hot", yes("signs.spreading_redness"), yes("signs.warmth"),
     title="Red, hot skin that is spreading", sources=_CELLULITIS, evidence={"cellulitis": 0.6})
rule("skin.cellulitis_red_hot_swollen", yes("signs.redness"), yes("signs.warmth"),
     is_("signs.swelling", "local", "whole_calf", "entire_leg"),
     title="Red, hot, swollen skin", sources=_CELLULITIS, evidence={"cellulitis": 0.4})
rule("skin.cellulitis_entry_point", yes("signs.skin_wound_or_blister"), _RED,
     title="Redness with a blister, cut or other entry point for infection", sources=_CELLULITIS,
     evidence={"cellulitis": 0.35})
rule("skin.cellulitis_fever", sign("febrile"), _RED,
     title=f"Fever (reported, or {THRESHOLDS['fever']} °C or more) with a red leg", sources=_CELLULITIS, evidence={"cellulitis": 0.35})
rule("skin.cellulitis_clear_alternative_to_dvt", _RED, yes("signs.skin_wound_or_blister"), yes("signs.warmth"),
     title="Spreading red, hot skin from an entry wound: an alternative diagnosis at least as likely as DVT",
     sources=[*_CELLULITIS, "brief.1.1"], alternative="cellulitis")
rule("skin.necrotising_infection_signs", _RED, yes("signs.pain_out_of_proportion"),
     any_of(yes("signs.skin_wound_or_blister"), sign("febrile")),
     title="A red leg with a wound or fever and pain out of proportion (possible necrotising infection)", sources=_CELLULITIS,
     evidence={"cellulitis": 0.3})
