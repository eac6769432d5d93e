"""The /__mock__ control plane: the mock's own API, in its own JSON."""

from .blueprint import control_blueprint
from .errors import CONTROL_PREFIX, mock_error

__all__ = ["CONTROL_PREFIX", "control_blueprint", "mock_error"]
