#!/usr/bin/env bash
# .ci/validate-deploy.sh - check the deploy/ files with what runs without a
# container engine (docs/operations.md, "Checking the deploy files"):
#   1. docker-compose config      on deploy/docker-compose.yml (Debian's docker-compose)
#   2. yamllint                   on every YAML file under deploy/ (deploy/.yamllint)
#   3. shellcheck -S warning      on the project's shell scripts
#   4. systemd-analyze verify     on deploy/systemd/newsx-worker.service, when available
#   5. a JSON parse               of deploy/grafana/*.json
#   6. consistency                the compose broker is the test broker's Kafka version
#                                 in KRaft mode; the Dockerfile runs as non-root with a
#                                 HEALTHCHECK on /healthz, on Debian 13 with the pinned
#                                 librdkafka built in its build stage; the Deployment probes /healthz
#                                 and /readyz; every metric the dashboard queries is
#                                 documented in docs/operations.md
# Exit 0 when every check that ran passed; a missing required tool is a failure
# (deploy/install-deps.sh --test installs them); systemd-analyze is optional
# and reported as SKIPPED when absent.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
fails=0
pass() { echo "validate-deploy: PASS $*"; }
fail() {
    echo "validate-deploy: FAIL $*" >&2
    fails=$((fails + 1))
}
need() {
    if ! command -v "$1" >/dev/null 2>&1; then
        fail "$1 not found (deploy/install-deps.sh --test installs it)"
        return 1
    fi
}

# 1. compose
if need docker-compose; then
    if out=$(docker-compose -f deploy/docker-compose.yml config -q 2>&1); then
        pass "docker-compose config deploy/docker-compose.yml"
    else
        fail "docker-compose config: $out"
    fi
fi

# 2. yamllint
mapfile -t yamls < <(find deploy -name '*.yaml' -o -name '*.yml' | sort)
if need yamllint; then
    if yamllint -s -c deploy/.yamllint "${yamls[@]}"; then
        pass "yamllint (${#yamls[@]} files)"
    else
        fail "yamllint"
    fi
fi

# 3. shellcheck
mapfile -t scripts < <(
    {
        find deploy .ci tests -name '*.sh' -type f
        echo .ci/run
    } | sort -u
)
if need shellcheck; then
    if shellcheck -S warning "${scripts[@]}"; then
        pass "shellcheck (${#scripts[@]} scripts)"
    else
        fail "shellcheck"
    fi
fi

# 4. systemd unit; verify insists that ExecStart exists, so a copy points it at
# a program that does.
unit=deploy/systemd/newsx-worker.service
if command -v systemd-analyze >/dev/null 2>&1; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    sed 's:^ExecStart=/usr/local/bin/newsx-worker:ExecStart=/bin/true:' "$unit" >"$tmp/newsx-worker.service"
    if out=$(systemd-analyze verify "$tmp/newsx-worker.service" 2>&1) && [ -z "$out" ]; then
        pass "systemd-analyze verify $unit"
    else
        fail "systemd-analyze verify $unit: $out"
    fi
else
    echo "validate-deploy: SKIPPED systemd-analyze verify (not installed)"
fi

# 5. dashboards
for j in deploy/grafana/*.json; do
    if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["panels"], "no panels"' "$j"; then
        pass "JSON parse $j"
    else
        fail "JSON parse $j"
    fi
done

# 6. consistency
kver=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' tests/kafka/pom.xml | head -n1)
images=$(sed -n 's/^ *image: *apache\/kafka:\(.*\)$/\1/p' deploy/docker-compose.yml | sort -u)
if [ -n "$kver" ] && [ "$images" = "$kver" ]; then
    pass "compose broker image apache/kafka:$images = test broker Kafka $kver"
else
    fail "compose broker image '$images' is not the test broker's Kafka '$kver' (tests/kafka/pom.xml)"
fi
if grep -q 'KAFKA_PROCESS_ROLES: broker,controller' deploy/docker-compose.yml &&
    grep -q '^process.roles=broker,controller' tests/kafka/broker.sh; then
    pass "compose broker and test broker both KRaft broker+controller"
else
    fail "compose broker is not KRaft broker+controller like tests/kafka/broker.sh"
fi
if grep -Eq '^USER +[1-9][0-9]*' deploy/Dockerfile && grep -q '^HEALTHCHECK' deploy/Dockerfile &&
    grep -A2 '^HEALTHCHECK' deploy/Dockerfile | grep -q '/healthz' &&
    [ "$(grep -c '^FROM ' deploy/Dockerfile)" -ge 2 ]; then
    pass "Dockerfile: multi-stage, non-root USER, HEALTHCHECK on /healthz"
else
    fail "Dockerfile: needs two stages, a numeric non-root USER and a HEALTHCHECK on /healthz"
fi
# The image is Debian 13 in both stages; install-deps.sh sources librdkafka.sh,
# so the build stage copies both, and the runtime stage gets the pinned
# librdkafka built into NEWSX_CACHE_DIR (the worker's rpath) and runs --version.
cache=$(sed -n 's/^ENV NEWSX_CACHE_DIR=\(.*\)$/\1/p' deploy/Dockerfile)
if [ "$(grep -c '^FROM debian:trixie-slim' deploy/Dockerfile)" = "$(grep -c '^FROM ' deploy/Dockerfile)" ] &&
    grep -q '^COPY deploy/install-deps.sh deploy/librdkafka.sh deploy/' deploy/Dockerfile &&
    [ -n "$cache" ] && grep -q "^COPY --from=build $cache $cache\$" deploy/Dockerfile &&
    grep -q '^RUN /usr/local/bin/newsx-worker --version' deploy/Dockerfile; then
    pass "Dockerfile: Debian 13 stages, pinned librdkafka built in the build stage and copied to $cache"
else
    fail "Dockerfile: both stages debian:trixie-slim, install-deps.sh with librdkafka.sh, NEWSX_CACHE_DIR copied to the runtime stage, --version run there"
fi
if grep -q 'path: /healthz' deploy/k8s/deployment.yaml && grep -q 'path: /readyz' deploy/k8s/deployment.yaml &&
    grep -q 'preStop' deploy/k8s/deployment.yaml; then
    pass "Deployment: probes on /healthz and /readyz, preStop"
else
    fail "Deployment: probes on /healthz and /readyz and a preStop are required"
fi
missing=""
for m in $(grep -o 'newsx_[a-z_]*' deploy/grafana/*.json | sed 's/^.*://' | sed -E 's/_(bucket|sum|count)$//' | sort -u); do
    grep -q "\`$m\`" docs/operations.md || missing="$missing $m"
done
if [ -z "$missing" ]; then
    pass "every dashboard metric is documented in docs/operations.md"
else
    fail "dashboard metrics not in docs/operations.md:$missing"
fi

if [ "$fails" -ne 0 ]; then
    echo "validate-deploy: $fails check(s) failed" >&2
    exit 1
fi
echo "validate-deploy: all checks passed"
