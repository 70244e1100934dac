"""Contributing factors: footwear, running mechanics, training load, previous
injury, dehydration, proximal tightness, no warm-up, hard surfaces and low
energy availability.  Each is named with its evidence and feeds advice; a few
also weigh the conditions they are known to raise (brief §2.5-2.7)."""

from __future__ import annotations

from ..knowledge import THRESHOLDS
from .base import ge, rule, yes

rule("factors.new_shoes", yes("history.new_shoes"),
     title="New shoes", sources=["seed.causes.footwear_mechanics"], factor="footwear")
rule("factors.minimalist_switch", yes("history.switched_to_minimalist_or_forefoot"),
     title="A recent switch to minimalist or zero-drop shoes, or to forefoot striking",
     sources=["seed.causes.footwear_mechanics", "brief.2.5"], factor="footwear",
     evidence={"calf_strain": 0.1, "achilles_tendinopathy": 0.15, "doms": 0.1, "stress_fracture": 0.05})
rule("factors.forefoot_mechanics", yes("history.switched_to_minimalist_or_forefoot"),
     title="A change to forefoot striking loads the calf earlier and for longer",
     sources=["brief.2.5"], factor="running_mechanics")
rule("factors.worn_shoes", ge(*THRESHOLDS["worn_shoes"].at),
     title=f"Worn shoes ({THRESHOLDS['worn_shoes']} km or more on the current pair)", sources=["seed.causes.footwear_mechanics", "brief.2.5"],
     factor="footwear")
rule("factors.overstriding", yes("history.overstriding"),
     title="Overstriding", sources=["seed.causes.footwear_mechanics", "brief.2.5"], factor="running_mechanics")
rule("factors.training_spike", ge(*THRESHOLDS["training_spike"].at),
     title=f"Weekly volume or intensity up {THRESHOLDS['training_spike']}% or more in the last 2-4 weeks",
     sources=["seed.causes.strain", "seed.causes.stress_fracture", "brief.2.6"], factor="training_load",
     evidence={"calf_strain": 0.1, "stress_fracture": 0.1, "medial_tibial_stress_syndrome": 0.1, "achilles_tendinopathy": 0.1})
rule("factors.speed_or_hills", yes("history.new_speed_or_hill_work"),
     title="New speed or hill work", sources=["seed.causes.strain", "brief.2.6"], factor="training_load",
     evidence={"calf_strain": 0.1})
rule("factors.unaccustomed_session", yes("history.unaccustomed_session"),
     title="A first long, hard or downhill session in a while", sources=["brief.2.4", "brief.2.6"], factor="training_load")
rule("factors.previous_calf_injury", yes("history.previous_calf_injury"),
     title="A previous calf injury", sources=["seed.causes.previous_injury", "brief.2.7"], factor="previous_injury")
rule("factors.previous_stress_fracture", yes("history.previous_stress_fracture"),
     title="A previous stress fracture", sources=["seed.causes.previous_injury", "brief.6.2"], factor="previous_injury")
rule("factors.poor_hydration", yes("history.poor_hydration"),
     title="Poor hydration", sources=["seed.causes.cramps", "seed.prevention.hydration_nutrition"], factor="dehydration",
     evidence={"muscle_cramp": 0.1})
rule("factors.long_or_hot_run", yes("history.long_or_hot_run"),
     title="The pain came in a long or hot run or race", sources=["seed.causes.cramps", "brief.2.3"], factor="dehydration")
rule("factors.tight_hamstrings_or_glutes", yes("history.tight_hamstrings_or_glutes"),
     title="Tight hamstrings or glutes", sources=["seed.causes.radiated", "brief.2.8"], factor="proximal_tightness")
rule("factors.skipped_warm_up", yes("history.skipped_warm_up"),
     title="No warm-up before the run", sources=["seed.causes.strain", "seed.prevention.warm_up", "brief.6.3"],
     factor="no_warm_up", evidence={"calf_strain": 0.1})
rule("factors.hard_surfaces", yes("history.hard_surfaces"),
     title="Running on hard surfaces", sources=["seed.causes.stress_fracture", "brief.6.2"], factor="hard_surfaces",
     evidence={"stress_fracture": 0.05, "medial_tibial_stress_syndrome": 0.05})
rule("factors.low_energy_availability", yes("history.low_energy_availability"),
     title="Low energy availability (under-fuelling, missed periods, RED-S)", sources=["brief.6.2"],
     factor="low_energy_availability")
rule("factors.low_bone_density", yes("history.low_bone_density"),
     title="Low bone density", sources=["brief.6.2"], factor="low_energy_availability")
