"""The demo site's content, written for newsroom. Bodies are HTML as an editor's widget would save it."""

SECTIONS = [
    ("World", "world", "Reporting from capitals, borders and the places in between."),
    ("Technology", "technology", "Networks, software, chips and the people who build them."),
    ("Business", "business", "Markets, companies, work and money."),
    ("Science", "science", "Research, discovery and the evidence behind the headlines."),
]

AUTHORS = [
    ("Mara Ellison", "mara-ellison", "Mara covers trade and diplomacy from Brussels."),
    ("Tomás Reyes", "tomas-reyes", "Tomás writes about infrastructure, energy and the sea."),
    ("Li Wen", "li-wen", "Li Wen reports on technology policy and the chip industry."),
    ("Aisha Darko", "aisha-darko", "Aisha is the science desk's climate and health reporter."),
    ("Jonas Berg", "jonas-berg", "Jonas edits the business pages and writes about labour."),
]

TOPICS = [
    ("Energy", "energy"),
    ("Shipping", "shipping"),
    ("Climate", "climate"),
    ("Semiconductors", "semiconductors"),
    ("Trade", "trade"),
    ("Artificial intelligence", "artificial-intelligence"),
    ("Health", "health"),
    ("Labour", "labour"),
    ("Space", "space"),
    ("Cities", "cities"),
]

LONG_ARTICLE = {
    "headline": "Ports plug in: the quiet race to power ships from the shore",
    "slug": "ports-plug-in-shore-power",
    "section": "world",
    "authors": ["tomas-reyes", "mara-ellison"],
    "topics": ["energy", "shipping", "climate"],
    "featured": True,
    "hours_ago": 2,
    "standfirst": (
        "Berthed ships burn fuel around the clock to keep their lights on. A handful of harbour cities "
        "are now wiring their quays to the grid, and the rest of the industry is watching the bills."
    ),
    "body": """
<p>A container ship tied up at a quay is still a small power station. Its auxiliary engines run day and night to
keep refrigerated boxes cold, cranes fed and cabins lit, and the exhaust drifts straight over the neighbourhoods
that grew up around the docks. Shore power, a cable from the quay that lets the ship switch its engines off, has
existed for decades. What is new is that ports are finally paying to install it at scale.</p>
<h2>1. The Cable Problem: Why a Plug Took Thirty Years</h2>
<p>The idea is simple; the engineering is not. Ships run on different voltages and frequencies, their connection
points sit in different places along the hull, and a cruise ship at full hotel load can draw as much power as a
small town. Early installations were bespoke, built for one shipping line at one berth.</p>
<p>A common international standard for high-voltage shore connections changed that. Once plugs, sockets and safety
interlocks were the same everywhere, shipowners could retrofit a vessel once and expect to use it in many ports.</p>
<h2>2. The Money: Who Pays for the Substation</h2>
<p>A single berth can need a new substation, frequency converters and kilometres of cable. Port authorities have
mostly carried that cost, helped by public grants, and they recover it slowly through connection fees.</p>
<ul>
<li>Ports pay for the quay-side equipment and the grid connection.</li>
<li>Shipowners pay to fit the on-board switchboard and cable management.</li>
<li>Electricity is billed per connection, often below the cost of burning marine fuel.</li>
</ul>
<h2>3. The Grid: Finding Megawatts at the Water's Edge</h2>
<p>Harbours were built for cargo, not for electricity. Many sit at the end of weak distribution lines, and a
terminal serving three large ships at once may need tens of megawatts. Some ports are pairing shore power with
batteries that charge overnight, so that arrival peaks do not land on the local network all at once.</p>
<p>Others are negotiating directly with offshore wind farms whose export cables already come ashore nearby, a
pairing that turns the port from a polluter into one of the region's steadiest electricity customers.</p>
<h2>4. The Rules: Deadlines Arrive in the Harbour</h2>
<p>Regulation is doing what incentives alone did not. New rules require large passenger and container ships to
connect to shore power at major ports within the decade, unless they can show an equally clean alternative.
Ports, in turn, must offer the connections. The result is a rare alignment: neither side can wait for the other.</p>
<blockquote><p>Once the socket is there, the argument about who goes first is over.</p></blockquote>
<h2>5. The Neighbours: Air You Can Measure</h2>
<p>Residents near busy terminals have long complained of soot on windowsills and a low hum through the night.
Air-quality stations near berths that switched to shore power report clear falls in nitrogen dioxide and
particulate levels on days when connected ships are alongside, and the hum goes with the engines.</p>
<h2>The Bottom Line</h2>
<p>Shore power will not decarbonise shipping on its own: most emissions happen at sea. But it removes the most
visible and most local part of the problem, in the places where people actually breathe the exhaust. The cable is
no longer the hard part. The grid behind it is.</p>
""",
}

# Shorter articles: (section, headline, slug, authors, topics, hours ago, standfirst, paragraphs)
ARTICLES = [
    (
        "technology",
        "Chip makers bet on smaller fabs closer to their customers",
        "smaller-fabs-closer-to-customers",
        ["li-wen"],
        ["semiconductors", "trade"],
        5,
        "A new generation of compact fabrication plants promises shorter supply chains and fewer single points of failure.",
        [
            "Building a leading-edge chip factory costs as much as a small country's annual budget. Compact fabs aim lower: older process nodes, smaller clean rooms, and sites chosen for proximity to carmakers and industrial customers.",
            "Industry analysts say the approach will not replace the giants, but it could end the shortages that idled assembly lines when a single plant went offline.",
        ],
    ),
    (
        "science",
        "Coral nurseries show reefs can be regrown faster than expected",
        "coral-nurseries-regrow-reefs",
        ["aisha-darko"],
        ["climate"],
        8,
        "Fragments raised on underwater frames doubled their size in a year, researchers report.",
        [
            "Marine biologists have spent a decade raising coral fragments on underwater frames before planting them on damaged reefs. Their latest survey finds the transplanted colonies growing faster than the wild ones around them.",
            "The team cautions that warming seas remain the central threat: nurseries buy time, they do not remove the cause.",
        ],
    ),
    (
        "business",
        "Four-day week trial ends with most firms keeping it",
        "four-day-week-trial-ends",
        ["jonas-berg"],
        ["labour"],
        11,
        "Productivity held steady at most of the companies taking part, and staff turnover fell.",
        [
            "Six months after switching to a four-day week without a cut in pay, most of the companies in a national trial say they will not go back.",
            "Managers reported fewer sick days and easier hiring. A minority, mostly in customer-facing services, found the rota too hard to staff and returned to five days.",
        ],
    ),
    (
        "world",
        "River cities sign a pact to share flood warnings in real time",
        "river-cities-share-flood-warnings",
        ["mara-ellison"],
        ["climate", "cities"],
        14,
        "Upstream sensors will feed alerts to downstream towns across three borders.",
        [
            "Mayors of eleven cities along one of the continent's longest rivers have agreed to pool their water-level sensors into a single warning network.",
            "Until now, a town downstream often learned of a flood surge from the news. The new system sends alerts directly to emergency services as soon as an upstream gauge crosses its threshold.",
        ],
    ),
    (
        "technology",
        "Open-source maps get a boost from city data releases",
        "open-maps-city-data",
        ["li-wen"],
        ["cities"],
        17,
        "Dozens of municipalities have published building footprints and street furniture under open licences.",
        [
            "Volunteer mappers have long traced buildings from aerial photographs by hand. A wave of open data releases from city halls is now filling in the gaps in days rather than years.",
            "Accessibility groups are among the first beneficiaries: kerb heights and step-free routes are finally appearing in navigation apps.",
        ],
    ),
    (
        "science",
        "A new telescope mirror is polished to within a few atoms",
        "telescope-mirror-polished",
        ["aisha-darko"],
        ["space"],
        20,
        "The last segment of the primary mirror left the polishing lab after four years of work.",
        [
            "The segment, one of several that together form the telescope's primary mirror, was ground and polished to a tolerance measured in nanometres.",
            "Engineers will now coat it with a thin layer of silver before shipping it to the mountain-top observatory where the instrument is being assembled.",
        ],
    ),
    (
        "business",
        "Regional airlines turn to electric planes for short hops",
        "electric-planes-short-hops",
        ["tomas-reyes", "jonas-berg"],
        ["energy"],
        26,
        "Island routes of under 200 kilometres are the first to be served by battery aircraft.",
        [
            "Three regional carriers have placed orders for nine-seat electric aircraft to fly island routes where trips rarely last more than forty minutes.",
            "Operating costs are the attraction: electricity is cheaper than aviation fuel, and electric motors need far less maintenance than turbines.",
        ],
    ),
    (
        "world",
        "Border towns reopen a railway closed for half a century",
        "border-railway-reopens",
        ["mara-ellison"],
        ["trade", "cities"],
        30,
        "The first passenger train in fifty years crossed the frontier on Saturday morning.",
        [
            "Crowds lined the platforms on both sides of the border as the first train crossed the restored bridge.",
            "The line was closed in the 1970s when freight moved to the roads. Local councils spent a decade raising funds to rebuild it.",
        ],
    ),
    (
        "technology",
        "Hospitals test AI that drafts discharge letters",
        "ai-drafts-discharge-letters",
        ["li-wen", "aisha-darko"],
        ["artificial-intelligence", "health"],
        34,
        "Doctors review and sign every letter; the software only writes the first draft.",
        [
            "Junior doctors spend hours each week writing discharge summaries. A pilot in four hospitals lets software produce a draft from the patient's record, which the doctor then corrects and signs.",
            "Early results show time saved, but also errors that only a clinician would catch, which is why no letter leaves unsigned.",
        ],
    ),
    (
        "science",
        "Sleep study links regular bedtimes to better heart health",
        "regular-bedtimes-heart-health",
        ["aisha-darko"],
        ["health"],
        40,
        "Going to bed at the same time mattered more than total hours slept.",
        [
            "Researchers followed thousands of adults wearing activity trackers for a week each year.",
            "Those whose bedtimes varied by more than an hour from night to night had higher blood pressure on average, even when they slept as long as others.",
        ],
    ),
    (
        "business",
        "Port congestion eases as shipping rates fall back",
        "port-congestion-eases",
        ["tomas-reyes"],
        ["shipping", "trade"],
        46,
        "Waiting times outside the busiest harbours are the lowest in three years.",
        [
            "The queues of container ships anchored outside major ports have shortened sharply, according to vessel-tracking data.",
            "Freight rates have followed, easing costs for importers ahead of the holiday season.",
        ],
    ),
    (
        "world",
        "Mountain villages vote to cap holiday rentals",
        "mountain-villages-cap-rentals",
        ["mara-ellison"],
        ["cities"],
        52,
        "Residents said year-round housing had all but disappeared.",
        [
            "Voters in a cluster of alpine villages approved a cap on the share of homes that may be let to tourists.",
            "Supporters say young families had been priced out; opponents warn that the local economy depends on visitors.",
        ],
    ),
    (
        "technology",
        "Undersea cable repairs get faster with new robot submarines",
        "undersea-cable-repair-robots",
        ["li-wen", "tomas-reyes"],
        ["shipping"],
        58,
        "Remotely operated vehicles can now locate and lift a broken cable in hours.",
        [
            "When an undersea internet cable breaks, repair ships can take weeks to arrive and days to find the fault.",
            "A new class of robot submarine, launched from smaller vessels, promises to cut that time dramatically.",
        ],
    ),
    (
        "science",
        "Bees learn to solve puzzles by watching each other",
        "bees-learn-by-watching",
        ["aisha-darko"],
        [],
        64,
        "Insects that saw a trained bee open a box learned the trick faster.",
        [
            "In laboratory trials, bumblebees that watched a trained companion pull a lid off a feeder learned the task in far fewer attempts than those that worked it out alone.",
            "The findings add to evidence that social learning is widespread among insects.",
        ],
    ),
    (
        "business",
        "Small shops band together to share delivery vans",
        "small-shops-share-delivery",
        ["jonas-berg"],
        ["cities"],
        70,
        "A cooperative of independent retailers now delivers across the city centre by cargo bike and van.",
        [
            "Independent shops in the old town have pooled their deliveries into a single cooperative.",
            "The scheme cuts costs for each member and takes dozens of vans off narrow streets each day.",
        ],
    ),
    (
        "world",
        "Farmers trial drought-tolerant wheat across three continents",
        "drought-tolerant-wheat-trial",
        ["aisha-darko", "mara-ellison"],
        ["climate", "trade"],
        76,
        "Field trials will test whether yields hold up through a dry summer.",
        [
            "Seed breeders have distributed a new wheat variety to farms in regions with very different climates.",
            "The trial is designed to show whether laboratory results survive real fields, pests and weather.",
        ],
    ),
    (
        "technology",
        "Public libraries lend out laptops to close the digital gap",
        "libraries-lend-laptops",
        ["li-wen"],
        ["cities"],
        82,
        "Borrowers can take a laptop and a mobile hotspot home for three weeks.",
        [
            "Libraries in several cities now lend laptops the way they lend books.",
            "Demand is strongest among students and job seekers without a computer at home.",
        ],
    ),
    (
        "science",
        "Volcano monitors add satellite radar to their toolkit",
        "volcano-satellite-radar",
        ["aisha-darko"],
        ["space"],
        88,
        "Ground swelling measured from orbit gives days of extra warning.",
        [
            "Radar satellites can detect the ground rising by a few millimetres as magma gathers beneath a volcano.",
            "Observatories are combining those measurements with seismometers on the ground.",
        ],
    ),
    (
        "business",
        "Repair cafés become a business as right-to-repair rules bite",
        "repair-cafes-business",
        ["jonas-berg"],
        ["labour"],
        94,
        "Volunteer workshops are turning into paid services as spare parts become easier to buy.",
        [
            "New rules oblige manufacturers to sell spare parts and repair manuals for years after a product is sold.",
            "Some volunteer repair cafés have responded by opening paid workshops with trained technicians.",
        ],
    ),
    (
        "world",
        "Island nation opens its first solar-powered desalination plant",
        "solar-desalination-plant",
        ["tomas-reyes"],
        ["energy", "climate"],
        100,
        "The plant supplies a fifth of the capital's drinking water.",
        [
            "Fresh water has long been shipped in or made with diesel generators.",
            "The new plant runs on a solar farm and batteries, and officials plan two more.",
        ],
    ),
    (
        "technology",
        "Railways test software that predicts broken rails",
        "railways-predict-broken-rails",
        ["li-wen"],
        ["artificial-intelligence"],
        106,
        "Sensors on ordinary trains measure the track every time they pass.",
        [
            "Instead of sending inspection trains out at night, the operator fits sensors to passenger trains.",
            "Software compares each run with the last and flags sections where the rail is starting to fail.",
        ],
    ),
    (
        "science",
        "Ancient grain stores reveal how early farmers planned for famine",
        "ancient-grain-stores",
        ["aisha-darko"],
        [],
        112,
        "Excavated silos held enough grain to feed a village through two failed harvests.",
        [
            "Archaeologists have measured dozens of storage pits at a settlement occupied for several centuries.",
            "Their capacity suggests that its inhabitants deliberately kept a reserve against bad years.",
        ],
    ),
    (
        "business",
        "Apprenticeships rebound as employers struggle to hire",
        "apprenticeships-rebound",
        ["jonas-berg"],
        ["labour"],
        118,
        "Starts rose for the second year running, led by engineering and care.",
        [
            "Employers facing shortages of skilled staff are training their own.",
            "Unions welcomed the rise but called for more apprenticeships that lead to permanent jobs.",
        ],
    ),
    (
        "world",
        "Night trains return to routes across the continent",
        "night-trains-return",
        ["tomas-reyes", "mara-ellison"],
        ["cities", "energy"],
        124,
        "New sleeper services link capitals that lost their overnight trains two decades ago.",
        [
            "Operators have ordered new sleeper carriages with private compartments and showers.",
            "Demand from travellers avoiding short-haul flights has filled the first services.",
        ],
    ),
    (
        "technology",
        "Schools swap passwords for passkeys",
        "schools-swap-passwords-passkeys",
        ["li-wen"],
        [],
        130,
        "Pupils sign in with a fingerprint or a security key instead of a password.",
        [
            "A district's schools have moved every pupil and teacher to passkeys.",
            "Help-desk calls about forgotten passwords fell by more than half in the first term.",
        ],
    ),
    (
        "science",
        "Urban trees cool streets by up to four degrees",
        "urban-trees-cool-streets",
        ["aisha-darko"],
        ["cities", "climate"],
        136,
        "Temperature sensors on lamp posts mapped the effect of shade block by block.",
        [
            "A network of cheap temperature sensors has shown how much cooler tree-lined streets are on hot afternoons.",
            "City planners are using the map to decide where to plant next.",
        ],
    ),
    (
        "business",
        "Cocoa prices push chocolate makers to rethink recipes",
        "cocoa-prices-chocolate-recipes",
        ["jonas-berg"],
        ["trade", "climate"],
        142,
        "Poor harvests in West Africa have driven prices to record highs.",
        [
            "Chocolate makers are shrinking bars and adding more nuts and wafer.",
            "Farmers say the price rise has yet to reach them in full.",
        ],
    ),
    (
        "world",
        "Coastal towns build living sea walls from oyster reefs",
        "oyster-reef-sea-walls",
        ["tomas-reyes", "aisha-darko"],
        ["climate", "cities"],
        148,
        "Reefs break waves and grow with rising seas, unlike concrete.",
        [
            "Several coastal towns have seeded oyster reefs offshore to protect their beaches.",
            "Engineers say the reefs absorb wave energy and repair themselves after storms.",
        ],
    ),
]

# One scheduled article shows that a future publish time needs no worker: it appears by itself.
SCHEDULED = (
    "science",
    "Mission to a metal asteroid passes its final review",
    "metal-asteroid-mission-review",
    ["aisha-darko"],
    ["space"],
    -24,
    "The spacecraft is cleared for launch next spring.",
    [
        "Engineers completed the last design review of the mission's instruments.",
        "The probe will study an asteroid thought to be the exposed core of an early planet.",
    ],
)
