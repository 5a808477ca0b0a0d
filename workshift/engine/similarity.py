"""Who can help: text similarity between a challenge and what people wrote or list as skills.

TF-IDF (scikit-learn) over two documents per person: what they wrote (stories,
reflections, obstacles, opportunities) and their skills and job title. A
person's match is a weighted sum of the two cosine similarities, then scaled by
how they are tied to the group asking: weak ties are preferred (new
information, an easy introduction), strangers next, people who already work
closely with the group last (they would already have helped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

from workshift.engine.network import TIE_NONE, TIE_STRONG, TIE_WEAK, TIE_WORDS

TIE_FACTOR = {TIE_WEAK: 1.0, TIE_NONE: 0.85, TIE_STRONG: 0.5}


@dataclass(frozen=True)
class Profile:
    key: int
    writing: str
    skills: Sequence[str]
    title: str = ""
    unit_name: str = ""


@dataclass(frozen=True)
class Suggestion:
    key: int
    score: float
    writing_terms: tuple[str, ...]
    skill_terms: tuple[str, ...]
    tie: int
    reasons: tuple[str, ...] = field(default_factory=tuple)


def _shared_terms(
    vectorizer: TfidfVectorizer, query_row: np.ndarray, doc_row: np.ndarray, limit: int
) -> tuple[str, ...]:
    product = query_row * doc_row
    order = np.argsort(-product)[:limit]
    names = vectorizer.get_feature_names_out()
    return tuple(str(names[i]) for i in order if product[i] > 0)


def _similarities(
    query: str, documents: Sequence[str]
) -> tuple[np.ndarray, TfidfVectorizer | None, Any, Any]:
    if not query.strip() or not any(d.strip() for d in documents):
        return np.zeros(len(documents)), None, None, None
    # scikit-learn takes seconds to import: load it when text is first compared,
    # not when a server or worker starts.
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, ngram_range=(1, 2), min_df=1
    )
    try:
        matrix = vectorizer.fit_transform([*documents, query])
    except ValueError:  # only stop words
        return np.zeros(len(documents)), None, None, None
    docs, q = matrix[:-1], matrix[-1]
    scores = np.asarray((docs @ q.T).todense()).ravel()  # rows are L2-normalised: dot = cosine
    return scores, vectorizer, docs, q


def suggest_helpers(
    *,
    query: str,
    profiles: Sequence[Profile],
    ties: Sequence[int] | None = None,
    exclude: frozenset[int] = frozenset(),
    limit: int = 5,
    writing_weight: float = 0.5,
    minimum: float = 0.02,
) -> list[Suggestion]:
    """The people best placed to help with `query`, best first, each with reasons in words.

    `ties[i]` is the tie kind (network.TIE_*) of profile i to the group asking.
    """
    if not profiles:
        return []
    writing_scores, w_vec, w_docs, w_q = _similarities(query, [p.writing for p in profiles])
    skill_docs = [" ".join([*p.skills, p.title]) for p in profiles]
    skill_scores, s_vec, s_docs, s_q = _similarities(query, skill_docs)
    base = writing_weight * writing_scores + (1.0 - writing_weight) * skill_scores
    tie_array = np.asarray(ties if ties is not None else [TIE_NONE] * len(profiles), dtype=np.int64)
    factors = (
        np.vectorize(TIE_FACTOR.get)(tie_array).astype(float) if len(profiles) else np.zeros(0)
    )
    scores = base * factors
    order = np.argsort(-scores, kind="stable")
    result: list[Suggestion] = []
    for index in order:
        if len(result) >= limit or scores[index] < minimum:
            break
        profile = profiles[index]
        if profile.key in exclude:
            continue
        writing_terms: tuple[str, ...] = ()
        skill_terms: tuple[str, ...] = ()
        if w_vec is not None and writing_scores[index] > 0:
            writing_terms = _shared_terms(
                w_vec, w_q.toarray().ravel(), w_docs[index].toarray().ravel(), 3
            )
        if s_vec is not None and skill_scores[index] > 0:
            skill_terms = _shared_terms(
                s_vec, s_q.toarray().ravel(), s_docs[index].toarray().ravel(), 3
            )
        tie = int(tie_array[index])
        reasons = []
        if writing_terms:
            reasons.append("wrote about " + ", ".join(f"“{t}”" for t in writing_terms))
        if skill_terms:
            reasons.append(
                "lists " + ", ".join(f"“{t}”" for t in skill_terms) + " among their skills or role"
            )
        if profile.title and profile.unit_name:
            reasons.append(f"{profile.title} in {profile.unit_name}")
        elif profile.title or profile.unit_name:
            reasons.append(profile.title or profile.unit_name)
        reasons.append(TIE_WORDS[tie])
        result.append(
            Suggestion(
                key=profile.key,
                score=float(scores[index]),
                writing_terms=writing_terms,
                skill_terms=skill_terms,
                tie=tie,
                reasons=tuple(reasons),
            )
        )
    return result


def skill_communities(
    *,
    skills_by_person: Sequence[Sequence[str]],
    unit_of: Sequence[int],
    min_people: int = 5,
    min_units: int = 3,
) -> list[tuple[str, list[int], int]]:
    """Candidate communities of practice: a skill shared by people across several units.

    Returns (skill, people indices, number of units), widest spread first.
    """
    members: dict[str, list[int]] = {}
    for index, skills in enumerate(skills_by_person):
        for skill in {s.strip().lower() for s in skills if s and s.strip()}:
            members.setdefault(skill, []).append(index)
    result = []
    for skill, people in members.items():
        units = {unit_of[i] for i in people if unit_of[i] >= 0}
        if len(people) >= min_people and len(units) >= min_units:
            result.append((skill, people, len(units)))
    result.sort(key=lambda item: (-item[2], -len(item[1]), item[0]))
    return result
