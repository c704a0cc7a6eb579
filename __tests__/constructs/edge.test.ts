import { Loadbalancer } from "@cdktf/provider-digitalocean/lib/loadbalancer";
import { PLATFORM } from "../../config/environments";
import { compareStack, type Json } from "../../review/compare";
import { forcesReplacement } from "../../review/force-new";
import { deref, resources, synthJson, synthText, tagName, zoneName } from "../helpers";

describe("edge (load balancer, certificate, DNS)", () => {
  it.each(["staging", "prod", "dr"] as const)("%s: HTTPS 443 → HTTP 80 with Let's Encrypt by name, redirect, health check, sticky cookies, by tag", (stack) => {
    const text = synthText(stack);
    expect(text).toHaveResourceWithProperties(Loadbalancer, {
      name: `bizsocials-${stack}-lb`,
      redirect_http_to_https: true,
      disable_lets_encrypt_dns_records: true,
      healthcheck: {
        protocol: "http",
        port: 80,
        // The runtime's path, answered by the app itself (Laravel's /up), never by nginx.
        path: PLATFORM.runtime.healthPath,
        check_interval_seconds: 10,
        response_timeout_seconds: 5,
        unhealthy_threshold: 3,
        healthy_threshold: 5,
      },
      sticky_sessions: expect.objectContaining({ type: "cookies" }),
    });

    const json = synthJson(stack);
    const [lb] = resources(json, "digitalocean_loadbalancer");
    expect(tagName(json, lb!.droplet_tag)).toBe(`bizsocials-${stack}-app`);
    expect(lb).not.toHaveProperty("size");
    const https = (lb!.forwarding_rule as Record<string, unknown>[]).find((r) => r.entry_protocol === "https")!;
    expect(https).toMatchObject({ entry_port: 443, target_protocol: "http", target_port: 80 });
    expect(https).not.toHaveProperty("certificate_id");
    const cert = deref(json, https.certificate_name);
    expect([cert.type, cert.attribute]).toEqual(["digitalocean_certificate", "name"]);
    expect(cert.block).toMatchObject({ type: "lets_encrypt", lifecycle: { create_before_destroy: true } });
    // Spelled through the zone, so the certificate waits for it.
    const host = (j: typeof json) => zoneName(j, resources(j, "digitalocean_record").find((r) => r.type === "A")!.name) + ".bizsocials.io";
    // dr stands by for prod: its certificate covers prod's hostname too, issued before a failover needs it.
    const expected = stack === "dr" ? [host(json), host(synthJson("prod"))] : [host(json)];
    for (const d of cert.block.domains as string[]) expect(d).toMatch(/\$\{(data\.)?digitalocean_domain\./);
    expect((cert.block.domains as string[]).map((d) => zoneName(json, d))).toEqual(expected);
    // A replacement gets a new name, so create-before-destroy cannot collide with the old one.
    const suffix = /^bizsocials-\w+-cert-(\$\{random_id\.[^.]+\.hex\})$/.exec(String(cert.block.name));
    expect(suffix).not.toBeNull();
    expect(deref(json, suffix![1]).block.keepers).toEqual({ domains: (cert.block.domains as string[]).join(",") });
    // Every plain-HTTP entry is covered by the redirect.
    const plain = (lb!.forwarding_rule as Record<string, unknown>[]).filter((r) => r.entry_protocol === "http");
    expect(plain.length === 0 || lb!.redirect_http_to_https === true).toBe(true);
  });

  it("dev has no load balancer or certificate; its hostname points at a reserved IP assigned to the app Droplet", () => {
    const json = synthJson("dev");
    expect(resources(json, "digitalocean_loadbalancer")).toHaveLength(0);
    expect(resources(json, "digitalocean_certificate")).toHaveLength(0);
    const [record] = resources(json, "digitalocean_record");
    expect(record).toMatchObject({ type: "A", name: "dev" });
    const address = deref(json, record!.value);
    expect([address.type, address.attribute]).toEqual(["digitalocean_reserved_ip", "ip_address"]);
    expect(address.block.region).toBe(resources(json, "digitalocean_droplet")[0]!.region);
    const droplet = deref(json, address.block.droplet_id);
    expect([droplet.type, droplet.attribute, droplet.block.name]).toEqual(["digitalocean_droplet", "id", "bizsocials-dev-app-1"]);
    expect(address.block.lifecycle).toEqual({ prevent_destroy: false }); // dev: not a production address
  });

  it("a replaced Droplet takes the reserved IP over: the record and the address do not change, only droplet_id (in place)", () => {
    const json = synthJson("dev") as Json;
    const head = JSON.parse(JSON.stringify(json)) as Json;
    for (const d of Object.values(head.resource.digitalocean_droplet as Json)) (d as Json).image = "ubuntu-26-04-x64";
    const changes = compareStack("dev", json, head).changes;
    expect(changes.map((c) => [c.address, c.action])).toEqual([["digitalocean_droplet.app-tier_app-1", "replace"]]);
    expect(forcesReplacement("digitalocean_reserved_ip", "droplet_id")).toBe(false);
    expect(forcesReplacement("digitalocean_reserved_ip", "region")).toBe(true);
  });
});
