"""BTS registration rules engine: from a candidate profile to the checklist of
supporting documents, for one edition bundle. Standard library only; runs in
CPython 3.11+ and in Pyodide."""

from bts_inscription.checklist import checklist

__all__ = ["checklist"]
