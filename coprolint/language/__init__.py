"""Plain-language helpers: phrase matching, prose and sentences, acronyms, readability.

Checks in ``coprolint/checks/language.py`` use these; nothing here imports a reader
library, and textstat loads only when a readability score is really needed.
"""
