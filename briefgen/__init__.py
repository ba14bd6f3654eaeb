"""briefgen: a static site generator for annotated briefings."""

__version__ = "0.1.0"
