"""Keep pytest (and nbval, when it is switched on) away from the fixture submissions."""

collect_ignore_glob = ["fixtures/*"]
