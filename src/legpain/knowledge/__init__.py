"""The course's knowledge base: cited data files (``data/``) and the loaders that check and
serve them. Nothing here reasons or draws; :mod:`legpain.reasoning` and :mod:`legpain.widgets`
build on it, never the other way round."""
