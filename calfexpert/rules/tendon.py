"""Tendon: Achilles tendinopathy and Achilles rupture (AAOS criteria)."""

from __future__ import annotations

from .base import all_of, any_of, is_, no, not_, rule, sign, yes

_TENDINOPATHY = ["brief.2.10"]
_RUPTURE = ["brief.1.3", "brief.2.11"]
_WEAK = any_of(no("signs.can_heel_raise"), yes("signs.foot_weakness"))

rule("tendon.tendinopathy_gradual_achilles", is_("pain.location", "achilles"), is_("pain.onset", "gradual"),
     title="Gradual pain in the Achilles tendon", sources=_TENDINOPATHY, evidence={"achilles_tendinopathy": 0.4})
rule("tendon.tendinopathy_morning_stiffness", yes("pain.morning_stiffness"), is_("pain.location", "achilles"),
     title="Morning or start-up stiffness of the tendon", sources=_TENDINOPATHY, evidence={"achilles_tendinopathy": 0.25})
rule("tendon.tendinopathy_thickened_tender", any_of(yes("signs.thickened_achilles"), yes("signs.tender_achilles")),
     not_(yes("signs.thompson_test_positive")),
     title="A thickened or tender Achilles tendon", sources=_TENDINOPATHY, evidence={"achilles_tendinopathy": 0.3})
rule("tendon.tendinopathy_against_snap", yes("pain.pop_or_kick_sensation"), is_("pain.location", "achilles"),
     title="A sudden snap points away from tendinopathy (think rupture)", sources=_TENDINOPATHY,
     evidence={"achilles_tendinopathy": -0.5})

rule("tendon.rupture_thompson_positive", yes("signs.thompson_test_positive"),
     title="Positive Thompson (calf-squeeze) test: sensitivity 0.96, specificity 0.93", sources=_RUPTURE,
     evidence={"achilles_rupture": 0.8})
rule("tendon.rupture_aaos_two_criteria",
     any_of(all_of(yes("signs.thompson_test_positive"), _WEAK),
            all_of(yes("signs.thompson_test_positive"), yes("signs.palpable_gap"), is_("pain.location", "achilles")),
            all_of(_WEAK, yes("signs.palpable_gap"), is_("pain.location", "achilles"))),
     title="AAOS: two or more of a positive Thompson test, weak plantarflexion and a palpable gap",
     sources=_RUPTURE, evidence={"achilles_rupture": 0.9}, alternative="achilles_rupture")
rule("tendon.rupture_snap", yes("pain.pop_or_kick_sensation"), is_("pain.location", "achilles"), is_("pain.onset", "sudden"),
     title="A sudden snap at the back of the ankle, as if kicked", sources=_RUPTURE, evidence={"achilles_rupture": 0.5})
rule("tendon.rupture_weak_push_off_after_snap", yes("pain.pop_or_kick_sensation"), is_("pain.location", "achilles"), _WEAK,
     title="Weak push-off after a snap at the heel (walking does not exclude a rupture)", sources=_RUPTURE,
     evidence={"achilles_rupture": 0.3})
rule("tendon.rupture_against_negative_thompson", no("signs.thompson_test_positive"),
     title="A negative Thompson test makes a complete rupture unlikely", sources=_RUPTURE,
     evidence={"achilles_rupture": -0.7})
rule("tendon.rupture_in_acute_injury", sign("acute_injury"), is_("pain.location", "achilles"),
     title="Sudden Achilles pain during a run or at an injury", sources=_RUPTURE, evidence={"achilles_rupture": 0.2})
