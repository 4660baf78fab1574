"""Demo challenges, solutions, dot-votes and outputs of Smart Planning (LLI-431).

The seeds say that the two innovation camps identified the essential problems of cross-border
cooperation, that later workshops and seminars analysed them and proposed solutions, and that
the handbook collects them with the good practices of the study visits and of the final
conference. The challenges follow the topics of those events; the good practices are the
conference talks of seed 002. What was said at each table, the votes and the photos are
invented, as are the exact times.

Everything goes through collab.challenges.operations, the way the board and the forms record
it, and is then dated to the event where it happened.
"""

import io
import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw
from sqlalchemy import func, select

from collab.auth.models import User
from collab.challenges.models import Challenge, Dot, Vote, VoteOption
from collab.challenges.operations import add_solution, change_status, create_challenge
from collab.events.demo import THEMES
from collab.events.models import Event, Theme
from collab.extensions import db
from collab.i18n import Translations
from collab.organisations.models import Organisation
from collab.outputs.models import Output
from collab.outputs.storage import store

LOCAL = ZoneInfo("Europe/Riga")  # Latvia and Lithuania share the zone

# The events of the project, by their English titles (collab.events.demo).
_SEMINARS = "Creating a public-service quality standard in the Klaipėda region. "
EVENTS = {
    "w1": "Development planning in Kurzeme and the Klaipėda region: shared challenges",
    "camp1": "Innovation camp: the challenges of cross-border cooperation",
    "w2": "Functional zones with neighbouring regions: Telšiai, Tauragė and Kurzeme",
    "w3": "Climate adaptation and climate neutrality in municipal planning",
    "w4": "The cycling route network and the EuroVelo 10 route",
    "w5": "Public participation in planning decisions",
    "camp2": "Innovation camp: from challenges to joint solutions",
    "w6": "Tourism seasonality in coastal municipalities",
    "sv1": "Study visit to Pomerania, Poland",
    "w7": "Heritage in urban development planning",
    "s1": _SEMINARS + "Seminar 1: where we stand",
    "s2": _SEMINARS + "Seminar 2: quality criteria for services",
    "s3": _SEMINARS + "Seminar 3: the draft standard and how to apply it",
    "w8": "Regional food supply chains: local farm produce for schools and kindergartens",
    "w9": "Quality and accessibility of public services in municipalities",
    "sv2": "Study visit to Southwest Finland",
    "conference": "Smart Planning final conference",
}


@dataclass(frozen=True)
class ChallengeSeed:
    """A challenge: where it was identified and analysed, and where its story ended."""

    key: str
    theme: str  # a key of collab.events.demo.THEMES
    regions: str
    identified: str  # an event key
    analysed: tuple[str, ...]  # the first one is where it moved to "analysed"
    title: dict
    description: dict
    # (status, event key) after the solutions: into the handbook, or set aside.
    outcome: tuple[str, str] | None = None
    reason: str | None = None


@dataclass(frozen=True)
class SolutionSeed:
    challenge: str
    kind: str
    event: str
    by: tuple[str, ...]  # organisations' short names
    text: dict
    where_it_works: str | None = None
    chapter: str | None = None  # a handbook chapter: marked for the handbook
    at: time = time(14, 0)  # on the last day of the event


# Where the handbook's content was agreed: the conclusions of the last thematic workshop go
# into it (collab.events.demo).
HANDBOOK = ("in_handbook", "w9")

CHALLENGES = [
    ChallengeSeed(
        "cycling",
        "tourism",
        "both",
        "camp1",
        ("w4", "sv1"),
        {
            "lv": "Velomaršruti pārtrūkst pie robežas",
            "en": "Cycling routes break off at the border",
            "lt": "Dviračių maršrutai nutrūksta prie sienos",
        },
        {
            "lv": "Baltijas jūras velomaršruts **„EuroVelo 10“** vijas gar abu reģionu piekrasti, "
            "taču Kurzemes un Klaipēdas reģiona posmus plāno, marķē un popularizē katru "
            "atsevišķi. Starp Rucavu un Palangu ceļotāji neatrod vienotas norādes, kartes un "
            "atpūtas vietas. Klaipēdas reģiona prioritārā veloceliņu tīkla analīze ir "
            "sākumpunkts tīklam, kas šķērso robežu.",
            "en": "The Baltic Sea cycle route **EuroVelo 10** runs along the coast of both "
            "regions, but the Kurzeme and Klaipėda region sections are planned, signposted and "
            "promoted separately. Between Rucava and Palanga travellers find no common signs, "
            "maps or rest stops. The Klaipėda region's priority cycling network analysis is a "
            "starting point for a network that crosses the border.",
            "lt": "Baltijos jūros dviračių maršrutas **„EuroVelo 10“** driekiasi abiejų regionų "
            "pakrante, tačiau Kuržemės ir Klaipėdos regiono atkarpos planuojamos, ženklinamos ir "
            "populiarinamos atskirai. Tarp Rucavos ir Palangos keliautojai neranda bendrų "
            "ženklų, žemėlapių ir poilsio vietų. Klaipėdos regiono prioritetinio dviračių takų "
            "tinklo analizė – atspirties taškas tinklui, kertančiam sieną.",
        },
        outcome=HANDBOOK,
    ),
    ChallengeSeed(
        "climate",
        "climate",
        "both",
        "camp1",
        ("w3",),
        {
            "lv": "Piekrastes pašvaldības nav gatavas klimata pārmaiņām",
            "en": "Coastal municipalities are not ready for climate change",
            "lt": "Pajūrio savivaldybės nepasirengusios klimato kaitai",
        },
        {
            "lv": "Vētras noskalo kāpas un pludmales abu reģionu piekrastē, un plūdi arvien "
            "biežāk apdraud zemās teritorijas upju grīvās. Attīstības programmās un teritorijas "
            "plānojumos riska zonas reti ir iezīmētas, un nav noteikts, kā tām pielāgoties. "
            "Pašvaldībām vajadzīgs arī reāli īstenojams ceļš uz klimatneitralitāti.",
            "en": "Storms wash away the dunes and beaches on the coast of both regions, and "
            "floods threaten low-lying land at river mouths more and more often. Development "
            "programmes and spatial plans seldom mark the risk zones or say how to adapt to "
            "them. Municipalities also need a realistic path to climate neutrality.",
            "lt": "Audros abiejų regionų pakrantėje plauna kopas ir paplūdimius, o potvyniai vis "
            "dažniau kelia grėsmę žemoms teritorijoms upių žiotyse. Plėtros programose ir "
            "teritorijų planuose rizikos zonos retai pažymėtos, ir nenumatyta, kaip prie jų "
            "prisitaikyti. Savivaldybėms taip pat reikia realiai įgyvendinamo kelio į klimato "
            "neutralumą.",
        },
        outcome=HANDBOOK,
    ),
    ChallengeSeed(
        "service_standard",
        "public_services",
        "lt",
        "camp1",
        ("s1", "s2", "s3"),
        {
            "lt": "Klaipėdos regione nėra bendro viešųjų paslaugų kokybės standarto",
            "en": "No common quality standard for public services in the Klaipėda region",
            "lv": "Klaipēdas reģionā nav vienota publisko pakalpojumu kvalitātes standarta",
        },
        {
            "lt": "Kiekviena regiono savivaldybė viešųjų paslaugų kokybę vertina savaip, todėl "
            "gyventojai gauna nevienodos kokybės paslaugas, o rezultatų negalima palyginti. "
            "Trūksta bendrų kriterijų, duomenų ir gyventojų grįžtamojo ryšio. Latvijoje po "
            "administracinės teritorinės reformos sprendžiami panašūs klausimai, todėl patirtimi "
            "verta dalytis.",
            "en": "Each municipality of the region assesses the quality of its public services "
            "in its own way, so residents get services of uneven quality and the results cannot "
            "be compared. Common criteria, data and feedback from residents are missing. Latvia "
            "faces similar questions after its administrative-territorial reform, so the "
            "experience is worth sharing.",
            "lv": "Katra reģiona pašvaldība publisko pakalpojumu kvalitāti vērtē citādi, tāpēc "
            "iedzīvotāji saņem nevienādas kvalitātes pakalpojumus, un rezultātus nevar "
            "salīdzināt. Trūkst kopīgu kritēriju, datu un iedzīvotāju atgriezeniskās saites. "
            "Latvijā pēc administratīvi teritoriālās reformas risina līdzīgus jautājumus, tāpēc "
            "pieredzē ir vērts dalīties.",
        },
        outcome=HANDBOOK,
    ),
    ChallengeSeed(
        "functional_zones",
        "strategy",
        "both",
        "w1",
        ("w2",),
        {
            "lt": "Funkcinės zonos su kaimyniniais regionais neplanuojamos kartu",
            "en": "Functional zones with the neighbouring regions are not planned together",
            "lv": "Funkcionālās zonas ar kaimiņu reģioniem netiek plānotas kopā",
        },
        {
            "lt": "Žmonės vyksta dirbti, mokytis ir apsipirkti per Klaipėdos regiono ribas – į "
            "Telšių ir Tauragės regionus bei Kuržemę, tačiau kiekvienas regionas savo "
            "transportą, paslaugas ir specializaciją planuoja atskirai. Kaimyninių regionų "
            "strategijų sąsajos nežinomos, todėl praleidžiamos bendrų projektų galimybės.",
            "en": "People commute, study and shop across the borders of the Klaipėda region "
            "with the Telšiai and Tauragė regions and with Kurzeme, but each region plans its "
            "transport, services and specialisation on its own. The links between the "
            "neighbouring regions' strategies are not known, so chances for joint projects are "
            "missed.",
            "lv": "Cilvēki brauc strādāt, mācīties un iepirkties pāri Klaipēdas reģiona robežām – "
            "uz Telšu un Tauraģes reģioniem un Kurzemi, taču katrs reģions savu transportu, "
            "pakalpojumus un specializāciju plāno atsevišķi. Kaimiņu reģionu stratēģiju "
            "saiknes nav zināmas, tāpēc tiek palaistas garām kopīgu projektu iespējas.",
        },
    ),
    ChallengeSeed(
        "tourism_products",
        "tourism",
        "both",
        "camp1",
        ("w4", "w6"),
        {
            "lv": "Nav kopīgu pārrobežu tūrisma produktu un maršrutu",
            "en": "No joint tourism products and routes across the border",
            "lt": "Trūksta bendrų tarpvalstybinių turizmo produktų ir maršrutų",
        },
        {
            "lv": "Kurzeme un Klaipēdas reģions sevi popularizē atsevišķi, lai gan ceļotāji no "
            "Vācijas, Polijas vai Skandināvijas piekrasti uztver kā vienu galamērķi. Ir maz "
            "piedāvājumu, kas apvieno riteņbraukšanu, ūdens tūrismu, ēdienu un mantojumu abpus "
            "robežai, un tūrisma uzņēmēji cits citu gandrīz nepazīst.",
            "en": "Kurzeme and the Klaipėda region promote themselves separately, although "
            "visitors from Germany, Poland or Scandinavia see the coast as one destination. "
            "Few offers combine cycling, water tourism, food and heritage on both sides of the "
            "border, and tourism businesses hardly know each other.",
            "lt": "Kuržemė ir Klaipėdos regionas save populiarina atskirai, nors keliautojai iš "
            "Vokietijos, Lenkijos ar Skandinavijos pakrantę mato kaip vieną kelionės tikslą. "
            "Mažai pasiūlymų, jungiančių keliones dviračiais, vandens turizmą, maistą ir paveldą "
            "abipus sienos, o turizmo verslininkai vieni kitų beveik nepažįsta.",
        },
    ),
    ChallengeSeed(
        "seasonality",
        "tourism",
        "both",
        "camp1",
        ("w6",),
        {
            "lv": "Piekrastes tūrisms ilgst tikai īso vasaras sezonu",
            "en": "Tourism on the coast lasts only a short summer season",
            "lt": "Pajūrio turizmas trunka tik trumpą vasaros sezoną",
        },
        {
            "lv": "Palanga, Neringa, Liepāja un Ventspils jūlijā un augustā ir pārpildītas, bet "
            "pārējā gada daļā – klusas. Sezonas kulminācijā pārslogota ir satiksme, ūdensapgāde "
            "un atkritumu savākšana; ārpus sezonas uzņēmumi slēdzas un zūd darba vietas. Abi "
            "reģioni meklē ārpussezonas produktus un veidus, kā plānot pakalpojumus sezonas "
            "kulminācijai.",
            "en": "Palanga, Neringa, Liepāja and Ventspils are full in July and August and quiet "
            "for the rest of the year. At the peak, traffic, water supply and waste collection "
            "are overloaded; out of season, businesses close and jobs disappear. Both regions "
            "look for off-season products and for ways to plan services for the peak.",
            "lt": "Palanga, Neringa, Liepoja ir Ventspilis liepą ir rugpjūtį būna perpildyti, o "
            "likusią metų dalį – tylūs. Sezono piko metu perkrautas eismas, vandens tiekimas ir "
            "atliekų surinkimas; ne sezono metu verslai užsidaro ir nyksta darbo vietos. Abu "
            "regionai ieško ne sezono produktų ir būdų planuoti paslaugas piko metui.",
        },
    ),
    ChallengeSeed(
        "offshore_wind",
        "maritime",
        "wider",
        "camp2",
        ("sv1",),
        {
            "lt": "Regionas nepasirengęs jūrinio vėjo energetikai",
            "en": "The region is not prepared for offshore wind energy",
            "lv": "Reģions nav sagatavojies jūras vēja enerģētikai",
        },
        {
            "lt": "Lietuva planuoja pirmąjį jūrinio vėjo parką Baltijos jūroje, o Latvija ir "
            "Estija rengia projektą ELWIND. Pajūrio regionų uostai, elektros tinklų jungtys, "
            "kompetencijos ir tiekimo grandinės tam nepasirengę, ir neaišku, ką regionai gali "
            "planuoti patys.",
            "en": "Lithuania plans its first offshore wind park in the Baltic Sea, and Latvia "
            "and Estonia prepare the ELWIND project. The ports, grid connections, skills and "
            "supply chains of the coastal regions are not ready for it, and it is unclear what "
            "the regions can plan themselves.",
            "lv": "Lietuva plāno savu pirmo jūras vēja parku Baltijas jūrā, bet Latvija un "
            "Igaunija gatavo projektu ELWIND. Piekrastes reģionu ostas, elektrotīklu "
            "pieslēgumi, prasmes un piegādes ķēdes tam nav gatavi, un nav skaidrs, ko reģioni "
            "var plānot paši.",
        },
        outcome=("set_aside", "w9"),
        reason="Decided at national level: the states plan the offshore wind parks, their "
        "tenders and grid connections. The Klaipėda region follows the topic in the maritime "
        "direction of its specialisation strategy (KRSS2030), not in cross-border planning.",
    ),
    ChallengeSeed(
        "school_food",
        "bioeconomy",
        "both",
        "w8",
        (),
        {
            "lt": "Vietos ūkininkų produkcija beveik nepasiekia mokyklų ir darželių valgyklų",
            "en": "Local farm produce hardly reaches school and kindergarten canteens",
            "lv": "Vietējo lauksaimnieku produkcija gandrīz nenonāk skolu un bērnudārzu ēdnīcās",
        },
        {
            "lt": "Regiono ūkininkai norėtų tiekti produkciją mokykloms ir darželiams, tačiau "
            "viešieji maisto pirkimai dideli, juose lemia kaina, o reguliarių pristatymų mažas "
            "ūkis negali užtikrinti. Savivaldybėms trūksta logistikos ir žinių, kaip pirkti "
            "vietoje laikantis viešųjų pirkimų taisyklių. Su tuo pačiu klausimu susiduria ir "
            "Kuržemės savivaldybės.",
            "en": "Farmers of the region would like to supply schools and kindergartens, but "
            "public food tenders are large, decided on price, and ask for regular deliveries "
            "that a small farm cannot make. Municipalities lack the logistics and the know-how "
            "to buy locally within the procurement rules. Kurzeme municipalities face the same "
            "question.",
            "lv": "Reģiona lauksaimnieki labprāt piegādātu produkciju skolām un bērnudārziem, "
            "taču publiskie pārtikas iepirkumi ir lieli, tajos izšķir cena, un regulāras "
            "piegādes mazai saimniecībai nav pa spēkam. Pašvaldībām trūkst loģistikas un "
            "zināšanu, kā iepirkt vietējo produkciju, ievērojot iepirkumu noteikumus. Ar to "
            "pašu jautājumu saskaras arī Kurzemes pašvaldības.",
        },
    ),
    ChallengeSeed(
        "heritage",
        "heritage",
        "lv",
        "camp2",
        ("w7",),
        {
            "lv": "Vēsturisko pilsētu centri panīkst, un īpašniekiem trūkst atbalsta",
            "en": "Historic town centres decay while owners lack support",
            "lt": "Istoriniai miestų centrai nyksta, o savininkams trūksta paramos",
        },
        {
            "lv": "Koka ēkas un veci industriālie objekti tādu Kurzemes pilsētu kā Kuldīga, "
            "Aizpute vai Talsi vēsturiskajos centros prasa dārgu atjaunošanu, ko privātie "
            "īpašnieki vieni paši nevar atļauties. Stingri apbūves noteikumi aizsargā mantojumu, "
            "bet var atbaidīt investorus. Kuldīga, kuras vecpilsēta nominēta UNESCO Pasaules "
            "mantojuma sarakstam, rāda, kā var atbalstīt īpašniekus.",
            "en": "Wooden houses and old industrial buildings in the historic centres of "
            "Kurzeme towns such as Kuldīga, Aizpute or Talsi need costly restoration that "
            "private owners cannot afford alone. Strict building rules protect the heritage but "
            "can scare off investors. Kuldīga, whose old town is nominated for the UNESCO World "
            "Heritage List, shows how owners can be supported.",
            "lt": "Medinius namus ir senus pramoninius pastatus tokių Kuržemės miestų kaip "
            "Kuldyga, Aizputė ar Talsai istoriniuose centruose reikia brangiai restauruoti, o "
            "privatūs savininkai vieni to neįpėgia. Griežtos statybos taisyklės saugo paveldą, "
            "tačiau gali atbaidyti investuotojus. Kuldyga, kurios senamiestis pateiktas įrašyti "
            "į UNESCO pasaulio paveldo sąrašą, rodo, kaip galima remti savininkus.",
        },
        outcome=HANDBOOK,
    ),
    ChallengeSeed(
        "participation",
        "participation",
        "both",
        "camp1",
        ("w5", "camp2"),
        {
            "lv": "Iedzīvotāji maz piedalās plānošanas lēmumu pieņemšanā",
            "en": "Residents take little part in planning decisions",
            "lt": "Gyventojai mažai dalyvauja priimant planavimo sprendimus",
        },
        {
            "lv": "Publiskajās apspriešanās par attīstības programmām un teritorijas plānojumiem "
            "piedalās maz cilvēku, pārsvarā vieni un tie paši, un jaunieši gandrīz nekad. "
            "Iedzīvotāji neredz, kas notiek ar viņu priekšlikumiem. Abās valstīs izmēģina "
            "*līdzdalības budžetu* un apkaimju kopienu iniciatīvas, taču pašvaldības reti mācās "
            "cita no citas.",
            "en": "Public consultations on development programmes and spatial plans draw few "
            "people, mostly the same ones, and young people hardly ever come. Residents do not "
            "see what happens to their proposals. Both countries try *participatory budgets* "
            "and neighbourhood initiatives, but municipalities rarely learn from each other.",
            "lt": "Viešuose plėtros programų ir teritorijų planų svarstymuose dalyvauja nedaug "
            "žmonių, dažniausiai tie patys, o jaunimas beveik niekada. Gyventojai nemato, kas "
            "nutinka jų pasiūlymams. Abiejose šalyse bandomas *dalyvaujamasis biudžetas* ir "
            "bendruomenių iniciatyvos, tačiau savivaldybės retai mokosi viena iš kitos.",
        },
    ),
    ChallengeSeed(
        "tourism_organisation",
        "tourism",
        "lt",
        "w6",
        ("sv1",),
        {
            "lt": "Nėra organizacijos, kuri koordinuotų turizmą regiono lygmeniu",
            "en": "No organisation coordinates tourism at the level of the region",
            "lv": "Nav organizācijas, kas koordinētu tūrismu reģiona līmenī",
        },
        {
            "lt": "Klaipėdos regione kiekvienos savivaldybės turizmo informacijos centras "
            "reklamuoja savo miestą, o viso regiono vardu Lietuvoje ir užsienyje niekas "
            "nekalba. Regioninė turizmo organizacija (RTO) galėtų koordinuoti rinkodarą, "
            "duomenis ir produktus, tačiau jos teisinę formą, finansavimą ir uždavinius turi "
            "sutarti savivaldybės ir verslas. Kuržemė ir Pamarys jau turi regionines turizmo "
            "organizacijas, iš kurių galima mokytis.",
            "en": "In the Klaipėda region each municipality's tourism information centre "
            "markets its own town, and nobody speaks for the region as a whole in Lithuania or "
            "abroad. A regional tourism organisation (RTO) could coordinate marketing, data and "
            "products, but the municipalities and businesses must agree on its legal form, "
            "funding and tasks. Kurzeme and Pomerania already have regional tourism "
            "organisations to learn from.",
            "lv": "Klaipēdas reģionā katras pašvaldības tūrisma informācijas centrs reklamē "
            "savu pilsētu, un neviens nerunā visa reģiona vārdā ne Lietuvā, ne ārzemēs. "
            "Reģionālā tūrisma organizācija (RTO) varētu koordinēt mārketingu, datus un "
            "produktus, taču tās juridiskā forma, finansējums un uzdevumi pašvaldībām un "
            "uzņēmējiem jāsaskaņo. Kurzemē un Pomožē jau darbojas reģionālās tūrisma "
            "organizācijas, no kurām var mācīties.",
        },
    ),
    ChallengeSeed(
        "public_buildings",
        "energy",
        "both",
        "w3",
        (),
        {
            "lv": "Publiskās ēkas patērē pārāk daudz enerģijas",
            "en": "Public buildings use too much energy",
            "lt": "Viešieji pastatai suvartoja per daug energijos",
        },
        {
            "lv": "Daudzas skolas, kultūras nami un pašvaldību ēkas abos reģionos celtas padomju "
            "laikā un zaudē daudz siltuma. Atjaunošana ir dārga, enerģijas patēriņa dati netiek "
            "apkopoti vienuviet, un mazajām pašvaldībām trūkst energopārvaldnieku. "
            "Klimatneitralitātes mērķi padara šo jautājumu steidzamu.",
            "en": "Many schools, culture houses and municipal offices in both regions were built "
            "in Soviet times and lose much of their heat. Renovation is expensive, energy data "
            "are not collected in one place, and small municipalities lack energy managers. "
            "The climate-neutrality targets make the question urgent.",
            "lt": "Daug abiejų regionų mokyklų, kultūros namų ir savivaldybių pastatų statyta "
            "sovietmečiu, jie praranda daug šilumos. Renovacija brangi, energijos "
            "suvartojimo duomenys nerenkami vienoje vietoje, o mažoms savivaldybėms trūksta "
            "energetikos vadybininkų. Dėl klimato neutralumo tikslų šis klausimas tampa skubus.",
        },
    ),
]

KPR, KLAIPEDA = "KPR", "Klaipėdos regionas"

SOLUTIONS = [
    SolutionSeed(
        "cycling",
        "joint_project",
        "camp2",
        (KPR, KLAIPEDA),
        {
            "lt": "Bendras projektas „EuroVelo 10“ atkarpai nuo Liepojos iki Klaipėdos: bendras "
            "ženklinimas, poilsio vietos ir vienas žemėlapis abiem regionams, rengiamas "
            "2021–2027 m. Latvijos–Lietuvos programai.",
            "en": "A joint project for the EuroVelo 10 section from Liepāja to Klaipėda: common "
            "signposting, rest stops and one map for both regions, prepared for the "
            "Latvia–Lithuania Programme 2021–2027.",
            "lv": "Kopīgs projekts „EuroVelo 10“ posmam no Liepājas līdz Klaipēdai: vienotas "
            "norādes, atpūtas vietas un viena karte abiem reģioniem, ko gatavo Latvijas–Lietuvas "
            "programmai 2021.–2027. gadam.",
        },
        chapter="challenges",
    ),
    SolutionSeed(
        "cycling",
        "good_practice",
        "sv1",
        (KLAIPEDA,),
        {
            "lt": "Projektas „Baltijos jūros dviračių maršrutas“: Klaipėdos regionas, Pamario ir "
            "Vakarų Pamario regionai kartu su Europos dviratininkų federacija stiprina "
            "„EuroVelo 10“ trasą ir kartu ją populiarina užsienio rinkose.",
            "en": "The Baltic Sea Cycle Route project: the Klaipėda region, Pomerania and "
            "Western Pomerania with the European Cyclists' Federation strengthen the EuroVelo "
            "10 route and promote it together in foreign markets.",
            "lv": "Projekts „Baltijas jūras velomaršruts“: Klaipēdas reģions, Pomožes un "
            "Rietumpomožes reģioni kopā ar Eiropas Riteņbraucēju federāciju stiprina "
            "„EuroVelo 10“ maršrutu un kopīgi to popularizē ārvalstu tirgos.",
        },
        where_it_works="Pomerania: the Baltic Sea Cycle Route (EuroVelo 10)",
        chapter="good_practices",
    ),
    SolutionSeed(
        "climate",
        "measure",
        "w3",
        (KPR,),
        {
            "lv": "Iezīmēt krasta erozijas un plūdu riska zonas katras piekrastes pašvaldības "
            "teritorijas plānojumā, abpus robežai izmantojot vienus un tos pašus monitoringa "
            "datus, un katrai zonai noteikt pielāgošanās pasākumus.",
            "en": "Mark coastal erosion and flood risk zones in the spatial plan of every "
            "coastal municipality, using the same monitoring data on both sides of the border, "
            "and set out adaptation measures for each zone.",
            "lt": "Kiekvienos pajūrio savivaldybės teritorijų plane pažymėti krantų erozijos ir "
            "potvynių rizikos zonas, abipus sienos naudojant tuos pačius stebėsenos duomenis, ir "
            "kiekvienai zonai numatyti prisitaikymo priemones.",
        },
        chapter="challenges",
    ),
    SolutionSeed(
        "climate",
        "good_practice",
        "conference",
        ("Liepāja",),
        {
            "lv": "Liepāja plāno līdz 2030. gadam kļūt klimatneitrāla: energoefektīvas ēkas, "
            "atjaunojamā siltumenerģija, tīrs sabiedriskais transports un viedās pilsētas "
            "pakalpojumi, iesaistot iedzīvotājus un uzņēmējus.",
            "en": "Liepāja plans to become climate-neutral by 2030: energy-efficient buildings, "
            "renewable heat, clean public transport and smart-city services, with residents "
            "and businesses involved.",
            "lt": "Liepoja planuoja iki 2030 m. tapti klimatui neutrali: energiją taupantys "
            "pastatai, atsinaujinanti šiluma, švarus viešasis transportas ir sumanaus miesto "
            "paslaugos, įtraukiant gyventojus ir verslą.",
        },
        where_it_works="Liepāja: climate-neutral city 2030 plan",
        chapter="good_practices",
        at=time(14, 35),
    ),
    SolutionSeed(
        "climate",
        "good_practice",
        "conference",
        ("Ventspils",),
        {
            "lv": "Ventspils nomaina pilsētas autobusus pret elektroautobusiem un galapunktos "
            "izbūvē uzlādes stacijas, samazinot izmešus un troksni pilsētā.",
            "en": "Ventspils is replacing its city buses with electric ones and builds charging "
            "stations at the terminal stops, cutting emissions and noise in the city.",
            "lt": "Ventspilis keičia miesto autobusus elektriniais ir galinėse stotelėse įrengia "
            "įkrovimo stoteles, taip mažindamas išmetamųjų teršalų kiekį ir triukšmą mieste.",
        },
        where_it_works="Ventspils: electric buses and charging stations",
        chapter="good_practices",
        at=time(11, 5),
    ),
    SolutionSeed(
        "service_standard",
        "tool",
        "s3",
        (KLAIPEDA, "Kretinga", "Skuodas"),
        {
            "lt": "Klaipėdos regiono viešųjų paslaugų kokybės standartas: bendri kriterijai "
            "(prieinamumas, laikas, informacija, elektroninės paslaugos, gyventojų grįžtamasis "
            "ryšys), kasmetinis kiekvienos savivaldybės įsivertinimas ir viešai skelbiamas viso "
            "regiono palyginimas.",
            "en": "A public-service quality standard for the Klaipėda region: common criteria "
            "(access, time, information, e-services, feedback from residents), a yearly "
            "self-assessment by every municipality and a published comparison for the whole "
            "region.",
            "lv": "Klaipēdas reģiona publisko pakalpojumu kvalitātes standarts: kopīgi kritēriji "
            "(pieejamība, laiks, informācija, e-pakalpojumi, iedzīvotāju atgriezeniskā saite), "
            "katras pašvaldības ikgadējs pašnovērtējums un publiski pieejams visa reģiona "
            "salīdzinājums.",
        },
        chapter="challenges",
    ),
    SolutionSeed(
        "service_standard",
        "good_practice",
        "sv2",
        (KPR,),
        {
            "lv": "Dienvidrietumu Somijas mazās pašvaldības dažus pakalpojumus sniedz kopīgi, "
            "piemēram, sociālo un veselības aprūpi vai būvatļauju izsniegšanu, un tā nodrošina "
            "kvalitāti tur, kur viena pašvaldība to nespētu.",
            "en": "Small municipalities of Southwest Finland provide some services together, "
            "such as social and health care or building permits, and so keep up a quality that "
            "one municipality alone could not.",
            "lt": "Mažos Pietvakarių Suomijos savivaldybės kai kurias paslaugas teikia kartu, "
            "pavyzdžiui, socialinę ir sveikatos priežiūrą ar statybos leidimų išdavimą, ir taip "
            "užtikrina kokybę, kurios viena savivaldybė nepajėgtų.",
        },
        where_it_works="Southwest Finland: services shared between municipalities",
    ),
    SolutionSeed(
        "functional_zones",
        "study",
        "w2",
        (KLAIPEDA,),
        {
            "lt": "Klaipėdos regiono galimybių formuoti bendras funkcines zonas su Telšių ir "
            "Tauragės regionais bei Kuržeme analizė: kaimynų specializacijos, sąsajos su "
            "KRSS2030 ir galimos partnerystės.",
            "en": "An analysis of the Klaipėda region's opportunities to form joint functional "
            "zones with the Telšiai and Tauragė regions and Kurzeme: the neighbours' "
            "specialisations, links with KRSS2030 and possible partnerships.",
            "lv": "Analīze par Klaipēdas reģiona iespējām veidot kopīgas funkcionālās zonas ar "
            "Telšu un Tauraģes reģioniem un Kurzemi: kaimiņu specializācijas, saiknes ar "
            "KRSS2030 un iespējamās partnerības.",
        },
    ),
    SolutionSeed(
        "tourism_products",
        "joint_project",
        "w6",
        (KLAIPEDA, KPR),
        {
            "lt": "Tarpvalstybiniai pajūrio kelionių paketai: kelionė dviračiais „EuroVelo 10“ "
            "trasa, vietos maistas ir paveldo miesteliai abipus sienos, kuriuos kartu parduoda "
            "abiejų regionų turizmo verslas.",
            "en": "Cross-border travel packages for the coast: cycling on EuroVelo 10, local "
            "food and heritage towns on both sides of the border, sold together by tourism "
            "businesses of both regions.",
            "lv": "Pārrobežu piekrastes ceļojumu piedāvājumi: riteņbraukšana pa „EuroVelo 10“, "
            "vietējais ēdiens un mantojuma pilsētiņas abpus robežai, ko kopīgi pārdod abu "
            "reģionu tūrisma uzņēmēji.",
        },
    ),
    SolutionSeed(
        "tourism_products",
        "good_practice",
        "conference",
        ("Dreverna",),
        {
            "lt": "Klaipėdos rajono savivaldybė ir vietos verslas kartu plėtojo Drevernos uostą "
            "prie Kuršių marių: savivaldybė investavo į uostą ir viešąsias erdves, o verslas "
            "siūlo vandens turizmo paslaugas.",
            "en": "Klaipėda district municipality and local businesses developed Dreverna port "
            "on the Curonian Lagoon together: the municipality invested in the port and its "
            "public spaces, businesses offer water tourism services.",
            "lv": "Klaipēdas rajona pašvaldība un vietējie uzņēmēji kopīgi attīstīja Drevernas "
            "ostu pie Kuršu jomas: pašvaldība investēja ostā un publiskajā ārtelpā, bet "
            "uzņēmēji piedāvā ūdens tūrisma pakalpojumus.",
        },
        where_it_works="Dreverna port: municipality and business cooperation",
        chapter="good_practices",
        at=time(12, 5),
    ),
    SolutionSeed(
        "heritage",
        "good_practice",
        "w7",
        ("Kuldīga",),
        {
            "lv": "Kuldīgas restaurācijas centrs konsultē vēsturisko ēku īpašniekus un māca tiem "
            "atjaunot logus, durvis un jumtus, bet pašvaldība līdzfinansē atjaunošanas darbus "
            "vecpilsētā.",
            "en": "Kuldīga's restoration centre advises owners of historic buildings and teaches "
            "them to repair windows, doors and roofs, and the municipality co-finances "
            "restoration work in the old town.",
            "lt": "Kuldygos restauravimo centras konsultuoja istorinių pastatų savininkus ir moko "
            "juos atnaujinti langus, duris ir stogus, o savivaldybė bendrai finansuoja "
            "restauravimo darbus senamiestyje.",
        },
        where_it_works="Kuldīga: restoration centre and co-financing for owners",
        chapter="good_practices",
    ),
    SolutionSeed(
        "heritage",
        "good_practice",
        "conference",
        ("Kuldīga",),
        {
            "lv": "Bijusī adatu ražotne Kuldīgā – Adatu fabrika – ir atjaunota, un tajā darbojas "
            "LIAA Kuldīgas biznesa inkubators, digitālais inovāciju centrs un Mākslas un radošais "
            "klāsteris: industriālais mantojums atkal strādā.",
            "en": "Adatu fabrika, a former needle factory in Kuldīga, has been restored and now "
            "houses the LIAA Kuldīga business incubator, a digital innovation centre and an art "
            "and creative cluster: industrial heritage at work again.",
            "lt": "Buvęs adatų fabrikas Kuldygoje – Adatų fabrikas – atnaujintas, jame veikia "
            "LIAA Kuldygos verslo inkubatorius, skaitmeninių inovacijų centras ir meno bei "
            "kūrybos klasteris: pramoninis paveldas vėl dirba.",
        },
        where_it_works="Kuldīga: Adatu fabrika creative cluster",
        chapter="good_practices",
        at=time(12, 25),
    ),
    SolutionSeed(
        "participation",
        "measure",
        "w5",
        (KPR, KLAIPEDA),
        {
            "lv": "Ieviest līdzdalības budžetu katrā abu reģionu pašvaldībā un izdot īsu "
            "pārrobežu ceļvedi: kā iedzīvotāji iesniedz priekšlikumus, balso un seko līdzi "
            "saviem projektiem.",
            "en": "Introduce a participatory budget in every municipality of both regions and "
            "publish a short cross-border guide: how residents propose, vote and follow their "
            "projects.",
            "lt": "Įdiegti dalyvaujamąjį biudžetą kiekvienoje abiejų regionų savivaldybėje ir "
            "parengti trumpą tarpvalstybinį gidą: kaip gyventojai teikia pasiūlymus, balsuoja "
            "ir stebi savo projektus.",
        },
    ),
    SolutionSeed(
        "participation",
        "good_practice",
        "conference",
        ("Saldus",),
        {
            "lv": "Saldus novada pašvaldība iesaista iedzīvotājus jau sākumā: atklātas sanāksmes "
            "pagastos, tiešsaistes aptaujas un jauniešu dome, kas izsaka viedokli par attīstības "
            "plāniem pirms to pieņemšanas.",
            "en": "Saldus municipality involves residents from the start: open meetings in the "
            "parishes, online surveys and a youth council that comments on development plans "
            "before they are adopted.",
            "lt": "Saldaus savivaldybė gyventojus įtraukia nuo pat pradžių: atviri susitikimai "
            "seniūnijose, apklausos internetu ir jaunimo taryba, kuri pateikia nuomonę apie "
            "plėtros planus prieš juos priimant.",
        },
        where_it_works="Saldus: public participation",
        chapter="good_practices",
        at=time(13, 55),
    ),
    SolutionSeed(
        "participation",
        "good_practice",
        "conference",
        ("Kretinga",),
        {
            "lt": "Kretingos rajone gyventojai siūlo nedidelius projektus savo apylinkėms ir už "
            "juos balsuoja; savivaldybė tam skiria dalį biudžeto ir įgyvendina laimėjusias "
            "idėjas.",
            "en": "In Kretinga district residents propose small projects for their "
            "neighbourhoods and vote on them; the municipality sets aside part of its budget "
            "and carries out the winning ideas.",
            "lv": "Kretingas rajonā iedzīvotāji ierosina nelielus projektus savām apkaimēm un "
            "balso par tiem; pašvaldība tam atvēl daļu budžeta un īsteno uzvarējušās idejas.",
        },
        where_it_works="Kretinga district: residents' initiatives (participatory budget)",
        chapter="good_practices",
        at=time(14, 15),
    ),
]

# Dot-votes: (event key, question, {table: three challenges}); every table places 3 dots.
VOTES = [
    (
        "camp2",
        "Which challenges should the next workshops take up first?",
        {
            "Table 1": ("cycling", "tourism_products", "heritage"),
            "Table 2": ("cycling", "seasonality", "climate"),
            "Table 3": ("heritage", "seasonality", "cycling"),
            "Table 4": ("climate", "tourism_products", "seasonality"),
            "Table 5": ("cycling", "heritage", "offshore_wind"),
        },
    ),
    (
        "w9",
        "Which challenges should the handbook give the most room to?",
        {
            "Table 1": ("service_standard", "participation", "public_buildings"),
            "Table 2": ("service_standard", "school_food", "functional_zones"),
            "Table 3": ("participation", "service_standard", "public_buildings"),
            "Table 4": ("school_food", "participation", "functional_zones"),
            "Table 5": ("service_standard", "public_buildings", "participation"),
        },
    ),
]

# Notes taken at events: (event key, title, text), in the organiser's language and English.
NOTES = [
    (
        "camp1",
        {
            "lv": "Galdu piezīmes: izaicinājumu kartēšana",
            "en": "Table notes: mapping the challenges",
        },
        {
            "lv": "Pirmās dienas darbs grupās, piezīmes no katra galda:\n\n"
            "- **1. galds:** velomaršruti pārtrūkst pie robežas; „EuroVelo 10“ posmiem nav "
            "vienotu norāžu un kartes.\n"
            "- **2. galds:** vētras noskalo kāpas, bet riska zonas teritorijas plānojumos nav "
            "iezīmētas.\n"
            "- **3. galds:** katra pašvaldība publisko pakalpojumu kvalitāti vērtē citādi.\n"
            "- **4. galds:** tūrisms ilgst tikai vasarā, un kopīgu pārrobežu produktu gandrīz "
            "nav.\n"
            "- **5. galds:** uz publiskajām apspriešanām nāk maz cilvēku, jaunieši gandrīz "
            "nekad.\n\n"
            "Otrajā dienā vienojāmies, ka šos izaicinājumus analizēs turpmākajās tematiskajās "
            "darbnīcās.",
            "en": "Group work on day 1, notes from each table:\n\n"
            "- **Table 1:** cycling routes break off at the border; the EuroVelo 10 sections "
            "have no common signs or map.\n"
            "- **Table 2:** storms wash away the dunes, but spatial plans do not mark the risk "
            "zones.\n"
            "- **Table 3:** every municipality assesses the quality of public services "
            "differently.\n"
            "- **Table 4:** tourism lasts only in summer, and there are hardly any joint "
            "cross-border products.\n"
            "- **Table 5:** few people come to public consultations, young people almost "
            "never.\n\n"
            "On day 2 we agreed that the next thematic workshops will analyse these challenges.",
        },
        "workshops",
    ),
    (
        "w4",
        {
            "lt": "Stalų užrašai: „EuroVelo 10“ jungtys abipus sienos",
            "en": "Table notes: EuroVelo 10 links across the border",
        },
        {
            "lt": "Darbo grupėse išvados:\n\n"
            "1. Atkarpoje nuo Liepojos iki Klaipėdos trūksta vienodo ženklinimo ir poilsio "
            "vietų.\n"
            "2. Klaipėdos regiono prioritetinio dviračių takų tinklo analizė – gera bendro "
            "tinklo plano pradžia.\n"
            "3. Maršrutą verta populiarinti užsienio rinkose kartu, o ne kiekvienam regionui "
            "atskirai.\n\n"
            "*Kitas žingsnis:* pristatyti bendro projekto idėją antrojoje inovacijų stovykloje.",
            "en": "Conclusions of the group work:\n\n"
            "1. The section from Liepāja to Klaipėda lacks uniform signposting and rest stops.\n"
            "2. The Klaipėda region's priority cycling network analysis is a good start for a "
            "plan of a joint network.\n"
            "3. The route is worth promoting in foreign markets together, not by each region on "
            "its own.\n\n"
            "*Next step:* present the idea of a joint project at the second innovation camp.",
        },
        None,
    ),
    (
        "camp2",
        {"lt": "Balsavimo rezultatai ir tolesni žingsniai", "en": "Vote results and next steps"},
        {
            "lt": "Penki stalai paskirstė po tris taškus. Daugiausia taškų surinko:\n\n"
            "- dviračių maršrutai, nutrūkstantys prie sienos – 4;\n"
            "- nykstantys istoriniai miestų centrai – 3;\n"
            "- trumpas pajūrio turizmo sezonas – 3.\n\n"
            "Ateinančios dirbtuvės Palangoje ir Kuldygoje bus skirtos turizmo sezoniškumui ir "
            "istoriniam paveldui. Antrąją dieną parengta bendro „EuroVelo 10“ projekto idėja.",
            "en": "Five tables placed three dots each. The most dots went to:\n\n"
            "- cycling routes that break off at the border: 4;\n"
            "- historic town centres that decay: 3;\n"
            "- the short tourist season on the coast: 3.\n\n"
            "The next workshops in Palanga and Kuldīga will take up tourism seasonality and "
            "heritage. On day 2 the idea of a joint EuroVelo 10 project was prepared.",
        },
        "workshops",
    ),
    (
        "w7",
        {
            "lv": "Piezīmes no pastaigas Kuldīgas vecpilsētā",
            "en": "Notes from the walk through Kuldīga old town",
        },
        {
            "lv": "Pastaigā redzējām atjaunotas koka ēkas, restaurācijas centru un ķieģeļu tiltu "
            "pār Ventu.\n\n"
            "- Īpašnieki visvairāk novērtē bezmaksas konsultācijas un praktiskas darbnīcas.\n"
            "- Līdzfinansējums logu un jumtu atjaunošanai palīdz saglabāt autentiskās detaļas.\n"
            "- Klaipēdas un Kretingas pārstāvji vēlas līdzīgu atbalstu ieviest savās "
            "vecpilsētās.",
            "en": "On the walk we saw restored wooden houses, the restoration centre and the "
            "brick bridge over the Venta.\n\n"
            "- Owners value free advice and practical workshops most.\n"
            "- Co-financing for restoring windows and roofs helps keep authentic details.\n"
            "- The representatives of Klaipėda and Kretinga want to introduce similar support "
            "in their old towns.",
        },
        None,
    ),
    (
        "s3",
        {
            "lt": "Seminaro išvados: kaip taikyti standartą",
            "en": "Conclusions of the seminar: applying the standard",
        },
        {
            "lt": "Savivaldybės sutarė dėl standarto įgyvendinimo žingsnių:\n\n"
            "1. Kiekviena savivaldybė kasmet įsivertina paslaugas pagal bendrus kriterijus.\n"
            "2. Asociacija „Klaipėdos regionas“ surenka duomenis ir parengia regiono "
            "palyginimą.\n"
            "3. Gyventojų apklausa vyksta vienu metu visose savivaldybėse.\n\n"
            "Standarto projektas bus įtrauktas į tarpvalstybinio planavimo gidą.",
            "en": "The municipalities agreed on the steps to apply the standard:\n\n"
            "1. Every municipality assesses its services against the common criteria once a "
            "year.\n"
            '2. The Association "Klaipėda Region" gathers the data and prepares a comparison '
            "for the region.\n"
            "3. The residents' survey runs at the same time in all municipalities.\n\n"
            "The draft standard will go into the Handbook for cross-border planning.",
        },
        "workshops",
    ),
]


def seed_challenges(project, orgs: dict[str, Organisation]) -> None:
    """The challenges, solutions, dot-votes and outputs of Smart Planning (LLI-431).

    Needs the project's events, themes and the demo users in the session (collab.demo seeds
    them first); the rows are flushed, to be committed with the rest of the demo data.
    """
    _Recorder(project, orgs).run()


class _Recorder:
    """Replays the project's story in time order, as the facilitators recorded it."""

    def __init__(self, project, orgs: dict[str, Organisation]):
        self.project = project
        self.orgs = {o.short_name or o.name: o for o in orgs.values()}
        by_title = {
            e.title["en"]: e
            for e in db.session.scalars(select(Event).where(Event.project_id == project.id))
        }
        self.events = {key: by_title[title] for key, title in EVENTS.items()}
        by_name = {
            t.name["en"]: t
            for t in db.session.scalars(select(Theme).where(Theme.project_id == project.id))
        }
        self.themes = {key: by_name[name["en"]] for key, name in THEMES.items()}
        # The demo coordinator works for the lead partner, the facilitator for the other.
        self.lead = next(p.organisation for p in project.partners if p.role == "lead")
        other = next(p.organisation for p in project.partners if p.role != "lead")
        self.coordinator = self._user("coordinator", self.lead)
        self.facilitator = self._user("facilitator", other)
        self.challenges: dict[str, Challenge] = {}
        self.timed: set[int] = set()  # ids of the status changes already dated

    @staticmethod
    def _user(role: str, organisation: Organisation) -> User | None:
        return db.session.scalar(
            select(User)
            .where(User.role == role, User.organisation_id == organisation.id)
            .order_by(User.id)
        )

    def run(self) -> None:
        steps = []  # (when, order on the same instant, what, seed)
        for index, seed in enumerate(CHALLENGES):
            # Minutes apart, so that nothing two challenges went through happens at once.
            offset = timedelta(minutes=2 * index)
            found = self.moment(seed.identified, time(11, 0), first=True)
            steps.append((found + offset, 0, self.identify, seed))
            if seed.analysed:
                analysed = self.moment(seed.analysed[0], time(12, 0))
                steps.append((analysed + offset, 1, self.analyse, seed))
            if seed.outcome:
                concluded = self.moment(seed.outcome[1], time(15, 30))
                steps.append((concluded + offset, 3, self.conclude, seed))
        for seed in SOLUTIONS:
            # At the conference, during the talk on the first day; elsewhere on the last day.
            first = self.events[seed.event].kind == "conference"
            steps.append((self.moment(seed.event, seed.at, first=first), 2, self.propose, seed))
        steps.sort(key=lambda step: step[:2])
        for at, _, record, seed in steps:
            record(seed, at)
        self.votes()
        self.outputs()

    def moment(self, event_key: str, at: time, first: bool = False) -> datetime:
        """An instant (UTC) on the first or the last day of an event, `at` local time."""
        event = self.events[event_key]
        day = event.start_date if first else event.end_date
        return datetime.combine(day, at, tzinfo=LOCAL).astimezone(UTC)

    def user_at(self, event_key: str) -> User | None:
        """Who recorded it: the demo user of the partner that organised the event."""
        return (
            self.coordinator if self.events[event_key].organiser is self.lead else self.facilitator
        )

    def date_history(self, challenge: Challenge, at: datetime) -> None:
        for change in challenge.history:
            if change.id not in self.timed:
                change.at = at
                self.timed.add(change.id)
        challenge.updated_at = at

    def identify(self, seed: ChallengeSeed, at: datetime) -> None:
        user = self.user_at(seed.identified)
        challenge, _ = create_challenge(
            self.project.id,
            _written(seed.title, user),
            user,
            event=self.events[seed.identified],
            description=_written(seed.description, user),
            theme_id=self.themes[seed.theme].id,
            regions=seed.regions,
        )
        challenge.analysed_at = [self.events[key] for key in seed.analysed]
        if seed.outcome and seed.outcome[0] == "in_handbook":
            challenge.for_handbook, challenge.handbook_chapter = True, "challenges"
        challenge.created_at = at
        self.challenges[seed.key] = challenge
        self.date_history(challenge, at)

    def analyse(self, seed: ChallengeSeed, at: datetime) -> None:
        challenge = self.challenges[seed.key]
        change_status(challenge, "analysed", self.user_at(seed.analysed[0]))
        self.date_history(challenge, at)

    def propose(self, seed: SolutionSeed, at: datetime) -> None:
        challenge = self.challenges[seed.challenge]
        user = self.user_at(seed.event)
        solution, _ = add_solution(
            challenge,
            _written(seed.text, user),
            user,
            kind=seed.kind,
            event_id=self.events[seed.event].id,
            where_it_works=seed.where_it_works,
            for_handbook=seed.chapter is not None,
            handbook_chapter=seed.chapter,
            organisations=[self.orgs[label] for label in seed.by],
        )
        solution.created_at = solution.updated_at = at
        self.date_history(challenge, at)

    def conclude(self, seed: ChallengeSeed, at: datetime) -> None:
        challenge = self.challenges[seed.key]
        status, event_key = seed.outcome
        change_status(challenge, status, self.user_at(event_key), reason=seed.reason)
        self.date_history(challenge, at)

    def votes(self) -> None:
        """The closed dot-votes, and each challenge's priority: the dots of closed votes."""
        for event_key, question, tables in VOTES:
            user = self.user_at(event_key)
            opened = self.moment(event_key, time(16, 0), first=True)
            vote = Vote(
                event_id=self.events[event_key].id,
                question=question,
                dots_per_voter=3,
                is_open=False,
                opened_by_id=user.id if user else None,
                created_at=opened,
                updated_at=opened,
                closed_at=opened + timedelta(minutes=20),
            )
            on_ballot = dict.fromkeys(key for keys in tables.values() for key in keys)
            vote.options = [VoteOption(challenge=self.challenges[key]) for key in on_ballot]
            for number, (table, keys) in enumerate(tables.items(), start=1):
                for key in keys:
                    vote.dots.append(
                        Dot(
                            challenge_id=self.challenges[key].id,
                            table_label=table,
                            placed_by_id=user.id if user else None,
                            at=opened + timedelta(minutes=2 * number),
                        )
                    )
            db.session.add(vote)
        db.session.flush()
        totals = dict(
            db.session.execute(
                select(Dot.challenge_id, func.count(Dot.id))
                .join(Vote, Dot.vote_id == Vote.id)
                .where(Vote.is_open.is_(False))
                .group_by(Dot.challenge_id)
            ).all()
        )
        for challenge in self.challenges.values():
            challenge.priority = totals.get(challenge.id, 0)
            # Keep the last change's time: a priority is not an edit anyone made.
            challenge.updated_at = challenge.history[-1].at

    def outputs(self) -> None:
        """Notes of some events; the conference programme, a presentation and two photos."""
        for event_key, title, text, chapter in NOTES:
            self.output(
                event_key,
                time(16, 30),
                kind="note",
                title=Translations(title),
                text=Translations(text),
                for_handbook=chapter is not None,
                handbook_chapter=chapter,
            )
        conference = self.events["conference"]
        self.output(
            "conference",
            time(17, 0),
            data=programme_pdf(conference),
            content_type="application/pdf",
            filename="smart-planning-final-conference-programme.pdf",
            kind="report",
            title=Translations(
                {
                    "lv": "Noslēguma konferences programma",
                    "en": "Programme of the final conference",
                    "lt": "Baigiamosios konferencijos programa",
                }
            ),
            for_handbook=True,
            handbook_chapter="annexes",
        )
        talk = next(item for item in conference.agenda if item.speaker == "A. Meri")
        self.output(
            "conference",
            time(10, 35),
            data=presentation_pdf(conference, talk),
            content_type="application/pdf",
            filename="Meri_SMART_PLANNING_results.pdf",
            kind="presentation",
            title=Translations(dict(talk.title)),
            agenda_item_id=talk.id,
        )
        self.output(
            "camp2",
            time(15, 0),
            data=group_work_png(),
            content_type="image/png",
            filename="innovation-camp-klaipeda-table-3.png",
            kind="photo",
            title=Translations(
                {"lt": "Darbas grupėse prie 3 stalo", "en": "Group work at table 3"}
            ),
            publication_consent=True,
            for_handbook=True,
            handbook_chapter="activities",
        )
        self.output(
            "w7",
            time(15, 0),
            data=old_town_png(),
            content_type="image/png",
            filename="kuldiga-old-town-walk.png",
            kind="photo",
            title=Translations(
                {
                    "lv": "Pastaiga pa Kuldīgas vecpilsētu",
                    "en": "Walk through Kuldīga old town",
                }
            ),
            # Passers-by are in the picture and were not asked: kept, never published.
            publication_consent=False,
        )

    def output(self, event_key, at, data=None, content_type=None, **fields) -> Output:
        event = self.events[event_key]
        user = self.user_at(event_key)
        moment = self.moment(event_key, at, first=event.kind == "conference")
        if data is not None:
            fields["file_id"] = store(data, content_type).id
        output = Output(
            event_id=event.id,
            created_by_id=user.id if user else None,
            created_at=moment,
            updated_at=moment,
            **fields,
        )
        db.session.add(output)
        return output


def _written(texts: dict, user: User | None) -> Translations:
    """The texts with the writer's language first: the one the text was written in."""
    first = user.language if user is not None and user.language in texts else next(iter(texts))
    return Translations({first: texts[first], **{k: v for k, v in texts.items() if k != first}})


# --- Files made at seed time -----------------------------------------------------------------
#
# The PDFs are written by hand rather than by WeasyPrint: WeasyPrint needs most of a second
# for a programme page, and the demo data must load in well under one. The standard Helvetica
# font, which every PDF reader has, holds the Latvian and Lithuanian letters; a custom
# encoding maps them to byte codes.

# Glyph names (Adobe Glyph List) of the letters and signs beyond ASCII that the texts use.
GLYPHS = {
    "ā": "amacron", "Ā": "Amacron", "ē": "emacron", "Ē": "Emacron", "ī": "imacron",
    "Ī": "Imacron", "ū": "umacron", "Ū": "Umacron", "č": "ccaron", "Č": "Ccaron",
    "š": "scaron", "Š": "Scaron", "ž": "zcaron", "Ž": "Zcaron", "ģ": "gcommaaccent",
    "Ģ": "Gcommaaccent", "ķ": "kcommaaccent", "Ķ": "Kcommaaccent", "ļ": "lcommaaccent",
    "Ļ": "Lcommaaccent", "ņ": "ncommaaccent", "Ņ": "Ncommaaccent", "ą": "aogonek",
    "Ą": "Aogonek", "ę": "eogonek", "Ę": "Eogonek", "ė": "edotaccent", "Ė": "Edotaccent",
    "į": "iogonek", "Į": "Iogonek", "ų": "uogonek", "Ų": "Uogonek", "„": "quotedblbase",
    "“": "quotedblleft", "”": "quotedblright", "‘": "quoteleft", "’": "quoteright",
    "–": "endash", "—": "emdash", "·": "periodcentered", "é": "eacute", "ö": "odieresis",
    "ä": "adieresis", "ü": "udieresis", "ó": "oacute", "ł": "lslash", "ń": "nacute",
    "ś": "sacute", "ż": "zdotaccent", "ź": "zacute", "ć": "cacute",
}  # fmt: skip


INK = (0.11, 0.14, 0.19)


@dataclass
class _Page:
    """One PDF page: its size and the drawing operators of its content."""

    width: float
    height: float
    operators: list[str]


class SimplePdf:
    """A small PDF of text lines, rules and filled boxes in Helvetica; nothing else."""

    def __init__(self, title: str, width: float = 595, height: float = 842):
        self.title, self.width, self.height = title, width, height
        self.pages: list[_Page] = []
        self.codes: dict[str, int] = {}  # a letter beyond ASCII -> its byte code (128…255)
        self.new_page()

    def new_page(self) -> None:
        self.pages.append(_Page(self.width, self.height, []))

    def text(self, x, y, value: str, size=10, bold=False, colour=INK) -> None:
        font = "F2" if bold else "F1"
        r, g, b = colour
        self.pages[-1].operators.append(
            f"BT {r} {g} {b} rg /{font} {size} Tf {x} {y} Td ({self._encode(value)}) Tj ET"
        )

    def rule(self, x1, y, x2, colour=(0.6, 0.64, 0.68)) -> None:
        r, g, b = colour
        self.pages[-1].operators.append(f"{r} {g} {b} RG 0.8 w {x1} {y} m {x2} {y} l S")

    def box(self, x, y, width, height, colour) -> None:
        r, g, b = colour
        self.pages[-1].operators.append(f"{r} {g} {b} rg {x} {y} {width} {height} re f")

    def _encode(self, value: str) -> str:
        out = []
        for char in value:
            if char in "\\()":
                out.append("\\" + char)
            elif " " <= char <= "~":
                out.append(char)
            elif char in GLYPHS:
                code = self.codes.setdefault(char, 128 + len(self.codes))
                out.append(f"\\{code:03o}")
            else:  # not in the demo texts; a placeholder keeps the file valid if one slips in
                out.append("?")
        return "".join(out)

    def bytes(self) -> bytes:
        encoding = " ".join(f"/{GLYPHS[char]}" for char in self.codes)
        title = self.title.encode("utf-16-be").hex().upper()
        objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids ["
            + " ".join(f"{7 + 2 * i} 0 R" for i in range(len(self.pages)))
            + f"] /Count {len(self.pages)} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding 5 0 R >>",
            f"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [128 {encoding}] >>",
            f"<< /Title <FEFF{title}> /Producer (Collab demo data) >>",
        ]
        for i, page in enumerate(self.pages):
            content = "\n".join(page.operators).encode("latin-1")
            objects.append(
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page.width} {page.height}] "
                f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {8 + 2 * i} 0 R >>"
            )
            objects.append(
                f"<< /Length {len(content)} >>\nstream\n"
                + content.decode("latin-1")
                + "\nendstream"
            )
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
        out += (
            f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n"
        ).encode()
        return bytes(out)


def _wrap(value: str, size: float, width: float, bold: bool = False) -> list[str]:
    # An average character of Helvetica is about half an em wide, of Helvetica Bold a bit
    # more: close enough to keep the lines on the page.
    em = 0.6 if bold else 0.52
    return textwrap.wrap(value, max(20, int(width / (size * em)))) or [""]


def programme_pdf(conference: Event) -> bytes:
    """The programme of the final conference as a PDF, in Latvian with English below."""
    pdf = SimplePdf(conference.title["en"])
    left, right, top, bottom = 50, 545, 792, 60
    grey = (0.35, 0.38, 0.44)
    y = top
    pdf.text(left, y, f"LLI-431 · {conference.organiser.name}", size=8, colour=grey)
    y -= 24
    for line in _wrap(conference.title["lv"], 15, right - left, bold=True):
        pdf.text(left, y, line, size=15, bold=True)
        y -= 19
    pdf.text(left, y, conference.title["en"], size=10, colour=grey)
    y -= 16
    start, end = conference.start_date, conference.end_date
    place = ", ".join(filter(None, [conference.venue, conference.town]))
    pdf.text(left, y, f"{start:%d.%m.}–{end:%d.%m.%Y} · {place}", size=10)
    y -= 10
    for day in (start, end):
        y -= 22
        pdf.text(left, y, f"{day:%d.%m.%Y}", size=11, bold=True)
        pdf.rule(left, y - 5, right)
        y -= 22
        for item in (item for item in conference.agenda if item.day == day):
            lines = [(line, False) for line in _wrap(item.title.get("lv", ""), 9.5, 400)]
            lines += [(line, True) for line in _wrap(item.title.get("en", ""), 9.5, 400)]
            if item.speaker:
                who = ", ".join(filter(None, [item.speaker, item.speaker_organisation]))
                lines.append((who, True))
            if y - 12 * len(lines) < bottom:
                pdf.new_page()
                y = top
            if item.time:
                pdf.text(left, y, item.time.strftime("%H:%M"), size=9.5, bold=True)
            for line, secondary in lines:
                pdf.text(left + 45, y, line, size=9.5, colour=grey if secondary else INK)
                y -= 12
            y -= 6
    return pdf.bytes()


def presentation_pdf(conference: Event, talk) -> bytes:
    """A title slide standing in for the slides of a talk."""
    pdf = SimplePdf(talk.title["en"], width=720, height=405)
    pdf.box(0, 0, 720, 405, (0.04, 0.31, 0.42))
    white, pale = (1, 1, 1), (0.8, 0.89, 0.93)
    y = 290
    for line in _wrap(talk.title["lv"], 24, 600, bold=True):
        pdf.text(60, y, line, size=24, bold=True, colour=white)
        y -= 30
    pdf.text(60, y, talk.title["en"], size=14, colour=pale)
    y -= 40
    who = ", ".join(filter(None, [talk.speaker, talk.speaker_organisation]))
    pdf.text(60, y, who, size=16, colour=white)
    place = f"{conference.title['lv']} · {conference.town}, {talk.day:%d.%m.%Y}"
    pdf.text(60, 50, place, size=10, colour=pale)
    return pdf.bytes()


def group_work_png() -> bytes:
    """A "photo" of group work: people around a table with sticky notes, a flip chart."""
    image = Image.new("RGB", (640, 400), (232, 226, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 290, 640, 400), fill=(176, 150, 118))  # the floor
    draw.rectangle((40, 60, 170, 250), fill=(250, 250, 248), outline=(90, 90, 90), width=3)
    for row, colour in enumerate([(200, 60, 50), (40, 110, 170), (60, 140, 80), (200, 60, 50)]):
        draw.line((58, 90 + 35 * row, 150, 90 + 35 * row), fill=colour, width=5)
    draw.line((70, 250, 55, 330), fill=(90, 90, 90), width=4)
    draw.line((140, 250, 155, 330), fill=(90, 90, 90), width=4)
    shirts = [(46, 94, 140), (180, 70, 60), (70, 130, 90), (220, 170, 50), (120, 80, 150)]
    for i, shirt in enumerate(shirts):
        x = 250 + 75 * i
        draw.rounded_rectangle((x - 28, 170, x + 28, 270), radius=18, fill=shirt)
        draw.ellipse((x - 20, 120, x + 20, 160), fill=(226, 188, 160))
    draw.rectangle((210, 240, 620, 300), fill=(150, 105, 70))  # the table
    for i, colour in enumerate([(255, 230, 90), (255, 170, 200), (150, 220, 250)] * 3):
        x = 225 + 44 * i
        draw.rectangle((x, 250, x + 26, 270), fill=colour)
    return _png(image)


def old_town_png() -> bytes:
    """A "photo" of an old town: wooden houses by a river, a brick bridge, a waterfall."""
    image = Image.new("RGB", (640, 400), (170, 205, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 250, 640, 400), fill=(70, 110, 140))  # the river
    walls = [(196, 160, 110), (220, 200, 160), (160, 120, 90), (205, 185, 140), (180, 140, 100)]
    for i, wall in enumerate(walls):
        x = 20 + 125 * i
        draw.rectangle((x, 150, x + 100, 250), fill=wall)
        draw.polygon([(x - 8, 150), (x + 50, 95), (x + 108, 150)], fill=(150, 60, 45))
        for wx in (x + 15, x + 60):
            draw.rectangle((wx, 175, wx + 25, 205), fill=(245, 245, 240))
            draw.line((wx + 12, 175, wx + 12, 205), fill=(120, 90, 60), width=2)
    draw.rectangle((0, 280, 640, 335), fill=(165, 75, 55))  # the brick bridge
    draw.line((0, 280, 640, 280), fill=(120, 50, 40), width=4)
    for i in range(7):  # its arches, the river seen through them
        x = 14 + 92 * i
        draw.chord((x, 300, x + 70, 370), 180, 360, fill=(70, 110, 140))
    for y in (356, 372, 386):  # the falls: white water across the river
        draw.rectangle((0, y, 640, y + 5), fill=(225, 236, 242))
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
