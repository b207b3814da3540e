"""The policy pack directory shipped in the package (see ``__main__``)."""
