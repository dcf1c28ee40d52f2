"""Package build for aicourse, nbdev 2 style: every setting comes from settings.ini."""
from configparser import ConfigParser

import setuptools

config = ConfigParser(delimiters=["="])
config.read("settings.ini", encoding="utf-8")
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

setuptools.setup(
    name=cfg["lib_name"],
    license=licenses[cfg["license"]],
    classifiers=[
        "Development Status :: " + str(cfg["status"]) + " - " + statuses[int(cfg["status"])],
        "Intended Audience :: " + cfg["audience"].title(),
        "Natural Language :: " + cfg["language"].title(),
    ]
    + ["Programming Language :: Python :: " + v for v in py_versions[py_versions.index(min_python):]],
    url=cfg["git_url"],
    packages=setuptools.find_packages(include=["aicourse", "aicourse.*"]),
    include_package_data=True,
    install_requires=requirements,
    extras_require=extras,
    python_requires=">=" + min_python,
    long_description=open("README.md", encoding="utf-8").read(),
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
