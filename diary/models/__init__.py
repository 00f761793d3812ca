"""Diary models, one module per area; each module lists its models in __all__."""

from .consent import *  # noqa: F403
from .messaging import *  # noqa: F403
from .views import *  # noqa: F403
