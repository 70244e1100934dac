"""Where each piece of knowledge comes from.

``seed.*`` ids are sections of the article calfexpert grew from (its causes,
treatments, prevention tips and "when to see a doctor" points); ``brief.*`` ids
are sections of the sourced clinical brief, with the references it cites.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    title: str
    urls: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return "seed" if not self.urls else "clinical"


def _seed(title: str) -> Source:
    return Source(f"Seed article: {title}")


SOURCES: dict[str, Source] = {
    # The seed article, section by section.
    "seed.causes.strain": _seed("Common causes 1, calf muscle strain and tears"),
    "seed.causes.cramps": _seed("Common causes 2, calf muscle cramps"),
    "seed.causes.footwear_mechanics": _seed("Common causes 3, inappropriate footwear and poor running mechanics"),
    "seed.causes.radiated": _seed("Common causes 4, radiated pain from other areas (lumbar spine, tight glutes or hamstrings)"),
    "seed.causes.previous_injury": _seed("Common causes 5, previous injury"),
    "seed.causes.stress_fracture": _seed("Common causes 6, stress fractures"),
    "seed.rarer.dvt": _seed("Rarer causes 1, deep vein thrombosis"),
    "seed.rarer.compartment": _seed("Rarer causes 2, compartment syndrome"),
    "seed.treatment.strengthening": _seed("Treatment 1, specific muscle strengthening exercises"),
    "seed.treatment.stretching": _seed("Treatment 2, specific flexibility stretches"),
    "seed.treatment.gait_footwear": _seed("Treatment 3, gait analysis and footwear"),
    "seed.treatment.ice_heat": _seed("Treatment 4, ice and heat therapy"),
    "seed.treatment.rest_recovery": _seed("Treatment 5, rest and recovery"),
    "seed.treatment.pain_relief": _seed("Treatment 6, pain relief medication"),
    "seed.treatment.massage": _seed("Treatment 7, massage therapy"),
    "seed.treatment.physical_therapy": _seed("Treatment 8, physical therapy"),
    "seed.prevention.warm_up": _seed("Prevention 1, proper warm-up and cool-down"),
    "seed.prevention.hydration_nutrition": _seed("Prevention 2, hydration and nutrition"),
    "seed.prevention.gradual_progression": _seed("Prevention 3, gradual progression in training"),
    "seed.prevention.strength_stretch": _seed("Prevention 4, regular strengthening and stretching"),
    "seed.prevention.listen": _seed("Prevention 5, listen to your body"),
    "seed.doctor.persistent_severe": _seed("When to see a doctor 1, persistent or severe pain"),
    "seed.doctor.serious_signs": _seed("When to see a doctor 2, signs of serious conditions"),
    # The clinical brief, with the references each section cites.
    "brief.0": Source("Clinical brief §0, engine-level design rules (most urgent level wins; never let a benign explanation remove a dangerous one)",
                      ("https://www.ncbi.nlm.nih.gov/pubmed/22146368",)),
    "brief.1.1": Source("Wells score for DVT, two-level (NICE NG158, Wells 2003) and three-level (Wells 1997)",
                        ("https://emblogs.org/embolism-and-thrombosis",
                         "https://www.ncbi.nlm.nih.gov/pubmedhealth/PMH0055213/table/appk.tu1/?report=objectonly",
                         "https://www.annfammed.org/highwire/markup/4263/expansion")),
    "brief.1.2": Source("Pedowitz intracompartmental pressure criteria for CECS",
                        ("https://www.orthobullets.com/Evidence/2301689",
                         "https://orthovellum.com/topics/chronic-exertional-compartment-syndrome")),
    "brief.1.3": Source("AAOS criteria for Achilles rupture; Maffulli 1998 test accuracy",
                        ("https://jesse.tg/ngc-archive/summary/7580", "https://www.pubmed.gov/9548122/")),
    "brief.1.4": Source("Clinical definition of medial tibial stress syndrome (Winters, BJSM 2017)",
                        ("https://www.scribd.com/document/630742441/1267-full",)),
    "brief.1.5": Source("Acute compartment syndrome signs in order of appearance",
                        ("https://openorthopaedicsjournal.com/VOLUME/8/PAGE/185/",
                         "https://test.aneskey.com/compartment-syndrome-2")),
    "brief.2.1": Source("Calf muscle strain (gastrocnemius, soleus), grades 1-2",
                        ("https://bjsm.bmj.com/content/51/16/1189",
                         "https://journals.lww.com/jbjsreviews/Fulltext/2022/03000/Calf_Strain_in_Athletes.15.aspx",
                         "https://www.physio-pedia.com/index.php?title=Calf_Strain&oldid=197351")),
    "brief.2.2": Source("Complete (grade 3) calf tear", ("https://journals.lww.com/jbjsreviews/Fulltext/2022/03000/Calf_Strain_in_Athletes.15.aspx",
                                                          "https://scholars.duke.edu/publication/1643984")),
    "brief.2.3": Source("Exercise-associated muscle cramps (J Athl Train 2022; Schwellnus BJSM 2011)",
                        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC8775277", "https://ouci.dntb.gov.ua/en/works/9G6G2q0l")),
    "brief.2.4": Source("Delayed-onset muscle soreness", ("https://www.pubmed.ncbi.nlm.nih.gov/25526231/",)),
    "brief.2.5": Source("Footwear and running mechanics as a contributing factor",
                        ("https://www.frontiersin.org/articles/10.3389/fspor.2022.794005/full",)),
    "brief.2.6": Source("Training-load errors as a contributing factor",
                        ("https://vbn.aau.dk/da/publications/excessive-progression-in-weekly-running-distance-and-risk-of-runn",)),
    "brief.2.7": Source("Previous calf injury as a re-injury risk factor", ("https://bjsm.bmj.com/content/51/16/1189",)),
    "brief.2.8": Source("Lumbar S1 radiculopathy and cauda equina red flags",
                        ("https://www.msdmanuals.com/uk/professional/musculoskeletal-and-connective-tissue-disorders/neck-and-back-pain/lumbosacral-radiculopathy",)),
    "brief.2.9": Source("Bone stress injury / stress fracture of the tibia or fibula",
                        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC7049623", "https://wikism.org/Fibular_Stress_Fracture")),
    "brief.2.10": Source("Midportion Achilles tendinopathy (JOSPT 2018 guideline)",
                         ("https://www.scribd.com/document/700925505/Gpc-Dolor-Aquiliano-2018",)),
    "brief.2.11": Source("Achilles tendon rupture", ("https://jesse.tg/ngc-archive/summary/7580",
                                                      "https://pmc.ncbi.nlm.nih.gov/articles/PMC4655731/")),
    "brief.2.12": Source("Medial tibial stress syndrome (shin splints)", ("https://pmc.ncbi.nlm.nih.gov/articles/PMC4269925",)),
    "brief.3": Source("Risk factors for DVT (travel, surgery, immobility, hormones, cancer, previous VTE)",
                      ("https://www.ncbi.nlm.nih.gov/books/NBK470215/", "https://www.ncbi.nlm.nih.gov/pubmed/24869910")),
    "brief.4.1": Source("Deep vein thrombosis and pulmonary embolism",
                        ("https://beta.nhs.uk/conditions/deep-vein-thrombosis-dvt/", "https://www.nidirect.gov.uk/conditions/pulmonary-embolism")),
    "brief.4.2": Source("Acute compartment syndrome", ("https://openorthopaedicsjournal.com/VOLUME/8/PAGE/185/",
                                                       "https://ouci.dntb.gov.ua/works/4L0dJa34")),
    "brief.4.3": Source("Chronic exertional compartment syndrome",
                        ("https://journals.lww.com/jaaos/Fulltext/2003/07000/Chronic_Exertional_Compartment_Syndrome.6.aspx",)),
    "brief.4.4": Source("Popliteal artery entrapment syndrome",
                        ("https://www.acc.org/Education-and-Meetings/Patient-Case-Quizzes/2019/12/10/07/12/Leg-Pain-During-Exercise-or-Driving",)),
    "brief.4.5": Source("Ruptured Baker's cyst (pseudo-thrombophlebitis)", ("https://casereports.bmj.com/content/16/10/e257869",
                                                                              "https://pmj.bmj.com/content/78/919/304.1")),
    "brief.4.6": Source("Peripheral arterial disease and intermittent claudication",
                        ("https://www.nice.org.uk/guidance/TA223/chapter/2-Clinical-need-and-practice",
                         "https://www.ncbi.nlm.nih.gov/books/NBK327460/")),
    "brief.4.7": Source("Superficial thrombophlebitis", ("https://acutegpcornwall.com/stp",)),
    "brief.4.8": Source("Cellulitis", ("https://developer.api.nhs.uk/widgets/condition/?condition=/conditions/cellulitis/",)),
    "brief.4.9": Source("Exertional rhabdomyolysis", ("https://www.cdc.gov/niosh/topics/rhabdo/default.html",
                                                       "https://bmjopensem.bmj.com/content/3/1/e000093")),
    "brief.5": Source("Clinical brief §5, triage-critical red-flag rules (a compact list drawn from §1-§4; each rule also "
                      "cites the section and the primary source of its own red flag)"),
    "brief.6.2": Source("Risk factors for bone stress injury (IOC RED-S consensus 2018)", ("https://bjsm.bmj.com/content/52/11/687",)),
    "brief.6.3": Source("Risk factors for calf strain", ("https://bjsm.bmj.com/content/51/16/1189",)),
    "brief.7.1": Source("Early management of a soft-tissue injury: PEACE & LOVE and RICE",
                        ("https://www.studylib.net/doc/26185957/peace-and-love", "https://drpharmacy.uk/health-detail/?topic=sprains-and-strains")),
    "brief.7.2": Source("Medication cautions (NSAIDs)", ("https://bmjopensem.bmj.com/content/3/1/e000093",)),
    "brief.7.3": Source("Calf strengthening", ("https://pmc.ncbi.nlm.nih.gov/articles/PMC6356409/table/nutrients-11-00076-t0A2",)),
    "brief.7.4": Source("Return to running after a calf strain", ("https://www.healthhp.com.au/post/6-rules-for-running-after-calf-injury",)),
    "brief.7.5": Source("Stretching, and when never to recommend it", ("https://www.sportsinjuryclinic.net/rehabilitation-exercises/calf-stretch",)),
    "brief.7.6": Source("Safety-net: when to seek care", ("https://drpharmacy.uk/health-detail/?topic=sprains-and-strains",)),
    # Primary publishers' guidelines and papers, cited rule by rule (version and date in the title).
    "nice.ng158": Source("NICE guideline NG158, Venous thromboembolic diseases: diagnosis, management and thrombophilia "
                         "testing (published 26 March 2020, updated August 2023), recommendations 1.1.1-1.1.8: the two-level "
                         "Wells score; 'DVT unlikely' with a negative D-dimer; 'DVT likely' with a negative proximal scan needs "
                         "a D-dimer and, if positive, a repeat scan 6-8 days later",
                         ("https://www.nice.org.uk/guidance/ng158",)),
    "nice.ng141": Source("NICE guideline NG141, Cellulitis and erysipelas: antimicrobial prescribing (published "
                         "27 September 2019): refer to hospital if severely unwell, signs of sepsis, rapidly deteriorating "
                         "or suspected necrotising infection",
                         ("https://www.nice.org.uk/guidance/ng141",)),
    "nice.ng51": Source("NICE guideline NG51, Suspected sepsis: recognition, diagnosis and early management (published "
                        "13 July 2016, updated March 2024): heart rate above 90 and breathing rate 21 or more per minute as "
                        "moderate-to-high risk criteria, temperature of 38 C or more",
                        ("https://www.nice.org.uk/guidance/ng51",)),
    "nice.cks_sciatica": Source("NICE Clinical Knowledge Summary, Sciatica (lumbar radiculopathy) (CKS topic; revision date "
                                "as shown on the page, not verified offline): suspected cauda equina syndrome (bilateral "
                                "sciatica, saddle anaesthesia, bladder or bowel change, bilateral or progressive weakness) "
                                "needs immediate referral",
                                ("https://cks.nice.org.uk/topics/sciatica-lumbar-radiculopathy/",)),
    "girft.cauda_equina": Source("GIRFT National suspected cauda equina syndrome pathway (Getting It Right First Time, "
                                 "NHS England, 2023): bilateral radicular symptoms or bilateral neurological deficit are "
                                 "red flags for emergency imaging",
                                 ("https://gettingitrightfirsttime.co.uk/",)),
    "nice.cg147": Source("NICE clinical guideline CG147, Peripheral arterial disease: diagnosis and management (published "
                         "8 August 2012, updated 11 December 2020)",
                         ("https://www.nice.org.uk/guidance/cg147",)),
    "aha.abi_2012": Source("Aboyans V et al., Measurement and interpretation of the ankle-brachial index: a scientific "
                           "statement from the American Heart Association, Circulation 2012;126:2890-2909 "
                           "(doi 10.1161/CIR.0b013e318276fbcb): ABI above 1.40 means non-compressible arteries, not a "
                           "normal result; use the toe-brachial index",
                           ("https://doi.org/10.1161/CIR.0b013e318276fbcb",)),
    "boast.10": Source("British Orthopaedic Association Standard BOAST 10, Diagnosis and management of compartment syndrome "
                       "of the limbs (July 2014): pain out of proportion and pain on passive movement are the key early "
                       "findings; pulses are normally present",
                       ("https://www.boa.ac.uk/resources/boast-10-pdf.html",)),
    "aaos.achilles_2009": Source("American Academy of Orthopaedic Surgeons, The diagnosis and treatment of acute Achilles "
                                 "tendon rupture: guideline and evidence report (adopted December 2009; Chiodo CP et al., "
                                 "J Am Acad Orthop Surg 2010;18:503-510): two or more of a positive Thompson test, "
                                 "decreased plantarflexion strength, a palpable gap, increased passive dorsiflexion",
                                 ("https://jesse.tg/ngc-archive/summary/7580",)),
    "maffulli.1998": Source("Maffulli N, The clinical diagnosis of subcutaneous tear of the Achilles tendon: a prospective "
                            "study in 174 patients, Am J Sports Med 1998;26(2):266-270: calf squeeze sensitivity 0.96, "
                            "Matles test 0.88, palpable gap 0.73",
                            ("https://www.pubmed.gov/9548122/",)),
    "jospt.achilles_2018": Source("Martin RL et al., Achilles pain, stiffness, and muscle power deficits: midportion Achilles "
                                  "tendinopathy revision 2018, JOSPT clinical practice guideline, J Orthop Sports Phys Ther "
                                  "2018;48(5):A1-A38 (doi 10.2519/jospt.2018.0302)",
                                  ("https://doi.org/10.2519/jospt.2018.0302",)),
    "jospt.dvt_runner_2011": Source("Deep vein thrombosis first diagnosed as a calf strain in a 21-year-old marathon "
                                        "runner, J Orthop Sports Phys Ther 2011 (case report)",
                                        ("https://www.ncbi.nlm.nih.gov/pubmed/22146368",)),
}
