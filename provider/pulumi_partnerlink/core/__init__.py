"""The resource core: a ``ResourceSpec`` per resource, one provider base, one check pipeline.

- ``spec``: the record (type token, service, operations, create-only / in-place / secret inputs,
  wire paths derived from the botocore model, tag casing).
- ``inputs``: the constructor side (Args, dicts and Outputs normalised once; secrets made secret).
- ``check``: shape normalisation + model validation + a resource's rules, failures by path.
- ``provider``: ``SpecProvider`` (configure/connection, diff, create-with-tokens, read-after-create,
  adopt, tags, NotFound meanings, error wrapping) and the one ``NotFound``.
"""

from .check import Problem, build_request, check_inputs, parse_iso
from .creating import NotFound
from .inputs import (
    TOKEN_SEED,
    ConnectionArgs,
    ConnectionArgsDict,
    ConnectionInput,
    resource_props,
)
from .provider import SpecProvider, log
from .resource import SpecResource
from .spec import CATALOGS, Prop, ResourceSpec

__all__ = [
    "CATALOGS",
    "TOKEN_SEED",
    "ConnectionArgs",
    "ConnectionArgsDict",
    "ConnectionInput",
    "NotFound",
    "Problem",
    "Prop",
    "ResourceSpec",
    "SpecProvider",
    "SpecResource",
    "build_request",
    "check_inputs",
    "log",
    "parse_iso",
    "resource_props",
]
