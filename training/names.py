"""Word lists for synthetic people, places, schools and teams (Devon-flavoured).

Kept apart from the generator logic so a reader can extend the vocabulary
without touching how notifications are composed. Names are grouped by origin
so a household gets plausible, mostly consistent names.
"""

from __future__ import annotations

# origin -> (female given names, male given names, family names)
NAME_GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "english": (
        ("Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Grace", "Poppy", "Evie", "Sophie",
         "Emily", "Chloe", "Jessica", "Kayleigh", "Stacey", "Gemma", "Rebecca", "Charlotte", "Hannah", "Lauren",
         "Danielle", "Samantha", "Natalie", "Leanne", "Kirsty", "Jade", "Amber", "Courtney", "Megan", "Abigail",
         "Elizabeth", "Katherine", "Victoria", "Susan", "Tracey", "Karen", "Jacqueline", "Margaret", "Paige",
         "Ellie", "Ruby", "Daisy", "Millie", "Scarlett", "Harriet", "Zoe", "Jodie", "Kelly"),
        ("Oliver", "George", "Harry", "Jack", "Noah", "Leo", "Alfie", "Charlie", "Freddie", "Thomas", "James",
         "William", "Joshua", "Daniel", "Michael", "Matthew", "Christopher", "Robert", "Anthony", "Jamie", "Liam",
         "Ryan", "Callum", "Kyle", "Dean", "Wayne", "Lee", "Craig", "Darren", "Jason", "Nathan", "Jordan",
         "Bradley", "Alexander", "Benjamin", "Samuel", "Joseph", "Edward", "Richard", "Stephen", "Mason",
         "Archie", "Riley", "Tyler", "Reece", "Kieran", "Stuart", "Gary", "Paul", "Mark"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
         "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
         "Hughes", "Edwards", "Turner", "Harris", "Lewis", "Cooper", "Hill", "Ward", "Morris", "Moore",
         "Baker", "Parsons", "Pearce", "Northcott", "Heard", "Chudleigh", "Luscombe", "Squires", "Tucker",
         "Stevens", "Bennett", "Mitchell", "Phillips", "Marshall", "Chapman", "Webb", "Cole", "Harvey", "Ellis",
         "Reynolds", "Palmer", "Holloway", "Gill", "Leaman", "Vosper", "Bowden", "Hext", "Trick", "Crocker"),
    ),
    "scottish_irish_welsh": (
        ("Siobhan", "Niamh", "Aoife", "Ciara", "Orla", "Shannon", "Eilidh", "Morag", "Caitlin", "Bethan",
         "Rhiannon", "Carys", "Sinead", "Roisin", "Kerry"),
        ("Ciaran", "Declan", "Padraig", "Sean", "Connor", "Rory", "Callum", "Euan", "Dylan", "Rhys", "Owen",
         "Gareth", "Liam", "Niall", "Fergus"),
        ("Murphy", "O'Brien", "O'Connor", "Kelly", "Byrne", "Doyle", "McCarthy", "O'Neill", "Gallagher",
         "Fitzgerald", "MacDonald", "Campbell", "Stewart", "McKenzie", "Fraser", "Reid", "Morgan", "Price",
         "Jenkins", "Llewellyn", "Pritchard", "McLaughlin", "Quinn", "Brennan"),
    ),
    "south_asian": (
        ("Aisha", "Fatima", "Zara", "Maryam", "Amira", "Priya", "Anjali", "Sana", "Nadia", "Ayesha", "Hafsa",
         "Simran", "Harpreet", "Shabnam", "Rukhsana", "Nazia", "Inaya", "Aleena"),
        ("Mohammed", "Muhammad", "Ali", "Ibrahim", "Yusuf", "Omar", "Hamza", "Arjun", "Rohan", "Imran", "Tariq",
         "Zain", "Ayaan", "Bilal", "Harjit", "Sanjay", "Adil", "Faisal"),
        ("Khan", "Patel", "Begum", "Hussain", "Ahmed", "Ali", "Singh", "Kaur", "Shah", "Akhtar", "Mahmood",
         "Rahman", "Chowdhury", "Iqbal", "Sharma", "Mistry", "Bibi", "Malik", "Qureshi", "Uddin"),
    ),
    "polish_eastern": (
        ("Zofia", "Julia", "Maja", "Natalia", "Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Aleksandra",
         "Oliwia", "Ewa", "Monika", "Daria", "Ioana", "Elena"),
        ("Jakub", "Kacper", "Szymon", "Piotr", "Tomasz", "Krzysztof", "Marcin", "Pawel", "Mateusz", "Lukasz",
         "Andrei", "Bartosz", "Dawid", "Marek", "Adrian"),
        ("Nowak", "Kowalski", "Wisniewski", "Wójcik", "Kowalczyk", "Kaminski", "Lewandowski", "Zielinski",
         "Szymanski", "Wozniak", "Dabrowski", "Mazur", "Krawczyk", "Popescu", "Ionescu", "Petrov"),
    ),
    "african_caribbean": (
        ("Chiamaka", "Adaeze", "Ngozi", "Amara", "Abena", "Akosua", "Fatoumata", "Ifeoma", "Blessing",
         "Precious", "Nia", "Imani", "Hodan", "Ayan", "Shanice", "Tanisha"),
        ("Chidi", "Emeka", "Oluwaseun", "Tunde", "Kwame", "Kofi", "Yaw", "Abdi", "Mohamed", "Tendai", "Jerome",
         "Andre", "Marcus", "Tyrone", "Kojo", "Femi"),
        ("Okafor", "Adeyemi", "Okonkwo", "Mensah", "Osei", "Boateng", "Mwangi", "Abdi", "Mohamed", "Warsame",
         "Nwosu", "Adebayo", "Campbell", "Francis", "Thomas", "Grant", "Moyo", "Dube"),
    ),
}

# Share of households by origin (a Devon-ish but varied population).
ORIGIN_WEIGHTS: dict[str, float] = {
    "english": 0.66, "scottish_irish_welsh": 0.09, "south_asian": 0.09,
    "polish_eastern": 0.08, "african_caribbean": 0.08,
}

# Record name -> short forms people actually write.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Michael": ("Mike", "Mick", "Mikey"), "James": ("Jim", "Jimmy", "Jamie"), "Rebecca": ("Bex", "Becky", "Becca"),
    "Olivia": ("Liv", "Livvy"), "Kayleigh": ("Kayley", "Kaylee"), "Elizabeth": ("Liz", "Beth", "Lizzie"),
    "Katherine": ("Kate", "Katie", "Kath"), "Christopher": ("Chris",), "Matthew": ("Matt",), "Daniel": ("Dan", "Danny"),
    "Joshua": ("Josh",), "William": ("Will", "Billy", "Bill"), "Robert": ("Rob", "Bob", "Robbie"),
    "Anthony": ("Tony", "Ant"), "Samantha": ("Sam", "Sammy"), "Jessica": ("Jess", "Jessie"),
    "Charlotte": ("Charlie", "Lottie"), "Alexander": ("Alex", "Xander"), "Benjamin": ("Ben",), "Samuel": ("Sam",),
    "Joseph": ("Joe", "Joey"), "Edward": ("Ed", "Eddie", "Ted"), "Richard": ("Rich", "Rick", "Dick"),
    "Stephen": ("Steve",), "Thomas": ("Tom", "Tommy"), "Victoria": ("Vicky", "Tori"), "Jacqueline": ("Jackie",),
    "Margaret": ("Maggie", "Peggy"), "Abigail": ("Abbie", "Abi"), "Natalie": ("Nat",), "Danielle": ("Dani",),
    "Nathan": ("Nath",), "Frederick": ("Fred",), "Alfie": ("Alf",), "Harriet": ("Hattie",), "Hannah": ("Han",),
    "Gemma": ("Gem",), "Amelia": ("Millie", "Amy"), "Emily": ("Em", "Emmy"), "Megan": ("Meg",),
    "Muhammad": ("Mohammed", "Mo"), "Mohammed": ("Muhammad", "Mo"), "Ibrahim": ("Ibby",), "Aleksandra": ("Ola",),
    "Katarzyna": ("Kasia",), "Magdalena": ("Magda",), "Tomasz": ("Tomek",), "Krzysztof": ("Krzys", "Chris"),
    "Oluwaseun": ("Seun",), "Chiamaka": ("Amaka",), "Jordan": ("Jord",), "Bradley": ("Brad",), "Kieran": ("Kier",),
    "Siobhan": ("Shiv",), "Padraig": ("Paddy",), "Callum": ("Cal",), "Zofia": ("Zosia",), "Mateusz": ("Mati",),
}

# Town -> postcode districts it sits in.
TOWNS: dict[str, tuple[str, ...]] = {
    "Exeter": ("EX1", "EX2", "EX4"), "Exmouth": ("EX8",), "Tiverton": ("EX16",), "Crediton": ("EX17",),
    "Honiton": ("EX14",), "Okehampton": ("EX20",), "Barnstaple": ("EX31", "EX32"), "Bideford": ("EX39",),
    "Ilfracombe": ("EX34",), "Plymouth": ("PL1", "PL2", "PL3", "PL4", "PL5", "PL6", "PL7"),
    "Tavistock": ("PL19",), "Ivybridge": ("PL21",), "Torquay": ("TQ1", "TQ2"), "Paignton": ("TQ3", "TQ4"),
    "Brixham": ("TQ5",), "Newton Abbot": ("TQ12",), "Totnes": ("TQ9",), "Teignmouth": ("TQ14",),
}
TOWN_WEIGHTS: dict[str, float] = {
    "Exeter": 0.2, "Plymouth": 0.3, "Torquay": 0.09, "Paignton": 0.07, "Barnstaple": 0.05, "Exmouth": 0.04,
    "Newton Abbot": 0.04, "Tiverton": 0.03, "Bideford": 0.03, "Brixham": 0.02, "Teignmouth": 0.02,
    "Crediton": 0.015, "Honiton": 0.015, "Okehampton": 0.015, "Ilfracombe": 0.015, "Tavistock": 0.015,
    "Ivybridge": 0.015, "Totnes": 0.015,
}

STREET_STEMS: tuple[str, ...] = (
    "Mill", "Church", "Station", "Park", "Queen's", "Victoria", "Oak", "Elm", "Fore", "Castle", "Meadow",
    "Orchard", "Chapel", "Bridge", "Harbour", "Moor", "Hill", "Priory", "Abbey", "Barton", "Beacon", "Coombe",
    "Raleigh", "Drake", "Heavitree", "Cowick", "Polsloe", "Pennsylvania", "Wonford", "Union", "Albert",
    "Windsor", "Marlborough", "Tamar", "Plym", "Dart", "Exe", "Teign", "Haldon", "Dartmoor", "Saxon",
    "Willow", "Ash", "Beech", "Hawthorn", "Rowan", "Foxglove", "Primrose", "Clifton", "Mount", "St David's",
)
STREET_KINDS: tuple[str, ...] = (
    "Road", "Street", "Lane", "Close", "Avenue", "Way", "Drive", "Crescent", "Gardens", "Terrace", "Court", "Place",
    "Rise", "View",
)
BLOCKS: tuple[str, ...] = ("Marlborough Court", "Tamar House", "Heron House", "Raleigh Court", "Kingfisher House",
                           "Beacon Heights", "Albion House", "Harbour View")

# Postcode inward letters never use C, I, K, M, O or V.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

SCHOOL_SAINTS = ("St Mary's", "St Peter's", "St Michael's", "St Andrew's", "Holy Cross", "St Joseph's",
                 "St Thomas", "Our Lady's", "St Leonard's", "St Sidwell's")
SCHOOL_PLACES = ("Westfield", "Hillside", "Ladysmith", "Montgomery", "Willowbank", "Oakwood", "Riverside",
                 "Manor", "Broadclyst", "Pinhoe", "Stoke", "Marine", "Ellen Tinkham", "Priory", "Beacon", "Moorland")

POLICE_TEAMS: tuple[str, ...] = (
    "{town} Response", "{town} Central Response", "{town} CID", "{town} Neighbourhood Team",
    "{town} Response Team {n}", "Public Protection Unit {town}", "{town} Safeguarding Team",
)
POLICE_RANKS = (("PC", 0.7), ("DC", 0.15), ("PS", 0.07), ("PCSO", 0.05), ("DS", 0.03))

# scenario -> the health teams that would plausibly refer it (indices into HEALTH_TEAMS)
HEALTH_TEAMS_FOR: dict[str, tuple[int, ...]] = {
    "baby_injury": (0, 1, 2, 5), "pregnancy": (3, 4, 5), "self_harm": (1, 2, 6, 7, 5),
    "mental_health": (8, 5, 0), "neglect": (0, 7, 5), "child_injury": (1, 2, 5, 7), "substance": (5, 0, 4),
    "homelessness": (0, 5, 7), "disclosure": (7, 5, 1),
}
HEALTH_TEAMS: tuple[tuple[str, str], ...] = (
    ("{town} Health Visiting Team", "Health Visitor"),
    ("RD&E Emergency Department", "Paediatric Liaison Nurse"),
    ("Derriford ED Safeguarding", "Safeguarding Nurse"),
    ("Torbay Hospital Maternity", "Community Midwife"),
    ("{town} Community Midwifery", "Midwife"),
    ("{town} Medical Practice", "GP"),
    ("CAMHS {town}", "CAMHS Practitioner"),
    ("School Nursing {town}", "School Nurse"),
    ("Adult Mental Health Liaison {town}", "Mental Health Nurse"),
)

OTHER_TEAMS: tuple[tuple[str, str], ...] = (
    ("Probation Service {town}", "Probation Officer"),
    ("{town} Housing Options", "Housing Officer"),
    ("Ambulance Service (SWASFT)", "Paramedic"),
)

OTHER_TEAMS_FOR: dict[str, int] = {"sex_offender": 0, "homelessness": 1, "intoxicated_carer": 2}

PHONE_PREFIX = {"Exeter": "01392", "Plymouth": "01752", "Torquay": "01803", "Paignton": "01803",
                "Brixham": "01803", "Barnstaple": "01271", "Bideford": "01237", "Ilfracombe": "01271"}
