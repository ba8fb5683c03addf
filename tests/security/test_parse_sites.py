"""Meta-test: every parse of input XML goes through checker.reader.package.Package.xml().

A new `etree.fromstring`, stdlib ElementTree/minidom/sax parse or python-docx `Document(path)`
elsewhere in the code would bypass the caps and the DOCTYPE refusal; add it here only with a
reason (and make it read bytes that open_package verified).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARSE = re.compile(
    r"etree\.(fromstring|parse|XML|iterparse|XMLParser|HTML|XMLPullParser|XMLID)\s*\("
    r"|\bET\.(fromstring|parse|XML|iterparse)\s*\("
    r"|ElementTree\.(fromstring|parse|XML|iterparse)\s*\("
    r"|minidom\.parse|xml\.sax|pyexpat|objectify\.(fromstring|parse)"
    r"|docx\.Document\(\s*[^)\s]"
)
ALLOWED = {
    "src/checker/reader/package.py": "the one parser, with the limits",
    "src/checker/annotate.py": "python-docx re-opens an input that open_package verified (caps, no DOCTYPE) to write a copy",
}


def test_every_input_parse_goes_through_package_xml():
    offenders = []
    for folder in ("src", "plugins"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in ALLOWED or "/tests/" in rel:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if PARSE.search(line):
                    offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "XML parsed outside checker.reader.package:\n" + "\n".join(offenders)
