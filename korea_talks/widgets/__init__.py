"""ipywidgets front ends, one module per model. Views only: every number comes from a
model function in ``korea_talks``.

- :mod:`korea_talks.widgets.sequence_builder` - build, run, compare and explore sequences
  of diplomatic moves (:class:`~korea_talks.widgets.sequence_builder.SequenceBuilder`);
- :mod:`korea_talks.widgets.freeze_game` - the freeze-for-freeze game.

Import the module you need; this package imports none of them eagerly.
"""
