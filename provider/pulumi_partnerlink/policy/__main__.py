"""``python -m pulumi_partnerlink.policy``: print the directory of the policy pack to pass to
``pulumi preview --policy-pack "$(python -m pulumi_partnerlink.policy)"``.

The pack runs on the Python that printed it: its ``PulumiPolicy.yaml`` names this interpreter's
virtualenv (``runtime.options.virtualenv``, as ``pulumi policy new`` writes one), so the CLI
needs neither an activated venv nor ``PULUMI_PYTHON_CMD`` to find ``pulumi_policy`` and this
package. The package's own pack directory cannot say where it is installed, so a copy that
does is written under the user's cache directory (the same copy each time for one venv).
Outside a virtualenv, or where nothing can be written, the package's own directory is printed:
its pack runs on the ``python`` found on ``PATH``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

PACK = Path(__file__).resolve().parent / "pack"


def pack_dir() -> Path:
    if sys.prefix == sys.base_prefix:
        return PACK
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    where = (
        cache
        / "pulumi-partnerlink"
        / "policy-pack"
        / hashlib.sha256(sys.prefix.encode()).hexdigest()[:12]
    )
    settings = (
        (PACK / "PulumiPolicy.yaml")
        .read_text()
        .replace(
            "runtime: python\n",
            f"runtime:\n  name: python\n  options:\n    virtualenv: {json.dumps(sys.prefix)}\n",
        )
    )
    try:
        where.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PACK / "__main__.py", where / "__main__.py")
        (where / "PulumiPolicy.yaml").write_text(settings)
    except OSError:
        return PACK
    return where


if __name__ == "__main__":
    print(pack_dir())
