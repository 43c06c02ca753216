"""Produces pywinrm-0.5-framed encrypted bodies with the test's fake sealing (see FakeSecurityContext.java).

Run with the interop venv:  interop/.venv/bin/python make_pywinrm_vector.py > pywinrm-request.b64
It drives pywinrm's own winrm.encryption.Encryption class, so the framing is exactly what pywinrm sends.
"""
import base64, hashlib, hmac, struct, sys
from winrm.encryption import Encryption

C2S, S2C = b"client-to-server", b"server-to-client"

def _h(key, *parts):
    m = hmac.new(key, digestmod=hashlib.sha256)
    for p in parts:
        m.update(p)
    return m.digest()

def _xor(data, key, seq):
    ks = b""
    block = 0
    while len(ks) < len(data):
        ks += _h(key, b"ks", struct.pack("<I", seq), struct.pack("<I", block))
        block += 1
    return bytes(a ^ b for a, b in zip(data, ks))

class FakeSecurity:
    def __init__(self):
        self.seq = 0
    def wrap(self, msg):
        seq = self.seq; self.seq += 1
        sig = struct.pack("<I", seq) + _h(C2S, struct.pack("<I", seq), msg)[:16]
        return _xor(msg, C2S, seq), sig

class FakeAuth:
    session_security = FakeSecurity()

class FakeSession:
    auth = FakeAuth()
    def prepare_request(self, req):
        return req.prepare()

enc = Encryption(FakeSession(), "ntlm")
for soap in (b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>',
             "<x>caf\u00e9 \u2603</x>".encode("utf-8")):
    req = enc.prepare_encrypted_request(FakeSession(), "http://127.0.0.1:5985/wsman", soap)
    print(req.headers["Content-Type"])
    print(base64.b64encode(req.body).decode())
