package main

import (
	_ "github.com/partnerlink/pulumi-partnerlink/sdk/go/partnerlink"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error { return nil })
}
