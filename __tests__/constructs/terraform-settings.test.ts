import { PLATFORM } from "../../config/environments";
import { STACK_NAMES } from "../../config/types";
import { synthText, synthJson } from "../helpers";

/** The bucket the config lists the stack in, named as the bootstrap stack names it. */
const bucketOf = (stack: string) => {
  const holders = PLATFORM.state.buckets.filter((b) => (b.stacks as readonly string[]).includes(stack));
  expect(holders).toHaveLength(1);
  return `${PLATFORM.state.bucketPrefix}-${holders[0]!.id}`;
};

describe.each(STACK_NAMES)("terraform settings of %s", (stack) => {
  const json = synthJson(stack);

  it("keeps state on Spaces in ams3 through the S3 backend, as DigitalOcean documents it, in the bucket its config names", () => {
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: bucketOf(stack),
        key: `bizsocials/${stack}.tfstate`,
        region: "us-east-1",
        endpoints: { s3: "https://ams3.digitaloceanspaces.com" },
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        skip_s3_checksum: true,
      },
    });
    // 1.6.3 for the backend's endpoints.s3 and skip_* flags, 1.7 for failover mode's `removed` block.
    expect(json.terraform.required_version).toBe(">= 1.7.0");
  });

  it("pins the prebuilt providers and writes no credentials", () => {
    expect(json.terraform.required_providers.digitalocean).toEqual({ source: "digitalocean/digitalocean", version: "2.71.0" });
    expect(json.provider!.digitalocean).toEqual([{}]);
    const text = synthText(stack);
    // Such attributes may only hold references (the app_settings output passes DigitalOcean's passwords on).
    expect(text).not.toMatch(/"(token|access_key|secret_key|spaces_access_id|spaces_secret_key|password)"\s*:\s*"(?!\$\{[^}]+\}")/);
    expect(text).not.toMatch(/dop_v1_[0-9a-f]{20,}|AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  });

  it("marks every secret output sensitive", () => {
    for (const [name, output] of Object.entries(json.output!)) {
      const secret = /password|secret|token|uri/.test(name) || /\.(password|uri|private_uri)\}"/.test(JSON.stringify(output.value));
      expect({ name, sensitive: output.sensitive === true }).toEqual({ name, sensitive: secret });
    }
  });
});

describe("state separation", () => {
  it("keeps production and non-production state in different buckets", () => {
    const production = (s: string) => s === "prod" || s === "dr";
    const buckets = (pred: (s: string) => boolean) => new Set(STACK_NAMES.filter(pred).map((s) => synthJson(s).terraform.backend!.s3!.bucket));
    const prodBuckets = buckets(production);
    for (const b of buckets((s) => !production(s))) expect(prodBuckets.has(b)).toBe(false);
    expect(synthJson("prod").terraform.backend!.s3!.bucket).toBe("bizsocials-tfstate-prod");
    expect(synthJson("dev").terraform.backend!.s3!.bucket).toBe("bizsocials-tfstate-nonprod");
  });
});
