from pipeline.text.sentences import split_sentences


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
