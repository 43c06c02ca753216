"""A CLIXML corpus written by psrpcore's serializer, and the check of what another codec made of it (test helper).

Usage (psrpcore 0.3.1 importable):
  clixml_corpus.py make   prints one line per value: "NAME BASE64(CLIXML)", each written by psrpcore.
  clixml_corpus.py check  reads lines "NAME BASE64(ORIGINAL) BASE64(REWRITTEN)" and prints "NAME same" when psrpcore
                          reads both to values it writes back identically, else "NAME differs BASE64(a) BASE64(b)".
"""
import base64
import datetime
import decimal
import sys
import uuid
from xml.etree import ElementTree

import psrpcore.types as t
from psrpcore.types import ErrorCategory, deserialize, serialize


def corpus():
    shared = t.PSCustomObject(Name="shared", Id=t.PSInt(1))
    bag = t.PSCustomObject(Name="svc _x0041_ <&>", Id=t.PSInt(4), Nested=t.PSCustomObject(Deep=t.PSBool(True)))
    bag.PSObject.type_names.insert(0, "My.Custom.Type")
    queue = t.PSQueue()
    queue.put("first")
    queue.put("second")
    hashtable = t.PSDict()
    hashtable["key"] = "value"
    hashtable[t.PSInt(2)] = t.PSList(["a", t.PSInt(3)])
    return {
        "string": t.PSString("tab\there\r\n\U0001F600 _x0041_ _X0041_ <&> \u0001 end "),
        "empty-string": t.PSString(""),
        "int": t.PSInt(-2147483648),
        "int64": t.PSInt64(9223372036854775807),
        "uint64": t.PSUInt64(18446744073709551615),
        "uint": t.PSUInt(4294967295),
        "int16": t.PSInt16(-32768),
        "uint16": t.PSUInt16(65535),
        "byte": t.PSByte(255),
        "sbyte": t.PSSByte(-128),
        "bool": t.PSBool(False),
        "double": t.PSDouble(3.141592653589793),
        "double-exp": t.PSDouble(1.5e-300),
        "single": t.PSSingle(1.5),
        "decimal": t.PSDecimal(decimal.Decimal("-79228162514264337593543950335")),
        "char": t.PSChar("x"),
        "datetime": t.PSDateTime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=datetime.timezone.utc),
        "duration": t.PSDuration(days=1, hours=2, minutes=3, seconds=4, microseconds=500000),
        "guid": t.PSGuid(uuid.UUID("76056a84-51dc-4f24-9262-ca2a55464b2b")),
        "version": t.PSVersion("1.2.3.4"),
        "uri": t.PSUri("https://example.com/a?b=c&d=e"),
        "bytes": t.PSByteArray(b"\x00\x01\xfe\xff"),
        "scriptblock": t.PSScriptBlock("Get-Item $env:TEMP | % { $_ }"),
        "xml": t.PSXml("<root a=\"1\">t</root>"),
        "null": None,
        "list": t.PSList([t.PSInt(1), "two", None, t.PSList(["nested"])]),
        "stack": t.PSStack(["top", "bottom"]),
        "queue": queue,
        "hashtable": hashtable,
        "custom-object": bag,
        "enum": ErrorCategory.PermissionDenied,
        "references": t.PSList([shared, shared]),
    }


def write(value):
    return ElementTree.tostring(serialize(value, None), encoding="utf-8")


def main():
    if sys.argv[1] == "make":
        for name, value in corpus().items():
            print(name, base64.b64encode(write(value)).decode())
        return
    for line in sys.stdin.read().splitlines():
        name, original, rewritten = line.split(" ")
        a = write(deserialize(ElementTree.fromstring(base64.b64decode(original)), None))
        b = write(deserialize(ElementTree.fromstring(base64.b64decode(rewritten)), None))
        if a == b:
            print(name, "same")
        else:
            print(name, "differs", base64.b64encode(a).decode(), base64.b64encode(b).decode())


if __name__ == "__main__":
    main()
