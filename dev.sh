#!/usr/bin/env bash
# MLP Playground's one entry point: set-up on demand, then serve, test or benchmark.
#   ./dev.sh start   set up (venv, Python packages, front-end assets) and serve http://127.0.0.1:8000
#   ./dev.sh test    set up (plus Chromium for the browser tests, Keras and JAX for the Keras
#                    export's parity test) and run lint, types and every test
#   ./dev.sh serve [--workers N] [--port 8000]
#                    a lecture hall: redis-server, N uvicorn workers (default: one per core) and
#                    nginx routing each run to one worker (deploy/serve.sh); Ctrl-C stops all
#   ./dev.sh bench   set up and print the benchmark table
#   ./dev.sh bench --classroom [--students 8,16,32] [--seconds 20]
#                    simulate classes of students polling one real server; print their table
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
VENV=.venv

# Install Python packages (with the given extras) and the pinned front-end assets, when changed.
setup() {
    local extras=$1
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    local want
    want="$extras $(cat pyproject.toml package.json package-lock.json | sha256sum | cut -c1-16)"
    if [ ! -f .setup-stamp ] || ! grep -qxF "$want" .setup-stamp; then
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
        npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
        echo "$want" >> .setup-stamp
    fi
    # third-party JavaScript is served by the app from this ignored folder, never from a CDN
    mkdir -p static/vendor
    cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
    cp node_modules/plotly.js-cartesian-dist-min/plotly-cartesian.min.js static/vendor/plotly.min.js
}

# Install the Debian packages the tests need when missing and we may: Chromium for the browser
# tests, redis-server for the Redis store's tests and nginx for the lecture hall's (started and
# stopped by the tests themselves).
ensure_test_packages() {
    local missing=()
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    [ -x /usr/bin/redis-server ] || missing+=(redis-server)
    [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
            echo "dev.sh: ${missing[*]} missing and cannot be installed without root;" \
                 "their tests will be skipped (they fail under CI=true)." >&2
            return 0
        fi
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

case "${1:-}" in
    start)
        setup "dev"
        exec "$VENV/bin/python" -m app.serve --host 127.0.0.1 --port 8000
        ;;
    serve)
        setup "dev"
        exec deploy/serve.sh --python "$VENV/bin/python" "${@:2}"
        ;;
    test)
        setup "dev,bench,keras"
        ensure_test_packages
        "$VENV/bin/ruff" check app tests benchmarks
        "$VENV/bin/mypy"
        exec "$VENV/bin/python" -m pytest -q "${@:2}"
        ;;
    bench)
        setup "dev,bench"
        exec "$VENV/bin/python" -m benchmarks "${@:2}"
        ;;
    *)
        echo "usage: ./dev.sh start | serve [--workers N] | test [pytest args] | bench [--classroom]" >&2
        exit 2
        ;;
esac
