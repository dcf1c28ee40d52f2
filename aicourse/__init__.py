"""aicourse: the library a 90-day AI-engineering course builds, one notebook a day.

Importing it is cheap: heavy libraries load inside the functions that need them.
"""
__version__ = "0.1.0"
