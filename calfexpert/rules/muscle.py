"""Muscle: calf strain (gastrocnemius and soleus patterns), complete tear,
exercise-associated cramp, delayed-onset soreness and exertional
rhabdomyolysis."""

from __future__ import annotations

from ..knowledge import THRESHOLDS
from .base import all_of, any_of, ge, gt, is_, le, lt, no, not_, rule, sign, yes

_CALF = ("calf_belly", "inner_calf", "outer_calf", "lower_calf")
_STRAIN = ["seed.causes.strain", "brief.2.1"]
_TEAR = ["seed.causes.strain", "brief.2.2"]
_CRAMP = ["seed.causes.cramps", "brief.2.3"]
_DOMS = ["brief.2.4"]
_RHABDO = ["brief.4.9"]

# --- Calf strain. -------------------------------------------------------------------------------
rule("muscle.strain_sudden_sharp", sign("acute_injury"), is_("pain.location", *_CALF), is_("pain.quality", "sharp", "tightness"),
     title="Sudden sharp pain or pulling in the calf during a run (gastrocnemius pattern)",
     sources=_STRAIN, evidence={"calf_strain": 0.6})
rule("muscle.strain_pop", yes("pain.pop_or_kick_sensation"), is_("pain.location", *_CALF),
     title="A pop, or the feeling of being kicked, in the calf muscle", sources=_STRAIN, evidence={"calf_strain": 0.3})
rule("muscle.strain_soleus_gradual", is_("pain.onset", "gradual"), is_("pain.started", "during_run"),
     is_("pain.quality", "tightness", "dull_ache"), is_("pain.location", "calf_belly", "lower_calf", "outer_calf"),
     title="Tightness building during a (long) run, deeper and lower in the calf (soleus pattern)",
     sources=_STRAIN, evidence={"calf_strain": 0.5})
rule("muscle.strain_tender_muscle", yes("signs.tender_muscle"),
     title="Tender in the muscle belly or the muscle-tendon junction", sources=_STRAIN, evidence={"calf_strain": 0.3})
rule("muscle.strain_previous_injury", yes("history.previous_calf_injury"), is_("pain.location", *_CALF),
     title="A previous calf strain (the strongest predictor of another)", sources=["seed.causes.previous_injury", "brief.2.7"],
     evidence={"calf_strain": 0.15})
rule("muscle.strain_against_achilles_only", is_("pain.location", "achilles"), not_(is_("pain.location", "calf_belly")),
     not_(is_("pain.location", "inner_calf")),
     title="Pain at the Achilles tendon rather than in the muscle points away from a strain",
     sources=_STRAIN, evidence={"calf_strain": -0.4})
rule("muscle.strain_against_delayed_bilateral", is_("pain.side", "both"), is_("pain.started", "day_after_run"),
     title="Soreness in both calves starting the day after points away from a strain", sources=_STRAIN + _DOMS,
     evidence={"calf_strain": -0.4})

rule("muscle.strain_against_exertional_pattern", sign("exertional_pattern"),
     title="Pain that comes at the same point of every run and goes within minutes of stopping is not a strain",
     sources=[*_STRAIN, "brief.4.3"], evidence={"calf_strain": -0.4})
rule("muscle.strain_against_bone_signs", any_of(yes("signs.tender_bone_spot"), yes("pain.hurts_to_hop")),
     title="Focal bone tenderness or pain on hopping points away from a muscle strain (think bone stress)",
     sources=[*_STRAIN, "brief.2.9"], evidence={"calf_strain": -0.3})

# --- Complete tear. -----------------------------------------------------------------------------
rule("muscle.tear_palpable_gap", sign("acute_injury"), yes("signs.palpable_gap"), is_("pain.location", *_CALF),
     title="A palpable gap in the calf muscle after a sudden injury", sources=_TEAR, evidence={"calf_tear": 0.7})
rule("muscle.tear_no_heel_raise", sign("acute_injury"), no("signs.can_heel_raise"), is_("pain.location", *_CALF),
     title="Cannot rise onto the toes after a sudden calf injury (also seen in grade 2 strains)", sources=_TEAR,
     evidence={"calf_tear": 0.2})
rule("muscle.tear_against_no_gap", no("signs.palpable_gap"), sign("acute_injury"),
     title="No gap felt in the muscle points away from a complete tear", sources=_TEAR, evidence={"calf_tear": -0.3})
rule("muscle.tear_no_weight_bearing", sign("acute_injury"), no("signs.can_bear_weight"), is_("pain.location", *_CALF),
     title="Cannot bear weight after a sudden calf injury", sources=_TEAR, evidence={"calf_tear": 0.3})
rule("muscle.tear_severe_with_bruising", sign("acute_injury"), ge("pain.severity", 8), yes("signs.bruising"),
     title="Severe immediate pain with bruising", sources=_TEAR, evidence={"calf_tear": 0.3})
rule("muscle.tear_clear_alternative_to_dvt", yes("pain.pop_or_kick_sensation"), yes("signs.palpable_gap"),
     sign("acute_injury"), is_("pain.location", *_CALF),
     title="An abrupt pop during a run with a focal muscle defect: a clear alternative to DVT",
     sources=[*_TEAR, "brief.1.1"], alternative="calf_tear")

# --- Cramp. -------------------------------------------------------------------------------------
rule("muscle.cramp_spasm", yes("pain.involuntary_spasm"),
     title="The muscle locked in a hard, visible knot", sources=_CRAMP, evidence={"muscle_cramp": 0.6})
rule("muscle.cramp_eased_by_stretching", yes("pain.eased_by_stretching"),
     title="Released within minutes by gentle stretching", sources=_CRAMP, evidence={"muscle_cramp": 0.4})
rule("muscle.cramp_sudden_cramping", is_("pain.quality", "cramping"), is_("pain.onset", "sudden"),
     is_("pain.started", "during_run", "after_run"),
     title="Sudden cramping pain during or just after a run", sources=_CRAMP, evidence={"muscle_cramp": 0.3})
rule("muscle.cramp_history", yes("history.history_of_cramps"),
     title="A personal history of cramping (an independent predictor)", sources=_CRAMP, evidence={"muscle_cramp": 0.15})
rule("muscle.cramp_long_or_hot_run", yes("history.long_or_hot_run"), yes("pain.involuntary_spasm"),
     title="Cramp late in a long or hot run or race", sources=_CRAMP, evidence={"muscle_cramp": 0.1})
rule("muscle.cramp_faster_pace", yes("history.faster_than_usual_pace"),
     any_of(yes("pain.involuntary_spasm"), is_("pain.quality", "cramping")),
     title="Cramp while running faster than usual (an independent predictor in 210 Ironman athletes)", sources=_CRAMP,
     evidence={"muscle_cramp": 0.15})
rule("muscle.cramp_against_persisting", yes("pain.persists_at_rest"), ge("pain.days_since_onset", 1),
     title="Pain that persists after the cramp has gone points away from a simple cramp",
     sources=_CRAMP, evidence={"muscle_cramp": -0.4})
rule("muscle.cramp_against_defect_or_swelling",
     any_of(yes("signs.palpable_gap"), is_("signs.swelling", "whole_calf", "entire_leg"), yes("signs.dark_urine")),
     title="A focal defect, swelling or dark urine points away from a simple cramp",
     sources=_CRAMP, evidence={"muscle_cramp": -0.5})

# --- DOMS. --------------------------------------------------------------------------------------
rule("muscle.doms_delayed_both_calves", is_("pain.side", "both"), is_("pain.started", "day_after_run"),
     title="Aching in both calves that started the day after running", sources=_DOMS, evidence={"doms": 0.6})
rule("muscle.doms_unaccustomed_work",
     any_of(yes("history.unaccustomed_session"), yes("history.switched_to_minimalist_or_forefoot")),
     is_("pain.started", "after_run", "day_after_run"),
     title="Soreness after unaccustomed, downhill or eccentric work (or a first run in minimalist shoes)",
     sources=_DOMS, evidence={"doms": 0.3})
rule("muscle.doms_dull_gradual", is_("pain.quality", "dull_ache", "tightness"), is_("pain.onset", "gradual"),
     is_("pain.started", "day_after_run"),
     title="A diffuse dull ache building over the day after", sources=_DOMS, evidence={"doms": 0.2})
rule("muscle.doms_against_pop", yes("pain.pop_or_kick_sensation"),
     title="A pop during the run points away from soreness", sources=_DOMS, evidence={"doms": -0.5})
rule("muscle.doms_against_one_sided_swelling", sign("unilateral"), is_("signs.swelling", "whole_calf", "entire_leg"),
     title="One-sided swelling points away from soreness (think DVT)", sources=_DOMS, evidence={"doms": -0.5})
rule("muscle.doms_against_disproportionate", any_of(yes("signs.pain_out_of_proportion"), ge("pain.severity", 8)),
     title="Soreness far worse than expected points away from DOMS (think rhabdomyolysis)", sources=[*_DOMS, "brief.4.9"],
     evidence={"doms": -0.5})
rule("muscle.doms_against_swelling", is_("signs.swelling", "local", "whole_calf", "entire_leg"),
     title="Swollen calves point away from ordinary soreness", sources=_DOMS, evidence={"doms": -0.3})
rule("muscle.doms_against_dark_urine", yes("signs.dark_urine"),
     title="Dark urine points away from ordinary soreness (think rhabdomyolysis)", sources=_DOMS, evidence={"doms": -0.6})
rule("muscle.doms_against_lasting", any_of(gt(*THRESHOLDS["doms_lasting_days"].at),
                                           all_of(ge(*THRESHOLDS["doms_worsening_days"].at),
                                                  is_("pain.trend", "worsening", "rapidly_worsening"))),
     title=f"Soreness still getting worse after {THRESHOLDS['doms_worsening_days']} days, or lasting beyond "
           f"{THRESHOLDS['doms_lasting_days']:weeks}, is not DOMS",
     sources=_DOMS, evidence={"doms": -0.5})

# --- Exertional rhabdomyolysis. -----------------------------------------------------------------
rule("muscle.rhabdo_dark_urine", yes("signs.dark_urine"),
     title="Dark (tea or cola coloured) or reduced urine with muscle pain", sources=_RHABDO,
     evidence={"exertional_rhabdomyolysis": 0.7})
rule("muscle.rhabdo_disproportionate_after_effort", yes("signs.pain_out_of_proportion"),
     any_of(yes("history.unaccustomed_session"), yes("history.long_or_hot_run")),
     title="Muscle pain far beyond the expected soreness after an extreme or unaccustomed effort",
     sources=_RHABDO, evidence={"exertional_rhabdomyolysis": 0.4})
rule("muscle.rhabdo_severe_both_after_effort", is_("pain.side", "both"), ge("pain.severity", 8),
     any_of(yes("history.unaccustomed_session"), yes("history.long_or_hot_run")),
     title="Severe pain in both calves after an extreme effort", sources=_RHABDO,
     evidence={"exertional_rhabdomyolysis": 0.3})
rule("muscle.rhabdo_swollen_after_effort", is_("signs.swelling", "whole_calf", "entire_leg"),
     any_of(yes("history.unaccustomed_session"), yes("history.long_or_hot_run")), ge("pain.severity", 7),
     title="Swollen, very painful muscles after an extreme or unaccustomed effort", sources=_RHABDO,
     evidence={"exertional_rhabdomyolysis": 0.3})
_CK = THRESHOLDS["ck_raised"]
rule("muscle.rhabdo_ck_raised", ge(*_CK.at),
     title=f"CK {_CK} U/L or more (about 5 times the upper limit of normal) with muscle pain", sources=_CK.sources,
     evidence={"exertional_rhabdomyolysis": 0.5})
rule("muscle.rhabdo_against_ck_normal", lt(*_CK.at), no("signs.dark_urine"),
     title=f"CK below {_CK} U/L with normal urine points away from rhabdomyolysis", sources=_CK.sources,
     evidence={"exertional_rhabdomyolysis": -0.4})
rule("muscle.rhabdo_nsaids_during_run", yes("medications.nsaids_during_run"), yes("history.long_or_hot_run"),
     any_of(yes("signs.pain_out_of_proportion"), yes("signs.dark_urine"), ge("pain.severity", 7)),
     title="Anti-inflammatories taken during a long or hot run, with severe muscle pain (kidney injury risk)",
     sources=[*_RHABDO, "brief.7.2"], evidence={"exertional_rhabdomyolysis": 0.15})
rule("muscle.rhabdo_statin", yes("medications.statin"),
     any_of(yes("signs.pain_out_of_proportion"), yes("signs.dark_urine"), ge("pain.severity", 7)),
     title="Severe muscle pain while taking a statin (statins add to the risk of muscle breakdown)", sources=_RHABDO,
     evidence={"exertional_rhabdomyolysis": 0.15})
rule("muscle.rhabdo_cramps_with_fever", any_of(yes("pain.involuntary_spasm"), is_("pain.quality", "cramping")),
     sign("febrile"), not_(yes("pain.eased_by_stretching")),
     title="Cramps that do not release, with a fever: heat illness and rhabdomyolysis must be considered",
     sources=[*_RHABDO, "brief.2.3"], evidence={"exertional_rhabdomyolysis": 0.2})
rule("muscle.rhabdo_against_mild", le("pain.severity", 4), no("signs.dark_urine"),
     title="Mild soreness with normal urine points away from rhabdomyolysis", sources=_RHABDO,
     evidence={"exertional_rhabdomyolysis": -0.5})
