"""How much must be known before "no red flag was found" means anything: the key questions about calf
pain, most important first, and how many of them must be answered before an answer with no finding of
concern may say self-care.  Also which case fields decide each Wells item (a Wells score with unknown
items is partial).

Too little information is its own answer: with fewer than :data:`MIN_KEY_QUESTIONS_KNOWN` key questions
answered and nothing found, the triage is ``see_doctor`` (what a careful clinician would say to "calf
pain, nothing else known"), and the explanation lists the key questions still open.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyQuestion:
    id: str
    question: str
    why: str
    findings: tuple[str, ...]
    """The case fields that answer it (any one known is enough)."""


KEY_QUESTIONS: tuple[KeyQuestion, ...] = (
    KeyQuestion("chest", "Any breathlessness, chest pain on breathing in, or coughing blood?",
                "with calf pain these point to a pulmonary embolism: an emergency (brief §4.1, §5)",
                ("signs.short_of_breath", "signs.chest_pain", "signs.coughing_blood")),
    KeyQuestion("swelling", "Is the calf or leg swollen (and the whole calf or leg, or one spot)?",
                "one-sided swelling is the commonest sign of a DVT (brief §4.1, §1.1)",
                ("signs.swelling", "signs.calf_swelling_difference_cm", "signs.pitting_edema")),
    KeyQuestion("onset", "Did it start suddenly (a pull, snap or kick) or come on gradually?",
                "separates an injury (strain, tear, rupture) from overuse, a clot or a nerve (brief §2)",
                ("pain.onset", "pain.pop_or_kick_sensation")),
    KeyQuestion("weight_bearing", "Can you stand and walk on the leg?",
                "not bearing weight needs a same-day assessment (brief §5, §7.6)",
                ("signs.can_bear_weight", "pain.walking_difficult")),
    KeyQuestion("compartment", "Is the calf tight and hard, or the pain far worse than the injury explains, even at rest?",
                "acute compartment syndrome needs surgery within hours (brief §1.5, §4.2)",
                ("signs.tense_compartment", "signs.pain_out_of_proportion", "pain.persists_at_rest")),
    KeyQuestion("dvt_risk", "Any long journey, operation, cast or bed rest recently, hormones or pregnancy, cancer, or a previous clot?",
                "a DVT risk factor puts a clot in the differential (brief §3)",
                ("history.long_travel_hours", "history.surgery_weeks_ago", "history.leg_immobilized", "history.bedridden_days",
                 "history.hormonal_risk", "history.active_cancer", "history.previous_dvt_or_pe")),
    KeyQuestion("trend", "Is it getting better, staying the same, or getting worse?",
                "pain that worsens instead of settling is a warning sign (brief §5, §7.6)",
                ("pain.trend",)),
    KeyQuestion("side", "One leg or both?",
                "a clot, a tear or a rupture is one-sided; soreness from a hard session is usually in both legs (brief §1.1)",
                ("pain.side",)),
    KeyQuestion("skin", "Is the calf warm, red or hot to touch, or do you have a fever?",
                "warmth and redness point to a clot or an infection (brief §4.1, §4.8)",
                ("signs.warmth", "signs.redness", "signs.spreading_redness", "signs.fever")),
    KeyQuestion("foot", "Is the foot cold, pale, numb or weak, or is there numbness in the saddle area?",
                "a blocked artery, a squeezed nerve or cauda equina syndrome (brief §4.4, §4.6, §2.8, §5)",
                ("signs.cold_or_pale_foot", "signs.numbness_or_tingling", "signs.foot_weakness",
                 "signs.saddle_numbness_or_bladder_change")),
    KeyQuestion("when", "When did it start, and was it during or after a run?",
                "cramps and strains start in a run, soreness a day or two after, a clot at any time (brief §2)",
                ("pain.days_since_onset", "pain.started")),
    KeyQuestion("urine", "Is your urine dark (tea or cola coloured) after a hard effort?",
                "dark urine after exertion points to rhabdomyolysis: an emergency (brief §4.9)",
                ("signs.dark_urine",)),
)
"""The questions that matter most about calf pain in a runner, most important first (the red flags of brief §5
and what separates the conditions of brief §2 and §4)."""

MIN_KEY_QUESTIONS_KNOWN = 4
"""With fewer key questions answered than this, and no finding of concern, the answer is "too little information"
(see a doctor), not self-care.  Four of twelve: enough to have asked about the commonest danger (a clot: swelling
or DVT risk), the mechanism and the course; a sparse case in which a condition is recognised is answered as usual."""

INSUFFICIENT_LEVEL = "see_doctor"
"""The triage for calf pain with too little known to say that home care is safe."""

INSUFFICIENT_REASON = (f"Too little is known to say home care is safe: fewer than {MIN_KEY_QUESTIONS_KNOWN} of the "
                       f"{len(KEY_QUESTIONS)} questions that matter most are answered and nothing was found. See a doctor, "
                       "or answer those questions (listed below) first.")
"""Why the triage is :data:`INSUFFICIENT_LEVEL` when too little is known (the reason the explanation gives)."""

WELLS_ITEM_FINDINGS: dict[str, tuple[str, ...]] = {
    "active_cancer": ("history.active_cancer",),
    "paralysis_or_cast": ("history.leg_immobilized",),
    "bedridden_or_surgery": ("history.bedridden_days", "history.surgery_weeks_ago"),
    "deep_vein_tenderness": ("signs.tender_along_deep_veins",),
    "entire_leg_swollen": ("signs.swelling",),
    "calf_swelling_3cm": ("signs.calf_swelling_difference_cm",),
    "pitting_edema": ("signs.pitting_edema",),
    "collateral_veins": ("signs.collateral_superficial_veins",),
    "previous_dvt": ("history.previous_dvt_or_pe",),
}
"""The case fields that decide each Wells item that adds a point.  An item that did not score is *unknown* when
any of its fields is unknown (for the calf-swelling item, unless ``signs.swelling`` is ``none``): the score is then
partial, and the range it could still reach is reported.  The -2 "alternative diagnosis" item is decided by the
rules, never unknown."""

WELLS_FINDING_ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "history.surgery_weeks_ago": ("history.recent_major_surgery",),
}
"""A finding that another answers: an explicit "no recent major surgery" decides the surgery half of its Wells item."""


def wells_unknown_items(known: dict[str, object], counted: set[str] | frozenset[str]) -> list[str]:
    """The Wells items (that add a point) not scored and not decided by the known findings ``known`` (path -> value)."""
    out = []
    for item, paths in WELLS_ITEM_FINDINGS.items():
        if item in counted:
            continue
        if item == "calf_swelling_3cm" and known.get("signs.swelling") == "none":
            continue
        if any(p not in known and not any(a in known for a in WELLS_FINDING_ALTERNATIVES.get(p, ())) for p in paths):
            out.append(item)
    return out
