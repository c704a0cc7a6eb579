import { createHash } from "node:crypto";
import { parse } from "yaml";
import { PLATFORM } from "../../config/environments";
import { STACK_NAMES } from "../../config/types";
import { runtimeOf } from "../../runtimes";
import { deref, only, resources, synthJson, tagNames, userData } from "../helpers";

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

  it("boots the preset's runtime with the deploy user", () => {
    for (const d of all) {
      const config = parse(userData(d));
      expect(config.ssh_pwauth).toBe(false);
      expect(config.users[0].name).toBe("deploy");
      expect(config.write_files.map((f: { path: string }) => f.path)).toContain("/usr/local/sbin/bizsocials-deploy");
    }
  });

  it("day 2: cloud-init edits and new SSH keys replace nothing; whatever replaces a Droplet creates the new one first", () => {
    // provider v2.71.0 digitalocean/droplet/resource_droplet.go: user_data and ssh_keys are ForceNew.
    for (const d of all) expect(d.lifecycle).toEqual({ create_before_destroy: true, ignore_changes: ["user_data", "ssh_keys"] });
  });

  it("day 2: resizes keep the disk, so a smaller profile can be applied again", () => {
    for (const d of all) expect(d.resize_disk).toBe(false);
  });

  it("day 2: the delete timeout covers the graceful shutdown, which waits for workers to finish their job", () => {
    const stop = runtimeOf(PLATFORM.runtime).stopSeconds(PLATFORM.runtime);
    for (const d of all) {
      expect(d.graceful_shutdown).toBe(true);
      const minutes = Number(/^(\d+)m$/.exec(String((d.timeouts as { delete: string }).delete))![1]);
      // The provider's default is 60 s (resource_droplet.go Timeouts.Delete), shorter than one job.
      expect(minutes * 60).toBeGreaterThan(stop + 60);
    }
  });

  it("publishes each group's cloud-init hash, so a plan shows when running Droplets need a roll", () => {
    const hashes = json.output!.user_data_sha256!.value as Record<string, string>;
    for (const d of all) {
      // The Droplet that runs the backup jobs has a document of its own.
      const group = userData(d).includes("/usr/local/sbin/bizsocials-backup") ? "backups" : /-(app|worker)-\d+$/.exec(String(d.name))![1]!;
      expect(hashes[group]).toBe(createHash("sha256").update(userData(d)).digest("hex"));
    }
  });
});
