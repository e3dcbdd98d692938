"""Which files the edition may publish as they are, and what an SVG or a style may hold.

Anything a contributor puts under ``html_static_path``, every image and every
``{download}`` target is copied into the output byte for byte and served from the
edition's own origin, where an HTML, XML or SVG file with a script would run with the
edition's rights. So a copied file must be of a passive type (an allowlist of
extensions), its first bytes must agree with that type (a ``.png`` that is really markup
is refused), and an SVG must hold only an allowlist of SVG elements and attributes: no
script, no ``foreignObject``, no event handler, no link but to a fragment of itself, no
DOCTYPE or processing instruction. The SVG is read with the standard library's expat,
which gives the line of each element; entities are refused before they are expanded.

The CSS rules (``style`` attributes, ``<style>``) live here too, since an SVG and a page
share them: no ``@import``, no ``expression()`` or bindings, no ``url()`` to another
origin.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass

from edition_tools.checks.security.urls import LinkVerdict, judge_resource

__all__ = [
    "PASSIVE_EXTENSIONS",
    "Finding",
    "audit_file",
    "audit_svg",
    "css_problems",
    "names",
]


def names(text: str) -> frozenset[str]:
    """The names in ``text``, separated by white space (long allowlists read as prose)."""
    return frozenset(text.split())


@dataclass(frozen=True)
class Finding:
    """One thing in a written or copied file that the edition does not let reach a reader."""

    #: What was found, for the message ("an inline script").
    what: str
    #: The offending markup or value, shortened to one line.
    excerpt: str
    #: A string to look for in the page the finding came from, to give its line.
    needle: str = ""
    #: The line in the scanned file when the parser knows it, else 0.
    line: int = 0


#: Types a browser shows and never runs, each with the bytes its files start with
#: (empty: a text type, any content).
PASSIVE_EXTENSIONS: dict[str, tuple[bytes, ...]] = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "avif": (),  # an ISO box: checked below ("ftyp" at offset 4)
    "ico": (b"\x00\x00\x01\x00",),
    "bmp": (b"BM",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "pdf": (b"%PDF-",),
    "txt": (),
    "csv": (),
    "tsv": (),
    "json": (),
    "bib": (),
    "md": (),
    "svg": (),  # passive only once audit_svg finds nothing
}
_TEXT_TYPES = frozenset({"txt", "csv", "tsv", "json", "bib", "md", "svg"})

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
# Editors' own namespaces (Inkscape, Sodipodi, RDF metadata): a browser gives their
# elements and attributes no behaviour, so they are kept rather than forcing a re-export.
_INERT_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
    }
)

_SVG_ELEMENTS = names(
    """
    svg g defs desc title metadata symbol use switch view a style path rect circle
    ellipse line polyline polygon image text tspan textPath linearGradient
    radialGradient stop pattern clipPath mask marker filter feBlend feColorMatrix
    feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap
    feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur
    feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting
    feSpotLight feTile feTurbulence
    """
)

_SVG_ATTRIBUTES = names(
    """
    id class style lang tabindex role focusable version baseProfile transform viewBox
    preserveAspectRatio width height x y x1 y1 x2 y2 cx cy r rx ry d points pathLength
    fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color
    display visibility overflow clip-path clip-rule mask filter font-family font-size
    font-size-adjust font-weight font-style font-variant font-stretch text-anchor
    dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing
    text-decoration writing-mode direction unicode-bidi dx dy rotate textLength
    lengthAdjust startOffset method spacing side offset stop-color stop-opacity
    gradientUnits gradientTransform spreadMethod fx fy fr patternUnits
    patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits
    markerWidth markerHeight markerUnits refX refY orient marker-start marker-mid
    marker-end shape-rendering text-rendering image-rendering color-interpolation
    color-interpolation-filters color-rendering vector-effect paint-order mix-blend-mode
    isolation enable-background filterUnits primitiveUnits in in2 result stdDeviation
    mode type values operator k1 k2 k3 k4 flood-color flood-opacity lighting-color scale
    xChannelSelector yChannelSelector baseFrequency numOctaves seed stitchTiles order
    kernelMatrix divisor bias targetX targetY edgeMode kernelUnitLength preserveAlpha
    surfaceScale diffuseConstant specularConstant specularExponent azimuth elevation z
    pointsAtX pointsAtY pointsAtZ limitingConeAngle tableValues slope intercept
    amplitude exponent radius media requiredExtensions systemLanguage href
    """
)
# A raster picture embedded in an SVG (as Inkscape does) is the only non-fragment link.
_EMBEDDED_RASTER = re.compile(r"^data:image/(?:png|jpeg|gif|webp);base64,", re.IGNORECASE)

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\s]*))\s*\)?")
_CSS_STRING_FUNCTION = re.compile(r"(?:image-set|-webkit-image-set|src)\(([^)]*)\)?")
_CSS_STRING = re.compile(r"\"([^\"]*)\"|'([^']*)'")
_CSS_ACTIVE = (
    (re.compile(r"@import"), "an @import"),
    (re.compile(r"expression\s*\("), "a CSS expression()"),
    (re.compile(r"-moz-binding"), "a CSS binding"),
    (re.compile(r"(?<![\w-])behavior\s*:"), "a CSS behavior"),
    (re.compile(r"javascript:"), "a javascript: URL in CSS"),
)


def _css_unescape(css: str) -> str:
    """``css`` with comments removed and escapes decoded, lower case, as a browser reads it."""

    def decode(match: re.Match[str]) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match.group(2)

    return _CSS_ESCAPE.sub(decode, _CSS_COMMENT.sub("", css)).lower()


def css_problems(css: str) -> list[tuple[str, str]]:
    """What in a style sheet or ``style`` attribute could load or run something: (what, value)."""
    text = _css_unescape(css)
    problems = [(what, m.group(0)) for pattern, what in _CSS_ACTIVE if (m := pattern.search(text))]
    targets = [next(g for g in m.groups() if g is not None) for m in _CSS_URL.finditer(text)]
    for match in _CSS_STRING_FUNCTION.finditer(text):
        targets += [m.group(1) or m.group(2) or "" for m in _CSS_STRING.finditer(match.group(1))]
    for target in targets:
        if judge_resource(target) is not LinkVerdict.RELATIVE:
            problems.append(("a CSS url() from another origin", target))
    return problems


def _short(text: str, limit: int = 120) -> str:
    """``text`` on one line, cut at ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _SvgAudit:
    """Expat handlers that collect what an SVG must not hold, with lines."""

    def __init__(self) -> None:
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
        self.findings: list[Finding] = []
        self.style_depth = 0
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters
        self.parser.ProcessingInstructionHandler = self.instruction
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.entity

    def add(self, what: str, excerpt: str, needle: str = "") -> None:
        """Record a finding at the parser's current line."""
        line = self.parser.CurrentLineNumber
        self.findings.append(Finding(what, _short(excerpt), needle or excerpt, line))

    def start(self, name: str, attributes: dict[str, str]) -> None:
        """Check an element and its attributes against the allowlists."""
        namespace, _, local = name.rpartition("}")
        if namespace in _INERT_NAMESPACES:
            pass
        elif namespace != _SVG or local not in _SVG_ELEMENTS:
            self.add(f"an element an SVG may not hold (<{local}>)", f"<{local}", f"<{local}")
        if local == "style" and namespace == _SVG:
            self.style_depth += 1
        for key, value in attributes.items():
            self.attribute(local, key, value)

    def attribute(self, element: str, key: str, value: str) -> None:
        """Check one attribute: name allowlist, links to fragments only, safe CSS."""
        namespace, _, local = key.rpartition("}")
        shown = f'{local}="{value}"'
        if local.lower().startswith("on"):
            self.add("an event-handler attribute in an SVG", shown, local)
            return
        if namespace in _INERT_NAMESPACES or (namespace == _XML and local in {"space", "lang"}):
            return
        if namespace not in {"", _XLINK} or (namespace == _XLINK and local != "href"):
            self.add("an attribute an SVG may not hold", shown, local)
            return
        if local == "href":
            if not value.strip().startswith("#") and not (
                element == "image" and _EMBEDDED_RASTER.match(value.strip())
            ):
                self.add("a link in an SVG to something other than itself", shown, value)
            return
        if local not in _SVG_ATTRIBUTES and not local.startswith(("aria-", "data-")):
            self.add("an attribute an SVG may not hold", shown, local)
            return
        if "url(" in value.lower() or local == "style":
            for what, target in css_problems(value):
                self.add(f"{what} in an SVG", shown, target)

    def end(self, name: str) -> None:
        """Leave a ``<style>`` element."""
        if name == f"{_SVG}}}style":
            self.style_depth -= 1

    def characters(self, data: str) -> None:
        """Check the text of ``<style>`` elements as CSS."""
        if self.style_depth:
            for what, target in css_problems(data):
                self.add(f"{what} in an SVG", data, target)

    def instruction(self, target: str, data: str) -> None:
        """Refuse processing instructions: ``xml-stylesheet`` can apply XSLT that writes script."""
        self.add("a processing instruction in an SVG", f"<?{target} {data}?>", f"<?{target}")

    def doctype(self, *args: object) -> None:
        """Refuse a DOCTYPE at once, before any entity it declares is expanded."""
        self.add("a DOCTYPE in an SVG", "<!DOCTYPE", "<!DOCTYPE")
        raise _RefusedError

    def entity(self, *args: object) -> None:
        """Refuse entity declarations (expansion bombs, hidden markup)."""
        self.add("an entity declaration in an SVG", "<!ENTITY", "<!ENTITY")
        raise _RefusedError


class _RefusedError(Exception):
    """Stop reading an SVG that has already been refused."""


def audit_svg(data: bytes) -> list[Finding]:
    """What in an SVG file could run or load something when a reader opens it."""
    audit = _SvgAudit()
    try:
        audit.parser.Parse(data, True)
    except _RefusedError:
        pass
    except xml.parsers.expat.ExpatError as error:
        # A browser shows an error page for it at best: refuse rather than guess.
        audit.findings.append(
            Finding("an SVG that is not well-formed XML", str(error), "", error.lineno)
        )
    return audit.findings


def audit_file(name: str, data: bytes) -> list[Finding]:
    """What makes a file unfit to be published as it is: its type, or its contents."""
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in PASSIVE_EXTENSIONS:
        shown = f".{extension}" if extension else "no extension"
        return [Finding(f"a file of a type a browser may run ({shown})", name)]
    if extension == "svg":
        return audit_svg(data)
    if extension in _TEXT_TYPES:
        return []
    starts = PASSIVE_EXTENSIONS[extension]
    matches = data[4:12].startswith(b"ftyp") if extension == "avif" else data.startswith(starts)
    if extension == "webp":
        matches = matches and data[8:12] == b"WEBP"
    if not matches:
        # A browser sniffs a file whose bytes are not its type's; markup would then run.
        return [Finding(f"a file whose contents are not a .{extension}", name)]
    return []
