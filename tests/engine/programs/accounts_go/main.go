// Two explicit providers, two accounts: the sender (111111111111) enrolls a program management
// account for the customer (222222222222), relates the customer and sends both handshakes; the
// customer accepts them and associates a Sidewalk partner account. The same program as
// tests/native/programs/accounts (Python), written as a Go user writes it.
package main

import (
	"encoding/json"

	"github.com/partnerlink/pulumi-partnerlink/sdk/go/partnerlink"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		endpoint := config.Require(ctx, "partnerlink:endpoint")
		var attempts pulumi.IntPtrInput
		if cfg.Get("bad") == "provider" {
			attempts = pulumi.IntPtr(99)
		}
		sender, err := partnerlink.NewProvider(ctx, "sender", &partnerlink.ProviderArgs{
			Profile: pulumi.StringPtr("sender"), Endpoint: pulumi.StringPtr(endpoint),
			Region: pulumi.StringPtr("us-east-1"), MaxAttempts: attempts,
		})
		if err != nil {
			return err
		}
		customer, err := partnerlink.NewProvider(ctx, "customer", &partnerlink.ProviderArgs{
			Profile: pulumi.StringPtr("customer"), Endpoint: pulumi.StringPtr(endpoint),
			Region: pulumi.StringPtr("us-east-1"), MaxAttempts: attempts,
			DefaultTags: pulumi.StringMap{"owner": pulumi.String("customer")},
		})
		if err != nil {
			return err
		}
		asSender, asCustomer := pulumi.Provider(sender), pulumi.Provider(customer)

		program := partnerlink.ProgramSolutionProvider
		if p := cfg.Get("program"); p != "" {
			program = partnerlink.Program(p)
		}
		displayName := "Reseller PMA"
		if n := cfg.Get("pmaName"); n != "" {
			displayName = n
		}
		pma, err := partnerlink.NewProgramManagementAccount(ctx, "pma", &partnerlink.ProgramManagementAccountArgs{
			Program:     program,
			DisplayName: pulumi.String(displayName),
			AccountId:   pulumi.String("222222222222"),
			Tags:        pulumi.StringMap{"env": pulumi.String("test")},
		}, asSender)
		if err != nil {
			return err
		}
		relationship, err := partnerlink.NewChannelRelationship(ctx, "customer", &partnerlink.ChannelRelationshipArgs{
			ProgramManagementAccountIdentifier: pma.ProgramManagementAccountId,
			AssociationType:                    partnerlink.AssociationTypeEndCustomer,
			AssociatedAccountId:                pulumi.String("222222222222"),
			DisplayName:                        pulumi.String("Customer One"),
			Sector:                             partnerlink.SectorCommercial,
			RequestedSupportPlan: &partnerlink.SupportPlanArgs{
				PartnerLedSupport: &partnerlink.PartnerLedSupportArgs{
					Coverage:    partnerlink.CoverageEntireOrganization,
					TamLocation: pulumi.String("us"),
				},
			},
		}, asSender)
		if err != nil {
			return err
		}
		pmaHandshake, err := partnerlink.NewChannelHandshake(ctx, "pma-handshake", &partnerlink.ChannelHandshakeArgs{
			HandshakeType:                partnerlink.HandshakeTypeProgramManagementAccount,
			AssociatedResourceIdentifier: pma.ProgramManagementAccountId,
		}, asSender)
		if err != nil {
			return err
		}
		notice := "30"
		if n := cfg.Get("noticeDays"); n != "" {
			notice = n
		}
		start, err := partnerlink.NewChannelHandshake(ctx, "start", &partnerlink.ChannelHandshakeArgs{
			HandshakeType:                partnerlink.HandshakeTypeStartServicePeriod,
			AssociatedResourceIdentifier: relationship.RelationshipId,
			StartServicePeriod: &partnerlink.StartServicePeriodPayloadArgs{
				ProgramManagementAccountIdentifier: pma.ProgramManagementAccountId,
				ServicePeriodType:                  partnerlink.ServicePeriodTypeMinimumNoticePeriod,
				MinimumNoticeDays:                  pulumi.StringPtr(notice),
			},
		}, asSender)
		if err != nil {
			return err
		}
		acceptPma, err := partnerlink.NewChannelHandshakeResponse(ctx, "pma-accepts", &partnerlink.ChannelHandshakeResponseArgs{
			HandshakeIdentifier: pmaHandshake.HandshakeId,
			Decision:            partnerlink.DecisionAccept,
		}, asCustomer)
		if err != nil {
			return err
		}
		acceptStart, err := partnerlink.NewChannelHandshakeResponse(ctx, "customer-accepts", &partnerlink.ChannelHandshakeResponseArgs{
			HandshakeIdentifier: start.HandshakeId,
			Decision:            partnerlink.DecisionAccept,
		}, asCustomer)
		if err != nil {
			return err
		}
		tags := map[string]string{"team": "iot"}
		if t := cfg.Get("sidewalkTags"); t != "" {
			if err := json.Unmarshal([]byte(t), &tags); err != nil {
				return err
			}
		}
		sidewalk, err := partnerlink.NewSidewalkPartnerAccount(ctx, "sidewalk", &partnerlink.SidewalkPartnerAccountArgs{
			AmazonId:            pulumi.String(cfg.Require("amazonId")),
			AppServerPrivateKey: cfg.RequireSecret("appServerPrivateKey"),
			Tags:                pulumi.ToStringMap(tags),
		}, asCustomer)
		if err != nil {
			return err
		}

		ctx.Export("pmaId", pma.ProgramManagementAccountId)
		ctx.Export("relationshipId", relationship.RelationshipId)
		ctx.Export("handshakes", pulumi.StringMap{"pma": pmaHandshake.HandshakeId, "start": start.HandshakeId})
		ctx.Export("responses", pulumi.Map{"pma": acceptPma.Status, "start": acceptStart.Status})
		ctx.Export("sidewalkArn", sidewalk.Arn)
		ctx.Export("fingerprint", sidewalk.Fingerprint)
		ctx.Export("sidewalkTags", sidewalk.Tags)
		ctx.Export("appServerPrivateKey", sidewalk.AppServerPrivateKey)
		return nil
	})
}
