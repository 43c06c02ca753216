# JVM options for one run of the openwinrm CLI, chosen by its subcommand: one home for this policy, sourced by the
# source checkout's bin/openwinrm and by the Debian package's /usr/bin/openwinrm. POSIX sh.
#
#   openwinrm_jvm_options SUBCOMMAND ARCHIVE JAVA    prints the options, separated by spaces
#
# A one-shot client command (invoke, version, session, user, ...) runs for a fraction of a second: C2's compiler
# threads and the parallel collector's start-up cost more than they give back, so it runs with C1 only and the serial
# collector. The server and the commands that stay open (serve, enter, demo) keep the JVM's defaults. copy keeps C2
# (its loops are base64, TLS and SHA-256 over gigabytes) but takes the serial collector too: its few threads make
# short-lived buffers, and G1's concurrent work and barriers cost ~10% more CPU per copied GiB (bench/ANALYSIS.md). ARCHIVE is the class-data sharing archive `mvn package` (or the package's postinst) dumped for this jar:
# classes are mapped from it instead of being loaded, verified and linked on every start. It is used only when its
# stamp (ARCHIVE.stamp) says it was dumped by JAVA; the JVM itself ignores one dumped for another jar (-Xshare:auto).
# OPENWINRM_JAVA_OPTS comes after these options on the java command line, so it can override any of them.
openwinrm_jvm_options() {
    case "${1:-}" in
        serve | enter | demo) ;;
        copy) printf '%s ' -XX:+UseSerialGC ;;
        *) printf '%s ' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC ;;
    esac
    if [ -n "${2:-}" ] && [ -r "$2" ] && [ -r "$2.stamp" ] \
        && [ "$(cat "$2.stamp")" = "$(openwinrm_java_stamp "${3:-java}")" ]; then
        printf '%s ' -Xshare:auto -Xlog:cds*=off "-XX:SharedArchiveFile=$2"
    fi
}

# The Java an archive belongs to: the java binary's real path and its installation's JAVA_RUNTIME_VERSION (the JVM
# refuses an archive of another build; one of another format makes it print errors and run without any archive, not
# even the JDK's own).
openwinrm_java_stamp() {
    _java=$(command -v "$1" 2>/dev/null || echo "$1")
    _java=$(readlink -f "$_java" 2>/dev/null || echo "$_java")
    printf '%s %s\n' "$_java" "$(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "${_java%/bin/java}/release" 2>/dev/null)"
}
