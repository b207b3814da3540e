"""The engine's own floor for ``make bench``: two do-nothing providers of the bench's resource
shape, run through the same CLI as ours.

- ``null_dynamic``: a ``pulumi.dynamic.ResourceProvider`` (the host ours run in), importable so
  Pulumi pickles it by reference into ``__provider``, as ours are.
- ``null_native``: a native plugin (``pulumi.provider.experimental``), the executable
  ``plugin/pulumi-resource-nullnative``, found by the CLI through the ``plugins: providers:``
  entry ``stack`` below adds to the copy of the program's ``Pulumi.yaml``.
- ``program``: N resources of either, config ``floor`` (dynamic | native), ``n`` and ``tag``.
- ``shape``: the *shaped* floors (``SHAPED``): the same do-nothing providers, with resources of a
  Sidewalk association's shape (its inputs, the key secret, its outputs and their sizes), so the
  SDK's and the engine's work on what ours hold is measured without us.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PLUGIN_DIR = HERE / "plugin"
FLOORS = ("null-dynamic", "null-native")
# Do-nothing resources of a Sidewalk association's shape (shape.py): what the SDK and the engine
# cost for resources that hold what ours hold, without us.
SHAPED = ("shaped-dynamic", "shaped-native")


def stack(engine: Any, floor: str, n: int, stack_name: str) -> Any:
    """A stack of ``program`` for ``floor`` (one of FLOORS) on ``engine``
    (tests/support/engine.py's Engine). Its copy of Pulumi.yaml names the native plugin's
    directory by absolute path (``plugins: providers:``): the engine runs the executable
    ``pulumi-resource-nullnative`` it finds there, nothing is installed into PULUMI_HOME."""
    st = engine.stack(
        HERE / "program",
        stack_name=stack_name,
        config={"floor": floor.removeprefix("null-"), "n": str(n)},  # shaped-* as they are
    )
    project = Path(st.workspace.work_dir) / "Pulumi.yaml"
    project.write_text(
        project.read_text()
        + f"plugins:\n  providers:\n    - name: nullnative\n      path: {PLUGIN_DIR}\n"
    )
    return st
