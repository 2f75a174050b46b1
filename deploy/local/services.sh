#!/usr/bin/env bash
# Local PostgreSQL, Redis, Elasticsearch and an IMAP server (dovecot) for vanban's integration tests, on 127.0.0.1.
#
#   deploy/local/services.sh start     install what is missing, start (or reuse) all four, wait until healthy
#   deploy/local/services.sh start imap   start (or reuse) only the named ones: pg redis es imap
#   deploy/local/services.sh stop      stop the servers started by this script
#   deploy/local/services.sh status    one line per service
#   deploy/local/services.sh env       print `export VANBAN_TEST_*=...` lines: eval "$(deploy/local/services.sh env)"
#   deploy/local/services.sh check     smoke-test: SQL as vanban, Redis PING, ES analysis/highlight/aggregation
#   deploy/local/services.sh check-python PYTHON   the elasticsearch/redis/psycopg Python clients against them
#   deploy/local/services.sh reset     empty test data: recreate db vanban_test, FLUSHALL, delete all ES indices,
#                                      empty the test mailbox (CI)
#
# Needs root (apt-get, a system user for Elasticsearch, running PostgreSQL as `postgres`); uses sudo otherwise.
# Does not rely on systemd. Everything lives under $VANBAN_SERVICES_DIR (default /var/tmp/vanban-ci) and is reused.
# Overridable: VANBAN_PG_PORT (55432) VANBAN_REDIS_PORT (56379) VANBAN_ES_PORT (59200) VANBAN_ES_TRANSPORT_PORT
# (59300) VANBAN_DOVECOT_PORT (51143) VANBAN_ES_VERSION (9.2.0) VANBAN_ES_FALLBACK_VERSION (8.19.4, used when no JDK >= 21 exists)
# VANBAN_ES_HEAP (1g) VANBAN_ES_JAVA_HOME (default: the newest JDK >= 21 in /usr/lib/jvm).
set -euo pipefail

BASE=${VANBAN_SERVICES_DIR:-/var/tmp/vanban-ci}
PG_PORT=${VANBAN_PG_PORT:-55432}
REDIS_PORT=${VANBAN_REDIS_PORT:-56379}
ES_PORT=${VANBAN_ES_PORT:-59200}
ES_TRANSPORT_PORT=${VANBAN_ES_TRANSPORT_PORT:-59300}
ES_VERSION=${VANBAN_ES_VERSION:-9.2.0}
ES_FALLBACK_VERSION=${VANBAN_ES_FALLBACK_VERSION:-8.19.4}
ES_HEAP=${VANBAN_ES_HEAP:-1g}
ES_USER=vanban-es
IMAP_PORT=${VANBAN_DOVECOT_PORT:-51143}
IMAP_USER=vanban
IMAP_PASSWORD=vanban
IMAP_MAIL_USER=vanban-imap
DB_USER=vanban
DB_PASSWORD=vanban
STATE_FILE=$BASE/services.state
ES_GROUP_ID=org.elasticsearch.distribution.integ-test-zip
ES_ARTIFACT=elasticsearch

log() { printf '[services %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
    as_user_here() { local u=$1; shift; runuser -u "$u" -- "$@"; }
    as_user() { (cd / && as_user_here "$@"); }
else
    command -v sudo >/dev/null || die "run as root (or install sudo)"
    SUDO=(sudo)
    as_user_here() { local u=$1; shift; sudo -u "$u" -- "$@"; }
    as_user() { (cd / && as_user_here "$@"); }
fi

# ---------------------------------------------------------------- packages
APT_UPDATED=0
apt_install() {
    local missing=() p
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if [ "$APT_UPDATED" -eq 0 ]; then "${SUDO[@]}" apt-get update -qq; APT_UPDATED=1; fi
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

pg_bindir() {
    local v
    v=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n1)
    [ -n "$v" ] && [ -x "/usr/lib/postgresql/$v/bin/pg_ctl" ] && echo "/usr/lib/postgresql/$v/bin"
}

ensure_base() {
    "${SUDO[@]}" mkdir -p "$BASE"
    "${SUDO[@]}" chmod 755 "$BASE"
    command -v curl >/dev/null || apt_install curl ca-certificates
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- state file (ports and pids for CI logs / env)
write_state() {
    local tmp
    tmp=$(mktemp)
    {
        echo "PG_PORT=$PG_PORT"
        echo "PG_PID=$(pg_pid || true)"
        echo "PG_DATA=$BASE/pg/data"
        echo "REDIS_PORT=$REDIS_PORT"
        echo "REDIS_PID=$(cat "$BASE/redis/redis.pid" 2>/dev/null || true)"
        echo "ES_PORT=$ES_PORT"
        echo "ES_PID=$(cat "$(es_node_dir)/es.pid" 2>/dev/null || true)"
        echo "ES_VERSION=$(cat "$BASE/es.version" 2>/dev/null || echo "$ES_VERSION")"
        echo "ES_JAVA_HOME=$(cat "$BASE/es.java_home" 2>/dev/null || true)"
        echo "ES_LOG=$(es_node_dir)/logs"
        echo "IMAP_PORT=$IMAP_PORT"
        echo "IMAP_PID=$(cat "$BASE/imap/run/master.pid" 2>/dev/null || true)"
    } >"$tmp"
    "${SUDO[@]}" install -m 644 "$tmp" "$STATE_FILE"
    rm -f "$tmp"
}

# ---------------------------------------------------------------- PostgreSQL
pg_sock() { echo "$BASE/pg/run"; }
pg_pid() { head -n1 "$BASE/pg/data/postmaster.pid" 2>/dev/null; }

pg_ours_running() {
    local bin
    bin=$(pg_bindir) || return 1
    [ -f "$BASE/pg/data/PG_VERSION" ] && as_user postgres "$bin/pg_ctl" -D "$BASE/pg/data" status >/dev/null 2>&1
}

pg_login_ok() {
    PGPASSWORD=$DB_PASSWORD PGCONNECT_TIMEOUT=3 psql -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d vanban_test \
        -Atqc 'select 1' >/dev/null 2>&1
}

pg_start() {
    local bin data sock t0=$SECONDS
    if ! bin=$(pg_bindir) || ! command -v psql >/dev/null; then
        apt_install postgresql
        bin=$(pg_bindir) || die "PostgreSQL installed but no /usr/lib/postgresql/*/bin/pg_ctl"
    fi
    data=$BASE/pg/data
    sock=$(pg_sock)
    if ! pg_ours_running && port_open "$PG_PORT"; then
        pg_login_ok && { log "PostgreSQL: reusing the server already on 127.0.0.1:$PG_PORT"; return 0; }
        die "port $PG_PORT is taken by something that is not our PostgreSQL (set VANBAN_PG_PORT)"
    fi
    "${SUDO[@]}" mkdir -p "$BASE/pg" "$sock"
    "${SUDO[@]}" chown postgres:postgres "$BASE/pg" "$sock"
    if [ ! -f "$data/PG_VERSION" ]; then
        log "PostgreSQL: initdb $data ($bin)"
        "${SUDO[@]}" rm -rf "$data"
        as_user postgres "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 >"$BASE/pg/initdb.log" 2>&1 \
            || { cat "$BASE/pg/initdb.log" >&2; die "initdb failed"; }
    fi
    if pg_ours_running; then
        log "PostgreSQL: already running (pid $(pg_pid)) on 127.0.0.1:$PG_PORT"
    else
        log "PostgreSQL: starting on 127.0.0.1:$PG_PORT"
        # Throw-away test cluster: durability off for speed.
        as_user postgres "$bin/pg_ctl" -D "$data" -l "$BASE/pg/postgres.log" -w -t 60 start \
            -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $sock -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=200" >/dev/null \
            || { tail -n 40 "$BASE/pg/postgres.log" >&2; die "PostgreSQL did not start"; }
    fi
    local i
    for i in $(seq 1 60); do
        "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
        sleep 0.5
    done
    "$bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >/dev/null || die "pg_isready: PostgreSQL not accepting connections"
    # Role and databases (idempotent).
    as_user postgres psql -h "$sock" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq >/dev/null <<SQL
SELECT 'CREATE ROLE $DB_USER LOGIN CREATEDB' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER')\gexec
ALTER ROLE $DB_USER WITH LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
SELECT 'CREATE DATABASE vanban OWNER $DB_USER ENCODING ''UTF8'' TEMPLATE template0'
    WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'vanban')\gexec
SELECT 'CREATE DATABASE vanban_test OWNER $DB_USER ENCODING ''UTF8'' TEMPLATE template0'
    WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'vanban_test')\gexec
SQL
    pg_login_ok || die "PostgreSQL is up but $DB_USER cannot log in to vanban_test"
    log "PostgreSQL: ready in $((SECONDS - t0))s"
}

pg_stop() {
    local bin
    bin=$(pg_bindir) || return 0
    if pg_ours_running; then
        log "PostgreSQL: stopping"
        as_user postgres "$bin/pg_ctl" -D "$BASE/pg/data" -m fast -w stop >/dev/null
    fi
}

# ---------------------------------------------------------------- Redis
redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_start() {
    local t0=$SECONDS
    command -v redis-server >/dev/null && command -v redis-cli >/dev/null || apt_install redis-server
    if redis_ping; then
        log "Redis: already running on 127.0.0.1:$REDIS_PORT"
        return 0
    fi
    port_open "$REDIS_PORT" && die "port $REDIS_PORT is taken by something that is not Redis (set VANBAN_REDIS_PORT)"
    "${SUDO[@]}" mkdir -p "$BASE/redis"
    log "Redis: starting on 127.0.0.1:$REDIS_PORT"
    "${SUDO[@]}" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
        --dir "$BASE/redis" --pidfile "$BASE/redis/redis.pid" --logfile "$BASE/redis/redis.log"
    local i
    for i in $(seq 1 50); do redis_ping && break; sleep 0.2; done
    redis_ping || { tail -n 30 "$BASE/redis/redis.log" >&2; die "Redis did not answer PING"; }
    log "Redis: ready in $((SECONDS - t0))s"
}

redis_stop() {
    if redis_ping; then
        log "Redis: stopping"
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    fi
}

# ---------------------------------------------------------------- Elasticsearch
java_major() {  # JAVA_HOME -> major version
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

find_jdk21() {  # prints the newest JDK home with major >= 21, if any
    local best="" best_v=0 home v cand=()
    [ -n "${ES_JAVA_HOME:-}" ] && cand+=("$ES_JAVA_HOME")
    [ -n "${JAVA_HOME:-}" ] && cand+=("$JAVA_HOME")
    for home in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do cand+=("$home"); done
    for home in "${cand[@]}"; do
        [ -x "$home/bin/java" ] || continue
        v=$(java_major "$home")
        v=${v%%.*}
        [[ "$v" =~ ^[0-9]+$ ]] || continue
        if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$(readlink -f "$home"); best_v=$v; fi
    done
    [ -n "$best" ] && echo "$best"
}

find_any_jdk() {  # prints a JDK home with major >= 17
    local home v
    for home in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        [ -n "$home" ] && [ -x "$home/bin/java" ] || continue
        v=$(java_major "$home"); v=${v%%.*}
        [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge 17 ] && { readlink -f "$home"; return 0; }
    done
    return 1
}

es_node_dir() { echo "$BASE/es-node-$(cat "$BASE/es.version" 2>/dev/null || echo "$ES_VERSION")"; }

# The integ-test-zip has no `rest-root` module: GET / and HEAD / answer 405, so use the cluster/nodes APIs.
es_alive() { curl -s -m 5 "http://127.0.0.1:$ES_PORT/_cluster/health" 2>/dev/null | grep -q '"cluster_name"'; }
es_server_version() {
    curl -s -m 5 "http://127.0.0.1:$ES_PORT/_nodes/_local?filter_path=nodes.*.version" 2>/dev/null \
        | grep -o '"version":"[^"]*"' | head -n1 | cut -d'"' -f4
}

es_fetch_zip() {  # version -> path of the zip in the local Maven repository
    local v=$1 repo zip
    repo=${MAVEN_REPO:-$HOME/.m2/repository}
    zip="$repo/${ES_GROUP_ID//.//}/$ES_ARTIFACT/$v/$ES_ARTIFACT-$v.zip"
    if [ ! -s "$zip" ]; then
        command -v mvn >/dev/null || apt_install maven
        log "Elasticsearch: fetching $ES_GROUP_ID:$ES_ARTIFACT:$v:zip from Maven Central"
        local mvn_log
        mvn_log=$(mktemp)
        mvn -B -q -Dstyle.color=never dependency:get -Dmaven.repo.local="$repo" \
            -Dartifact="$ES_GROUP_ID:$ES_ARTIFACT:$v:zip" -Dtransitive=false >"$mvn_log" 2>&1 \
            || { cat "$mvn_log" >&2; rm -f "$mvn_log"; die "mvn dependency:get failed for Elasticsearch $v"; }
        rm -f "$mvn_log"
        [ -s "$zip" ] || die "Elasticsearch zip not found at $zip after mvn dependency:get"
    fi
    echo "$zip"
}

es_install() {  # version -> ES_HOME (unzipped once, reused)
    local v=$1 home zip tmp
    home="$BASE/es-$v"
    if [ ! -x "$home/bin/elasticsearch" ]; then
        command -v unzip >/dev/null || apt_install unzip
        zip=$(es_fetch_zip "$v")
        log "Elasticsearch: unzipping $v into $home"
        tmp=$(mktemp -d "$BASE/.es-unzip.XXXXXX")
        unzip -q "$zip" -d "$tmp"
        "${SUDO[@]}" rm -rf "$home"
        "${SUDO[@]}" mv "$tmp/elasticsearch-$v" "$home"
        rm -rf "$tmp"
        "${SUDO[@]}" chmod -R a+rX "$home"
    fi
    echo "$home"
}

es_start() {
    local t0=$SECONDS java_home v home node
    if es_alive; then
        log "Elasticsearch: already running on 127.0.0.1:$ES_PORT (version $(es_server_version))"
        return 0
    fi
    port_open "$ES_PORT" && die "port $ES_PORT is taken by something that is not Elasticsearch (set VANBAN_ES_PORT)"
    if [ -n "${VANBAN_ES_JAVA_HOME:-}" ]; then  # explicit JDK: its version decides the ES version
        java_home=$VANBAN_ES_JAVA_HOME
        [ -x "$java_home/bin/java" ] || die "VANBAN_ES_JAVA_HOME=$java_home has no bin/java"
        if [ "$(java_major "$java_home" | cut -d. -f1)" -ge 21 ]; then v=$ES_VERSION; else
            v=$ES_FALLBACK_VERSION
            log "WARNING: Java $(java_major "$java_home") < 21: using Elasticsearch $v" \
                "(the elasticsearch 9.x Python client will NOT talk to an 8.x server)"
        fi
    elif java_home=$(find_jdk21); then
        v=$ES_VERSION
    else
        v=$ES_FALLBACK_VERSION
        java_home=$(find_any_jdk) || { apt_install openjdk-17-jdk-headless; java_home=$(find_any_jdk) || die "no JDK"; }
        log "WARNING: no JDK >= 21 found; falling back to Elasticsearch $v on $java_home" \
            "(the elasticsearch 9.x Python client will NOT talk to an 8.x server)"
    fi
    log "Elasticsearch: version $v, ES_JAVA_HOME=$java_home (Java $(java_major "$java_home"))"
    echo "$v" | "${SUDO[@]}" tee "$BASE/es.version" >/dev/null
    echo "$java_home" | "${SUDO[@]}" tee "$BASE/es.java_home" >/dev/null
    home=$(es_install "$v")
    # GET / and HEAD / (es.info(), es.ping()): the integ-test-zip lacks the rest-root module; add a tiny plugin.
    if [ -z "${VANBAN_ES_NO_REST_ROOT:-}" ]; then
        "${SUDO[@]}" bash "$(dirname "$0")/es-rest-root.sh" "$home" "$java_home" \
            || log "WARNING: could not build the rest-root plugin; GET / will answer 405 (es.info()/es.ping() fail)"
    fi
    id -u "$ES_USER" >/dev/null 2>&1 || {
        log "creating system user $ES_USER"
        "${SUDO[@]}" useradd --system --no-create-home --home-dir "$BASE" --shell /usr/sbin/nologin "$ES_USER"
    }
    node=$(es_node_dir)
    "${SUDO[@]}" mkdir -p "$node/config" "$node/data" "$node/logs" "$node/tmp"
    # Our own config dir (ES writes its keystore there); jvm.options and log4j2 come from the distribution.
    "${SUDO[@]}" cp -f "$home/config/jvm.options" "$home/config/log4j2.properties" "$node/config/"
    "${SUDO[@]}" mkdir -p "$node/config/jvm.options.d"
    "${SUDO[@]}" tee "$node/config/elasticsearch.yml" >/dev/null <<YML
# written by deploy/local/services.sh: single-node test server, loopback only, no security
cluster.name: vanban-local
node.name: vanban-local-1
path.data: $node/data
path.logs: $node/logs
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
discovery.type: single-node
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
YML
    "${SUDO[@]}" chown -R "$ES_USER:" "$node"
    log "Elasticsearch: starting on 127.0.0.1:$ES_PORT (heap $ES_HEAP, logs in $node/logs)"
    local rc=0
    # cwd = logs: the distribution's jvm.options writes gc.log and hs_err files relative to it.
    (cd "$node/logs" && as_user_here "$ES_USER" env ES_JAVA_HOME="$java_home" ES_PATH_CONF="$node/config" \
        ES_TMPDIR="$node/tmp" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
        "$home/bin/elasticsearch" -d -p "$node/es.pid" >"$node/logs/launcher.out" 2>&1) || rc=$?
    if [ "$rc" -ne 0 ]; then
        cat "$node/logs/launcher.out" >&2
        es_dump_logs
        die "Elasticsearch launcher exited with $rc"
    fi
    local i health=""
    for i in $(seq 1 120); do es_alive && break; sleep 1; done
    health=$(curl -s -m 70 "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=60s" || true)
    if ! echo "$health" | grep -Eq '"status" *: *"(yellow|green)"'; then
        echo "health: $health" >&2
        es_dump_logs
        die "Elasticsearch did not become yellow/green"
    fi
    log "Elasticsearch: ready in $((SECONDS - t0))s (version $(es_server_version))"
}

es_dump_logs() {
    local node f
    node=$(es_node_dir)
    for f in "$node/logs/launcher.out" "$node/logs/vanban-local.log"; do
        [ -f "$f" ] && { echo "----- tail $f" >&2; tail -n 80 "$f" >&2; }
    done
}

es_stop() {
    local node pid i
    node=$(es_node_dir)
    pid=$(cat "$node/es.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        log "Elasticsearch: stopping pid $pid"
        "${SUDO[@]}" kill "$pid"
        for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -0 "$pid" 2>/dev/null && { "${SUDO[@]}" kill -9 "$pid" || true; }
    elif es_alive; then
        log "Elasticsearch on :$ES_PORT was not started by this script (no pid file); leaving it"
    fi
    "${SUDO[@]}" rm -f "$node/es.pid"
}

# ---------------------------------------------------------------- IMAP (dovecot): the registry's e-mail intake
# Its own instance (config, base_dir, mail under $BASE/imap), plaintext login on loopback only, one test account
# $IMAP_USER/$IMAP_PASSWORD whose Maildir belongs to the system user $IMAP_MAIL_USER. Tests put mail in with APPEND.
imap_conf() { echo "$BASE/imap/dovecot.conf"; }

imap_login_ok() {
    python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD" <<'PY' >/dev/null 2>&1
import imaplib, sys
c = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]), timeout=5)
c.login(sys.argv[2], sys.argv[3]); c.select("INBOX"); c.logout()
PY
}

imap_running() { [ -f "$BASE/imap/run/master.pid" ] && kill -0 "$(cat "$BASE/imap/run/master.pid")" 2>/dev/null; }

imap_start() {
    local t0=$SECONDS dir=$BASE/imap
    command -v dovecot >/dev/null && [ -x /usr/lib/dovecot/imap ] || apt_install dovecot-core dovecot-imapd
    if imap_running && imap_login_ok; then
        log "IMAP: already running on 127.0.0.1:$IMAP_PORT"
        return 0
    fi
    if ! imap_running && port_open "$IMAP_PORT"; then
        imap_login_ok && { log "IMAP: reusing the server already on 127.0.0.1:$IMAP_PORT"; return 0; }
        die "port $IMAP_PORT is taken by something that is not our IMAP server (set VANBAN_DOVECOT_PORT)"
    fi
    id -u "$IMAP_MAIL_USER" >/dev/null 2>&1 || {
        log "creating system user $IMAP_MAIL_USER"
        "${SUDO[@]}" useradd --system --no-create-home --home-dir "$dir/mail" --shell /usr/sbin/nologin "$IMAP_MAIL_USER"
    }
    "${SUDO[@]}" mkdir -p "$dir/run" "$dir/mail"
    "${SUDO[@]}" chown "$IMAP_MAIL_USER:" "$dir/mail"
    echo "$IMAP_USER:{PLAIN}$IMAP_PASSWORD::::::" | "${SUDO[@]}" tee "$dir/users" >/dev/null
    "${SUDO[@]}" tee "$(imap_conf)" >/dev/null <<CONF
# written by deploy/local/services.sh: a test IMAP server, loopback only, plaintext login, no TLS
base_dir = $dir/run
instance_name = vanban-imap
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:$dir/mail/%u
log_path = $dir/dovecot.log
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = static
  args = uid=$IMAP_MAIL_USER gid=$IMAP_MAIL_USER home=$dir/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0600
  }
}
CONF
    log "IMAP: starting dovecot on 127.0.0.1:$IMAP_PORT"
    # stdio away from the caller: a daemon holding the caller's pipe would keep `services.sh start | …` (and CI's
    # log capture) waiting for EOF until it exits
    "${SUDO[@]}" dovecot -c "$(imap_conf)" </dev/null >>"$dir/dovecot.out" 2>&1 \
        || { tail -n 30 "$dir/dovecot.out" "$dir/dovecot.log" >&2; die "dovecot did not start"; }
    local i
    for i in $(seq 1 50); do imap_login_ok && break; sleep 0.2; done
    imap_login_ok || { tail -n 30 "$dir/dovecot.log" >&2; die "IMAP login as $IMAP_USER failed"; }
    log "IMAP: ready in $((SECONDS - t0))s"
}

imap_stop() {
    if imap_running; then
        log "IMAP: stopping dovecot"
        "${SUDO[@]}" doveadm -c "$(imap_conf)" stop >/dev/null 2>&1 || "${SUDO[@]}" kill "$(cat "$BASE/imap/run/master.pid")"
    fi
}

imap_reset() {
    if imap_running; then
        log "IMAP: emptying the mailbox of $IMAP_USER"
        "${SUDO[@]}" doveadm -c "$(imap_conf)" expunge -u "$IMAP_USER" mailbox '*' all >/dev/null 2>&1 || true
    fi
}

# ---------------------------------------------------------------- checks
es_req() {  # method path [json]
    if [ $# -ge 3 ]; then
        curl -s -m 30 -X "$1" "http://127.0.0.1:$ES_PORT$2" -H 'Content-Type: application/json' -d "$3"
    else
        curl -s -m 30 -X "$1" "http://127.0.0.1:$ES_PORT$2"
    fi
}

check() {
    local fail=0 out idx=vanban-smoke-check
    echo "== PostgreSQL 127.0.0.1:$PG_PORT"
    if out=$(PGPASSWORD=$DB_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$DB_USER" -d vanban_test -Atqc \
        "select version(), current_user, pg_encoding_to_char(encoding) from pg_database where datname='vanban_test'" 2>&1); then
        echo "   ok: $out"
    else echo "   FAIL: $out"; fail=1; fi
    echo "== Redis 127.0.0.1:$REDIS_PORT"
    if redis_ping; then echo "   ok: PONG ($(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" info server | grep -m1 redis_version | tr -d '\r'))"
    else echo "   FAIL: no PONG"; fail=1; fi
    echo "== Elasticsearch 127.0.0.1:$ES_PORT"
    if ! es_alive; then echo "   FAIL: not answering"; return 1; fi
    echo "   version: $(es_server_version)"
    echo "   modules: $(es_req GET '/_cat/plugins?h=component' | sort -u | tr '\n' ' ')" \
        "$(es_req GET '/_nodes/_local/plugins?filter_path=**.modules.name' | grep -o '"name":"[^"]*"' | cut -d'"' -f4 | tr '\n' ' ')"
    es_req DELETE "/$idx" >/dev/null || true
    # 1. what the core (server) analysis supports, 2. what analysis-common would add.
    probe() {  # name json
        local r
        r=$(es_req POST /_analyze "$2")
        if echo "$r" | grep -q '"tokens"'; then
            echo "   analyze $1: ok -> $(echo "$r" | grep -o '"token":"[^"]*"' | cut -d'"' -f4 | tr '\n' '|')"
        else
            echo "   analyze $1: MISSING ($(echo "$r" | grep -o '"reason":"[^"]*"' | head -n1 | cut -d'"' -f4))"
        fi
    }
    probe "tokenizer=standard" '{"tokenizer":"standard","text":"Sở Xây dựng 123/UBND-KT"}'
    probe "tokenizer=whitespace" '{"tokenizer":"whitespace","text":"Sở Xây dựng"}'
    probe "tokenizer=pattern" '{"tokenizer":{"type":"pattern","pattern":"\\s+"},"text":"Sở Xây dựng"}'
    probe "filter=lowercase" '{"tokenizer":"standard","filter":["lowercase"],"text":"Sở XÂY"}'
    probe "filter=asciifolding" '{"tokenizer":"standard","filter":["asciifolding"],"text":"Sở Xây dựng"}'
    probe "filter=shingle" '{"tokenizer":"standard","filter":[{"type":"shingle","max_shingle_size":2}],"text":"xây dựng cơ bản"}'
    probe "filter=icu_folding" '{"tokenizer":"standard","filter":["icu_folding"],"text":"Sở"}'
    probe "filter=stop" '{"tokenizer":"standard","filter":["stop"],"text":"the Sở"}'
    probe "filter=word_delimiter_graph" '{"tokenizer":"whitespace","filter":["word_delimiter_graph"],"text":"123/UBND-KT"}'
    probe "analyzer=standard" '{"analyzer":"standard","text":"Sở Xây dựng"}'
    probe "analyzer=simple" '{"analyzer":"simple","text":"Sở Xây dựng"}'
    probe "analyzer=whitespace" '{"analyzer":"whitespace","text":"Sở Xây dựng"}'
    # The analyzer the search service wants, then a document, match+highlight and a terms aggregation.
    local full='{"settings":{"number_of_shards":1,"number_of_replicas":0,"analysis":{"analyzer":{"vi":{"type":"custom","tokenizer":"whitespace","filter":["lowercase","asciifolding",{"type":"shingle"}]}}}}}'
    full='{"settings":{"number_of_shards":1,"number_of_replicas":0,"analysis":{"filter":{"vi_shingle":{"type":"shingle","max_shingle_size":2}},"analyzer":{"vi":{"type":"custom","tokenizer":"whitespace","filter":["lowercase","asciifolding","vi_shingle"]}}}},"mappings":{"properties":{"body":{"type":"text","analyzer":"vi"},"kind":{"type":"keyword"}}}}'
    out=$(es_req PUT "/$idx" "$full")
    if echo "$out" | grep -q '"acknowledged":true'; then
        echo "   index with custom analyzer (whitespace+lowercase+asciifolding+shingle): ok"
    else
        echo "   index with custom analyzer (whitespace+lowercase+asciifolding+shingle): FAILS: $(echo "$out" | grep -o '"reason":"[^"]*"' | head -n1)"
        echo "   LIMITATION: no analysis-common module in this build (see deploy/local/README.md)"
        # fall back to what the core offers, to test the rest
        es_req PUT "/$idx" '{"settings":{"number_of_shards":1,"number_of_replicas":0,"analysis":{"filter":{"vi_shingle":{"type":"shingle","max_shingle_size":2}},"analyzer":{"vi":{"type":"custom","tokenizer":"standard","filter":["lowercase","vi_shingle"]}}}},"mappings":{"properties":{"body":{"type":"text","analyzer":"vi"},"kind":{"type":"keyword"}}}}' >/dev/null
        echo "   (continuing with a core-only analyzer: standard tokenizer + lowercase + shingle)"
    fi
    es_req PUT "/$idx/_doc/1?refresh=true" '{"body":"Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính","kind":"thong_bao"}' >/dev/null
    es_req PUT "/$idx/_doc/2?refresh=true" '{"body":"Quyết định về kế hoạch xây dựng","kind":"quyet_dinh"}' >/dev/null
    out=$(es_req POST "/$idx/_search" '{"query":{"match":{"body":"xây dựng"}},"highlight":{"fields":{"body":{}}},"aggs":{"kinds":{"terms":{"field":"kind"}}}}')
    if echo "$out" | grep -q '<em>'; then echo "   match + highlight: ok ($(echo "$out" | grep -o '"body":\["[^]]*' | head -n1))"
    else echo "   match + highlight: FAIL: $out"; fail=1; fi
    if echo "$out" | grep -q '"buckets":\[{"key"'; then echo "   terms aggregation: ok ($(echo "$out" | grep -o '"buckets":\[[^]]*\]'))"
    else echo "   terms aggregation: FAIL"; fail=1; fi
    out=$(es_req POST "/$idx/_search" '{"query":{"match":{"body":"xay dung"}}}')
    if echo "$out" | grep -q '"value":[1-9]'; then echo "   search without diacritics ('xay dung'): ok"
    else echo "   search without diacritics ('xay dung'): NO HITS (needs asciifolding)"; fi
    out=$(es_req POST "/$idx/_delete_by_query?refresh=true" '{"query":{"term":{"kind":"quyet_dinh"}}}')
    if echo "$out" | grep -q '"deleted"'; then echo "   _delete_by_query: ok"
    else echo "   _delete_by_query: MISSING (no reindex module: $(echo "$out" | head -c 120))"; fi
    out=$(es_req POST "/$idx/_update/1" '{"script":{"source":"ctx._source.kind = params.k","params":{"k":"x"}}}')
    if echo "$out" | grep -q '"result":"updated"'; then echo "   painless script update: ok"
    else echo "   painless script update: MISSING ($(echo "$out" | grep -o '"reason":"[^"]*"' | head -n1 | cut -d'"' -f4))"; fi
    es_req DELETE "/$idx" >/dev/null || true
    return $fail
}

check_python() {  # PYTHON: the project's venv interpreter
    local py=${1:-.venv/bin/python}
    [ -x "$py" ] || die "no python at $py"
    VANBAN_ES=http://127.0.0.1:$ES_PORT VANBAN_REDIS=redis://127.0.0.1:$REDIS_PORT/0 \
    VANBAN_PG="host=127.0.0.1 port=$PG_PORT user=$DB_USER password=$DB_PASSWORD dbname=vanban_test" "$py" - <<'PY'
import os
import elasticsearch
from elasticsearch import Elasticsearch
es = Elasticsearch(os.environ["VANBAN_ES"], request_timeout=30)
health = es.cluster.health()
nodes = es.nodes.info(node_id="_local", metric="_none")
version = next(iter(nodes["nodes"].values()))["version"] if nodes.get("nodes") else "?"
print(f"python elasticsearch client {elasticsearch.__versionstr__} -> cluster {health['cluster_name']} "
      f"status {health['status']}, server {version} ok")
try:
    print(f"  es.info(): ok, version {es.info()['version']['number']}")
except Exception as exc:  # the integ-test-zip has no rest-root module: GET / is 405
    print(f"  es.info(): NOT SUPPORTED by this server ({type(exc).__name__}); es.ping() -> {es.ping()}")
import redis
print(f"python redis client {redis.__version__} -> PING {redis.Redis.from_url(os.environ['VANBAN_REDIS']).ping()}")
import psycopg
with psycopg.connect(os.environ["VANBAN_PG"]) as conn:
    print(f"python psycopg {psycopg.__version__} -> {conn.execute('select current_database()').fetchone()[0]} ok")
PY
}

# ---------------------------------------------------------------- reset (CI: start every run from empty data)
reset_data() {
    local bin
    bin=$(pg_bindir) || die "no PostgreSQL"
    if pg_ours_running; then
        log "PostgreSQL: recreating database vanban_test"
        as_user postgres psql -h "$(pg_sock)" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq >/dev/null <<SQL
DROP DATABASE IF EXISTS vanban_test WITH (FORCE);
CREATE DATABASE vanban_test OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0;
SQL
    else
        log "PostgreSQL on :$PG_PORT is not ours; vanban_test left as it is"
    fi
    if redis_ping; then log "Redis: FLUSHALL"; redis-cli -h 127.0.0.1 -p "$REDIS_PORT" flushall >/dev/null; fi
    if es_alive; then
        log "Elasticsearch: deleting all indices"
        curl -s -m 60 -X DELETE "http://127.0.0.1:$ES_PORT/*?expand_wildcards=open,closed" >/dev/null
    fi
    imap_reset
}

# ---------------------------------------------------------------- env / status
load_state() {
    if [ -f "$STATE_FILE" ]; then
        PG_PORT=$(sed -n 's/^PG_PORT=//p' "$STATE_FILE")
        REDIS_PORT=$(sed -n 's/^REDIS_PORT=//p' "$STATE_FILE")
        ES_PORT=$(sed -n 's/^ES_PORT=//p' "$STATE_FILE")
        IMAP_PORT=$(sed -n 's/^IMAP_PORT=//p' "$STATE_FILE")
        IMAP_PORT=${IMAP_PORT:-${VANBAN_DOVECOT_PORT:-51143}}
    fi
}

print_env() {
    cat <<EOF
export VANBAN_REQUIRE_SERVICES=1
export VANBAN_TEST_POSTGRES_URL=postgresql+psycopg://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/vanban_test
export VANBAN_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export VANBAN_TEST_ELASTICSEARCH_URL=http://127.0.0.1:$ES_PORT
export VANBAN_TEST_IMAP_HOST=127.0.0.1
export VANBAN_TEST_IMAP_PORT=$IMAP_PORT
export VANBAN_TEST_IMAP_USER=$IMAP_USER
export VANBAN_TEST_IMAP_PASSWORD=$IMAP_PASSWORD
EOF
}

status() {
    local rc=0 bin
    bin=$(pg_bindir || true)
    if [ -n "$bin" ] && "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
        echo "postgresql     up    127.0.0.1:$PG_PORT pid=$(pg_pid || echo '?') data=$BASE/pg/data"
    else echo "postgresql     down  127.0.0.1:$PG_PORT"; rc=1; fi
    if command -v redis-cli >/dev/null && redis_ping; then
        echo "redis          up    127.0.0.1:$REDIS_PORT pid=$(cat "$BASE/redis/redis.pid" 2>/dev/null || echo '?')"
    else echo "redis          down  127.0.0.1:$REDIS_PORT"; rc=1; fi
    if es_alive; then
        echo "elasticsearch  up    127.0.0.1:$ES_PORT pid=$(cat "$(es_node_dir)/es.pid" 2>/dev/null || echo '?')" \
            "version=$(es_server_version)" \
            "health=$(curl -s -m 5 "http://127.0.0.1:$ES_PORT/_cat/health?h=status" | tr -d '[:space:]')"
    else echo "elasticsearch  down  127.0.0.1:$ES_PORT"; rc=1; fi
    if imap_running && imap_login_ok; then
        echo "imap           up    127.0.0.1:$IMAP_PORT pid=$(cat "$BASE/imap/run/master.pid") user=$IMAP_USER"
    else echo "imap           down  127.0.0.1:$IMAP_PORT"; rc=1; fi
    return $rc
}

# ---------------------------------------------------------------- main
cmd=${1:-}
case "$cmd" in
    start)
        ensure_base
        t=$SECONDS
        shift
        wanted=" ${*:-pg redis es imap} "
        [[ $wanted == *" pg "* ]] && pg_start
        [[ $wanted == *" redis "* ]] && redis_start
        [[ $wanted == *" es "* ]] && es_start
        [[ $wanted == *" imap "* ]] && imap_start
        write_state
        log "services up in $((SECONDS - t))s; ports and pids in $STATE_FILE"
        ;;
    stop)
        imap_stop
        es_stop
        redis_stop
        pg_stop
        [ -f "$STATE_FILE" ] && "${SUDO[@]}" rm -f "$STATE_FILE"
        log "stopped"
        ;;
    status) status ;;
    env) load_state; print_env ;;
    check) load_state; check ;;
    reset) load_state; reset_data ;;
    check-python) load_state; check_python "${2:-.venv/bin/python}" ;;
    *)
        awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
        [ -z "$cmd" ] && exit 2
        [ "$cmd" = help ] || [ "$cmd" = -h ] || [ "$cmd" = --help ] || { echo "unknown command: $cmd" >&2; exit 2; }
        ;;
esac
