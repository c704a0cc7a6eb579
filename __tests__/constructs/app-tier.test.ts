import { parse } from "yaml";
import { STACK_NAMES } from "../../config/types";
import { deref, only, resources, synthJson, tagNames } from "../helpers";

describe.each(STACK_NAMES)("app tier of %s", (stack) => {
  const json = synthJson(stack);
  const all = resources(json, "digitalocean_droplet");

  it("has one resource per Droplet (no count), named and tagged by app, environment and role", () => {
    expect(all.length).toBeGreaterThan(0);
    for (const d of all) {
      expect(d).not.toHaveProperty("count");
      const [, role] = /^bizsocials-\w+-(app|worker)-\d+$/.exec(String(d.name)) ?? [];
      expect(role).toBeDefined();
      expect(tagNames(json, d.tags)).toEqual(["bizsocials", `bizsocials-${stack}`, `bizsocials-${stack}-${role}`]);
      // Stack tags are resources, so they exist before anything that selects by them.
      for (const tag of (d.tags as string[]).slice(1)) expect(deref(json, tag).type).toBe("digitalocean_tag");
    }
  });

  it("runs Ubuntu 24.04 in the stack's VPC with the monitoring agent and the ops SSH keys", () => {
    const vpc = only(json, "digitalocean_vpc");
    for (const d of all) {
      expect(d).toMatchObject({ image: "ubuntu-24-04-x64", monitoring: true, ssh_keys: "${var.ssh_key_fingerprints}" });
      expect(deref(json, d.vpc_uuid).block.name).toBe(vpc.name);
      expect(d.region).toBe(vpc.region);
    }
  });

  it("boots with cloud-init that hardens SSH", () => {
    for (const d of all) {
      const config = parse(String(d.user_data));
      expect(config.ssh_pwauth).toBe(false);
      expect(config.users[0].name).toBe("deploy");
    }
  });
});
