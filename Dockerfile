# syntax=docker/dockerfile:1
# focbot: wheels are built in a builder stage; the final image has no build tools and runs as a non-root user.
# `focbot run` migrates the database at start (under a PostgreSQL advisory lock, so replicas may start
# together), then serves /healthz and /metrics on port 3000 and runs the configured platforms.

FROM python:3.11-slim AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY . .
RUN pip wheel --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    FOCBOT_HTTP_HOST=0.0.0.0 \
    FOCBOT_HTTP_PORT=3000 \
    FOCBOT_CONSOLE=0 \
    FOCBOT_DATABASE_URL=sqlite+aiosqlite:////data/focbot.db \
    MATRIX_STORE_PATH=/data/matrix-store
RUN groupadd --system --gid 10001 focbot \
    && useradd --system --uid 10001 --gid focbot --home-dir /data --no-create-home --shell /usr/sbin/nologin focbot \
    && mkdir /data \
    && chown focbot:focbot /data
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-index --find-links=/wheels /wheels/focbot-*.whl
WORKDIR /data
USER 10001:10001
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('FOCBOT_HTTP_PORT', '3000'), timeout=4)"]
CMD ["focbot", "run"]
