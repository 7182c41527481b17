"""korea_talks: models, widgets, data and grading for the teaching module
*Sequencing Peace* on Georgy Toloraya's article "Russia's Take on the North Korean
Crisis" (2017).

The package keeps models apart from their views:

- :mod:`korea_talks.sections` - the article's section ids S1-S10 (defined once);
- :mod:`korea_talks.datasets` - typed loaders for the packaged data files;
- model subpackages return plain results (dataclasses, DataFrames) and never import
  ipywidgets; :mod:`korea_talks.widgets` holds the views.

The version is written once, in ``pyproject.toml``; the package reads it from the
installed metadata (and a test checks ``CITATION.cff`` against it):

>>> import korea_talks
>>> korea_talks.__version__ == version("korea-talks")
True
"""

from importlib.metadata import version

__version__ = version("korea-talks")

__all__ = ["__version__"]
