"""skops (the linear classifier's model files) is imported before Rasa is: on import it looks
up each of numpy's functions in every module loaded, and after Rasa and TensorFlow (5,700
modules) that takes 3.5 s of CPU instead of 1 (tests/bot/test_linear_classifier.py needs it)."""

import skops.io  # noqa: F401
