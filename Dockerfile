# MLP Playground image: the app and its pinned front-end assets, no Node, served as a non-root user.
#   docker build -t mlp-playground . && docker run --rm -p 8000:8000 -v mlp-runs:/data mlp-playground

# Front-end assets come from the npm lockfile in a throwaway stage, exactly as ./dev.sh installs them
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
# the same two copies as dev.sh (tests/test_dockerfile.py keeps them in step)
RUN mkdir -p static/vendor \
    && cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js \
    && cp node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js static/vendor/plotly.min.js

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# the same layout as a checkout: app/, templates/ and static/ side by side in the working directory
WORKDIR /app
COPY pyproject.toml README.md ./
COPY app/ app/
RUN pip install --no-cache-dir . \
    && rm -rf build ./*.egg-info \
    && groupadd --system --gid 10001 playground \
    && useradd --system --uid 10001 --gid playground --no-create-home --shell /usr/sbin/nologin playground \
    && install -d -o 10001 -g 10001 /data
COPY templates/ templates/
COPY static/ static/
COPY --from=assets /build/static/vendor/ static/vendor/
# runs are saved in /data (runs.sqlite3), the one folder the app may write: mount a volume to keep it
ENV PLAYGROUND_DATA_DIR=/data
VOLUME ["/data"]
# numeric, so the runtime need not look the name up; the code it runs stays root-owned, read-only
USER 10001:10001
EXPOSE 8000
# app.serve: uvicorn with the app, a request timeout, the open-files limit raised, no access log
CMD ["python", "-m", "app.serve", "--host", "0.0.0.0", "--port", "8000"]
