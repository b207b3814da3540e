"""What every generated module of ``_generated/`` shares, written once by hand (scripts/gen-python
writes the other modules and never this one).

``TypedResource[XArgs | XArgsDict]`` is the base of each generated resource class. It gives the
class its constructor, ``X(resource_name, args: XArgs | XArgsDict | None = None, opts=None,
**kwargs)`` as mypy and IDEs see it, its spec's name (``_spec_name``: the class is named after
its spec) and its type token, ``dynamic/partnerlink:<_spec_name>``, so the generator writes none
of these into every class. Everything else (inputs normalised, secrets, ``get``) is
``SpecResource``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pulumi

from ..dynamic import ConnectionInput, SpecResource
from ..hints import evaluate_annotations

__all__ = ["ConnectionInput", "TypedResource"]

ArgsT = TypeVar("ArgsT")


# Generic first: before pulumi 3.172 (our floor is 3.171), pulumi.dynamic.Resource's
# __init_subclass__ does not call super(), so Generic's (which sets __parameters__) must run
# before it in the MRO.
class TypedResource(Generic[ArgsT], SpecResource):
    """A ``SpecResource`` whose ``args`` is typed: ``ArgsT`` is ``XArgs | XArgsDict``."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A generated class (it names its Args) is named after its spec, and its type token, in
        # every stack's state, is the one the classes always had. A user's subclass of one gets
        # Pulumi's default, as it always did.
        if "_spec_args" in vars(cls):
            cls._spec_name = cls.__name__
            kwargs.setdefault("module", "partnerlink")
            kwargs.setdefault("name", cls.__name__)
        super().__init_subclass__(**kwargs)
        evaluate_annotations(cls)  # once, not per instance (hints.py)

    if TYPE_CHECKING:  # the typed signature, for mypy and IDEs: no frame of ours at run time

        def __init__(
            self,
            resource_name: str,
            args: ArgsT | None = None,
            opts: pulumi.ResourceOptions | None = None,
            **kwargs: Any,
        ) -> None: ...
