"""aicourse.rag (day 46): every chunker keeps `doc.text[c.start:c.end] == c.text` on random texts, overlap included;
the parsers read small Markdown, HTML, FAQ and PDF inputs; bad input gets a clear error."""
from __future__ import annotations

import json
import random

import pytest

from aicourse.rag import (
    Chunk,
    Document,
    Section,
    answer_kept,
    check_chunks,
    chunk_by_chars,
    chunk_by_sentences,
    chunk_by_structure,
    chunk_by_tokens,
    load_document,
    overlapping_windows,
    pages_of,
    parse_faq,
    parse_html,
    parse_markdown,
    parse_pdf,
    split_sentences,
)

WORDS = ["Lisboa", "dados", "e.g.", "3.5", "RGPD.", "Art.", "pedido!", "mês?", "um", "\n\n## Prazo\n\n", "\n", "  ",
         "# título", "Q:", "ção."]


def random_doc(rng: random.Random) -> Document:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 60)))
    if not text.strip():
        text += " x"
    return parse_markdown(text, "random.md")


@pytest.fixture(scope="module")
def tokenizer():
    pytest.importorskip("transformers")
    from transformers import AutoTokenizer

    from aicourse.course.assets import MissingAssetError, minilm_path
    try:
        return AutoTokenizer.from_pretrained(minilm_path())
    except MissingAssetError:
        pytest.skip("the offline MiniLM tokenizer is not installed")


def covers(doc: Document, chunks: list[Chunk]) -> bool:
    "Every non-space character of the document is in some chunk."
    inside = [False] * len(doc.text)
    for c in chunks:
        inside[c.start:c.end] = [True] * (c.end - c.start)
    return all(ok or ch.isspace() for ok, ch in zip(inside, doc.text, strict=True))


@pytest.mark.parametrize("seed", range(40))
def test_offsets_exact_for_every_chunker(seed: int, tokenizer) -> None:
    rng = random.Random(seed)
    doc = random_doc(rng)
    size = rng.randint(1, 80)
    runs = [chunk_by_chars(doc, size, rng.randrange(size)), chunk_by_sentences(doc, size, rng.randint(0, 3)),
            chunk_by_structure(doc, size, rng.randint(0, 3)), chunk_by_tokens(doc, tokenizer, size, rng.randrange(size))]
    for chunks in runs:
        check_chunks(doc, chunks)
        assert chunks and covers(doc, chunks)
        assert [c.start for c in chunks] == sorted(c.start for c in chunks)
    for c in runs[2]:  # structure: a chunk never leaves its section
        assert any(s.start <= c.start and c.end <= s.end for s in doc.sections)


def test_overlapping_windows_and_validation() -> None:
    assert overlapping_windows(10, 4, 2) == [(0, 4), (2, 6), (4, 8), (6, 10)]
    assert overlapping_windows(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert overlapping_windows(3, 5, 4) == [(0, 3)] and overlapping_windows(0, 5) == []
    for size, overlap in [(0, 0), (-3, 0), (4, 4), (4, 5), (4, -1), (2.5, 0)]:
        with pytest.raises(ValueError):
            overlapping_windows(10, size, overlap)
    doc = parse_markdown("One. Two.", "a.md")
    for bad in [(0, 0), (5, -1)]:
        with pytest.raises(ValueError):
            chunk_by_sentences(doc, *bad)
        with pytest.raises(ValueError):
            chunk_by_structure(doc, *bad)


def test_overlap_repeats_text_and_adds_chunks() -> None:
    doc = parse_markdown("abcdefghij" * 10, "a.md")
    plain, overlapped = chunk_by_chars(doc, 20), chunk_by_chars(doc, 20, 5)
    assert len(plain) == 5 and len(overlapped) == 7
    assert all(b.start == a.end - 5 for a, b in zip(overlapped, overlapped[1:], strict=False))


def test_check_chunks_rejects_drift() -> None:
    doc = Document("n.txt", "text", "Invoices are kept for 10 years.", sections=(Section((), 0, 31),))
    with pytest.raises(ValueError):
        check_chunks(doc, [Chunk("n.txt", "invoices", 0, 8)])
    with pytest.raises(ValueError):
        check_chunks(doc, [Chunk("other.txt", "Invoices", 0, 8)])
    with pytest.raises(ValueError):
        check_chunks(doc, [Chunk("n.txt", "", 5, 5)])


def test_split_sentences() -> None:
    text = "Export is 2.5 MB. Free, e.g. twice a year. Ask Dr. Silva!\n\n## Next\n\nDone"
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Export is 2.5 MB.", "Free, e.g. twice a year.", "Ask Dr. Silva!", "## Next", "Done"]
    assert split_sentences("   ") == []


def test_markdown_headings_skip_code_blocks() -> None:
    md = "# Tool\n\nIntro.\n\n## Install\n\n```bash\n# not a heading\npip install x\n```\n\n### Linux\n\nUse apt.\n"
    doc = parse_markdown(md, "README.md")
    assert doc.title == "Tool" and doc.text == md
    assert [s.path for s in doc.sections] == [("Tool",), ("Tool", "Install"), ("Tool", "Install", "Linux")]
    assert doc.sections[0].start == 0 and doc.sections[-1].end == len(md)
    chunks = chunk_by_structure(doc, 1000)
    assert [c.metadata["section"] for c in chunks] == [s.path for s in doc.sections]


def test_html_drops_noise_and_keeps_headings() -> None:
    html = ("<html><head><title>T</title><style>p{}</style><script>var x=1;</script></head><body>"
            "<nav>Home | Log in</nav><main><h1>Rights</h1><p>Ask <b>any</b> time.</p><ul><li><p>One</p></li></ul>"
            "<h2>Cookies</h2><p>Only necessary.</p></main><footer>© 2026</footer></body></html>")
    doc = parse_html(html, "p.html")
    assert doc.title == "T"
    assert doc.text == "Rights\n\nAsk any time.\n\nOne\n\nCookies\n\nOnly necessary."
    assert [s.path for s in doc.sections] == [("Rights",), ("Rights", "Cookies")]
    assert doc.text[doc.sections[1].start:].startswith("Cookies")


def test_faq_one_pair_one_chunk(tmp_path) -> None:
    pairs = [{"question": f"Question {i}?", "answer": f"Answer number {i}. More."} for i in range(5)]
    (tmp_path / "faq.json").write_text(json.dumps(pairs))
    doc = load_document(tmp_path / "faq.json")
    chunks = chunk_by_structure(doc, 500)
    check_chunks(doc, chunks)
    assert [c.text for c in chunks] == [f"Q: Question {i}?\nA: Answer number {i}. More." for i in range(5)]
    for bad in ([], [{"question": "Q?"}], [{"question": " ", "answer": "A."}], ["not a dict"]):
        with pytest.raises(ValueError):
            parse_faq(bad)


def test_pdf_pages_and_errors(tmp_path) -> None:
    pytest.importorskip("fpdf")
    from fpdf import FPDF
    from pypdf import PdfWriter
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for i in range(3):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Page {i + 1} says hello. " * 5)
    pdf.output(tmp_path / "p.pdf")
    doc = parse_pdf(tmp_path / "p.pdf")
    assert doc.kind == "pdf" and len(doc.pages) == 3
    for i, (a, b) in enumerate(doc.pages):
        assert doc.text[a:b].startswith(f"Page {i + 1} says hello.")
        assert pages_of(doc, a, b) == (i + 1,)
    chunks = chunk_by_chars(doc, 50, 10)
    check_chunks(doc, chunks)
    assert all(c.metadata["pages"] == pages_of(doc, c.start, c.end) for c in chunks)
    assert any(len(c.metadata["pages"]) == 2 for c in chunks)  # a window across a page break names both pages
    writer = PdfWriter(clone_from=tmp_path / "p.pdf")
    writer.encrypt("pw")
    writer.write(tmp_path / "locked.pdf")
    with pytest.raises(ValueError, match="encrypted"):
        parse_pdf(tmp_path / "locked.pdf")
    (tmp_path / "fake.pdf").write_text("hello")
    with pytest.raises(ValueError, match="not a readable PDF"):
        parse_pdf(tmp_path / "fake.pdf")
    with pytest.raises(FileNotFoundError):
        parse_pdf(tmp_path / "missing.pdf")


def test_load_document_errors(tmp_path) -> None:
    (tmp_path / "a.pptx").write_text("x")
    (tmp_path / "empty.md").write_text(" \n")
    (tmp_path / "n.txt").write_text("Plain text.")
    with pytest.raises(ValueError, match="kind"):
        load_document(tmp_path / "a.pptx")
    with pytest.raises(ValueError, match="no text"):
        load_document(tmp_path / "empty.md")
    with pytest.raises(FileNotFoundError):
        load_document(tmp_path / "gone.md")
    assert load_document(tmp_path / "n.txt").text == "Plain text."
    assert load_document(tmp_path / "a.pptx", kind="text").kind == "text"


def test_token_chunks_respect_size(tokenizer) -> None:
    doc = parse_markdown("Os seus dados são tratados em Lisboa, Portugal. " * 30, "pt.md")
    chunks = chunk_by_tokens(doc, tokenizer, 32, 8)
    check_chunks(doc, chunks)
    for c in chunks:
        n = len(tokenizer(c.text, add_special_tokens=False)["input_ids"])
        assert n == c.metadata["n_tokens"] <= 32
    assert answer_kept(chunks, 0, 10) and not answer_kept(chunks, 0, len(doc.text))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_markdown_sections_with_any_line_break(newline: str) -> None:
    lines = ["Intro", "more", "# Heading", "", "body text", "## Sub", "", "x"]
    text = newline.join(lines)
    doc = parse_markdown(text, "a.md")
    assert [s.path for s in doc.sections] == [(), ("Heading",), ("Heading", "Sub")]
    assert [text[s.start:].split(newline)[0] for s in doc.sections] == ["Intro", "# Heading", "## Sub"]
    assert doc.sections[-1].end == len(text)


def test_markdown_blank_lines_of_bare_cr() -> None:
    bare_cr = parse_markdown("# A\r\rtext\r\r## B\r\rmore", "b.md")  # used to raise IndexError
    assert [bare_cr.text[s.start:s.end] for s in bare_cr.sections] == ["# A\r\rtext\r\r", "## B\r\rmore"]


def test_html_keeps_text_outside_block_tags() -> None:
    doc = parse_html("<main>Intro text not in p<p>para</p><div>div text</div></main>", "p.html")
    assert doc.text == "Intro text not in p\n\npara\n\ndiv text"
    divs = parse_html("<body><div>First <b>bold</b> words.</div><div><div>Second.</div></div></body>", "d.html")
    assert divs.text == "First bold words.\n\nSecond."
    assert parse_html("<p>line one<br>line two</p>", "b.html").text == "line one line two"
    article = parse_html("<body><header>Site banner</header><article><header><h1>Real title</h1></header>"
                         "<p>Body.</p><footer>By Ana</footer></article><footer>© site</footer></body>", "a.html")
    assert article.text == "Real title\n\nBody.\n\nBy Ana" and article.title == "Real title"
    assert [s.path for s in article.sections] == [("Real title",)]
    for doc in (divs, article):
        chunks = chunk_by_chars(doc, 7, 2)
        check_chunks(doc, chunks)
        assert covers(doc, chunks)
    with pytest.raises(ValueError, match="no text left") as err:
        parse_html("<html><body><nav>Home</nav><script>x=1</script></body></html>", "e.html")
    assert "PDF" not in str(err.value)


def test_split_sentences_blank_line_after_abbreviation() -> None:
    text = "We keep logs, invoices, etc.\n\n## Next\n\nDone."
    assert [text[a:b] for a, b in split_sentences(text)] == ["We keep logs, invoices, etc.", "## Next", "Done."]
    text = "Is it charged? The answer is no. We never charge."
    assert [text[a:b] for a, b in split_sentences(text)] == ["Is it charged?", "The answer is no.", "We never charge."]


def test_faq_values_must_be_strings(tmp_path) -> None:
    for bad in ([{"question": "Q?", "answer": None}], [{"question": 5, "answer": "A."}],
                [{"question": "Q?", "answer": ["A."]}]):
        with pytest.raises(ValueError, match="FAQ entry 0"):
            parse_faq(bad)
    (tmp_path / "broken.json").write_text('[{"question": "Q?", ')
    with pytest.raises(ValueError, match="broken.json"):
        load_document(tmp_path / "broken.json")


def test_load_document_says_where_the_kind_came_from(tmp_path) -> None:
    (tmp_path / "a.md").write_text("# A\n\ntext")
    with pytest.raises(ValueError, match="kind='md'") as err:
        load_document(tmp_path / "a.md", kind="md")
    assert "suffix" not in str(err.value)
    (tmp_path / "a.pptx").write_text("x")
    with pytest.raises(ValueError, match="suffix '.pptx'"):
        load_document(tmp_path / "a.pptx")


def test_load_document_keeps_the_file_characters(tmp_path) -> None:
    raw = "# Title\r\n\r\nIntro.\r\n\r\n## Part\r\n\r\nBody.\r\n"
    (tmp_path / "crlf.md").write_bytes(b"\xef\xbb\xbf" + raw.encode("utf-8"))  # a BOM, then CRLF lines
    doc = load_document(tmp_path / "crlf.md")
    assert doc.text == raw and doc.title == "Title"
    assert [s.path for s in doc.sections] == [("Title",), ("Title", "Part")]
    assert doc.text[doc.sections[1].start:].startswith("## Part")
    (tmp_path / "n.txt").write_bytes(b"line one\r\nline two")
    assert load_document(tmp_path / "n.txt").text == "line one\r\nline two"
    (tmp_path / "latin.txt").write_bytes("ação".encode("latin-1"))
    with pytest.raises(ValueError, match="not UTF-8"):
        load_document(tmp_path / "latin.txt")


def test_blank_pages_are_never_cited() -> None:
    text = "Page one." + "\n\n" + "\n\n" + "Page three."
    doc = Document("p.pdf", "pdf", text, pages=((0, 9), (11, 11), (13, 24)))
    assert doc.text[13:24] == "Page three."
    assert pages_of(doc, 0, len(text)) == (1, 3)
    assert pages_of(doc, 9, 13) == ()
