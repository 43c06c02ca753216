#!/bin/sh
# Dumps the class-data sharing archive of the CLI jar (see jvm-options.sh), as `mvn package` does for
# cli/target/openwinrm.jar and the Debian package's postinst for /usr/share/openwinrm/openwinrm.jar.
#
#   cds-archive.sh JAVA JAR CLASSLIST ARCHIVE [train]
#
# With `train`, CLASSLIST is first written by running the jar the way it is used: `demo` (an embedded HTTPS server on
# 127.0.0.1 with a throwaway account store in a temporary directory, NTLM, a command run through it: TLS, WS-Man, the
# client), `version`, and `invoke` against a closed port (the invoke command line, the client settings file and the
# connection code up to the refused connection). Without it, CLASSLIST is an existing list (the package ships the one the build made).
# The archive is dumped with JAR's path exactly as the launchers pass it to -jar.
# Never fatal: on any failure it says why on stderr, leaves no archive, and exits 0 (the CLI runs without one).
set -u
java=$1 jar=$2 list=$3 archive=$4 mode=${5:-}

fail() {
    echo "cds-archive: $*; the CLI will start without a class-data sharing archive" >&2
    rm -f "$archive" "$archive.stamp"
    exit 0
}

if [ "$mode" = train ]; then
    work=$(mktemp -d) || fail "cannot make a temporary directory"
    trap 'rm -rf "$work"' EXIT
    mkdir "$work/home" && printf 'trusted_hosts = ["127.0.0.1"]\n' >"$work/home/client.toml" || fail "cannot write $work/home"
    n=0
    # each training run writes its own list; a run's exit code does not matter (invoke's connection is refused)
    for run in "demo -- true" "version" "invoke --http -u nobody -c 127.0.0.1:9 -- true"; do
        n=$((n + 1))
        # shellcheck disable=SC2086  # $run is meant to be split into words
        OPENWINRM_PASSWORD=unused OPENWINRM_HOME="$work/home" timeout 60 "$java" -XX:DumpLoadedClassList="$work/$n.lst" \
            --enable-native-access=ALL-UNNAMED -jar "$jar" $run >"$work/$n.out" 2>&1 </dev/null
        [ -s "$work/$n.lst" ] || fail "training run '$run' wrote no class list ($(tail -n 1 "$work/$n.out"))"
    done
    # one line per class (or lambda form), in the order first loaded
    cat "$work"/*.lst | awk '/^#/ { next } !seen[$0]++' >"$list" || fail "cannot write $list"
fi
[ -s "$list" ] || fail "no class list $list"
rm -f "$archive" "$archive.stamp"
if ! out=$("$java" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$archive" -cp "$jar" 2>&1); then
    fail "java -Xshare:dump failed: $(printf '%s\n' "$out" | tail -n 1)"
fi
[ -s "$archive" ] || fail "java -Xshare:dump wrote no archive"
# which Java it belongs to (jvm-options.sh passes it to no other)
. "$(dirname "$0")/jvm-options.sh"
openwinrm_java_stamp "$java" >"$archive.stamp" || fail "cannot write $archive.stamp"
