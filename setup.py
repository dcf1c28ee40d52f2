"""Package build for aicourse, nbdev 2 style: every setting comes from settings.ini.

Wheels also carry the course content: the lessons (nbs/**/*.ipynb) and the workbooks (days/*.ipynb)
are copied into aicourse/course/_content/ at build time, so `pip install aicourse` is enough to start
day 01 in any folder. An editable install (`pip install -e .`) reads the checkout's own nbs/ and days/.
"""
from configparser import ConfigParser
from pathlib import Path

import setuptools
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
if not (HERE / "settings.ini").is_file():
    raise SystemExit(f"settings.ini is missing from {HERE}: build from a checkout or from an sdist made by `python -m build`")
config = ConfigParser(delimiters=["="])
config.read(HERE / "settings.ini", encoding="utf-8")
cfg = config["DEFAULT"]

licenses = {"apache2": "Apache-2.0"}  # SPDX expressions
statuses = ["Planning", "Pre-Alpha", "Alpha", "Beta", "Production/Stable", "Mature", "Inactive"]
py_versions = "3.10 3.11 3.12 3.13".split()

min_python = cfg["min_python"]
requirements = cfg.get("requirements", "").split()
dev_requirements = cfg.get("dev_requirements", "").split()
# Optional dependency groups: every `extra_<name>` key becomes `pip install aicourse[<name>]`.
extras = {key[len("extra_"):]: cfg[key].split() for key in cfg if key.startswith("extra_")}
# `all` is everything a CPU machine can use; vllm needs a CUDA GPU, so `gpu` stays separate.
extras["all"] = sorted({req for name, reqs in extras.items() if name != "gpu" for req in reqs})
extras["dev"] = dev_requirements

# (source folder, glob, folder under aicourse/course/_content) of the content a wheel carries
CONTENT = [("nbs", "**/*.ipynb", "nbs"), ("days", "*.ipynb", "days")]


class BuildPyWithContent(build_py):
    "build_py that also copies the lessons and workbooks into the package (not for editable installs)."

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # aicourse.course.content finds the checkout itself
        dest = Path(self.build_lib) / "aicourse" / "course" / "_content"
        copied = 0
        for folder, pattern, target in CONTENT:
            source = HERE / folder
            for path in sorted(source.glob(pattern)):
                rel = path.relative_to(source)
                if any(part.startswith((".", "_")) for part in rel.parts):  # .ipynb_checkpoints and the like
                    continue
                out = dest / target / rel
                self.mkpath(str(out.parent))
                self.copy_file(str(path), str(out))
                copied += 1
        if not list(dest.glob("days/day*.ipynb")):
            raise SystemExit(f"no workbooks found in {HERE / 'days'}: the wheel would have no course content")
        self.announce(f"copied {copied} course notebooks into {dest}", level=2)


setuptools.setup(
    name=cfg["lib_name"],
    license_expression=licenses[cfg["license"]],
    license_files=["LICENSE"],
    classifiers=[
        "Development Status :: " + str(cfg["status"]) + " - " + statuses[int(cfg["status"]) - 1],  # 3 - Alpha
        "Intended Audience :: " + cfg["audience"].title(),
        "Natural Language :: " + cfg["language"].title(),
    ]
    + ["Programming Language :: Python :: " + v for v in py_versions[py_versions.index(min_python):]],
    url=cfg["git_url"],
    packages=setuptools.find_packages(include=["aicourse", "aicourse.*"]),
    package_data={"aicourse": ["py.typed"]},
    include_package_data=True,
    cmdclass={"build_py": BuildPyWithContent},
    install_requires=requirements,
    extras_require=extras,
    python_requires=">=" + min_python,
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    zip_safe=False,
    entry_points={
        "console_scripts": cfg.get("console_scripts", "").split(),
        "nbdev": [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"],
    },
    version=cfg["version"],
    description=cfg["description"],
    keywords=cfg["keywords"],
    author=cfg["author"],
    author_email=cfg["author_email"],
)
