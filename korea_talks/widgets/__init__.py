"""ipywidgets front ends, one module per model. Views only: every number comes from a
model function in ``korea_talks``."""
