"""Meeting facts: what a meeting document says about when, where, how to join and what happens.

``facts.extract(document)`` reads them once per document; the meeting rules share the result
(``facts.for_context(document, ctx)``) and ``coprolint check --facts`` adds it to the JSON report.
"""
