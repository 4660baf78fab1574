"""The demo handbook of Smart Planning (LLI-431): a subtitle and the editor's foreword in the
three languages, and one text of the editor in "About the project".

Written from the seeds: the project's aim and target groups (seeds 001 and 003), its nine
thematic meetings with about 200 participants, two innovation camps, two study visits to
Pomerania and Southwest Finland and the final conference in Ventspils (seeds 001 and 002).
"""

from collab.extensions import db
from collab.handbook.models import HandbookSection
from collab.handbook.plan import ensure_handbook, sync_sections
from collab.i18n import Translations
from collab.projects.models import Project

SUBTITLE = {
    "en": "Experience of Kurzeme and the Klaipėda region",
    "lv": "Kurzemes un Klaipēdas reģiona pieredze",
    "lt": "Kuržemės ir Klaipėdos regiono patirtis",
}

FOREWORD = {
    "en": (
        "This handbook gathers what the partners of the Smart Planning project collected "
        "between June 2020 and May 2022: the regional-planning challenges identified at the "
        "innovation camps, the solutions proposed at the workshops and seminars, and the good "
        "practices seen on the study visits and at the final conference in Ventspils.\n\n"
        "It is written for local and regional politicians and for the planning and development "
        "specialists of the municipalities of Kurzeme and the Klaipėda region. We hope it helps "
        "to bring a **cross-border perspective** into everyday strategic planning."
    ),
    "lv": (
        "Šajā rokasgrāmatā apkopots tas, ko projekta “Viedā plānošana” partneri savāca no "
        "2020. gada jūnija līdz 2022. gada maijam: inovāciju nometnēs identificētie reģionālās "
        "plānošanas izaicinājumi, darbnīcās un semināros piedāvātie risinājumi un labā prakse, "
        "kas gūta pieredzes apmaiņas braucienos un noslēguma konferencē Ventspilī.\n\n"
        "Tā paredzēta vietējiem un reģionālajiem politiķiem, kā arī Kurzemes un Klaipēdas "
        "reģiona pašvaldību teritorijas un attīstības plānošanas speciālistiem. Ceram, ka tā "
        "palīdzēs **pārrobežu skatījumu** iekļaut ikdienas stratēģiskajā plānošanā."
    ),
    "lt": (
        "Šiame gide apibendrinta tai, ką projekto „Sumanus planavimas“ partneriai surinko nuo "
        "2020 m. birželio iki 2022 m. gegužės: inovacijų stovyklose nustatyti regioninio "
        "planavimo iššūkiai, dirbtuvėse ir seminaruose pasiūlyti sprendimai bei gerieji "
        "pavyzdžiai iš pažintinių kelionių ir baigiamosios konferencijos Ventspilyje.\n\n"
        "Gidas skirtas vietos ir regiono politikams, Kuržemės ir Klaipėdos regionų savivaldybių "
        "teritorijų planavimo ir strateginės plėtros specialistams. Tikimės, kad jis padės "
        "**tarpvalstybinę perspektyvą** įtraukti į kasdienį strateginį planavimą."
    ),
}

HOW_IT_WAS_MADE_TITLE = {
    "en": "How this handbook was made",
    "lv": "Kā tapa šī rokasgrāmata",
    "lt": "Kaip buvo parengtas šis gidas",
}
HOW_IT_WAS_MADE = {
    "en": (
        "The partners met at **nine thematic workshops and seminars** with about 200 "
        "representatives of both regions, and at **two innovation camps**, where the essential "
        "problems of cross-border cooperation were identified. Two study visits, to Pomerania "
        "in Poland and to Southwest Finland, and the final conference in Ventspils added the "
        "experience of other Baltic Sea regions.\n\n"
        "Each of the following chapters is compiled from what was recorded at these events."
    ),
    "lv": (
        "Partneri tikās **deviņās tematiskajās darbnīcās un semināros**, kuros piedalījās ap "
        "200 abu reģionu pārstāvju, un **divās inovāciju nometnēs**, kurās tika identificētas "
        "būtiskākās pārrobežu sadarbības problēmas. Divi pieredzes apmaiņas braucieni – uz "
        "Polijas Pomerāniju un Dienvidrietumu Somiju – un noslēguma konference Ventspilī to "
        "papildināja ar citu Baltijas jūras reģionu pieredzi.\n\n"
        "Katra nākamā nodaļa ir apkopota no tā, kas šajos pasākumos tika pierakstīts."
    ),
    "lt": (
        "Partneriai susitiko **devyniuose teminiuose seminaruose ir dirbtuvėse**, kuriuose "
        "dalyvavo apie 200 abiejų regionų atstovų, ir **dviejose inovacijų stovyklose**, kuriose "
        "buvo nustatytos esminės tarpvalstybinio bendradarbiavimo problemos. Dvi pažintinės "
        "kelionės – į Lenkijos Pamarį ir Pietvakarių Suomiją – bei baigiamoji konferencija "
        "Ventspilyje jas papildė kitų Baltijos jūros regionų patirtimi.\n\n"
        "Kiekvienas tolesnis skyrius parengtas iš to, kas buvo užfiksuota šiuose renginiuose."
    ),
}


def seed_handbook(project: Project) -> None:
    """The project's handbook with its foreword, a text of the editor, and the marked records."""
    handbook = ensure_handbook(project)
    handbook.subtitle = Translations(SUBTITLE)
    handbook.foreword = Translations(FOREWORD)
    about = next(chapter for chapter in handbook.chapters if chapter.kind == "project")
    about.sections.append(
        HandbookSection(
            source="text",
            title=Translations(HOW_IT_WAS_MADE_TITLE),
            text=Translations(HOW_IT_WAS_MADE),
            position=0,
        )
    )
    db.session.flush()
    sync_sections(handbook)
