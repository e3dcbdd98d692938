"""Open data as its consumers check it, with validators other people wrote.

- Every annotation, collection and page against the W3C Web Annotation test suite's
  JSON schemas (``tests/vendor/web-annotation-tests``), each MUST assertion.
- Every schema.org type and property of the pages' JSON-LD against a release of the
  vocabulary (``tests/vendor/schemaorg``): the type exists, the property exists, the
  property's domain includes the type, and its range the value.
- Every pointer of the TEI files lands on an ``xml:id``.
- Ids and dates stay put: two builds without ``SOURCE_DATE_EPOCH`` give identical files,
  a note added before others changes no other annotation, and ``created`` is the commit
  that added the note.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from lxml import html
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from conftest import PROJECT, ROOTS, TESTS, build_app, require, warnings_of
from edition_tools.features.disputed import Level
from edition_tools.model.catalogue import load_catalogue
from edition_tools.model.dates import DatePrecision
from edition_tools.outputs.open_data.jsonld import RATINGS
from edition_tools.store.domain import edition_domain

VENDOR = TESTS / "vendor"
W3C = VENDOR / "web-annotation-tests"
SCHEMAORG = VENDOR / "schemaorg" / "schemaorg-current-https-30.0.jsonld.gz"
CATALOGUE = load_catalogue(PROJECT / "sources" / "catalogue.toml")
SOURCE_IDS = [record.id for record in CATALOGUE]
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture(scope="module")
def site(built_edition) -> Path:
    return Path(built_edition.outdir)


@pytest.fixture(scope="module")
def traps(open_data_traps: Path) -> Path:
    return open_data_traps


def collections_of(site: Path) -> list[dict[str, Any]]:
    files = sorted((site / "data").glob("*.annotations.jsonld"))
    assert files
    return [json.loads(path.read_text(encoding="utf-8")) for path in files]


# -- The W3C Web Annotation test suite -------------------------------------------------


def _uri(value: object) -> bool:
    """RFC 3986's URI: a scheme, and only characters a URI may hold (no space, no é)."""
    if not isinstance(value, str):
        return True
    return bool(urlsplit(value).scheme) and re.fullmatch(r"[!#-;=?-\[\]_a-z~]+", value, re.I)


def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    return (
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value) is not None
    )


FORMATS = jsonschema.FormatChecker(formats=())
FORMATS.checks("uri")(_uri)
FORMATS.checks("date-time")(_date_time)


@cache
def _registry() -> Registry:
    resources = []
    for path in W3C.rglob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"], Resource(contents=schema, specification=DRAFT4)))
    return Registry().with_resources(resources)


def _assertions(test_file: str) -> list[dict[str, Any]]:
    listing = json.loads((W3C / test_file).read_text(encoding="utf-8"))
    schemas = [
        json.loads((W3C / name).read_text(encoding="utf-8")) for name in listing["assertions"]
    ]
    assert schemas and all(schema["assertionType"] == "must" for schema in schemas)
    return schemas


def failed_musts(document: dict[str, Any], test_file: str) -> list[str]:
    """The MUST assertions of ``test_file`` (a ``*Musts.test``) that ``document`` fails."""
    failures = []
    for schema in _assertions(test_file):
        validator = jsonschema.Draft4Validator(schema, registry=_registry(), format_checker=FORMATS)
        if not validator.is_valid(document):
            failures.append(f"{schema['id']}: {schema['errorMessage']}")
    return failures


def test_the_suite_fails_what_it_should():
    """The vendored suite and the format checks do reject a broken annotation."""
    broken = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "not a uri",
        "type": "Annotation",
        "created": "yesterday",
        "target": "http://example.org/page",
    }
    failed = failed_musts(broken, "annotations/annotationMusts.test")
    assert {name.split(":")[0] for name in failed} >= {
        "3.1-annotationIdValidated.json",
        "3.3.1-annotationCreatedValidated.json",
    }


@pytest.mark.parametrize("where", ["edition", "traps"])
def test_every_annotation_collection_and_page_meets_the_w3c_musts(request, where):
    site = request.getfixturevalue("site" if where == "edition" else "traps")
    for collection in collections_of(site):
        assert failed_musts(collection, "collections/collectionMusts.test") == []
        # The page test takes "an Annotation Collection with an embedded Page".
        assert failed_musts(collection, "collections/pages/pageMusts.test") == []
        for item in collection["first"]["items"]:
            annotation = {"@context": collection["@context"], **item}
            assert failed_musts(annotation, "annotations/annotationMusts.test") == [], item["id"]


def test_collections_pages_and_annotations_carry_the_licence_and_their_place(site):
    for collection in collections_of(site):
        page = collection["first"]
        assert collection["rights"] == page["rights"] == LICENCE
        assert collection["last"] == page["id"]
        assert page["partOf"] == collection["id"] and page["startIndex"] == 0
        assert collection["total"] == len(page["items"])
        ids = [item["id"] for item in page["items"]]
        assert len(set(ids)) == len(ids)
        for item in page["items"]:
            assert item["rights"] == LICENCE
            assert item["created"] <= item["modified"] <= collection["modified"]
            # An id names its record, never its place in the list.
            assert not re.search(r"#annotation-\d+$", item["id"]), item["id"]


def test_each_annotation_targets_the_copy_received_and_names_the_original(site):
    for record in CATALOGUE:
        collection = json.loads(
            (site / "data" / f"{record.id}.annotations.jsonld").read_text(encoding="utf-8")
        )
        sources = {json.dumps(item["target"]["source"]) for item in collection["first"]["items"]}
        [source] = [json.loads(value) for value in sources]
        copy = record.copy_url if record.copy_url.startswith("http") else record.url
        if isinstance(source, str):
            assert source == copy
            assert not record.url.startswith("http") or record.url == copy
        else:
            assert source == {"id": copy, "dcterms:isVersionOf": {"id": record.url}}
            assert record.url != copy


# -- schema.org ------------------------------------------------------------------------


@cache
def vocabulary() -> dict[str, dict[str, Any]]:
    """schema.org's terms by name (``ClaimReview``, ``itemReviewed``)."""
    graph = json.loads(gzip.decompress(SCHEMAORG.read_bytes()))["@graph"]
    return {node["@id"].removeprefix("schema:"): node for node in graph}


def _ids(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    return [item["@id"].removeprefix("schema:") for item in values]


@cache
def ancestors(name: str) -> frozenset[str]:
    """``name`` and every class it is a subclass of (an enumeration member: its type's)."""
    node = vocabulary().get(name)
    if node is None:
        return frozenset()
    parents = _ids(node.get("rdfs:subClassOf"))
    if node.get("@type") not in ("rdfs:Class", "rdf:Property") and isinstance(node["@type"], str):
        parents.append(node["@type"].removeprefix("schema:"))
    found = {name}
    for parent in parents:
        found |= ancestors(parent)
    return frozenset(found)


def _value_fits(value: Any, ranges: list[str]) -> bool:
    if isinstance(value, dict) and "@type" in value:
        return bool(ancestors(value["@type"]) & set(ranges))
    if isinstance(value, dict):  # {"@id": …}: a node described elsewhere
        return True
    if isinstance(value, bool):
        return "Boolean" in ranges
    if isinstance(value, int | float):
        return bool({"Number", "Integer", "Text"} & set(ranges))
    if isinstance(value, str) and re.fullmatch(r"https?://\S+", value):
        if "URL" in ranges:
            return True
        # An IRI of an enumeration's member, or of the concept a member matches exactly.
        members = [
            node
            for node in vocabulary().values()
            if isinstance(node.get("@type"), str)
            and node["@type"].removeprefix("schema:") in ranges
        ]
        matches = {m.get("skos:exactMatch", {}).get("@id") for m in members} | {
            f"https://schema.org/{m['@id'].removeprefix('schema:')}" for m in members
        }
        return value in matches
    if isinstance(value, str):
        return bool({"Text", "Date", "DateTime", "URL"} & set(ranges))
    return False


def schema_problems(node: dict[str, Any], where: str = "") -> list[str]:
    """Every type, property, domain or range of ``node`` that schema.org does not have."""
    problems = []
    kind = node.get("@type", "Thing")
    if kind not in vocabulary():
        return [f"{where}: no type {kind}"]
    for name, value in node.items():
        if name.startswith("@"):
            continue
        term = vocabulary().get(name)
        if term is None or term.get("@type") != "rdf:Property":
            problems.append(f"{where}: no property {name}")
            continue
        if not ancestors(kind) & set(_ids(term.get("schema:domainIncludes"))):
            problems.append(f"{where}: {name} is not a property of {kind}")
        ranges = _ids(term.get("schema:rangeIncludes"))
        for item in value if isinstance(value, list) else [value]:
            if not _value_fits(item, ranges):
                problems.append(f"{where}: {name}={item!r} is none of {ranges}")
            if isinstance(item, dict) and "@type" in item:
                problems.extend(schema_problems(item, f"{where}.{name}"))
    return problems


def jsonld_of(page: Path) -> dict[str, Any]:
    [script] = html.fromstring(page.read_bytes()).xpath(
        "//head/script[@type='application/ld+json']"
    )
    return json.loads(script.text)


def test_the_vocabulary_check_fails_what_it_should():
    assert schema_problems({"@type": "ClaimReview", "author": {"@type": "Thing", "name": "x"}})
    assert schema_problems({"@type": "Claim", "reviewRating": {"@type": "Rating"}})
    assert schema_problems({"@type": "CreativeWork", "digitalSourceType": "http://example.org/"})
    assert schema_problems({"@type": "NoSuchType"})
    assert schema_problems({"@type": "CreativeWork", "noSuchProperty": 1})


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_every_schema_org_term_exists_and_fits(site, source_id):
    data = jsonld_of(site / "sources" / f"{source_id}.html")
    assert data["@context"] == "https://schema.org"
    problems = [
        problem
        for number, node in enumerate(data["@graph"])
        for problem in schema_problems(node, f"@graph[{number}]")
    ]
    assert problems == []


def test_claim_reviews_are_complete(built_edition, site):
    reviews = [
        node
        for source_id in SOURCE_IDS
        for node in jsonld_of(site / "sources" / f"{source_id}.html")["@graph"]
        if node["@type"] == "ClaimReview"
    ]
    # One review per record on the source pages (every record of this edition is there).
    assert len(reviews) == len(edition_domain(built_edition.env).claims) > 0
    dated_claims = 0
    for review in reviews:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", review["datePublished"])
        assert review["license"] == LICENCE
        assert review["author"]["@type"] == "Organization"
        claim = review["itemReviewed"]
        assert claim["@type"] == "Claim"
        assert claim["author"]["@type"] in ("Person", "Organization") and claim["author"]["name"]
        dated_claims += "datePublished" in claim
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert rating["name"] and rating["alternateName"]
    # Every claim of a source whose date is known carries that date: here, all but the
    # claims of the one undated source.
    domain = edition_domain(built_edition.env)
    dated_sources = {
        record.id for record in CATALOGUE if record.date_precision is not DatePrecision.UNKNOWN
    }
    expected = sum(
        1
        for claim in domain.claims.values()
        if any(use.source_id in dated_sources for use in domain.on_page("sources", claim.docname))
    )
    assert dated_claims == expected > 0


def test_a_claimant_who_wrote_the_source_is_a_person(site):
    graph = jsonld_of(site / "sources" / "blaustein-2000-mitrovica.html")["@graph"]
    authors = {
        node["itemReviewed"]["author"]["name"]: node["itemReviewed"]["author"]["@type"]
        for node in graph
        if node["@type"] == "ClaimReview"
    }
    assert authors == {"Susan Blaustein": "Person"}
    graph = jsonld_of(site / "sources" / "whitehouse-kosovo-record.html")["@graph"]
    assert {
        node["itemReviewed"]["author"]["@type"] for node in graph if node["@type"] == "ClaimReview"
    } == {"Organization"}


def test_the_ratings_follow_the_levels_mildest_first():
    assert list(RATINGS) == [level.slug for level in Level]
    values = [value for value, _name in RATINGS.values()]
    assert values == sorted(values, reverse=True)


def test_no_empty_author_and_the_page_carries_the_licence(site):
    for source_id in SOURCE_IDS:
        graph = jsonld_of(site / "sources" / f"{source_id}.html")["@graph"]
        assert all(node.get("author", True) != [] for node in graph)
        [page] = [node for node in graph if node["@type"] == "WebPage"]
        assert page["license"] == LICENCE


# -- TEI -------------------------------------------------------------------------------

#: TEI's pointer attributes (teidata.pointer) that a file of this edition may hold.
POINTERS = (
    "target", "targetEnd", "ref", "corresp", "ana", "scheme", "source", "who", "resp",
    "sameAs", "copyOf", "prev", "next", "synch", "select", "exclude", "decls", "rendition",
    "facs", "hand", "wit",
)  # fmt: skip


def test_every_tei_pointer_resolves(site):
    files = {path.name: ET.parse(path).getroot() for path in (site / "data").glob("*.xml")}
    ids = {
        name: {e.get(XML_ID) for e in root.iter() if e.get(XML_ID)} for name, root in files.items()
    }
    checked = 0
    for name, root in files.items():
        for element in root.iter():
            for attribute in POINTERS:
                for pointer in (element.get(attribute) or "").split():
                    if pointer.startswith(("http://", "https://")):
                        continue
                    document, _hash, fragment = pointer.rpartition("#")
                    assert fragment in ids[document or name], f"{name}: {pointer}"
                    checked += 1
    assert checked > 500


def test_every_tei_file_names_its_schema(site):
    for path in (site / "data").glob("*.xml"):
        head = path.read_bytes()[:400].decode("utf-8")
        assert "<?xml-model href=" in head and "tei_all.rng" in head, path.name


def test_registers_have_one_glossary_entry_a_concept_and_structured_works(site):
    root = ET.parse(site / "data" / "registers.xml").getroot()
    categories = list(root.iter(f"{TEI}category"))
    assert all(c.findtext(f"{TEI}catDesc/{TEI}gloss") for c in categories)
    # Each spelling once: a variant is an alternative name of its entry, not an entry.
    spellings = [t.text.lower() for c in categories for t in c.iter(f"{TEI}term")]
    assert len(set(spellings)) == len(spellings) > len(categories)
    assert root.find(f".//{TEI}availability/{TEI}licence").get("target") == LICENCE
    works = list(root.iter(f"{TEI}biblStruct"))
    assert len(works) > 250 and not list(root.iter(f"{TEI}bibl"))
    for work in works:
        monogr = work.find(f"{TEI}monogr")
        assert monogr.find(f"{TEI}imprint/{TEI}date") is not None
        title = work.find(f"{TEI}analytic/{TEI}title")
        title = title if title is not None else monogr.find(f"{TEI}title")
        assert title.text and "{" not in title.text and "\\" not in title.text
    assert sum(work.find(f"{TEI}ptr") is not None for work in works) > 250


# -- Stable ids and dates ----------------------------------------------------------------


def data_files(outdir: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((outdir / "data").iterdir())}


def test_two_builds_without_source_date_epoch_are_identical(tmp_path, monkeypatch):
    """Outside git (a copied root) and with no SOURCE_DATE_EPOCH: no date from the clock."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "root"
    shutil.copytree(ROOTS / "test-open-data", root)
    first = data_files(Path(build_app("html", root, tmp_path / "first").outdir))
    for path in root.rglob("*"):  # as if the files were written later
        os.utime(path, (2_000_000_000, 2_000_000_000))
    second = data_files(Path(build_app("html", root, tmp_path / "second").outdir))
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    created = {
        item["created"]
        for name, data in first.items()
        if name.endswith(".jsonld")
        for item in json.loads(data)["first"]["items"]
    }
    assert created == {"1970-01-01T00:00:00Z"}  # history unknown: the documented value


def test_adding_a_note_changes_no_other_annotation(edited_root):
    root = edited_root("open-data")
    before = json.loads(
        (Path(root.build().outdir) / "data" / "spaced.annotations.jsonld").read_text("utf-8")
    )
    root.replace("spaced.md", "Double spaced {term}`Peć`", "Double[^new] spaced {term}`Peć`")
    root.replace("spaced.md", "[^dbl]: After", "[^new]: A new note.\n[^dbl]: After")
    app = build_app("html", root.path, root.path / "_build", freshenv=False)
    assert warnings_of(app) == []
    after = json.loads((Path(app.outdir) / "data" / "spaced.annotations.jsonld").read_text("utf-8"))
    old = {item["id"]: item for item in before["first"]["items"]}
    new = {item["id"]: item for item in after["first"]["items"]}
    assert new.keys() - old.keys() == {f"{after['id']}#note-new"}
    assert all(new[key] == item for key, item in old.items())


def _first_commit_adding(path: Path, text: str) -> int:
    """The committer time of the first commit whose diff of ``path`` adds ``text``."""
    log = subprocess.run(
        [
            "git",
            "-C",
            str(path.parent),
            "log",
            "--reverse",
            "--format=%ct",
            "-S",
            text,
            "--",
            path.name,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return int(log[0])


def test_a_notes_created_date_is_the_commit_that_added_it(site):
    """On a git checkout: ``git log -S`` finds the same commit, by other means."""
    page = PROJECT / "docs" / "sources" / "blaustein-2000-mitrovica.md"
    inside = subprocess.run(
        ["git", "-C", str(page.parent), "log", "-1", "--format=%H", "--", page.name],
        capture_output=True,
        text=True,
        check=False,
    )
    require(inside.returncode == 0 and bool(inside.stdout.strip()), "a git checkout with history")
    from edition_tools.outputs.open_data.history import iso_timestamp

    items = json.loads(
        (site / "data" / "blaustein-2000-mitrovica.annotations.jsonld").read_text("utf-8")
    )["first"]["items"]
    notes = [item for item in items if item["motivation"] == "commenting"]
    assert notes
    for item in notes[:5]:
        label = item["id"].rsplit("#note-", 1)[1]
        expected = iso_timestamp(_first_commit_adding(page, f"[^{label}]:"))
        assert item["created"] == expected, label


def test_each_source_page_links_its_data_as_alternates(site):
    for source_id in SOURCE_IDS:
        page = site / "sources" / f"{source_id}.html"
        links = html.fromstring(page.read_bytes()).xpath("//head/link[@rel='alternate']")
        hrefs = {link.get("href"): link.get("type") for link in links}
        assert hrefs[f"../data/{source_id}.tei.xml"] == "application/tei+xml"
        assert hrefs[f"../data/{source_id}.annotations.jsonld"].startswith("application/ld+json")
        for href in hrefs:
            assert (page.parent / href).resolve().is_file(), href


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header chunk (IHDR), which follows the signature."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_every_page_has_an_open_graph_image_that_the_site_serves(built_edition, site):
    """Open Graph requires ``og:image``: on every page, an address of the site's own that
    names a PNG the build wrote, of the size the large-card services ask for, with alt text.
    """
    base = built_edition.config.html_baseurl
    pages = [site / f"{docname}.html" for docname in sorted(built_edition.env.found_docs)]
    assert pages
    missing = []
    for page in pages:
        head = html.fromstring(page.read_bytes()).xpath("//head")[0]
        image = head.xpath("meta[@property='og:image']/@content")
        alt = head.xpath("meta[@property='og:image:alt']/@content")
        if len(image) != 1 or not image[0].startswith(base) or not alt or not alt[0].strip():
            missing.append(page.relative_to(site).as_posix())
            continue
        served = site / image[0].removeprefix(base)
        assert served.is_file(), image[0]
        assert _png_size(served.read_bytes()) == (1200, 630)
    assert missing == []


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_the_publisher_is_one_organisation_by_name(site, source_id):
    """The catalogue's ``publisher``, not its ``outlet``, which may describe a reprint too."""
    record = CATALOGUE.records[source_id]
    [work] = [
        node
        for node in jsonld_of(site / "sources" / f"{source_id}.html")["@graph"]
        if node["@type"] == "CreativeWork"
    ]
    if record.publisher_name is None:
        assert "publisher" not in work
    else:
        assert work["publisher"] == {"@type": "Organization", "name": record.publisher_name}
        assert not re.search(r"[;()]|republished", record.publisher_name)


def test_a_term_annotation_is_named_after_its_glossary_entry(site):
    """Whatever spelling a page wrote in its role ("Milosevic", "Slobodan Milosevic"),
    the annotation's id names the entry's category in ``registers.xml``, so that the two
    can be joined.
    """
    registers = ET.parse(site / "data" / "registers.xml").getroot()
    categories = {c.get(XML_ID) for c in registers.iter(f"{TEI}category")}
    terms = [
        unquote(item["id"].rpartition("#")[2])
        for collection in collections_of(site)
        for item in collection["first"]["items"]
        if unquote(item["id"].rpartition("#")[2]).startswith("term-")
    ]
    assert terms
    assert [t for t in terms if re.sub(r"-p\d+(?:-\d+)?$", "", t) not in categories] == []


def test_a_claim_appears_in_the_copy_read_and_first_in_the_original(site):
    """Where the copy the editors read is not the original, the review says both."""
    copies = {r.copy_url for r in CATALOGUE if r.copy_url and r.copy_url != r.url}
    assert copies
    seen = set()
    for source_id in SOURCE_IDS:
        for node in jsonld_of(site / "sources" / f"{source_id}.html")["@graph"]:
            claim = node.get("itemReviewed", {})
            appearance = claim.get("appearance", {})
            if "url" in appearance:
                assert appearance["url"] in copies
                assert appearance != claim.get("firstAppearance")
                seen.add(appearance["url"])
    assert seen
