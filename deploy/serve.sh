#!/usr/bin/env bash
# A lecture hall on one machine: redis-server, N uvicorn workers and nginx in front, from Debian
# packages, on 127.0.0.1:PORT by default; Ctrl-C (or SIGTERM) stops them all. Run it as
#   ./dev.sh serve [--workers N] [--port 8000] [--host 127.0.0.1] [--dir DIR] [--access-log]
#                  [--check]   (--check: write the nginx config, test it with nginx -t, exit)
# which sets up the venv first. N defaults to the number of cores. A worker or Redis that dies is
# started again (at most RESTARTS times each); meanwhile nginx sends a dead worker's runs to the
# others, which load them from their snapshots in Redis. Everything lives in DIR (default: a new
# temporary folder): the generated nginx.conf, pid files, logs and Redis's append-only file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

python=${PYTHON:-$root/.venv/bin/python}
workers=$(nproc)
host=127.0.0.1
port=8000
dir=""
access_log=0
check=0
RESTARTS=${RESTARTS:-20}
while [ $# -gt 0 ]; do
    case "$1" in
        --workers) workers=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        --host) host=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        --python) python=$2; shift 2 ;;
        --access-log) access_log=1; shift ;;
        --check) check=1; shift ;;
        *) echo "serve.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
case "$workers" in ''|*[!0-9]*|0) echo "serve.sh: --workers wants a number ≥ 1" >&2; exit 2 ;; esac
for tool in /usr/sbin/nginx /usr/bin/redis-server /usr/bin/redis-cli; do
    [ -x "$tool" ] || { echo "serve.sh: $tool missing: apt-get install nginx-light redis-server" >&2; exit 1; }
done
[ -n "$dir" ] || dir=$(mktemp -d -t playground-hall.XXXXXX)
mkdir -p "$dir/tmp"
dir="$(cd "$dir" && pwd)"

# loopback ports nobody listens on: one for Redis, one per worker (the OS picks them)
mapfile -t ports < <("$python" -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in socks))' $((workers + 1)))
redis_port=${ports[0]}
export PLAYGROUND_REDIS_URL="redis://127.0.0.1:$redis_port/0"

# nginx: our own top-level file around the shared site template (deploy/playground.conf.template)
servers=""
for i in $(seq 1 "$workers"); do
    servers+="server 127.0.0.1:${ports[$i]} max_fails=1 fail_timeout=5s; "
done
sed -e "s|\${LISTEN}|$host:$port|" -e "s|\${UPSTREAM_SERVERS}|$servers|" \
    "$here/playground.conf.template" > "$dir/playground.conf"
if [ "$access_log" = 1 ]; then  # for tests: which worker served which run (ids are secrets)
    log="log_format route '\$msec \$playground_route \$upstream_addr \$status'; access_log $dir/access.log route;"
else
    log="access_log off;"
fi
cat > "$dir/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 4096; }
http {
    $log
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $dir/playground.conf;
}
CONF
if [ "$check" = 1 ]; then exec /usr/sbin/nginx -t -c "$dir/nginx.conf"; fi
/usr/sbin/nginx -t -q -c "$dir/nginx.conf"
echo "$PLAYGROUND_REDIS_URL" > "$dir/redis.url"

stopping=0
supervisors=()
stop() {
    stopping=1
    trap - INT TERM EXIT
    kill "${supervisors[@]}" 2>/dev/null || true
    # nginx first, then the workers (each saves its hot runs as it stops), Redis last
    local f pids=()
    for f in "$dir/nginx.pid" "$dir"/worker-*.pid; do
        [ -f "$f" ] && pids+=("$(cat "$f")")
    done
    kill -TERM "${pids[@]}" 2>/dev/null || true
    local _
    for _ in $(seq 1 200); do  # at most 20 s
        local alive=0 pid
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
    [ -f "$dir/redis.pid" ] && kill -TERM "$(cat "$dir/redis.pid")" 2>/dev/null
    # anything a supervisor started that is still there (a restarted worker, a supervisor's
    # child left behind as it stopped) goes too: nothing outlives serve.sh
    if [ -f "$dir/started.pids" ]; then
        sleep 0.2
        while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done < "$dir/started.pids"
    fi
    wait 2>/dev/null || true
    rm -f "$dir"/worker-*.pid "$dir/nginx.pid" "$dir/redis.pid" "$dir/started.pids"
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

# Run "$@" again each time it exits (at most RESTARTS times), its pid in file $1.
supervise() {
    local pidfile=$1; shift
    local n
    for n in $(seq 0 "$RESTARTS"); do
        "$@" &
        echo $! > "$pidfile"
        echo $! >> "$dir/started.pids"
        wait $! || true
        [ "$stopping" = 1 ] && return 0
        echo "serve.sh: $(basename "$pidfile" .pid) exited; starting it again ($n)" >&2
        sleep 0.5
    done
}

( trap 'exit 0' TERM; supervise "$dir/redis.pid" /usr/bin/redis-server --bind 127.0.0.1 \
    --port "$redis_port" --dir "$dir" --appendonly yes --appendfsync everysec --save '' \
    --daemonize no --logfile "$dir/redis.log" ) &
supervisors+=($!)
for _ in $(seq 1 100); do
    /usr/bin/redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.05
done

cd "$root"
for i in $(seq 1 "$workers"); do
    ( trap 'exit 0' TERM; supervise "$dir/worker-$i.pid" "$python" -m app.serve --host 127.0.0.1 \
        --port "${ports[$i]}" ) >> "$dir/worker-$i.log" 2>&1 &
    supervisors+=($!)
done
/usr/sbin/nginx -c "$dir/nginx.conf" &
supervisors+=($!)

echo "serving http://$host:$port with $workers workers (Redis on 127.0.0.1:$redis_port; files in $dir)"
wait
