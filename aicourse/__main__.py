"""`python -m aicourse` runs the `aicourse` command."""
from aicourse.course.cli import main

main()
