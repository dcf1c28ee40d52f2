"""The course runtime: what runs the course around the library.

Profiles and lesson sizes, the syllabus, the learner's progress, the workbook checks, the doctor,
the offline assets and the `aicourse` command. It is shipped with the package and cheap to import;
the library (`aicourse.core`, `aicourse.scaffold`, ...) never imports it.
"""
