"""Shared, domain-free code below every app: reading uploaded tables, their safety checks, header
synonyms and the remembered column choices. It imports no app of the project."""
