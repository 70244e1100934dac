"""Advice texts, which advice goes with which condition, factor and triage
level, and which advice is unsafe (withheld) when a condition is suspected.

Kinds follow the case format: ``treatment``, ``prevention``, ``referral`` and
``safety-net``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

ADVICE_KINDS: tuple[str, ...] = ("referral", "treatment", "prevention", "safety-net")
"""The kinds of advice, in the order an answer lists them (where to go first, the safety-net last)."""


ACTIONS: dict[str, str] = {
    "seek_care": "getting medical care",
    "rest": "stopping exercise and resting or protecting the leg",
    "cold": "ice or cold packs",
    "heat": "heat (warm packs, hot baths, saunas)",
    "massage": "massage, foam rolling or deep tissue work on the leg",
    "stretch": "stretching the calf or leg muscles",
    "compression": "compression (bandages, wraps, sleeves or socks)",
    "elevation": "raising the leg",
    "run": "running or training",
    "load": "exercise that loads the leg (strengthening, heel drops, walking or cycling programmes, cross-training)",
    "rehab": "a rehabilitation or retraining programme",
    "nsaid": "anti-inflammatory painkillers (ibuprofen, aspirin)",
    "painkiller": "simple painkillers (paracetamol)",
    "drink": "fluids and fuelling",
    "footwear": "changing shoes",
    "wait": "waiting to see whether it settles before getting care",
    "later": "anything that is not first aid and can wait until you have been assessed",
}
"""The actions a piece of advice can involve.  Withholding works on these, not on advice ids, so that no
wording can bring a withheld action back: any advice that involves a withheld action is withheld."""


@dataclass(frozen=True)
class Advice:
    id: str
    name: str
    kind: str
    text: str
    sources: tuple[str, ...]
    actions: tuple[str, ...] = ()
    """What following the advice involves (ids in :data:`ACTIONS`), tagged from its text."""
    now: bool = False
    """First aid, the referral or the safety-net: what to do now, before being assessed."""

    @functools.cached_property
    def involves(self) -> frozenset[str]:
        """The actions the advice involves, with ``later`` for anything that is not for now (worked out once per item:
        withholding and the explanation read it for every item proposed)."""
        return frozenset(self.actions) | (frozenset() if self.now else frozenset({"later"}))


ADVICE: dict[str, Advice] = {a.id: a for a in (
    # Treatments from the seed article, refined by the clinical brief.
    Advice("strengthening", "Calf strengthening", "treatment",
           "Once walking is comfortable, strengthen the calves: calf raises (double-leg, then single-leg, with the knee straight and bent), "
           "toe taps and resistance-band work, plus core and whole-body strength for posture and stability.",
           ("seed.treatment.strengthening", "brief.7.3"), actions=("load", "rehab")),
    Advice("heel_drops", "Eccentric heel drops", "treatment",
           "Eccentric heel drops from a step: 3 sets of 15, twice a day, with the knee straight and bent; add load once they are no longer painful.",
           ("seed.treatment.strengthening", "brief.2.10", "brief.7.3"), actions=("load", "rehab")),
    Advice("stretching", "Calf stretching", "treatment",
           "Gentle calf stretches before and after running once the acute pain has settled: the standing wall stretch (back knee straight, then bent) "
           "and the seated stretch pulling the toes towards you; hold about 30 seconds, a few times a day, never into sharp pain.",
           ("seed.treatment.stretching", "seed.prevention.strength_stretch", "brief.7.5"), actions=("stretch",)),
    Advice("cramp_release", "Stretch out the cramp", "treatment",
           "For a cramp: stop, and stretch the muscle gently (pull the toes towards you) until it releases; then review pacing and fatigue.",
           ("seed.causes.cramps", "brief.2.3"), actions=("stretch", "rest"), now=True),
    Advice("gait_analysis", "Gait analysis", "treatment",
           "Consider a professional gait analysis to find and correct movement patterns such as overstriding that load the calf.",
           ("seed.treatment.gait_footwear", "brief.2.5"), actions=("rehab", "run")),
    Advice("footwear_fit", "Properly fitting shoes", "treatment",
           "Run in properly fitting shoes that suit your foot (for example support for flat feet or overpronation, cushioning for high arches), "
           "and replace worn-out pairs.",
           ("seed.treatment.gait_footwear", "seed.causes.footwear_mechanics"), actions=("footwear",)),
    Advice("footwear_transition", "Gradual footwear transition", "treatment",
           "Go back to your previous shoes or strike pattern, and change to minimalist shoes or forefoot striking only gradually over weeks.",
           ("brief.2.5",), actions=("footwear", "run")),
    Advice("ice", "Ice (first 48 hours)", "treatment",
           "Ice for pain and swelling during the first 48 hours after an injury, or whenever there is noticeable swelling: "
           "a wrapped ice pack for up to 20 minutes every 2-3 hours, never directly on the skin.",
           ("seed.treatment.ice_heat", "brief.7.1"), actions=("cold",)),
    Advice("heat", "Heat (after the first days)", "treatment",
           "Heat for chronic pain or stiffness, once the initial inflammation has subsided (not in the first 72 hours after an injury): "
           "a warm pack helps relax tight muscles and improve blood flow.",
           ("seed.treatment.ice_heat", "brief.7.1", "brief.2.4"), actions=("heat",)),
    Advice("rest", "Rest and protect", "treatment",
           "Rest the calf: avoid running and other painful activity while the pain is acute (protect it for 1-3 days), "
           "then let pain guide a gradual return rather than resting for long.",
           ("seed.treatment.rest_recovery", "brief.7.1"), actions=("rest", "wait", "load")),
    Advice("elevation", "Elevation", "treatment",
           "Keep the calf elevated (above the level of the heart when resting) to reduce swelling.",
           ("seed.treatment.rest_recovery", "brief.7.1"), actions=("elevation",)),
    Advice("compression", "Compression", "treatment",
           "A compression bandage or sleeve can limit swelling in the first days.",
           ("seed.doctor.persistent_severe", "brief.7.1"), actions=("compression",)),
    Advice("paracetamol", "Paracetamol", "treatment",
           "For pain, paracetamol first; follow the dosage instructions on the pack.",
           ("seed.treatment.pain_relief", "brief.7.1"), actions=("painkiller",)),
    Advice("nsaids", "Anti-inflammatories (ibuprofen)", "treatment",
           "Anti-inflammatory painkillers such as ibuprofen can ease pain and help you move, preferably after the first 48 hours; "
           "follow the dosage instructions, and ask a pharmacist first if you have kidney, stomach or asthma problems or take blood thinners.",
           ("seed.treatment.pain_relief", "brief.7.2"), actions=("nsaid",)),
    Advice("massage", "Massage", "treatment",
           "Gentle massage, after the first few days, can loosen tight muscles, reduce spasm and help recovery; regular sessions can help prevent injuries.",
           ("seed.treatment.massage", "brief.7.1"), actions=("massage",)),
    Advice("physical_therapy", "Physical therapy", "referral",
           "See a physical therapist for a tailored rehabilitation programme: strength, flexibility and the underlying causes, to prevent recurrence.",
           ("seed.treatment.physical_therapy",), actions=("seek_care", "rehab", "load")),
    Advice("return_to_run", "Criteria-based return to running", "treatment",
           "Return to running by criteria, not by the calendar: start only when walking and hopping are pain-free and single-leg heel raises are "
           "near symmetrical; run on alternate days with short run-walk intervals; step back if pain or a limp returns.",
           ("brief.7.4",), actions=("run", "load", "rehab")),
    Advice("pain_guided_running", "Pain-guided running", "treatment",
           "You can keep running if the pain stays mild during the run and is not worse the next morning; cut back if it is.",
           ("brief.2.10", "brief.2.12"), actions=("run", "wait")),
    Advice("load_reduction", "Reduce training load", "treatment",
           "Reduce your running load for now, then build back gradually; avoid raising volume and intensity at the same time.",
           ("brief.2.6", "brief.2.12"), actions=("run",)),
    Advice("stop_running", "Stop running", "treatment",
           "Stop running until you have been assessed; do not run through the pain.",
           ("seed.causes.stress_fracture", "brief.2.9"), actions=("rest",), now=True),
    Advice("cross_training", "Cross-training", "treatment",
           "Keep fit with pain-free cross-training such as cycling or pool running while you are off running.",
           ("brief.2.9",), actions=("load",)),
    Advice("active_recovery", "Active recovery", "treatment",
           "Easy active recovery (walking, easy cycling) eases muscle soreness; avoid hard downhill or eccentric sessions until it settles.",
           ("brief.2.4",), actions=("load",)),
    Advice("back_assessment", "Back assessment", "referral",
           "Keep active within pain limits and have your lower back assessed by a doctor or physiotherapist; the calf itself may not be the problem.",
           ("seed.causes.radiated", "brief.2.8"), actions=("seek_care", "load")),
    Advice("hip_hamstring_mobility", "Glute and hamstring mobility", "treatment",
           "Stretch and strengthen the glutes and hamstrings as well as the calf; tightness there can change how you run.",
           ("seed.causes.radiated", "seed.prevention.strength_stretch"), actions=("stretch", "load")),
    Advice("energy_availability", "Fuelling review (RED-S)", "referral",
           "Review your fuelling with a doctor or sports dietitian: under-fuelling and missed periods weaken bone (RED-S).",
           ("brief.6.2",), actions=("seek_care",)),
    Advice("vary_surfaces", "Vary running surfaces", "prevention",
           "Mix softer surfaces (trails, grass, track) into your running and avoid sudden changes of surface.",
           ("seed.causes.stress_fracture", "brief.6.2", "brief.7.4"), actions=("run",)),
    Advice("compartment_first_aid", "Compartment first aid", "treatment",
           "Take off anything tight (compression socks, tape, bandages), stop exercising, and keep the leg at the level of the heart, not raised.",
           ("brief.4.2",), actions=("rest",), now=True),
    Advice("achilles_first_aid", "Achilles first aid", "treatment",
           "Keep the foot relaxed and pointed down, do not walk or put weight on it, and use ice wrapped in a cloth while you get assessed.",
           ("brief.2.11",), actions=("rest", "cold"), now=True),
    Advice("rhabdo_first_aid", "Rhabdomyolysis first aid", "treatment",
           "Stop exercising, drink water, and ask for a blood test for muscle breakdown (CK) when you are assessed.",
           ("brief.4.9",), actions=("rest", "drink", "seek_care"), now=True),
    Advice("claudication_walking", "Supervised exercise for claudication", "treatment",
           "Supervised walking or exercise programmes and cardiovascular risk reduction (stopping smoking, blood pressure, cholesterol) are the mainstay for claudication.",
           ("brief.4.6",), actions=("load", "rehab")),
    Advice("pressure_testing", "Compartment-pressure testing", "referral",
           "Ask a sports-medicine or orthopaedic clinician about compartment-pressure testing; running retraining (for example changing foot strike) can help.",
           ("brief.1.2", "brief.4.3"), actions=("seek_care", "rehab", "run")),
    Advice("toe_brachial_index", "Toe-brachial index", "referral",
           "An ankle-brachial index above 1.4 means the ankle arteries are too stiff to compress, not that they are normal: "
           "ask for a toe-brachial index or an arterial duplex ultrasound to check the blood flow.",
           ("aha.abi_2012", "nice.cg147", "brief.4.6"), actions=("seek_care",)),
    Advice("vascular_assessment", "Vascular assessment", "referral",
           "Ask for a vascular assessment of the arteries behind the knee (pulses and dynamic imaging with the foot pointed).",
           ("brief.4.4",), actions=("seek_care",)),
    # Prevention, from the seed article.
    Advice("warm_up", "Warm-up and cool-down", "prevention",
           "Warm up before every run (lunges, squats, leg swings, easy jogging) and cool down afterwards with gentle stretching.",
           ("seed.prevention.warm_up",), actions=("load", "run", "stretch")),
    Advice("hydration", "Hydration and nutrition", "prevention",
           "Drink adequately before and during runs, especially long or hot ones, and eat a balanced diet that supports muscle function; "
           "drinking extra alone does not prevent every cramp, and over-drinking has its own risks.",
           ("seed.prevention.hydration_nutrition", "brief.2.3"), actions=("drink",)),
    Advice("gradual_progression", "Gradual progression", "prevention",
           "Increase running intensity and distance gradually, following a structured plan; avoid sudden jumps in weekly volume or one-off runs much longer than usual.",
           ("seed.prevention.gradual_progression", "brief.2.6"), actions=("run",)),
    Advice("regular_strength_stretch", "Regular strengthening and stretching", "prevention",
           "Make calf strengthening (calf raises, resistance bands) and regular stretching part of your routine.",
           ("seed.prevention.strength_stretch", "brief.7.3"), actions=("load", "stretch")),
    Advice("listen_to_body", "Listen to your body", "prevention",
           "Do not ignore early signs such as mild tightness or a persistent ache: adjust your training or get treatment early, before a small problem becomes a serious injury.",
           ("seed.prevention.listen",), actions=("run",)),
    # Referrals from "when to see a doctor".
    Advice("see_doctor_if_persistent", "See a doctor if it persists", "referral",
           "See a doctor if the pain does not go away after a few days of rest, ice, compression and elevation, or if it makes walking or running difficult: "
           "it could be a muscle tear or tendinitis that needs specific treatment.",
           ("seed.doctor.persistent_severe",), actions=("wait", "rest", "cold", "compression", "elevation", "seek_care")),
    Advice("sports_medicine_review", "Sports-medicine review", "referral",
           "A sports medicine specialist or physical therapist can find the cause of the pain and plan the treatment.",
           ("seed.doctor.serious_signs", "seed.treatment.physical_therapy"), actions=("seek_care",)),
    Advice("go_emergency", "Emergency care now", "referral",
           "Go to an emergency department now or call an ambulance; do not drive yourself.",
           ("seed.doctor.serious_signs", "brief.5"), actions=("seek_care",), now=True),
    Advice("go_urgent", "Same-day assessment", "referral",
           "Get a medical assessment today: swelling, warmth, redness or rapidly worsening pain need immediate medical attention.",
           ("seed.doctor.serious_signs", "brief.5"), actions=("seek_care",), now=True),
    Advice("book_doctor", "Doctor's appointment within days", "referral",
           "Book an appointment with a doctor or sports-medicine clinician within the next few days.",
           ("seed.doctor.persistent_severe", "brief.5"), actions=("seek_care",)),
    # Safety-nets.
    Advice("safety_net_self_care", "Safety-net", "safety-net",
           "Call an ambulance or go to an emergency department now for breathlessness or chest pain, pain that keeps increasing and is severe at rest, "
           "a tight hard calf, a numb, cold, pale or blue foot, dark urine, fever with a red spreading leg, "
           "numbness around the genitals or buttocks (saddle area), a new change in bladder or bowel control, or weakness in both legs. "
           "Get seen the same day for a swollen, warm, tender calf on one side (especially after travel, surgery, hormones or pregnancy), "
           "if you cannot bear weight, or for a snap at the back of the heel. "
           "Book an appointment if you are not improving after about a week, are getting worse, have bone pain at rest or at night, or the pain keeps coming back on runs.",
           ("brief.7.6", "brief.5", "brief.2.8", "brief.4.8", "seed.doctor.serious_signs", "seed.doctor.persistent_severe"),
           actions=("seek_care",), now=True),
    Advice("safety_net_waiting", "Safety-net while waiting", "safety-net",
           "While you wait to be seen: call an ambulance at once for breathlessness, chest pain, coughing blood, collapse, a cold, pale or numb foot, "
           "a tight hard calf with worsening pain, dark urine, fever with red skin that is spreading, "
           "numbness around the genitals or buttocks (saddle area), a new change in bladder or bowel control, or weakness in both legs.",
           ("brief.7.6", "brief.5", "brief.2.8", "brief.4.8"), actions=("seek_care",), now=True),
)}


CARE_PLANS: dict[str, tuple[str, ...]] = {
    "calf_strain": ("rest", "ice", "compression", "elevation", "paracetamol", "nsaids", "heat", "massage", "stretching",
                    "strengthening", "return_to_run", "physical_therapy", "see_doctor_if_persistent"),
    "calf_tear": ("rest", "ice", "paracetamol", "physical_therapy"),
    "muscle_cramp": ("cramp_release", "stretching", "hydration", "massage"),
    "doms": ("active_recovery", "heat", "massage", "listen_to_body"),
    "stress_fracture": ("stop_running", "cross_training", "paracetamol", "vary_surfaces", "gradual_progression", "sports_medicine_review"),
    "lumbar_radiculopathy": ("back_assessment", "paracetamol"),
    "achilles_tendinopathy": ("heel_drops", "pain_guided_running", "load_reduction", "footwear_fit", "physical_therapy", "see_doctor_if_persistent"),
    "achilles_rupture": ("achilles_first_aid",),
    "medial_tibial_stress_syndrome": ("load_reduction", "pain_guided_running", "strengthening", "vary_surfaces", "gradual_progression", "footwear_fit"),
    "dvt": (),
    "pulmonary_embolism": (),
    "acute_compartment_syndrome": ("compartment_first_aid",),
    "chronic_exertional_compartment_syndrome": ("pressure_testing", "gait_analysis"),
    "popliteal_artery_entrapment": ("vascular_assessment",),
    "bakers_cyst_rupture": ("rest", "paracetamol"),
    "peripheral_artery_disease": ("claudication_walking",),
    "superficial_thrombophlebitis": (),
    "cellulitis": ("elevation",),
    "exertional_rhabdomyolysis": ("rhabdo_first_aid",),
}
"""What to do for each suspected condition (before unsafe advice is withheld)."""

NOT_NEEDED_WHEN_KNOWN: dict[str, tuple[str, ...]] = {
    "pressure_testing": ("measurements.compartment_pressure_mmhg.pre_exercise", "measurements.compartment_pressure_mmhg.one_min_post",
                         "measurements.compartment_pressure_mmhg.five_min_post"),
}
"""A care-plan item that asks for a test is left out when the case already holds that test's result."""


FACTOR_ADVICE: dict[str, tuple[str, ...]] = {
    "footwear": ("footwear_fit", "footwear_transition"),
    "running_mechanics": ("gait_analysis",),
    "training_load": ("gradual_progression", "load_reduction"),
    "previous_injury": ("return_to_run", "regular_strength_stretch", "physical_therapy"),
    "dehydration": ("hydration",),
    "proximal_tightness": ("hip_hamstring_mobility",),
    "no_warm_up": ("warm_up",),
    "hard_surfaces": ("vary_surfaces",),
    "low_energy_availability": ("energy_availability",),
}
"""What to do about each contributing factor that is present."""


TRIAGE_ADVICE: dict[str, tuple[str, ...]] = {
    "emergency": ("go_emergency", "stop_running", "safety_net_waiting"),
    "urgent": ("go_urgent", "stop_running", "safety_net_waiting"),
    "see_doctor": ("book_doctor", "sports_medicine_review", "safety_net_waiting"),
    "self_care": ("safety_net_self_care", "listen_to_body", "regular_strength_stretch", "warm_up"),
}
"""What every answer at a triage level carries: the referral and its safety-net."""




ACTION_ADVICE: dict[str, str] = {
    "massage": "massage", "heat": "heat", "stretch": "stretching", "compression": "compression", "elevation": "elevation",
    "nsaid": "nsaids", "run": "pain_guided_running", "load": "strengthening", "cold": "ice",
    "wait": "see_doctor_if_persistent", "rehab": "physical_therapy",
}
"""The advice that stands for an action in "what not to do" when a condition, danger sign or situation withholds
the action but no rule proposed advice involving it (so the runner still reads "massage: not now")."""


@dataclass(frozen=True)
class Unsafe:
    """Actions that are unsafe in a situation, with the reason the explanation gives."""

    actions: tuple[str, ...]
    reason: str
    sources: tuple[str, ...]


def _u(actions: str | tuple[str, ...], reason: str, *sources: str) -> Unsafe:
    return Unsafe((actions,) if isinstance(actions, str) else actions, reason, sources)


_DVT_UNSAFE = (
    _u("massage", "massage or foam rolling of a calf that may hold a clot can dislodge it; fatal pulmonary embolism has been reported", "brief.4.1"),
    _u("heat", "heat is avoided on a possible clot until it has been assessed (a precaution)", "brief.4.1"),
    _u("compression", "a compression wrap applied for a 'strain' should wait until a clot has been excluded", "brief.4.1"),
    _u(("run", "load"), "running or strenuous training is stopped while a clot is possible", "brief.4.1"),
    _u("nsaid", "anti-inflammatories or aspirin before assessment add to bleeding risk if blood thinners are started (a precaution)", "brief.4.1", "brief.7.2"),
    _u("stretch", "the calf should not be worked on until a clot has been excluded", "brief.4.1"),
)

_ACS_UNSAFE = (
    _u("elevation", "raising the leg above the heart lowers the blood flow into a compartment under pressure; keep it at heart level", "brief.4.2", "brief.7.1"),
    _u("compression", "compression raises the pressure in the compartment further", "brief.4.2"),
    _u("stretch", "pain on passive stretch is itself a danger sign, and stretching adds pressure", "brief.4.2", "brief.7.5"),
    _u("massage", "massage of a compartment under pressure can worsen the damage", "brief.4.2"),
    _u(("run", "load"), "exercise must stop: muscle and nerve can die within hours", "brief.4.2"),
    _u("heat", "heat increases swelling in a compartment under pressure", "brief.4.2"),
    _u("wait", "'rest and wait' is unsafe: compartment syndrome needs emergency surgery within hours", "brief.1.5", "brief.4.2"),
)

UNSAFE: dict[str, tuple[Unsafe, ...]] = {
    "dvt": _DVT_UNSAFE,
    "pulmonary_embolism": (
        _u("massage", "massage of a leg that may hold a clot can send more clot to the lungs", "brief.4.1"),
        _u(("run", "load"), "any exertion is stopped with a possible pulmonary embolism", "brief.4.1"),
        _u("wait", "a possible pulmonary embolism is an emergency: never wait to see whether it settles", "brief.4.1", "brief.5"),
    ),
    "acute_compartment_syndrome": _ACS_UNSAFE,
    "stress_fracture": (
        _u("run", "running through a possible stress fracture can turn it into a complete fracture; running must stop until it has been assessed", "brief.2.9"),
        _u("nsaid", "regular anti-inflammatories are linked to more stress fractures and slower bone healing; prefer paracetamol (a caution)", "brief.2.9", "brief.7.2"),
    ),
    "achilles_rupture": (
        _u("stretch", "stretching the calf can widen the gap in a ruptured tendon", "brief.2.11", "brief.7.5"),
        _u("load", "heel drops, strengthening or walking on the leg load a ruptured tendon; this waits until it has been assessed and treated", "brief.2.11"),
        _u("run", "walking or running on a possible rupture makes it worse", "brief.2.11"),
        _u("massage", "the tendon should not be worked on before assessment", "brief.2.11"),
        _u("wait", "a possible rupture needs assessment the same day; treatment works best when started early", "brief.2.11", "brief.5"),
    ),
    "calf_tear": (
        _u("stretch", "stretching a completely torn muscle can widen the tear", "brief.2.2", "brief.7.5"),
        _u("run", "running on a complete tear is unsafe; running waits for specialist review", "brief.2.2"),
        _u("heat", "heat early on increases bleeding into the torn muscle", "brief.2.2", "brief.7.1"),
        _u("massage", "massage early on increases bleeding into the torn muscle", "brief.2.2", "brief.7.1"),
        _u("compression", "tight compression waits until compartment syndrome has been excluded", "brief.2.2"),
    ),
    "exertional_rhabdomyolysis": (
        _u("nsaid", "anti-inflammatories add to the risk of kidney injury with muscle breakdown", "brief.4.9", "brief.7.2"),
        _u("heat", "heat, saunas or hot baths add to muscle and kidney stress (a precaution)", "brief.4.9"),
        _u(("run", "load"), "further exercise worsens muscle breakdown", "brief.4.9"),
        _u("massage", "deep massage of damaged muscle can worsen the breakdown (a precaution)", "brief.4.9"),
    ),
    "cellulitis": (
        _u("massage", "massage can spread an infection", "brief.4.8"),
        _u("heat", "heat on an infected leg is avoided", "brief.4.8"),
        _u("run", "running on an infected leg is avoided until it is treated", "brief.4.8"),
    ),
    "bakers_cyst_rupture": (
        _u("massage", "massage waits until a DVT, which can look identical, has been excluded", "brief.4.5"),
        _u("run", "running waits until the swelling has been assessed", "brief.4.5"),
    ),
    "superficial_thrombophlebitis": (
        _u("massage", "massage over an inflamed, clotted vein is avoided", "brief.4.7"),
    ),
    "lumbar_radiculopathy": (
        _u("massage", "deep calf massage treats the wrong place and delays the right assessment", "brief.2.8"),
    ),
    "popliteal_artery_entrapment": (
        _u("run", "training through pain from a squeezed artery risks damaging it", "brief.4.4"),
        _u(("massage", "stretch"), "a massage or stretching programme for a 'strain' delays the right assessment", "brief.4.4"),
    ),
    "peripheral_artery_disease": (
        _u("heat", "strong local heat on a leg with poor blood flow can burn (a precaution)", "brief.4.6"),
    ),
    "chronic_exertional_compartment_syndrome": (
        _u("run", "running repeatedly into numbness or weakness can leave it permanent", "brief.4.3"),
    ),
    # Situations that are not conditions.
    "first_days_of_injury": (
        _u("heat", "heat in the first 72 hours after a muscle injury increases bleeding and swelling (the HARM factors)", "brief.2.1", "brief.7.1"),
        _u("massage", "deep massage in the first 72 hours after a muscle injury increases bleeding and swelling (the HARM factors)", "brief.2.1", "brief.7.1"),
        _u("stretch", "stretching is not recommended in the first days of an acute strain", "brief.7.5"),
        _u("nsaid", "anti-inflammatories in the first 48 hours may slow repair; prefer paracetamol", "brief.7.1", "brief.7.2"),
    ),
    "on_anticoagulant": (
        _u("nsaid", "anti-inflammatories with a blood thinner raise the risk of bleeding; prefer paracetamol", "brief.7.2"),
    ),
    "after_long_or_hot_run": (
        _u("nsaid", "anti-inflammatories during or just after long or hot efforts raise the risk of acute kidney injury", "brief.7.2"),
    ),
    "acute_limb_ischaemia": (
        _u(("run", "load"), "exercise with a possibly blocked artery worsens the lack of blood; never exercise advice with acute signs", "brief.4.4", "brief.4.6", "brief.5"),
        _u("heat", "heat on a leg without enough blood flow can burn and raises its need for oxygen", "brief.4.6"),
        _u(("elevation", "compression"), "raising or compressing a leg short of blood lowers the flow further", "brief.4.6", "brief.5"),
        _u("massage", "the leg should not be worked on before it has been assessed", "brief.5"),
    ),
    # The triage level shapes the plan: what to do now comes first.
    "emergency": (
        _u("wait", "in an emergency, never wait to see whether it settles: get help now", "brief.0", "brief.5"),
        _u("rehab", "rehabilitation comes after assessment and treatment, not before", "brief.5"),
        _u("later", "in an emergency, do only first aid and get help now; everything else waits until you have been assessed", "brief.0", "brief.5"),
    ),
    "urgent": (
        _u("wait", "this needs a medical assessment today: do not wait to see whether it settles", "brief.5", "brief.7.6"),
        _u("rehab", "rehabilitation comes after assessment, once the cause is known", "brief.5"),
    ),
}
"""Actions withheld while a condition, a danger sign or a situation holds, or at a triage level, with the
reason the explanation gives.  An advice item that involves a withheld action is withheld, whatever its
id or wording."""

IMPLIES: dict[str, tuple[str, ...]] = {
    "pulmonary_embolism": ("dvt",),
}
"""Suspecting one condition means the other is possible too (a pulmonary embolism comes from a leg clot):
every withhold of the implied condition applies."""

DANGER_SIGNS: dict[str, tuple[str, ...]] = {
    # Red flags (ids in RED_FLAGS) -> the situations (UNSAFE keys) whose withholds they bring.
    "pe_symptoms": ("pulmonary_embolism",),
    "compartment_signs": ("acute_compartment_syndrome",),
    "limb_ischaemia": ("acute_limb_ischaemia",),
    "dark_urine": ("exertional_rhabdomyolysis",),
    "spreading_infection": ("cellulitis",),
    "low_oxygen": ("pulmonary_embolism",),
    "escalating_rest_pain": ("acute_compartment_syndrome", "acute_limb_ischaemia"),
    "severe_infection": ("cellulitis",),
    "systemic_cramps": ("exertional_rhabdomyolysis",),
    "very_high_temperature": ("exertional_rhabdomyolysis",),
}
"""Danger signs withhold what is unsafe with the condition they point to, even when no condition crosses its
threshold (a red flag is not a diagnosis, but it is reason enough to avoid the dangerous actions)."""

SITUATIONS: dict[str, str] = {
    "first_days_of_injury": "the first days after an acute muscle injury",
    "after_long_or_hot_run": "the pain came in a long or hot run",
    "on_anticoagulant": "you take a blood thinner",
    "dvt_signs": "signs of a possible clot in the leg (swelling of the whole calf or leg, pitting oedema, tenderness along the deep veins, "
                 "collateral veins or a calf 2 cm or more bigger than the other), not in both legs",
    "acute_limb_ischaemia": "a possibly blocked artery (acute limb ischaemia)",
    "compartment_danger_signs": "a sign of acute compartment syndrome (a tense compartment, pain on passive stretch, "
                                "or pain out of proportion that does not settle at rest)",
}
"""Situations other than conditions that make advice unsafe, as the explanation names them."""


def unsafe_for(key: str) -> tuple[Unsafe, ...]:
    """What is unsafe with a condition or situation, including what the conditions it implies make unsafe."""
    out = list(UNSAFE.get(key, ()))
    for implied in IMPLIES.get(key, ()):
        out += unsafe_for(implied)
    return tuple(out)


def withheld_actions(key: str) -> tuple[str, ...]:
    """The actions withheld with a condition or situation (its own and those of the conditions it implies)."""
    return tuple(dict.fromkeys(a for u in unsafe_for(key) for a in u.actions))


def reasons_for(key: str, action: str) -> tuple[Unsafe, ...]:
    """The entries that make ``action`` unsafe with ``key`` (its own first, then those of implied conditions)."""
    return tuple(u for u in unsafe_for(key) if action in u.actions)


def involves(advice_id: str, actions: set[str] | frozenset[str]) -> bool:
    """Whether the advice involves any of ``actions``."""
    return bool(ADVICE[advice_id].involves & actions)
