#!/usr/bin/env bash
# tests/kafka/broker.sh - a throw-away single-node Apache Kafka broker (KRaft,
# combined broker+controller on 127.0.0.1) for the integration tests.
#
#   broker.sh fetch              resolve the broker jars into the cache (once) and
#                                print the lib directory
#   broker.sh start              start a broker and print its bootstrap address
#   broker.sh stop               stop the broker and remove its directory
#   broker.sh status             print the state file; exit 1 when no broker runs
#   broker.sh down               stop the broker process but keep its data, ports
#                                and directory (an outage, for tests)
#   broker.sh up                 start the broker of a "down" again, same data and
#                                ports, and wait until it answers
#   broker.sh exec -- CMD ...    start, run CMD with NEWSX_TEST_BOOTSTRAP set, stop,
#                                and exit with CMD's status
#
# Options:
#   --state FILE   state file (default: $NEWSX_TEST_BROKER_STATE, else
#                  ${TMPDIR:-/tmp}/newsx-kafka-<uid>.state). Holds BOOTSTRAP, PID,
#                  DIR, WATCHDOG, one KEY=VALUE a line.
#   --ping PATH    the kafka_ping tool (default: $NEWSX_TEST_KAFKA_PING, else
#                  build/bin/kafka_ping); built from tests/integration/kafka_ping.c
#   --owner PID    the process the broker belongs to (default: the caller). A
#                  watchdog kills the broker and removes its directory once PID is
#                  gone, so a killed test run leaves no broker behind.
#   --sasl-scram USER:PASS
#                  also open a SASL_PLAINTEXT listener (mechanisms SCRAM-SHA-512 and
#                  PLAIN) with USER/PASS as its only credentials; the SCRAM
#                  credentials are written at format time (StorageTool --add-scram).
#                  The state file gets SASL_BOOTSTRAP, SASL_USER and SASL_PASSWORD;
#                  exec exports them as NEWSX_TEST_SASL_BOOTSTRAP, NEWSX_TEST_SASL_USER
#                  and NEWSX_TEST_SASL_PASSWORD. The PLAINTEXT listener stays (topic
#                  administration, inter-broker traffic).
#   --tls          also open an SSL listener that requires a client certificate
#                  (mutual TLS), and, with --sasl-scram, a SASL_SSL listener with the
#                  same mechanisms and credentials. A throw-away CA, the broker's
#                  certificate (subjectAltName IP:127.0.0.1, so librdkafka's default
#                  hostname check passes) and a client certificate are made with
#                  openssl in the broker directory. The state file gets
#                  TLS_BOOTSTRAP, TLS_CA, TLS_CERT, TLS_KEY (PEM files) and, with
#                  --sasl-scram, SASL_SSL_BOOTSTRAP; exec exports them with the
#                  NEWSX_TEST_ prefix.
#
# Environment: NEWSX_CACHE_DIR (default ~/.cache/newsx) holds kafka-<version>/lib,
# outside the source tree. NEWSX_TEST_KAFKA_HEAP (default 512m) is the broker's -Xmx.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
pom="$here/pom.xml"

state="${NEWSX_TEST_BROKER_STATE:-${TMPDIR:-/tmp}/newsx-kafka-$(id -u).state}"
ping_bin="${NEWSX_TEST_KAFKA_PING:-$root/build/bin/kafka_ping}"
owner=$PPID
ready_timeout=120
sasl_user=""
sasl_pass=""
tls=0

say() { echo "broker.sh: $*" >&2; }
die() {
    say "$*"
    exit 1
}

# Create and print a new private directory named $1.<pid>.<random>.
new_dir() {
    local d i
    for i in 1 2 3 4 5 6 7 8; do
        d="$1.$$.$RANDOM$i"
        if mkdir -m 700 "$d" 2>/dev/null; then
            echo "$d"
            return 0
        fi
    done
    die "cannot create a directory $1.*"
}

kafka_version() {
    sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom" | head -n1
}

# True while process $1 exists and is not a zombie.
alive() {
    local st
    st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1) || return 1
    [ -n "$st" ] && [ "$st" != Z ]
}

# Resolve the broker jars with Maven into the cache; a complete cache (stamped
# with the pom's checksum) is used as it is.
cmd_fetch() {
    local ver cache lib sum tmp log
    ver=$(kafka_version)
    [ -n "$ver" ] || die "no <kafka.version> in $pom"
    cache="${NEWSX_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/newsx}"
    lib="$cache/kafka-$ver/lib"
    sum=$(sha256sum "$pom" | cut -c1-64)
    if [ -f "$lib/.complete" ] && [ "$(cat "$lib/.complete")" = "$sum" ]; then
        echo "$lib"
        return 0
    fi
    command -v mvn >/dev/null || die "mvn not found: run deploy/install-deps.sh --test"
    mkdir -p "$cache"
    tmp=$(new_dir "$cache/kafka-$ver.tmp")
    log="$tmp/mvn.log"
    say "resolving Apache Kafka $ver jars into $lib"
    local ok=0
    for _ in 1 2; do
        if mvn -B -q -f "$pom" dependency:copy-dependencies -DincludeScope=runtime \
            -DoutputDirectory="$tmp/lib" >"$log" 2>&1; then
            ok=1
            break
        fi
        say "maven failed; retrying once"
    done
    if [ "$ok" != 1 ] || [ ! -f "$tmp/lib/kafka_2.13-$ver.jar" ]; then
        tail -n 40 "$log" >&2 || true
        rm -rf "$tmp"
        die "could not resolve the Kafka $ver jars (log above)"
    fi
    echo "$sum" >"$tmp/lib/.complete"
    rm -rf "$lib"
    mkdir -p "$(dirname "$lib")"
    mv "$tmp/lib" "$lib"
    rm -rf "$tmp"
    echo "$lib"
}

state_get() {
    sed -n "s/^$1=//p" "$state" 2>/dev/null | head -n1
}

# Kill the process group led by $1: TERM, then KILL after $2 seconds.
kill_group() {
    local pid=$1 grace=$2 i
    [ -n "$pid" ] || return 0
    alive "$pid" || return 0
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
        alive "$pid" || return 0
        sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        alive "$pid" || return 0
        sleep 0.1
    done
}

cmd_stop() {
    local pid dir wd t0
    if [ ! -f "$state" ]; then
        return 0
    fi
    pid=$(state_get PID)
    dir=$(state_get DIR)
    wd=$(state_get WATCHDOG)
    t0=$(date +%s.%N)
    kill_group "$wd" 1
    kill_group "$pid" 10
    case "$dir" in
    */newsx-kafka.*) rm -rf "$dir" ;;
    esac
    rm -f "$state"
    say "broker stopped ($(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s)"
}

# A throw-away CA, a broker certificate for 127.0.0.1 in a PKCS12 keystore
# protected by $2, and a client certificate, all in $1/tls.
make_tls() {
    local d=$1/tls pw=$2
    mkdir -m 700 "$d"
    {
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=newsx test CA" \
            -keyout "$d/ca.key" -out "$d/ca.pem" &&
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' \
                >"$d/broker.ext" &&
            printf 'extendedKeyUsage=clientAuth\n' >"$d/client.ext" &&
            openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
                -keyout "$d/broker.key" -out "$d/broker.csr" &&
            openssl x509 -req -in "$d/broker.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
                -CAcreateserial -days 2 -extfile "$d/broker.ext" -out "$d/broker.pem" &&
            openssl req -newkey rsa:2048 -nodes -subj "/CN=newsx-worker" \
                -keyout "$d/client.key" -out "$d/client.csr" &&
            openssl x509 -req -in "$d/client.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
                -CAcreateserial -days 2 -extfile "$d/client.ext" -out "$d/client.pem" &&
            openssl pkcs12 -export -in "$d/broker.pem" -inkey "$d/broker.key" \
                -certfile "$d/ca.pem" -name broker -passout "pass:$pw" -out "$d/broker.p12"
    } >"$d/openssl.out" 2>&1 || {
        cat "$d/openssl.out" >&2
        return 1
    }
    chmod 600 "$d"/*.key
}

write_config() {
    local dir=$1 port=$2 cport=$3 sport=${4:-} tport=${5:-} ssport=${6:-} kspw=${7:-}
    local listeners="PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport"
    local advertised="PLAINTEXT://127.0.0.1:$port"
    local protomap="CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
    if [ -n "$sport" ]; then
        listeners="$listeners,SASL_PLAINTEXT://127.0.0.1:$sport"
        advertised="$advertised,SASL_PLAINTEXT://127.0.0.1:$sport"
        protomap="$protomap,SASL_PLAINTEXT:SASL_PLAINTEXT"
    fi
    if [ -n "$tport" ]; then
        listeners="$listeners,SSL://127.0.0.1:$tport"
        advertised="$advertised,SSL://127.0.0.1:$tport"
        protomap="$protomap,SSL:SSL"
    fi
    if [ -n "$ssport" ]; then
        listeners="$listeners,SASL_SSL://127.0.0.1:$ssport"
        advertised="$advertised,SASL_SSL://127.0.0.1:$ssport"
        protomap="$protomap,SASL_SSL:SASL_SSL"
    fi
    cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=$listeners
advertised.listeners=$advertised
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=$protomap
log.dirs=$dir/data
auto.create.topics.enable=false
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# KIP-848 groups (group.protocol=consumer): the session timeout is the
# broker's (10 s like the classic groups of the tests, whose clients set it;
# Kafka's default is 45 s with a 45 s minimum).
group.coordinator.rebalance.protocols=classic,consumer
group.consumer.min.session.timeout.ms=6000
group.consumer.session.timeout.ms=10000
num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
log.retention.check.interval.ms=300000
EOF
    if [ -n "$sport" ]; then
        cat >>"$dir/server.properties" <<EOF
sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$sasl_user="$sasl_pass";
EOF
    fi
    if [ -n "$tport" ]; then
        cat >>"$dir/server.properties" <<EOF
ssl.keystore.type=PKCS12
ssl.keystore.location=$dir/tls/broker.p12
ssl.keystore.password=$kspw
ssl.key.password=$kspw
ssl.truststore.type=PEM
ssl.truststore.location=$dir/tls/ca.pem
listener.name.ssl.ssl.client.auth=required
EOF
    fi
    if [ -n "$ssport" ]; then
        cat >>"$dir/server.properties" <<EOF
listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$sasl_user="$sasl_pass";
EOF
    fi
    cat >"$dir/log4j2.properties" <<EOF
status = error
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $dir/logs/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.state.name = state.change.logger
logger.state.level = WARN
logger.kafkaClients.name = org.apache.kafka.clients
logger.kafkaClients.level = WARN
EOF
}

java_opts() {
    local dir=$1
    echo "-Xmx${NEWSX_TEST_KAFKA_HEAP:-512m} -Xms128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
    echo "-XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -Djava.awt.headless=true"
    echo "-Djava.net.preferIPv4Stack=true -Dkafka.logs.dir=$dir/logs"
    echo "-Dlog4j2.configurationFile=$dir/log4j2.properties"
}

print_logs() {
    local dir=$1 f
    for f in "$dir/logs/server.log" "$dir/broker.out" "$dir/format.out"; do
        [ -s "$f" ] || continue
        say "---- last lines of $(basename "$f") ----"
        tail -n 40 "$f" >&2
    done
}

# The watchdog: a detached loop that stops the broker (process group $2) and
# removes its directory $3 (and the state file, if it is still this broker's)
# once the owner $1 is gone. "stop" ends the watchdog
# first, so while the owner lives the directory stays (its logs tell why a
# broker died).
start_watchdog() {
    local owner_pid=$1 pid=$2 dir=$3 wdfile=$4
    (setsid bash -c '
        echo $$ >"$4"
        owner=$1 pid=$2 dir=$3
        alive() {
            local st
            st=$(sed "s/^.*) //" "/proc/$1/stat" 2>/dev/null | cut -c1) || return 1
            [ -n "$st" ] && [ "$st" != Z ]
        }
        while alive "$owner"; do sleep 1; done
        if alive "$pid"; then
            kill -TERM -- "-$pid" 2>/dev/null
            for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
            kill -KILL -- "-$pid" 2>/dev/null
        fi
        rm -rf "$dir"
        grep -qsx "DIR=$dir" "$5" && rm -f "$5"
    ' watchdog "$owner_pid" "$pid" "$dir" "$wdfile" "$state" </dev/null >/dev/null 2>&1 &)
}

# Undo a start that was interrupted: $1 the broker dir, $2 the broker pid if known.
abort_start() {
    local dir=$1 pid=${2:-}
    [ -n "$pid" ] || pid=$(cat "$dir/broker.pid" 2>/dev/null || true)
    kill_group "$(cat "$dir/watchdog.pid" 2>/dev/null || true)" 1
    kill_group "$pid" 5
    rm -rf "$dir"
    rm -f "$state"
    say "start interrupted; broker stopped"
    exit 1
}

cmd_start() {
    local lib ver dir cid port cport sport tport ssport kspw="" pid t0 attempt ports
    local -a scram=()
    if [ -f "$state" ]; then
        pid=$(state_get PID)
        if [ -n "$pid" ] && alive "$pid"; then
            die "a broker already runs ($(state_get BOOTSTRAP), state $state); stop it first"
        fi
        rm -f "$state"
    fi
    [ -x "$ping_bin" ] || die "kafka_ping not found at $ping_bin (build it: cmake --build build --target kafka_ping, or pass --ping)"
    command -v java >/dev/null || die "java not found: run deploy/install-deps.sh --test"
    lib=$(cmd_fetch)
    ver=$(kafka_version)
    t0=$(date +%s.%N)
    dir=$(new_dir "${TMPDIR:-/tmp}/newsx-kafka")
    mkdir -p "$dir/logs"
    if [ "$tls" = 1 ]; then
        command -v openssl >/dev/null || die "openssl not found: run deploy/install-deps.sh --test"
        kspw=$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
        make_tls "$dir" "$kspw" || {
            rm -rf "$dir"
            die "making the test certificates failed"
        }
    fi
    # Whatever happens during the start, no half-started broker stays behind.
    pid=""
    trap 'abort_start "$dir" "$pid"' INT TERM
    # A base64url cluster id; one starting with '-' would read as an option.
    cid=-
    while [ "${cid#-}" != "$cid" ]; do
        cid=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    done
    for attempt in 1 2 3; do
        ports=$("$ping_bin" --free-ports 5)
        port=$(echo "$ports" | sed -n 1p)
        cport=$(echo "$ports" | sed -n 2p)
        sport=""
        tport=""
        ssport=""
        scram=()
        if [ -n "$sasl_user" ]; then
            sport=$(echo "$ports" | sed -n 3p)
            scram=(--add-scram "SCRAM-SHA-512=[name=$sasl_user,password=$sasl_pass]")
        fi
        if [ "$tls" = 1 ]; then
            tport=$(echo "$ports" | sed -n 4p)
            [ -z "$sasl_user" ] || ssport=$(echo "$ports" | sed -n 5p)
        fi
        rm -rf "$dir/data" "$dir/logs"/*
        write_config "$dir" "$port" "$cport" "$sport" "$tport" "$ssport" "$kspw"
        # shellcheck disable=SC2046
        if ! java $(java_opts "$dir") -cp "$lib/*" kafka.tools.StorageTool format \
            -t "$cid" -c "$dir/server.properties" "${scram[@]+"${scram[@]}"}" \
            >"$dir/format.out" 2>&1; then
            print_logs "$dir"
            rm -rf "$dir"
            die "formatting the KRaft storage failed"
        fi
        # The broker runs in its own session and process group (pid = pgid), so
        # a Ctrl-C of the terminal does not reach it and the group can be killed.
        # shellcheck disable=SC2016,SC2046
        (setsid bash -c 'echo $$ >"$1/broker.pid"; shift; exec "$@"' broker "$dir" \
            java $(java_opts "$dir") -cp "$lib/*" kafka.Kafka "$dir/server.properties" \
            </dev/null >"$dir/broker.out" 2>&1 &)
        for _ in $(seq 50); do
            [ -s "$dir/broker.pid" ] && break
            sleep 0.1
        done
        pid=$(cat "$dir/broker.pid" 2>/dev/null || true)
        [ -n "$pid" ] || die "the broker process did not start"
        rm -f "$dir/broker.pid"
        start_watchdog "$owner" "$pid" "$dir" "$dir/watchdog.pid"
        for _ in $(seq 50); do
            [ -s "$dir/watchdog.pid" ] && break
            sleep 0.1
        done
        {
            echo "BOOTSTRAP=127.0.0.1:$port"
            echo "PID=$pid"
            echo "DIR=$dir"
            echo "WATCHDOG=$(cat "$dir/watchdog.pid" 2>/dev/null || true)"
            echo "KAFKA_VERSION=$ver"
            echo "OWNER=$owner"
            if [ -n "$sport" ]; then
                echo "SASL_BOOTSTRAP=127.0.0.1:$sport"
                echo "SASL_USER=$sasl_user"
                echo "SASL_PASSWORD=$sasl_pass"
            fi
            if [ -n "$tport" ]; then
                echo "TLS_BOOTSTRAP=127.0.0.1:$tport"
                echo "TLS_CA=$dir/tls/ca.pem"
                echo "TLS_CERT=$dir/tls/client.pem"
                echo "TLS_KEY=$dir/tls/client.key"
            fi
            if [ -n "$ssport" ]; then
                echo "SASL_SSL_BOOTSTRAP=127.0.0.1:$ssport"
            fi
        } >"$state"

        local deadline=$(($(date +%s) + ready_timeout)) ready=0
        while [ "$(date +%s)" -lt "$deadline" ]; do
            if ! alive "$pid"; then
                break
            fi
            if "$ping_bin" -b "127.0.0.1:$port" -t 2000 >"$dir/ping.out" 2>&1; then
                ready=1
                break
            fi
        done
        if [ "$ready" = 1 ]; then
            trap - INT TERM
            say "Kafka $ver ready at 127.0.0.1:$port in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s ($(cat "$dir/ping.out" | sed 's/^kafka_ping: //'); dir $dir)"
            echo "127.0.0.1:$port"
            return 0
        fi
        if ! alive "$pid" && grep -qs "Address already in use" "$dir/logs/server.log" "$dir/broker.out" &&
            [ "$attempt" -lt 3 ]; then
            say "port $port or $cport was taken meanwhile; retrying with other ports"
            kill_group "$(state_get WATCHDOG)" 1
            continue
        fi
        break
    done
    if alive "$pid"; then
        say "the broker did not become ready within ${ready_timeout} s"
    else
        say "the broker process exited during its start"
    fi
    print_logs "$dir"
    kill_group "$(state_get WATCHDOG)" 1
    kill_group "$pid" 5
    rm -rf "$dir"
    rm -f "$state"
    trap - INT TERM
    die "no broker (logs above)"
}

# An outage: the broker process goes, its directory, data and ports stay.
cmd_down() {
    local pid
    [ -f "$state" ] || die "no broker (no state file $state)"
    pid=$(state_get PID)
    alive "$pid" || die "the broker process is not running"
    kill_group "$pid" 10
    say "broker down (data kept in $(state_get DIR))"
}

# Bring a broker that is "down" back on the same ports and data.
cmd_up() {
    local lib dir pid owner_pid t0 port
    [ -f "$state" ] || die "no broker (no state file $state)"
    pid=$(state_get PID)
    alive "$pid" && die "the broker is already up"
    dir=$(state_get DIR)
    [ -f "$dir/server.properties" ] || die "the broker directory $dir is gone"
    owner_pid=$(state_get OWNER)
    port=$(state_get BOOTSTRAP)
    port=${port##*:}
    lib=$(cmd_fetch)
    t0=$(date +%s.%N)
    # shellcheck disable=SC2016,SC2046
    (setsid bash -c 'echo $$ >"$1/broker.pid"; shift; exec "$@"' broker "$dir" \
        java $(java_opts "$dir") -cp "$lib/*" kafka.Kafka "$dir/server.properties" \
        </dev/null >>"$dir/broker.out" 2>&1 &)
    for _ in $(seq 50); do
        [ -s "$dir/broker.pid" ] && break
        sleep 0.1
    done
    pid=$(cat "$dir/broker.pid" 2>/dev/null || true)
    rm -f "$dir/broker.pid"
    [ -n "$pid" ] || die "the broker process did not start"
    # The watchdog follows the new process.
    kill_group "$(state_get WATCHDOG)" 1
    rm -f "$dir/watchdog.pid"
    start_watchdog "$owner_pid" "$pid" "$dir" "$dir/watchdog.pid"
    for _ in $(seq 50); do
        [ -s "$dir/watchdog.pid" ] && break
        sleep 0.1
    done
    sed -i -e "s/^PID=.*/PID=$pid/" -e "s/^WATCHDOG=.*/WATCHDOG=$(cat "$dir/watchdog.pid" 2>/dev/null || true)/" "$state"
    local deadline=$(($(date +%s) + ready_timeout))
    while [ "$(date +%s)" -lt "$deadline" ] && alive "$pid"; do
        if "$ping_bin" -b "127.0.0.1:$port" -t 2000 >/dev/null 2>&1; then
            say "broker up again at 127.0.0.1:$port in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
            return 0
        fi
    done
    print_logs "$dir"
    die "the broker did not come back"
}

cmd_status() {
    [ -f "$state" ] || {
        say "no broker (no state file $state)"
        return 1
    }
    cat "$state"
    alive "$(state_get PID)" || {
        say "the broker process is gone"
        return 1
    }
}

cmd_exec() {
    [ $# -gt 0 ] || die "exec needs a command: broker.sh exec -- CMD ..."
    local bs child rc
    owner=$$
    bs=$(cmd_start)
    export NEWSX_TEST_BOOTSTRAP="$bs"
    if [ -n "$sasl_user" ]; then
        NEWSX_TEST_SASL_BOOTSTRAP=$(state_get SASL_BOOTSTRAP)
        export NEWSX_TEST_SASL_BOOTSTRAP NEWSX_TEST_SASL_USER="$sasl_user"
        export NEWSX_TEST_SASL_PASSWORD="$sasl_pass"
    fi
    if [ "$tls" = 1 ]; then
        local k v
        for k in TLS_BOOTSTRAP TLS_CA TLS_CERT TLS_KEY SASL_SSL_BOOTSTRAP; do
            v=$(state_get "$k")
            [ -z "$v" ] || export "NEWSX_TEST_$k=$v"
        done
    fi
    # The command runs in the background so that a signal to this script is
    # handled at once: the trap ends the command and stops the broker.
    child=""
    trap 'trap - EXIT; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null; cmd_stop; exit 130' INT
    trap 'trap - EXIT; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null; cmd_stop; exit 143' TERM
    trap 'cmd_stop' EXIT
    "$@" &
    child=$!
    rc=0
    wait "$child" || rc=$?
    child=""
    exit "$rc"
}

sub=""
args=()
while [ $# -gt 0 ]; do
    case "$1" in
    --state)
        state=$2
        shift 2
        ;;
    --ping)
        ping_bin=$2
        shift 2
        ;;
    --owner)
        owner=$2
        shift 2
        ;;
    --sasl-scram)
        case "${2:-}" in
        ?*:?*) ;;
        *) die "--sasl-scram wants USER:PASS" ;;
        esac
        sasl_user=${2%%:*}
        sasl_pass=${2#*:}
        case "$sasl_user$sasl_pass" in
        *[\"\'\ ,=\]]*) die "--sasl-scram: USER and PASS may not contain quotes, spaces, commas, = or ]" ;;
        esac
        shift 2
        ;;
    --tls)
        tls=1
        shift
        ;;
    --)
        shift
        args=("$@")
        break
        ;;
    -h | --help)
        sed -n '2,41p' "$0"
        exit 0
        ;;
    fetch | start | stop | status | exec | down | up)
        sub=$1
        shift
        ;;
    *)
        if [ "$sub" = exec ]; then
            args=("$@")
            break
        fi
        die "unknown argument '$1' (see --help)"
        ;;
    esac
done

case "$sub" in
fetch) cmd_fetch ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
down) cmd_down ;;
up) cmd_up ;;
exec) cmd_exec "${args[@]+"${args[@]}"}" ;;
*) die "no subcommand (fetch, start, stop, status, exec; see --help)" ;;
esac
