"""Drug names, as data: brand to generic ingredients, generic to drug class.

The classes are the drug classes of the DWC's classification of IMR
requests, spelt as the DWC prints them (``Opioids``, ``Muscle Relaxant``,
``Calcium Cannel Blocker``). The tables cover the drugs of workers'
compensation requests; a name not in them resolves to nothing, never to a
guess. Names are matched as whole words in any case.
"""

from __future__ import annotations

import functools
import re

__all__ = ["BRANDS", "GENERICS", "resolve"]

#: DWC drug classes and the generic ingredients, lowercase, of each.
_CLASSES: dict[str, tuple[str, ...]] = {
    "Opioids": (
        "hydrocodone", "oxycodone", "tramadol", "tapentadol", "morphine", "hydromorphone",
        "oxymorphone", "fentanyl", "buprenorphine", "methadone", "codeine",
        "dihydrocodeine", "meperidine", "levorphanol", "pentazocine",
    ),
    "Opoid Antagonist": ("naloxone", "naltrexone", "methylnaltrexone", "naloxegol"),
    "Misc Analgesics": ("acetaminophen",),
    "NSAID": (
        "ibuprofen", "naproxen", "diclofenac", "meloxicam", "celecoxib", "etodolac",
        "nabumetone", "ketorolac", "ketoprofen", "flurbiprofen", "indomethacin",
        "piroxicam", "oxaprozin", "diflunisal", "fenoprofen", "aspirin", "salsalate",
    ),
    "Muscle Relaxant": (
        "cyclobenzaprine", "carisoprodol", "tizanidine", "methocarbamol", "metaxalone",
        "orphenadrine", "baclofen", "chlorzoxazone", "dantrolene",
    ),
    "Anti-epilepsy drugs": (
        "gabapentin", "pregabalin", "topiramate", "lamotrigine", "levetiracetam",
        "oxcarbazepine", "carbamazepine", "divalproex", "valproate", "zonisamide",
    ),
    "Antidepressant": (
        "duloxetine", "amitriptyline", "nortriptyline", "venlafaxine", "desvenlafaxine",
        "sertraline", "fluoxetine", "paroxetine", "citalopram", "escitalopram",
        "bupropion", "trazodone", "mirtazapine", "doxepin", "imipramine", "desipramine",
        "milnacipran", "vilazodone", "vortioxetine",
    ),
    "Benzodiazepines": ("alprazolam", "diazepam", "lorazepam", "clonazepam", "temazepam"),
    "AntiAnxiety": ("buspirone",),
    "Sedative-hypnotics": ("zolpidem", "eszopiclone", "zaleplon", "suvorexant", "ramelteon"),
    "Antihistamine": ("diphenhydramine", "hydroxyzine", "cetirizine", "loratadine"),
    "Antiemetic": ("ondansetron", "promethazine", "prochlorperazine", "meclizine"),
    "Proton Pump Inhibitors": (
        "omeprazole", "esomeprazole", "pantoprazole", "lansoprazole", "rabeprazole",
        "dexlansoprazole",
    ),
    "H2 Blocker": ("famotidine", "ranitidine", "cimetidine"),
    "GI Agents": (
        "docusate", "sennosides", "senna", "lactulose", "polyethylene glycol", "bisacodyl",
        "lubiprostone", "sucralfate", "dicyclomine", "metoclopramide", "linaclotide",
        "misoprostol",
    ),
    "Topical Analgesics": ("lidocaine", "capsaicin", "menthol", "methyl salicylate"),
    "Adrenal Cortical Steroids": (
        "methylprednisolone", "prednisone", "prednisolone", "dexamethasone",
    ),
    "Antimigraine Agent": (
        "sumatriptan", "rizatriptan", "zolmitriptan", "eletriptan", "naratriptan",
    ),
    "Stimulants": ("modafinil", "armodafinil", "methylphenidate"),
    "Atypical Antipsychotic": ("quetiapine", "aripiprazole", "olanzapine", "risperidone"),
    "Antihypertensive": ("lisinopril", "losartan", "hydrochlorothiazide", "clonidine"),
    "Beta-blocker": ("propranolol", "metoprolol", "atenolol", "carvedilol"),
    "Calcium Cannel Blocker": ("amlodipine", "nifedipine", "verapamil", "diltiazem"),
    "Alpha-blocker": ("tamsulosin", "prazosin", "terazosin", "doxazosin"),
    "Statin": ("atorvastatin", "simvastatin", "rosuvastatin", "pravastatin", "lovastatin"),
    "Fibric Acid": ("fenofibrate", "gemfibrozil"),
    "Antidiabetics": ("metformin", "glipizide", "insulin", "sitagliptin"),
    "Anti-coagulant": ("warfarin", "enoxaparin", "rivaroxaban", "apixaban", "heparin"),
    "Anti-infectives": (
        "cephalexin", "amoxicillin", "ciprofloxacin", "doxycycline", "clindamycin",
        "mupirocin", "azithromycin",
    ),
    "Androgens & Anabolic Steroids": ("testosterone",),
    "Impotence Agents": ("sildenafil", "tadalafil", "vardenafil"),
    "Bisphosphonates": ("alendronate", "risedronate", "ibandronate"),
    "Dopamine agonists": ("ropinirole", "pramipexole"),
    "Asthma Medications": ("albuterol", "montelukast"),
    "Cannabinoids": ("dronabinol", "nabilone"),
    "Barbiturates": ("butalbital",),
    "Nutritional Products": (
        "vitamin d", "cholecalciferol", "cyanocobalamin", "folic acid", "glucosamine",
        "chondroitin",
    ),
    "Viscosupplementation": ("hyaluronic acid", "hylan g-f 20"),
    "Tumor necrosis factor (TNF) modified": ("adalimumab", "etanercept", "infliximab"),
}  # fmt: skip

#: Every generic ingredient known, with its DWC drug class (None for an
#: ingredient of combinations that has no class of its own).
GENERICS: dict[str, str | None] = {
    **dict.fromkeys(("caffeine", "dextromethorphan", "camphor", "amantadine")),
    **{generic: drug_class for drug_class, generics in _CLASSES.items() for generic in generics},
}

#: Brand and other names, lowercase, to their generic ingredients in the
#: order of the product's label.
BRANDS: dict[str, tuple[str, ...]] = {
    # opioids
    **dict.fromkeys(("norco", "vicodin", "lortab", "hysingla", "zohydro"),
                    ("hydrocodone", "acetaminophen")),
    **dict.fromkeys(("percocet", "endocet", "roxicet"), ("oxycodone", "acetaminophen")),
    **dict.fromkeys(("oxycontin", "roxicodone", "oxy ir"), ("oxycodone",)),
    **dict.fromkeys(("ultram", "conzip", "synapryn"), ("tramadol",)),
    "ultracet": ("tramadol", "acetaminophen"),
    "nucynta": ("tapentadol",),
    **dict.fromkeys(("ms contin", "kadian", "avinza"), ("morphine",)),
    "dilaudid": ("hydromorphone",),
    "opana": ("oxymorphone",),
    "duragesic": ("fentanyl",),
    **dict.fromkeys(("butrans", "belbuca", "subutex"), ("buprenorphine",)),
    "suboxone": ("buprenorphine", "naloxone"),
    "trezix": ("acetaminophen", "caffeine", "dihydrocodeine"),
    "movantik": ("naloxegol",),
    "relistor": ("methylnaltrexone",),
    # analgesics, barbiturates
    **dict.fromkeys(("tylenol", "apap"), ("acetaminophen",)),
    "fioricet": ("butalbital", "acetaminophen", "caffeine"),
    # NSAIDs
    "celebrex": ("celecoxib",),
    **dict.fromkeys(("anaprox", "naprosyn", "aleve", "naprelan"), ("naproxen",)),
    **dict.fromkeys(("motrin", "advil"), ("ibuprofen",)),
    "mobic": ("meloxicam",),
    **dict.fromkeys(("voltaren", "flector", "pennsaid", "zorvolex", "solaraze"),
                    ("diclofenac",)),
    "arthrotec": ("diclofenac", "misoprostol"),
    "relafen": ("nabumetone",),
    "lodine": ("etodolac",),
    "toradol": ("ketorolac",),
    "duexis": ("ibuprofen", "famotidine"),
    "vimovo": ("naproxen", "esomeprazole"),
    # muscle relaxants
    "soma": ("carisoprodol",),
    **dict.fromkeys(("flexeril", "fexmid", "amrix", "tabradol"), ("cyclobenzaprine",)),
    "zanaflex": ("tizanidine",),
    "robaxin": ("methocarbamol",),
    "skelaxin": ("metaxalone",),
    "norflex": ("orphenadrine",),
    "lioresal": ("baclofen",),
    "parafon forte": ("chlorzoxazone",),
    # anti-epilepsy drugs
    **dict.fromkeys(("neurontin", "gralise", "horizant", "fanatrex"), ("gabapentin",)),
    "lyrica": ("pregabalin",),
    "topamax": ("topiramate",),
    "keppra": ("levetiracetam",),
    "lamictal": ("lamotrigine",),
    # antidepressants
    "cymbalta": ("duloxetine",),
    "elavil": ("amitriptyline",),
    "pamelor": ("nortriptyline",),
    "effexor": ("venlafaxine",),
    "pristiq": ("desvenlafaxine",),
    "zoloft": ("sertraline",),
    "prozac": ("fluoxetine",),
    "paxil": ("paroxetine",),
    "celexa": ("citalopram",),
    "lexapro": ("escitalopram",),
    "wellbutrin": ("bupropion",),
    "desyrel": ("trazodone",),
    "remeron": ("mirtazapine",),
    "savella": ("milnacipran",),
    "trintellix": ("vortioxetine",),
    # benzodiazepines, anxiolytics, sleep
    "xanax": ("alprazolam",),
    "valium": ("diazepam",),
    "ativan": ("lorazepam",),
    "klonopin": ("clonazepam",),
    "restoril": ("temazepam",),
    "buspar": ("buspirone",),
    "ambien": ("zolpidem",),
    "lunesta": ("eszopiclone",),
    "sonata": ("zaleplon",),
    "belsomra": ("suvorexant",),
    "rozerem": ("ramelteon",),
    # antihistamines, antiemetics, GI
    **dict.fromkeys(("benadryl", "dicopanol"), ("diphenhydramine",)),
    **dict.fromkeys(("vistaril", "atarax"), ("hydroxyzine",)),
    "zofran": ("ondansetron",),
    "phenergan": ("promethazine",),
    "prilosec": ("omeprazole",),
    "nexium": ("esomeprazole",),
    "protonix": ("pantoprazole",),
    "prevacid": ("lansoprazole",),
    "dexilant": ("dexlansoprazole",),
    "pepcid": ("famotidine",),
    **dict.fromkeys(("zantac", "deprizine"), ("ranitidine",)),
    "colace": ("docusate",),
    "senokot": ("sennosides",),
    "miralax": ("polyethylene glycol",),
    "amitiza": ("lubiprostone",),
    "linzess": ("linaclotide",),
    "carafate": ("sucralfate",),
    # topicals
    "lidoderm": ("lidocaine",),
    "terocin": ("methyl salicylate", "capsaicin", "menthol", "lidocaine"),
    "lidopro": ("capsaicin", "lidocaine", "menthol", "methyl salicylate"),
    "medrox": ("methyl salicylate", "menthol", "capsaicin"),
    "fluriflex": ("flurbiprofen", "cyclobenzaprine"),
    "zostrix": ("capsaicin",),
    # others
    "medrol": ("methylprednisolone",),
    "imitrex": ("sumatriptan",),
    "maxalt": ("rizatriptan",),
    "provigil": ("modafinil",),
    "nuvigil": ("armodafinil",),
    "seroquel": ("quetiapine",),
    "abilify": ("aripiprazole",),
    "catapres": ("clonidine",),
    "flomax": ("tamsulosin",),
    "lipitor": ("atorvastatin",),
    "viagra": ("sildenafil",),
    "cialis": ("tadalafil",),
    "fosamax": ("alendronate",),
    "requip": ("ropinirole",),
    "mirapex": ("pramipexole",),
    "singulair": ("montelukast",),
    "marinol": ("dronabinol",),
    "androgel": ("testosterone",),
    "humira": ("adalimumab",),
    "enbrel": ("etanercept",),
    "synvisc": ("hylan g-f 20",),
    **dict.fromkeys(("euflexxa", "orthovisc", "supartz", "hyalgan", "monovisc", "gel-one"),
                    ("hyaluronic acid",)),
    "vitamin b12": ("cyanocobalamin",),
    "vitamin d3": ("cholecalciferol",),
}  # fmt: skip

#: Brands whose every form is applied to the skin.
_TOPICAL_BRANDS = frozenset(
    ("lidoderm", "terocin", "lidopro", "medrox", "fluriflex", "zostrix", "flector", "pennsaid")
)
#: Words that make a request's drug one applied to the skin (a percentage does too).
_TOPICAL_FORM = re.compile(
    r"\b(?:creams?|gels?|lotions?|ointments?|patch(?:es)?|topicals?|balms?|rubs?|compound(?:ed)?)\b"
    r"|%",
    re.IGNORECASE,
)
#: Ingredients that go along with the one that gives a combination its class.
_ADJUVANTS = frozenset(("acetaminophen", "caffeine"))
#: Classes that keep their own class in a patch (fentanyl, buprenorphine).
_SYSTEMIC = frozenset(("Opioids",))


@functools.cache
def _names() -> re.Pattern[str]:
    """Every name of :data:`BRANDS` and :data:`GENERICS`, longest first, as whole words."""
    names = sorted({*BRANDS, *GENERICS}, key=lambda name: (-len(name), name))
    words = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names)
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)


def resolve(text: str) -> tuple[tuple[str, ...], str | None]:
    """The generic ingredients a request names and their DWC drug class.

    The ingredients are in the order the text names them, a brand giving its
    own in its label's order, each once. The class is that of the first
    ingredient that has one, passing over acetaminophen and caffeine when a
    combination holds anything else (Norco is an opioid). A drug applied to
    the skin (a cream, gel, lotion, ointment, patch, a percentage strength or
    a topical brand) is ``Topical Compounds`` with several ingredients and
    ``Topical Analgesics`` with one, unless that one is an opioid (a fentanyl
    patch).
    ``((), None)`` when the text names no known drug.
    """
    generics: list[str] = []
    topical_brand = False
    for match in _names().finditer(text):
        name = " ".join(match[0].lower().split())
        topical_brand = topical_brand or name in _TOPICAL_BRANDS
        for generic in BRANDS.get(name, (name,)):
            if generic not in generics:
                generics.append(generic)
    if not generics:
        return (), None
    classes = [GENERICS[g] for g in generics if g not in _ADJUVANTS] + [
        GENERICS[g] for g in generics if g in _ADJUVANTS
    ]
    drug_class = next((c for c in classes if c is not None), None)
    topical = topical_brand or _TOPICAL_FORM.search(text) is not None
    if drug_class is not None and topical:
        if len(generics) > 1:
            drug_class = "Topical Compounds"
        elif drug_class not in _SYSTEMIC:
            drug_class = "Topical Analgesics"
    return tuple(generics), drug_class
