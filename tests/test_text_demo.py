"""aicourse.demos, text side: launch the text classifier app on localhost, drive it with a real gradio_client,
check its refusals, and run an exported Space folder in a fresh process."""
from __future__ import annotations

import pytest
from gradio_apps import launched, running_space  # also keeps gradio off the network (analytics off)

gr = pytest.importorskip("gradio")
pytest.importorskip("sklearn")

from aicourse.demos import (  # noqa: E402
    MAX_CHARS,
    check_text,
    classify_text,
    export_text_space,
    text_classifier_app,
    text_predictor,
)
from aicourse.text import fit_tfidf_logreg  # noqa: E402

LABELS = ["ham", "spam"]
SPAM = ["WINNER! You have won a free prize, call now to claim your cash", "Free entry: txt WIN to 80086 to claim a prize",
        "URGENT! Your mobile number won cash. Call to claim now", "Claim your free ringtone now, txt STOP to end"]
HAM = ["Are we still meeting for lunch tomorrow?", "Sorry, I'll be late home tonight, love you",
       "Can you pick up some milk on the way back?", "Ok see you at the station at six"]


@pytest.fixture(scope="module")
def model():
    return fit_tfidf_logreg(SPAM * 3 + HAM * 3, [1] * 12 + [0] * 12)


@pytest.fixture(scope="module")
def client(model):
    app = text_classifier_app(text_predictor(model), LABELS, max_chars=200)
    with launched(app) as client:
        yield client


def test_check_text_strips_and_refuses():
    assert check_text("  hello \n") == "hello"
    assert check_text("x" * MAX_CHARS) == "x" * MAX_CHARS
    for bad, message in [(None, "No text"), (42, "Expected text, got int"), (b"hi", "Expected text, got bytes"),
                         ("", "empty"), (" \n\t ", "empty"), ("x" * (MAX_CHARS + 1), f"the limit is {MAX_CHARS:,}")]:
        with pytest.raises(ValueError, match=message):
            check_text(bad)


def test_classify_text_turns_errors_into_gradio_errors(model):
    predict = text_predictor(model)
    with pytest.raises(gr.Error, match="Expected text"):
        classify_text(["not", "a", "string"], predict, LABELS)
    assert list(classify_text(SPAM[0], predict, LABELS)) == ["spam", "ham"]


def test_platt_probabilities(model):
    predict = text_predictor(model, (2.0, -1.0))
    z = model.decision_function([SPAM[1]])[0]
    p = 1 / (1 + pow(2.718281828459045, -(2.0 * z - 1.0)))
    assert predict(SPAM[1]) == pytest.approx([1 - p, p], abs=1e-9)


@pytest.mark.parametrize("text, label", [(SPAM[0], "spam"), ("You won a free cash prize! Call now to claim", "spam"),
                                         (HAM[0], "ham"), ("Sorry, running late, see you at lunch", "ham")])
def test_client_gets_the_right_prediction(client, text, label):
    answer = client.predict(text, api_name="/classify")
    assert answer["label"] == label
    assert {c["label"] for c in answer["confidences"]} == set(LABELS)


@pytest.mark.parametrize("text, message", [("", "The text is empty"), ("  \n\t  ", "The text is empty"),
                                           ("spam " * 100, "the limit is 200"), (None, "No text")])
def test_bad_input_gets_a_clear_message(client, text, message):
    with pytest.raises(Exception, match=message):
        client.predict(text, api_name="/classify")


def test_exported_text_space_runs(tmp_path, model):
    space = export_text_space(model, LABELS, tmp_path / "space", platt=(1.5, -0.5), title="Test spam demo",
                              max_chars=300)
    assert {p.name for p in space.iterdir()} >= {"app.py", "requirements.txt", "README.md", "model.skops",
                                                 "config.json", "aicourse_demos.py"}
    readme = (space / "README.md").read_text()
    assert readme.startswith("---\n") and f"sdk_version: {gr.__version__}" in readme and "sdk: gradio" in readme
    pins = (space / "requirements.txt").read_text().split()
    assert f"gradio=={gr.__version__}" in pins and any(p.startswith("skops==") for p in pins)
    assert all("==" in p for p in pins)
    with running_space(space, timeout=40) as client:
        answer = client.predict(SPAM[0], api_name="/classify")
        want = text_predictor(model, (1.5, -0.5))(SPAM[0])
        assert answer["label"] == LABELS[max(range(2), key=want.__getitem__)]
        assert answer["confidences"][0]["confidence"] == pytest.approx(max(want), abs=1e-6)
        with pytest.raises(Exception, match="the limit is 300"):
            client.predict("x" * 301, api_name="/classify")
