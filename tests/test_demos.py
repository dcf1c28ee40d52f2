"""aicourse.demos: launch the image classifier app on localhost, drive it with a real gradio_client, export a Space."""
from __future__ import annotations

import pytest
from gradio_apps import launched, running_space  # also keeps gradio off the network (analytics off)

gr = pytest.importorskip("gradio")
torch = pytest.importorskip("torch")
from gradio_client import handle_file  # noqa: E402
from PIL import Image  # noqa: E402

from aicourse.demos import export_space, image_classifier_app, image_predictor, open_image, top_k  # noqa: E402

LABELS = ["red", "green", "blue"]
MEAN, STD = (0.5, 0.5, 0.5), (0.25, 0.25, 0.25)


class ChannelMean(torch.nn.Module):
    "A 'model' whose answer is known: the class is the brightest channel."
    def forward(self, x):
        return x.mean((2, 3)) * 10


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo")
    Image.new("RGB", (40, 30), (20, 200, 30)).save(d / "green.png")
    (d / "notes.txt").write_text("not a picture")
    (d / "fake.jpg").write_text("not a picture either")
    Image.new("RGB", (4097, 8)).save(d / "huge.png")
    return d


@pytest.fixture(scope="module")
def client():
    app = image_classifier_app(image_predictor(ChannelMean(), MEAN, STD), LABELS, k=2)
    with launched(app) as client:
        yield client


def test_top_k_and_open_image(files):
    assert top_k([0.1, 0.6, 0.3], ["a", "b", "c"], 2) == {"b": 0.6, "c": 0.3}
    assert open_image(files / "green.png").size == (40, 30)
    with pytest.raises(ValueError, match="not a supported image type"):
        open_image(files / "notes.txt")
    with pytest.raises(ValueError, match="No image"):
        open_image(None)


def test_client_gets_the_right_prediction(client, files):
    answer = client.predict(handle_file(str(files / "green.png")), api_name="/classify")
    assert answer["label"] == "green"
    assert len(answer["confidences"]) == 2


@pytest.mark.parametrize("name, message", [("notes.txt", "not a supported image type"),
                                           ("fake.jpg", "not a readable image"),
                                           ("huge.png", "the limit is 4096 per side")])
def test_bad_input_gets_a_clear_message(client, files, name, message):
    with pytest.raises(Exception, match=message):
        client.predict(handle_file(str(files / name)), api_name="/classify")


def test_exported_space_runs(tmp_path, files):
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
                                torch.nn.Linear(4, 3)).eval()
    space = export_space(model, LABELS, tmp_path / "space", MEAN, STD, size=16, title="Test demo")
    assert {p.name for p in space.iterdir()} >= {"app.py", "requirements.txt", "README.md", "model.pt2",
                                                 "config.json", "aicourse_demos.py"}
    readme = (space / "README.md").read_text()
    assert readme.startswith("---\n") and f"sdk_version: {gr.__version__}" in readme and "sdk: gradio" in readme
    pins = (space / "requirements.txt").read_text().split()
    assert f"gradio=={gr.__version__}" in pins and all("==" in p for p in pins)
    with running_space(space, timeout=25) as client:
        answer = client.predict(handle_file(str(files / "green.png")), api_name="/classify")
        assert answer["label"] in LABELS
        want = image_predictor(model, MEAN, STD, 16)(Image.open(files / "green.png"))
        assert answer["label"] == LABELS[max(range(3), key=want.__getitem__)]
