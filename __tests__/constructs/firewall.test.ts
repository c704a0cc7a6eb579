import { STACK_NAMES } from "../../config/types";
import { deref, only, synthJson, tagNames } from "../helpers";

type Rule = Record<string, unknown>;
const WORLD = ["0.0.0.0/0", "::/0"];

describe.each(STACK_NAMES)("cloud firewall of %s", (stack) => {
  const json = synthJson(stack);
  const fw = only(json, "digitalocean_firewall");
  const inbound = fw.inbound_rule as Rule[];

  it("applies to every Droplet of the environment by tag", () => {
    expect(tagNames(json, fw.tags)).toEqual([`bizsocials-${stack}`]);
  });

  it("allows SSH only from the admin CIDRs", () => {
    const ssh = inbound.filter((r) => r.port_range === "22");
    expect(ssh).toEqual([{ protocol: "tcp", port_range: "22", source_addresses: "${var.admin_cidrs}" }]);
  });

  it("allows HTTP only from the load balancer and the admin CIDRs (the rolling resize's health wait) where there is one, else 80/443 from anywhere", () => {
    const web = inbound.filter((r) => r.port_range !== "22");
    if (stack === "dev") {
      expect(web.map((r) => [r.port_range, r.source_addresses])).toEqual([["80", WORLD], ["443", WORLD]]);
    } else {
      expect(web).toHaveLength(2);
      expect(web[0]).toMatchObject({ protocol: "tcp", port_range: "80" });
      expect(web[0]).not.toHaveProperty("source_addresses");
      const [lb] = web[0]!.source_load_balancer_uids as string[];
      expect(deref(json, lb).type).toBe("digitalocean_loadbalancer");
      expect(web[1]).toEqual({ protocol: "tcp", port_range: "80", source_addresses: "${var.admin_cidrs}" });
    }
  });

  it("leaves outbound open", () => {
    const outbound = fw.outbound_rule as Rule[];
    expect(outbound.map((r) => r.protocol).sort()).toEqual(["icmp", "tcp", "udp"]);
    for (const r of outbound) expect(r.destination_addresses).toEqual(WORLD);
  });
});
