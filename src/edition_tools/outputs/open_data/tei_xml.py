"""TEI XML as the exports write it: elements, text any source may hold, ids, the file.

Shared by the TEI of each source (:mod:`~edition_tools.outputs.open_data.tei`) and the
bibliography of ``registers.xml``
(:mod:`~edition_tools.outputs.open_data.bibliography`).
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET

__all__ = [
    "REGISTERS",
    "TEI_ALL_RNG",
    "TEI_NS",
    "XML_NS",
    "append_text",
    "element",
    "serialise",
    "xml_id",
]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
REGISTERS = "registers.xml"
ET.register_namespace("", TEI_NS)


# The characters an xml:id keeps as they are: ASCII letters and digits, ``.``, ``-``, and
# the Latin-1, Latin Extended-A and Cyrillic letters of XML 1.0's first Name rules
# (Appendix B of the fourth edition), which Jing, like every older validator, still
# applies. ``_`` is not among them: it marks a slug that lost characters.
_ID_CHARS = (
    "a-z0-9.\\-"
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u0131\u0134-\u013e\u0141-\u0148\u014a-\u017e"
    "\u0401-\u040c\u040e-\u044f\u0451-\u045c\u045e-\u0481\u0490-\u04c4"
)
_ID_KEPT = re.compile(f"[{_ID_CHARS}]*")
_ID_REPLACED = re.compile(f"[^{_ID_CHARS}]")


def xml_id(prefix: str, value: str) -> str:
    """A valid xml:id for ``value`` (case aside), distinct from that of any other value.

    ``value`` lower-cased is kept when every character of it may stand in an id
    (``term-peć``, ``term-косово``); otherwise each other character becomes ``_`` and a
    digest of the value is added (``term-a_b-1f2e3d4c``), so that no two values share an
    id and the id stays the same from build to build.
    """
    key = value.lower()
    if _ID_KEPT.fullmatch(key):
        return f"{prefix}-{key}"
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=4).hexdigest()
    return f"{prefix}-{_ID_REPLACED.sub('_', key)}-{digest}"


# The characters XML 1.0 cannot hold, even as character references: the C0 controls
# but tab, LF and CR, and U+FFFE and U+FFFF (UTF-8 yields no surrogates).
_NOT_XML = re.compile("([\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff])")


def _stand_in(char: str) -> str:
    """What a ``g`` element shows for ``char``: its control picture (``␌``), else U+FFFD."""
    code = ord(char)
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"


def append_text(parent: ET.Element, text: str) -> None:
    """Add ``text`` at the end of ``parent`` (after its last child, if any).

    A character XML cannot hold (a form feed, a vertical tab) is not dropped: it becomes
    ``<g type="control-character" n="U+000C">␌</g>``, the code point in ``n`` and its
    Unicode control picture as the text, as TEI's ``g`` is for characters that cannot
    be written as they are.
    """
    # Split with a group: the parts alternate between text and one character XML lacks.
    for index, part in enumerate(_NOT_XML.split(text)):
        if index % 2:
            glyph = ET.SubElement(
                parent, f"{{{TEI_NS}}}g", {"type": "control-character", "n": f"U+{ord(part):04X}"}
            )
            glyph.text = _stand_in(part)
        elif part and len(parent):
            parent[-1].tail = (parent[-1].tail or "") + part
        elif part:
            parent.text = (parent.text or "") + part


def element(
    parent: ET.Element | None, tag: str, text: str | None = None, **attributes: str
) -> ET.Element:
    """A TEI element (a child of ``parent``, if given); ``xml_lang`` stands for ``xml:lang``."""
    attrs = {
        (f"{{{XML_NS}}}{k[4:]}" if k.startswith("xml_") else k): v for k, v in attributes.items()
    }
    made = (
        ET.Element(f"{{{TEI_NS}}}{tag}", attrs)
        if parent is None
        else ET.SubElement(parent, f"{{{TEI_NS}}}{tag}", attrs)
    )
    if text is not None:
        append_text(made, text)
    return made


#: The schema each TEI file names in its ``<?xml-model?>``: TEI P5's ``tei_all``.
TEI_ALL_RNG = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng"
_XML_MODEL = (
    f'<?xml-model href="{TEI_ALL_RNG}" type="application/xml" '
    'schematypens="http://relaxng.org/ns/structure/1.0"?>'
)


def serialise(tree: ET.ElementTree) -> bytes:
    """The document as UTF-8 XML with a declaration and its ``<?xml-model?>``."""
    root = tree.getroot()
    assert root is not None
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    # ElementTree writes a CR of the text as it is, and a parser would read it as LF:
    # written as a reference, a lone CR of a source survives. (It writes none of its own.)
    body = body.replace(b"\r", b"&#13;")
    head = f"<?xml version='1.0' encoding='utf-8'?>\n{_XML_MODEL}\n".encode()
    return head + body + b"\n"
