"""A survey form as a Word document (.docx): the shape Microsoft Forms' quick import ("Snel
importeren") turns into a form, and a paper questionnaire as it is. A title, the introduction, then
per dimension a heading, each question a numbered paragraph (bold) and its options an indented list
under it.

The question and option texts are written exactly as in the question set, so that the Forms export's
headers and answers match them; a note on n.v.t. stays out of the question (it would become part of it).
"""

from __future__ import annotations

import io

from volwassenheid.core.survey_form import SurveyForm

QUESTION_STYLE = "List Number"
OPTION_STYLE = "List Bullet 2"
"""A list item indented under its question: on paper the options stand apart from the questions."""


def word_form(form: SurveyForm) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = form.title
    document.core_properties.subject = f"Vragenlijst {form.question_set}"
    document.add_heading(form.title, level=1)
    for paragraph in form.intro:
        document.add_paragraph(paragraph)
    for group in form.groups:
        document.add_heading(group.title, level=2).paragraph_format.keep_with_next = True
        for question in group.questions:
            asked = document.add_paragraph(style=QUESTION_STYLE)
            asked.add_run(question.text).bold = True
            asked.paragraph_format.keep_with_next = True
            asked.paragraph_format.space_before = Pt(6)
            for number, option in enumerate(question.options, start=1):
                choice = document.add_paragraph(option.text, style=OPTION_STYLE)
                choice.paragraph_format.keep_with_next = number < len(question.options)  # a question and its options on one page
    document.add_paragraph(form.closing)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
