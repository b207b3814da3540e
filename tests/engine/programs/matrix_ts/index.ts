// The matrix program in TypeScript: one resource of any kind, or several (config `cases`),
// declared through the generated SDK from the same config as tests/engine/programs/matrix
// (`resource`, `inputs` as snake_case JSON, `key`, or `cases`); outputs are exported under
// the matrix program's snake_case names (`<Name>.<output>` for cases).
import * as pulumi from "@pulumi/pulumi";
import * as partnerlink from "@partnerlink/pulumi-partnerlink";

const config = new pulumi.Config();
const key = config.getSecret("key");
const OUTPUTS = [
    "arn", "tags", "clientToken", "status", "revision", "displayName", "fingerprint",
    "appliedFingerprint", "handshakeId", "relationshipId", "programManagementAccountId",
    "partnerAccountId",
];

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
// The config's snake_case inputs as the SDK names them (tag keys are the user's: untouched).
function keys(value: any): any {
    if (Array.isArray(value)) return value.map(keys);
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [camel(k), keys(v)]));
    }
    return value;
}
function args(inputs: Record<string, any>): any {
    return Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [camel(k), k === "tags" ? v : keys(v)]),
    );
}

function declare(kind: string, inputs: Record<string, any>): any {
    const a = args(inputs);
    switch (kind) {
        case "SidewalkPartnerAccount":
            return new partnerlink.SidewalkPartnerAccount("it", { ...a, appServerPrivateKey: key! });
        case "ProgramManagementAccount":
            return new partnerlink.ProgramManagementAccount("it", a);
        case "ChannelRelationship":
            return new partnerlink.ChannelRelationship("it", a);
        case "ChannelHandshake":
            return new partnerlink.ChannelHandshake("it", a);
        case "ChannelHandshakeResponse":
            return new partnerlink.ChannelHandshakeResponse("it", a);
    }
    throw new Error(`no resource ${kind}`);
}

const outputs: Record<string, pulumi.Output<any>> = {};
const cases: { resource: string; inputs: Record<string, any> }[] = config.get("cases")
    ? JSON.parse(config.require("cases"))
    : [{ resource: config.require("resource"), inputs: JSON.parse(config.require("inputs")) }];
for (const c of cases) {
    const resource = declare(c.resource, c.inputs);
    const prefix = config.get("cases") ? `${c.resource}.` : "";
    for (const name of OUTPUTS) {
        if (resource[name] !== undefined) outputs[prefix + snake(name)] = resource[name];
    }
}
export = outputs;
