#!/bin/sh
# vanban container entrypoint: `vanban-entrypoint ROLE [extra arguments for the command]`.
#
#   ingest | search | briefing   one HTTP service: vanban serve --service ROLE --host 0.0.0.0 --port 8000
#                                (no migrations at start-up: the `migrate` role owns the schema)
#   all                          the three services in one process, migrating first (like `make run`)
#   worker                       a Celery worker on VANBAN_BROKER_URL (WORKER_CONCURRENCY processes, default 2)
#   beat                         the periodic scheduler; it consumes only an otherwise unused queue, so it never
#                                runs document tasks itself. Run exactly one.
#   migrate                      vanban db upgrade, then the first administrator (password VANBAN_ADMIN_PASSWORD)
#   healthcheck [ROLE]           exit 0 when the role started in this container is healthy (Docker HEALTHCHECK)
#   anything else                executed as a command (e.g. `vanban user add …`, `sh`)
set -eu

PORT=8000
ROLE_FILE=${VANBAN_ROLE_FILE:-/tmp/vanban.role}

remember_role() {
    # For `healthcheck`, which Docker runs as a separate process. Best effort: the root may be read-only.
    printf '%s\n' "$1" >"$ROLE_FILE" 2>/dev/null || true
}

require_jwt_secret() {
    # Each split service checks tokens issued by the others: without one shared secret every process would
    # generate its own (<data dir>/secret.key) and reject the others' tokens.
    case "${VANBAN_JWT_SECRET:-}" in
        "")
            echo "vanban-entrypoint: VANBAN_JWT_SECRET must be set, identical in every service" >&2
            exit 78
            ;;
        CHANGE-ME*|change-me*)
            echo "vanban-entrypoint: VANBAN_JWT_SECRET still has its placeholder value: replace it" >&2
            exit 78
            ;;
    esac
}

healthcheck() {
    role=${1:-}
    if [ -z "$role" ] && [ -r "$ROLE_FILE" ]; then
        role=$(cat "$ROLE_FILE")
    fi
    case "$role" in
        ingest|search|briefing|all)
            exec python -c 'import sys, urllib.request
try:
    with urllib.request.urlopen("http://127.0.0.1:'"$PORT"'/healthz", timeout=5) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)'
            ;;
        worker)
            exec celery -A services.core.celery_app:celery_app inspect ping \
                --destination "celery@$(python -c 'import socket; print(socket.gethostname())')" --timeout 10 >/dev/null
            ;;
        beat|migrate)
            exit 0  # the process is alive (Docker runs this only while PID 1 runs); nothing to ask it
            ;;
        *)
            echo "healthcheck: unknown role '${role}'" >&2
            exit 1
            ;;
    esac
}

role=${1:-}
if [ "$#" -gt 0 ]; then
    shift
fi

case "$role" in
    ingest|search|briefing)
        require_jwt_secret
        remember_role "$role"
        exec vanban serve --service "$role" --host 0.0.0.0 --port "$PORT" --no-migrate "$@"
        ;;
    all)
        remember_role all
        exec vanban serve --service all --host 0.0.0.0 --port "$PORT" --migrate "$@"
        ;;
    worker)
        require_jwt_secret
        remember_role worker
        exec vanban worker --concurrency "${WORKER_CONCURRENCY:-2}" "$@"
        ;;
    beat)
        remember_role beat
        exec vanban worker --beat --concurrency 1 --queues "${BEAT_QUEUE:-vanban-beat}" "$@"
        ;;
    migrate)
        remember_role migrate
        vanban db upgrade "$@"
        exec python -c 'from services.core.auth.bootstrap import ensure_first_admin
first = ensure_first_admin()
print("administrator exists" if first is None
      else "first administrator created: admin (password: VANBAN_ADMIN_PASSWORD, else in " + first[2] + ")")'
        ;;
    healthcheck)
        healthcheck "$@"
        ;;
    "")
        echo "usage: vanban-entrypoint ingest|search|briefing|all|worker|beat|migrate|healthcheck [args…]" >&2
        exit 64
        ;;
    *)
        exec "$role" "$@"
        ;;
esac
