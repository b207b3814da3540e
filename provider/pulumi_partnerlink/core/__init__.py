"""The resource core: a ``ResourceSpec`` per resource and one lifecycle on plain data.

No Pulumi front end is imported here: the dynamic front end (``pulumi_partnerlink.dynamic``)
and the native one (``pulumi_partnerlink.native``) translate to and from ``results``.

- ``spec``: the record (type token, service, operations, create-only / in-place / secret inputs,
  wire paths derived from the botocore model, tag casing, docs of inputs and outputs).
- ``check``: shape normalisation + model validation + a resource's rules, failures by path.
- ``provider``: ``SpecCore`` (``hooks``: settings/connection, check, diff, adopt, outputs;
  ``creating``: create-with-tokens; ``reading``: read-after-create, update, NotFound meanings;
  ``tagging``: tags by difference) and the one ``NotFound``.
- ``results``: ``Checked``, ``Failure``, ``Diff``, ``Created``, ``Read``, ``Updated``.
"""

from .check import Problem, build_request, check_inputs, parse_iso
from .creating import NotFound
from .hooks import log
from .provider import SpecCore
from .results import (
    GET_MARK,
    PROBLEMS,
    TOKEN_SEED,
    Checked,
    Created,
    Diff,
    Failure,
    Read,
    Updated,
)
from .spec import CATALOGS, Output, Prop, ResourceSpec, Struct

__all__ = [
    "CATALOGS",
    "GET_MARK",
    "PROBLEMS",
    "TOKEN_SEED",
    "Checked",
    "Created",
    "Diff",
    "Failure",
    "NotFound",
    "Output",
    "Problem",
    "Prop",
    "Read",
    "ResourceSpec",
    "SpecCore",
    "Struct",
    "Updated",
    "build_request",
    "check_inputs",
    "log",
    "parse_iso",
]
