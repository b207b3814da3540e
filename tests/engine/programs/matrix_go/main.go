// The matrix program in Go: one resource of any kind, or several (config `cases`), declared
// through the generated Go SDK from the same config as tests/engine/programs/matrix
// (`resource`, `inputs` as snake_case JSON, `key`, or `cases`); outputs are exported under the
// matrix program's snake_case names (`<Name>.<output>` for cases).
package main

import (
	"encoding/json"
	"fmt"

	"github.com/partnerlink/pulumi-partnerlink/sdk/go/partnerlink"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type inputs = map[string]any

// Config `cases`: one resource of each kind named, with its inputs.
type declared struct {
	Resource string `json:"resource"`
	Inputs   inputs `json:"inputs"`
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		key := cfg.GetSecret("key")
		var cases []declared
		if text := cfg.Get("cases"); text != "" {
			if err := json.Unmarshal([]byte(text), &cases); err != nil {
				return err
			}
		} else {
			var in inputs
			if err := json.Unmarshal([]byte(cfg.Require("inputs")), &in); err != nil {
				return err
			}
			cases = []declared{{Resource: cfg.Require("resource"), Inputs: in}}
		}
		prefix := len(cases) > 1 || cfg.Get("cases") != ""
		for _, c := range cases {
			outputs, err := declare(ctx, c.Resource, c.Inputs, key)
			if err != nil {
				return err
			}
			for name, value := range outputs {
				if prefix {
					name = c.Resource + "." + name
				}
				ctx.Export(name, value)
			}
		}
		return nil
	})
}

func declare(ctx *pulumi.Context, kind string, in inputs, key pulumi.StringOutput) (map[string]pulumi.Input, error) {
	switch kind {
	case "SidewalkPartnerAccount":
		r, err := partnerlink.NewSidewalkPartnerAccount(ctx, "it", &partnerlink.SidewalkPartnerAccountArgs{
			AmazonId:            pulumi.String(str(in, "amazon_id")),
			AppServerPrivateKey: key,
			Tags:                tags(in),
			Adopt:               boolPtr(in, "adopt"),
			ClientToken:         strPtr(in, "client_token"),
		})
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{
			"arn": r.Arn, "tags": r.Tags, "client_token": r.ClientToken,
			"fingerprint": r.Fingerprint, "applied_fingerprint": r.AppliedFingerprint,
			"partner_account_id": r.PartnerAccountId,
		}, nil
	case "ProgramManagementAccount":
		r, err := partnerlink.NewProgramManagementAccount(ctx, "it", &partnerlink.ProgramManagementAccountArgs{
			Program:     partnerlink.Program(str(in, "program")),
			DisplayName: pulumi.String(str(in, "display_name")),
			AccountId:   pulumi.String(str(in, "account_id")),
			Tags:        tags(in),
			Adopt:       boolPtr(in, "adopt"),
			ClientToken: strPtr(in, "client_token"),
		})
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{
			"arn": r.Arn, "tags": r.Tags, "client_token": r.ClientToken, "status": r.Status,
			"revision": r.Revision, "display_name": r.DisplayName,
			"program_management_account_id": r.ProgramManagementAccountId,
		}, nil
	case "ChannelRelationship":
		r, err := partnerlink.NewChannelRelationship(ctx, "it", &partnerlink.ChannelRelationshipArgs{
			ProgramManagementAccountIdentifier: pulumi.String(str(in, "program_management_account_identifier")),
			AssociationType:                    partnerlink.AssociationType(str(in, "association_type")),
			AssociatedAccountId:                pulumi.String(str(in, "associated_account_id")),
			DisplayName:                        pulumi.String(str(in, "display_name")),
			Sector:                             partnerlink.Sector(str(in, "sector")),
			RequestedSupportPlan:               supportPlan(in),
			Tags:                               tags(in),
			Adopt:                              boolPtr(in, "adopt"),
			ClientToken:                        strPtr(in, "client_token"),
		})
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{
			"arn": r.Arn, "tags": r.Tags, "client_token": r.ClientToken,
			"revision": r.Revision, "display_name": r.DisplayName, "relationship_id": r.RelationshipId,
		}, nil
	case "ChannelHandshake":
		args := &partnerlink.ChannelHandshakeArgs{
			HandshakeType:                partnerlink.HandshakeType(str(in, "handshake_type")),
			AssociatedResourceIdentifier: pulumi.String(str(in, "associated_resource_identifier")),
			Tags:                         tags(in),
			Adopt:                        boolPtr(in, "adopt"),
			ResendWhenExpired:            boolPtr(in, "resend_when_expired"),
			ClientToken:                  strPtr(in, "client_token"),
		}
		if p, ok := in["start_service_period"].(map[string]any); ok {
			args.StartServicePeriod = &partnerlink.StartServicePeriodPayloadArgs{
				ProgramManagementAccountIdentifier: pulumi.String(str(p, "program_management_account_identifier")),
				ServicePeriodType:                  partnerlink.ServicePeriodType(str(p, "service_period_type")),
				MinimumNoticeDays:                  strPtr(p, "minimum_notice_days"),
				EndDate:                            strPtr(p, "end_date"),
				Note:                               strPtr(p, "note"),
			}
		}
		if p, ok := in["revoke_service_period"].(map[string]any); ok {
			args.RevokeServicePeriod = &partnerlink.RevokeServicePeriodPayloadArgs{
				ProgramManagementAccountIdentifier: pulumi.String(str(p, "program_management_account_identifier")),
				Note:                               strPtr(p, "note"),
			}
		}
		r, err := partnerlink.NewChannelHandshake(ctx, "it", args)
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{
			"arn": r.Arn, "tags": r.Tags, "client_token": r.ClientToken, "status": r.Status,
			"handshake_id": r.HandshakeId,
		}, nil
	case "ChannelHandshakeResponse":
		args := &partnerlink.ChannelHandshakeResponseArgs{
			HandshakeIdentifier: pulumi.String(str(in, "handshake_identifier")),
			Decision:            partnerlink.Decision(str(in, "decision")),
		}
		if c, ok := in["connection"].(map[string]any); ok {
			args.Connection = &partnerlink.ConnectionArgs{Profile: strPtr(c, "profile")}
		}
		r, err := partnerlink.NewChannelHandshakeResponse(ctx, "it", args)
		if err != nil {
			return nil, err
		}
		return map[string]pulumi.Input{"status": r.Status, "handshake_id": r.HandshakeId}, nil
	}
	return nil, fmt.Errorf("no resource %q", kind)
}

// str is a required string input (as the JSON has it: numbers too).
func str(in inputs, name string) string {
	if v, ok := in[name]; ok && v != nil {
		return fmt.Sprint(v)
	}
	return ""
}

func strPtr(in inputs, name string) pulumi.StringPtrInput {
	if v, ok := in[name]; ok && v != nil {
		return pulumi.StringPtr(fmt.Sprint(v))
	}
	return nil
}

func boolPtr(in inputs, name string) pulumi.BoolPtrInput {
	if v, ok := in[name].(bool); ok {
		return pulumi.BoolPtr(v)
	}
	return nil
}

func tags(in inputs) pulumi.StringMapInput {
	m, ok := in["tags"].(map[string]any)
	if !ok {
		return nil
	}
	out := pulumi.StringMap{}
	for k, v := range m {
		out[k] = pulumi.String(fmt.Sprint(v))
	}
	return out
}

func supportPlan(in inputs) partnerlink.SupportPlanPtrInput {
	plan, ok := in["requested_support_plan"].(map[string]any)
	if !ok {
		return nil
	}
	args := partnerlink.SupportPlanArgs{}
	if t, ok := plan["partner_led_support"].(map[string]any); ok {
		args.PartnerLedSupport = &partnerlink.PartnerLedSupportArgs{
			Coverage: partnerlink.Coverage(str(t, "coverage")), TamLocation: pulumi.String(str(t, "tam_location")),
		}
	}
	if t, ok := plan["resold_enterprise"].(map[string]any); ok {
		args.ResoldEnterprise = &partnerlink.ResoldEnterpriseArgs{
			Coverage: partnerlink.Coverage(str(t, "coverage")), TamLocation: pulumi.String(str(t, "tam_location")),
			ChargeAccountId: strPtr(t, "charge_account_id"),
		}
	}
	if t, ok := plan["resold_unified_operations"].(map[string]any); ok {
		args.ResoldUnifiedOperations = &partnerlink.ResoldUnifiedOperationsArgs{
			Coverage: partnerlink.Coverage(str(t, "coverage")), TamLocation: pulumi.String(str(t, "tam_location")),
			ChargeAccountId: strPtr(t, "charge_account_id"),
		}
	}
	return args
}
