#!/bin/sh
# Row (h) of bench/run: `openwinrm invoke -c @hosts.txt --throttle T -- hostname` against N host names, started by
# EndToEndBenchmark inside `unshare -n`: a network namespace of its own, whose loopback answers every 127.x.y.z, so
# one server bound to 0.0.0.0 plays all N hosts (each name is its own TCP connection, TLS handshake, authentication,
# shell and process) and nothing outside the namespace can reach it.
#
#   fanout.sh JAVA JAR HOME PASSWORD_FILE HOSTS THROTTLE SERVER_JVM_OPTS CLIENT_JVM_OPTS
#
# HOME: a state directory with the account root (PASSWORD_FILE's password) and limits for N shells of one user from
# one address (the server plays N hosts). Prints one line: wall=SECONDS rss_kib=CLIENT_MAX_RSS answered=HOSTS
# lines=OUTPUT_LINES exit=CODE.
set -eu
java=$1 jar=$2 home=$3 password_file=$4 hosts=$5 throttle=$6 server_opts=$7 client_opts=$8
work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
ip link set lo up

# shellcheck disable=SC2086  # the JVM options are meant to be split into words
env --default-signal=INT,QUIT "$java" $server_opts --enable-native-access=ALL-UNNAMED -jar "$jar" serve \
    --home "$home" --bind 0.0.0.0 --https-port 5986 --http-port -1 >"$work/server.log" 2>&1 &
server=$!
i=0
until grep -qs '^openwinrm: listening on' "$work/server.log"; do
    i=$((i + 1))
    if [ "$i" -gt 300 ] || ! kill -0 "$server" 2>/dev/null; then
        cat "$work/server.log" >&2
        echo "fanout: the server did not start" >&2
        exit 1
    fi
    sleep 0.1
done
fingerprint=$(sed -n 's/^openwinrm: certificate SHA-256 fingerprint //p' "$work/server.log" | head -n 1)

# N distinct loopback addresses 127.0.X.Y (Y 1..250), each with the server's port
awk -v n="$hosts" 'BEGIN { print "# fan-out hosts"; for (i = 0; i < n; i++) printf "127.0.%d.%d:5986\n", int(i / 250), i % 250 + 1 }' \
    >"$work/hosts.txt"

set +e
# shellcheck disable=SC2086
OPENWINRM_PASSWORD=$(cat "$password_file") /usr/bin/time -f '%e %M' -o "$work/time" "$java" $client_opts \
    --enable-native-access=ALL-UNNAMED -jar "$jar" invoke -c "@$work/hosts.txt" --throttle "$throttle" -a basic -u root \
    --cert-fingerprint "$fingerprint" -- hostname >"$work/out" 2>"$work/err" </dev/null
code=$?
set -e
if [ "$code" -ne 0 ]; then
    echo "fanout: invoke exited with $code; first errors:" >&2
    head -n 5 "$work/err" >&2
fi
# output lines are prefixed [127.0.X.Y] (5986 is the default HTTPS port, so not shown)
answered=$(sed -n 's/^\[\(127\.0\.[0-9]*\.[0-9]*\)\] .*/\1/p' "$work/out" | sort -u | wc -l)
# the last line (time writes "Command exited with non-zero status N" first when it did)
# shellcheck disable=SC2046
set -- $(tail -n 1 "$work/time")
wall=$1 rss=$2
echo "wall=$wall rss_kib=$rss answered=$answered lines=$(wc -l <"$work/out") exit=$code"
cleanup
server=
exit 0
