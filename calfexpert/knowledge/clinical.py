"""Triage levels, conditions, contributing factors, red flags and the Wells items."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TriageLevel:
    id: str
    label: str
    action: str


TRIAGE_LEVELS: tuple[TriageLevel, ...] = (
    TriageLevel("self_care", "Self-care", "Manage at home with the advice below, and seek care if any safety-net sign appears."),
    TriageLevel("see_doctor", "See a doctor", "Book an appointment with a doctor or sports-medicine clinician within the next few days."),
    TriageLevel("urgent", "Urgent", "Get a medical assessment today (same day): urgent care, your doctor's same-day service, or an emergency department."),
    TriageLevel("emergency", "Emergency", "Go to an emergency department now or call an ambulance. Do not drive yourself."),
)
"""From least to most urgent."""

_RANK = {level.id: index for index, level in enumerate(TRIAGE_LEVELS)}


def triage_rank(level: str) -> int:
    """0 for self_care up to 3 for emergency."""
    return _RANK[level]

SUSPECT_AT = 0.3
"""The certainty at which a condition counts as suspected."""

NEVER_MISS_SUSPECT_AT = 0.15
"""The lower certainty at which a dangerous (never-miss) condition counts as suspected."""


@dataclass(frozen=True)
class Condition:
    id: str
    name: str
    summary: str
    triage: str
    """The level a suspicion of this condition demands on its own."""
    dangerous: bool
    """A never-miss condition: kept in the differential whenever suspected."""
    sources: tuple[str, ...]
    suspect_at: float = SUSPECT_AT
    """The certainty at which the condition counts as suspected (:data:`SUSPECT_AT`, or
    :data:`NEVER_MISS_SUSPECT_AT` for a dangerous condition)."""


def _c(id: str, name: str, summary: str, triage: str, sources: tuple[str, ...], dangerous: bool = False) -> Condition:
    return Condition(id, name, summary, triage, dangerous, sources, NEVER_MISS_SUSPECT_AT if dangerous else SUSPECT_AT)


CONDITIONS: dict[str, Condition] = {c.id: c for c in (
    _c("calf_strain", "Calf muscle strain",
       "Overload injury of the gastrocnemius or soleus: sudden sharp pain at push-off (gastrocnemius) or tightness building in a long run (soleus).",
       "self_care", ("seed.causes.strain", "brief.2.1")),
    _c("calf_tear", "Complete calf muscle tear",
       "Grade 3 tear: severe immediate pain, cannot rise onto the toes or bear weight, a palpable gap, large swelling and bruising.",
       "urgent", ("seed.causes.strain", "brief.2.2")),
    _c("muscle_cramp", "Exercise-associated muscle cramp",
       "A sudden, painful, involuntary contraction during or just after exercise that releases within minutes of gentle stretching.",
       "self_care", ("seed.causes.cramps", "brief.2.3")),
    _c("doms", "Delayed-onset muscle soreness",
       "Diffuse aching in both calves starting hours after unaccustomed or eccentric work, peaking at 24-72 h, gone in 5-7 days.",
       "self_care", ("brief.2.4",)),
    _c("stress_fracture", "Stress fracture (tibia or fibula)",
       "Bone stress injury: gradual focal bone pain that progresses to pain at rest or at night; hopping hurts.",
       "see_doctor", ("seed.causes.stress_fracture", "brief.2.9", "brief.6.2"), dangerous=True),
    _c("lumbar_radiculopathy", "Pain radiated from the lower back (S1 radiculopathy, sciatica)",
       "Nerve-root pain travelling from the back or buttock into the calf, with numbness, weakness or a positive straight-leg raise.",
       "see_doctor", ("seed.causes.radiated", "brief.2.8")),
    _c("achilles_tendinopathy", "Achilles tendinopathy",
       "Gradual pain 2-6 cm above the heel with morning or start-up stiffness and a thickened, tender tendon.",
       "self_care", ("brief.2.10",)),
    _c("achilles_rupture", "Achilles tendon rupture",
       "Sudden pain at the back of the ankle as if kicked, a snap, weak push-off, a positive Thompson test or a palpable gap.",
       "urgent", ("brief.1.3", "brief.2.11"), dangerous=True),
    _c("medial_tibial_stress_syndrome", "Medial tibial stress syndrome (shin splints)",
       "Exercise pain along the inner shin border with diffuse tenderness over 5 cm or more, easing with rest.",
       "self_care", ("brief.1.4", "brief.2.12")),
    _c("dvt", "Deep vein thrombosis",
       "A blood clot in a deep vein of the leg: one-sided calf swelling, warmth, tenderness along the deep veins, often after travel, surgery or immobility.",
       "urgent", ("seed.rarer.dvt", "brief.1.1", "brief.3", "brief.4.1"), dangerous=True),
    _c("pulmonary_embolism", "Pulmonary embolism",
       "A clot that has travelled to the lungs: sudden breathlessness, sharp chest pain on breathing in, coughing blood, collapse.",
       "emergency", ("brief.4.1", "brief.5"), dangerous=True),
    _c("acute_compartment_syndrome", "Acute compartment syndrome",
       "Rising pressure in a closed muscle compartment: pain out of proportion, pain on passive stretch, a tense woody compartment; a surgical emergency.",
       "emergency", ("seed.rarer.compartment", "brief.1.5", "brief.4.2"), dangerous=True),
    _c("chronic_exertional_compartment_syndrome", "Chronic exertional compartment syndrome",
       "Aching or tightness that starts at the same point of every run and eases within minutes of stopping; confirmed by pressure testing.",
       "see_doctor", ("seed.rarer.compartment", "brief.1.2", "brief.4.3")),
    _c("popliteal_artery_entrapment", "Popliteal artery entrapment syndrome",
       "A young athlete's artery behind the knee squeezed by muscle during exercise: calf cramping or tingling on exertion, a cold or numb foot after running.",
       "see_doctor", ("brief.4.4",), dangerous=True),
    _c("bakers_cyst_rupture", "Ruptured Baker's cyst",
       "A burst fluid sac behind the knee: sudden calf pain and swelling, a crescent bruise below the inner ankle; DVT must be excluded.",
       "urgent", ("brief.4.5",)),
    _c("peripheral_artery_disease", "Peripheral artery disease (claudication)",
       "Narrowed leg arteries: calf pain at a fairly constant walking or running distance, relieved within minutes of rest, in an older runner with vascular risks.",
       "see_doctor", ("brief.4.6",), dangerous=True),
    _c("superficial_thrombophlebitis", "Superficial thrombophlebitis",
       "Inflamed, clotted surface vein: a red, tender, hard cord along a vein; a DVT can coexist.",
       "see_doctor", ("brief.4.7",)),
    _c("cellulitis", "Cellulitis",
       "Skin infection: red, hot, swollen, spreading skin, often from a blister or cut; needs antibiotics the same day.",
       "urgent", ("brief.4.8",), dangerous=True),
    _c("exertional_rhabdomyolysis", "Exertional rhabdomyolysis",
       "Muscle breakdown after extreme effort: pain and swelling far beyond normal soreness, dark urine; risks kidney injury.",
       "urgent", ("brief.4.9",), dangerous=True),
)}


@dataclass(frozen=True)
class ContributingFactor:
    id: str
    name: str
    summary: str
    sources: tuple[str, ...]


FACTORS: dict[str, ContributingFactor] = {f.id: f for f in (
    ContributingFactor("footwear", "Footwear",
                       "Shoes that lack support, do not suit the foot, are worn out, or a sudden switch to minimalist or zero-drop shoes.",
                       ("seed.causes.footwear_mechanics", "brief.2.5")),
    ContributingFactor("running_mechanics", "Running mechanics",
                       "Overstriding, an awkward style or a sudden change to forefoot striking put extra stress on the calf.",
                       ("seed.causes.footwear_mechanics", "brief.2.5")),
    ContributingFactor("training_load", "Training load",
                       "A rapid rise in volume or intensity, new speed or hill work, or an unaccustomed long, hard or downhill session.",
                       ("seed.causes.strain", "seed.prevention.gradual_progression", "brief.2.6")),
    ContributingFactor("previous_injury", "Previous injury",
                       "A previous calf injury (strain, a fall or a direct blow) leaves scar tissue or weakness and raises the risk of re-injury.",
                       ("seed.causes.previous_injury", "brief.2.7", "brief.6.3")),
    ContributingFactor("dehydration", "Dehydration and heat",
                       "Poor hydration, or a long or hot run, with fatigue and electrolyte loss, makes cramps more likely.",
                       ("seed.causes.cramps", "seed.prevention.hydration_nutrition", "brief.2.3")),
    ContributingFactor("proximal_tightness", "Tight glutes or hamstrings",
                       "Tight glute or hamstring muscles change how you run or stand and can cause calf pain and stiffness.",
                       ("seed.causes.radiated", "brief.2.8")),
    ContributingFactor("no_warm_up", "No warm-up",
                       "Running without a warm-up leaves the calf unprepared for the load.",
                       ("seed.causes.strain", "seed.prevention.warm_up", "brief.6.3")),
    ContributingFactor("hard_surfaces", "Hard surfaces",
                       "Repeated running on hard or cambered surfaces adds bone and muscle stress.",
                       ("seed.causes.stress_fracture", "brief.6.2")),
    ContributingFactor("low_energy_availability", "Low energy availability",
                       "Under-fuelling, missed periods or known RED-S, often with low bone density, weakens bone.",
                       ("brief.6.2",)),
)}


@dataclass(frozen=True)
class RedFlagInfo:
    id: str
    text: str
    level: str
    sources: tuple[str, ...]


RED_FLAGS: dict[str, RedFlagInfo] = {f.id: f for f in (
    RedFlagInfo("pe_symptoms", "Breathlessness, chest pain on breathing in or coughing blood with leg symptoms: possible "
                "pulmonary embolism.",
                "emergency", ("brief.4.1", "brief.5", "nice.ng158")),
    RedFlagInfo("low_oxygen", "Low oxygen saturation (below 94% breathing air): possible pulmonary embolism or serious illness.",
                "emergency", ("brief.4.1", "nice.ng51")),
    RedFlagInfo("collapse_or_confusion", "Confusion or collapse: possible pulmonary embolism, heat illness, rhabdomyolysis or severe infection.",
                "emergency", ("brief.2.3", "brief.4.9", "brief.5")),
    RedFlagInfo("compartment_signs", "An early sign of acute compartment syndrome: a tense, hard compartment, pain on passive stretch, "
                "pain out of proportion that does not settle at rest, or numbness with severe pain at rest.",
                "emergency", ("brief.1.5", "brief.4.2", "brief.5", "boast.10")),
    RedFlagInfo("escalating_rest_pain", "Severe pain that keeps increasing at rest: possible acute compartment syndrome or a blocked artery.",
                "emergency", ("brief.7.6", "brief.1.5", "boast.10")),
    RedFlagInfo("limb_ischaemia", "A cold or pale foot at rest, or sudden pain at rest with a weak pulse, numbness or weakness: "
                "possible blocked artery (acute limb ischaemia).",
                "emergency", ("brief.4.4", "brief.4.6", "brief.5", "nice.cg147")),
    RedFlagInfo("dark_urine", "Dark (tea or cola coloured) or much reduced urine after exertion: possible rhabdomyolysis.",
                "emergency", ("brief.4.9", "brief.5")),
    RedFlagInfo("spreading_infection", "Fever with red, spreading skin: possible spreading infection.",
                "emergency", ("brief.4.8", "brief.5", "nice.ng141")),
    RedFlagInfo("severe_infection", "A red, hot or swollen leg with fever, a fast heart or breathing rate, pain out of proportion "
                "or rapid worsening: possible sepsis or necrotising infection.",
                "emergency", ("brief.4.8", "brief.5", "nice.ng141", "nice.ng51")),
    RedFlagInfo("cauda_equina", "Numbness in the saddle area, a change in bladder or bowel control, or sciatica or weakness in both "
                "legs: possible cauda equina syndrome.",
                "emergency", ("brief.2.8", "brief.5", "nice.cks_sciatica", "girft.cauda_equina")),
    RedFlagInfo("systemic_cramps", "Cramps that do not release, with fever or a very high temperature: possible heat illness "
                "or rhabdomyolysis.",
                "emergency", ("brief.2.3", "brief.5")),
    RedFlagInfo("very_high_temperature", "A temperature of 40 °C or more: possible heat stroke.",
                "emergency", ("brief.2.3", "brief.4.9", "brief.5")),
    RedFlagInfo("swelling", "Swelling of the whole calf or the whole leg.", "urgent", ("seed.doctor.serious_signs", "brief.4.1", "brief.5")),
    RedFlagInfo("warmth", "Unusual warmth in the calf.", "urgent", ("seed.doctor.serious_signs", "brief.5")),
    RedFlagInfo("redness", "Redness of the calf or leg.", "urgent", ("seed.doctor.serious_signs", "brief.5")),
    RedFlagInfo("rapidly_worsening", "Pain that is getting worse rapidly.", "urgent", ("seed.doctor.serious_signs", "brief.7.6")),
    RedFlagInfo("cannot_bear_weight", "Cannot bear weight on the leg.", "urgent", ("brief.2.2", "brief.2.9", "brief.7.6")),
    RedFlagInfo("foot_weakness", "Foot drop, or weakness with numbness or nerve-root pain: a nerve may be damaged.", "urgent",
                ("brief.2.8", "brief.5", "nice.cks_sciatica")),
)}


@dataclass(frozen=True)
class Threshold:
    """A number a rule compares a case field with: the rule's condition and its title are both written from it.

    ``f"{t}"`` states the value as a title does (38.0 as ``38``), ``f"{t:.1f}"`` with a format of one's own,
    and ``f"{t:weeks}"`` a number of days in weeks ("a week", "2 weeks")."""

    id: str
    field: str
    value: float
    meaning: str
    sources: tuple[str, ...]

    @property
    def at(self) -> tuple[str, float]:
        """The field and the value, as a rule's comparison takes them: ``ge(*t.at)``."""
        return self.field, self.value

    def __format__(self, spec: str) -> str:
        if spec == "weeks":
            weeks = self.value / 7
            if weeks != int(weeks):
                raise ValueError(f"threshold {self.id}: {self.value} days is not a whole number of weeks")
            return "a week" if weeks == 1 else f"{int(weeks)} weeks"
        if spec:
            return format(self.value, spec)
        return str(int(self.value)) if float(self.value).is_integer() else str(self.value)


THRESHOLDS: dict[str, Threshold] = {t.id: t for t in (
    Threshold("fever", "vitals.temperature_c", 38.0, "38 °C or more is a fever", ("brief.4.8", "nice.ng51")),
    Threshold("very_high_temperature", "vitals.temperature_c", 40.0, "40 °C or more after exertion is heat stroke until "
              "proven otherwise (the brief's 'very high temperature')", ("brief.2.3", "brief.4.9")),
    Threshold("fast_heart_rate", "vitals.heart_rate_bpm", 100, "above 100 beats per minute at rest is a fast heart rate "
              "(the brief's 'racing heart' with PE and 'fast heartbeat' with cellulitis; NICE NG51 counts above 90 as a sepsis "
              "risk criterion, 100 is used here for specificity in fit runners)", ("brief.4.1", "brief.4.8", "nice.ng51")),
    Threshold("fast_breathing", "vitals.breathing_rate_per_min", 21, "21 breaths per minute or more at rest is fast breathing",
              ("brief.4.8", "nice.ng51")),
    Threshold("low_oxygen", "vitals.oxygen_saturation_pct", 94, "below 94% breathing air is low oxygen saturation",
              ("brief.4.1", "nice.ng51")),
    Threshold("ck_raised", "measurements.ck_u_per_l", 1000, "1000 U/L or more (about 5 times the upper limit of normal) "
              "supports rhabdomyolysis", ("brief.4.9",)),
    Threshold("cord_extensive", "signs.cord_length_cm", 5, "a thrombophlebitis cord 5 cm or longer needs an ultrasound",
              ("brief.4.7",)),
    Threshold("abi_low", "measurements.ankle_brachial_index", 0.9, "below 0.9 supports arterial disease", ("brief.4.6", "aha.abi_2012")),
    Threshold("abi_incompressible", "measurements.ankle_brachial_index", 1.4, "above 1.4 means stiff, non-compressible arteries: "
              "not a normal result; a toe-brachial index is needed", ("aha.abi_2012",)),
    Threshold("abi_normal", "measurements.ankle_brachial_index", 1.0, "1.0 up to 1.4 is a normal resting ankle-brachial "
              "index, which points away from arterial disease", ("brief.4.6", "aha.abi_2012")),
    # DVT risks and the Wells items
    Threshold("long_travel", "history.long_travel_hours", 4, "travel of 4 hours or more is a DVT risk", ("brief.3", "nice.ng158")),
    Threshold("bedridden", "history.bedridden_days", 3, "bedridden 3 days or more: a DVT risk and a Wells item",
              ("brief.1.1", "nice.ng158")),
    Threshold("recent_surgery", "history.surgery_weeks_ago", 12, "major surgery within 12 weeks: a DVT risk and a Wells item",
              ("brief.1.1", "nice.ng158")),
    Threshold("wells_calf_swelling", "signs.calf_swelling_difference_cm", 3, "a calf 3 cm or more larger than the other "
              "(10 cm below the tibial tuberosity) is a Wells item", ("brief.1.1", "nice.ng158")),
    # pain
    Threshold("severe_pain", "pain.severity", 8, "8 or more out of 10 is severe pain", ("seed.doctor.persistent_severe", "brief.7.6")),
    Threshold("acute_not_improving_days", "pain.days_since_onset", 7, "an acute injury not improving after about a week of "
              "self-care needs a doctor", ("seed.doctor.persistent_severe", "brief.7.6")),
    Threshold("acute_worsening_days", "pain.days_since_onset", 3, "an acute injury getting worse after 3 days or more (a few days) needs a doctor",
              ("seed.doctor.persistent_severe", "brief.7.6")),
    Threshold("overuse_not_improving_days", "pain.days_since_onset", 28, "gradual pain no better after about 4 weeks needs a "
              "doctor (2-3 weeks of load management for tendinopathy or shin splints)",
              ("seed.doctor.persistent_severe", "brief.2.10", "brief.2.12")),
    Threshold("overuse_worsening_days", "pain.days_since_onset", 14, "gradual pain getting worse after 2 weeks needs a doctor",
              ("seed.doctor.persistent_severe", "brief.5")),
    Threshold("doms_worsening_days", "pain.days_since_onset", 3, "soreness still getting worse after 3 days is not DOMS",
              ("brief.2.4",)),
    Threshold("doms_lasting_days", "pain.days_since_onset", 7, "soreness lasting beyond a week is not DOMS", ("brief.2.4",)),
    # ages
    Threshold("pad_age", "runner.age", 50, "claudication over 50 with vascular risks suggests arterial disease",
              ("brief.4.6", "nice.cg147")),
    Threshold("pad_unlikely_under", "runner.age", 40, "under 40, atherosclerotic arterial disease is unlikely",
              ("brief.4.6", "nice.cg147")),
    Threshold("paes_age", "runner.age", 30, "popliteal artery entrapment is a condition of athletes usually under 30", ("brief.4.4",)),
    Threshold("paes_unlikely_over", "runner.age", 50, "over 50, entrapment is unlikely (think arterial disease)", ("brief.4.4",)),
    Threshold("cecs_unlikely_over", "runner.age", 50, "over 50, chronic exertional compartment syndrome is unlikely "
              "(a condition of young runners)", ("brief.4.3", "brief.4.6")),
    Threshold("cecs_vascular_risk_age", "runner.age", 40, "over 40 with vascular risks, exertional calf pain is claudication "
              "until shown otherwise", ("brief.4.3", "brief.4.6", "nice.cg147")),
    # Pedowitz criteria for chronic exertional compartment syndrome (any one, with a compatible history)
    Threshold("pedowitz_pre", "measurements.compartment_pressure_mmhg.pre_exercise", 15, "a compartment pressure of 15 mmHg "
              "or more before exercise", ("brief.1.2",)),
    Threshold("pedowitz_one_min", "measurements.compartment_pressure_mmhg.one_min_post", 30, "30 mmHg or more 1 minute after "
              "exercise", ("brief.1.2",)),
    Threshold("pedowitz_five_min", "measurements.compartment_pressure_mmhg.five_min_post", 20, "20 mmHg or more 5 minutes after "
              "exercise", ("brief.1.2",)),
    # training and equipment
    Threshold("high_mileage", "runner.weekly_distance_km", 64, "more than about 64 km a week raises the risk of a bone stress "
              "injury", ("brief.2.9", "brief.6.2")),
    Threshold("worn_shoes", "history.shoe_distance_km", 800, "800 km or more on the current pair: worn shoes", ("brief.2.5",)),
    Threshold("training_spike", "history.training_increase_pct", 30, "weekly volume or intensity up 30% or more in the last "
              "2-4 weeks is a training-load error", ("brief.2.6",)),
)}
"""Numeric thresholds the rules use, with their meaning and source (reviewable in one place)."""


@dataclass(frozen=True)
class WellsItemInfo:
    id: str
    text: str
    points: int


WELLS_ITEMS: dict[str, WellsItemInfo] = {w.id: w for w in (
    WellsItemInfo("active_cancer", "Active cancer (treatment ongoing, within 6 months, or palliative)", 1),
    WellsItemInfo("paralysis_or_cast", "Paralysis, paresis or recent plaster cast of the leg", 1),
    WellsItemInfo("bedridden_or_surgery", f"Bedridden for {THRESHOLDS['bedridden']} days or more, or major surgery within "
                  f"{THRESHOLDS['recent_surgery']} weeks", 1),
    WellsItemInfo("deep_vein_tenderness", "Localised tenderness along the deep veins", 1),
    WellsItemInfo("entire_leg_swollen", "Entire leg swollen", 1),
    WellsItemInfo("calf_swelling_3cm", f"Calf swelling at least {THRESHOLDS['wells_calf_swelling']} cm more than the other side "
                  "(10 cm below the tibial tuberosity)", 1),
    WellsItemInfo("pitting_edema", "Pitting oedema confined to the symptomatic leg", 1),
    WellsItemInfo("collateral_veins", "Collateral superficial veins (not varicose)", 1),
    WellsItemInfo("previous_dvt", "Previously documented DVT", 1),
    WellsItemInfo("alternative_diagnosis", "An alternative diagnosis at least as likely as DVT", -2),
)}

WELLS_FINDINGS: tuple[str, ...] = (
    "history.active_cancer", "history.leg_immobilized", "history.bedridden_days", "history.surgery_weeks_ago",
    "history.recent_major_surgery",
    "signs.tender_along_deep_veins", "signs.swelling", "signs.calf_swelling_difference_cm", "signs.pitting_edema",
    "signs.collateral_superficial_veins", "history.previous_dvt_or_pe",
)
"""The case fields the Wells items read: the score is reported when any of them is known."""
WELLS_DVT_LIKELY_AT = 2
"""NICE NG158 two-level Wells score: this many points or more, DVT likely; fewer, DVT unlikely."""

WELLS_MODEL = "Wells 2003 two-level score as used by NICE NG158"


@dataclass(frozen=True)
class WellsReading:
    """What a Wells total means: the explanation's ``interpretation`` and ``meaning``.

    ``meaning`` is a template: ``{points}`` counted, ``{unknown}`` items unknown, ``{reachable}`` the
    most the score could reach, ``{likely_at}`` the two-level threshold."""

    interpretation: str
    meaning: str


WELLS_READINGS: dict[str, WellsReading] = {
    "likely": WellsReading(
        "DVT likely",
        "Two points or more: DVT likely. NICE: leg-vein ultrasound within 4 hours (or D-dimer and interim "
        "anticoagulation with a scan within 24 hours)."),
    "partial": WellsReading(
        "DVT likelihood unknown (partial score)",
        "Partial score: {points} points counted, but {unknown} items are unknown and the score could "
        "reach {reachable}. It cannot say DVT is unlikely: a clinician must score every item. "
        "Other findings can still make DVT suspected."),
    "unlikely": WellsReading(
        "DVT unlikely",
        "One point or less: DVT unlikely. NICE: D-dimer within 4 hours, and ultrasound only if it is positive. "
        "Unlikely is not excluded: other findings can still make DVT suspected."),
}
"""``likely``: the total reaches the threshold; ``partial``: it does not, but unknown items could take it there;
``unlikely``: it cannot reach it."""

WELLS_UNLIKELY_PARTIAL_NOTE = (
    " The score is partial ({unknown} items unknown) but could not reach {likely_at}; a negative "
    "D-dimer is only used against DVT once a clinician has scored every item.")


@dataclass(frozen=True)
class WellsBand:
    """A band of the Wells 1997 three-level model: from ``min_points`` up."""

    id: str
    min_points: int | None
    prevalence: str


WELLS_THREE_LEVEL: tuple[WellsBand, ...] = (
    WellsBand("low", None, "about 3%"),
    WellsBand("moderate", 1, "about 17%"),
    WellsBand("high", 3, "about 75%"),
)
"""From lowest to highest; each band runs from its ``min_points`` to the next band's."""

WELLS_THREE_LEVEL_NOTE = ("Wells 1997 three-level bands (≤0 low, 1-2 moderate, ≥3 high); "
                          "the 1997 model has no 'previous DVT' item.")
WELLS_NOT_SCORED_RISKS = ("Travel, hormones, pregnancy and thrombophilia are not Wells items; "
                          "they raise DVT in the differential instead.")


def wells_band(points: int) -> WellsBand:
    """The three-level band a Wells total falls in."""
    band = WELLS_THREE_LEVEL[0]
    for candidate in WELLS_THREE_LEVEL:
        if candidate.min_points is None or points >= candidate.min_points:
            band = candidate
    return band


DISCLAIMER_HEADLINE = "Decision support, not a diagnosis."
"""The words every report carries (renderers use this, or :data:`DISCLAIMER` in full)."""

DISCLAIMER = (
    f"calfexpert is {DISCLAIMER_HEADLINE[0].lower()}{DISCLAIMER_HEADLINE[1:]} It cannot examine you and it can be wrong. "
    "If you are worried, or anything gets worse, seek medical care; in an emergency call an ambulance."
)
"""The explanation document's ``disclaimer``."""

LIKELIHOOD_WORDS: tuple[tuple[float, str], ...] = (
    (0.8, "very likely"),
    (0.6, "likely"),
    (SUSPECT_AT, "possible"),
    (float("-inf"), "less likely, but considered"),
)
"""Plain words for a certainty: the first row whose lower bound it reaches."""


