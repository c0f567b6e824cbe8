"""``coprolint fix``: repair the typography problems of a Word document that have one obvious fix.

Fixers edit the package's XML with lxml, part by part, and copy every other part of the
file byte for byte, so nothing they do not understand is lost. Unlike checks, fixers work
on the file itself, never on the document model (which they use only to find things, such
as the first heading).

- ``package.py``: the DOCX in memory, its parts found through [Content_Types].xml.
- ``places.py``: paragraph numbers as the reader counts them, for saying where a change was made.
- ``fonts.py``, ``sizes.py``, ``alignment.py``, ``title.py``, ``acronyms.py``: one kind of fix each.
- ``apply.py``: read first, refuse what could not be fully read, fix, verify, write atomically.
"""
