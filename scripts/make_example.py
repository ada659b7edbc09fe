"""Regenerate the bundled example traject (voorbeelden/zorg-en-veiligheidshuis).

    python scripts/make_example.py

Deterministic (fixed seed), on set samenwerking 2.0 with the module
zorg-en-veiligheid. The answers follow a plausible picture, the one in seed
001: people know and trust each other, but tasks and the lead per case are
unclear, decisions get stuck, strategic and operational level are far apart,
and learning lags behind. Run again whenever the default set changes. The
example of set 1.0 is kept as tests/fixtures/traject-1.0 (an old traject).
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from volwassenheid.core.models import Answer, Engagement, Interview, QuestionSetRef
from volwassenheid.core.modules import with_modules
from volwassenheid.storage.question_sets import find_question_set
from volwassenheid.storage.traject_folder import write_engagement, write_interview

TARGET = ROOT / "voorbeelden" / "zorg-en-veiligheidshuis"
SEED = 20261012
SET = "samenwerking@2.0"

MODULES = ["zorg-en-veiligheid"]
# The partnership's "true" level per dimension, before level and organisation effects.
BASELINE = {
    "doel": 3.0,
    "relaties": 3.8,
    "rollen": 2.2,
    "besluiten": 2.3,
    "casus": 3.1,
    "informatie": 2.6,
    "waarborgen": 2.4,
    "professionals": 2.9,
    "leren": 2.1,
    "middelen": 2.6,
    "zvh": 3.0,
}
DOELFASE = {
    "doel": 4,
    "relaties": 4,
    "rollen": 4,
    "besluiten": 4,
    "casus": 4,
    "informatie": 4,
    "waarborgen": 4,
    "professionals": 3,
    "leren": 3,
    "middelen": 3,
    "zvh": 4,
}
LEVEL_SHIFT = {"strategisch": 0.6, "tactisch": 0.1, "operationeel": -0.35}
ORGANISATIONS = {
    "Politie": 0.1,
    "Openbaar Ministerie": 0.0,
    "Gemeente Waalmonde": 0.25,
    "Reclassering": -0.1,
    "Jeugdbescherming": -0.3,
    "GGZ Rivierland": -0.35,
    "Raad voor de Kinderbescherming": -0.15,
}
INVITED = {
    "Politie": 5,
    "Openbaar Ministerie": 3,
    "Gemeente Waalmonde": 4,
    "Reclassering": 3,
    "Jeugdbescherming": 3,
    "GGZ Rivierland": 4,
    "Raad voor de Kinderbescherming": 2,
}
# (organisation, level, role); sixteen respondents across all three levels.
RESPONDENTS = [
    ("Politie", "strategisch", "districtschef"),
    ("Politie", "tactisch", "teamchef basisteam"),
    ("Politie", "operationeel", "wijkagent"),
    ("Politie", "operationeel", "medewerker casusoverleg"),
    ("Openbaar Ministerie", "strategisch", "hoofdofficier van justitie"),
    ("Openbaar Ministerie", "tactisch", "officier van justitie"),
    ("Openbaar Ministerie", "operationeel", "parketsecretaris"),
    ("Gemeente Waalmonde", "strategisch", "burgemeester"),
    ("Gemeente Waalmonde", "tactisch", "ketenregisseur"),
    ("Gemeente Waalmonde", "operationeel", "procesregisseur"),
    ("Reclassering", "tactisch", "unitmanager"),
    ("Reclassering", "operationeel", "reclasseringswerker"),
    ("Jeugdbescherming", "operationeel", "jeugdbeschermer"),
    ("Jeugdbescherming", "tactisch", "teamleider"),
    ("GGZ Rivierland", "operationeel", "casusregisseur zorg"),
    ("Raad voor de Kinderbescherming", "operationeel", "raadsonderzoeker"),
]
INCOMPLETE = "R13"  # stopped halfway; shows how partial interviews count

REMARKS = {
    "doel": (
        [
            "Iedereen onderschrijft het doel, maar wat het voor mijn eigen werk betekent is niet uitgewerkt.",
            "Bij krapte gaat het eigen werk voor; wat wij erin stoppen en eruit halen bespreken we nooit.",
        ],
        ["We hebben het jaarplan samen gemaakt en ook samen bijgesteld na de evaluatie."],
    ),
    "relaties": (
        ["Na het incident in het voorjaar is het contact tussen zorg en straf stroever geworden."],
        ["We kennen elkaar al jaren; één telefoontje en het is geregeld.", "Ook als het schuurt spreken we elkaar aan."],
    ),
    "rollen": (
        [
            "Bij de laatste grote casus wist niemand wie de regie had.",
            "Het staat op papier, maar in de praktijk doet ieder het op zijn eigen manier.",
        ],
        ["De rolverdeling in het casusoverleg is helder; iedereen weet wat er van hen verwacht wordt."],
    ),
    "besluiten": (
        [
            "Wat de stuurgroep besluit, hoor ik pas maanden later, als ik het al hoor.",
            "Als we het niet eens zijn, schuift het gewoon door naar het volgende overleg.",
        ],
        ["De ketenregisseur brengt signalen van de werkvloer wel degelijk in bij het bestuur."],
    ),
    "casus": (
        ["Welke zaken op tafel komen, hangt af van wie er die week aanmeldt."],
        ["We maken één plan per gezin, met één vast aanspreekpunt; dat werkt."],
    ),
    "informatie": (
        [
            "Het convenant is er, maar uit angst voor de AVG delen collega's toch liever niets.",
            "We werken met drie systemen die niet op elkaar aansluiten.",
        ],
        ["Sinds de privacyspreekuren durven mensen meer te delen, binnen de regels."],
    ),
    "waarborgen": (
        [
            "Of een gezamenlijke aanpak in verhouding staat tot het probleem, vragen we ons zelden af.",
            "Betrokkenen weten vaak niet welke informatie we over hen delen.",
        ],
        ["Bij elke zware interventie staat in het plan waarom een lichtere niet volstaat."],
    ),
    "professionals": (
        ["Er is weinig tijd om buiten de eigen kaders een oplossing te zoeken."],
        ["In de casuïstiekbespreking leren we veel van elkaars werk."],
    ),
    "leren": (
        [
            "We evalueren alleen als het misgaat, en dan vooral om schuld te vinden.",
            "Wat er op ons afkomt, bespreken we pas als het er al is.",
        ],
        ["De review door een ander Zorg- en Veiligheidshuis heeft ons veel opgeleverd."],
    ),
    "middelen": (
        ["De financiering is elk jaar weer onzeker; dat kost veel energie."],
        ["Partners leveren vaste capaciteit, dat is goed geregeld."],
    ),
    "zvh": (
        ["De GGZ zit niet vast aan tafel; we moeten ze elke keer apart bellen."],
        ["De nazorg na detentie is goed geregeld; de gemeente weet op tijd wie er terugkomt."],
    ),
}


def clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def make_interviews(question_set, rng: random.Random) -> list[Interview]:
    interviews = []
    phases = question_set.phase_count
    ref = QuestionSetRef(id=question_set.id, versie=question_set.versie)
    start = dt.datetime(2026, 10, 13, 9, 0)
    for number, (organisation, level, role) in enumerate(RESPONDENTS, start=1):
        code = f"R{number:02d}"
        personal = rng.gauss(0, 0.3)
        questions = question_set.vragen
        if code == INCOMPLETE:
            questions = questions[: len(questions) * 3 // 5]
        answers = {}
        for question in questions:
            draw = rng.random()
            if draw < 0.05:
                answers[question.id] = Answer(waarde="weet_niet")
                continue
            if draw < (0.12 if question.nvt_als else 0.06):
                answers[question.id] = Answer(waarde="nvt")
                continue
            level_shift = LEVEL_SHIFT[level]
            mean = BASELINE.get(question.dimensie, 2.8) + level_shift + ORGANISATIONS[organisation] + personal
            value = clamp(rng.gauss(mean, 0.55), 1, phases)
            answers[question.id] = Answer(waarde=value, toelichting=pick_remark(question.dimensie, value, rng))
        gestart = start + dt.timedelta(days=number // 3, hours=2 * (number % 3))
        interviews.append(
            Interview(
                code=code,
                organisatie=organisation,
                niveau=level,
                rol=role,
                vragenlijst=ref,
                gestart=gestart,
                bijgewerkt=gestart + dt.timedelta(minutes=70),
                afgerond=code != INCOMPLETE,
                antwoorden=answers,
            )
        )
    return interviews


def pick_remark(dimension_id: str, value: int, rng: random.Random) -> str | None:
    low, high = REMARKS.get(dimension_id, ([], []))
    pool = low if value <= 2 else high if value >= 4 else []
    if pool and rng.random() < 0.22:
        return rng.choice(pool)
    return None


def main() -> None:
    question_set = with_modules(find_question_set(SET), MODULES)
    rng = random.Random(SEED)
    engagement = Engagement(
        samenwerkingsverband="Zorg- en Veiligheidshuis Waalmonde",
        opdrachtgever="Stuurgroep Zorg- en Veiligheidshuis Waalmonde",
        adviseur="Bureau Samen Verder (fictief)",
        datum=dt.date(2026, 10, 12),
        meting="0-meting",
        vragenlijst=QuestionSetRef(id=question_set.id, versie=question_set.versie),
        organisaties=list(ORGANISATIONS),
        modules=MODULES,
        uitgenodigd=INVITED,
        doelfase_bron=(
            "Vastgesteld door de stuurgroep op 5 oktober 2026, na een sessie met de ketenregisseur "
            "en twee professionals per partner; per dimensie gekozen bij meerderheid."
        ),
        doelfase={d.id: DOELFASE.get(d.id, 3) for d in question_set.dimensies},
    )
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    write_engagement(TARGET, engagement)
    for interview in make_interviews(question_set, rng):
        write_interview(TARGET, interview)
    print(f"Voorbeeld geschreven naar {TARGET}")


if __name__ == "__main__":
    main()
