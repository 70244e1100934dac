"""The questions a runner is asked, one entry per case field: reviewed plain-language wording.

One table for everything a person reads about a finding: the interview (``calfexpert ask``) asks these
texts, and the reports phrase "what would change the answer" with them (:func:`question_for`).  Each entry
gives the question in the runner's words (no field names: the case path is shown only as a hint beside
it), and why it is asked, in plain words, with the clinical-brief section behind it.

:data:`CHECKLISTS` groups yes/no findings into one checklist question ("Do you have any of these? ... /
none / don't know"): the red flags and the risk factors, so a runner with none of them answers in one
step.  A checklist item is worded as a statement the runner can tick.

A test checks that every field of the case schema has an entry here and that no entry names a field
the case schema does not have.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldQuestion:
    """The question for one case field."""

    path: str
    """The case field (dotted path): shown as a hint, never inside the question."""
    text: str
    """The question, in a runner's words."""
    why: str
    """Why it is asked, in plain words (and the clinical-brief section behind it)."""
    item: str = ""
    """The finding as a statement to tick in a checklist ("chest pain, worse on breathing in")."""
    examiner: bool = False
    """Needs an examiner or a test result (a runner may well answer "don't know")."""


def _q(path: str, text: str, why: str, item: str = "", examiner: bool = False) -> FieldQuestion:
    return FieldQuestion(path, text, why, item, examiner)


_ENTRIES: tuple[FieldQuestion, ...] = (
    # --- The runner. ---
    _q("runner.age", "How old are you?",
       "age changes the likely causes: a clot, blocked arteries and tendon ruptures are commoner with age (brief §1.1, §4.6)."),
    _q("runner.sex", "What is your sex (female, male or other)?",
       "some risks differ: stress fractures with low energy intake, hormonal clot risk (brief §3, §6.2)."),
    _q("runner.weekly_distance_km", "How many kilometres do you usually run a week?",
       "your usual load is the yardstick for an overuse injury (brief §2.6)."),
    # --- The pain. ---
    _q("pain.side", "Which leg hurts: left, right or both?",
       "a clot, a tear or a rupture is one-sided; soreness after a hard session is usually in both legs (brief §1.1, §2.4)."),
    _q("pain.location", "Where does it hurt? (you can give several places)",
       "the place points to the muscle, the tendon, the shin bone or the back of the knee (brief §2)."),
    _q("pain.onset", "Did the pain come on suddenly, or gradually?",
       "a sudden start points to an injury or a clot; a gradual one to overuse (brief §2)."),
    _q("pain.started", "When did the pain first appear: during a run, after a run, the day after, at rest, or at an injury?",
       "cramps and strains start in a run, soreness a day or two after, a clot at any time, even at rest (brief §2)."),
    _q("pain.days_since_onset", "How many days ago did it start?",
       "muscle soreness settles within a few days; pain that lasts longer needs another explanation (brief §2.4, §7.6)."),
    _q("pain.severity", "How bad is the pain at its worst, from 0 (none) to 10 (the worst imaginable)?",
       "severe pain, and pain out of proportion to the injury, are warning signs (brief §1.5, §5)."),
    _q("pain.quality", "What does the pain feel like? (you can give several words)",
       "a cramp, a tear, a nerve and a clot feel different (brief §2)."),
    _q("pain.trend", "Is the pain getting better, staying the same, getting worse, or getting worse fast?",
       "pain that worsens instead of settling is a warning sign (brief §5, §7.6)."),
    _q("pain.pop_or_kick_sensation", "Did you feel a pop or snap, or as if someone kicked or shot you in the leg?",
       "that feeling is typical of a muscle tear or an Achilles rupture (brief §2.2, §2.11).",
       "a pop or snap, or a feeling of being kicked in the leg"),
    _q("pain.involuntary_spasm", "Did the muscle lock in a hard knot you could see or feel?",
       "a visible knot that lets go is a cramp, not an injury (brief §2.3).",
       "the muscle locked in a hard knot you could see or feel"),
    _q("pain.eased_by_stretching", "Did the pain let go within minutes of gently stretching the calf?",
       "a cramp eases with stretching; a tear or a clot does not (brief §2.3).",
       "it let go within minutes of gentle stretching"),
    _q("pain.same_point_each_run", "Does the pain start at about the same time, distance or pace on every run?",
       "pain that comes predictably with exercise and goes with rest points to exertional compartment syndrome or an "
       "artery problem (brief §4.3, §4.4).",
       "it starts at about the same time, distance or pace on every run"),
    _q("pain.eases_within_minutes_of_stopping", "When you stop running, does the pain go away within about half an hour?",
       "exertional compartment pain goes within minutes of stopping; pain that stays needs another explanation "
       "(brief §4.3).",
       "it goes within about half an hour of stopping"),
    _q("pain.persists_at_rest", "Does it still hurt when you are resting, after you have stopped?",
       "pain at rest fits a clot, an injury or an acute compartment syndrome more than an exertional problem "
       "(brief §4.1, §4.2).",
       "it still hurts at rest, after stopping"),
    _q("pain.at_night", "Does the pain wake you at night, or ache at night?",
       "night pain is a warning sign for a stress fracture and for blocked arteries (brief §2.9, §4.6).",
       "it wakes you or aches at night"),
    _q("pain.hurts_to_hop", "Does it hurt to hop on the painful leg?",
       "pain on hopping points to a stress fracture (brief §2.9).",
       "it hurts to hop on the painful leg"),
    _q("pain.walking_difficult", "Does the pain make walking difficult?",
       "not being able to walk normally needs a same-day assessment (brief §5, §7.6).",
       "pain that makes walking difficult"),
    _q("pain.radiates_from_back_or_buttock", "Does the pain travel down from your lower back or buttock?",
       "pain from the back points to a trapped nerve, not the calf itself (brief §2.8).",
       "it travels down from the lower back or buttock"),
    _q("pain.worse_sitting_or_coughing", "Is it worse when you sit or cough?",
       "that pattern points to a nerve root in the back (brief §2.8).",
       "it is worse when sitting or coughing"),
    _q("pain.morning_stiffness", "Is it stiff first thing in the morning, or at the start of a run?",
       "morning and start-up stiffness is typical of Achilles tendinopathy (brief §2.10).",
       "stiff first thing in the morning or at the start of a run"),
    # --- What can be seen or felt. ---
    _q("signs.swelling", "Is the painful leg swollen: not at all, in one area, the whole calf, or the entire leg?",
       "one-sided swelling is the commonest sign of a clot; a whole swollen leg scores on the Wells score (brief §1.1, §4.1)."),
    _q("signs.calf_swelling_difference_cm",
       "How much bigger is the painful calf than the other, measured 10 cm below the kneecap bump, in cm?",
       "a difference of 3 cm or more scores on the Wells score for a clot (brief §1.1).", examiner=True),
    _q("signs.pitting_edema", "If you press a finger into the swollen skin for a few seconds, does it leave a dent (only on the painful leg)?",
       "pitting swelling on one side scores on the Wells score for a clot (brief §1.1).",
       "a dent that stays when the swollen skin is pressed"),
    _q("signs.warmth", "Does the painful calf feel unusually warm?",
       "warmth points to a clot or an infection (brief §4.1, §4.8).", "a warm calf"),
    _q("signs.redness", "Is the skin of the painful calf or leg red?",
       "redness points to a clot, an inflamed vein or an infection (brief §4.1, §4.7, §4.8).", "red skin on the calf"),
    _q("signs.spreading_redness", "Is the redness spreading over hours?",
       "spreading redness is an infection until shown otherwise (brief §4.8).", "redness spreading over hours"),
    _q("signs.bruising", "Is there bruising on the calf, ankle or foot?",
       "bruising that appears after a few days points to a muscle tear (brief §2.2).",
       "bruising on the calf, ankle or foot"),
    _q("signs.crescent_bruise_below_ankle", "Is there a crescent-shaped bruise below the inner ankle bone?",
       "that bruise is the sign of a burst Baker's cyst (brief §4.5).",
       "a crescent-shaped bruise below the inner ankle bone"),
    _q("signs.tender_muscle", "Is the muscle itself tender when you press it, or where the muscle joins the tendon?",
       "a tender muscle points to a strain or tear (brief §2.1)."),
    _q("signs.tender_bone_spot", "Is there one small spot on the bone (less than 5 cm long) that hurts when pressed?",
       "pinpoint bone tenderness points to a stress fracture (brief §2.9).",
       "one small spot on the bone hurts when pressed"),
    _q("signs.tender_shin_edge_5cm_or_more", "Is the inner edge of the shin bone tender along 5 cm or more?",
       "tenderness along the shin edge is typical of shin splints (brief §1.4, §2.12)."),
    _q("signs.tender_along_deep_veins", "Did an examiner find tenderness along the deep veins of the calf or thigh?",
       "tenderness along the deep veins scores on the Wells score for a clot (brief §1.1).",
       "tenderness along the deep veins (found by an examiner)", examiner=True),
    _q("signs.tender_achilles", "Is the Achilles tendon tender when you squeeze it?",
       "a tender tendon points to Achilles tendinopathy (brief §2.10)."),
    _q("signs.thickened_achilles", "Does the Achilles tendon feel thicker than on the other side?",
       "a thickened tendon points to Achilles tendinopathy (brief §2.10)."),
    _q("signs.palpable_gap", "Can you feel a gap or dent in the muscle or tendon?",
       "a gap means a complete tear or rupture: an urgent problem (brief §2.2, §2.11).", "a gap felt in the muscle or tendon"),
    _q("signs.collateral_superficial_veins", "Are there new surface veins showing on the painful leg (not varicose veins)?",
       "new collateral veins score on the Wells score for a clot (brief §1.1).",
       "new surface veins showing on the leg (not varicose veins)", examiner=True),
    _q("signs.palpable_cord", "Can you feel a red, tender, hard cord along a vein under the skin?",
       "a hard, tender cord is an inflamed surface vein, which can extend into a deep clot (brief §4.7).",
       "a red, tender, hard cord along a vein under the skin"),
    _q("signs.lump_behind_knee", "Do you have a lump or fullness behind the knee, a known Baker's cyst, or a swollen knee?",
       "a Baker's cyst that bursts mimics a clot (brief §4.5).",
       "a lump or fullness behind the knee, or a known Baker's cyst"),
    _q("signs.tense_compartment", "Does the calf or shin feel hard, tight or \"woody\" when you press it?",
       "a hard, tense compartment is a sign of acute compartment syndrome, which needs surgery within hours (brief §1.5, §4.2).",
       "a calf or shin that feels hard, tight or \"woody\""),
    _q("signs.pain_out_of_proportion", "Is the pain far worse than the injury seems to explain?",
       "pain out of proportion is the earliest sign of acute compartment syndrome (brief §1.5, §4.2).",
       "pain far worse than the injury explains"),
    _q("signs.pain_on_passive_stretch", "Does it hurt a lot when someone gently moves your foot and toes to stretch the calf or shin?",
       "pain on passive stretch is a sign of acute compartment syndrome (brief §1.5, §4.2).",
       "severe pain when the foot and toes are moved to stretch the calf"),
    _q("signs.numbness_or_tingling", "Do you have numbness or tingling in the foot or leg?",
       "numbness points to a squeezed nerve or a blocked artery (brief §2.8, §4.6).", "numbness or tingling in the foot or leg"),
    _q("signs.saddle_numbness_or_bladder_change",
       "Any numbness between your legs or around the bottom, or a change in passing urine or controlling your bladder?",
       "these are the signs of cauda equina syndrome, an emergency (brief §2.8, §5).",
       "numbness between the legs or around the bottom, or a change in bladder control"),
    _q("signs.foot_weakness", "Is pushing off weak, or does the foot drop or slap when you walk?",
       "weakness points to a squeezed nerve or a ruptured tendon (brief §2.8, §2.11).", "a weak push-off or a dropping foot"),
    _q("signs.cold_or_pale_foot", "Is your foot cold or pale even at rest?",
       "a cold, pale foot at rest means the blood supply may be blocked: an emergency (brief §4.6, §5).",
       "a foot that is cold or pale even at rest"),
    _q("signs.foot_cold_or_numb_after_running", "Does the foot go cold or numb only when you run, and recover afterwards?",
       "a foot that goes cold with exercise points to a squeezed artery (popliteal entrapment) (brief §4.4).",
       "a foot that goes cold or numb only when running"),
    _q("signs.weak_foot_pulse", "Has anyone found the pulse in your foot weak or missing?",
       "a weak foot pulse points to a blocked or squeezed artery (brief §4.4, §4.6).",
       "a weak or missing foot pulse", examiner=True),
    _q("signs.can_bear_weight", "Can you stand and put your weight on the painful leg?",
       "not being able to bear weight needs a same-day assessment (brief §5, §7.6).",
       "you cannot put your weight on the leg"),
    _q("signs.can_heel_raise", "Can you rise up onto the toes of the painful leg alone (a single-leg heel raise)?",
       "not being able to do a heel raise points to a tear or an Achilles rupture (brief §1.3, §2.2).",
       "you cannot rise onto the toes of that leg alone (a single-leg heel raise)"),
    _q("signs.thompson_test_positive", "When the calf is squeezed (lying face down), does the foot fail to point down?",
       "no foot movement on a calf squeeze (a positive Thompson test) means the Achilles tendon is ruptured (brief §1.3, §2.11).",
       examiner=True),
    _q("signs.straight_leg_raise_positive", "Does lifting the straight leg while lying on your back bring on the leg pain?",
       "a positive straight-leg raise points to a trapped nerve root in the back (brief §2.8).",
       "lifting the straight leg brought on the leg pain (a positive straight-leg raise)", examiner=True),
    _q("signs.skin_wound_or_blister", "Is there a cut, blister, graze or cracked skin on the leg or foot?",
       "a break in the skin lets in the infection of cellulitis (brief §4.8).", "a cut, blister or cracked skin on the leg or foot"),
    _q("signs.fever", "Do you have a fever (38 °C or more), or feel hot and shivery?",
       "fever with a red, warm leg points to an infection (brief §4.8).", "a fever, or feeling hot and shivery"),
    _q("signs.dark_urine", "Is your urine dark, like tea or cola, or are you passing much less than usual?",
       "dark urine after hard exercise points to muscle breakdown (rhabdomyolysis), an emergency (brief §4.9, §5).",
       "dark urine (like tea or cola), or passing much less"),
    _q("signs.confusion_or_collapse", "Have you been confused, fainted or collapsed?",
       "confusion or collapse needs emergency care (brief §4.9, §5).", "confusion, fainting or collapse"),
    _q("signs.chest_pain", "Do you have sharp chest or upper-back pain that is worse when you breathe in?",
       "with calf pain, chest pain points to a clot in the lungs (pulmonary embolism), an emergency (brief §4.1, §5).",
       "sharp chest or upper-back pain, worse on breathing in"),
    _q("signs.short_of_breath", "Are you suddenly, or unexpectedly, short of breath?",
       "with calf pain, breathlessness points to a clot in the lungs (pulmonary embolism), an emergency (brief §4.1, §5).",
       "sudden or unexplained shortness of breath"),
    _q("signs.coughing_blood", "Have you coughed up blood?",
       "with calf pain, coughing blood points to a clot in the lungs (pulmonary embolism), an emergency (brief §4.1, §5).",
       "coughing up blood"),
    # --- History. ---
    _q("history.training_increase_pct", "By how much (in %) has your weekly running increased over the last 2 to 4 weeks?",
       "a quick rise in training is the commonest cause of overuse injuries (brief §2.6)."),
    _q("history.new_speed_or_hill_work", "Have you recently started speed or hill sessions?",
       "new speed or hill work loads the calf and shin in a new way (brief §2.6).", "recently started speed or hill sessions"),
    _q("history.unaccustomed_session", "Was there a first long, hard or downhill session in a while?",
       "an unaccustomed session is the classic cause of muscle soreness (brief §2.4).",
       "a first long, hard or downhill session in a while"),
    _q("history.long_or_hot_run", "Did the pain come during a long or hot run or race?",
       "cramps and muscle breakdown come with long or hot efforts (brief §2.3, §4.9).", "a long or hot run or race"),
    _q("history.poor_hydration", "Did you drink too little before or during the run?",
       "too little to drink makes cramps and muscle breakdown likelier (brief §2.3, §4.9).",
       "drinking too little before or during the run"),
    _q("history.history_of_cramps", "Have you had cramps when exercising before?",
       "a history of exercise cramps makes a cramp likelier (brief §2.3).", "cramps when exercising before"),
    _q("history.new_shoes", "Are you running in new shoes?", "new shoes change the load on the calf and shin (brief §2.5).",
       "running in new shoes"),
    _q("history.switched_to_minimalist_or_forefoot",
       "Have you recently switched to minimalist or zero-drop shoes, or to landing on the front of your foot?",
       "that switch loads the calf and Achilles much more (brief §2.5).",
       "a recent switch to minimalist shoes or to landing on the forefoot"),
    _q("history.shoe_distance_km", "About how many kilometres have you run in your current shoes?",
       "worn-out shoes are a risk factor for overuse injuries (brief §2.5)."),
    _q("history.overstriding", "Do you overstride (land with your foot well ahead of your body)?",
       "overstriding is a risk factor for shin and calf overuse injuries (brief §2.5).", "overstriding"),
    _q("history.hard_surfaces", "Do you run mostly on hard surfaces such as roads or pavement?",
       "hard surfaces are a risk factor for overuse injuries (brief §2.5).", "running mostly on roads or pavement"),
    _q("history.skipped_warm_up", "Did you skip your warm-up before the run?",
       "a cold muscle strains more easily (brief §6.3).", "no warm-up before the run"),
    _q("history.tight_hamstrings_or_glutes", "Are your hamstrings or buttock muscles tight?",
       "tight hamstrings and glutes add load on the calf (brief §6.3).", "tight hamstrings or buttock muscles"),
    _q("history.lower_back_pain", "Do you have lower back pain?",
       "back pain with leg pain points to a trapped nerve (brief §2.8).", "lower back pain"),
    _q("history.previous_calf_injury", "Have you injured this calf before (a strain, tear, fall or blow)?",
       "a previous calf injury is the strongest risk factor for another (brief §2.7, §6.3).", "an earlier injury of this calf"),
    _q("history.previous_stress_fracture", "Have you had a stress fracture before?",
       "a previous stress fracture makes another likelier (brief §2.9, §6.2).", "a stress fracture before"),
    _q("history.low_energy_availability", "Are you eating too little for your training, or have your periods stopped?",
       "low energy availability weakens bone (brief §2.9, §6.2).", "eating too little for the training, or missed periods"),
    _q("history.low_bone_density", "Have you been told you have low bone density (osteopenia or osteoporosis)?",
       "low bone density makes a stress fracture likelier (brief §2.9, §6.2).", "known low bone density"),
    _q("history.direct_blow_or_trauma", "Did you have a kick, fall, crush or fracture of the leg?",
       "a blow or a fracture can cause acute compartment syndrome or a deep bruise (brief §4.2).",
       "a kick, fall, crush or fracture of the leg"),
    _q("history.long_travel_hours", "What was your longest seated journey (car, coach, train or plane) in the last 4 weeks, in hours?",
       "sitting for 4 hours or more is a risk factor for a clot (brief §3, §6.1)."),
    _q("history.surgery_weeks_ago", "If you had an operation recently, how many weeks ago was it?",
       "surgery in the last 12 weeks scores on the Wells score for a clot (brief §1.1)."),
    _q("history.leg_immobilized", "Has the leg been in a cast or boot, or is it paralysed or weak?",
       "an immobilised leg scores on the Wells score for a clot (brief §1.1).", "a cast, boot or paralysis of the leg"),
    _q("history.bedridden_days", "How many days have you recently spent in bed (0 if none)?",
       "bed rest of 3 days or more scores on the Wells score for a clot (brief §1.1)."),
    _q("history.active_cancer", "Do you have cancer that is being treated, was treated in the last 6 months, or is under palliative care?",
       "active cancer scores on the Wells score for a clot (brief §1.1).", "cancer treated now or in the last 6 months"),
    _q("history.previous_dvt_or_pe", "Have you ever had a clot in a leg vein (DVT) or in the lungs (pulmonary embolism)?",
       "a previous clot scores on the Wells score (brief §1.1).", "an earlier clot in a leg or the lungs"),
    _q("history.hormonal_risk", "Do you take the combined pill or HRT, or are you pregnant or within 6 weeks of giving birth?",
       "oestrogen, pregnancy and the weeks after birth raise the risk of a clot (brief §3, §6.1).",
       "the combined pill or HRT, pregnancy, or a birth in the last 6 weeks"),
    _q("history.smoker", "Do you smoke?", "smoking is a risk factor for blocked arteries and clots (brief §3, §4.6).", "smoking"),
    _q("history.diabetes", "Do you have diabetes?", "diabetes is a risk factor for blocked arteries and infections (brief §4.6, §4.8).",
       "diabetes"),
    _q("history.cardiovascular_disease",
       "Do you have known heart or artery disease, high blood pressure or high cholesterol?",
       "these are risk factors for blocked arteries (brief §4.6).", "heart or artery disease, high blood pressure or cholesterol"),
    # --- Measurements (a clinic's results). ---
    _q("measurements.compartment_pressure_mmhg.pre_exercise", "If your compartment pressure was measured: what was it before exercise, in mmHg?",
       "a pressure of 15 mmHg or more before exercise confirms exertional compartment syndrome (Pedowitz criteria, brief §1.2).",
       examiner=True),
    _q("measurements.compartment_pressure_mmhg.one_min_post", "And 1 minute after exercise, in mmHg?",
       "30 mmHg or more 1 minute after exercise confirms exertional compartment syndrome (Pedowitz criteria, brief §1.2).",
       examiner=True),
    _q("measurements.compartment_pressure_mmhg.five_min_post", "And 5 minutes after exercise, in mmHg?",
       "20 mmHg or more 5 minutes after exercise confirms exertional compartment syndrome (Pedowitz criteria, brief §1.2).",
       examiner=True),
    _q("measurements.ankle_brachial_index", "If your ankle-brachial index (ankle over arm blood pressure) was measured, what was it?",
       "an index of 0.90 or less confirms blocked leg arteries (brief §4.6).", examiner=True),
    _q("measurements.d_dimer", "If you had a D-dimer blood test, was it positive or negative?",
       "a negative D-dimer with a low Wells score makes a clot unlikely (brief §1.1, §4.1).", examiner=True),
    _q("measurements.dvt_ultrasound", "If you had an ultrasound scan of the leg veins, was a clot found (positive) or not (negative)?",
       "the scan confirms or rules out a clot (brief §4.1).", examiner=True),

    # --- Fields added with the vital signs, medicines and examination findings. ---
    _q("pain.above_knee_or_thigh", "Does the pain, the swelling or a tender vein reach above the knee or into the thigh?",
       "a clot or an inflamed vein that reaches the thigh is more dangerous (brief §4.1, §4.7).",
       "the pain, swelling or a tender vein reaches above the knee or into the thigh"),
    _q("pain.improved_then_worsened", "Was the pain getting better, then did it get worse again?",
       "a 'strain' that turns worse again can be a clot or a compartment problem (brief §4.1, §7.6).",
       "it was getting better, then got worse again"),
    _q("signs.foot_drop", "Does your foot slap down or your toes catch when you walk (you cannot lift the front of the foot)?",
       "a foot drop means a nerve is badly squeezed or damaged (brief §2.8, §5).",
       "the foot slaps down or the toes catch when walking"),
    _q("signs.neurological_signs_both_legs", "Do you have sciatica, numbness, tingling or weakness in both legs?",
       "nerve symptoms in both legs can mean cauda equina syndrome, an emergency (brief §2.8, §5).",
       "sciatica, numbness, tingling or weakness in both legs"),
    _q("signs.ankle_reflex_reduced", "Did an examiner find the ankle reflex reduced or absent on the painful side?",
       "a reduced ankle reflex points to a trapped S1 nerve root (brief §2.8).",
       "a reduced or absent ankle reflex on the painful side", examiner=True),
    _q("signs.matles_test_positive", "Lying face down with both knees bent, did the foot on the painful side hang more flexed "
       "than the other (a positive Matles test)?",
       "a positive Matles test points to an Achilles rupture (brief §1.3, §2.11).",
       "the foot hung more flexed lying face down (a positive Matles test)", examiner=True),
    _q("signs.pulses_drop_on_plantarflexion", "Did an examiner find the foot pulses weaken when you pointed your foot down hard "
       "with the knee straight?",
       "pulses that drop on pointing the foot point to popliteal artery entrapment (brief §4.4).",
       "the foot pulses weakened when the foot was pointed down hard", examiner=True),
    _q("signs.cord_length_cm", "How long is the hard, tender cord along the vein, in cm?",
       "a cord of 5 cm or more needs treatment, as a clot can spread into the deep veins (brief §4.7)."),
    _q("history.recent_major_surgery", "Have you had major surgery (under general or regional anaesthesia) in the last 12 weeks?",
       "recent major surgery scores on the Wells score for a clot (brief §1.1).", "major surgery in the last 12 weeks"),
    _q("history.thrombophilia_or_family_history",
       "Do you have a known clotting disorder, or has a parent, brother or sister had a clot (DVT or pulmonary embolism)?",
       "a clotting disorder or a clot in the family raises the risk of a clot (brief §3, §6.1).",
       "a clotting disorder, or a clot in a parent, brother or sister"),
    _q("history.obesity", "Is your body mass index 30 or more?", "obesity raises the risk of a clot (brief §3, §6.1).",
       "a body mass index of 30 or more"),
    _q("history.pregnant_or_postpartum", "Are you pregnant, or did you give birth in the last 6 weeks?",
       "pregnancy and the weeks after birth raise the risk of a clot (brief §3, §6.1).",
       "pregnant, or a birth in the last 6 weeks"),
    _q("history.varicose_veins", "Do you have varicose veins in the painful leg?",
       "varicose veins make an inflamed surface vein likelier (brief §4.7).", "varicose veins in the painful leg"),
    _q("history.faster_than_usual_pace", "Did the pain come while you were running faster than usual (a race or a hard effort)?",
       "a fast pace brings on cramps and strains (brief §2.1, §2.3).", "running faster than usual when it started"),
    _q("medications.nsaids_during_run", "Did you take anti-inflammatory painkillers (ibuprofen, naproxen ...) before or during the run?",
       "anti-inflammatories during a long run raise the risk to the kidneys with muscle breakdown (brief §4.9, §7.2).",
       "anti-inflammatory painkillers before or during the run"),
    _q("medications.fluoroquinolone", "Have you taken a fluoroquinolone antibiotic (ciprofloxacin, levofloxacin ...) in the last 6 months?",
       "these antibiotics weaken tendons: an Achilles rupture is likelier (brief §2.11).",
       "a fluoroquinolone antibiotic (ciprofloxacin ...) in the last 6 months"),
    _q("medications.statin", "Do you take a statin (a cholesterol medicine such as atorvastatin or simvastatin)?",
       "statins can cause muscle pain and muscle breakdown (brief §4.9).", "a statin (cholesterol medicine)"),
    _q("medications.steroid_injection", "Have you had a steroid (cortisone) injection near the Achilles or calf, or do you take steroid tablets?",
       "steroids weaken tendons: an Achilles rupture is likelier (brief §2.11).",
       "a steroid injection near the Achilles or calf, or steroid tablets"),
    _q("medications.anticoagulant", "Do you take a blood thinner (warfarin, apixaban, rivaroxaban ...)?",
       "a blood thinner changes what is safe to take and makes bleeding into the calf likelier (brief §7.2).",
       "a blood thinner (warfarin, apixaban, rivaroxaban ...)"),
    _q("vitals.heart_rate_bpm", "What is your heart rate at rest, in beats a minute?",
       "a fast heart rate at rest with a swollen calf points to a clot in the lungs (brief §4.1, §5)."),
    _q("vitals.breathing_rate_per_min", "How many breaths a minute do you take at rest?",
       "fast breathing at rest points to a clot in the lungs (brief §4.1, §5)."),
    _q("vitals.temperature_c", "What is your temperature, in °C?",
       "a fever points to an infection; 40 °C or more after exercise is heat stroke, an emergency (brief §2.3, §4.8)."),
    _q("vitals.oxygen_saturation_pct", "What does a finger pulse oximeter read (oxygen saturation, in %), breathing air?",
       "below 94% points to a clot in the lungs (brief §4.1, §5)."),
    _q("measurements.ck_u_per_l", "If you had a CK (creatine kinase) blood test, what was the result in U/L?",
       "a very high CK confirms muscle breakdown (rhabdomyolysis) (brief §4.9).", examiner=True),
)

QUESTIONS: dict[str, FieldQuestion] = {entry.path: entry for entry in _ENTRIES}
"""The question for each case field (dotted path)."""


@dataclass(frozen=True)
class Checklist:
    """A grouped yes/no question: "Do you have any of these? ... / none / don't know"."""

    id: str
    text: str
    why: str
    paths: tuple[str, ...]
    """The yes/no case fields it asks about, in the order shown (each worded by its entry's ``item``)."""
    inverted: tuple[str, ...] = ()
    """Fields of ``paths`` whose item says the opposite of the field ("you cannot stand on the leg" for
    ``signs.can_bear_weight``): ticking the item answers the field *no*."""
    values: tuple[tuple[str, str, str], ...] = ()
    """Items for a field of ``paths`` that takes one of several values: (field, value, the item in words).  The
    value of the last item ticked is the answer; none ticked answers :data:`UNTICKED`'s value for the field."""


CHECKLISTS: tuple[Checklist, ...] = (
    Checklist("emergency_signs", "Do you have any of these right now?",
              "these signs mean a clot in the lungs, muscle breakdown, a blocked artery, a squeezed nerve bundle or "
              "acute compartment syndrome: each needs emergency care (brief §1.5, §5).",
              ("signs.chest_pain", "signs.short_of_breath", "signs.coughing_blood", "signs.confusion_or_collapse",
               "signs.dark_urine", "signs.cold_or_pale_foot", "signs.saddle_numbness_or_bladder_change",
               "signs.tense_compartment", "signs.pain_out_of_proportion", "signs.pain_on_passive_stretch")),
    Checklist("warning_signs", "Which of these fit your pain?",
              "the pattern separates a cramp, an exertional compartment problem, a tendon problem and an injury, and "
              "some are warning signs of a stress fracture, a trapped nerve, a squeezed artery, a tear or a rupture "
              "that a doctor should see (brief §1.3, §2.3, §2.8, §2.9, §2.10, §4.3, §4.4, §5, §7.6).",
              ("pain.involuntary_spasm", "pain.eased_by_stretching", "pain.same_point_each_run",
               "pain.eases_within_minutes_of_stopping", "pain.persists_at_rest", "pain.morning_stiffness", "pain.improved_then_worsened",
               "pain.hurts_to_hop", "signs.tender_bone_spot", "pain.at_night", "pain.walking_difficult",
               "pain.radiates_from_back_or_buttock", "pain.worse_sitting_or_coughing",
               "signs.foot_cold_or_numb_after_running", "signs.numbness_or_tingling", "signs.foot_weakness",
               "signs.foot_drop", "signs.neurological_signs_both_legs", "signs.can_bear_weight",
               "signs.can_heel_raise"),
              inverted=("signs.can_bear_weight", "signs.can_heel_raise")),
    Checklist("examiner_findings", "When the doctor or physiotherapist examined your leg, did they find any of these?",
              "these examination findings confirm or rule out a rupture, a trapped nerve, a clot or a blocked artery "
              "(brief §1.1, §1.3, §2.8, §4.6). Answer ? if nobody has examined you.",
              ("signs.thompson_test_positive", "signs.straight_leg_raise_positive", "signs.tender_along_deep_veins",
               "signs.weak_foot_pulse", "signs.ankle_reflex_reduced", "signs.matles_test_positive",
               "signs.pulses_drop_on_plantarflexion")),
    Checklist("leg_signs", "Have you noticed any of these?",
              "they point to a clot, an inflamed vein, an infection, a torn muscle, a ruptured Achilles tendon or a burst "
              "Baker's cyst (brief §1.1, §2.2, §2.11, §4.1, §4.5, §4.7, §4.8).",
              ("signs.swelling", "pain.pop_or_kick_sensation", "history.direct_blow_or_trauma", "signs.palpable_gap",
               "signs.bruising",
               "signs.crescent_bruise_below_ankle", "signs.lump_behind_knee", "signs.warmth", "signs.redness", "signs.spreading_redness", "signs.fever",
               "signs.skin_wound_or_blister", "signs.palpable_cord", "signs.pitting_edema",
               "signs.collateral_superficial_veins", "pain.above_knee_or_thigh"),
              values=(("signs.swelling", "local", "swelling in one area of the painful leg"),
                      ("signs.swelling", "whole_calf", "the whole calf swollen"),
                      ("signs.swelling", "entire_leg", "the entire leg swollen"))),
    Checklist("health_risks", "Does any of these apply to you (your health, and the medicines you take or took recently)?",
              "each makes a clot (several count on the Wells score), blocked leg arteries or a stress fracture likelier, "
              "and some medicines weaken tendons, harm muscles or change what is safe to take (brief §1.1, §2.11, §3, "
              "§4.6, §4.9, §6.2, §7.2).",
              ("history.leg_immobilized", "history.active_cancer", "history.previous_dvt_or_pe", "history.hormonal_risk",
               "history.smoker", "history.diabetes", "history.cardiovascular_disease", "history.previous_stress_fracture",
               "history.low_energy_availability", "history.low_bone_density", "history.recent_major_surgery",
               "history.thrombophilia_or_family_history", "history.obesity", "history.pregnant_or_postpartum",
               "history.varicose_veins", "medications.statin", "medications.anticoagulant", "medications.fluoroquinolone",
               "medications.steroid_injection", "medications.nsaids_during_run")),
    Checklist("training_risks", "About your running: does any of these apply?",
              "changes in training, shoes or running style, the conditions of the run and earlier injuries are the "
              "commonest causes of calf problems in runners (brief §2.3, §2.5, §2.6, §2.8, §6.3).",
              ("history.new_speed_or_hill_work", "history.unaccustomed_session", "history.new_shoes",
               "history.switched_to_minimalist_or_forefoot", "history.skipped_warm_up", "history.long_or_hot_run",
               "history.poor_hydration", "history.history_of_cramps", "history.previous_calf_injury",
               "history.lower_back_pain", "history.tight_hamstrings_or_glutes", "history.overstriding",
               "history.hard_surfaces", "history.faster_than_usual_pace")),
)
"""The grouped questions (red flags first, then risk factors).  A field belongs to at most one checklist."""

@dataclass(frozen=True)
class Gate:
    """A question asked before fields a runner can only know from a clinic (test results): "Which of these have you
    had?".  A test not ticked answers its fields "don't know" at once; the results of those ticked are asked next."""

    id: str
    text: str
    why: str
    options: tuple[tuple[str, tuple[str, ...]], ...]
    """(the option in words, the case fields that hold what it was)."""
    unticked: tuple[tuple[str, object], ...] = ()
    """(field, value) answered for an option not ticked, where "not had" has a value in the case format (no days in
    bed is 0 days); the other fields of an option not ticked are "don't know"."""
    had_when: tuple[tuple[str, float], ...] = ()
    """(field, least value) for fields whose value says whether the option was had at all (0 days in bed is none)."""


GATES: tuple[Gate, ...] = (
    Gate("tests", "Which of these have you had for this leg?",
         "an examination and test results confirm or rule out a rupture, a clot, blocked arteries or a compartment "
         "syndrome; the questions about what you have not had are skipped (brief §1.1, §1.2, §1.3, §4.6).",
         (("an examination by a doctor or physiotherapist", ("signs.thompson_test_positive",
                                                            "signs.straight_leg_raise_positive",
                                                            "signs.tender_along_deep_veins", "signs.weak_foot_pulse",
                                                            "signs.ankle_reflex_reduced", "signs.matles_test_positive",
                                                            "signs.pulses_drop_on_plantarflexion")),
          ("measurements of your pulse, breathing, temperature or oxygen at rest",
           ("vitals.heart_rate_bpm", "vitals.breathing_rate_per_min", "vitals.temperature_c", "vitals.oxygen_saturation_pct")),
          ("a CK (creatine kinase) blood test", ("measurements.ck_u_per_l",)),
          ("a leg-vein (ultrasound) scan", ("measurements.dvt_ultrasound",)),
          ("a D-dimer blood test", ("measurements.d_dimer",)),
          ("ankle and arm blood pressures (ankle-brachial index)", ("measurements.ankle_brachial_index",)),
          ("compartment pressure measurements", ("measurements.compartment_pressure_mmhg.pre_exercise",
                                                 "measurements.compartment_pressure_mmhg.one_min_post",
                                                 "measurements.compartment_pressure_mmhg.five_min_post")))),
    Gate("clot_history", "Recently, have you had any of these?",
         "an operation or bed rest counts on the Wells score for a clot, and a long seated journey makes a clot likelier; "
         "how long ago, or how long, is asked only for what you have had (brief §1.1, §3).",
         (("an operation (in the last few months)", ("history.surgery_weeks_ago",)),
          ("a day or more in bed", ("history.bedridden_days",)),
          ("a seated journey (car, coach, train or plane) of several hours, in the last 4 weeks",
           ("history.long_travel_hours",))),
         unticked=(("history.bedridden_days", 0),),
         had_when=(("history.bedridden_days", 1), ("history.long_travel_hours", 1))),
)
"""The gate questions: one "which have you had?" before the questions about clinic results, and before the numbers of
a clot's history."""


GATE_OF: dict[str, Gate] = {path: gate for gate in GATES for _, paths in gate.options for path in paths}
"""The gate a field is behind, if any."""

SCORE_FIELDS: dict[str, tuple[str, ...]] = {
    "achilles_rupture": ("signs.thompson_test_positive", "signs.palpable_gap", "signs.can_heel_raise", "signs.foot_weakness"),
    "chronic_exertional_compartment_syndrome": ("measurements.compartment_pressure_mmhg.pre_exercise",
                                                "measurements.compartment_pressure_mmhg.one_min_post",
                                                "measurements.compartment_pressure_mmhg.five_min_post"),
    "dvt": ("history.long_travel_hours",),
}
"""Besides the Wells items (asked for a DVT from the score's own list of unknown items): the findings of the score
or criteria that decide a condition, asked as soon as it is among the three most likely causes (AAOS criteria for an
Achilles rupture, brief §1.3; Pedowitz pressures for CECS, brief §1.2; the long journey behind a clot, brief §3)."""

CLOT_STORY: tuple[tuple[str, tuple[object, ...]], ...] = (
    ("pain.started", ("at_rest",)),
    ("signs.swelling", ("whole_calf", "entire_leg")),
)
"""A story in which a clot is in play even before it is among the top three: pain that began at rest, a swollen calf
or leg (brief §4.1).  The Wells items and the clot risks are then asked."""


CHECKLIST_OF: dict[str, Checklist] = {path: group for group in CHECKLISTS for path in group.paths}

UNTICKED: dict[str, object] = {"signs.swelling": "none"}
"""The answer for a field asked by :attr:`Checklist.values` items when none of its items is ticked."""

INVERTED: frozenset[str] = frozenset(path for group in CHECKLISTS for path in group.inverted)
"""Fields whose checklist item says the opposite of the field: ticked means *no*."""
"""The checklist a field is asked in, if any."""


def question_for(path: str) -> str:
    """The question a person is asked about the case field ``path``, in plain words.

    Never fails: a path with no entry (a field this table does not know) is said in words made from its
    last part ("Cord length cm?").
    """
    entry = QUESTIONS.get(path)
    if entry is not None:
        return entry.text
    words = path.rsplit(".", 1)[-1].replace("_", " ").strip() or path
    return words[:1].upper() + words[1:] + "?"


def why_asked(path: str) -> str:
    """Why the question about ``path`` is asked, in plain words ("" for a path with no entry)."""
    entry = QUESTIONS.get(path)
    return entry.why if entry is not None else ""


def item_words(path: str) -> str:
    """The finding as a statement to tick in a checklist (falls back to the question without its "?")."""
    entry = QUESTIONS.get(path)
    if entry is not None and entry.item:
        return entry.item
    return question_for(path).rstrip("?")





NOT_ASKED_WHEN: dict[str, tuple[tuple[str, tuple[object, ...]], ...]] = {
    # A pattern of exertional pain (starts at the same point of each run, goes within minutes of stopping, a foot
    # that goes cold only when running) cannot describe a pain that began at rest or at an injury.
    "pain.same_point_each_run": (("pain.started", ("at_rest", "after_injury")),),
    "pain.eases_within_minutes_of_stopping": (("pain.started", ("at_rest", "after_injury")),),
    "signs.foot_cold_or_numb_after_running": (("pain.started", ("at_rest", "after_injury")),),
    # Redness that spreads needs redness; a swelling difference needs a swelling.
    "signs.spreading_redness": (("signs.redness", (False,)),),
    "signs.calf_swelling_difference_cm": (("signs.swelling", ("none",)),),
    "signs.cord_length_cm": (("signs.palpable_cord", (False,)),),
}
"""Questions that cannot apply to the story so far: not asked when one of the named fields has one of the listed
values (the question would make no sense to the runner)."""


def applies(path: str, known: dict[str, object]) -> bool:
    """Whether the question about ``path`` fits the story told so far (``known``: dotted path -> answer)."""
    return not any(known.get(field) in values for field, values in NOT_ASKED_WHEN.get(path, ()))


__all__ = [
    "CHECKLISTS",
    "CHECKLIST_OF",
    "GATES",
    "NOT_ASKED_WHEN",
    "QUESTIONS",
    "Checklist",
    "FieldQuestion",
    "Gate",
    "applies",
    "item_words",
    "question_for",
    "why_asked",
]
