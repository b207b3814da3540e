"""Empty: tests/engine/test_import_code.py writes here the code `pulumi import` prints."""
