#!/usr/bin/env bash
# deploy/librdkafka.sh - the pinned librdkafka newsx builds against when the
# system's is older than the minimum (docs/worker.md, "librdkafka version").
#
#   source deploy/librdkafka.sh     set NEWSX_RDKAFKA_PREFIX and, once it is
#                                   installed, put it first on PKG_CONFIG_PATH
#   deploy/librdkafka.sh install    build it into the cache unless it is there
#   deploy/librdkafka.sh prefix     print the install prefix
#
# The library is built once from Debian's source package of the pinned version
# (unstable or testing; apt verifies the archive's signature and every file's
# hash), C library only, into ${NEWSX_CACHE_DIR:-~/.cache/newsx}/librdkafka-VERSION
# with its rdkafka.pc. CMake finds it through pkg-config (and looks there by
# itself, CMakeLists.txt) and links the binaries with an rpath to it.
# The Debian mirror is the machine's own: the URI of its Debian entry in
# /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list; NEWSX_DEBIAN_URI
# overrides it. The system's package lists are not touched (a private apt
# state directory under the cache).

# The Debian source version: upstream version, Debian revision. CMakeLists.txt
# reads both lines.
NEWSX_RDKAFKA_DEBVERSION=2.14.2-1
# 2.12.0: KIP-848 (group.protocol=consumer) generally available; SCRAM against
# Kafka 4 needs 2.6.1.
# shellcheck disable=SC2034 # read by install-deps.sh and CMakeLists.txt
NEWSX_RDKAFKA_MIN=2.12.0

NEWSX_RDKAFKA_VERSION=${NEWSX_RDKAFKA_DEBVERSION%-*}
NEWSX_RDKAFKA_PREFIX=${NEWSX_CACHE_DIR:-$HOME/.cache/newsx}/librdkafka-$NEWSX_RDKAFKA_VERSION
if [ -f "$NEWSX_RDKAFKA_PREFIX/.installed" ]; then
    case ":${PKG_CONFIG_PATH:-}:" in
    *":$NEWSX_RDKAFKA_PREFIX/lib/pkgconfig:"*) ;;
    *) export PKG_CONFIG_PATH="$NEWSX_RDKAFKA_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" ;;
    esac
fi

# Sourced: stop here.
(return 0 2>/dev/null) && return 0

set -euo pipefail
say() { echo "librdkafka.sh: $*" >&2; }
die() {
    say "$*"
    exit 1
}

# The first Debian main-archive URI (a suite without '-', not -security or
# -updates) of the machine's apt sources, and its Signed-By keyring.
debian_source() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && uris != "" && suites ~ /(^| )[a-z]+( |$)/) {
                    split(uris, u, " ")
                    print u[1] "\t" signed
                    found = 1
                    exit
                }
                types = uris = suites = signed = ""
            }
            /^[ \t]*$/ { flush(); next }
            /^[ \t]*#/ { next }
            tolower($1) == "types:" { sub(/^[^:]*:[ \t]*/, ""); types = $0 }
            tolower($1) == "uris:" { sub(/^[^:]*:[ \t]*/, ""); uris = $0 }
            tolower($1) == "suites:" { sub(/^[^:]*:[ \t]*/, ""); suites = $0 }
            tolower($1) == "signed-by:" { sub(/^[^:]*:[ \t]*/, ""); signed = $0 }
            END { if (!found) flush() }
        ' "$f"
    done
    if [ -f /etc/apt/sources.list ]; then
        # deb [options] URI suite components
        sed -E -n 's/^deb[ \t]+(\[[^]]*\][ \t]+)?([^ \t]+)[ \t]+([a-z]+)[ \t].*/\2\t/p' \
            /etc/apt/sources.list
    fi
}

fetch_source() { # DIR: download and unpack the source package into DIR
    local dir=$1 uri keyring line
    line=$(debian_source | head -n 1)
    uri=${NEWSX_DEBIAN_URI:-${line%%$'\t'*}}
    keyring=${line#*$'\t'}
    case "$keyring" in
    /*) ;;
    *) keyring=/usr/share/keyrings/debian-archive-keyring.gpg ;;
    esac
    [ -n "$uri" ] || die "no Debian entry in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list (set NEWSX_DEBIAN_URI)"
    [ -f "$keyring" ] || die "keyring $keyring not found (Debian package debian-archive-keyring)"
    local apt=$dir/apt
    mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/parts"
    {
        echo "deb-src [signed-by=$keyring] $uri unstable main"
        echo "deb-src [signed-by=$keyring] $uri testing main"
    } >"$apt/sources.list"
    local opts=(-o "Dir::Etc::SourceList=$apt/sources.list" -o "Dir::Etc::SourceParts=$apt/parts"
        -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "APT::Sandbox::User=root"
        -o "Acquire::Languages=none" -o "Acquire::Check-Valid-Until=false")
    # Check-Valid-Until off: a mirror that serves a frozen snapshot has
    # unstable/testing Release files past their Valid-Until date. The
    # signature is still checked, and an exact version is asked for (its
    # files' hashes come from the signed index), so a stale index can at
    # worst lack it.
    say "fetching Debian's source package librdkafka $NEWSX_RDKAFKA_DEBVERSION ($uri, unstable/testing)"
    # apt-get update only warns when the archive cannot be reached: check
    # that a Sources index arrived (signed: apt refuses an unverified one).
    if ! apt-get "${opts[@]}" -q update >"$dir/apt-update.log" 2>&1 ||
        ! compgen -G "$apt/lists/*_Sources*" >/dev/null; then
        grep -E '^(E|W):' "$dir/apt-update.log" | tail -n 5 >&2 || true
        die "cannot fetch the unstable/testing source lists from $uri: librdkafka $NEWSX_RDKAFKA_VERSION cannot be built (set NEWSX_DEBIAN_URI to a reachable Debian mirror, or install librdkafka-dev >= $NEWSX_RDKAFKA_MIN)"
    fi
    if ! (cd "$dir" && apt-get "${opts[@]}" -q source --download-only \
        "librdkafka=$NEWSX_RDKAFKA_DEBVERSION") >"$dir/apt-source.log" 2>&1; then
        local served
        served=$(apt-cache "${opts[@]}" showsrc librdkafka 2>/dev/null | sed -n 's/^Version: //p' | tr '\n' ' ' || true)
        grep -E '^(E|W):' "$dir/apt-source.log" | tail -n 5 >&2 || true
        die "cannot fetch librdkafka $NEWSX_RDKAFKA_DEBVERSION's source from $uri (Debian serves: ${served:-none}); update NEWSX_RDKAFKA_DEBVERSION in deploy/librdkafka.sh"
    fi
    # Debian's patches only unbundle cJSON, nanopb and the OpenTelemetry
    # headers for packages Debian 12 lacks: unpack upstream's source as it is.
    (cd "$dir" && dpkg-source --skip-patches -x "librdkafka_$NEWSX_RDKAFKA_DEBVERSION.dsc") \
        >>"$dir/apt-source.log" 2>&1 || {
        tail -n 5 "$dir/apt-source.log" >&2
        die "dpkg-source could not unpack the source package"
    }
    [ -x "$dir/librdkafka-$NEWSX_RDKAFKA_VERSION/configure" ] ||
        die "the source package did not unpack into $dir/librdkafka-$NEWSX_RDKAFKA_VERSION"
}

install_pinned() {
    local prefix=$NEWSX_RDKAFKA_PREFIX
    if [ -f "$prefix/.installed" ]; then
        return 0
    fi
    mkdir -p "$(dirname "$prefix")"
    # One build at a time per cache (several checkouts may share it).
    exec 9>"$prefix.lock"
    flock 9
    if [ -f "$prefix/.installed" ]; then
        return 0
    fi
    local t0 work
    t0=$(date +%s)
    work=$(mktemp -d "$prefix.build.XXXXXX")
    # shellcheck disable=SC2064 # expand now: the path is fixed
    trap "rm -rf '$work'" EXIT
    fetch_source "$work"
    local src=$work/librdkafka-$NEWSX_RDKAFKA_VERSION
    say "building librdkafka $NEWSX_RDKAFKA_VERSION (C library only) into $prefix"
    rm -rf "$prefix"
    # SSL is required (SCRAM, TLS); curl (OIDC token fetch) is not used.
    (
        cd "$src" &&
            ./configure --prefix="$prefix" --no-download --disable-curl --enable-ssl \
                --enable-gssapi --enable-zlib --enable-zstd --enable-lz4-ext &&
            make -C src -j"$(nproc)" &&
            make -C src install
    ) >"$work/build.log" 2>&1 || {
        tail -n 30 "$work/build.log" >&2
        cp "$work/build.log" "$prefix.build.log" 2>/dev/null || true
        die "building librdkafka $NEWSX_RDKAFKA_VERSION failed (log: $prefix.build.log)"
    }
    local got
    got=$(PKG_CONFIG_PATH=$prefix/lib/pkgconfig pkg-config --modversion rdkafka)
    [ "$got" = "$NEWSX_RDKAFKA_VERSION" ] ||
        die "installed rdkafka.pc says version '$got', not $NEWSX_RDKAFKA_VERSION"
    # the shared library is what the binaries use (rpath): no static copies
    rm -f "$prefix"/lib/librdkafka*.a "$prefix"/lib/pkgconfig/rdkafka-static.pc "$prefix.build.log"
    echo "$NEWSX_RDKAFKA_DEBVERSION" >"$prefix/.installed"
    say "librdkafka $NEWSX_RDKAFKA_VERSION installed in $prefix ($(($(date +%s) - t0)) s)"
}

case "${1:-}" in
install) install_pinned ;;
prefix) echo "$NEWSX_RDKAFKA_PREFIX" ;;
*)
    sed -n '2,10p' "$0" >&2
    exit 2
    ;;
esac
