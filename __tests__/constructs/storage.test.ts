import { STACK_NAMES } from "../../config/types";
import { deref, only, resources, synthJson, zoneName } from "../helpers";

type Rule = Record<string, any>;

describe.each(STACK_NAMES)("storage of %s", (stack) => {
  const json = synthJson(stack);
  const bucket = only(json, "digitalocean_spaces_bucket");
  const rules = bucket.lifecycle_rule as Rule[];

  it("is private, never force-destroyed, named with a random suffix (bucket names are global)", () => {
    expect(bucket).toMatchObject({ acl: "private", force_destroy: false });
    const suffix = /\$\{(random_id\.[^.]+)\.hex\}$/.exec(String(bucket.name));
    expect(suffix).not.toBeNull();
    expect(deref(json, `\${${suffix![1]}.hex}`).block).toMatchObject({ byte_length: 3 });
  });

  it("allows CORS from the app origin only", () => {
    const cors = only(json, "digitalocean_spaces_bucket_cors_configuration");
    const host = String(json.output!.app_url!.value);
    expect((cors.cors_rule as Rule[]).map((r) => r.allowed_origins)).toEqual([[host]]);
    expect(deref(json, cors.bucket).block).toBe(json.resource!.digitalocean_spaces_bucket![Object.keys(json.resource!.digitalocean_spaces_bucket!)[0]!]);
  });

  it("expires temp/ after 1 day (seed 000 §7.3)", () => {
    expect(rules).toContainEqual(expect.objectContaining({ prefix: "temp/", enabled: true, expiration: { days: 1 } }));
  });

  it("gives every lifecycle rule an expiration, as Spaces requires", () => {
    for (const rule of rules) expect(rule.expiration !== undefined || rule.noncurrent_version_expiration !== undefined).toBe(true);
  });

  it("expires old versions only where versioning is on", () => {
    const old = rules.find((r) => r.id === "expire-old-versions");
    expect(old !== undefined).toBe((bucket.versioning as { enabled: boolean }).enabled);
    if (stack === "dr") expect(old!.noncurrent_version_expiration).toEqual({ days: 90 });
  });

  it(["prod", "dr"].includes(stack) ? "is protected from destroy" : "is not protected from destroy", () => {
    expect(Boolean((bucket.lifecycle as Rule | undefined)?.prevent_destroy)).toBe(["prod", "dr"].includes(stack));
  });

  it("serves a CDN on media.HOST with its own certificate and CNAME, where there is a CDN", () => {
    const cdns = resources(json, "digitalocean_cdn");
    if (cdns.length === 0) return expect(resources(json, "digitalocean_record").filter((r) => r.type === "CNAME")).toHaveLength(0);
    const host = String(json.output!.app_url!.value).replace("https://", "");
    expect(cdns[0]).toMatchObject({ custom_domain: `media.${host}` });
    expect(deref(json, cdns[0]!.origin).attribute).toBe("bucket_domain_name");
    const cert = deref(json, cdns[0]!.certificate_name).block;
    expect(cert).toMatchObject({ type: "lets_encrypt" });
    expect((cert.domains as string[]).map((d) => zoneName(json, d))).toEqual([`media.${host}`]);
    // The CNAME comes first (or DigitalOcean makes its own and ours collides), pointing at the bucket's CDN endpoint.
    const cname = resources(json, "digitalocean_record").find((r) => r.type === "CNAME")!;
    expect(`${cname.name}.bizsocials.io`).toBe(`media.${host}`);
    expect(String(cname.value)).toMatch(new RegExp(`^\\$\\{digitalocean_spaces_bucket\\.[^.]+\\.name\\}\\.${bucket.region}\\.cdn\\.digitaloceanspaces\\.com\\.$`));
    return expect(cdns[0]!.depends_on).toEqual([expect.stringMatching(/^digitalocean_record\./)]);
  });
});

describe("lifecycle rules in id order (the provider reads them back in the API's order; unsorted, every plan shows a diff)", () => {
  it.each(["dev", "staging", "prod", "dr"] as const)("%s", (stack) => {
    const buckets = Object.values(synthJson(stack).resource?.digitalocean_spaces_bucket ?? {}) as { lifecycle_rule?: { id: string }[] }[];
    expect(buckets.length).toBeGreaterThan(0);
    for (const b of buckets) {
      const ids = (b.lifecycle_rule ?? []).map((r) => r.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).toEqual([...ids].sort());
    }
  });
});

describe("a bucket rename is a replacement the plan shows (name is neither ForceNew nor updated by the provider)", () => {
  it.each(["dev", "staging", "prod", "dr"] as const)("%s: replace_triggered_by a terraform_data holding exactly the bucket's name", (stack) => {
    const json = synthJson(stack);
    for (const bucket of Object.values(json.resource?.digitalocean_spaces_bucket ?? {}) as Rule[]) {
      const triggers = bucket.lifecycle.replace_triggered_by as string[];
      expect(triggers).toHaveLength(1);
      // A bare reference: Terraform refuses "${…}" here.
      expect(triggers[0]).toMatch(/^terraform_data\.[\w-]+$/);
      const tracker = (json.resource!.terraform_data as Record<string, Rule>)[triggers[0]!.slice("terraform_data.".length)]!;
      expect(tracker.input).toBe(bucket.name);
    }
  });
});
