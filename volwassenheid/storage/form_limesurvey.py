"""A survey form as a LimeSurvey survey structure file (.lss), in the layout LimeSurvey 4 and later
write and import (texts in the *_l10ns tables). Tested against the structure LimeSurvey's importer
reads (tests/test_limesurvey_form.py), not in a running LimeSurvey; see README, "Enquête afnemen".

Every text is the consultant's or the question set's, never markup: LimeSurvey shows question texts as
HTML and evaluates '{…}' as an expression, so texts are HTML-escaped and their braces written as
character references.
"""

from __future__ import annotations

import hashlib
import html
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from volwassenheid.core.survey_form import FormQuestion, SurveyForm

DB_VERSION = 495
"""The database version of LimeSurvey 5.6 (LTS); 6.x imports it as well (it only converts older files)."""
LANGUAGE = "nl"
TITLE_LENGTH = 200
"""The longest survey title LimeSurvey stores (surveyls_title)."""

_QUESTION_FIELDS = (
    "qid",
    "parent_qid",
    "sid",
    "gid",
    "type",
    "title",
    "preg",
    "other",
    "mandatory",
    "question_order",
    "scale_id",
    "same_default",
    "relevance",
    "modulename",
    "encrypted",
    "question_theme_name",
)
_SURVEY_SETTINGS = {
    "gsid": 1,
    "admin": "inherit",
    "adminemail": "inherit",
    "anonymized": "Y",
    "format": "G",
    "language": LANGUAGE,
    "additional_languages": "",
    "datestamp": "N",
    "ipaddr": "N",
    "refurl": "N",
    "savetimings": "N",
    "showwelcome": "Y",
    "shownoanswer": "N",
    "showprogress": "Y",
    "allowprev": "Y",
    "usetokens": "N",
    "questionindex": 0,
}
"""Anonymous (no link to an invitation, no dates, IP address or referrer), group by group, welcome text shown."""


def limesurvey_structure(form: SurveyForm) -> bytes:
    """The .lss file for `form`: one group per form group, every question a list (radio) question with
    its options as answers coded as the form codes them; an open question as short free text."""
    sid = survey_id(form)
    document = ET.Element("document")
    ET.SubElement(document, "LimeSurveyDocType").text = "Survey"
    ET.SubElement(document, "DBVersion").text = str(DB_VERSION)
    ET.SubElement(ET.SubElement(document, "languages"), "language").text = LANGUAGE
    groups: list[dict[str, object]] = []
    group_texts: list[dict[str, object]] = []
    questions: list[dict[str, object]] = []
    question_texts: list[dict[str, object]] = []
    answers: list[dict[str, object]] = []
    answer_texts: list[dict[str, object]] = []
    for group_number, group in enumerate(form.groups, start=1):
        groups.append({"gid": group_number, "sid": sid, "group_order": group_number, "randomization_group": "", "grelevance": "1"})
        group_texts.append(
            {"id": group_number, "gid": group_number, "group_name": _text(group.title), "description": _text(group.description), "language": LANGUAGE}
        )
        for order, question in enumerate(group.questions, start=1):
            qid = len(questions) + 1
            questions.append(_question_row(question, qid, sid, group_number, order))
            question_texts.append({"id": qid, "qid": qid, "question": _text(question.text), "help": _text(question.note), "language": LANGUAGE})
            for sort_order, option in enumerate(question.options):
                aid = len(answers) + 1
                answers.append({"aid": aid, "qid": qid, "code": option.code, "sortorder": sort_order, "assessment_value": 0, "scale_id": 0})
                answer_texts.append({"id": aid, "aid": aid, "answer": _text(option.text), "language": LANGUAGE})
    _table(document, "answers", answers)
    _table(document, "answer_l10ns", answer_texts)
    _table(document, "groups", groups)
    _table(document, "group_l10ns", group_texts)
    _table(document, "questions", questions, _QUESTION_FIELDS)
    _table(document, "question_l10ns", question_texts)
    _table(document, "surveys", [{"sid": sid, **_SURVEY_SETTINGS}])
    settings = {
        "surveyls_survey_id": sid,
        "surveyls_language": LANGUAGE,
        "surveyls_title": _title(form.title),
        "surveyls_description": "",
        "surveyls_welcometext": "".join(f"<p>{_text(paragraph)}</p>" for paragraph in form.intro),
        "surveyls_endtext": f"<p>{_text(form.closing)}</p>",
        "surveyls_dateformat": 5,
        "surveyls_numberformat": 1,
    }
    _table(document, "surveys_languagesettings", [settings])
    ET.indent(document, space=" ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(document, encoding="utf-8") + b"\n"


def survey_id(form: SurveyForm) -> int:
    """A six-digit survey id from the title and questions: the same form keeps its id; LimeSurvey
    gives another one when it is taken."""
    digest = hashlib.sha256(repr((form.title, [q.code for q in form.questions()])).encode()).digest()
    return 100000 + int.from_bytes(digest[:4], "big") % 900000


def _question_row(question: FormQuestion, qid: int, sid: int, gid: int, order: int) -> dict[str, object]:
    listed = bool(question.options)
    return {
        "qid": qid,
        "parent_qid": 0,
        "sid": sid,
        "gid": gid,
        "type": "L" if listed else "S",
        "title": question.code,
        "preg": "",
        "other": "N",
        "mandatory": "Y",
        "question_order": order,
        "scale_id": 0,
        "same_default": 0,
        "relevance": "1",
        "modulename": "",
        "encrypted": "N",
        "question_theme_name": "listradio" if listed else "shortfreetext",
    }


def _text(text: str) -> str:
    """Shown as written: HTML-escaped (quotes need not be: no text goes into an attribute), and
    braces as character references so that LimeSurvey's expression manager leaves them alone."""
    return html.escape(text, quote=False).replace("{", "&#123;").replace("}", "&#125;")


def _title(text: str) -> str:
    """`_text` in at most TITLE_LENGTH characters (LimeSurvey's column), cut before a word, never
    inside a character reference."""
    if len(_text(text)) <= TITLE_LENGTH:
        return _text(text)
    words = text.split()
    while words and len(_text(" ".join(words))) + 1 > TITLE_LENGTH:
        words.pop()
    return _text(" ".join(words)) + "…" if words else _text(text[: TITLE_LENGTH // 6]) + "…"


def _table(document: ET.Element, name: str, rows: Sequence[Mapping[str, object]], fields: Sequence[str] | None = None) -> None:
    """A table as LimeSurvey writes one: its field names, then every row with a value per field."""
    fields = list(fields or (rows[0] if rows else ()))
    table = ET.SubElement(document, name)
    names = ET.SubElement(table, "fields")
    for field in fields:
        ET.SubElement(names, "fieldname").text = field
    body = ET.SubElement(table, "rows")
    for row in rows:
        element = ET.SubElement(body, "row")
        for field in fields:
            ET.SubElement(element, field).text = str(row[field])
