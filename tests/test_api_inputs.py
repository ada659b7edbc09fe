"""What a notebook passes to the API: a str or a Path alike."""

from __future__ import annotations

import shutil
from pathlib import Path

from volwassenheid import Traject, read_survey
from volwassenheid.storage.resources import data_dir

EXAMPLE = data_dir("voorbeelden") / "zorg-en-veiligheidshuis"
SHIPPED_SET = data_dir("vragen") / "samenwerking.yaml"
FIXTURE = Path(__file__).parent / "fixtures" / "enquete-api.csv"


def test_a_question_set_may_be_given_as_a_path(tmp_path):
    folder = tmp_path / "traject"
    shutil.copytree(EXAMPLE, folder)
    by_path = Traject.open(folder, question_set=SHIPPED_SET).score_document()
    by_text = Traject.open(str(folder), question_set=str(SHIPPED_SET)).score_document()
    assert by_path == by_text == Traject.open(folder).score_document()
    assert read_survey(FIXTURE, SHIPPED_SET).question_set == read_survey(str(FIXTURE), "samenwerking").question_set
