/**
 * The review engine on fixture pairs: each head is the real synthesized prod stack with one
 * visible edit (an added Droplet, a resized database, changed user_data, a removed bucket, a
 * renamed construct), so the pairs stay faithful to what the stacks emit.
 */
import { compareStack, flatten, lineDelta, losesData, rank, showValue, type Json } from "../../review/compare";
import { dataLossWarning, renderMarkdown, summaryLine } from "../../review/render";
import type { Review } from "../../review/run";
import { synthJson } from "../helpers";

const prod = () => JSON.parse(JSON.stringify(synthJson("prod"))) as Json;
/** The prod MySQL cluster (the Valkey cache is a database cluster too). */
const database = (json: Json): [string, Json] => Object.entries(json.resource.digitalocean_database_cluster as Json).find(([, c]) => c.engine === "mysql") as [string, Json];

function reviewOf(stacks: ReturnType<typeof compareStack>[]): Review {
  return { base: { ref: "main", commit: "0123456789abcdef0123" }, head: "working tree", stacks, policy: { status: "passed", lines: ["bizsocials/prod: policy passed (24 rules applied, 3 suppressed)"] } };
}

describe("fixture pairs on the prod stack", () => {
  it("no edit: no change", () => {
    const result = compareStack("prod", prod(), prod());
    expect(result.status).toBe("unchanged");
    expect(result.changes).toEqual([]);
    expect(result.settings).toEqual([]);
    expect(result.cost.deltaUsd).toBe(0);
  });

  it("an added Droplet: one create, priced", () => {
    const head = prod();
    const droplets = head.resource.digitalocean_droplet as Json;
    droplets["app-tier_app-3"] = { ...droplets["app-tier_app-2"], name: "bizsocials-prod-app-3" };
    const result = compareStack("prod", prod(), head);
    expect(result.changes.map((c) => [c.action, c.address])).toEqual([["create", "digitalocean_droplet.app-tier_app-3"]]);
    expect(result.counts).toMatchObject({ create: 1, delete: 0, update: 0, replace: 0 });
    expect(result.cost.deltaUsd).toBeGreaterThan(0);
    expect(summaryLine(result)).toMatch(/^prod: 1 to add, 0 to remove, 0 to change \(0 replaced\) · cost \+\$\d+\.\d\d\/mo/);
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
    expect(change.attributes).toEqual([{ path: "size", before: JSON.stringify(oldSize), after: '"db-s-2vcpu-4gb"', forcesReplacement: false }]);
    expect(losesData(change)).toBe(false);
    expect(result.cost.deltaUsd).toBeGreaterThan(0);
  });

  it("changed user_data: the Droplet is replaced, with a digest and a line count instead of the script", () => {
    const head = prod();
    const droplets = head.resource.digitalocean_droplet as Json;
    droplets["app-tier_app-1"] = { ...droplets["app-tier_app-1"], user_data: `${droplets["app-tier_app-1"].user_data}\n# edited` };
    const result = compareStack("prod", prod(), head);
    expect(result.changes.map((c) => [c.action, c.address])).toEqual([["replace", "digitalocean_droplet.app-tier_app-1"]]);
    const [attribute] = result.changes[0]!.attributes;
    expect(attribute).toMatchObject({ path: "user_data", forcesReplacement: true });
    expect(attribute!.after).toMatch(/^\(\d+ lines, \d+ chars, sha256 [0-9a-f]{12}…\) \(\+\d+ −\d+ lines\)$/);
    expect(attribute!.after).not.toContain("#cloud-config");
    expect(result.changes[0]!.forceNewSource).toMatch(/resource_droplet\.go/);
  });

  it("a removed bucket: its resources are destroyed, the bucket first and loudest, prevent_destroy named", () => {
    const head = prod();
    const removed = Object.keys(head.resource.digitalocean_spaces_bucket as Json);
    delete head.resource.digitalocean_spaces_bucket;
    delete head.resource.digitalocean_spaces_bucket_cors_configuration;
    const result = compareStack("prod", prod(), head);
    expect(result.changes[0]).toMatchObject({ action: "delete", stateful: "bucket", address: `digitalocean_spaces_bucket.${removed[0]}` });
    expect(result.changes.map((c) => c.action)).toEqual(["delete", "delete"]);
    const warning = dataLossWarning([result]).join("\n");
    expect(warning).toContain(`prod: \`digitalocean_spaces_bucket.${removed[0]}\` (bucket, removed from the configuration)`);
    expect(warning).toContain("`prevent_destroy` does not protect a resource whose block is gone");
    const markdown = renderMarkdown(reviewOf([result]), "bizsocials");
    // The warning comes before any summary line.
    expect(markdown.indexOf("DATA LOSS")).toBeGreaterThan(0);
    expect(markdown.indexOf("DATA LOSS")).toBeLessThan(markdown.indexOf("- prod:"));
  });

  it("a renamed construct: remove + add, recognised as a rename, with the moved block to write", () => {
    const head = prod();
    const buckets = head.resource.digitalocean_spaces_bucket as Json;
    const [oldName] = Object.keys(buckets);
    buckets["media-store_bucket"] = buckets[oldName!];
    delete buckets[oldName!];
    const result = compareStack("prod", prod(), head);
    const removal = result.changes.find((c) => c.action === "delete")!;
    expect(removal).toMatchObject({ address: `digitalocean_spaces_bucket.${oldName}`, stateful: "bucket", renamedTo: "digitalocean_spaces_bucket.media-store_bucket" });
    expect(result.changes.map((c) => c.action)).toEqual(["delete", "create"]);
    expect(renderMarkdown(reviewOf([result]), "bizsocials")).toContain(`add \`moved { from = digitalocean_spaces_bucket.${oldName}, to = digitalocean_spaces_bucket.media-store_bucket }\``);

    // With the moved block in the head, it is a move: nothing destroyed.
    head.moved = [{ from: `digitalocean_spaces_bucket.${oldName}`, to: "digitalocean_spaces_bucket.media-store_bucket" }];
    const withMove = compareStack("prod", prod(), head);
    expect(withMove.changes.map((c) => [c.action, c.from])).toEqual([["move", `digitalocean_spaces_bucket.${oldName}`]]);
    expect(dataLossWarning([withMove])).toEqual([]);
  });

  it("a renamed bucket: the name tracker changes, so replace_triggered_by replaces the bucket (data loss, first)", () => {
    const head = prod();
    const [name, bucket] = Object.entries(head.resource.digitalocean_spaces_bucket as Json)[0]!;
    const tracker = String((bucket as Json).lifecycle.replace_triggered_by[0]).replace(/^terraform_data\./, "");
    (head.resource.terraform_data as Json)[tracker] = { ...(head.resource.terraform_data as Json)[tracker], input: "bizsocials-prod-pictures-${random_id.storage_suffix.hex}" };
    (head.resource.digitalocean_spaces_bucket as Json)[name] = { ...(bucket as Json), name: "bizsocials-prod-pictures-${random_id.storage_suffix.hex}" };
    const result = compareStack("prod", prod(), head);
    expect(result.changes[0]).toMatchObject({ address: `digitalocean_spaces_bucket.${name}`, action: "replace", stateful: "bucket" });
    expect(result.changes[0]!.attributes.map((a) => [a.path, a.forcesReplacement])).toEqual([["name", false], ["lifecycle.replace_triggered_by", true]]);
    expect(dataLossWarning([result]).join("\n")).toContain("(bucket, replaced)");
  });

  it("a removed block with destroy = false: forgotten, not destroyed", () => {
    const dr = JSON.parse(JSON.stringify(synthJson("dr"))) as Json;
    const failover = JSON.parse(JSON.stringify(synthJson("dr", "launch", "failover"))) as Json;
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

  it("never shows a secret-named value, and shortens long ones", () => {
    expect(showValue("password", '"hunter22"')).toBe("(sensitive)");
    expect(showValue("grant[0].secret_key", '"x"')).toBe("(sensitive)");
    expect(showValue("size", '"s-1vcpu-1gb"')).toBe('"s-1vcpu-1gb"');
    expect(showValue("x", JSON.stringify("a".repeat(200)))).toMatch(/^\(202 chars, sha256 [0-9a-f]{12}…\)$/);
  });

  it("counts changed lines of multi-line text only", () => {
    expect(lineDelta(JSON.stringify("a\nb\nc\n"), JSON.stringify("a\nB\nc\nd\n"))).toBe("+2 −1 lines");
    expect(lineDelta('"a"', '"b"')).toBeUndefined();
  });

  it("ranks data loss above everything, then other stateful edits, then the rest", () => {
    const c = (action: "create" | "delete" | "update" | "replace", stateful: string | null) => ({ address: "x", type: "t", action, stateful, attributes: [] });
    expect(rank(c("delete", "bucket"))).toBeLessThan(rank(c("update", "bucket")));
    expect(rank(c("replace", "database"))).toBeLessThan(rank(c("delete", null)));
    expect(rank(c("update", "database"))).toBeLessThan(rank(c("delete", null)));
    expect(rank(c("delete", null))).toBeLessThan(rank(c("create", null)));
  });
});
