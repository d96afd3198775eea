"""Demo: the fourth meeting of the Conference of the Parties, modelled on the seed (idempotent).

The programme note UNEP/MC/COP.4/14 (agenda item 4 (f), dated 26 July 2021, original English)
and the documents it cites. Titles, the agenda item and the suggested action are written here
in our own words in the six languages; they are not the official texts.
"""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from django.db import transaction

from minamata_kb.documents.meetings import AgendaItem, Meeting, MeetingDocument
from minamata_kb.submissions import demo as submissions_demo
from minamata_kb.submissions.models import Call

NAME = {
    "en": "Fourth meeting of the Conference of the Parties to the Minamata Convention on Mercury",
    "fr": "Quatrième réunion de la Conférence des Parties à la Convention de Minamata sur le mercure",
    "es": "Cuarta reunión de la Conferencia de las Partes en el Convenio de Minamata sobre el Mercurio",
    "ru": "Четвертое совещание Конференции Сторон Минаматской конвенции о ртути",
    "zh": "《关于汞的水俣公约》缔约方大会第四次会议",
    "ar": "الاجتماع الرابع لمؤتمر الأطراف في اتفاقية ميناماتا بشأن الزئبق",
}
VENUE = {"en": "Online", "fr": "En ligne", "es": "En línea", "ru": "В режиме онлайн",
         "zh": "线上", "ar": "عبر الإنترنت"}  # fmt: skip
ITEM_4F = {
    "en": "Matters for consideration or action by the Conference of the Parties: capacity-building,"
    " technical assistance and technology transfer",
    "fr": "Questions soumises à la Conférence des Parties pour examen ou décision : renforcement des"
    " capacités, assistance technique et transfert de technologies",
    "es": "Cuestiones para su examen o adopción de medidas por la Conferencia de las Partes: creación"
    " de capacidad, asistencia técnica y transferencia de tecnología",
    "ru": "Вопросы для рассмотрения или принятия мер Конференцией Сторон: наращивание потенциала,"
    " техническая помощь и передача технологий",
    "zh": "供缔约方大会审议或采取行动的事项：能力建设、技术援助和技术转让",
    "ar": "المسائل المعروضة على مؤتمر الأطراف للنظر فيها أو لاتخاذ إجراء بشأنها: بناء القدرات"
    " والمساعدة التقنية ونقل التكنولوجيا",
}
NOTE_TITLE = {
    "en": "Capacity-building and technical assistance programme of the Minamata Convention on Mercury",
    "fr": "Programme de renforcement des capacités et d'assistance technique de la Convention de"
    " Minamata sur le mercure",
    "es": "Programa de creación de capacidad y asistencia técnica del Convenio de Minamata sobre el"
    " Mercurio",
    "ru": "Программа по наращиванию потенциала и оказанию технической помощи Минаматской конвенции"
    " о ртути",
    "zh": "《关于汞的水俣公约》能力建设和技术援助方案",
    "ar": "برنامج بناء القدرات والمساعدة التقنية لاتفاقية ميناماتا بشأن الزئبق",
}
ANNEX_TITLE = {
    "en": "Compilation of the submissions received on capacity-building and technical assistance",
    "fr": "Compilation des communications reçues sur le renforcement des capacités et l'assistance"
    " technique",
    "es": "Recopilación de las comunicaciones recibidas sobre creación de capacidad y asistencia"
    " técnica",
    "ru": "Подборка полученных представлений о наращивании потенциала и технической помощи",
    "zh": "关于能力建设和技术援助的所收提交材料汇编",
    "ar": "تجميع للورقات المقدمة الواردة بشأن بناء القدرات والمساعدة التقنية",
}
NR_TITLE = {
    "en": "National reports received under Article 21",
    "fr": "Rapports nationaux reçus en application de l'article 21",
    "es": "Informes nacionales recibidos con arreglo al artículo 21",
    "ru": "Национальные доклады, полученные в соответствии со статьей 21",
    "zh": "根据第二十一条收到的国家报告",
    "ar": "التقارير الوطنية الواردة بموجب المادة 21",
}
ORG_TITLE = {
    "en": "Activities of international organisations relevant to the Convention",
    "fr": "Activités des organisations internationales intéressant la Convention",
    "es": "Actividades de las organizaciones internacionales pertinentes para el Convenio",
    "ru": "Деятельность международных организаций, имеющая отношение к Конвенции",
    "zh": "国际组织与公约相关的活动",
    "ar": "أنشطة المنظمات الدولية ذات الصلة بالاتفاقية",
}
WP_TITLE = {
    "en": "Proposed programme of work and budget of the secretariat",
    "fr": "Projet de programme de travail et de budget du secrétariat",
    "es": "Propuesta de programa de trabajo y presupuesto de la secretaría",
    "ru": "Предлагаемая программа работы и бюджет секретариата",
    "zh": "秘书处拟议工作方案和预算",
    "ar": "برنامج العمل والميزانية المقترحان للأمانة",
}
# The draft suggested action, in our own words; [kind] is filled with the cited symbol.
ACTION = {
    "en": "The Conference of the Parties may wish to take note of the present note and of the"
    " submissions compiled in [annex], and to draw the attention of parties and other"
    " stakeholders, in particular those providing capacity-building and technical assistance"
    " under Article 14, to the activities, initiatives, needs and challenges described in them."
    "\n\nThe Conference of the Parties may also wish to recall that parties report on their"
    " implementation of Article 14 in their national reports, as considered in [national_reports],"
    " and to invite parties to include in those reports information on the capacity-building and"
    " technical assistance they have received.",
    "fr": "La Conférence des Parties souhaitera peut-être prendre note de la présente note et des"
    " communications compilées dans le document [annex], et appeler l'attention des Parties et"
    " des autres parties prenantes, en particulier de celles qui fournissent un renforcement des"
    " capacités et une assistance technique au titre de l'article 14, sur les activités,"
    " initiatives, besoins et difficultés qui y sont décrits.\n\nLa Conférence des Parties"
    " souhaitera peut-être aussi rappeler que les Parties rendent compte de la mise en œuvre de"
    " l'article 14 dans leurs rapports nationaux, examinés dans le document [national_reports], et"
    " inviter les Parties à y inclure des informations sur le renforcement des capacités et"
    " l'assistance technique qu'elles ont reçus.",
    "es": "La Conferencia de las Partes tal vez desee tomar nota de la presente nota y de las"
    " comunicaciones recopiladas en el documento [annex], y señalar a la atención de las Partes y"
    " de otros interesados, en particular de quienes prestan creación de capacidad y asistencia"
    " técnica con arreglo al artículo 14, las actividades, iniciativas, necesidades y dificultades"
    " que en ellas se describen.\n\nLa Conferencia de las Partes tal vez desee también recordar"
    " que las Partes informan sobre la aplicación del artículo 14 en sus informes nacionales,"
    " examinados en el documento [national_reports], e invitar a las Partes a incluir en ellos"
    " información sobre la creación de capacidad y la asistencia técnica que hayan recibido.",
    "ru": "Конференция Сторон, возможно, пожелает принять к сведению настоящую записку и"
    " представления, собранные в документе [annex], и обратить внимание Сторон и других"
    " заинтересованных субъектов, в частности тех, кто оказывает помощь в наращивании потенциала"
    " и техническую помощь в соответствии со статьей 14, на описанные в них мероприятия,"
    " инициативы, потребности и трудности.\n\nКонференция Сторон, возможно, пожелает также"
    " напомнить, что Стороны сообщают об осуществлении статьи 14 в своих национальных докладах,"
    " рассматриваемых в документе [national_reports], и предложить Сторонам включать в них"
    " информацию о полученной ими помощи в наращивании потенциала и технической помощи.",
    "zh": "缔约方大会不妨注意到本说明和 [annex] 号文件汇编的提交材料，并提请缔约方和其他利益攸关方，"
    "特别是根据第十四条提供能力建设和技术援助的各方，注意其中介绍的活动、举措、需求和挑战。"
    "\n\n缔约方大会还不妨回顾，缔约方在国家报告中报告第十四条的执行情况（见 [national_reports] 号文件），"
    "并请缔约方在国家报告中列入其所获能力建设和技术援助的信息。",
    "ar": "لعل مؤتمر الأطراف يود أن يحيط علماً بهذه المذكرة وبالورقات المقدمة المجمّعة في الوثيقة"
    " [annex]، وأن يوجه انتباه الأطراف وسائر أصحاب المصلحة، ولا سيما الجهات التي تقدم بناء القدرات"
    " والمساعدة التقنية بموجب المادة 14، إلى الأنشطة والمبادرات والاحتياجات والتحديات الواردة فيها."
    "\n\nولعل مؤتمر الأطراف يود أيضاً أن يشير إلى أن الأطراف تبلغ عن تنفيذ المادة 14 في تقاريرها"
    " الوطنية، التي يُنظر فيها في الوثيقة [national_reports]، وأن يدعو الأطراف إلى أن تدرج في تلك"
    " التقارير معلومات عن بناء القدرات والمساعدة التقنية اللذين تلقتهما.",
}


def load(stdout: TextIO) -> None:
    """COP-4, its agenda item 4 (f) and the documents of the programme note."""
    if Meeting.objects.filter(number=4).exists():
        stdout.write("documents demo: COP-4 already loaded\n")
        return
    call = Call.objects.filter(
        decision=submissions_demo.DECISION, title=submissions_demo.TITLE
    ).first()
    with transaction.atomic():
        meeting = Meeting.objects.create(
            number=4, name=NAME, venue=VENUE,
            start_date=dt.date(2021, 11, 1), end_date=dt.date(2021, 11, 5),
            period_start=dt.date(2019, 11, 30), period_end=dt.date(2021, 7, 26),
        )  # fmt: skip
        item = AgendaItem.objects.create(meeting=meeting, number="4 (f)", title=ITEM_4F, position=6)
        day = dt.date(2021, 7, 26)
        docs = [
            ("UNEP/MC/COP.4/14", "programme_note", NOTE_TITLE, item),
            ("UNEP/MC/COP.4/INF/23", "annex", ANNEX_TITLE, item),
            ("UNEP/MC/COP.4/16", "national_reports", NR_TITLE, None),
            ("UNEP/MC/COP.4/INF/19", "organisations", ORG_TITLE, None),
            ("UNEP/MC/COP.4/INF/22", "work_programme", WP_TITLE, None),
        ]
        for symbol, kind, title, agenda in docs:
            doc = MeetingDocument(
                meeting=meeting, agenda_item=agenda, symbol=symbol, kind=kind, date=day,
                original_language="en", title=title, call=call if kind in ("programme_note", "annex") else None,
                action=ACTION if kind == "programme_note" else {},
            )  # fmt: skip
            doc.full_clean()
            doc.save()
    stdout.write(
        f"documents demo: COP-4 with {len(docs)} documents (programme note UNEP/MC/COP.4/14)\n"
    )
