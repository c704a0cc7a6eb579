/**
 * Day-2 changes against the synthesized lifecycle settings: what Terraform would do to each Droplet
 * behind a load balancer when an SSH key is added, cloud-init is edited, or prod switches profiles.
 * The model is Terraform's own rule — a change to a ForceNew attribute replaces the resource unless
 * `ignore_changes` names it; `create_before_destroy` creates the replacement first — with the ForceNew
 * attributes of review/force-new.ts (read from digitalocean/droplet/resource_droplet.go). A `size` change is made in place but
 * powers the Droplet off (the same file: PowerOff, Resize, PowerOn), so a resizing Droplet is down
 * too; Terraform runs changes that do not depend on each other at the same time. No plan may leave
 * a load balancer without a backend that stays up through the apply.
 */
import { FORCE_NEW as FORCE_NEW_TABLE } from "../../review/force-new";
import { resources, synthJson, tagName, type Block, type TerraformJson } from "../helpers";

const FORCE_NEW = FORCE_NEW_TABLE.digitalocean_droplet!.attributes;

type Action = "keep" | "update" | "resize" | "create" | "delete" | "replace (create first)" | "replace (destroy first)";

/** Droplets by name, with the attributes a change touches. */
function droplets(json: TerraformJson): Map<string, Block> {
  return new Map(resources(json, "digitalocean_droplet").map((d) => [String(d.name), d]));
}

/** What Terraform does to each Droplet going from `before` to `after`; `changed` are attributes whose value changes though the JSON does not (a variable's value). */
function plan(before: TerraformJson, after: TerraformJson, changed: (d: Block) => string[] = () => []): Map<string, Action> {
  const [old, next] = [droplets(before), droplets(after)];
  const actions = new Map<string, Action>();
  for (const [name, d] of old) {
    const n = next.get(name);
    if (!n) {
      actions.set(name, "delete");
      continue;
    }
    const differs = [...new Set([...Object.keys(d), ...Object.keys(n)])].filter((k) => k !== "//" && JSON.stringify(d[k]) !== JSON.stringify(n[k]));
    const touched = [...new Set([...differs, ...changed(n)])];
    const lifecycle = (n.lifecycle ?? {}) as { ignore_changes?: string[]; create_before_destroy?: boolean };
    const effective = touched.filter((k) => !(lifecycle.ignore_changes ?? []).includes(k));
    if (effective.some((k) => FORCE_NEW.includes(k))) actions.set(name, lifecycle.create_before_destroy ? "replace (create first)" : "replace (destroy first)");
    else actions.set(name, effective.includes("size") ? "resize" : effective.length > 0 ? "update" : "keep");
  }
  for (const name of next.keys()) if (!old.has(name)) actions.set(name, "create");
  return actions;
}

/** Droplets the load balancer sends traffic to (its droplet_tag), by name. */
function backends(json: TerraformJson): string[] {
  const [lb] = resources(json, "digitalocean_loadbalancer");
  const tag = tagName(json, lb!.droplet_tag);
  return resources(json, "digitalocean_droplet").filter((d) => (d.tags as string[]).some((t) => tagName(json, t) === tag)).map((d) => String(d.name));
}

/**
 * Droplets `name` waits for before Terraform changes it: its depends_on, through terraform_data
 * whose triggers name another Droplet's attributes (the settle chain), transitively.
 */
function waitsFor(json: TerraformJson, name: string): Set<string> {
  const byAddress = new Map(Object.entries(json.resource!.digitalocean_droplet!).map(([id, d]) => [`digitalocean_droplet.${id}`, String(d.name)]));
  const addressOf = new Map([...byAddress].map(([address, n]) => [n, address]));
  const seen = new Set<string>();
  const visit = (address: string) => {
    const [type, id] = address.split(".") as [string, string];
    const block = json.resource![type]?.[id] as Block | undefined;
    const refs = [...JSON.stringify({ depends_on: block?.depends_on, triggers_replace: block?.triggers_replace }).matchAll(/(digitalocean_droplet|terraform_data)\.([\w-]+)/g)].map((m) => `${m[1]}.${m[2]}`);
    for (const ref of refs) {
      if (ref === address || seen.has(ref)) continue;
      seen.add(ref);
      visit(ref);
    }
  };
  visit(addressOf.get(name)!);
  return new Set([...seen].filter((a) => byAddress.has(a)).map((a) => byAddress.get(a)!));
}

/** The most resizing backends Terraform may have powered off at one time: a largest set none of which waits for another. */
function mostResizingAtOnce(json: TerraformJson, resizing: string[]): number {
  const order = new Map(resizing.map((n) => [n, waitsFor(json, n)]));
  let best = 0;
  for (let mask = 1; mask < 1 << resizing.length; mask++) {
    const set = resizing.filter((_, i) => mask & (1 << i));
    if (set.every((a) => set.every((b) => a === b || (!order.get(a)!.has(b) && !order.get(b)!.has(a))))) best = Math.max(best, set.length);
  }
  return best;
}

/** Backends up at the worst moment of the apply: not deleted, not destroyed before their replacement, not all resizing at once. */
function survivors(before: TerraformJson, actions: Map<string, Action>, after: TerraformJson = before): string[] {
  const left = backends(before).filter((n) => !["delete", "replace (destroy first)"].includes(actions.get(n)!));
  const resizing = left.filter((n) => actions.get(n) === "resize");
  return left.slice(0, Math.max(0, left.length - mostResizingAtOnce(after, resizing)));
}

const edited = (json: TerraformJson): TerraformJson => {
  const copy = JSON.parse(JSON.stringify(json)) as TerraformJson;
  for (const d of Object.values(copy.resource!.digitalocean_droplet!)) d.user_data = `${String(d.user_data)}# edited\n`;
  return copy;
};

describe.each(["staging", "prod", "dr"] as const)("%s", (stack) => {
  const json = synthJson(stack);

  it("adding an SSH key (a new ssh_key_fingerprints value) replaces no Droplet", () => {
    const actions = plan(json, json, () => ["ssh_keys"]);
    expect([...new Set(actions.values())]).toEqual(["keep"]);
    expect(survivors(json, actions)).toEqual(backends(json));
  });

  it("editing cloud-init replaces no Droplet (new ones boot the new one; running ones are rolled one at a time)", () => {
    const actions = plan(json, edited(json));
    expect([...new Set(actions.values())]).toEqual(["keep"]);
  });

  it("a change that does replace Droplets (a new image) creates every replacement before destroying", () => {
    const copy = JSON.parse(JSON.stringify(json)) as TerraformJson;
    for (const d of Object.values(copy.resource!.digitalocean_droplet!)) d.image = "ubuntu-26-04-x64";
    const actions = plan(json, copy);
    expect([...new Set(actions.values())]).toEqual(["replace (create first)"]);
    expect(survivors(json, actions)).toEqual(backends(json));
  });
});

describe("prod: growth → launch → growth", () => {
  const launch = synthJson("prod", "launch");
  const growth = synthJson("prod", "growth");

  it.each([
    ["growth → launch", growth, launch],
    ["launch → growth", launch, growth],
  ])("%s keeps backends up: Droplets are added, removed or resized one at a time, none replaced", (_name, from, to) => {
    const actions = plan(from, to);
    expect([...actions.values()].filter((a) => a.startsWith("replace"))).toEqual([]);
    expect([...actions.values()]).toContain("resize");
    expect(survivors(from, actions, to).length).toBeGreaterThan(0);
  });

  it("each app Droplet waits until the previous one answers the load balancer's health check again after a resize (runs under terraform: constructs/rolling-resize.test.ts)", () => {
    for (const json of [launch, growth]) {
      const settles = Object.values(json.resource!.terraform_data!).filter((t) => t.provisioner !== undefined); // the settle chain (bucket name trackers have none)
      expect(settles.length).toBeGreaterThan(0);
      const [lb] = resources(json, "digitalocean_loadbalancer");
      const hc = lb!.healthcheck as Block[] | Block;
      const check = (Array.isArray(hc) ? hc[0] : hc) as { healthy_threshold: number; check_interval_seconds: number; path: string; port: number };
      for (const settle of settles) {
        const exec = (settle.provisioner as Block[])[0]!["local-exec"] as { command: string; environment: Record<string, string> };
        const header = (name: string) => new RegExp(`^readonly ${name}=(.*)$`, "m").exec(exec.command)?.[1];
        expect(header("HEALTH_PATH")).toBe(check.path);
        expect(Number(header("HEALTHY_THRESHOLD"))).toBe(check.healthy_threshold);
        expect(Number(header("INTERVAL"))).toBe(check.check_interval_seconds);
        expect(check.port).toBe(80); // the wait polls http://<ip><path>
        expect(exec.command).not.toMatch(/^sleep /m);
        expect(exec.environment.DROPLET_IP).toMatch(/^\$\{digitalocean_droplet\.app-tier_app-\d+\.ipv4_address\}$/);
        expect(JSON.stringify(settle.triggers_replace)).toMatch(/digitalocean_droplet\.app-tier_app-\d+\.size/);
      }
    }
  });

  it("the machine running terraform can reach the health path: the firewall lets :80 in from admin_cidrs, not from anywhere", () => {
    const [fw] = resources(growth, "digitalocean_firewall");
    const http = (fw!.inbound_rule as Block[]).filter((r) => r.port_range === "80");
    expect(http.map((r) => r.source_addresses ?? r.source_load_balancer_uids)).toEqual([["${digitalocean_loadbalancer.edge_lb.id}"], "${var.admin_cidrs}"]);
  });

  it("growth → launch can be applied: disks were never grown", () => {
    for (const d of [...droplets(launch).values(), ...droplets(growth).values()]) expect(d.resize_disk).toBe(false);
  });
});

describe("the model itself", () => {
  it("sees the outage parallel resizes would cause: without the settle chain growth → launch powers off every remaining backend at once", () => {
    const growth = synthJson("prod", "growth");
    const launch = JSON.parse(JSON.stringify(synthJson("prod", "launch"))) as TerraformJson;
    for (const d of Object.values(launch.resource!.digitalocean_droplet!)) delete d.depends_on;
    expect(survivors(growth, plan(growth, launch), launch)).toEqual([]);
  });

  it("sees the outage the old settings caused: without ignore_changes a new SSH key replaced every backend, destroying first", () => {
    const json = synthJson("prod");
    const old = JSON.parse(JSON.stringify(json)) as TerraformJson;
    for (const d of Object.values(old.resource!.digitalocean_droplet!)) delete d.lifecycle;
    const actions = plan(old, old, () => ["ssh_keys"]);
    expect(survivors(old, actions)).toEqual([]);
  });
});
