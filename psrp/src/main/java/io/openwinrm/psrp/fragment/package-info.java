/**
 * PSRP fragments ([MS-PSRP] 2.2.4): every PSRP message travels as one or more fragments, each with a 21-byte
 * big-endian header (ObjectId, FragmentId, Start/End flags, BlobLength). {@link io.openwinrm.psrp.fragment.Fragmenter}
 * cuts messages to a fragment size derived from the peer's MaxEnvelopeSize, and
 * {@link io.openwinrm.psrp.fragment.Defragmenter} reassembles them from a byte stream with bounded memory.
 */
package io.openwinrm.psrp.fragment;
