"""Pages for people: the console (/__mock__/ui) and the API reference (/__mock__/docs).

Both are static files served from the package (the machines that run the mock
often have no internet) and read the control plane and the vendors' own APIs
from the browser; nothing here is on the request path of a vendor call.
"""

from .console import console_blueprint
from .reference import reference_blueprint

__all__ = ["console_blueprint", "reference_blueprint"]
