// Two explicit providers, two accounts: the sender (111111111111) enrolls a program management
// account for the customer (222222222222), relates the customer and sends both handshakes; the
// customer accepts them and associates a Sidewalk partner account. The same program as
// tests/native/programs/accounts (Python), written as a TypeScript user writes it.
import * as pulumi from "@pulumi/pulumi";
import * as partnerlink from "@partnerlink/pulumi-partnerlink";

const config = new pulumi.Config();
const settings = new pulumi.Config("partnerlink");
const common = {
    endpoint: settings.require("endpoint"),
    region: "us-east-1",
    maxAttempts: config.get("bad") === "provider" ? 99 : undefined,
};
const sender = new partnerlink.Provider("sender", { ...common, profile: "sender" });
const customer = new partnerlink.Provider("customer", {
    ...common,
    profile: "customer",
    defaultTags: { owner: "customer" },
});

const pma = new partnerlink.ProgramManagementAccount("pma", {
    program: (config.get("program") ?? partnerlink.Program.SolutionProvider) as partnerlink.Program,
    displayName: config.get("pmaName") ?? "Reseller PMA",
    accountId: "222222222222",
    tags: { env: "test" },
}, { provider: sender });
const relationship = new partnerlink.ChannelRelationship("customer", {
    programManagementAccountIdentifier: pma.programManagementAccountId,
    associationType: partnerlink.AssociationType.EndCustomer,
    associatedAccountId: "222222222222",
    displayName: "Customer One",
    sector: partnerlink.Sector.Commercial,
    requestedSupportPlan: {
        partnerLedSupport: { coverage: partnerlink.Coverage.EntireOrganization, tamLocation: "us" },
    },
}, { provider: sender });
const pmaHandshake = new partnerlink.ChannelHandshake("pma-handshake", {
    handshakeType: partnerlink.HandshakeType.ProgramManagementAccount,
    associatedResourceIdentifier: pma.programManagementAccountId,
}, { provider: sender });
const start = new partnerlink.ChannelHandshake("start", {
    handshakeType: partnerlink.HandshakeType.StartServicePeriod,
    associatedResourceIdentifier: relationship.relationshipId,
    startServicePeriod: {
        programManagementAccountIdentifier: pma.programManagementAccountId,
        servicePeriodType: partnerlink.ServicePeriodType.MinimumNoticePeriod,
        minimumNoticeDays: config.get("noticeDays") ?? "30",
    },
}, { provider: sender });
const acceptPma = new partnerlink.ChannelHandshakeResponse("pma-accepts", {
    handshakeIdentifier: pmaHandshake.handshakeId,
    decision: partnerlink.Decision.Accept,
}, { provider: customer });
const acceptStart = new partnerlink.ChannelHandshakeResponse("customer-accepts", {
    handshakeIdentifier: start.handshakeId,
    decision: partnerlink.Decision.Accept,
}, { provider: customer });
const sidewalk = new partnerlink.SidewalkPartnerAccount("sidewalk", {
    amazonId: config.require("amazonId"),
    appServerPrivateKey: config.requireSecret("appServerPrivateKey"),
    tags: JSON.parse(config.get("sidewalkTags") ?? '{"team": "iot"}'),
}, { provider: customer });

export const pmaId = pma.programManagementAccountId;
export const relationshipId = relationship.relationshipId;
export const handshakes = { pma: pmaHandshake.handshakeId, start: start.handshakeId };
export const responses = { pma: acceptPma.status, start: acceptStart.status };
export const sidewalkArn = sidewalk.arn;
export const fingerprint = sidewalk.fingerprint;
export const sidewalkTags = sidewalk.tags;
export const appServerPrivateKey = sidewalk.appServerPrivateKey;
