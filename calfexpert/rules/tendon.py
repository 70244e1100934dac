"""Tendon: Achilles tendinopathy and Achilles rupture (AAOS criteria)."""

from __future__ import annotations

from .base import all_of, any_of, is_, no, not_, rule, sign, yes

_TENDINOPATHY = ["brief.2.10", "jospt.achilles_2018"]
_RUPTURE = ["brief.1.3", "brief.2.11", "aaos.achilles_2009", "maffulli.1998"]
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
_THOMPSON = yes("signs.thompson_test_positive")
_GAP = all_of(yes("signs.palpable_gap"), is_("pain.location", "achilles"))
_MATLES = yes("signs.matles_test_positive")
rule("tendon.rupture_aaos_two_criteria",
     any_of(all_of(_THOMPSON, _WEAK), all_of(_THOMPSON, _GAP), all_of(_THOMPSON, _MATLES),
            all_of(_WEAK, _GAP), all_of(_WEAK, _MATLES), all_of(_GAP, _MATLES)),
     title="AAOS: two or more of a positive Thompson test, weak plantarflexion, a palpable gap and increased passive "
           "dorsiflexion (Matles test)",
     sources=_RUPTURE, evidence={"achilles_rupture": 0.9}, alternative="achilles_rupture")
rule("tendon.rupture_matles_positive", _MATLES,
     title="Positive Matles test (the foot hangs more dorsiflexed): sensitivity 0.88, specificity 0.85", sources=_RUPTURE,
     evidence={"achilles_rupture": 0.4})
rule("tendon.rupture_palpable_gap", _GAP,
     title="A gap felt in the Achilles tendon: sensitivity 0.73, specificity 0.89", sources=_RUPTURE,
     evidence={"achilles_rupture": 0.4})
rule("tendon.rupture_snap", yes("pain.pop_or_kick_sensation"), is_("pain.location", "achilles"), is_("pain.onset", "sudden"),
     title="A sudden snap at the back of the ankle, as if kicked", sources=_RUPTURE, evidence={"achilles_rupture": 0.5})
rule("tendon.rupture_weak_push_off_after_snap", yes("pain.pop_or_kick_sensation"), is_("pain.location", "achilles"), _WEAK,
     title="Weak push-off after a snap at the heel (walking does not exclude a rupture)", sources=_RUPTURE,
     evidence={"achilles_rupture": 0.3})
rule("tendon.rupture_against_negative_thompson", no("signs.thompson_test_positive"), not_(yes("signs.palpable_gap")),
     not_(yes("signs.matles_test_positive")), not_(yes("signs.foot_weakness")), not_(no("signs.can_heel_raise")),
     title="A negative Thompson test with no other rupture sign makes a complete rupture less likely (with any positive "
           "sign it does not count against: every rupture in Maffulli's series had two positive tests)",
     sources=_RUPTURE, evidence={"achilles_rupture": -0.5})
rule("tendon.rupture_drug_risk", any_of(yes("medications.fluoroquinolone"), yes("medications.steroid_injection")),
     is_("pain.location", "achilles"), is_("pain.onset", "sudden"),
     title="Sudden Achilles pain after a fluoroquinolone antibiotic or a steroid injection (both weaken the tendon)",
     sources=[*_RUPTURE, "brief.2.10"], evidence={"achilles_rupture": 0.15})
rule("tendon.tendinopathy_drug_risk", any_of(yes("medications.fluoroquinolone"), yes("medications.steroid_injection")),
     is_("pain.location", "achilles"), is_("pain.onset", "gradual"),
     title="Gradual Achilles pain after a fluoroquinolone antibiotic or a steroid injection",
     sources=_TENDINOPATHY, evidence={"achilles_tendinopathy": 0.1})
rule("tendon.rupture_in_acute_injury", sign("acute_injury"), is_("pain.location", "achilles"),
     title="Sudden Achilles pain during a run or at an injury", sources=_RUPTURE, evidence={"achilles_rupture": 0.2})
