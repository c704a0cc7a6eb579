import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Vpc } from "@cdktf/provider-digitalocean/lib/vpc";
import { ReadableLogicalIds } from "../../constructs/readable-ids";
import { STACK_NAMES } from "../../config/types";
import { synthJson } from "../helpers";

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-ids-"));

function scene() {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "s");
  return { app, stack, ids: new ReadableLogicalIds() };
}

describe("readable logical ids", () => {
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it.each(STACK_NAMES)("%s: every resource and data source is named after its construct path, no hash", (stack) => {
    const json = synthJson(stack);
    for (const group of [json.resource, json.data]) {
      for (const blocks of Object.values(group ?? {})) {
        for (const [id, block] of Object.entries(blocks)) {
          const constructPath = (block["//"] as { metadata: { path: string } }).metadata.path;
          expect(constructPath.startsWith(`${stack}/`)).toBe(true);
          // The stack's grouping constructs (data tier, compute) leave no trace in addresses.
          expect(constructPath.split("/").slice(1).filter((c) => c !== "data" && c !== "compute").join("_")).toBe(id);
          expect(id).not.toMatch(/_[0-9A-F]{8}$/);
        }
      }
    }
  });

  it("joins the path below the stack with underscores", () => {
    const { stack, ids } = scene();
    const vpc = new Vpc(new Construct(stack, "network"), "vpc", { name: "n", region: "nyc3" });
    expect(ids.allocate(stack, vpc)).toBe("network_vpc");
    expect(ids.allocate(stack, vpc)).toBe("network_vpc"); // asked again: same answer
  });

  it("leaves an address-transparent group out of its children's ids, so regrouping never renames a resource", () => {
    const { stack, ids } = scene();
    class Group extends Construct {
      readonly addressTransparent = true;
    }
    const grouped = new Vpc(new Construct(new Group(stack, "compute"), "network"), "vpc", { name: "n", region: "nyc3" });
    expect(ids.allocate(stack, grouped)).toBe("network_vpc");
    const plain = new Vpc(new Construct(new Construct(stack, "compute2"), "network"), "vpc", { name: "n", region: "nyc3" });
    expect(ids.allocate(stack, plain)).toBe("compute2_network_vpc");
  });

  it("refuses two resources whose paths are the same once a transparent group is left out", () => {
    const { stack, ids } = scene();
    class Group extends Construct {
      readonly addressTransparent = true;
    }
    ids.allocate(stack, new Vpc(new Construct(new Group(stack, "compute"), "network"), "vpc", { name: "n", region: "nyc3" }));
    const twin = new Vpc(new Construct(stack, "network"), "vpc", { name: "n", region: "nyc3" });
    expect(() => ids.allocate(stack, twin)).toThrow('construct paths s/compute/network/vpc and s/network/vpc both give the logical id "network_vpc"; rename one');
  });

  it("refuses two paths that would share an id", () => {
    const { stack, ids } = scene();
    const a = new Vpc(new Construct(stack, "a_b"), "c", { name: "n", region: "nyc3" });
    const b = new Vpc(new Construct(stack, "a"), "b_c", { name: "n", region: "nyc3" });
    ids.allocate(stack, a);
    expect(() => ids.allocate(stack, b)).toThrow('construct paths s/a_b/c and s/a/b_c both give the logical id "a_b_c"; rename one');
  });

  it("refuses ids Terraform cannot parse", () => {
    const { stack, ids } = scene();
    const vpc = new Vpc(stack, "9 lives", { name: "n", region: "nyc3" });
    expect(() => ids.allocate(stack, vpc)).toThrow('construct path s/9 lives gives "9 lives", not a Terraform identifier');
  });
});
