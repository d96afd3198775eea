"""Fixed text of the COP documents in the six UN languages, with their plural and date rules.

The documents' language is chosen per edition (not the visitor's UI language), and UN editions
need grammar that gettext catalogues of UI strings do not carry well (Russian and Arabic
number agreement), so the phrases live here, one table per language.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext, ngettext

from minamata_kb.documents import formatting

LANGS = formatting.LANGS


def date(lang: str, value: str | dt.date | None) -> str:
    """A date written the UN way in the given language (CLDR long form through Babel)."""
    return formatting.format_date(value, lang)


def join(lang: str, items: list[str]) -> str:
    """'A, B and C' in the given language (CLDR list patterns through Babel)."""
    return formatting.format_list(items, lang)


def submissions_from_parties(lang: str, subs: int, parties: int) -> str:
    """'14 submissions from 13 parties' with each language's plural rules (gettext)."""
    with formatting.edition(lang):
        s = ngettext("{n} submission", "{n} submissions", subs)
        p = ngettext("{n} party", "{n} parties", parties)
        both = gettext("{submissions} from {parties}")
    return both.format(
        submissions=s.format(n=formatting.format_number(subs, lang)),
        parties=p.format(n=formatting.format_number(parties, lang)),
    )


# One table per language. Placeholders are named; the builders fill them.
T: dict[str, dict[str, str]] = {
    "en": {
        "language": "English",
        "distr": "Distr.: General",
        "original": "Original: English",
        "conference": "Conference of the Parties to the Minamata Convention on Mercury",
        "note_title": "Report on the submissions received: {title}",
        "note_by": "Note by the secretariat",
        "section": "Report on the submissions",
        "letter": "Information was requested under decision {decision} by a letter dated {date}"
        " addressed to {addressees}; submissions were due by {deadline}.",
        "reminders": "Reminders were sent on {dates}.",
        "received": "In total, {phrase} were received: {names}. The parties are listed in English"
        " alphabetical order. The full texts are reproduced as received in {annex}.",
        "orgs": "Submissions reporting the activities of organisations, including regional"
        " centres ({n}): {names}.",
        "late": "Submissions received after the deadline and included ({n}): {names}.",
        "role_need": "Parties describing their capacity-building and technical assistance needs"
        " ({n}): {names}.",
        "role_challenge": "Parties describing challenges they face ({n}): {names}.",
        "role_support_received": "Parties describing support received ({n}): {names}.",
        "role_support_provided": "Parties describing support provided to others ({n}): {names}.",
        "role_example_success": "Parties describing examples of success ({n}): {names}.",
        "role_resource": "Parties offering tools, guidance or training ({n}): {names}.",
        "themes": "Themes of the statements",
        "themes_intro": "The table counts, for each theme, the parties that address it (in all,"
        " and by kind of statement) and the confirmed statements.",
        "theme": "Theme",
        "parties": "Parties",
        "statements": "Statements",
        "chart": "Figure I. Parties addressing each theme",
        "appendix": "Appendix: sources of the figures",
        "appendix_intro": "Each figure of this note is counted from the records below (snapshot"
        " {snapshot}, taken on {date}; S = submission, ST = statement).",
        "figure": "Figure",
        "value": "Value",
        "records": "Records",
        "f_submissions": "Submissions",
        "f_parties": "Parties submitting",
        "annex_title": "Compilation of the submissions received: {title}",
        "annex_intro": "The submissions are reproduced as received, without formal editing, in"
        " English alphabetical order of the submitters.",
        "contents": "Contents",
        "submitted_by": "Submitted by",
        "on_behalf": "{party} (activities of {org})",
        "received_on": "Received",
        "orig_language": "Original language",
        "file": "File",
        "checksum": "SHA-256",
        "version": "Version",
        "late_flag": "received after the deadline",
        "page": "page",
        "none": "none",
        "addr_parties": "the national focal points of the parties",
        "addr_regional_centres": "the regional centres",
        "addr_partners": "partner organisations",
        "addr_missions": "the permanent missions",
    },
    "fr": {
        "language": "Français",
        "distr": "Distr. générale",
        "original": "Original : anglais",
        "conference": "Conférence des Parties à la Convention de Minamata sur le mercure",
        "note_title": "Rapport sur les communications reçues : {title}",
        "note_by": "Note du secrétariat",
        "section": "Rapport sur les communications",
        "letter": "Des informations ont été demandées en application de la décision {decision}"
        " par une lettre datée du {date} adressée {addressees} ; les communications étaient"
        " attendues au plus tard le {deadline}.",
        "reminders": "Des rappels ont été envoyés le {dates}.",
        "received": "Au total, {phrase} ont été reçues : {names}. Les Parties sont énumérées dans"
        " l'ordre alphabétique anglais. Le texte intégral des communications est reproduit"
        " tel que reçu dans le document {annex}.",
        "orgs": "Communications rendant compte des activités d'organisations, y compris des"
        " centres régionaux ({n}) : {names}.",
        "late": "Communications reçues après la date limite et prises en compte ({n}) : {names}.",
        "role_need": "Parties décrivant leurs besoins en matière de renforcement des capacités et"
        " d'assistance technique ({n}) : {names}.",
        "role_challenge": "Parties décrivant les difficultés rencontrées ({n}) : {names}.",
        "role_support_received": "Parties décrivant l'appui reçu ({n}) : {names}.",
        "role_support_provided": "Parties décrivant l'appui fourni ({n}) : {names}.",
        "role_example_success": "Parties décrivant des exemples de réussite ({n}) : {names}.",
        "role_resource": "Parties proposant des outils, des orientations ou des formations"
        " ({n}) : {names}.",
        "themes": "Thèmes abordés",
        "themes_intro": "Le tableau indique, pour chaque thème, le nombre de Parties qui l'abordent"
        " (au total et par type de déclaration) et le nombre de déclarations confirmées.",
        "theme": "Thème",
        "parties": "Parties",
        "statements": "Déclarations",
        "chart": "Figure I. Parties abordant chaque thème",
        "appendix": "Appendice : sources des chiffres",
        "appendix_intro": "Chaque chiffre de la présente note est calculé à partir des"
        " enregistrements ci-dessous (instantané {snapshot} du {date} ; S = communication,"
        " ST = déclaration).",
        "figure": "Chiffre",
        "value": "Valeur",
        "records": "Enregistrements",
        "f_submissions": "Communications",
        "f_parties": "Parties ayant soumis une communication",
        "annex_title": "Compilation des communications reçues : {title}",
        "annex_intro": "Les communications sont reproduites telles que reçues, sans avoir été"
        " revues par les services d'édition, dans l'ordre alphabétique anglais des auteurs.",
        "contents": "Table des matières",
        "submitted_by": "Soumise par",
        "on_behalf": "{party} (activités de {org})",
        "received_on": "Reçue le",
        "orig_language": "Langue originale",
        "file": "Fichier",
        "checksum": "SHA-256",
        "version": "Version",
        "late_flag": "reçue après la date limite",
        "page": "page",
        "none": "aucune",
        "addr_parties": "aux correspondants nationaux des Parties",
        "addr_regional_centres": "aux centres régionaux",
        "addr_partners": "aux organisations partenaires",
        "addr_missions": "aux missions permanentes",
    },
    "es": {
        "language": "Español",
        "distr": "Distr. general",
        "original": "Original: inglés",
        "conference": "Conferencia de las Partes en el Convenio de Minamata sobre el Mercurio",
        "note_title": "Informe sobre las comunicaciones recibidas: {title}",
        "note_by": "Nota de la secretaría",
        "section": "Informe sobre las comunicaciones",
        "letter": "Se solicitó información en virtud de la decisión {decision} mediante una"
        " carta de fecha {date} dirigida a {addressees}; el plazo para presentar"
        " comunicaciones vencía el {deadline}.",
        "reminders": "Se enviaron recordatorios el {dates}.",
        "received": "En total, se recibieron {phrase}: {names}. Las Partes se enumeran en el"
        " orden alfabético inglés. El texto completo de las comunicaciones se reproduce tal"
        " como se recibió en el documento {annex}.",
        "orgs": "Comunicaciones que informan sobre las actividades de organizaciones, incluidos"
        " los centros regionales ({n}): {names}.",
        "late": "Comunicaciones recibidas después del plazo e incluidas ({n}): {names}.",
        "role_need": "Partes que describen sus necesidades de creación de capacidad y asistencia"
        " técnica ({n}): {names}.",
        "role_challenge": "Partes que describen los desafíos que enfrentan ({n}): {names}.",
        "role_support_received": "Partes que describen el apoyo recibido ({n}): {names}.",
        "role_support_provided": "Partes que describen el apoyo prestado ({n}): {names}.",
        "role_example_success": "Partes que describen ejemplos de éxito ({n}): {names}.",
        "role_resource": "Partes que ofrecen herramientas, orientaciones o capacitación"
        " ({n}): {names}.",
        "themes": "Temas abordados",
        "themes_intro": "El cuadro indica, para cada tema, el número de Partes que lo abordan"
        " (en total y por tipo de declaración) y el de declaraciones confirmadas.",
        "theme": "Tema",
        "parties": "Partes",
        "statements": "Declaraciones",
        "chart": "Figura I. Partes que abordan cada tema",
        "appendix": "Apéndice: fuentes de las cifras",
        "appendix_intro": "Cada cifra de la presente nota se calcula a partir de los registros"
        " siguientes (instantánea {snapshot} del {date}; S = comunicación, ST = declaración).",
        "figure": "Cifra",
        "value": "Valor",
        "records": "Registros",
        "f_submissions": "Comunicaciones",
        "f_parties": "Partes que presentaron comunicaciones",
        "annex_title": "Recopilación de las comunicaciones recibidas: {title}",
        "annex_intro": "Las comunicaciones se reproducen tal como se recibieron, sin revisión"
        " editorial, en el orden alfabético inglés de los remitentes.",
        "contents": "Índice",
        "submitted_by": "Presentada por",
        "on_behalf": "{party} (actividades de {org})",
        "received_on": "Recibida el",
        "orig_language": "Idioma original",
        "file": "Archivo",
        "checksum": "SHA-256",
        "version": "Versión",
        "late_flag": "recibida después del plazo",
        "page": "página",
        "none": "ninguna",
        "addr_parties": "los coordinadores nacionales de las Partes",
        "addr_regional_centres": "los centros regionales",
        "addr_partners": "las organizaciones asociadas",
        "addr_missions": "las misiones permanentes",
    },
    "ru": {
        "language": "Русский",
        "distr": "Distr.: General",
        "original": "Original: English",
        "conference": "Конференция Сторон Минаматской конвенции о ртути",
        "note_title": "Доклад о полученных представлениях: {title}",
        "note_by": "Записка секретариата",
        "section": "Доклад о представлениях",
        "letter": "Информация была запрошена в соответствии с решением {decision} письмом от"
        " {date}, направленным {addressees}; представления ожидались до {deadline}.",
        "reminders": "Напоминания были направлены {dates}.",
        "received": "Всего получено {phrase}: {names}. Стороны перечислены в английском"
        " алфавитном порядке. Полные тексты представлений воспроизводятся в том виде, в каком"
        " они были получены, в документе {annex}.",
        "orgs": "Представления о деятельности организаций, включая региональные центры ({n}):"
        " {names}.",
        "late": "Представления, полученные после установленного срока и учтённые ({n}): {names}.",
        "role_need": "Стороны, описавшие свои потребности в создании потенциала и технической"
        " помощи ({n}): {names}.",
        "role_challenge": "Стороны, описавшие стоящие перед ними проблемы ({n}): {names}.",
        "role_support_received": "Стороны, описавшие полученную поддержку ({n}): {names}.",
        "role_support_provided": "Стороны, описавшие оказанную поддержку ({n}): {names}.",
        "role_example_success": "Стороны, описавшие примеры успешной работы ({n}): {names}.",
        "role_resource": "Стороны, предлагающие инструменты, руководства или обучение ({n}):"
        " {names}.",
        "themes": "Темы заявлений",
        "themes_intro": "В таблице по каждой теме указано число затрагивающих её Сторон (всего и по"
        " видам заявлений) и число подтверждённых заявлений.",
        "theme": "Тема",
        "parties": "Стороны",
        "statements": "Заявления",
        "chart": "Рисунок I. Стороны, затрагивающие каждую тему",
        "appendix": "Добавление: источники цифр",
        "appendix_intro": "Каждая цифра настоящей записки подсчитана по приведённым ниже"
        " записям (снимок {snapshot} от {date}; S — представление, ST — заявление).",
        "figure": "Показатель",
        "value": "Значение",
        "records": "Записи",
        "f_submissions": "Представления",
        "f_parties": "Стороны, направившие представления",
        "annex_title": "Подборка полученных представлений: {title}",
        "annex_intro": "Представления воспроизводятся в том виде, в каком они были получены,"
        " без официального редактирования, в английском алфавитном порядке авторов.",
        "contents": "Содержание",
        "submitted_by": "Представлено",
        "on_behalf": "{party} (деятельность {org})",
        "received_on": "Получено",
        "orig_language": "Язык оригинала",
        "file": "Файл",
        "checksum": "SHA-256",
        "version": "Версия",
        "late_flag": "получено после установленного срока",
        "page": "стр.",
        "none": "нет",
        "addr_parties": "национальным координационным центрам Сторон",
        "addr_regional_centres": "региональным центрам",
        "addr_partners": "организациям-партнёрам",
        "addr_missions": "постоянным представительствам",
    },
    "zh": {
        "language": "中文",
        "distr": "Distr.: General",
        "original": "Original: English",
        "conference": "关于汞的水俣公约缔约方大会",
        "note_title": "关于所收到提交材料的报告：{title}",
        "note_by": "秘书处的说明",
        "section": "关于提交材料的报告",
        "letter": "秘书处根据 {decision} 号决定，通过 {date} 致{addressees}的信征求信息；"
        "提交材料的截止日期为 {deadline}。",
        "reminders": "秘书处于 {dates} 发出了提醒。",
        "received": "共收到{phrase}：{names}。缔约方按英文字母顺序排列。提交材料全文按收到时的"
        "原样转载于 {annex} 号文件。",
        "orgs": "报告包括区域中心在内的组织活动的提交材料（{n} 份）：{names}。",
        "late": "截止日期后收到并已列入的提交材料（{n} 份）：{names}。",
        "role_need": "说明其能力建设和技术援助需求的缔约方（{n} 个）：{names}。",
        "role_challenge": "说明其所面临挑战的缔约方（{n} 个）：{names}。",
        "role_support_received": "介绍所获支助的缔约方（{n} 个）：{names}。",
        "role_support_provided": "介绍所提供支助的缔约方（{n} 个）：{names}。",
        "role_example_success": "介绍成功范例的缔约方（{n} 个）：{names}。",
        "role_resource": "提供工具、指导或培训的缔约方（{n} 个）：{names}。",
        "themes": "所涉主题",
        "themes_intro": "下表列出涉及每个主题的缔约方数目（总数及按陈述类别分列）和已确认陈述的数目。",
        "theme": "主题",
        "parties": "缔约方",
        "statements": "陈述",
        "chart": "图一. 涉及各主题的缔约方数目",
        "appendix": "附录：各项数字的来源",
        "appendix_intro": "本说明中的每项数字均根据下列记录计算（快照 {snapshot}，{date}；"
        "S = 提交材料，ST = 陈述）。",
        "figure": "数字",
        "value": "数值",
        "records": "记录",
        "f_submissions": "提交材料",
        "f_parties": "提交材料的缔约方",
        "annex_title": "所收到提交材料汇编：{title}",
        "annex_intro": "提交材料按提交方英文字母顺序排列，按收到时的原样转载，未经正式编辑。",
        "contents": "目录",
        "submitted_by": "提交方",
        "on_behalf": "{party}（{org} 的活动）",
        "received_on": "收到日期",
        "orig_language": "原文语言",
        "file": "文件",
        "checksum": "SHA-256",
        "version": "版本",
        "late_flag": "截止日期后收到",
        "page": "页",
        "none": "无",
        "addr_parties": "各缔约方国家联络点",
        "addr_regional_centres": "各区域中心",
        "addr_partners": "各合作伙伴组织",
        "addr_missions": "各常驻代表团",
    },
    "ar": {
        "language": "العربية",
        "distr": "Distr.: General",
        "original": "Original: English",
        "conference": "مؤتمر الأطراف في اتفاقية ميناماتا بشأن الزئبق",
        "note_title": "تقرير عن الورقات المقدمة الواردة: {title}",
        "note_by": "مذكرة من الأمانة",
        "section": "تقرير عن الورقات المقدمة",
        "letter": "طُلبت المعلومات بموجب المقرر {decision} برسالة مؤرخة {date} موجهة إلى"
        " {addressees}؛ وكان الموعد النهائي لتقديم الورقات {deadline}.",
        "reminders": "وأُرسلت رسائل تذكير في {dates}.",
        "received": "وإجمالاً، وردت {phrase}: {names}. وترد الأطراف بالترتيب الأبجدي الإنكليزي."
        " ويُستنسخ النص الكامل للورقات المقدمة بالصيغة التي وردت بها في الوثيقة {annex}.",
        "orgs": "الورقات المقدمة التي تبلغ عن أنشطة منظمات، بما فيها المراكز الإقليمية ({n}):"
        " {names}.",
        "late": "الورقات المقدمة الواردة بعد الموعد النهائي والمدرجة ({n}): {names}.",
        "role_need": "الأطراف التي وصفت احتياجاتها في مجال بناء القدرات والمساعدة التقنية ({n}):"
        " {names}.",
        "role_challenge": "الأطراف التي وصفت التحديات التي تواجهها ({n}): {names}.",
        "role_support_received": "الأطراف التي وصفت الدعم الذي تلقته ({n}): {names}.",
        "role_support_provided": "الأطراف التي وصفت الدعم الذي قدمته ({n}): {names}.",
        "role_example_success": "الأطراف التي وصفت أمثلة على النجاح ({n}): {names}.",
        "role_resource": "الأطراف التي تعرض أدوات أو توجيهات أو تدريباً ({n}): {names}.",
        "themes": "المواضيع المتناولة",
        "themes_intro": "يبين الجدول، لكل موضوع، عدد الأطراف التي تتناوله (إجمالاً وحسب نوع البيان)"
        " وعدد البيانات المؤكدة.",
        "theme": "الموضوع",
        "parties": "الأطراف",
        "statements": "البيانات",
        "chart": "الشكل الأول. الأطراف التي تتناول كل موضوع (الأرقام تحيل إلى صفوف الجدول)",
        "appendix": "تذييل: مصادر الأرقام",
        "appendix_intro": "يُحسب كل رقم في هذه المذكرة من السجلات الواردة أدناه (اللقطة"
        " {snapshot}، {date}؛ S = ورقة مقدمة، ST = بيان).",
        "figure": "الرقم",
        "value": "القيمة",
        "records": "السجلات",
        "f_submissions": "الورقات المقدمة",
        "f_parties": "الأطراف المقدِّمة",
        "annex_title": "تجميع الورقات المقدمة الواردة: {title}",
        "annex_intro": "تُستنسخ الورقات المقدمة بالصيغة التي وردت بها، دون تحرير رسمي، بالترتيب"
        " الأبجدي الإنكليزي لمقدميها.",
        "contents": "المحتويات",
        "submitted_by": "مقدمة من",
        "on_behalf": "{party} (أنشطة {org})",
        "received_on": "تاريخ الورود",
        "orig_language": "لغة الأصل",
        "file": "الملف",
        "checksum": "SHA-256",
        "version": "الصيغة",
        "late_flag": "وردت بعد الموعد النهائي",
        "page": "الصفحة",
        "none": "لا يوجد",
        "addr_parties": "جهات الاتصال الوطنية للأطراف",
        "addr_regional_centres": "المراكز الإقليمية",
        "addr_partners": "المنظمات الشريكة",
        "addr_missions": "البعثات الدائمة",
    },
}

# Names of the six languages, in each language (for "Original language" lines).
LANGUAGE_NAMES = {
    "en": {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "zh": "Chinese",
           "ar": "Arabic"},
    "fr": {"en": "anglais", "fr": "français", "es": "espagnol", "ru": "russe", "zh": "chinois",
           "ar": "arabe"},
    "es": {"en": "inglés", "fr": "francés", "es": "español", "ru": "ruso", "zh": "chino",
           "ar": "árabe"},
    "ru": {"en": "английский", "fr": "французский", "es": "испанский", "ru": "русский",
           "zh": "китайский", "ar": "арабский"},
    "zh": {"en": "英文", "fr": "法文", "es": "西班牙文", "ru": "俄文", "zh": "中文", "ar": "阿拉伯文"},
    "ar": {"en": "الإنكليزية", "fr": "الفرنسية", "es": "الإسبانية", "ru": "الروسية",
           "zh": "الصينية", "ar": "العربية"},
}  # fmt: skip

# The language line of the UN header in each edition (English has none), and the language
# its date is written in (the header stays in English in the Russian, Chinese, Arabic editions).
EDITION = {"en": "", "fr": "Français", "es": "Español", "ru": "Russian", "zh": "Chinese",
           "ar": "Arabic"}  # fmt: skip
HEADER_DATE_LANG = {"en": "en", "fr": "fr", "es": "es", "ru": "en", "zh": "en", "ar": "en"}


def t(lang: str, key: str, **values: object) -> str:
    """The fixed phrase `key` in `lang`, filled with `values`."""
    return T[lang][key].format(**values)


def language_name(lang: str, code: str) -> str:
    """The name of language `code` written in `lang` (the code itself when unknown)."""
    return LANGUAGE_NAMES[lang].get(code, code or "—")
