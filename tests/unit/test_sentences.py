from pipeline.text.sentences import MAX_SENTENCE_CHARS, split_sentences


def test_offsets_point_at_the_sentence_text() -> None:
    body = "Mr. Putin met S. Jaishankar in Delhi. They signed a deal.\nA new paragraph starts here"
    sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        "Mr. Putin met S. Jaishankar in Delhi.",
        "They signed a deal.",
        "A new paragraph starts here",
    ]
    for sentence in sentences:
        assert body[sentence.start:sentence.end] == sentence.text


def test_abbreviations_and_quotes_do_not_split_wrongly() -> None:
    body = 'He said: "Supply started this month." The U.S. Senate agreed. Gen. Smith left!'
    texts = [s.text for s in split_sentences(body)]
    assert texts == ['He said: "Supply started this month."', "The U.S. Senate agreed.", "Gen. Smith left!"]


def test_empty_body_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("\n\n  \n") == []


def test_a_run_on_sentence_is_cut_at_clause_breaks_into_bounded_pieces() -> None:
    clause = "Russia and India signed a deal on rifles, "
    body = clause * 25_000  # 1 MB without a full stop
    sentences = split_sentences(body)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(s.text.endswith(",") for s in sentences[:-1])  # cut after a comma, never inside a word
    assert "".join(body[s.start:s.end] for s in sentences).replace(" ", "") == body.replace(" ", "")
    assert [s.index for s in sentences] == list(range(len(sentences)))


def test_plural_titles_do_not_end_a_sentence() -> None:
    sentences = split_sentences("China sanctioned U.S. officials, including Sens. Marco Rubio and Ted Cruz, on Monday.")
    assert len(sentences) == 1
