"""The dynamic front end: ``pulumi.dynamic`` providers and the Python resource classes (the
package's Python API) over the resource core.

- ``provider``: ``SpecProvider``, the adapter whose per-resource subclasses are pickled into
  state (their module paths are public API);
- ``resource``: ``SpecResource``, the resource (program) side, written once;
- ``inputs``: inputs as users write them (Args, dicts, Outputs), normalised once;
- ``host``: our errors without a traceback in the dynamic-provider host.
"""

from .inputs import ConnectionArgs, ConnectionArgsDict, ConnectionInput, resource_props
from .provider import SpecProvider
from .resource import SpecResource

__all__ = [
    "ConnectionArgs",
    "ConnectionArgsDict",
    "ConnectionInput",
    "SpecProvider",
    "SpecResource",
    "resource_props",
]
