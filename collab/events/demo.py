"""Demo events of the seed projects: what the partners organised, who came, and when.

Everything the seed documents tell is kept as told: 9 thematic workshops with about 200
participants, 2 innovation camps, study visits to Pomerania and Southwest Finland, 3 seminars
on the public-service quality standard of the Klaipėda region, and the final conference in
Ventspils and Kuldīga with its programme. The speakers of that programme are the only real
people; everyone else is invented, and the dates of the other events are plausible, not known.
A fixed random seed makes the invented part the same on every run.
"""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time

from collab.attendance.models import Attendance, Participant
from collab.events.models import AgendaItem, Event, Theme
from collab.extensions import db
from collab.i18n import Translations
from collab.organisations.models import Organisation

SEED = 431

# The directions of the Klaipėda region specialisation strategy 2030 (KRSS2030), then the
# planning themes of the final conference. The first language is the one of the source.
THEMES = {
    "maritime": {"lt": "Jūrinė ekonomika", "en": "Maritime economy", "lv": "Jūras ekonomika"},
    "bioeconomy": {"lt": "Bioekonomika", "en": "Bioeconomy", "lv": "Bioekonomika"},
    "tourism": {
        "lt": "Darnus jūrinis ir pakrančių turizmas",
        "en": "Sustainable maritime and coastal tourism",
        "lv": "Ilgtspējīgs jūras un piekrastes tūrisms",
    },
    "industry": {
        "lt": "Pažangios pramonės ekonomika",
        "en": "Smart industry",
        "lv": "Viedās rūpniecības ekonomika",
    },
    "services": {
        "lt": "Paslaugų ekonomika",
        "en": "Services economy",
        "lv": "Pakalpojumu ekonomika",
    },
    "energy": {
        "lv": "Energoefektivitāte",
        "en": "Energy efficiency",
        "lt": "Energijos vartojimo efektyvumas",
    },
    "climate": {
        "lv": "Pielāgošanās klimata pārmaiņām un klimatneitralitāte",
        "en": "Climate adaptation and climate neutrality",
        "lt": "Prisitaikymas prie klimato kaitos ir klimato neutralumas",
    },
    "partnership": {
        "lv": "Publiskā un privātā partnerība",
        "en": "Public–private partnership",
        "lt": "Viešojo ir privačiojo sektorių partnerystė",
    },
    "heritage": {
        "lv": "Vēsturiskā mantojuma saglabāšana",
        "en": "Heritage preservation",
        "lt": "Istorinio paveldo išsaugojimas",
    },
    "participation": {
        "lv": "Sabiedrības līdzdalība",
        "en": "Public participation",
        "lt": "Visuomenės dalyvavimas",
    },
    "strategy": {
        "lv": "Reģiona stratēģijas izstrāde",
        "en": "Regional strategy",
        "lt": "Regiono strategijos rengimas",
    },
    "public_services": {
        "lv": "Publiskie pakalpojumi",
        "en": "Public services",
        "lt": "Viešosios paslaugos",
    },
}

# The challenges the Baltic Sea Tourism Center answers (seed: seasonality, uneven
# development, gaps in cooperation between levels).
TOURISM_THEMES = {
    "seasonality": {"lt": "Sezoniškumas", "en": "Seasonality", "lv": "Sezonalitāte"},
    "uneven": {
        "lt": "Netolygi turizmo plėtra",
        "en": "Uneven tourism development",
        "lv": "Nevienmērīga tūrisma attīstība",
    },
    "levels": {
        "lt": "Bendradarbiavimas skirtingais lygmenimis",
        "en": "Cooperation across levels",
        "lv": "Sadarbība dažādos līmeņos",
    },
}

ONLINE = "Online (Zoom)"
# Workshops are for the municipalities' planners and politicians first, with the partners'
# ecosystem around them (seed: business, science, communities).
WORKSHOP_GROUPS = ("planner", "politician", "regional_staff", "business", "ngo", "science")


@dataclass
class Plan:
    """One event as planned here, with the size of its attendance."""

    kind: str
    start: date
    end: date
    organiser: str  # an organisation's label (short name)
    title: dict
    description: dict
    themes: list
    named: int  # people recorded by name, staff included
    unnamed: int = 0
    town: str | None = None
    venue: str | None = None
    country: str | None = None  # the organiser's country unless given
    co_organiser: str | None = None
    target_groups: list = field(default_factory=lambda: list(WORKSHOP_GROUPS))
    # Share of the named guests from the country the event is held in; None (a study visit
    # abroad): half from each region.
    home_share: float | None = 0.65
    recorded: str = "hand"
    host_region: str | None = None
    sites: dict | None = None


WORKSHOPS = [
    Plan(
        "workshop",
        date(2020, 9, 24),
        date(2020, 9, 24),
        "KPR",
        {
            "lv": "Attīstības plānošana Kurzemē un Klaipēdas reģionā: kopīgie izaicinājumi",
            "en": "Development planning in Kurzeme and the Klaipėda region: shared challenges",
            "lt": "Plėtros planavimas Kuržemėje ir Klaipėdos regione: bendri iššūkiai",
        },
        {
            "lv": "Pirmā tematiskā darbnīca kapacitātes stiprināšanas programmā. Kurzemes un "
            "Klaipēdas reģiona pašvaldību attīstības un plānošanas speciālisti:\n\n"
            "- iepazīstas ar abu reģionu attīstības plānošanas sistēmām;\n"
            "- apzina kopīgos izaicinājumus telpiskajā un attīstības plānošanā;\n"
            "- vienojas par turpmāko darbnīcu tēmām.",
            "en": "The first thematic workshop of the capacity-building programme. Development "
            "and planning specialists of the Kurzeme and Klaipėda region municipalities:\n\n"
            "- get to know how development planning works in each region;\n"
            "- map the challenges they share in spatial and development planning;\n"
            "- agree on the themes of the next workshops.",
        },
        ["strategy", "public_services"],
        named=20,
        unnamed=4,
        town="Liepāja",
        co_organiser="Klaipėdos regionas",
    ),
    Plan(
        "workshop",
        date(2020, 11, 19),
        date(2020, 11, 19),
        "Klaipėdos regionas",
        {
            "lt": "Funkcinės zonos su kaimyniniais regionais: Telšių, Tauragės regionai ir Kuržemė",
            "en": "Functional zones with neighbouring regions: Telšiai, Tauragė and Kurzeme",
            "lv": "Funkcionālās zonas ar kaimiņu reģioniem: Telšu un Tauraģes reģioni un Kurzeme",
        },
        {
            "lt": "Nuotolinės dirbtuvės apie Klaipėdos regiono galimybių formuoti ir vystyti "
            "bendras funkcines zonas su Telšių, Tauragės ir Latvijos Kuržemės regionais "
            "analizę:\n\n"
            "- kaimyninių regionų specializacijos ir plėtros kryptys;\n"
            "- sąsajos su KRSS2030 prioritetais ir kryptimis;\n"
            "- galimos partnerystės ir bendradarbiavimo sritys.",
            "en": "Online workshop on the analysis of the Klaipėda region's opportunities to "
            "form and develop joint functional zones with the Telšiai and Tauragė regions and "
            "with Kurzeme in Latvia:\n\n"
            "- the specialisations and development directions of the neighbouring regions;\n"
            "- links with the priorities of the Klaipėda region specialisation strategy 2030;\n"
            "- possible partnerships and fields of cooperation.",
        },
        ["strategy", "maritime", "services"],
        named=22,
        venue=ONLINE,
        home_share=0.55,
        recorded="import",
    ),
    Plan(
        "workshop",
        date(2021, 2, 18),
        date(2021, 2, 18),
        "KPR",
        {
            "lv": "Pielāgošanās klimata pārmaiņām un klimatneitralitāte pašvaldību plānošanā",
            "en": "Climate adaptation and climate neutrality in municipal planning",
            "lt": "Prisitaikymas prie klimato kaitos ir klimato neutralumas savivaldybių planavime",
        },
        {
            "lv": "Tiešsaistes darbnīca par to, kā pašvaldību attīstības programmās un "
            "teritorijas plānojumos ietvert pielāgošanos klimata pārmaiņām un virzību uz "
            "klimatneitralitāti:\n\n"
            "- piekrastes erozija un plūdu riski;\n"
            "- energoefektivitāte pašvaldību ēkās un ielu apgaismojumā;\n"
            "- pieredzes apmaiņa grupās.",
            "en": "Online workshop on bringing climate adaptation and the path to climate "
            "neutrality into municipal development programmes and spatial plans:\n\n"
            "- coastal erosion and flood risks;\n"
            "- energy efficiency in municipal buildings and street lighting;\n"
            "- exchange of experience in small groups.",
        },
        ["climate", "energy"],
        named=24,
        venue=ONLINE,
        home_share=0.55,
        recorded="import",
    ),
    Plan(
        "workshop",
        date(2021, 4, 15),
        date(2021, 4, 15),
        "Klaipėdos regionas",
        {
            "lt": "Dviračių takų tinklas ir „EuroVelo 10“ maršrutas",
            "en": "The cycling route network and the EuroVelo 10 route",
            "lv": "Veloceliņu tīkls un maršruts „EuroVelo 10“",
        },
        {
            "lt": "Nuotolinės dirbtuvės apie Klaipėdos regiono prioritetinio dviračių takų "
            "tinklo analizę ir tarptautinės trasos „EuroVelo 10“ jungtis abipus sienos:\n\n"
            "- Kuržemės ir Klaipėdos regiono maršrutų sujungimas;\n"
            "- bendras ženklinimas ir informacija keliautojams;\n"
            "- maršruto populiarinimas užsienio rinkose.",
            "en": "Online workshop on the analysis of the Klaipėda region's priority cycling "
            "network and the cross-border links of the international EuroVelo 10 route:\n\n"
            "- connecting the routes of Kurzeme and the Klaipėda region;\n"
            "- shared signposting and information for travellers;\n"
            "- promoting the route in foreign markets.",
        },
        ["tourism", "services"],
        named=19,
        venue=ONLINE,
        home_share=0.55,
        recorded="import",
    ),
    Plan(
        "workshop",
        date(2021, 6, 17),
        date(2021, 6, 17),
        "KPR",
        {
            "lv": "Sabiedrības līdzdalība plānošanas lēmumu pieņemšanā",
            "en": "Public participation in planning decisions",
            "lt": "Visuomenės dalyvavimas priimant planavimo sprendimus",
        },
        {
            "lv": "Darbnīca par iedzīvotāju iesaisti attīstības plānošanā: publiskās "
            "apspriešanas, līdzdalības budžets, darbs ar jauniešiem un apkaimju kopienām. "
            "Dalībnieki salīdzina Latvijas un Lietuvas pieredzi un izstrādā ieteikumus "
            "Rokasgrāmatai pārrobežu plānošanai.",
            "en": "Workshop on involving residents in development planning: public "
            "consultations, participatory budgets, work with young people and neighbourhood "
            "communities. Participants compare Latvian and Lithuanian practice and draft "
            "recommendations for the Handbook for cross-border planning.",
        },
        ["participation"],
        named=14,
        target_groups=[*WORKSHOP_GROUPS, "community"],
        unnamed=6,
        town="Saldus",
    ),
    Plan(
        "workshop",
        date(2021, 8, 26),
        date(2021, 8, 26),
        "Klaipėdos regionas",
        {
            "lt": "Turizmo sezoniškumas pajūrio savivaldybėse",
            "en": "Tourism seasonality in coastal municipalities",
            "lv": "Tūrisma sezonalitāte piekrastes pašvaldībās",
        },
        {
            "lt": "Dirbtuvės apie tai, kaip pajūrio savivaldybės gali mažinti turizmo "
            "sezoniškumą: ne sezono produktai, bendri maršrutai, viešųjų paslaugų planavimas "
            "vasaros piko metu. Aptarta Klaipėdos regiono turizmo organizacijos (RTO) kūrimo "
            "idėja.",
            "en": "Workshop on how coastal municipalities can soften tourism seasonality: "
            "off-season products, joint routes, and planning public services for the summer "
            "peak. The idea of a regional tourism organisation (RTO) for the Klaipėda region "
            "was discussed.",
        },
        ["tourism", "maritime", "public_services"],
        named=18,
        unnamed=5,
        town="Palanga",
        co_organiser="KPR",
    ),
    Plan(
        "workshop",
        date(2021, 10, 14),
        date(2021, 10, 14),
        "KPR",
        {
            "lv": "Vēsturiskais mantojums pilsētu attīstības plānošanā",
            "en": "Heritage in urban development planning",
            "lt": "Istorinis paveldas miestų plėtros planavime",
        },
        {
            "lv": "Darbnīca Kuldīgā par vēsturisko pilsētu centru saglabāšanu un attīstību: "
            "apbūves noteikumi, atbalsts īpašniekiem, publiskā un privātā partnerība "
            "mantojuma objektu atjaunošanā. Pastaiga pa Kuldīgas vecpilsētu.",
            "en": "Workshop in Kuldīga on preserving and developing historic town centres: "
            "building regulations, support for owners, public–private partnership in "
            "restoring heritage buildings. A walk through Kuldīga old town.",
        },
        ["heritage", "partnership"],
        named=16,
        unnamed=7,
        town="Kuldīga",
    ),
    Plan(
        "workshop",
        date(2022, 2, 17),
        date(2022, 2, 17),
        "Klaipėdos regionas",
        {
            "lt": "Regioninės maisto tiekimo grandinės: vietos ūkininkų produkcija mokymo "
            "įstaigoms",
            "en": "Regional food supply chains: local farm produce for schools and kindergartens",
            "lv": "Reģionālās pārtikas piegādes ķēdes: vietējo lauksaimnieku produkcija "
            "izglītības iestādēm",
        },
        {
            "lt": "Dirbtuvės Šilutėje apie bioekonomikos kryptį: kaip savivaldybės gali padėti "
            "vietos ūkininkams tiekti produkciją regiono mokykloms ir darželiams, kokie "
            "viešųjų pirkimų ir logistikos iššūkiai, ką galima daryti kartu su Kuržemės "
            "partneriais.",
            "en": "Workshop in Šilutė on the bioeconomy direction: how municipalities can help "
            "local farmers supply schools and kindergartens in the region, the "
            "public-procurement and logistics hurdles, and what can be done together with "
            "partners in Kurzeme.",
        },
        ["bioeconomy", "partnership"],
        named=15,
        unnamed=6,
        town="Šilutė",
    ),
    Plan(
        "workshop",
        date(2022, 4, 21),
        date(2022, 4, 21),
        "KPR",
        {
            "lv": "Publisko pakalpojumu kvalitāte un pieejamība novados",
            "en": "Quality and accessibility of public services in municipalities",
            "lt": "Viešųjų paslaugų kokybė ir prieinamumas savivaldybėse",
        },
        {
            "lv": "Noslēdzošā tematiskā darbnīca: pakalpojumu pieejamība pēc administratīvi "
            "teritoriālās reformas, valsts un pašvaldību vienotie klientu apkalpošanas centri, "
            "publisko pakalpojumu kvalitātes standarts, ko izstrādā Klaipēdas reģionā. "
            "Secinājumi tiek iekļauti Rokasgrāmatā pārrobežu plānošanai.",
            "en": "The last thematic workshop: access to services after the "
            "administrative-territorial reform in Latvia, one-stop customer service centres of "
            "the state and municipalities, and the public-service quality standard being "
            "prepared in the Klaipėda region. The conclusions go into the Handbook for "
            "cross-border planning.",
        },
        ["public_services", "strategy"],
        named=20,
        unnamed=5,
        town="Talsi",
        co_organiser="Klaipėdos regionas",
        recorded="checkin",
    ),
]

CAMPS = [
    Plan(
        "camp",
        date(2020, 10, 7),
        date(2020, 10, 8),
        "KPR",
        {
            "lv": "Inovāciju nometne: pārrobežu sadarbības izaicinājumi",
            "en": "Innovation camp: the challenges of cross-border cooperation",
            "lt": "Inovacijų stovykla: tarpvalstybinio bendradarbiavimo iššūkiai",
        },
        {
            "lv": "Divu dienu nometne, kurā Kurzemes un Klaipēdas reģiona pārstāvji kopradē "
            "apzina būtiskākās pārrobežu sadarbības problēmas un izaicinājumus.\n\n"
            "**1. diena:** izaicinājumu kartēšana grupās, prioritāšu balsojums.\n\n"
            "**2. diena:** izvēlēto izaicinājumu analīze un tēmas turpmākajām darbnīcām.",
            "en": "A two-day camp in which representatives of Kurzeme and the Klaipėda region "
            "co-create a map of the main problems and challenges of cross-border "
            "cooperation.\n\n"
            "**Day 1:** mapping challenges in groups, voting on priorities.\n\n"
            "**Day 2:** analysing the chosen challenges and setting the themes of the next "
            "workshops.",
        },
        ["strategy", "public_services", "tourism", "climate"],
        named=26,
        town="Ventspils",
        co_organiser="Klaipėdos regionas",
        home_share=0.55,
    ),
    Plan(
        "camp",
        date(2021, 7, 8),
        date(2021, 7, 9),
        "Klaipėdos regionas",
        {
            "lt": "Inovacijų stovykla: nuo iššūkių prie bendrų sprendimų",
            "en": "Innovation camp: from challenges to joint solutions",
            "lv": "Inovāciju nometne: no izaicinājumiem līdz kopīgiem risinājumiem",
        },
        {
            "lt": "Antroji dviejų dienų inovacijų stovykla. Dalyviai grįžta prie pirmosios "
            "stovyklos iššūkių, patikslina juos pagal dirbtuvių rezultatus ir bendrakūrybos "
            "būdu ieško sprendimų.\n\n"
            "**1 diena:** iššūkių patikslinimas, sprendimų idėjų generavimas.\n\n"
            "**2 diena:** sprendimų prototipai ir bendrų projektų idėjos.",
            "en": "The second two-day innovation camp. Participants return to the challenges "
            "of the first camp, refine them with what the workshops found and co-create "
            "solutions.\n\n"
            "**Day 1:** refining the challenges, generating ideas for solutions.\n\n"
            "**Day 2:** prototypes of solutions and ideas for joint projects.",
        },
        ["strategy", "participation", "maritime", "bioeconomy"],
        named=24,
        unnamed=3,
        town="Klaipėda",
        co_organiser="KPR",
        home_share=0.55,
    ),
]

STUDY_VISITS = [
    Plan(
        "study_visit",
        date(2021, 9, 22),
        date(2021, 9, 24),
        "Klaipėdos regionas",
        {
            "lt": "Pažintinė kelionė į Lenkijos Pamario vaivadiją",
            "en": "Study visit to Pomerania, Poland",
            "lv": "Pieredzes apmaiņas brauciens uz Pomožes vojevodisti Polijā",
        },
        {
            "lt": "Trijų dienų pažintinė kelionė Kuržemės ir Klaipėdos regionų politikams ir "
            "planavimo specialistams: regioninio planavimo metodai Pamario vaivadijoje, "
            "metropolinio planavimo patirtis ir dviračių maršrutų plėtra pajūryje.",
            "en": "A three-day study visit for politicians and planning specialists of Kurzeme "
            "and the Klaipėda region: the regional planning methods of the Pomorskie "
            "Voivodeship, its experience of metropolitan planning and the development of "
            "coastal cycling routes.",
        },
        ["strategy", "tourism", "maritime"],
        named=16,
        town="Gdańsk",
        country="PL",
        co_organiser="KPR",
        target_groups=["politician", "planner"],
        home_share=None,
        host_region="Pomorskie Voivodeship (PL)",
        sites={
            "lt": "- Pamario vaivadijos maršalkos biuras: regioninės plėtros ir teritorijų "
            "planavimo skyriai\n"
            "- Regioninis teritorijų planavimo biuras: vaivadijos teritorijų plėtros planas\n"
            "- Gdanskas: atgaivinta buvusios laivų statyklos ir uosto teritorija\n"
            "- „EuroVelo 10“ Baltijos jūros dviračių maršruto atkarpa Pamario pakrantėje\n"
            "- Pajūrio savivaldybė: turizmo infrastruktūra ir paslaugos ne sezono metu",
            "en": "- Marshal's Office of the Pomorskie Voivodeship: regional development and "
            "spatial planning departments\n"
            "- Regional spatial planning office: the spatial development plan of the "
            "voivodeship\n"
            "- Gdańsk: a regenerated former shipyard and port area\n"
            "- A section of the EuroVelo 10 Baltic Sea cycle route on the Pomeranian coast\n"
            "- A coastal municipality: tourism infrastructure and off-season services",
            "lv": "- Pomožes vojevodistes Maršala birojs: reģionālās attīstības un teritorijas "
            "plānošanas departamenti\n"
            "- Reģionālais teritorijas plānošanas birojs: vojevodistes telpiskās attīstības "
            "plāns\n"
            "- Gdaņska: atjaunota bijušās kuģu būvētavas un ostas teritorija\n"
            "- Baltijas jūras velomaršruta „EuroVelo 10“ posms Pomožes piekrastē\n"
            "- Piekrastes pašvaldība: tūrisma infrastruktūra un pakalpojumi ārpus sezonas",
        },
    ),
    Plan(
        "study_visit",
        date(2022, 5, 10),
        date(2022, 5, 12),
        "KPR",
        {
            "lv": "Pieredzes apmaiņas brauciens uz Dienvidrietumu Somiju",
            "en": "Study visit to Southwest Finland",
            "lt": "Pažintinė kelionė į Pietvakarių Suomiją",
        },
        {
            "lv": "Trīs dienu pieredzes apmaiņas brauciens Kurzemes un Klaipēdas reģiona "
            "politiķiem un plānošanas speciālistiem uz Dienvidrietumu Somiju (Varsinais-Suomi): "
            "reģionālā plānošana, pašvaldību sadarbība, klimatneitralitātes mērķi "
            "pilsētplānošanā.",
            "en": "A three-day study visit for politicians and planning specialists of Kurzeme "
            "and the Klaipėda region to Southwest Finland (Varsinais-Suomi): regional planning, "
            "cooperation between municipalities, climate-neutrality targets in urban planning.",
        },
        ["strategy", "climate", "public_services"],
        named=18,
        town="Turku",
        country="FI",
        co_organiser="Klaipėdos regionas",
        target_groups=["politician", "planner"],
        home_share=None,
        host_region="Southwest Finland – Varsinais-Suomi (FI)",
        sites={
            "lv": "- Dienvidrietumu Somijas reģionālā padome: reģionālās plānošanas nodaļa\n"
            "- Turku pilsēta: pilsētplānošana un pilsētas klimata programma\n"
            "- Zinātnes parks Turku: pilsētas, universitāšu un uzņēmumu sadarbība\n"
            "- Neliela reģiona pašvaldība: pašvaldību kopīgi sniegti pakalpojumi\n"
            "- Turku ostas teritorija: ostas un pilsētas kopīga plānošana",
            "en": "- Regional council of Southwest Finland: regional planning department\n"
            "- City of Turku: urban planning and the city's climate programme\n"
            "- A science park in Turku: cooperation of the city, universities and companies\n"
            "- A smaller municipality of the region: services shared between municipalities\n"
            "- The Turku harbour area: planning the port and the city together",
            "lt": "- Pietvakarių Suomijos regiono taryba: regioninio planavimo skyrius\n"
            "- Turku miestas: miesto planavimas ir miesto klimato programa\n"
            "- Mokslo parkas Turku: miesto, universitetų ir įmonių bendradarbiavimas\n"
            "- Nedidelė regiono savivaldybė: kelių savivaldybių bendrai teikiamos paslaugos\n"
            "- Turku uosto teritorija: bendras uosto ir miesto planavimas",
        },
    ),
]

_SEMINAR_TITLE = {
    "lt": "Viešųjų paslaugų kokybės standarto Klaipėdos regione kūrimas",
    "en": "Creating a public-service quality standard in the Klaipėda region",
    "lv": "Publisko pakalpojumu kvalitātes standarta izveide Klaipēdas reģionā",
}
_SEMINAR_PARTS = [
    (
        date(2021, 10, 28),
        {
            "lt": "1 seminaras: esama padėtis",
            "en": "Seminar 1: where we stand",
            "lv": "1. seminārs: esošā situācija",
        },
        {
            "lt": "Pirmasis seminaras Klaipėdos regiono savivaldybėms ir partneriams. Aptarta, "
            "kaip šiandien vertinama viešųjų paslaugų kokybė regiono savivaldybėse, kokie "
            "duomenys renkami ir kur gyventojai susiduria su daugiausia sunkumų.",
            "en": "The first seminar for the municipalities and partners of the Klaipėda "
            "region: how the quality of public services is assessed in the region's "
            "municipalities today, what data are collected, and where residents meet the most "
            "difficulties.",
        },
        17,
        0,
    ),
    (
        date(2022, 1, 27),
        {
            "lt": "2 seminaras: paslaugų kokybės kriterijai",
            "en": "Seminar 2: quality criteria for services",
            "lv": "2. seminārs: pakalpojumu kvalitātes kritēriji",
        },
        {
            "lt": "Antrajame seminare savivaldybių atstovai kartu išgrynino viešųjų paslaugų "
            "kokybės kriterijus: prieinamumą, laiką, informaciją, elektronines paslaugas ir "
            "gyventojų grįžtamąjį ryšį.",
            "en": "In the second seminar the municipalities' representatives worked out the "
            "quality criteria for public services together: access, time, information, "
            "e-services and feedback from residents.",
        },
        15,
        4,
    ),
    (
        date(2022, 3, 24),
        {
            "lt": "3 seminaras: standarto projektas ir jo įgyvendinimas",
            "en": "Seminar 3: the draft standard and how to apply it",
            "lv": "3. seminārs: standarta projekts un tā ieviešana",
        },
        {
            "lt": "Trečiajame seminare pristatytas Klaipėdos regiono viešųjų paslaugų kokybės "
            "standarto projektas, aptarti jo įgyvendinimo žingsniai ir savivaldybių "
            "bendradarbiavimas jį taikant.",
            "en": "The third seminar presented the draft public-service quality standard of the "
            "Klaipėda region and discussed the steps to put it in place and how the "
            "municipalities will cooperate in applying it.",
        },
        18,
        0,
    ),
]
SEMINARS = [
    Plan(
        "seminar",
        day,
        day,
        "Klaipėdos regionas",
        {lang: f"{_SEMINAR_TITLE[lang]}. {part[lang]}" for lang in _SEMINAR_TITLE},
        description,
        ["public_services", "services"],
        named=named,
        unnamed=unnamed,
        town="Klaipėda",
        target_groups=["planner", "politician", "regional_staff"],
        home_share=1.0,
    )
    for day, part, description, named, unnamed in _SEMINAR_PARTS
]

CONFERENCE = Plan(
    "conference",
    date(2022, 10, 12),
    date(2022, 10, 13),
    "KPR",
    {
        "lv": "Projekta „Viedā plānošana“ (SMART PLANNING) noslēguma konference",
        "en": "Smart Planning final conference",
        "lt": "Projekto „Sumanus planavimas“ baigiamoji konferencija",
    },
    {
        "lv": "Projekta Nr. LLI-431 „Starpreģionu sadarbība ilgtspējīgai, integrētai un viedai "
        "plānošanai“ (Viedā plānošana / SMART PLANNING) noslēguma konference Ventspilī un "
        "Kuldīgā pašvaldību un reģionu attīstības, plānošanas un projektu speciālistiem no "
        "Kurzemes un Klaipēdas reģiona.\n\n"
        "**Pirmā diena** (Zinātnes centrs VIZIUM, Ventspils): projekta rezultāti, Rokasgrāmata "
        "pārrobežu plānošanai un pašvaldību labā prakse energoefektivitātē, pielāgošanās "
        "klimata pārmaiņām un virzībā uz klimatneitralitāti, publiskajā un privātajā "
        "partnerībā, vēsturiskā mantojuma saglabāšanā, sabiedrības iesaistē lēmumu pieņemšanā "
        "un reģiona stratēģijas izstrādē.\n\n"
        "**Otrā diena:** vizītes labās prakses vietās Ventspilī un Kuldīgā.",
        "en": 'The final conference of project No. LLI-431 "Inter-regional Cooperation for '
        'Sustainable, Integrated and Smart Planning" (Smart Planning) in Ventspils and '
        "Kuldīga, for development, planning and project specialists of the municipalities and "
        "regions of Kurzeme and the Klaipėda region.\n\n"
        "**Day 1** (science centre VIZIUM, Ventspils): the results of the project, the Handbook "
        "for cross-border planning, and the municipalities' good practice in energy "
        "efficiency, climate adaptation and the path to climate neutrality, public–private "
        "partnership, heritage preservation, public participation in decisions and the "
        "making of a regional strategy.\n\n"
        "**Day 2:** visits to good-practice sites in Ventspils and Kuldīga.",
        "lt": "Projekto Nr. LLI-431 „Regioninis bendradarbiavimas darniam, integruotam ir "
        "sumaniam planavimui“ (Sumanus planavimas) baigiamoji konferencija Ventspilyje ir "
        "Kuldygoje Kuržemės ir Klaipėdos regionų savivaldybių plėtros, planavimo ir projektų "
        "specialistams.\n\n"
        "**Pirmoji diena** (mokslo centras VIZIUM, Ventspilis): projekto rezultatai, "
        "tarpvalstybinio planavimo gidas ir savivaldybių gerosios praktikos energijos "
        "vartojimo efektyvumo, prisitaikymo prie klimato kaitos ir klimato neutralumo, viešojo "
        "ir privačiojo sektorių partnerystės, istorinio paveldo išsaugojimo, visuomenės "
        "įtraukimo ir regiono strategijos rengimo srityse.\n\n"
        "**Antroji diena:** gerųjų praktikų vietų lankymas Ventspilyje ir Kuldygoje.",
    },
    [
        "energy",
        "climate",
        "partnership",
        "heritage",
        "participation",
        "strategy",
        "public_services",
    ],
    named=62,
    unnamed=26,
    town="Ventspils",
    venue="Zinātnes centrs VIZIUM",
    co_organiser="Klaipėdos regionas",
    target_groups=[*WORKSHOP_GROUPS, "community"],
    home_share=0.55,
    sites={
        "lv": "- Koncertzāle „Latvija“ un Ventspils Mūzikas vidusskola\n"
        "- Piejūras brīvdabas muzejs un tajā esošā jaunā Laivu māja\n"
        "- Topošais multifunkcionālais centrs „Gāliņciems“\n"
        "- Elektroautobusu uzlādes staciju vietas un jaunie elektroautobusi\n"
        "- Adatu fabrika Kuldīgā: LIAA Kuldīgas biznesa inkubators, digitālais inovāciju "
        "centrs, Mākslas un radošais klāsteris ar starptautiskās maģistrantūras studiju un "
        "mākslinieku rezidenču programmām un prototipēšanas darbnīcu\n"
        "- Atjaunotais Adatu tornis, industriālā mantojuma tūrisma apskates objekts",
        "en": '- Concert hall "Latvija" and Ventspils music secondary school\n'
        "- The Seaside open-air museum and its new Boat house\n"
        '- The future multifunctional centre "Gāliņciems"\n'
        "- Charging stations for electric buses and the new electric buses\n"
        "- Adatu fabrika (the Needle factory) in Kuldīga: the LIAA Kuldīga business "
        "incubator, a digital innovation centre, and an art and creative cluster with an "
        "international master's programme, artist residencies and a prototyping workshop\n"
        "- The restored Needle tower (Adatu tornis), an industrial heritage sight",
        "lt": "- Koncertų salė „Latvija“ ir Ventspilio muzikos vidurinė mokykla\n"
        "- Pajūrio muziejus po atviru dangumi ir jo naujasis Valčių namas\n"
        "- Būsimas daugiafunkcis centras „Gāliņciems“\n"
        "- Elektrinių autobusų įkrovimo stotelės ir nauji elektriniai autobusai\n"
        "- Adatų fabrikas Kuldygoje: LIAA Kuldygos verslo inkubatorius, skaitmeninių "
        "inovacijų centras, meno ir kūrybos klasteris su tarptautinėmis magistrantūros "
        "studijomis, menininkų rezidencijomis ir prototipų dirbtuvėmis\n"
        "- Atkurtas Adatų bokštas, pramoninio paveldo turizmo objektas",
    },
)

# The programme of the first day as published by the Kurzeme Planning Region; the speakers
# and their organisations are written as in the programme. Times are plausible, not known.
# The seed lists the participatory budget as the title of V. Jakumiene's talk, with the
# Kretinga residents' initiatives project as its subtitle; the handbook has no speaker.
CONFERENCE_DAY_1 = [
    (
        time(9, 30),
        {
            "lv": "Reģistrācija un rīta kafija",
            "en": "Registration and morning coffee",
            "lt": "Registracija ir rytinė kava",
        },
        None,
        None,
    ),
    (
        time(10, 0),
        {
            "lv": "Konferences atklāšana",
            "en": "Opening of the conference",
            "lt": "Konferencijos atidarymas",
        },
        None,
        None,
    ),
    (
        time(10, 15),
        {
            "lv": "Projekta SMART PLANNING nozīmīgākie rezultāti",
            "en": "The most important results of the SMART PLANNING project",
            "lt": "Svarbiausi projekto „Sumanus planavimas“ rezultatai",
        },
        "A. Meri",
        "Kurzemes plānošanas reģions",
    ),
    (
        time(10, 35),
        {
            "lv": "Rokasgrāmata pārrobežu plānošanai",
            "en": "Handbook for cross-border planning",
            "lt": "Tarpvalstybinio planavimo gidas",
        },
        None,
        None,
    ),
    (
        time(10, 50),
        {
            "lv": "Ventspils pilsētas iniciatīvas energoefektivitātes jomā",
            "en": "Ventspils city initiatives in energy efficiency",
            "lt": "Ventspilio miesto iniciatyvos energijos vartojimo efektyvumo srityje",
        },
        "A. Galindoms",
        "Ventspils valstspilsēta",
    ),
    (
        time(11, 10),
        {
            "lv": "Klaipēdas reģiona specializācijas stratēģija",
            "en": "Klaipėda region specialisation strategy",
            "lt": "Klaipėdos regiono specializacijos strategija",
        },
        "E. Stonke",
        "Asociācija - Klaipēdas reģions",
    ),
    (
        time(11, 30),
        {"lv": "Kafijas pauze", "en": "Coffee break", "lt": "Kavos pertrauka"},
        None,
        None,
    ),
    (
        time(11, 50),
        {
            "lv": "Drevernas osta – pašvaldības un uzņēmējdarbības sadarbība attīstībai",
            "en": "Dreverna port: cooperation of the municipality and business for development",
            "lt": "Drevernos uostas – savivaldybės ir verslo bendradarbiavimas plėtrai",
        },
        "M. Virbauskas",
        "Drevernas osta",
    ),
    (
        time(12, 10),
        {
            "lv": "Kuldīgas vecpilsēta. UNESCO. Vēsturiskā mantojuma saglabāšana un atbalstīšana",
            "en": "Kuldīga old town. UNESCO. Preserving and supporting historic heritage",
            "lt": "Kuldygos senamiestis. UNESCO. Istorinio paveldo išsaugojimas ir rėmimas",
        },
        "K. Rasa",
        "Kuldīgas novada pašvaldība",
    ),
    (
        time(12, 30),
        {
            "lv": "Partnerība un sadarbība – pamats plaukstošām vietējām kopienām",
            "en": "Partnership and cooperation: the foundation of thriving local communities",
            "lt": "Partnerystė ir bendradarbiavimas – klestinčių vietos bendruomenių pagrindas",
        },
        "J. Ažondenienė",
        "Skuodas pašvaldības administrācija",
    ),
    (time(12, 50), {"lv": "Pusdienas", "en": "Lunch", "lt": "Pietūs"}, None, None),
    (
        time(13, 40),
        {
            "lv": "Sabiedrības līdzdalība Saldus novadā",
            "en": "Public participation in Saldus municipality",
            "lt": "Visuomenės dalyvavimas Saldaus savivaldybėje",
        },
        "I. Tomanoviča Barone",
        "Saldus novada pašvaldība",
    ),
    (
        time(14, 0),
        {
            "lv": "Līdzdalības budžets: pašvaldību iedzīvotāju iekļaušanas rīks. Kretingas "
            "novada iedzīvotāju iniciatīvu projekts",
            "en": "Participatory budget: a tool for including residents. The residents' "
            "initiatives project of Kretinga district",
            "lt": "Dalyvaujamasis biudžetas: gyventojų įtraukimo įrankis. Kretingos rajono "
            "gyventojų iniciatyvų projektas",
        },
        "V. Jakumiene",
        "Kretingas novada pašvaldība",
    ),
    (
        time(14, 20),
        {
            "lv": "Liepāja – klimatneitrāla un vieda pilsēta 2030. gadā",
            "en": "Liepāja: a climate-neutral and smart city in 2030",
            "lt": "Liepoja – klimatui neutralus ir sumanus miestas 2030 m.",
        },
        "K. Beihmanis",
        "Liepājas valstspilsēta",
    ),
    (
        time(14, 40),
        {
            "lv": "Latvijas–Lietuvas Programma 2021–2027",
            "en": "The Latvia–Lithuania Programme 2021–2027",
            "lt": "Latvijos–Lietuvos programa 2021–2027 m.",
        },
        "Z. Mangule",
        "Vides aizsardzības un reģionālās attīstības ministrija",
    ),
    (time(15, 0), {"lv": "Diskusija", "en": "Discussion", "lt": "Diskusija"}, None, None),
    (
        time(15, 30),
        {
            "lv": "Zinātnes centrs VIZIUM – no idejas līdz objektam",
            "en": "Science centre VIZIUM: from idea to building",
            "lt": "Mokslo centras VIZIUM – nuo idėjos iki pastato",
        },
        "Zinātnes centra VIZIUM pārstāvji",
        "Zinātnes centrs VIZIUM",
    ),
]

CONFERENCE_DAY_2 = [
    (
        time(9, 0),
        {
            "lv": "Koncertzāle „Latvija“ un Ventspils Mūzikas vidusskola",
            "en": 'Concert hall "Latvija" and Ventspils music secondary school',
            "lt": "Koncertų salė „Latvija“ ir Ventspilio muzikos vidurinė mokykla",
        },
    ),
    (
        time(10, 15),
        {
            "lv": "Piejūras brīvdabas muzejs un jaunā Laivu māja",
            "en": "The Seaside open-air museum and its new Boat house",
            "lt": "Pajūrio muziejus po atviru dangumi ir naujasis Valčių namas",
        },
    ),
    (
        time(11, 15),
        {
            "lv": "Topošais multifunkcionālais centrs „Gāliņciems“",
            "en": 'The future multifunctional centre "Gāliņciems"',
            "lt": "Būsimas daugiafunkcis centras „Gāliņciems“",
        },
    ),
    (
        time(12, 0),
        {
            "lv": "Elektroautobusu uzlādes staciju vietas un jaunie elektroautobusi",
            "en": "Charging stations for electric buses and the new electric buses",
            "lt": "Elektrinių autobusų įkrovimo stotelės ir nauji elektriniai autobusai",
        },
    ),
    (
        time(12, 45),
        {
            "lv": "Pusdienas un brauciens uz Kuldīgu",
            "en": "Lunch and transfer to Kuldīga",
            "lt": "Pietūs ir kelionė į Kuldygą",
        },
    ),
    (
        time(14, 30),
        {
            "lv": "Adatu fabrika: LIAA Kuldīgas biznesa inkubators, digitālais inovāciju "
            "centrs, Mākslas un radošais klāsteris",
            "en": "Adatu fabrika (the Needle factory): LIAA Kuldīga business incubator, digital "
            "innovation centre, art and creative cluster",
            "lt": "Adatų fabrikas: LIAA Kuldygos verslo inkubatorius, skaitmeninių inovacijų "
            "centras, meno ir kūrybos klasteris",
        },
    ),
    (
        time(16, 0),
        {
            "lv": "Atjaunotais Adatu tornis – industriālā mantojuma tūrisma apskates objekts",
            "en": "The restored Needle tower (Adatu tornis), an industrial heritage sight",
            "lt": "Atkurtas Adatų bokštas – pramoninio paveldo turizmo objektas",
        },
    ),
]

# The speakers of the programme as participants: (name, organisation label, function).
# Their consent and gender were never recorded here, so none is invented.
CONFERENCE_SPEAKERS = [
    ("A. Meri", "KPR", "regional_staff"),
    ("A. Galindoms", "Ventspils", "other"),
    ("E. Stonke", "Klaipėdos regionas", "regional_staff"),
    ("M. Virbauskas", "Dreverna", "other"),
    ("K. Rasa", "Kuldīga", "other"),
    ("J. Ažondenienė", "Skuodas", "other"),
    ("I. Tomanoviča Barone", "Saldus", "other"),
    ("V. Jakumiene", "Kretinga", "other"),
    ("K. Beihmanis", "Liepāja", "other"),
    ("Z. Mangule", "VARAM", "other"),
]

# Agenda of a one-day workshop: a welcome by the organiser, an input talk, group work.
WORKSHOP_AGENDA = [
    (
        time(10, 0),
        {
            "en": "Welcome and aims of the day",
            "lv": "Ievads un dienas mērķi",
            "lt": "Sveikinimas ir dienos tikslai",
        },
    ),
    (time(10, 20), {"en": "Input talk", "lv": "Ievadprezentācija", "lt": "Įvadinis pranešimas"}),
    (time(11, 0), {"en": "Group work", "lv": "Darbs grupās", "lt": "Darbas grupėse"}),
    (
        time(13, 0),
        {
            "en": "Conclusions and next steps",
            "lv": "Secinājumi un nākamie soļi",
            "lt": "Išvados ir tolesni žingsniai",
        },
    ),
]

# ---------------------------------------------------------------------------------------------
# People. The partners' staff run the events; the rest come from the municipalities of both
# regions and from the organisations around them. Organisations not in the database are
# kept as typed, as a participant would type them at check-in.

KPR_STAFF = [("Ilze Paraudziņa", "female"), ("Jānis Ozols", "male"), ("Ilze Kalniņa", "female")]
KLAIPEDA_STAFF = [
    ("Jonas Pavyzdys", "male"),
    ("Rūta Jankauskienė", "female"),
    ("Tomas Petrauskas", "male"),
    ("Rūta Pavyzdėlė", "female"),
]

# organisation (label of a known one, or the name as typed), country, function, how many
PEOPLE = [
    ("Ventspils", "LV", "planner", 5),
    ("Ventspils", "LV", "politician", 1),
    ("Kuldīga", "LV", "planner", 5),
    ("Kuldīga", "LV", "politician", 1),
    ("Saldus", "LV", "planner", 4),
    ("Saldus", "LV", "politician", 1),
    ("Liepāja", "LV", "planner", 6),
    ("Liepāja", "LV", "politician", 1),
    ("Talsu novada pašvaldība", "LV", "planner", 4),
    ("Talsu novada pašvaldība", "LV", "politician", 1),
    ("Ventspils novada pašvaldība", "LV", "planner", 4),
    ("Ventspils novada pašvaldība", "LV", "politician", 1),
    ("Dienvidkurzemes novada pašvaldība", "LV", "planner", 4),
    ("Dienvidkurzemes novada pašvaldība", "LV", "politician", 1),
    ("VARAM", "LV", "other", 2),
    ("VIZIUM", "LV", "science", 2),
    ("Liepājas Universitāte", "LV", "science", 3),
    ("Ventspils Augstskola", "LV", "science", 1),
    ("Biedrība „Kurzemes NVO centrs“", "LV", "ngo", 2),
    ("SIA „Piekrastes plānotāji“", "LV", "business", 1),
    ("Kuldīgas tūrisma attīstības centrs", "LV", "other", 1),
    (None, "LV", "community", 3),
    ("Skuodas", "LT", "planner", 4),
    ("Skuodas", "LT", "politician", 1),
    ("Kretinga", "LT", "planner", 5),
    ("Kretinga", "LT", "politician", 1),
    ("Klaipėdos miesto savivaldybės administracija", "LT", "planner", 5),
    ("Klaipėdos miesto savivaldybės administracija", "LT", "politician", 1),
    ("Klaipėdos rajono savivaldybės administracija", "LT", "planner", 5),
    ("Klaipėdos rajono savivaldybės administracija", "LT", "politician", 1),
    ("Palangos miesto savivaldybės administracija", "LT", "planner", 4),
    ("Palangos miesto savivaldybės administracija", "LT", "politician", 1),
    ("Neringos savivaldybės administracija", "LT", "planner", 2),
    ("Neringos savivaldybės administracija", "LT", "politician", 1),
    ("Šilutės rajono savivaldybės administracija", "LT", "planner", 4),
    ("Šilutės rajono savivaldybės administracija", "LT", "politician", 1),
    ("Telšių regiono plėtros taryba", "LT", "regional_staff", 1),
    ("Tauragės regiono plėtros taryba", "LT", "regional_staff", 1),
    ("Dreverna", "LT", "business", 1),
    ("Klaipėdos universitetas", "LT", "science", 3),
    ("Klaipėdos mokslo ir technologijų parkas", "LT", "business", 1),
    ("Asociacija „Pajūrio bendruomenės“", "LT", "ngo", 3),
    ("UAB „Vakarų projektai“", "LT", "business", 1),
    (None, "LT", "community", 2),
]


def _words(text: str) -> list[str]:
    return text.split()


LV_FIRST = {
    "female": _words(
        "Inese Līga Anita Dace Kristīne Laura Santa Evita Ieva Sandra Agnese Zane Baiba Gunta "
        "Linda Marta Elīna Daiga Aija Sanita"
    ),
    "male": _words(
        "Andris Māris Mārtiņš Edgars Gints Raimonds Kaspars Uldis Aivars Artūrs Roberts Armands "
        "Valdis Normunds Dainis Jānis"
    ),
}
# Latvian surnames change with gender: his/hers.
LV_SURNAMES = [
    tuple(pair.split("/"))
    for pair in _words(
        "Kalniņš/Kalniņa Bērziņš/Bērziņa Krūmiņš/Krūmiņa Zariņš/Zariņa Vītols/Vītola "
        "Jansons/Jansone Kļaviņš/Kļaviņa Siliņš/Siliņa Pētersons/Pētersone Lapiņš/Lapiņa "
        "Balodis/Balode Ozoliņš/Ozoliņa Eglītis/Eglīte Vanags/Vanaga Freimanis/Freimane "
        "Grīnbergs/Grīnberga Liepiņš/Liepiņa Kalējs/Kalēja Sproģis/Sproģe Dzenis/Dzene "
        "Strazdiņš/Strazdiņa Priedītis/Priedīte Lūsis/Lūse Rozītis/Rozīte Ābols/Ābola "
        "Ziediņš/Ziediņa Skujiņš/Skujiņa"
    )
]
LT_FIRST = {
    "female": _words(
        "Agnė Eglė Inga Jurgita Kristina Laura Lina Neringa Aušra Vaida Giedrė Asta Dalia Ieva "
        "Simona Gintarė Vilma Daiva Rūta Jolanta"
    ),
    "male": _words(
        "Mindaugas Darius Andrius Vytautas Paulius Linas Saulius Gediminas Rimantas Tadas Marius "
        "Audrius Donatas Kęstutis Žilvinas Tomas"
    ),
}
# Lithuanian surnames: his/a married woman's/an unmarried woman's.
LT_SURNAMES = [
    tuple(triple.split("/"))
    for triple in _words(
        "Petrauskas/Petrauskienė/Petrauskaitė Jankauskas/Jankauskienė/Jankauskaitė "
        "Kazlauskas/Kazlauskienė/Kazlauskaitė Stankevičius/Stankevičienė/Stankevičiūtė "
        "Vasiliauskas/Vasiliauskienė/Vasiliauskaitė Žukauskas/Žukauskienė/Žukauskaitė "
        "Butkus/Butkienė/Butkutė Paulauskas/Paulauskienė/Paulauskaitė "
        "Urbonas/Urbonienė/Urbonaitė Kavaliauskas/Kavaliauskienė/Kavaliauskaitė "
        "Baranauskas/Baranauskienė/Baranauskaitė Navickas/Navickienė/Navickaitė "
        "Rimkus/Rimkienė/Rimkutė Sakalauskas/Sakalauskienė/Sakalauskaitė "
        "Mockus/Mockienė/Mockutė Šimkus/Šimkienė/Šimkutė Norkus/Norkienė/Norkutė "
        "Jonaitis/Jonaitienė/Jonaitytė Lukoševičius/Lukoševičienė/Lukoševičiūtė "
        "Bagdonas/Bagdonienė/Bagdonaitė Kairys/Kairienė/Kairytė Vaitkus/Vaitkienė/Vaitkutė "
        "Grigas/Grigienė/Grigaitė Daugėla/Daugėlienė/Daugėlaitė"
    )
]


@dataclass
class Person:
    participant: Participant
    country: str
    function: str
    weight: float  # how likely to come to any one event: the regulars come to most
    attended: int = 0


class _Seeder:
    """Builds the rows of one project; nothing is flushed until the caller commits."""

    def __init__(self, project, orgs: dict[str, Organisation], rng: random.Random):
        self.project = project
        self.orgs = {o.short_name or o.name: o for o in orgs.values()}
        self.rng = rng
        self.rows: list = []
        self.names: set[str] = set()

    def org(self, label: str) -> Organisation:
        return self.orgs[label]

    def themes(self, themes: dict) -> dict[str, Theme]:
        made = {
            key: Theme(project_id=self.project.id, name=Translations(name), position=i)
            for i, (key, name) in enumerate(themes.items())
        }
        self.rows.extend(made.values())
        return made

    def person(
        self,
        name,
        country,
        function,
        organisation=None,
        gender=None,
        weight=1.0,
        consent=True,
        email=True,
    ) -> Person:
        """A participant of the project, with consent, gender and e-mail as a form records."""
        rng = self.rng
        known = self.orgs.get(organisation) if organisation else None
        participant = Participant(
            project_id=self.project.id,
            name=name,
            country=country,
            function=function,
            organisation=known,
            organisation_name=None if known or not organisation else organisation,
        )
        # Most people say their gender and give consent; four in five agree to be named (about
        # 70% of everyone, with the programme's speakers, whose consent was not recorded).
        if gender and rng.random() < 0.88:
            participant.gender = gender
        if consent:
            draw = rng.random()
            if draw < 0.8:
                participant.record_consent(named=True, photos=rng.random() < 0.6)
            elif draw < 0.92:
                participant.record_consent(named=False, photos=False)
        # Only the reserved example domains of the two partner countries are used.
        if email and country in ("LV", "LT") and rng.random() < 0.55:
            participant.email = _email(name, country)
        self.names.add(name)
        self.rows.append(participant)
        return Person(participant, country, function, weight)

    def invented_name(self, country: str, gender: str) -> str:
        rng = self.rng
        while True:
            if country == "LV":
                first = rng.choice(LV_FIRST[gender])
                his, hers = rng.choice(LV_SURNAMES)
                name = f"{first} {his if gender == 'male' else hers}"
            else:
                first = rng.choice(LT_FIRST[gender])
                his, married, unmarried = rng.choice(LT_SURNAMES)
                unmarried_woman = gender == "female" and rng.random() < 0.3
                surname = {"male": his, "female": unmarried if unmarried_woman else married}[gender]
                name = f"{first} {surname}"
            if name not in self.names:
                return name

    def event(self, plan: Plan, themes: dict[str, Theme]) -> Event:
        organiser = self.org(plan.organiser)
        event = Event(
            project=self.project,
            kind=plan.kind,
            status="held",
            title=Translations(plan.title),
            description=Translations(plan.description),
            start_date=plan.start,
            end_date=plan.end,
            venue=plan.venue,
            town=plan.town,
            country=plan.country or organiser.country,
            organiser=organiser,
            co_organisers=[self.org(plan.co_organiser)] if plan.co_organiser else [],
            themes=[themes[key] for key in plan.themes],
            target_groups=list(plan.target_groups),
            host_region=plan.host_region,
            sites_visited=Translations(plan.sites) if plan.sites else None,
            unnamed_count=plan.unnamed,
        )
        self.rows.append(event)
        return event

    def attend(self, event: Event, person: Person, role: str, recorded: str) -> None:
        # Self check-in is only possible with consent given at the door.
        if recorded == "checkin" and person.participant.consent_version is None:
            recorded = "hand"
        person.attended += 1
        self.rows.append(
            Attendance(event=event, participant=person.participant, role=role, recorded=recorded)
        )

    def pick(self, people: list[Person], n: int, weight) -> list[Person]:
        """n people drawn without replacement, each in proportion to weight(person)."""
        keyed = []
        for i, person in enumerate(people):
            w = weight(person)
            if w > 0:
                keyed.append((self.rng.random() ** (1 / w), i))
        keyed.sort(reverse=True)
        return [people[i] for _, i in keyed[:n]]


def _email(name: str, country: str) -> str:
    """firstname.lastname at a domain under the reserved .example top-level domain."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return f"{'.'.join(plain.split())}@{country.lower()}.example"


def seed_events(project, orgs: dict[str, Organisation]) -> None:
    """The themes, events, agendas, participants and attendance of Smart Planning (LLI-431).

    `orgs` maps organisation names to the seeded organisations; the rows are added to the
    session, to be committed with the rest of the demo data.
    """
    if project.id is None:
        db.session.flush()  # participants refer to the project by id
    rng = random.Random(SEED)
    seeder = _Seeder(project, orgs, rng)
    themes = seeder.themes(THEMES)

    staff = {
        "KPR": [
            seeder.person(name, "LV", "regional_staff", "KPR", gender) for name, gender in KPR_STAFF
        ],
        "Klaipėdos regionas": [
            seeder.person(
                name,
                "LT",
                "regional_staff",
                "Klaipėdos regionas",
                gender,
            )
            for name, gender in KLAIPEDA_STAFF
        ],
    }
    people: list[Person] = []
    for organisation, country, function, count in PEOPLE:
        for _ in range(count):
            gender = "female" if rng.random() < 0.6 else "male"
            # Two in three planners are regulars of the programme; politicians come less.
            if function == "planner":
                weight = 4.0 if rng.random() < 0.66 else 1.0
            elif function == "politician":
                weight = 1.5
            else:
                weight = 1.0
            people.append(
                seeder.person(
                    seeder.invented_name(country, gender),
                    country,
                    function,
                    organisation,
                    gender,
                    weight,
                )
            )

    plans = sorted([*WORKSHOPS, *CAMPS, *STUDY_VISITS, *SEMINARS], key=lambda p: p.start)
    for plan in plans:
        event = seeder.event(plan, themes)
        chosen = _run_by_staff(seeder, event, plan, staff)
        guests = _guests(seeder, plan, people, plan.named - len(chosen))
        speaker = None
        if plan.kind in ("workshop", "seminar"):
            speaker = next(
                (p for p in guests if p.function in ("science", "planner", "business")), None
            )
        for person in guests:
            role = "speaker" if person is speaker else "participant"
            seeder.attend(event, person, role, plan.recorded)
        if plan.kind == "workshop":
            _workshop_agenda(event, speaker)

    _conference(seeder, themes, staff, people)
    db.session.add_all(seeder.rows)


def _run_by_staff(seeder: _Seeder, event: Event, plan: Plan, staff) -> list[Person]:
    """The organiser's staff (one organises, one facilitates) and one of the co-organiser's."""
    team = seeder.rng.sample(staff[plan.organiser], 2)
    seeder.attend(event, team[0], "organiser", "hand")
    seeder.attend(event, team[1], "facilitator", "hand")
    if plan.co_organiser:
        helper = seeder.rng.choice(staff[plan.co_organiser])
        seeder.attend(event, helper, "facilitator", "hand")
        team.append(helper)
    return team


def _guests(seeder: _Seeder, plan: Plan, people: list[Person], n: int) -> list[Person]:
    """Who came: mostly from the country the event is held in, regulars more often."""
    invited = set(plan.target_groups)
    home = plan.country or seeder.org(plan.organiser).country

    def weight(person: Person) -> float:
        return person.weight if person.function in invited else 0

    if plan.home_share is None:  # a study visit abroad: both regions alike
        lv = seeder.pick([p for p in people if p.country == "LV"], n // 2, weight)
        lt = seeder.pick([p for p in people if p.country == "LT"], n - n // 2, weight)
        return lv + lt
    at_home = round(n * plan.home_share)
    return seeder.pick([p for p in people if p.country == home], at_home, weight) + seeder.pick(
        [p for p in people if p.country != home and p.country in ("LV", "LT")],
        n - at_home,
        weight,
    )


def _workshop_agenda(event: Event, speaker: Person | None) -> None:
    """Welcome by the organiser, the input talk of the guest who speaks, group work."""
    for position, (at, title) in enumerate(WORKSHOP_AGENDA):
        item = AgendaItem(
            day=event.start_date, time=at, title=Translations(title), position=position
        )
        if position == 0:
            item.speaker_organisation = event.organiser.name
        elif position == 1 and speaker is not None:
            item.speaker = speaker.participant.name
            item.speaker_organisation = speaker.participant.organisation_label
        event.agenda.append(item)


def _conference(seeder: _Seeder, themes, staff, people: list[Person]) -> None:
    """The final conference: the programme's speakers, both partners' staff, and everyone
    who took part in the programme and had not come to an event yet, then the regulars."""
    plan = CONFERENCE
    event = seeder.event(plan, themes)
    for position, (at, title, speaker, organisation) in enumerate(CONFERENCE_DAY_1):
        event.agenda.append(
            AgendaItem(
                day=plan.start,
                time=at,
                title=Translations(title),
                speaker=speaker,
                speaker_organisation=organisation,
                position=position,
            )
        )
    for position, (at, title) in enumerate(CONFERENCE_DAY_2):
        event.agenda.append(
            AgendaItem(day=plan.end, time=at, title=Translations(title), position=position)
        )
    named = 0
    for name, label, function in CONFERENCE_SPEAKERS:
        organisation = seeder.org(label)
        speaker = seeder.person(
            name, organisation.country, function, label, consent=False, email=False
        )
        seeder.attend(event, speaker, "speaker", "hand")
        named += 1
    for label, members in staff.items():
        for i, member in enumerate(members[:3] if label == "KPR" else members[:2]):
            role = "organiser" if label == "KPR" and i == 0 else "facilitator"
            seeder.attend(event, member, role, "hand")
            named += 1
    not_yet = [p for p in people if p.attended == 0]
    rest = [p for p in people if p.attended > 0]
    guests = not_yet + seeder.pick(
        rest, max(0, plan.named - named - len(not_yet)), lambda p: p.weight
    )
    for person in guests:
        seeder.attend(event, person, "participant", "hand")
    # Everyone who came counts towards the reported figure, named or not.
    event.unnamed_count = max(0, plan.named + plan.unnamed - named - len(guests))


# ---------------------------------------------------------------------------------------------
# Baltic Sea Tourism Center (2017–2019): two events, so the second project is not empty.

BSTC_EVENTS = [
    Plan(
        "forum",
        date(2018, 10, 18),
        date(2018, 10, 19),
        "TMV",
        {
            "en": "Baltic Sea Tourism Forum",
            "lt": "Baltijos jūros turizmo forumas",
            "lv": "Baltijas jūras tūrisma forums",
        },
        {
            "en": "The yearly forum of the tourism organisations of the Baltic Sea Region, "
            "organised by the Baltic Sea Tourism Center:\n\n"
            "- seasonality and uneven tourism development across the regions;\n"
            "- cooperation between the international, national and regional levels;\n"
            "- insights from tourism statistics of the Baltic Sea Region.",
            "lt": "Kasmetinis Baltijos jūros regiono turizmo organizacijų forumas, kurį "
            "organizuoja Baltijos jūros turizmo centras:\n\n"
            "- sezoniškumas ir netolygi turizmo plėtra regionuose;\n"
            "- tarptautinio, nacionalinio ir regioninio lygmenų bendradarbiavimas;\n"
            "- Baltijos jūros regiono turizmo statistikos įžvalgos.",
        },
        ["seasonality", "uneven", "levels"],
        named=9,
        unnamed=140,
        town="Rostock",
        co_organiser="Klaipėdos regionas",
        target_groups=["business", "regional_staff", "science", "other"],
    ),
    Plan(
        "partner_meeting",
        date(2019, 5, 15),
        date(2019, 5, 16),
        "Klaipėdos regionas",
        {
            "lt": "Projekto partnerių susitikimas: Klaipėdos regiono turizmo maršrutai",
            "en": "Partner meeting: the tourism routes of the Klaipėda region",
            "lv": "Partneru sanāksme: Klaipēdas reģiona tūrisma maršruti",
        },
        {
            "lt": "Baltijos jūros turizmo centro partnerių susitikimas Klaipėdoje. Pristatyti "
            "trys Klaipėdos regione sukurti turizmo maršrutai – „Malonūs nuovargiai“, "
            "„Antgamtiniai peizažai“ ir „Migruojančios kultūros“ – ir aptartas jų "
            "populiarinimas Austrijos bei Jungtinės Karalystės rinkose.",
            "en": "Meeting of the Baltic Sea Tourism Center partners in Klaipėda. The three "
            'tourism routes created in the Klaipėda region ("Malonūs nuovargiai", '
            '"Antgamtiniai peizažai" and "Migruojančios kultūros") were presented, and '
            "their promotion in the Austrian and British markets was discussed.",
        },
        ["seasonality", "levels"],
        named=10,
        town="Klaipėda",
        target_groups=["regional_staff", "business", "science"],
    ),
]

# (name, organisation label, country, function, gender, role at the forum, at the meeting)
BSTC_PEOPLE = [
    ("Anna Schröder", "TMV", "DE", "other", "female", "organiser", "participant"),
    ("Jens Möller", "TMV", "DE", "other", "male", "facilitator", "participant"),
    ("Katrin Vogt", "HOST", "DE", "science", "female", "speaker", "participant"),
    ("Katarzyna Nowicka", "PROT", "PL", "other", "female", "participant", "participant"),
    ("Piotr Wiśniewski", "PROT", "PL", "other", "male", "speaker", None),
    (
        "Mette Sørensen",
        "Danish Centre for Tourism Innovation",
        "DK",
        "business",
        "female",
        "speaker",
        "participant",
    ),
    (
        "Lukas Hansen",
        "Danish Centre for Tourism Innovation",
        "DK",
        "business",
        "male",
        "participant",
        "participant",
    ),
    (
        "Rūta Pavyzdėlė",
        "Klaipėdos regionas",
        "LT",
        "regional_staff",
        "female",
        "facilitator",
        "organiser",
    ),
    ("Jonas Pavyzdys", "Klaipėdos regionas", "LT", "regional_staff", "male", None, "facilitator"),
    (
        "Eglė Navickienė",
        "Klaipėdos regionas",
        "LT",
        "regional_staff",
        "female",
        "participant",
        "speaker",
    ),
    ("Gintarė Norkutė", "Klaipėdos universitetas", "LT", "science", "female", None, "participant"),
]


def seed_tourism_center_events(project, orgs: dict[str, Organisation]) -> None:
    """The Baltic Sea Tourism Forum and a partner meeting of the Baltic Sea Tourism Center."""
    if project.id is None:
        db.session.flush()
    seeder = _Seeder(project, orgs, random.Random(SEED + 1))
    themes = seeder.themes(TOURISM_THEMES)
    forum, meeting = (seeder.event(plan, themes) for plan in BSTC_EVENTS)
    for name, label, country, function, gender, at_forum, at_meeting in BSTC_PEOPLE:
        person = seeder.person(name, country, function, label, gender)
        if at_forum:
            seeder.attend(forum, person, at_forum, "hand")
        if at_meeting:
            seeder.attend(meeting, person, at_meeting, "hand")
    db.session.add_all(seeder.rows)
