FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY schedules ./schedules
COPY storage ./storage
RUN pip install --no-cache-dir . && useradd --create-home --uid 10001 focbot
USER focbot
WORKDIR /home/focbot
EXPOSE 3000
CMD ["focbot", "run"]
