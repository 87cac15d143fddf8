"""Pure functions over the knowledge base: where a lesion is (localisation), how urgent a story
is (triage), vascular vs neurogenic claudication, test accuracy, the differential of causes,
disc levels and the worked cases. They import :mod:`legpain.knowledge`, never the widgets."""
