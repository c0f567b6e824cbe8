"""coprolint: checks meeting materials against the co-production accessibility guidance."""

__version__ = "0.1.0"
