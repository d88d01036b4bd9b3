# mentorbot's image: the wheel is built in one stage and installed into a slim runtime that
# has no compilers or build tools. `compose.yaml` shows the PostgreSQL set-up.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY content ./content
COPY scheduler ./scheduler
COPY storage ./storage
# Every dependency as a wheel, so the runtime stage installs offline.
RUN python -m pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PORT=3000 \
    METRICS_PORT=9100 \
    LOG_FORMAT=json
RUN groupadd --gid 10001 mentorbot \
    && useradd --create-home --uid 10001 --gid 10001 --shell /usr/sbin/nologin mentorbot
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir --no-index --find-links=/wheels /wheels/mentorbot-*.whl \
    && rm -rf /wheels
USER 10001:10001
WORKDIR /home/mentorbot
EXPOSE 3000 9100
# /healthz answers on METRICS_PORT in every process type (and on PORT for Slack over HTTP).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('METRICS_PORT', '9100'), timeout=4)"]
STOPSIGNAL SIGTERM
CMD ["mentorbot", "run"]
