// A TypeScript program of the five native resources, as the README shows it; type-checked
// against the generated SDK by `make sdk-check` (the Node.js language host is not available
// here, so it is never run). The @ts-expect-error lines must stay errors.
import * as pulumi from "@pulumi/pulumi";
import * as partnerlink from "@partnerlink/pulumi-partnerlink";

const config = new pulumi.Config();

// The customer's account, beside the stack's default provider (the sender's).
const customer = new partnerlink.Provider("customer", {
    profile: "customer",
    region: "us-east-1",
    defaultTags: { owner: "customer" },
});

const pma = new partnerlink.ProgramManagementAccount("pma", {
    program: "SOLUTION_PROVIDER",
    displayName: "Reseller PMA",
    accountId: "222222222222",
    tags: { env: "prod" },
});
const relationship = new partnerlink.ChannelRelationship("customer", {
    programManagementAccountIdentifier: pma.programManagementAccountId,
    associationType: partnerlink.AssociationType.EndCustomer,
    associatedAccountId: "222222222222",
    displayName: "Customer One",
    sector: "COMMERCIAL",
    requestedSupportPlan: {
        partnerLedSupport: { coverage: "ENTIRE_ORGANIZATION", tamLocation: "us" },
    },
});
const pmaHandshake = new partnerlink.ChannelHandshake("pma-handshake", {
    handshakeType: "PROGRAM_MANAGEMENT_ACCOUNT",
    associatedResourceIdentifier: pma.programManagementAccountId,
});
const start = new partnerlink.ChannelHandshake("start", {
    handshakeType: "START_SERVICE_PERIOD",
    associatedResourceIdentifier: relationship.relationshipId,
    startServicePeriod: {
        programManagementAccountIdentifier: pma.programManagementAccountId,
        servicePeriodType: "MINIMUM_NOTICE_PERIOD",
        minimumNoticeDays: "30",
    },
});
new partnerlink.ChannelHandshakeResponse("pma-accepts", {
    handshakeIdentifier: pmaHandshake.handshakeId,
    decision: "ACCEPT",
    connection: { profile: "customer" },
});
const accepted = new partnerlink.ChannelHandshakeResponse(
    "customer-accepts",
    { handshakeIdentifier: start.handshakeId, decision: partnerlink.Decision.Accept },
    { provider: customer },
);
const sidewalk = new partnerlink.SidewalkPartnerAccount(
    "sidewalk",
    {
        amazonId: "amzn1.account.AEXAMPLE",
        appServerPrivateKey: config.requireSecret("sidewalkKey"),
        tags: { team: "iot" },
    },
    { provider: customer },
);

// Outputs are typed: ids as `string` (the schema lists them as required), optional outputs as
// `string | undefined`.
export const pmaId: pulumi.Output<string> = pma.programManagementAccountId;
export const status: pulumi.Output<string | undefined> = accepted.status;
export const fingerprint: pulumi.Output<string | undefined> = sidewalk.fingerprint;

// An id from an existing object (what `pulumi import` writes for a relationship).
const existing = partnerlink.ChannelRelationship.get("existing", "pma-1234567890abc/rs-1234567890abc");
export const existingName = existing.displayName;

// The generated types are strict: these must not compile.
new partnerlink.ChannelHandshakeResponse("bad-decision", {
    handshakeIdentifier: start.handshakeId,
    // @ts-expect-error: a decision is ACCEPT or REJECT
    decision: "MAYBE",
});
// @ts-expect-error: amazonId is required
new partnerlink.SidewalkPartnerAccount("no-amazon-id", { appServerPrivateKey: "00" });
