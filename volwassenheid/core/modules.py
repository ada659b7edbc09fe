"""Context modules: a traject uses the core of a question set plus the modules it chose. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from volwassenheid.core.errors import UserError
from volwassenheid.core.questionset import QuestionSet


def unknown_modules(question_set: QuestionSet, chosen: Iterable[str]) -> list[str]:
    """The chosen module ids the set does not have, in the order given."""
    known = set(question_set.module_ids())
    return [module for module in chosen if module not in known]


def with_modules(question_set: QuestionSet, chosen: Iterable[str]) -> QuestionSet:
    """The set as a traject uses it: every core dimension and the dimensions of the chosen modules,
    with their questions, advice, and the patterns that look only at those dimensions.

    Unknown module ids are the caller's to report (see `unknown_modules`); here they add nothing.
    """
    chosen = set(chosen)
    left_out = {d.id for d in question_set.dimensies if d.module is not None and d.module not in chosen}
    if not left_out and all(m.id in chosen for m in question_set.modules):
        return question_set
    narrowed = question_set.model_copy(
        update={
            "modules": [m for m in question_set.modules if m.id in chosen],
            "dimensies": [d for d in question_set.dimensies if d.id not in left_out],
            "vragen": [q for q in question_set.vragen if q.dimensie not in left_out],
            "adviezen": [a for a in question_set.adviezen if a.dimensie not in left_out],
            "patronen": [p for p in question_set.patronen if not _looks_at(p, left_out)],
        }
    )
    dimensions = {d.id: d.module for d in question_set.dimensies if d.id in left_out and d.module}
    questions = {q: module for q, module in module_of_question(question_set).items() if module not in chosen}
    narrowed._left_out = {**dimensions, **questions}
    return narrowed


def _looks_at(rule, dimension_ids: set[str]) -> bool:
    return any(getattr(condition, key, None) in dimension_ids for condition in rule.voorwaarden for key in ("dimensie", "ten_opzichte_van"))


def module_of_question(question_set: QuestionSet) -> dict[str, str]:
    """Question id -> module id, for the questions of module dimensions."""
    modules = {d.id: d.module for d in question_set.dimensies if d.module is not None}
    return {q.id: modules[q.dimensie] for q in question_set.vragen if q.dimensie in modules}


def module_choice(question_set: QuestionSet) -> str:
    """What may be chosen, in a sentence part: 'kies uit ondermijning (Aanpak ondermijning), ...'."""
    if not question_set.modules:
        return f"vragenlijst '{question_set.id}' {question_set.versie} heeft geen modules"
    return "kies uit " + ", ".join(f"{m.id} ({m.naam})" for m in question_set.modules)


def with_checked_modules(question_set: QuestionSet, chosen: Iterable[str], where: str = "") -> QuestionSet:
    """`with_modules`, after refusing (UserError) a module the set does not have; `where` names the
    file or option the modules came from, at the start of the message."""
    chosen = list(chosen)
    if unknown := unknown_modules(question_set, chosen):
        problem = f"onbekende module {', '.join(map(repr, unknown))}; {module_choice(question_set)}."
        raise UserError(f"{where}: {problem}" if where else problem[0].upper() + problem[1:])
    return with_modules(question_set, chosen)


def left_out_note(question_set: QuestionSet, item_id: str) -> str:
    """'; die hoort bij module X, die niet gekozen is' for a question or dimension of a module the
    traject or survey did not choose; '' for anything else."""
    module = question_set.left_out.get(item_id)
    return f"; die hoort bij module {module}, die niet gekozen is" if module else ""
