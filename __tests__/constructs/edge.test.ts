import { Certificate } from "@cdktf/provider-digitalocean/lib/certificate";
import { Loadbalancer } from "@cdktf/provider-digitalocean/lib/loadbalancer";
import { deref, resources, synthJson, synthText, tagName } from "../helpers";

describe("edge (load balancer, certificate, DNS)", () => {
  it.each(["staging", "prod", "dr"] as const)("%s: HTTPS 443 → HTTP 80 with Let's Encrypt by name, redirect, health check, sticky cookies, by tag", (stack) => {
    const text = synthText(stack);
    expect(text).toHaveResourceWithProperties(Loadbalancer, {
      name: `bizsocials-${stack}-lb`,
      redirect_http_to_https: true,
      healthcheck: {
        protocol: "http",
        port: 80,
        path: "/health",
        check_interval_seconds: 10,
        response_timeout_seconds: 5,
        unhealthy_threshold: 3,
        healthy_threshold: 5,
      },
      sticky_sessions: expect.objectContaining({ type: "cookies" }),
    });
    expect(text).toHaveResourceWithProperties(Certificate, { type: "lets_encrypt", name: `bizsocials-${stack}-cert` });

    const json = synthJson(stack);
    const [lb] = resources(json, "digitalocean_loadbalancer");
    expect(tagName(json, lb!.droplet_tag)).toBe(`bizsocials-${stack}-app`);
    expect(lb).not.toHaveProperty("size");
    const https = (lb!.forwarding_rule as Record<string, unknown>[]).find((r) => r.entry_protocol === "https")!;
    expect(https).toMatchObject({ entry_port: 443, target_protocol: "http", target_port: 80 });
    expect(https).not.toHaveProperty("certificate_id");
    const cert = deref(json, https.certificate_name);
    expect([cert.type, cert.attribute]).toEqual(["digitalocean_certificate", "name"]);
    // Every plain-HTTP entry is covered by the redirect.
    const plain = (lb!.forwarding_rule as Record<string, unknown>[]).filter((r) => r.entry_protocol === "http");
    expect(plain.length === 0 || lb!.redirect_http_to_https === true).toBe(true);
  });

  it("dev has no load balancer or certificate; its hostname points at the app Droplet", () => {
    const json = synthJson("dev");
    expect(resources(json, "digitalocean_loadbalancer")).toHaveLength(0);
    expect(resources(json, "digitalocean_certificate")).toHaveLength(0);
    const [record] = resources(json, "digitalocean_record");
    expect(record).toMatchObject({ type: "A", name: "dev" });
    expect(deref(json, record!.value).block.name).toBe("bizsocials-dev-app-1");
  });
});
