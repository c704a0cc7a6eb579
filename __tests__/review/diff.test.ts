/**
 * The review engine (review/compare.ts, review/render.ts) on fixture pairs: each base is a real
 * synthesized stack (global-setup.ts) and each head the same JSON with one small, visible edit (an
 * added Droplet, a resized database, changed user_data, a removed bucket, a renamed construct, …),
 * so the pairs stay faithful to what the stacks emit. Assertions are on content: which addresses,
 * which marks, in which order.
 */
import { createHash } from "node:crypto";
import { compareStack, detectRenames, flatten, ignoredBy, isSecretPath, lineDelta, losesData, rank, showValue, type Json, type StackComparison } from "../../review/compare";
import { dataLossWarning, renderJson, renderMarkdown, summaryLine } from "../../review/render";
import type { Review } from "../../review/run";
import { synthJson } from "../helpers";

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const prod = () => clone(synthJson("prod")) as Json;
/** The prod MySQL cluster (the Valkey cache is a database cluster too). */
const database = (json: Json): [string, Json] => Object.entries(json.resource.digitalocean_database_cluster as Json).find(([, c]) => c.engine === "mysql") as [string, Json];
const sha = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);

function reviewOf(stacks: StackComparison[]): Review {
  return {
    base: { ref: "main", commit: "0123456789abcdef0123" },
    head: "working tree",
    stacks,
    policy: { status: "passed", lines: ["bizsocials/prod: policy passed (24 rules applied, 3 suppressed)"], stacks: [{ stack: "prod", rulesApplied: 24, suppressed: 3 }] },
  };
}

/**
 * Renames a construct the way a code change would: every resource whose id starts with `from_`
 * gets `to_`, and so does every reference to one (`${type.from_x…}` and bare `type.from_x`).
 */
function renameConstruct(json: Json, from: string, to: string): Json {
  const text = JSON.stringify(json)
    .replace(new RegExp(`\\b((?:digitalocean_[a-z_]+)|random_id|terraform_data)\\.${from}_`, "g"), `$1.${to}_`)
    .replaceAll(`"prod/${from}/`, `"prod/${to}/`); // construct paths in the metadata
  const out = JSON.parse(text) as Json;
  for (const blocks of Object.values(out.resource as Json)) {
    for (const name of Object.keys(blocks as Json)) {
      if (!name.startsWith(`${from}_`)) continue;
      (blocks as Json)[`${to}_${name.slice(from.length + 1)}`] = (blocks as Json)[name];
      delete (blocks as Json)[name];
    }
  }
  return out;
}

describe("fixture pairs on the prod stack", () => {
  it("no edit: no change, and metadata (`//`) is not configuration", () => {
    const head = prod();
    (head.resource.digitalocean_droplet as Json)["app-tier_app-1"]["//"] = { metadata: { path: "prod/elsewhere", uniqueId: "x" } };
    const result = compareStack("prod", prod(), head);
    expect(result.status).toBe("unchanged");
    expect(result.changes).toEqual([]);
    expect(result.settings).toEqual([]);
    expect(result.dataSources).toEqual([]);
    expect(result.cost.deltaUsd).toBe(0);
    expect(summaryLine(result)).toBe(`prod: no change · cost $${result.cost.headUsd.toFixed(2)}/mo`);
  });

  it("an added Droplet: one create, priced", () => {
    const head = prod();
    const droplets = head.resource.digitalocean_droplet as Json;
    droplets["app-tier_app-3"] = { ...droplets["app-tier_app-2"], name: "bizsocials-prod-app-3" };
    const result = compareStack("prod", prod(), head);
    expect(result.changes.map((c) => [c.action, c.address])).toEqual([["create", "digitalocean_droplet.app-tier_app-3"]]);
    expect(result.counts).toMatchObject({ create: 1, delete: 0, update: 0, replace: 0 });
    expect(result.cost.deltaUsd).toBeGreaterThan(0);
    expect(summaryLine(result)).toBe(
      `prod: 1 to add, 0 to remove, 0 to change (0 forces replacement) · cost +$${result.cost.deltaUsd.toFixed(2)}/mo ($${result.cost.baseUsd.toFixed(2)} → $${result.cost.headUsd.toFixed(2)})`,
    );
  });

  it("a resized database: changed in place (size is not ForceNew), old → new shown, cost delta", () => {
    const head = prod();
    const [name, cluster] = database(head);
    const oldSize = cluster.size as string;
    (head.resource.digitalocean_database_cluster as Json)[name] = { ...cluster, size: "db-s-2vcpu-4gb" };
    const result = compareStack("prod", prod(), head);
    expect(result.changes).toHaveLength(1);
    const change = result.changes[0]!;
    expect(change).toMatchObject({ action: "update", stateful: "database", address: `digitalocean_database_cluster.${name}` });
    expect(change.forceNewSource).toMatch(/resource_database_cluster\.go/);
    expect(change.attributes).toEqual([{ path: "size", before: JSON.stringify(oldSize), after: '"db-s-2vcpu-4gb"', forcesReplacement: false }]);
    expect(losesData(change)).toBe(false);
    expect(result.cost.deltaUsd).toBeGreaterThan(0);
    expect(summaryLine(result)).toMatch(/^prod: 0 to add, 0 to remove, 1 to change \(0 forces replacement\) · cost \+\$/);
  });

  it("changed user_data (ForceNew): the Droplet is replaced, shown as digests and a line count, never the script", () => {
    // Without the day-2 ignore_changes, a user_data edit replaces the Droplet (create_before_destroy: no downtime mark).
    const withoutIgnore = (json: Json) => {
      const droplet = (json.resource.digitalocean_droplet as Json)["app-tier_app-1"];
      delete droplet.lifecycle.ignore_changes;
      return json;
    };
    const base = withoutIgnore(prod());
    const head = withoutIgnore(prod());
    const droplet = (head.resource.digitalocean_droplet as Json)["app-tier_app-1"];
    const oldText = String(droplet.user_data);
    droplet.user_data = `${oldText}\n# edited`;
    const result = compareStack("prod", base, head);
    expect(result.changes.map((c) => [c.action, c.address])).toEqual([["replace", "digitalocean_droplet.app-tier_app-1"]]);
    const change = result.changes[0]!;
    expect(change.forceNewSource).toMatch(/resource_droplet\.go/);
    expect(change.destroyBeforeCreate).toBeUndefined(); // the Droplets are created before destroyed
    const [attribute] = change.attributes;
    expect(attribute).toMatchObject({ path: "user_data", forcesReplacement: true });
    expect(attribute!.before).toBe(`(${oldText.split("\n").length - (oldText.endsWith("\n") ? 1 : 0)} lines, ${oldText.length} chars, sha256 ${sha(oldText)}…)`);
    expect(attribute!.after).toMatch(new RegExp(`^\\(\\d+ lines, ${oldText.length + 9} chars, sha256 ${sha(droplet.user_data)}…\\) \\(\\+\\d+ −\\d+ lines\\)$`));
    const markdown = renderMarkdown(reviewOf([result]), "bizsocials");
    expect(markdown).toContain("`user_data`: (");
    expect(markdown).toContain("— **forces replacement**");
    expect(markdown).not.toContain("#cloud-config");
    expect(summaryLine(result)).toMatch(/1 to change \(1 forces replacement\)/);
  });

  it("changed user_data as the stacks synthesize it: ignored by lifecycle.ignore_changes, so nothing is replaced", () => {
    const head = prod();
    const droplet = (head.resource.digitalocean_droplet as Json)["app-tier_app-1"];
    droplet.user_data = `${droplet.user_data}\n# edited`;
    const result = compareStack("prod", prod(), head);
    expect(result.changes.map((c) => [c.action, c.address])).toEqual([["ignore", "digitalocean_droplet.app-tier_app-1"]]);
    expect(result.changes[0]!.attributes[0]).toMatchObject({ path: "user_data", forcesReplacement: true, ignored: true });
    expect(result.counts).toMatchObject({ replace: 0, update: 0, ignore: 1 });
    expect(summaryLine(result)).toContain("0 to change (0 forces replacement), 1 changed only in ignored attributes");
    expect(renderMarkdown(reviewOf([result]), "bizsocials")).toContain("ignored (`lifecycle.ignore_changes`): it would force replacement");
  });

  it("a replacement without create_before_destroy is marked: destroyed first, down in between", () => {
    const head = prod();
    const vpc = Object.values(head.resource.digitalocean_vpc as Json)[0] as Json;
    vpc.ip_range = "10.99.0.0/20";
    const result = compareStack("prod", prod(), head);
    const change = result.changes.find((c) => c.type === "digitalocean_vpc")!;
    expect(change).toMatchObject({ action: "replace", destroyBeforeCreate: true, attributes: [{ path: "ip_range", forcesReplacement: true }] });
    expect(renderMarkdown(reviewOf([result]), "bizsocials")).toContain("destroyed before its replacement is created (no `lifecycle.create_before_destroy`)");
  });

  it("a removed bucket: its resources are destroyed, the bucket first and loudest, prevent_destroy named", () => {
    const head = prod();
    const removed = Object.keys(head.resource.digitalocean_spaces_bucket as Json);
    delete head.resource.digitalocean_spaces_bucket;
    delete head.resource.digitalocean_spaces_bucket_cors_configuration;
    const result = compareStack("prod", prod(), head);
    expect(result.changes.map((c) => [c.action, c.address, c.stateful])).toEqual([
      ["delete", `digitalocean_spaces_bucket.${removed[0]}`, "bucket"],
      ["delete", expect.stringMatching(/^digitalocean_spaces_bucket_cors_configuration\./), null],
    ]);
    expect(result.changes[0]!.renamedTo).toBeUndefined();
    const warning = dataLossWarning([result]).join("\n");
    expect(warning).toContain(`prod: \`digitalocean_spaces_bucket.${removed[0]}\` (bucket, removed from the configuration)`);
    expect(warning).toContain("`prevent_destroy` does not protect a resource whose block is gone from the configuration: Terraform will **DESTROY** it and its data");
    const markdown = renderMarkdown(reviewOf([result]), "bizsocials");
    // The warning comes before any summary line, and the summary says it too.
    expect(markdown.indexOf("DATA LOSS")).toBeGreaterThan(0);
    expect(markdown.indexOf("DATA LOSS")).toBeLessThan(markdown.indexOf("- prod:"));
    expect(summaryLine(result)).toContain("0 to add, 2 to remove, 0 to change (0 forces replacement), **DATA LOSS: 1 stateful resource destroyed**");
  });

  it("a renamed construct: every address under it is a removal and an addition, each recognised as a rename with its moved block", () => {
    const base = prod();
    const head = renameConstruct(prod(), "storage", "media");
    const result = compareStack("prod", base, head);
    const deletes = result.changes.filter((c) => c.action === "delete");
    const creates = result.changes.filter((c) => c.action === "create");
    const under = Object.entries(base.resource as Json).flatMap(([type, blocks]) => Object.keys(blocks as Json).filter((n) => n.startsWith("storage_")).map((n) => `${type}.${n}`));
    expect(under.length).toBeGreaterThanOrEqual(6);
    expect(deletes.map((c) => c.address).sort()).toEqual(under.sort());
    // One to one, each to its own new address (references inside them were renamed too).
    for (const d of deletes) expect(d.renamedTo).toBe(d.address.replace(".storage_", ".media_"));
    for (const c of creates) expect(c.renamedFrom).toBe(c.address.replace(".media_", ".storage_"));
    // The bucket first: the loudest change of all.
    expect(result.changes[0]).toMatchObject({ action: "delete", stateful: "bucket", address: "digitalocean_spaces_bucket.storage_bucket", renamedTo: "digitalocean_spaces_bucket.media_bucket" });
    const markdown = renderMarkdown(reviewOf([result]), "bizsocials");
    const moved = "add `moved { from = digitalocean_spaces_bucket.storage_bucket, to = digitalocean_spaces_bucket.media_bucket }` to keep it";
    expect(markdown.indexOf(moved)).toBeGreaterThan(0);
    expect(markdown.indexOf(moved)).toBeLessThan(markdown.indexOf("- prod:")); // in the warning, above the summary
    expect(markdown).toContain("- `random_id.media_suffix`: added\n  - looks renamed from `random_id.storage_suffix` (same configuration)\n");
    // All of them in one block to paste.
    expect(markdown).toContain(`- to keep all ${under.length} that look renamed: these \`moved\` blocks`);
    expect(markdown).toContain("  moved {\n    from = random_id.storage_suffix\n    to   = random_id.media_suffix\n  }\n");

    // With the moved blocks in the head, it is a move: nothing destroyed, created or replaced, and a
    // reference to a moved resource (the CDN's origin, a Droplet's user_data, an output) is no change.
    head.moved = deletes.map((d) => ({ from: d.address, to: d.renamedTo }));
    const withMoves = compareStack("prod", base, head);
    const expected = deletes.map((d) => ["move", d.address, d.renamedTo!, []] as const);
    // The stateful bucket first, then by address.
    expected.sort((x, y) => Number(x[2] !== "digitalocean_spaces_bucket.media_bucket") - Number(y[2] !== "digitalocean_spaces_bucket.media_bucket") || x[2].localeCompare(y[2]));
    expect(withMoves.changes.map((c) => [c.action, c.from, c.address, c.attributes])).toEqual(expected);
    expect(withMoves.settings).toEqual([]);
    expect(summaryLine(withMoves)).toBe(`prod: 0 to add, 0 to remove, 0 to change (0 forces replacement), ${under.length} moved · cost ±$0.00/mo ($${withMoves.cost.baseUsd.toFixed(2)} → $${withMoves.cost.headUsd.toFixed(2)})`);
    expect(dataLossWarning([withMoves])).toEqual([]);
  });

  it("a removal whose configuration differs is no rename", () => {
    const head = prod();
    const buckets = head.resource.digitalocean_spaces_bucket as Json;
    const [oldName] = Object.keys(buckets);
    buckets["other_bucket"] = { ...buckets[oldName!], region: "ams3" };
    delete buckets[oldName!];
    const result = compareStack("prod", prod(), head);
    expect(result.changes.find((c) => c.action === "delete")!.renamedTo).toBeUndefined();
    expect(result.changes.find((c) => c.action === "create")!.renamedFrom).toBeUndefined();
  });

  it("a renamed bucket: the name tracker changes, so replace_triggered_by replaces the bucket (data loss, first)", () => {
    const head = prod();
    const [name, bucket] = Object.entries(head.resource.digitalocean_spaces_bucket as Json)[0]!;
    const tracker = String((bucket as Json).lifecycle.replace_triggered_by[0]).replace(/^terraform_data\./, "");
    (head.resource.terraform_data as Json)[tracker] = { ...(head.resource.terraform_data as Json)[tracker], input: "bizsocials-prod-pictures-${random_id.storage_suffix.hex}" };
    (head.resource.digitalocean_spaces_bucket as Json)[name] = { ...(bucket as Json), name: "bizsocials-prod-pictures-${random_id.storage_suffix.hex}" };
    const result = compareStack("prod", prod(), head);
    expect(result.changes[0]).toMatchObject({ address: `digitalocean_spaces_bucket.${name}`, action: "replace", stateful: "bucket", destroyBeforeCreate: true });
    expect(result.changes[0]!.attributes.map((a) => [a.path, a.forcesReplacement])).toEqual([
      ["name", false],
      ["lifecycle.replace_triggered_by", true],
    ]);
    expect(dataLossWarning([result]).join("\n")).toContain("(bucket, replaced)");
  });

  it("several edits at once: stateful removals first, then stateful edits, then the rest by severity", () => {
    const head = prod();
    delete head.resource.digitalocean_spaces_bucket;
    delete head.resource.digitalocean_spaces_bucket_cors_configuration;
    const [name, cluster] = database(head);
    (head.resource.digitalocean_database_cluster as Json)[name] = { ...cluster, size: "db-s-2vcpu-4gb" };
    const droplets = head.resource.digitalocean_droplet as Json;
    droplets["app-tier_app-3"] = { ...droplets["app-tier_app-2"], name: "bizsocials-prod-app-3" };
    droplets["app-tier_app-1"] = { ...droplets["app-tier_app-1"], image: "debian-12-x64" };
    const result = compareStack("prod", prod(), head);
    expect(result.changes.map((c) => `${c.action} ${c.address.split(".")[0]}`)).toEqual([
      "delete digitalocean_spaces_bucket",
      "update digitalocean_database_cluster",
      "delete digitalocean_spaces_bucket_cors_configuration",
      "replace digitalocean_droplet",
      "create digitalocean_droplet",
    ]);
    expect(compareStack("prod", prod(), head)).toEqual(result); // deterministic
  });

  it("a removed block with destroy = false: forgotten, not destroyed", () => {
    const dr = clone(synthJson("dr")) as Json;
    const failover = clone(synthJson("dr", "launch", "failover")) as Json;
    const result = compareStack("dr", dr, failover);
    const forgotten = result.changes.filter((c) => c.action === "forget");
    expect(forgotten.map((c) => c.type)).toEqual(["digitalocean_database_replica"]);
    expect(result.changes.filter(losesData)).toEqual([]);
  });

  it("a dropped prevent_destroy on a stateful resource is marked", () => {
    const head = prod();
    const [name, cluster] = database(head);
    (head.resource.digitalocean_database_cluster as Json)[name] = { ...cluster, lifecycle: {} };
    const [change] = compareStack("prod", prod(), head).changes;
    expect(change).toMatchObject({ action: "update", losesPreventDestroy: true });
    expect(dataLossWarning([compareStack("prod", prod(), head)]).join("\n")).toContain("`prevent_destroy` removed");
  });

  it("data sources are compared on their own, and are not resources to add, remove or change", () => {
    const base = clone(synthJson("dr")) as Json;
    const head = clone(base);
    const source = (head.data.digitalocean_database_cluster as Json).database_source;
    const oldName = source.name as string;
    source.name = "bizsocials-prod-mysql-2";
    delete head.data.digitalocean_records;
    const result = compareStack("dr", base, head);
    expect(result.dataSources).toEqual([
      { address: "data.digitalocean_database_cluster.database_source", action: "update", attributes: [{ path: "name", before: JSON.stringify(oldName), after: '"bizsocials-prod-mysql-2"', forcesReplacement: false }] },
      { address: "data.digitalocean_records.takeover_marker", action: "delete", attributes: [] },
    ]);
    expect(result.counts).toMatchObject({ create: 0, delete: 0, update: 0, replace: 0 });
    expect(result.status).toBe("changed");
    expect(summaryLine(result)).toContain("2 data sources changed");
    expect(renderMarkdown(reviewOf([result]), "bizsocials")).toContain("`data.digitalocean_records.takeover_marker`: removed");
  });

  it("never shows the default of a sensitive variable or the value of a sensitive output", () => {
    const base = prod();
    // Marked sensitive, with a name that does not look secret: the mark alone must hide it.
    base.variable.release_note = { type: "string", sensitive: true, default: "first" };
    const head = clone(base);
    head.variable.alert_slack_webhook_url.default = "https://hooks.slack.com/services/T0/B0/notarealsecret";
    head.variable.release_note.default = "notarealsecret either";
    head.output.database_app_password.value = "${digitalocean_database_user.other.password}";
    head.output.cache_private_host.sensitive = true;
    head.output.cache_private_host.value = "${digitalocean_database_cluster.notarealsecret.private_host}";
    const result = compareStack("prod", base, head);
    expect(result.settings).toEqual([
      { path: "output.cache_private_host.sensitive", before: "false", after: "true", forcesReplacement: false },
      // Sensitive on either side: hidden on both.
      { path: "output.cache_private_host.value", before: "(sensitive)", after: "(sensitive)", forcesReplacement: false },
      { path: "output.database_app_password.value", before: "(sensitive)", after: "(sensitive)", forcesReplacement: false },
      { path: "variable.alert_slack_webhook_url.default", before: "(sensitive)", after: "(sensitive)", forcesReplacement: false },
      { path: "variable.release_note.default", before: "(sensitive)", after: "(sensitive)", forcesReplacement: false },
    ]);
    const rendered = renderMarkdown(reviewOf([result]), "bizsocials") + renderJson(reviewOf([result]), "bizsocials");
    expect(rendered).not.toContain("notarealsecret");
    expect(rendered).not.toContain("digitalocean_database_user.other");
  });

  it("a moved state backend is a setting change that says so", () => {
    const head = prod();
    head.terraform.backend.s3.bucket = "elsewhere";
    const result = compareStack("prod", prod(), head);
    expect(result.status).toBe("changed");
    expect(result.settings.map((s) => s.path)).toEqual(["terraform.backend.s3.bucket"]);
    expect(renderMarkdown(reviewOf([result]), "bizsocials")).toContain("terraform init -migrate-state");
  });

  it("a new and a vanished stack", () => {
    expect(compareStack("qa", undefined, prod()).status).toBe("added");
    const gone = compareStack("qa", prod(), undefined);
    expect(gone.status).toBe("removed");
    expect(gone.changes.every((c) => c.action === "delete")).toBe(true);
    expect(gone.changes[0]!.stateful).not.toBeNull();
  });

  it("--json: the documented shape, with the ForceNew source cited and totals over stacks", () => {
    const head = prod();
    const droplets = head.resource.digitalocean_droplet as Json;
    droplets["app-tier_app-1"] = { ...droplets["app-tier_app-1"], image: "debian-12-x64" };
    const stacks = [compareStack("prod", prod(), head), compareStack("dev", clone(synthJson("dev")) as Json, clone(synthJson("dev")) as Json)];
    const json = JSON.parse(renderJson(reviewOf(stacks), "bizsocials"));
    expect(Object.keys(json)).toEqual(["preset", "base", "head", "cost", "policy", "stacks"]);
    expect(json.cost).toEqual({ baseUsd: stacks[0]!.cost.baseUsd + stacks[1]!.cost.baseUsd, headUsd: stacks[0]!.cost.headUsd + stacks[1]!.cost.headUsd, deltaUsd: 0, pricedWith: "working tree catalog" });
    expect(json.policy.stacks).toEqual([{ stack: "prod", rulesApplied: 24, suppressed: 3 }]);
    expect(Object.keys(json.stacks[0])).toEqual(["stack", "status", "counts", "cost", "changes", "downtime", "dataSources", "settings"]);
    expect(json.stacks[0].changes[0]).toEqual({
      address: "digitalocean_droplet.app-tier_app-1",
      type: "digitalocean_droplet",
      action: "replace",
      stateful: null,
      attributes: [{ path: "image", before: '"ubuntu-24-04-x64"', after: '"debian-12-x64"', forcesReplacement: true }],
      forceNewSource: expect.stringMatching(/^digitalocean\/terraform-provider-digitalocean .*resource_droplet\.go/),
    });
    expect(json.stacks[1].status).toBe("unchanged");
  });
});

describe("pieces", () => {
  it("flattens nested blocks with list indexes", () => {
    expect([...flatten({ a: { b: [1, { c: "x" }] }, d: [], e: {} })]).toEqual([
      ["a.b[0]", "1"],
      ["a.b[1].c", '"x"'],
      ["d", "[]"],
      ["e", "{}"],
    ]);
  });

  it("never shows a secret-named value, anywhere on the path, and shortens long ones to a digest of the text", () => {
    expect(showValue("password", '"hunter22"')).toBe("(sensitive)");
    expect(showValue("grant[0].secret_key", '"x"')).toBe("(sensitive)");
    expect(showValue("provider.digitalocean[0].spaces_access_key.value", '"x"')).toBe("(sensitive)");
    expect(isSecretPath("variable.alert_slack_webhook_url.default")).toBe(true);
    expect(isSecretPath("output.database_private_host.value")).toBe(false);
    expect(showValue("anything", '"x"', true)).toBe("(sensitive)");
    expect(showValue("size", '"s-1vcpu-1gb"')).toBe('"s-1vcpu-1gb"');
    const long = "a".repeat(200);
    expect(showValue("x", JSON.stringify(long))).toBe(`(200 chars, sha256 ${sha(long)}…)`);
    // user_data is a digest whatever its length.
    expect(showValue("user_data", JSON.stringify("#!/bin/sh\necho hi\n"))).toBe(`(2 lines, 18 chars, sha256 ${sha("#!/bin/sh\necho hi\n")}…)`);
    expect(showValue("x", undefined)).toBe("(none)");
  });

  it("counts changed lines of multi-line text only", () => {
    expect(lineDelta(JSON.stringify("a\nb\nc\n"), JSON.stringify("a\nB\nc\nd\n"))).toBe("+2 −1 lines");
    expect(lineDelta('"a"', '"b"')).toBeUndefined();
  });

  it("reads lifecycle.ignore_changes as Terraform does: attribute paths, or all; never meta-arguments", () => {
    const config = { lifecycle: { ignore_changes: ["user_data", "tags", "grant[0].bucket"] } };
    expect(ignoredBy(config, "user_data")).toBe(true);
    expect(ignoredBy(config, "tags[2]")).toBe(true);
    expect(ignoredBy(config, "grant[1].bucket")).toBe(true);
    expect(ignoredBy(config, "user")).toBe(false);
    expect(ignoredBy({ lifecycle: { ignore_changes: "all" } }, "size")).toBe(true);
    expect(ignoredBy({ lifecycle: { ignore_changes: "all" } }, "lifecycle.prevent_destroy")).toBe(false);
    expect(ignoredBy({}, "size")).toBe(false);
  });

  it("pairs renames one to one, by configuration, then by the most alike name", () => {
    const block = (type: string, name: string, config: Json) => [`${type}.${name}`, { type, name, config }] as const;
    // By address alone a_zeta would pair with c_alpha; the names say otherwise.
    const removed = new Map([block("random_id", "a_zeta", { byte_length: 2 }), block("random_id", "b_alpha", { byte_length: 2 }), block("random_id", "lonely", { byte_length: 9 })]);
    const added = new Map([block("random_id", "d_zeta", { byte_length: 2 }), block("random_id", "c_alpha", { byte_length: 2 }), block("random_id", "fresh", { byte_length: 4 })]);
    expect([...detectRenames(removed, added, new Set(["random_id"]))]).toEqual([
      ["random_id.a_zeta", "random_id.d_zeta"],
      ["random_id.b_alpha", "random_id.c_alpha"],
    ]);
    // Exact equality wins over equality with reference names blurred.
    const refs = new Map([block("digitalocean_record", "old", { value: "${digitalocean_loadbalancer.b.ip}" })]);
    const twins = new Map([block("digitalocean_record", "new_a", { value: "${digitalocean_loadbalancer.a.ip}" }), block("digitalocean_record", "new_b", { value: "${digitalocean_loadbalancer.b.ip}" })]);
    expect([...detectRenames(refs, twins, new Set(["digitalocean_loadbalancer", "digitalocean_record"]))]).toEqual([["digitalocean_record.old", "digitalocean_record.new_b"]]);
  });

  it("ranks data loss above everything, then other stateful edits, then the rest", () => {
    const c = (action: "create" | "delete" | "update" | "replace" | "ignore", stateful: string | null) => ({ address: "x", type: "t", action, stateful, attributes: [] });
    expect(rank(c("delete", "bucket"))).toBeLessThan(rank(c("replace", "bucket")));
    expect(rank(c("replace", "bucket"))).toBeLessThan(rank(c("update", "bucket")));
    expect(rank(c("replace", "database"))).toBeLessThan(rank(c("delete", null)));
    expect(rank(c("update", "database"))).toBeLessThan(rank(c("delete", null)));
    expect(rank(c("delete", null))).toBeLessThan(rank(c("create", null)));
    expect(rank(c("update", null))).toBeLessThan(rank(c("ignore", null)));
  });
});
