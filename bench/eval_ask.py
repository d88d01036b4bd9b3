"""How well `ask` cites the pack: 40 career questions, each with the ids a good answer cites.

Offline it scores the extractive default (no model). With LLM_BASE_URL set (and LLM_MODEL,
LLM_API_KEY as needed) it scores that model through the same grounding check too.

citation_recall: per question, the share of its required ids the answer cites, averaged.
  A required id ending in `*` is met by any id with that prefix (any tip of a skill).
unsupported_sentence_rate: the share of written sentences the grounding check dropped.
off_topic_refused: the share of five off-topic questions that got the refusal.
The last line printed is one JSON object.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from adapters.llm.client import ChatModel
from bot.core.mentor import LanguageModel
from bot.domain.asking import ask
from bot.domain.extract import Answer, Library
from bot.domain.grounding import ground
from bot.domain.sources import pack_urls
from bot.runtime.settings import Settings
from content import load_catalog

QUESTIONS: list[tuple[str, list[str]]] = [
    ("What does a junior AI engineer spend most of their time on?", ["stage:junior"]),
    ("How is a mid-level AI engineer different from a junior one?", ["stage:mid"]),
    ("What do senior AI engineers take responsibility for?", ["stage:senior"]),
    ("What does a principal AI engineer focus on day to day?", ["stage:principal"]),
    ("Which industries use AI engineers for fraud detection?", ["industry:finance"]),
    ("Which Python skills should I practise first?", ["skill:python"]),
    ("Why does probability matter when building models?", ["skill:statistics"]),
    ("Where do matrices and vectors show up in machine learning?", ["skill:linear-algebra"]),
    ("How should I prepare for data structures questions in interviews?", ["skill:algorithms"]),
    ("What should an AI engineer know about SQL and databases?", ["skill:sql-data"]),
    ("Which classic machine learning algorithms should I learn?", ["skill:machine-learning"]),
    ("How do I get started with deep learning in PyTorch?", ["skill:deep-learning"]),
    ("What are tokenization and transformers in NLP?", ["skill:nlp-llms"]),
    ("What is computer vision used for?", ["skill:computer-vision"]),
    ("How do I tell whether a classifier is good enough?", ["skill:model-evaluation"]),
    ("How do I evaluate an LLM application?", ["skill:llm-evaluation"]),
    ("How do I build a retrieval-augmented generation app?", ["skill:llm-apps"]),
    ("How can an agent call tools safely?", ["skill:agents"]),
    ("What is MLOps and which parts of it should I learn?", ["skill:mlops"]),
    ("Which cloud platform skills matter for AI workloads?", ["skill:cloud"]),
    ("Why package models with Docker and run them on Kubernetes?", ["skill:containers"]),
    ("How do I serve a model with low latency?", ["skill:inference-serving"]),
    ("What should I watch once a model is in production?", ["skill:monitoring"]),
    ("How do I protect an LLM app from prompt injection?", ["skill:ai-safety"]),
    ("How do I explain technical trade-offs to product leaders?", ["skill:communication"]),
    ("What does a machine learning engineer focus on?", ["path:ml-engineer"]),
    ("What does a deep learning engineer work on?", ["path:deep-learning-engineer"]),
    ("Should an AI engineer move into data engineering?", ["path:data-engineer"]),
    ("What is the MLOps engineer path about?", ["path:mlops-engineer"]),
    ("What does a research engineer do?", ["path:research-engineer"]),
    ("What does an LLM application engineer build?", ["path:llm-application-engineer"]),
    (
        "How do I get from mid-level to senior as an MLOps engineer?",
        ["stage:senior", "path:mlops-engineer"],
    ),
    ("How can open-source contributions help my career?", ["growth:contribute-open-source"]),
    ("How do I build a portfolio on GitHub that shows my work?", ["growth:build-portfolio"]),
    ("How do I keep up with new AI research papers?", ["growth:follow-research"]),
    ("Which ML projects with real-world data should I build?", ["growth:build-ml-projects"]),
    ("What should I read to learn Kubernetes?", ["tip:containers-*"]),
    ("What should I read about evaluating LLMs?", ["tip:llm-evaluation-*"]),
    ("Give me a level 2 challenge for MLOps.", ["challenge:mlops-l2-*"]),
    ("What does level 3 look like in monitoring?", ["level:monitoring:3"]),
]
OFF_TOPIC = [
    "What is a good pasta recipe?",
    "Who won the football world cup?",
    "What will the weather be in Paris tomorrow?",
    "Which science fiction novel should I read next?",
    "How do I fix the brakes on my car?",
]


def recall(result: Answer, required: list[str]) -> float:
    """The share of `required` ids (or `prefix*` patterns) that the answer cites."""
    cited = {c for s in result.sentences for c in s.cites}
    met = [
        any(c.startswith(r[:-1]) for c in cited) if r.endswith("*") else r in cited
        for r in required
    ]
    return sum(met) / len(required)


async def score(library: Library, urls: set[str], model: LanguageModel | None) -> dict[str, Any]:
    """Recall, unsupported rate and refusals for the extractive default or one model."""
    recalls, written, dropped, fallbacks = [], 0, 0, 0
    for question, required in QUESTIONS:
        result = await ask(question, library=library, model=model, pack_urls=urls)
        recalls.append(recall(result, required))
        if model is None:
            checked = ground(result.sentences, library.index.sources, pack_urls=urls)
            written += len(result.sentences)
            dropped += checked.dropped_count
        else:
            fallbacks += result.model is None
            written += result.dropped + (len(result.sentences) if result.model else 0)
            dropped += result.dropped
    refused = [(await ask(q, library=library, model=model)).refused for q in OFF_TOPIC]
    figures: dict[str, Any] = {
        "questions": len(QUESTIONS),
        "citation_recall": round(sum(recalls) / len(recalls), 3),
        "unsupported_sentence_rate": round(dropped / written, 3) if written else 0.0,
        "off_topic_refused": round(sum(refused) / len(refused), 3),
    }
    if model is not None:
        figures["fallbacks"] = fallbacks
    return figures


async def main() -> None:
    catalog = load_catalog()
    library, urls = Library.of(catalog), pack_urls(catalog)
    result: dict[str, Any] = {"benchmark": "eval_ask"}
    result["extractive"] = await score(library, urls, None)
    print("extractive", json.dumps(result["extractive"]))
    model = ChatModel.from_settings(Settings())
    if model is not None:
        try:
            result["model"] = {"name": model.name, **await score(library, urls, model)}
        finally:
            await model.close()
        print("model", json.dumps(result["model"]))
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
