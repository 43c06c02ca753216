package io.openwinrm.bench;

/** A timed upload and what the remote command printed (the byte count when it is {@code wc -c}). */
record UploadResult(ThroughputStats.Run run, String output) {
}
