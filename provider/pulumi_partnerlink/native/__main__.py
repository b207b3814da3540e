"""``pulumi-resource-partnerlink``: the native provider plugin (started by the Pulumi engine).

``pulumi-resource-partnerlink --plugin-dir`` prints the directory holding this script, the
``path`` to give ``plugins: providers:`` in ``Pulumi.yaml``; ``--schema`` prints the schema.
"""

from __future__ import annotations

import sys
from pathlib import Path


def plugin_dir() -> Path:
    """The directory of the installed console script (the plugin directory)."""
    import sysconfig

    return Path(sysconfig.get_path("scripts"))


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--plugin-dir"]:
        print(plugin_dir())
        return
    from .schema import package_version, schema_json

    if args[:1] == ["--schema"]:
        print(schema_json())
        return
    from .provider import PartnerlinkProvider
    from .server import main as serve

    serve(args, package_version(), PartnerlinkProvider())


if __name__ == "__main__":
    main()
