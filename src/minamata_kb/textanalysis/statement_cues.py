"""What the wording of a statement says, beyond its subject (issue 13, build item 3).

* ``is_heading`` / ``is_boilerplate``: blocks that are no statement at all (a DOCX or PDF
  heading, a page number, a letterhead, a signature, a complimentary close);
* ``role_cues``: evidence for each statement role from verbs, subject and tense, in the six
  languages: "Ghana received training from UNITAR" is support received, not provided; "The
  Ministry organised three training workshops" reports an activity, not a need. The
  classifier uses them as one more feature (its weight learned with the others);
* ``propose_channel``: the profile channel a statement names (GEF, SIP, Special Programme,
  bilateral, regional centre ...), with a confidence.

Patterns are the team's own, written for this purpose; no third-party text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_TERMINAL = re.compile(r"[.!?。！？؟;；:：»\")]\s*$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NUMBERED = re.compile(
    r"^\s*(?:(?:section|part|chapter|annex|article|partie|secci[oó]n|anexo|раздел|часть|"
    r"приложение|الفصل|الجزء|المرفق)\s+)?(?:[0-9]+(?:\.[0-9]+)*\.?|[IVXLC]+\.|[A-Za-z][.)]|"
    r"[一二三四五六七八九十]+[、.．]|第[一二三四五六七八九十0-9]+[章节部分条]|[（(][一二三四五六七八九十0-9]+[)）])\s*",
    re.IGNORECASE,
)
# a list item: the block before it ("We need the following:") introduces it
_LIST_ITEM = re.compile(r"^(?:[-–•*·▪●]|\(?[a-z0-9ivx]{1,3}[.)])\s", re.IGNORECASE)
_TRAILING_PARENS = re.compile(r"\s*[(（][\d\s\-–/,.]{1,20}[)）]\s*$")  # years, numbers
_BOILERPLATE = re.compile(
    r"(?ix)^\s*(?:"
    r"page\s+\d+(\s+(of|/)\s+\d+)?|p\.\s*\d+|-\s*\d+\s*-|\d+\s*/\s*\d+|\d{1,4}"  # page numbers
    r"|distr\.?:?.*|original:?\s*\w+|general\s+distribution|unofficial\s+translation"
    r"|(yours\s+(sincerely|faithfully)|sincerely|best\s+regards|kind\s+regards)[,.]?.*"
    r"|(signed|signature|signé|firmado|подпись)\s*:?.*"
    r"|(veuillez\s+agréer|je\s+vous\s+prie\s+d.agréer|atentamente|le\s+saluda|с\s+уважением|"
    r"此致|敬礼|وتفضلوا|مع\s+خالص).*"
    r"|(accept|please\s+accept),?\s+(excellency|sir|madam).*"
    r"|(tel|tél|phone|fax|e-?mail|courriel|correo)\s*[.:].*"
    r"|https?://\S+|www\.\S+|\S+@\S+\.\w+"
    r"|(date|fecha|дата|日期|التاريخ)\s*:.*"
    r"|(objet|subject|re|ref|réf|asunto|referencia|тема|предмет|事由|主题|الموضوع|المرجع)\s*[:：].{0,200}"
    r"|(dear|cher|chère|estimad[oa]|señor[a]?|уважаем\w+|尊敬的|سعادة|السيد[ة]?)\b.{0,60},"  # salutations
    r"|(madame|monsieur|mesdames|messieurs|excellency|excellence|excelencia)\b.{0,60},"
    r")\s*$"
)
# a line naming a person and their post: "Dr. A. Mensah, Director" / "Jean Dupont, Ministre"
_SIGNATURE = re.compile(
    r"(?x)^\s*(?:(?:dr|mr|mrs|ms|prof|m|mme|sr|sra|h\.e)\.?\s+)?[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}"
    r"\s*,\s*(?:director|minister|ministre|directeur|directrice|director[a]?|ministro|ministra|"
    r"head|chef|jefe|focal\s+point|point\s+focal|punto\s+focal|secretary|secrétaire|"
    r"coordinator|coordinateur|coordinador)\b.*$"
)


def _words(text: str) -> int:
    if _CJK.search(text):
        return len(_CJK.findall(text)) // 2 + len(re.findall(r"[A-Za-z]+", text))
    return len(text.split())


def is_boilerplate(block: str) -> bool:
    """Page numbers, document symbols, letterheads, complimentary closes, signatures, contacts."""
    text = block.strip()
    if not text:
        return True
    if _BOILERPLATE.match(text) or _SIGNATURE.match(text):
        return True
    letters = sum(ch.isalpha() for ch in text)
    return letters < 3


def is_heading(block: str, following: str | None = None) -> bool:
    """A title or a section heading: short, no sentence end, numbered or followed by a new
    sentence (a line cut mid-sentence continues in lower case, a heading does not)."""
    text = block.strip()
    nxt = (following or "").lstrip()
    if text.endswith((":", "：")) and not _LIST_ITEM.match(nxt):
        text = text[:-1].rstrip()  # "Support provided:" over a paragraph (not a list's lead-in)
        if _words(text) > 8:
            return False
    text = _TRAILING_PARENS.sub("", text)  # "Support received (2019-2023)"
    if not text or _TERMINAL.search(text):
        return False
    size = _words(text)
    if size > 16:
        return False
    if _NUMBERED.match(text) and size <= 16:
        return True
    if text.isupper() and len(text) > 3:
        return True
    starts_new = not nxt or nxt[:1].isupper() or nxt[:1].isdigit() or bool(_CJK.match(nxt[:1]))
    starts_new = (
        starts_new
        or unicodedata.category(nxt[:1] or "L").startswith("L")
        and not (nxt[:1].islower())
    )
    if text.endswith((",", "-", "–", "、", "，")):
        return False
    return size <= 12 and starts_new


# --------------------------------------------------------------------------- role cues

# Each role: patterns for (positive evidence). Word starts for alphabetic scripts, substrings
# for Chinese; Arabic with the usual one-letter prefixes.
_ROLE_PATTERNS: dict[str, tuple[str, ...]] = {
    "support_received": (
        r"\b(has |have |had |was |were )?(received|receives|receiving|obtained|was granted)\b",
        r"(?<!would )(?<!could )\bbenefit(ed|ted|s|ing)? from\b",
        r"\bwith the (financial |technical )?(support|assistance|help) (of|from)\b",
        r"\b(funded|financed|sponsored|supported) by\b",
        r"\b(training|assistance|support|funding|grant|equipment|expertise) (was )?(from|provided by)\b",
        r"\b(a|ont|avons|a été) (reçu|bénéficié)|\breçu (de|un|une|des)\b|\bbénéficié d",
        r"\bavec (l'appui|le soutien|l'aide|l'assistance) d",
        r"\b(financé|financée|appuyé|soutenu)e?s? par\b",
        r"\b(recibió|recibieron|ha recibido|hemos recibido|se benefició|se beneficiaron)\b",
        r"\bcon (el apoyo|la asistencia|la ayuda|el financiamiento) de\b",
        r"\b(financiado|financiada|apoyado|apoyada) por\b",
        r"\b(was|were|has been|have been|had been) (provided|supplied|equipped|given|awarded|"
        r"offered) with\b|\b(was|were|has been|have been) (trained|supported|assisted|funded|"
        r"financed|sponsored) by\b|\bthanks to (the |a )?(\w+ )?(funding|support|assistance|grant)\b",
        # taking part in someone else's course: "two officials attended a UNITAR course"
        r"\b(attended|participated in|took part in) (a |an |the )?(\w+ ){0,3}(course|training|"
        r"workshop|seminar|webinar|programme)",
        r"\b(ont|a) (participé|assisté) à (un|une|la|le) (\w+ ){0,2}(formation|atelier|cours|"
        r"séminaire)|\b(participaron|participó|asistieron|asistió) (en|a) (un|una|el|la) "
        r"(\w+ ){0,2}(curso|taller|capacitación|seminario)",
        r"\b(принял[аи]? участие|участвовал[аи]?) в (\w+ ){0,2}(семинар|тренинг|курс|обучени)",
        r"参加了.{0,20}(培训|讲习班|研讨会|课程)|(شارك|شاركت|شاركوا).{0,20}في (دورة|ورشة|حلقة)",
        r"\bgrâce (au|à l'|à la) (soutien|appui|financement|aide|assistance)|"
        r"\bgracias al? (apoyo|financiamiento|financiación|asistencia)\b",
        r"\bполучил[аио]?\b|\bполучен[аоы]?\b|\bпри (поддержке|содействии|финансовой поддержке)\b|"
        r"\bблагодаря (поддержке|финансированию|помощи|содействию)\b",
        r"\bза сч[её]т средств\b|\bфинансируем\w* \w+\b",
        r"获得|收到|得到|在.{0,20}(支持|资助|协助)下|受益于",
        r"(?<![\u0600-\u06ff])[وف]?(تلقى|تلقت|تلقّت|حصل|حصلت|استفاد|استفادت)(?![\u0600-\u06ff])|"
        r"(بدعم|بتمويل|بمساعدة) من|بفضل (دعم|تمويل|مساعدة)",
    ),
    "support_provided": (
        r"\b(we|our (government|country|ministry|agency)) (have |has )?(provided|contributed|funded|"
        r"financed|supported|donated|pledged|granted|offered|delivered|trained)\b",
        r"\b(provided|contributed|donated|pledged|granted) (\w+ ){0,6}to (other |developing |partner )?"
        r"(countries|parties|states|governments|the (special )?(trust )?fund)\b",
        r"\b(our|its) (contribution|contributions|development agency|bilateral)\b",
        r"\b(provides|offers|offer|delivers|runs|hosts) (\w+ ){0,3}(training|assistance|courses|"
        r"support|expertise|programmes)\b",
        r"\b(avons|a|ont) (fourni|contribué|financé|versé|apporté|offert)\b",
        r"\b(hemos|ha|han) (proporcionado|contribuido|financiado|aportado|donado)\b|"
        r"\b(proporcionó|contribuyó|aportó|financió|donó)\b",
        r"\b(предоставил[аи]?|выделил[аи]?|профинансировал[аи]?|внес(ла|ли)? взнос|оказал[аи]? "
        r"(помощь|поддержку))\b",
        r"向.{1,20}提供|提供了|捐助|捐款|援助了|资助了",
        r"(قدمت|قدّمت|ساهمت|موّلت|مولت|تبرعت)",
    ),
    "need": (
        r"\b(need|needs|needed|require|requires|required|lack|lacks|lacking)\b(?! of\b)",
        r"\black of\b",
        r"\bwould (benefit|welcome|appreciate)\b|\b(request|requests|seek|seeks) "
        r"(\w+ )?(assistance|support|help|funding)\b",
        r"\bbesoins?\b|\bnécessit|\bmanque (de|d')|\bsollicite|\bdemande d.(appui|assistance)",
        r"\bnecesit|\bnecesidad|\brequiere|\bfalta de\b|\bcarece|\bsolicit",
        r"\bнужда|\bнеобходим|\bпотребност|\bтребует|\bнехватк|\bне хватает|\bпросит",
        r"需要|需求|缺乏|急需|亟需|请求|希望获得",
        r"(تحتاج|يحتاج|حاجة|احتياج|تفتقر|نفتقر|تطلب|نطلب)",
    ),
    "challenge": (
        r"\b(challenge|challenges|difficult|difficulty|difficulties|obstacle|obstacles|barrier|"
        r"barriers|constraint|constraints|insufficient|inadequate|limited|hamper)",
        r"\bdifficult|\bobstacle|\bcontrainte|\binsuffisan|\blimité",
        r"\bdificultad|\bdesafío|\bobstáculo|\binsuficiente|\blimitad|\bbarrera",
        r"\bтрудност|\bпроблем|\bпрепятств|\bнедостаточн|\bограничен",
        r"困难|挑战|障碍|不足|有限|难以",
        r"(صعوبة|صعوبات|تحدي|تحديات|عقبة|عقبات|محدودة|غير كاف)",
    ),
    "example_success": (
        r"\b(successfully|success|achieved|phased out|eliminated|banned|reduced by|cut by)\b",
        r"\bavec succès\b|\bréussi|\b(a|ont) (réduit|éliminé|interdit)\b",
        r"\bcon éxito\b|\blogr(ó|aron)\b|\b(redujo|eliminó|prohibió)\b",
        r"\bуспешно\b|\bудалось\b|\b(сократил|запретил|ликвидировал)\w*",
        r"成功|减少了|已淘汰|淘汰了|禁止了",
        r"(بنجاح|تمكنت|نجحت|خفضت|حظرت)",
    ),
}
# reports of an activity carried out (past tense): evidence against a need or a challenge
_ACTIVITY = (
    r"\b(organi[sz]ed|held|conducted|completed|delivered|trained|carried out|hosted|launched|"
    r"implemented|undertook|convened|established|adopted|published)\b",
    r"\b(a|ont|avons) (organisé|tenu|réalisé|mené|formé|lancé|adopté|publié)\b|"
    r"\bont été (organisé|tenu|réalisé|formé)",
    r"\b(organizó|organizaron|realizó|realizaron|llevó a cabo|capacitó|lanzó|adoptó|publicó)\b|"
    r"\bse (organizaron|realizaron|llevaron a cabo)\b",
    r"\b(организовал|провел|провёл|проведен|осуществил|обучил|запустил|принял)\w*",
    r"举办了|组织了|开展了|完成了|举行了|实施了|培训了",
    r"(نظمت|نظّمت|عقدت|نفذت|نفّذت|أجرت|درّبت|دربت|أطلقت)",
)


# beneficiaries other than the author: "for three South American parties", "attended by
# officials of eleven countries": what the author did for them is support provided
_OTHERS = (
    r"\b(to|for|of|in) (other|several|partner|neighbouring|neighboring|developing|\w+) "
    r"(\w+ ){0,2}(countries|parties|states)\b",
    r"\b(officials|participants|experts|delegates) (of|from) (\w+ ){0,2}(countries|parties)\b",
    r"\b(autres|plusieurs) pays\b|\bpays (voisins|partenaires)\b|\botros países\b|"
    r"\bpaíses (vecinos|de la región)\b|\bдругих стран|\bсоседних стран|其他国家|周边国家|"
    r"البلدان المجاورة|بلدان أخرى",
)


# what an activity carried out (with no sign of support given or received) says for
# "example of success": weaker than a word of success itself
ACTIVITY_AS_SUCCESS = 0.5


@cache
def _compiled() -> tuple[dict[str, tuple[re.Pattern[str], ...]], tuple[re.Pattern[str], ...]]:
    roles = {k: tuple(re.compile(p, re.IGNORECASE) for p in v) for k, v in _ROLE_PATTERNS.items()}
    return roles, tuple(re.compile(p, re.IGNORECASE) for p in _ACTIVITY)


def role_cues(text: str) -> dict[str, float]:
    """Evidence for each role from the wording, in [-1, 1] (0: the wording says nothing)."""
    roles, activity = _compiled()
    folded = unicodedata.normalize("NFC", text)
    hit = {k: any(p.search(folded) for p in pats) for k, pats in roles.items()}
    did = any(p.search(folded) for p in activity)
    for_others = any(re.search(p, folded, re.IGNORECASE) for p in _OTHERS)
    if for_others and (did or hit["support_provided"]):
        hit["support_provided"], hit["support_received"] = True, False  # done for others
    out = {k: (1.0 if v else 0.0) for k, v in hit.items()}
    if hit["support_received"]:
        out["support_provided"] = -1.0  # "X received training from Y": received, not provided
    elif hit["support_provided"]:
        out["support_received"] = -0.5
    if did and not hit["need"]:
        out["need"] = -1.0  # an activity carried out is no need
        if not hit["challenge"]:
            out["challenge"] = -0.5
            if not (hit["support_received"] or hit["support_provided"]):
                # "The Ministry organised three workshops": an activity carried out, reported
                out["example_success"] = max(out["example_success"], ACTIVITY_AS_SUCCESS)
    out.setdefault("resource", 0.0)
    return out


# --------------------------------------------------------------------------- channels

_CHANNEL_PATTERNS: dict[str, tuple[str, ...]] = {
    "gef": (
        r"\bGEF\b|\bFEM\b|\bFMAM\b|\bГЭФ\b|Global Environment Facility|Fonds pour l.environnement "
        r"mondial|Fondo para el Medio Ambiente Mundial|Глобальн\w+ экологическ\w+ фонд|全球环境基金|"
        r"مرفق البيئة العالمية",
        r"\b(enabling activit|MIA\b|NAP\b|planGOLD|GOLD\b)",
    ),
    "sip": (
        r"Specific International Programme|\bSIP\b|Programme international spécifique|"
        r"Programa Internacional Específico|Конкретн\w+ международн\w+ программ|特别国际方案|"
        r"البرنامج الدولي المحدد",
    ),
    "special_programme": (
        r"Special Programme|Programme spécial|Programa Especial|Специальн\w+ программ|特别方案|"
        r"البرنامج الخاص",
    ),
    "bilateral": (
        r"\bbilateral|\bbilatéral|Двусторонн|双边|ثنائي",
        r"\b(JICA|USAID|GIZ|AFD|SIDA|NORAD|KOICA|EPA)\b|development agency|agence de "
        r"développement|agencia de (cooperación|desarrollo)",
    ),
    "regional_centre": (
        r"regional centre|regional center|centre régional|centro regional|региональн\w+ центр|"
        r"区域中心|المركز الإقليمي|مركز إقليمي|\bBCRC\b|\bSCRC\b|\bBCCC\b",
    ),
    "partnership": (
        r"Global Mercury Partnership|Partenariat mondial sur le mercure|Alianza Mundial sobre el "
        r"Mercurio|Глобальн\w+ партнерств|全球汞伙伴关系|الشراكة العالمية",
    ),
    "special_trust_fund": (
        r"special trust fund|fonds d.affectation spéciale|fondo fiduciario especial|"
        r"специальн\w+ целев\w+ фонд|特别信托基金|الصندوق الاستئماني الخاص",
    ),
    "private_sector": (
        r"private sector|secteur privé|sector privado|частн\w+ сектор|私营部门|القطاع الخاص",
    ),
    "multilateral": (
        r"\bmultilateral|\bmultilatéral|Многосторонн|多边|متعدد الأطراف",
        r"\b(UNEP|UNIDO|UNDP|UNITAR|WHO|FAO|World Bank|PNUE|ONUDI|PNUD|OMS|PNUMA|Banque mondiale|"
        r"Banco Mundial|ЮНЕП|ЮНИДО|ПРООН|ЮНИТАР|ВОЗ|ФАО|Всемирн\w+ банк)\b",
        # Chinese and Arabic names run into the words around them (no \b there): UNEP, UNIDO,
        # UNDP, UNITAR, WHO, FAO, the World Bank
        r"联合国环境规划署|环境署|联合国工业发展组织|工发组织|联合国开发计划署|开发署|"
        r"联合国训练研究所|训研所|世界卫生组织|世卫组织|粮农组织|世界银行|"
        r"برنامج الأمم المتحدة|منظمة الأمم المتحدة للتنمية الصناعية|اليونيدو|"
        r"معهد الأمم المتحدة للتدريب والبحث|اليونيتار|منظمة الصحة العالمية|منظمة الأغذية والزراعة|"
        r"البنك الدولي",
    ),
}
_CHANNEL_ORDER = tuple(_CHANNEL_PATTERNS)  # the first listed wins a tie (most specific first)


@cache
def _channel_compiled() -> dict[str, tuple[re.Pattern[str], ...]]:
    return {k: tuple(re.compile(p) for p in v) for k, v in _CHANNEL_PATTERNS.items()}


def propose_channel(text: str, known: set[str] | None = None) -> tuple[str, float] | None:
    """The channel a statement names, with a confidence (None when it names none).

    A channel named by its own name scores 0.9; one inferred from a body it works through
    (an agency for bilateral, UNEP/UNIDO for multilateral, "enabling activity" for the GEF)
    0.6. ``known``: the channel slugs the database holds (others are not proposed)."""
    best: tuple[str, float] | None = None
    for slug in _CHANNEL_ORDER:
        if known is not None and slug not in known:
            continue
        pats = _channel_compiled()[slug]
        if pats[0].search(text):
            score = 0.9
        elif any(p.search(text) for p in pats[1:]):
            score = 0.6
        else:
            continue
        if best is None or score > best[1]:
            best = (slug, score)
    return best


_SENTENCES = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；؟])|\n+")


def role_cue_profile(text: str) -> dict[str, float]:
    """``role_cues`` for a statement or a whole document: the cues of each sentence, averaged
    and scaled so that one sentence weighs 1 and a long document is not all roles at once."""
    sentences = [x for x in _SENTENCES.split(text) if len(x.strip()) > 15] or [text]
    if len(sentences) == 1:
        return role_cues(sentences[0])
    total: dict[str, float] = {}
    for sentence in sentences[:200]:
        for role, value in role_cues(sentence).items():
            total[role] = total.get(role, 0.0) + value
    n = min(len(sentences), 200)
    return {role: max(-1.0, min(1.0, value / n**0.5)) for role, value in total.items()}
