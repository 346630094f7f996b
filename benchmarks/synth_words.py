"""The synthetic benchmark's word bank: the goods, measures, agencies and phrasings its facts
are made of, and the real names they must never use."""

from __future__ import annotations

# Names the brief calls out, beyond every word of the bundled files (read at run time).
KNOWN_NAMES = """
nvidia amd huang jensen trump donald bessent deepseek h20 mi308 china chinese beijing bloomberg
apple intel tsmc samsung huawei japan netherlands asml eu xi jinping washington america
american us usa paris tokyo canada australia denver lakers blackwell everest pluto spanish
python linux discord css git
""".split()

# --- the word bank ---------------------------------------------------------------------------
# Kept clear of the few words that alone name a bundled fact's topic in the evaluation set
# ("tariff reductions?", "start deliveries soon", "tech race tensions", "ai chip market
# dominance", "export controls purpose", "most valuable company"): no "reduction", "deliveries",
# "shipments", "soon", "tension", "race", "dominance", "leader", "purpose", "valuable", "world",
# "ai". Everything else a trade desk writes about is fair game.

GOODS = [
    "steel", "aluminium", "soybeans", "rare earths", "semiconductors", "memory chips",
    "lithium", "copper", "cobalt", "nickel", "wheat", "corn", "rice", "fertiliser",
    "solar panels", "electric vehicles", "batteries", "crude oil", "natural gas",
    "machine tools", "pharmaceuticals", "textiles", "timber", "shrimp", "beef",
    "dairy products", "polysilicon", "drones", "wind turbines", "lithography equipment",
    "gallium", "germanium", "palm oil", "sugar", "cotton", "coal", "iron ore", "tungsten",
    "graphite", "auto parts", "optical fibre", "ball bearings",
]  # fmt: skip
INDUSTRY = {
    "steel": "steel", "aluminium": "smelting", "soybeans": "farming", "wheat": "farming",
    "corn": "farming", "rice": "farming", "beef": "livestock", "dairy products": "dairy",
    "shrimp": "fishing", "semiconductors": "chipmaking", "memory chips": "chipmaking",
    "lithography equipment": "chipmaking", "polysilicon": "solar", "solar panels": "solar",
    "electric vehicles": "carmaking", "auto parts": "carmaking", "batteries": "battery",
    "textiles": "garment", "cotton": "garment", "timber": "forestry", "coal": "mining",
    "iron ore": "mining", "crude oil": "refining", "natural gas": "energy",
}  # fmt: skip

# (measure as written, its base for questions, plural?)
MEASURES = [
    ("tariffs", "tariffs"), ("anti-dumping duties", "anti-dumping duties"),
    ("countervailing duties", "countervailing duties"), ("export controls", "export controls"),
    ("an export ban", "export ban"), ("import quotas", "import quotas"),
    ("licence requirements", "licence rules"), ("sanctions", "sanctions"),
    ("subsidies", "subsidies"), ("safeguard measures", "safeguards"),
    ("local-content rules", "local-content rules"), ("export taxes", "export taxes"),
    ("investment screening rules", "investment screening"), ("price floors", "price floors"),
]  # fmt: skip
# (past tense, base form)
ACTIONS = [
    ("raised", "raise"), ("imposed", "impose"), ("extended", "extend"), ("lifted", "lift"),
    ("tightened", "tighten"), ("eased", "ease"), ("cut", "cut"), ("suspended", "suspend"),
    ("renewed", "renew"), ("expanded", "expand"), ("scrapped", "scrap"),
    ("proposed", "propose"), ("doubled", "double"), ("phased in", "phase in"),
]  # fmt: skip
AGENCIES = [
    "Ministry of Trade", "Ministry of Industry", "Customs Authority", "Export Control Office",
    "Trade Remedies Commission", "Investment Review Board", "Agriculture Ministry",
    "Competition Authority", "Ministry of Economy", "Tariff Commission",
]  # fmt: skip
ROLES = [
    "trade minister", "industry minister", "finance minister", "economy minister",
    "chief trade negotiator", "customs commissioner", "agriculture minister",
    "head of export controls", "central bank governor", "deputy trade minister",
]  # fmt: skip
COMPANY_SUFFIXES = [
    "Systems", "Metals", "Steelworks", "Agritrade", "Semiconductor", "Microdevices",
    "Minerals", "Logistics", "Holdings", "Motors", "Energy", "Foundry", "Materials",
    "Grain", "Chemicals", "Electronics", "Mining", "Shipping Lines",
]  # fmt: skip
PUBLISHER_FORMS = ["{} Trade Wire", "The {} Ledger", "{} Economic Review", "The {} Courier"]
REASONS = [
    "to protect domestic {industry} producers from a surge of cheap imports",
    "after an investigation found {good} being sold below cost",
    "citing national security concerns over {good} supply",
    "to keep {good} at home while domestic prices are high",
    "in retaliation for earlier duties on its own {good}",
    "to push partners back to the negotiating table",
    "as part of a plan to build up its own {industry} industry",
    "after complaints from {industry} unions about lost jobs",
]
QUOTES = [
    "a shield for our {industry} workers", "temporary and proportionate",
    "an act of economic coercion", "not aimed at any single partner",
    "the door to talks remains open", "a fair deal for our farmers",
    "unjustified and protectionist", "we will respond in kind",
    "the rules apply to everyone", "a first step, not the last",
    "in full compliance with our obligations", "bad for consumers on both sides",
    "a matter of national security", "long overdue", "a serious mistake",
    "good news for our exporters", "a warning shot", "a line in the sand",
    "entirely consistent with trade rules", "the price of unfair competition",
]  # fmt: skip
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
QUARTER_WORDS = ["first", "second", "third", "fourth"]
CHAT_PREFIXES = ["", "", "", "", "hey ", "quick q: ", "anyone know ", "so "]
SYNONYMS = [
    ["rare earths", "rare earth elements", "rare-earth metals"],
    ["anti-dumping duties", "antidumping duties", "dumping duties"],
    ["electric vehicles", "evs", "electric cars"],
    ["blacklist", "entity list", "export control list"],
]
