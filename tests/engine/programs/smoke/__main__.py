import pulumi

from tests.support.echo_provider import Echo

config = pulumi.Config()
echo = Echo("greeting", value=config.get("value") or "hello")
pulumi.export("length", echo.length)
