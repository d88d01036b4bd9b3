"""The Prometheus metrics, in one place; the core and the scheduler call these at each event.

They live in prometheus-client's default registry, so `/metrics` serves them and a process
that never reaches an event still shows the metric at zero.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

COMMANDS = Counter(
    "mentorbot_commands",
    "Commands run, by command, platform and outcome (ok, user_error, error).",
    ["command", "platform", "outcome"],
)
COMMAND_SECONDS = Histogram(
    "mentorbot_command_seconds",
    "Time to run a command in the core, by command and platform.",
    ["command", "platform"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
NUDGES = Counter(
    "mentorbot_nudges",
    "Nudges by event (planned, sent, retried, dead), kind and platform.",
    ["event", "kind", "platform"],
)
OUTBOX_PENDING = Gauge("mentorbot_outbox_pending", "Outbox rows waiting to be delivered.")
OUTBOX_OLDEST_SECONDS = Gauge(
    "mentorbot_outbox_oldest_pending_seconds", "Age of the oldest pending outbox row."
)
TICK_SECONDS = Histogram("mentorbot_tick_seconds", "Duration of one planning tick.")
DISPATCH_SECONDS = Histogram("mentorbot_dispatch_seconds", "Duration of one dispatch pass.")
DELIVERY_ERRORS = Counter(
    "mentorbot_delivery_errors",
    "Delivery errors by platform and reason (the platform's error code).",
    ["platform", "reason"],
)
DB_ERRORS = Counter(
    "mentorbot_db_errors",
    "Database failures by cause (disk_full, read_only, unreachable).",
    ["cause"],
)


def command_done(*, command: str, platform: str, outcome: str, seconds: float) -> None:
    """Count one command and its latency."""
    COMMANDS.labels(command=command, platform=platform, outcome=outcome).inc()
    COMMAND_SECONDS.labels(command=command, platform=platform).observe(seconds)


def nudge(event: str, *, kind: str, platform: str, count: int = 1) -> None:
    """Count a nudge event: planned, sent, retried or dead."""
    if count:
        NUDGES.labels(event=event, kind=kind, platform=platform).inc(count)


def delivery_error(*, platform: str, reason: str) -> None:
    """Count one failed delivery; the reason is cut to its code to keep labels few."""
    code = (reason.split(":", 1)[0].split()[0] if reason.strip() else "unknown")[:40]
    DELIVERY_ERRORS.labels(platform=platform, reason=code).inc()


def outbox_backlog(*, pending: int, oldest_seconds: float) -> None:
    """Set the pending-rows gauges."""
    OUTBOX_PENDING.set(pending)
    OUTBOX_OLDEST_SECONDS.set(oldest_seconds)


LLM_REQUESTS = Counter(
    "mentorbot_llm_requests",
    "Requests to the mentor's model by outcome (ok, timeout, rate-limited, http-error, "
    "unreachable, malformed).",
    ["outcome"],
)
LLM_SECONDS = Histogram(
    "mentorbot_llm_seconds",
    "Time for one request to the mentor's model.",
    buckets=(0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 60.0),
)
LLM_DROPPED = Counter(
    "mentorbot_llm_dropped_sentences",
    "Sentences of a model's answer that the grounding check left out.",
)


def llm_request(*, outcome: str, seconds: float) -> None:
    """Count one request to the model, and its latency."""
    LLM_REQUESTS.labels(outcome=outcome).inc()
    LLM_SECONDS.observe(seconds)


def llm_dropped(count: int) -> None:
    """Count sentences the grounding check dropped."""
    if count:
        LLM_DROPPED.inc(count)
