"""Why the numbers are what they are: for a clinician reviewing the knowledge base.

* :data:`TEST_ACCURACY`: the accuracy of the clinical tests and scores the case format records,
  with the study it comes from (a figure only where a source gives one);
* :data:`CF_BANDS`: what a certainty factor of each size means, the scale every rule's weight was
  chosen on;
* :data:`CF_REASONS`: the reason for a particular rule's weight, where there is more to say than
  its band (a test's accuracy, a caveat from the brief, a known disagreement);
* :data:`THRESHOLD_REASONS`: why a condition is suspected at 0.30, and a never-miss one at 0.15;
* :data:`EXAMINATION`: which case fields need an examiner, a tape measure or a test report, and
  how a runner on their own should answer them.

These are tables of text and figures, not logic: nothing here changes an answer.  The
documentation generator (``docs/gen_pages.py``) joins them to the rule registry, so a rule that
reads a test's field shows that test's accuracy, and a rule without an entry in
:data:`CF_REASONS` shows the meaning of its band.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TestAccuracy:
    """A clinical test or score: its accuracy where a source measured it."""

    __test__ = False  # not a pytest test class

    id: str
    name: str
    fields: tuple[str, ...]
    """The case fields that record its result (empty: not in the case format yet)."""
    sensitivity: float | None
    specificity: float | None
    study: str
    """Where the figures come from, and the population they were measured in."""
    note: str
    sources: tuple[str, ...]
    match_all: bool = False
    """A rule uses the test when it reads any of ``fields``; with ``match_all``, only when it reads all of them (a score)."""

    @property
    def lr_positive(self) -> float | None:
        """Positive likelihood ratio, sensitivity / (1 - specificity)."""
        if self.sensitivity is None or self.specificity is None or self.specificity >= 1:
            return None
        return round(self.sensitivity / (1 - self.specificity), 1)

    @property
    def lr_negative(self) -> float | None:
        """Negative likelihood ratio, (1 - sensitivity) / specificity."""
        if self.sensitivity is None or self.specificity is None or self.specificity <= 0:
            return None
        return round((1 - self.sensitivity) / self.specificity, 2)


TEST_ACCURACY: dict[str, TestAccuracy] = {t.id: t for t in (
    TestAccuracy(
        "thompson", "Thompson (Simmonds) calf-squeeze test", ("signs.thompson_test_positive",), 0.96, 0.93,
        "Maffulli 1998: 174 Achilles ruptures and 28 controls, examined by clinicians.",
        "The most accurate single test for a complete Achilles rupture, but it still misses about 1 rupture in 25; "
        "every rupture in the study had at least two positive tests, so a negative squeeze does not clear a snap with a gap "
        "or weak push-off. A squeeze done by an untrained person is less reliable than these figures.",
        ("brief.1.3",)),
    TestAccuracy(
        "palpable_gap", "Palpable gap in the Achilles tendon", ("signs.palpable_gap",), 0.73, 0.89,
        "Maffulli 1998 (as above).",
        "Specific but misses a quarter of ruptures (swelling fills the gap within hours). The same field records a gap in the "
        "calf muscle, where no accuracy figure is known.",
        ("brief.1.3",)),
    TestAccuracy(
        "matles", "Matles test (foot hangs more dorsiflexed, prone, knee bent to 90°)", ("signs.matles_test_positive",), 0.88, 0.85,
        "Maffulli 1998 (as above).",
        "The fourth AAOS criterion (increased passive dorsiflexion), in the case format as signs.matles_test_positive.",
        ("brief.1.3",)),
    TestAccuracy(
        "aaos_two_criteria", "AAOS: two or more of Thompson, weak plantarflexion, gap, increased dorsiflexion",
        ("signs.thompson_test_positive", "signs.palpable_gap", "signs.can_heel_raise", "signs.foot_weakness",
         "signs.matles_test_positive"), None, None,
        "AAOS guideline 2009, reaffirmed 2014 (consensus, not an accuracy study).",
        "Every rupture in Maffulli 1998 had at least two positive tests; the guideline diagnoses a rupture on two. A "
        "combination of the fields above rather than one field: see the rules that apply it.",
        ("brief.1.3", "brief.2.11"), match_all=True),
    TestAccuracy(
        "wells", "Wells DVT score (NICE two-level, Wells 2003)",
        ("history.active_cancer", "history.leg_immobilized", "history.bedridden_days", "history.surgery_weeks_ago",
         "signs.tender_along_deep_veins", "signs.swelling", "signs.calf_swelling_difference_cm", "signs.pitting_edema",
         "signs.collateral_superficial_veins", "history.previous_dvt_or_pe"),
        None, None,
        "Wells 1997 (Lancet 350:1795): DVT in about 3% of low, 17% of moderate and 75% of high pretest probability; "
        "validated in general outpatients, not athletes.",
        "A pretest probability, not a test: 'unlikely' (1 or less) still leaves a few per cent, so it excludes nothing without a "
        "negative D-dimer, and only when the examination items were actually assessed. Athletes' risks (travel, hormones, "
        "dehydration) are not Wells items.",
        ("brief.1.1", "brief.3"), match_all=True),
    TestAccuracy(
        "d_dimer", "D-dimer blood test", ("measurements.d_dimer",), None, None,
        "No figure in the brief; the accuracy depends on the assay.",
        "Sensitive but not specific: raised after exercise, injury, pregnancy and a ruptured Baker's cyst. NICE uses a negative "
        "result to exclude DVT only with an 'unlikely' Wells score; with 'likely' it decides whether a negative scan is repeated.",
        ("brief.1.1", "brief.4.5")),
    TestAccuracy(
        "dvt_ultrasound", "Leg-vein (duplex) ultrasound", ("measurements.dvt_ultrasound",), None, None,
        "No figure in the brief.",
        "The test that confirms a DVT. A proximal scan does not image the calf veins: NICE NG158 repeats it at 6-8 days when "
        "Wells is 'likely' and the D-dimer is positive. It is also the only test that separates a ruptured Baker's cyst from "
        "a DVT (they can coexist).",
        ("brief.1.1", "brief.4.5")),
    TestAccuracy(
        "abi", "Resting ankle-brachial index", ("measurements.ankle_brachial_index",), None, None,
        "Conventional diagnostic threshold below about 0.9; the brief could not confirm the wording in NICE CG147.",
        "A resting ABI can be normal in popliteal artery entrapment (pressures fall only with plantarflexion) and is falsely "
        "high (above about 1.4) when arteries are stiff, as in diabetes.",
        ("brief.4.6", "brief.4.4")),
    TestAccuracy(
        "pedowitz", "Pedowitz intracompartmental pressures", (
            "measurements.compartment_pressure_mmhg.pre_exercise", "measurements.compartment_pressure_mmhg.one_min_post",
            "measurements.compartment_pressure_mmhg.five_min_post"), None, None,
        "Pedowitz 1990; referral cohorts of 730, 864 and 1,411 patients (about 42%, 51% and 49% confirmed).",
        "Diagnostic only with a compatible exertional history: pressures in healthy legs overlap the thresholds, and the "
        "posterior and lateral compartments run lower than the anterior.",
        ("brief.1.2", "brief.4.3")),
    TestAccuracy(
        "straight_leg_raise", "Straight-leg raise", ("signs.straight_leg_raise_positive",), None, None,
        "No figure in the brief.",
        "Supports S1 radiculopathy; the crossed straight-leg raise is more specific. It needs an examiner.",
        ("brief.2.8",)),
    TestAccuracy(
        "mtss_5cm", "Length of shin-border tenderness (5 cm rule)",
        ("signs.tender_shin_edge_5cm_or_more", "signs.tender_bone_spot"), None, None,
        "Winters et al., BJSM 2017 (a reliability study of the MTSS definition).",
        "Tenderness along 5 cm or more of the inner shin border defines MTSS; a shorter, focal spot points to a stress fracture.",
        ("brief.1.4",)),
)}


@dataclass(frozen=True)
class CfBand:
    """What a certainty factor of a given size means, for evidence for a condition and against it."""

    low: float
    """The band holds certainty factors whose size (absolute value) is at least this."""
    label: str
    for_meaning: str
    against_meaning: str


CF_BANDS: tuple[CfBand, ...] = (
    CfBand(0.9, "decisive",
           "A confirming test result, or a validated diagnostic criterion met (an ultrasound showing a clot; two AAOS criteria).",
           "A test result that excludes the condition in the circumstances the guideline allows."),
    CfBand(0.7, "strong",
           "A specific sign (specificity around 0.85 or more in a study, or a combination the brief treats as characteristic).",
           "A specific test that is negative, or a finding the brief says excludes the condition in most cases."),
    CfBand(0.5, "moderate",
           "The brief's key discriminating finding for the condition (its summary table, §10), on its own.",
           "A finding the brief lists as pointing away (↓) that is hard to reconcile with the condition."),
    CfBand(0.3, "supporting",
           "A typical feature the brief lists as pointing towards it (↑) that other conditions share.",
           "A finding the brief lists as pointing away (↓), which the condition can still show."),
    CfBand(0.15, "weak",
           "A risk factor, or a non-specific feature that only adds to other evidence.",
           "A finding that points partly away (the brief: 'only partly')."),
    CfBand(0.0, "modifier",
           "A contributing factor or a reminder to keep the condition in mind; never enough on its own.",
           "A slight counterweight."),
)
"""From the strongest band down.  The weights are clinical judgement on this scale, not fitted likelihood ratios."""


def cf_band(cf: float) -> CfBand:
    """The band a certainty factor falls in."""
    size = abs(cf)
    return next(band for band in CF_BANDS if size >= band.low - 1e-9)


CF_REASONS: dict[str, str] = {
    # Achilles rupture.
    "tendon.rupture_thompson_positive":
        "Calf squeeze sensitivity 0.96, specificity 0.93 (LR+ about 14); the brief's §5 makes a positive Thompson test urgent on its own.",
    "tendon.rupture_aaos_two_criteria":
        "The AAOS diagnostic rule: two or more criteria diagnose a rupture, and every rupture in Maffulli 1998 had two.",
    "tendon.rupture_snap":
        "A snap at the heel 'as if kicked' is the classic history (§2.11) and a same-day sign in the safety-net (§7.6).",
    "tendon.rupture_weak_push_off_after_snap":
        "Weak plantarflexion is an AAOS criterion; walking or weak pointing of the foot does not exclude a rupture (§1.3).",
    "tendon.rupture_against_negative_thompson":
        "A negative squeeze test (LR− about 0.04 in expert hands) makes a complete rupture unlikely, but not impossible: "
        "with a snap and a gap or weak push-off, the brief still asks for same-day assessment (§1.3, §2.11).",
    # DVT and PE.
    "vascular.dvt_ultrasound_positive": "An ultrasound showing a clot confirms the DVT (§1.1, §4.1).",
    "scores.ultrasound_negative_not_enough":
        "NICE NG158: with Wells 'likely' (or the leg not examined) one negative proximal scan lowers a DVT but does not exclude "
        "it: a D-dimer follows, and a positive one means a repeat scan at 6-8 days; a proximal scan does not image the calf veins.",
    "scores.ultrasound_negative_wells_unlikely":
        "NICE NG158 'DVT unlikely' arm: a negative scan after a positive D-dimer ends the work-up; only with the Wells "
        "examination items assessed.",
    "scores.ultrasound_and_d_dimer_negative":
        "NICE NG158 'DVT likely' arm: a negative proximal scan and a negative D-dimer end the work-up.",
    "scores.ultrasound_negative_d_dimer_positive":
        "NICE NG158: a negative scan with a positive D-dimer is repeated 6-8 days later, so the DVT stays in the differential.",
    "vascular.dvt_risk_with_one_sided_calf_pain":
        "A DVT risk factor puts DVT in the differential of one-sided calf pain even when a strain is likely (§0.3, §3; the "
        "JOSPT 2011 runner); a weak weight that reaches only the never-miss threshold.",
    "vascular.dvt_source_of_pe": "A pulmonary embolism usually comes from a leg DVT; kept in the differential beside a suspected PE.",
    "vascular.dvt_red_swollen_calf_mimic": "Cellulitis and DVT look alike; a wound makes cellulitis likely but does not exclude a clot.",
    "compartment.acs_tense_compartment": "A tense, woody compartment on its own is an early sign: never wait for a second one (BOAST 10, §1.5).",
    "compartment.acs_pain_on_passive_stretch": "BOAST 10 names pain on passive movement a key early finding on its own.",
    "compartment.acs_out_of_proportion_not_settling":
        "Pain out of proportion is the classic first sign (BOAST 10); in both calves after an extreme effort think rhabdomyolysis.",
    "tendon.rupture_matles_positive": "Matles test sensitivity 0.88, specificity 0.85 (Maffulli 1998); the fourth AAOS criterion.",
    "tendon.rupture_palpable_gap": "A palpable gap: sensitivity 0.73, specificity 0.89 (Maffulli 1998).",
    "vascular.pad_incompressible_abi":
        "AHA 2012: an ABI above 1.40 means non-compressible arteries, common with diabetes; not normal, a toe-brachial index is needed.",
    "muscle.rhabdo_ck_raised": "CK of 5-10 times the upper limit of normal is the laboratory picture of rhabdomyolysis (§4.9).",
    "scores.wells_dvt_likely":
        "Wells 2 or more is NICE's 'DVT likely' arm (same-day scan); in the 1997 cohort DVT was found in 17-75% above the low band.",
    "scores.d_dimer_negative_wells_unlikely":
        "NICE NG158: with 'DVT unlikely' on Wells, a negative D-dimer ends the DVT work-up. It excludes only when the Wells "
        "examination items were actually assessed; an unknown item is not a zero.",
    "vascular.dvt_d_dimer_positive": "A D-dimer is sensitive but not specific: raised after races, injuries and a cyst rupture (§1.1, §4.5).",
    "vascular.dvt_one_sided_leg_signs": "One-sided swelling, pitting oedema and deep-vein tenderness are Wells items (§1.1) and the brief's first ↑ (§4.1).",
    "vascular.dvt_risk_with_leg_signs":
        "Travel, hormones and pregnancy are not Wells items, but the brief says they should raise DVT and keep the triage at urgent "
        "with DVT-like leg signs (§3).",
    "vascular.dvt_strain_getting_worse":
        "The runner's DVT is classically first labelled a strain that gets worse instead of better (§0.3, JOSPT 2011 case).",
    "vascular.dvt_with_superficial_thrombophlebitis": "A DVT coexists with superficial thrombophlebitis in 6-44% of cases (§4.7).",
    "vascular.dvt_against_both_legs": "Both legs equally affected points only partly away from a DVT (§4.1 '↓ only partly').",
    "vascular.dvt_against_improving": "Steady improvement points only partly away from a DVT (§4.1 '↓ only partly').",
    "vascular.pe_symptoms":
        "Breathlessness, pleuritic chest pain or coughing blood in a runner with calf pain is an emergency until a PE is excluded (§4.1, §5).",
    "vascular.pe_with_dvt_signs": "Chest symptoms with DVT-like leg signs: the clot has plausibly travelled (§4.1).",
    # Acute compartment syndrome.
    "compartment.acs_tense_out_of_proportion":
        "The two earliest signs together; the brief says act on early signs and never wait for the late ones (§1.5).",
    "compartment.acs_passive_stretch": "Pain on passive stretch is an early sign (§1.5).",
    "compartment.acs_possible_after_major_tear":
        "A big tear can bleed into the compartment (§2.2); a reminder weight so that it is listed, not a diagnosis.",
    "compartment.acs_against_eases_quickly":
        "Pain that resolves within minutes of stopping is the chronic exertional pattern, not the acute form (§4.2 ↓).",
    # CECS.
    "compartment.pedowitz_positive":
        "Pedowitz criteria are diagnostic with a compatible history (§1.2); their validity is debated, hence strong, not decisive.",
    "compartment.pedowitz_negative": "Every pressure below its threshold lowers CECS; normal values overlap, so it does not exclude.",
    # Arterial.
    "vascular.pad_low_abi": "A resting ABI below about 0.9 is the conventional diagnostic threshold for PAD (§4.6).",
    "vascular.pad_against_normal_abi":
        "A normal resting ABI points away from PAD, but only up to about 1.4: above that the arteries are incompressible and the "
        "value is unreliable (diabetes).",
    "vascular.paes_against_older": "Entrapment is a condition of young athletes; over 50 with risk factors, think PAD (§4.4 ↓).",
    # Stress fracture and MTSS.
    "bone.focal_bone_tenderness": "Focal tenderness under 5 cm is the brief's discriminator between a stress fracture and MTSS (§1.4).",
    "bone.mtss_diffuse_shin_tenderness": "Tenderness over 5 cm or more is the MTSS definition (Winters 2017, §1.4).",
    # Others.
    "muscle.rhabdo_dark_urine": "Dark or reduced urine after exertion is the defining red flag of rhabdomyolysis (§4.9, §5).",
    "muscle.cramp_spasm": "A visible, palpable hard muscle is the defining feature of an exercise-associated cramp (§2.3).",
    "muscle.cramp_history": "A personal history of cramping was one of only two independent predictors in 210 Ironman athletes (§2.3).",
    "muscle.strain_previous_injury": "A previous calf strain is, with age, the strongest predictor of another (§2.7, §6.3).",
    "muscle.doms_delayed_both_calves": "Both calves, starting the day after, is the DOMS time course (§2.4).",
    "skin.cellulitis_spreading_red_hot": "Red, hot, spreading skin is the defining picture of cellulitis (§4.8).",
    "vascular.bakers_crescent_bruise": "The crescent sign is not a DVT feature (§4.5), but it does not exclude a coexisting DVT.",
    "vascular.stp_cord": "A red, tender, hard cord along a surface vein is the defining sign (§4.7).",
}
"""Rule id -> the reason for its certainty factor, where there is more to say than its band."""


@dataclass(frozen=True)
class ThresholdReason:
    kind: str
    """``never_miss`` or ``other``."""
    reason: str
    sources: tuple[str, ...]


THRESHOLD_REASONS: dict[str, ThresholdReason] = {r.kind: r for r in (
    ThresholdReason(
        "other",
        "A condition is suspected once the evidence amounts to one supporting finding (a typical feature the brief lists with ↑, "
        "weight 0.30) or two weak ones (0.20 and 0.20 combine to 0.36). A single risk factor or modifier is never enough, so a "
        "benign condition does not appear in the differential, with its advice, on a contributing factor alone.",
        ("brief.0",)),
    ThresholdReason(
        "never_miss",
        "The cost of the two errors is not the same: missing a DVT, a PE, a compartment syndrome, a rupture or a spreading "
        "infection can cost a life or a limb, while suspecting one costs a same-day assessment. So a dangerous condition is "
        "suspected at half the usual threshold: one weak finding (a DVT risk factor with a 'strain' that is getting worse) "
        "is enough to list it, to demand its triage level and to withhold the advice that is unsafe with it. The brief's "
        "figures show why a low bar is needed: a 'DVT unlikely' Wells score still carries about 3% DVT, 6% of clinically "
        "suspected tennis legs had a DVT on ultrasound, and about 20% of Achilles ruptures are missed at first presentation.",
        ("brief.0", "brief.1.1", "brief.2.11", "brief.4.1")),
)}


@dataclass(frozen=True)
class ExamField:
    """Who can answer a case field, and how a runner on their own should answer it."""

    who: str
    """``examiner`` (a clinician's examination), ``self_check`` (a runner can check it as described),
    ``measured`` (a tape measure or thermometer) or ``test_report`` (a test result)."""
    how: str


EXAMINATION_WHO: dict[str, str] = {
    "examiner": "needs a clinician's examination",
    "self_check": "a runner can check it as described",
    "measured": "needs a measurement",
    "test_report": "only from a test report",
}

_LEAVE = "On your own, leave it out (unknown) unless a clinician examined it; never answer false because you could not tell."

EXAMINATION: dict[str, ExamField] = {
    "signs.matles_test_positive": ExamField(
        "examiner", "Lying face down with both knees bent to 90°, the painful foot hangs more dorsiflexed; a runner alone answers 'don't know'."),
    "signs.ankle_reflex_reduced": ExamField("examiner", "Tapping the Achilles tendon with a reflex hammer; a runner alone answers 'don't know'."),
    "signs.pulses_drop_on_plantarflexion": ExamField(
        "examiner", "Foot pulses felt while the foot is pointed against resistance with the knee straight; 'don't know' alone."),
    "signs.foot_drop": ExamField("self_check", "The front of the foot slaps down or the toes catch when walking."),
    "signs.neurological_signs_both_legs": ExamField("self_check", "Sciatica, numbness, tingling or weakness in both legs, not one."),
    "signs.cord_length_cm": ExamField("measured", "The length of the red, tender cord along the vein, with a tape measure."),
    "vitals.heart_rate_bpm": ExamField("measured", "Pulse at rest for a full minute, or from a watch or monitor at rest."),
    "vitals.breathing_rate_per_min": ExamField("measured", "Breaths in a full minute at rest, counted by someone else."),
    "vitals.temperature_c": ExamField("measured", "A thermometer reading; leave unknown rather than guess."),
    "vitals.oxygen_saturation_pct": ExamField("measured", "A pulse oximeter reading at rest, breathing air."),
    "measurements.ck_u_per_l": ExamField("test_report", "From a blood test result (creatine kinase, U/L)."),
    "signs.thompson_test_positive": ExamField(
        "examiner", "Lying face down, feet over the edge of the bed, the examiner squeezes the calf: the foot should point. "
        + _LEAVE + " A squeeze done by a friend is not reliable enough to answer false."),
    "signs.straight_leg_raise_positive": ExamField(
        "examiner", "Lying on the back, the examiner lifts the straight leg; positive when it reproduces pain shooting below the knee. "
        + _LEAVE),
    "signs.tender_along_deep_veins": ExamField(
        "examiner", "Tenderness when the examiner presses along the line of the deep veins (back of the calf, behind the knee, inner "
        "thigh). " + _LEAVE),
    "signs.pitting_edema": ExamField(
        "examiner", "Pressing a thumb firmly on the shin for 5 seconds leaves a dent, in the painful leg only. If you see a dent that "
        "stays, answer true; otherwise leave it unknown."),
    "signs.collateral_superficial_veins": ExamField(
        "examiner", "New visible surface veins that are not varicose veins (a Wells item). " + _LEAVE),
    "signs.calf_swelling_difference_cm": ExamField(
        "measured", "Measure both calves with a tape 10 cm below the bony bump under the kneecap (the tibial tuberosity), and "
        "enter the painful calf minus the other. Leave it out rather than guess."),
    "signs.weak_foot_pulse": ExamField(
        "examiner", "The pulses on the top of the foot and behind the inner ankle bone are weak or absent. " + _LEAVE),
    "signs.palpable_gap": ExamField(
        "examiner", "A dip or gap felt in the tendon or muscle. If you can feel a dip, answer true; swelling hides a gap within "
        "hours, so do not answer false yourself."),
    "signs.palpable_cord": ExamField(
        "self_check", "A red, tender, hard line along a surface vein that you can see and feel."),
    "signs.tense_compartment": ExamField(
        "self_check", "The calf or shin feels hard and tight, like wood, compared with the other leg. If yes, this is an "
        "emergency: do not wait for an examination."),
    "signs.pain_on_passive_stretch": ExamField(
        "examiner", "Sharp pain when someone else gently moves the toes and foot. Do not force a stretch to find out: if moving "
        "the toes hurts badly, answer true; otherwise leave it unknown."),
    "signs.pain_out_of_proportion": ExamField(
        "self_check", "The pain is far worse than the injury explains, and painkillers or rest hardly help."),
    "signs.tender_bone_spot": ExamField(
        "self_check", "Press along the bone with a fingertip: one spot, shorter than about 5 cm (two finger-widths), is sharply "
        "tender."),
    "signs.tender_shin_edge_5cm_or_more": ExamField(
        "self_check", "Press along the inner edge of the shin bone: it is tender along 5 cm or more."),
    "signs.tender_muscle": ExamField("self_check", "Pressing the muscle belly or where it joins the tendon hurts."),
    "signs.tender_achilles": ExamField("self_check", "Pinching the tendon 2-6 cm above the heel hurts."),
    "signs.thickened_achilles": ExamField(
        "self_check", "The tendon feels thicker than the other side when you pinch both between finger and thumb."),
    "signs.lump_behind_knee": ExamField("self_check", "A known Baker's cyst, a swollen knee, or a fullness behind the knee."),
    "signs.crescent_bruise_below_ankle": ExamField("self_check", "A curved bruise below the inner ankle bone."),
    "signs.can_heel_raise": ExamField(
        "self_check", "Standing on the painful leg only, rise onto the toes once. Do not try after a snap at the heel or if you "
        "cannot bear weight: leave it unknown."),
    "signs.can_bear_weight": ExamField("self_check", "Can you stand and take four steps on the painful leg?"),
    "signs.fever": ExamField("measured", "38 °C or more on a thermometer, or feeling hot and shivery."),
    "pain.hurts_to_hop": ExamField(
        "self_check", "Answer from what you have noticed. Do not hop repeatedly to find out: repeated hop tests can worsen a "
        "stress fracture."),
    "measurements.ankle_brachial_index": ExamField("test_report", "From a clinician's Doppler measurement; never estimated."),
    "measurements.d_dimer": ExamField("test_report", "From a blood test result."),
    "measurements.dvt_ultrasound": ExamField("test_report", "From a leg-vein ultrasound report."),
    "measurements.compartment_pressure_mmhg.pre_exercise": ExamField("test_report", "From a pressure test report."),
    "measurements.compartment_pressure_mmhg.one_min_post": ExamField("test_report", "From a pressure test report."),
    "measurements.compartment_pressure_mmhg.five_min_post": ExamField("test_report", "From a pressure test report."),
}
"""Case field path -> who can answer it and how.  Fields not listed are the runner's own report."""
