/**
 * The rolling resize under the real Terraform (1.11.4, on PATH as in CI's test jobs): prod's app
 * Droplets as synthesized, each replaced by a builtin `terraform_data` stand-in (same address
 * suffix, same `depends_on`, `create_before_destroy` like the Droplets; a "resize" is its
 * replacement, logged by its provisioner), and the health-wait `terraform_data` exactly as
 * synthesized but for its timing constants (INTERVAL, TIMEOUT: seconds, not minutes) and a `curl`
 * stand-in on PATH that answers per Droplet address. Shows the order (each Droplet resized only
 * after the previous one answered its health path) and that a Droplet that never answers fails the
 * apply with the Droplets after it untouched.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthJson, type Block, type TerraformJson } from "../helpers";

type Json = Record<string, any>;
const growth = synthJson("prod", "growth");

/** The stand-in configuration: every app Droplet at `sizes[id]`, created at `createdAt`. */
function standIn(json: TerraformJson, sizes: (id: string) => string, createdAt: string, timing: { interval: string; timeout: string }): Json {
  const droplets = Object.entries(json.resource!.digitalocean_droplet!).filter(([id]) => /app-\d+$/.test(id));
  const data: Record<string, Json> = {};
  droplets.forEach(([id, d], i) => {
    const size = sizes(id);
    data[`droplet_${id}`] = {
      input: { size, ipv4_address: `192.0.2.${i + 1}`, created_at: createdAt, name: String(d.name) },
      triggers_replace: { size },
      lifecycle: { create_before_destroy: true },
      ...(d.depends_on ? { depends_on: d.depends_on } : {}),
      provisioner: [{ "local-exec": { command: `echo "resize ${String(d.name)} ${size}" >> "$ROLL_LOG"` } }],
    };
  });
  for (const [id, t] of Object.entries(json.resource!.terraform_data!)) {
    if (!(t as Block).provisioner) continue; // the bucket name trackers
    const { "//": _meta, ...rest } = t as Json;
    const text = JSON.stringify(rest)
      .replace(/\$\{digitalocean_droplet\.([\w-]+)\.(\w+)\}/g, "$${terraform_data.droplet_$1.output.$2}")
      .replace(/readonly INTERVAL=\d+/, `readonly INTERVAL=${timing.interval}`)
      .replace(/readonly TIMEOUT=\d+/, `readonly TIMEOUT=${timing.timeout}`);
    data[id] = JSON.parse(text) as Json;
  }
  return { resource: { terraform_data: data } };
}

/** A `curl` answering 503 for the addresses in $DOWN, 200 otherwise, logging each call. */
const CURL = `#!/bin/bash
url="\${*: -1}"
ip="\${url#http://}"; ip="\${ip%%/*}"
if [[ " $DOWN " == *" $ip "* ]]; then code=503; else code=200; fi
echo "health $ip $code" >> "$ROLL_LOG"
printf '%s' "$code"
`;

class Workdir {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-roll-"));
  readonly log = path.join(this.dir, "roll.log");
  constructor() {
    fs.mkdirSync(path.join(this.dir, "bin"));
    fs.writeFileSync(path.join(this.dir, "bin", "curl"), CURL, { mode: 0o755 });
  }
  terraform(args: string[], down: string[] = []) {
    return spawnSync("terraform", args, {
      cwd: this.dir,
      encoding: "utf8",
      env: { PATH: `${path.join(this.dir, "bin")}:${process.env.PATH}`, HOME: this.dir, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", ROLL_LOG: this.log, DOWN: down.join(" ") },
    });
  }
  apply(config: Json, down: string[] = []) {
    fs.writeFileSync(path.join(this.dir, "main.tf.json"), JSON.stringify(config));
    fs.writeFileSync(this.log, "");
    const ran = this.terraform(["apply", "-auto-approve", "-no-color", "-input=false"], down);
    return { ...ran, log: fs.readFileSync(this.log, "utf8").split("\n").filter(Boolean) };
  }
  /** Each stand-in's size in the state (current objects; the replaced ones a failed apply leaves are deposed). */
  sizes(): Record<string, string> {
    const state = JSON.parse(this.terraform(["show", "-json"]).stdout) as Json;
    const out: Record<string, string> = {};
    for (const r of state.values.root_module.resources as Json[]) if (r.name.startsWith("droplet_") && r.deposed_key === undefined) out[r.values.output.name] = r.values.output.size;
    return out;
  }
  remove() {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

const small = () => "s-2vcpu-4gb";
const big = () => "s-4vcpu-8gb";
const OLD = "2020-01-01T00:00:00Z";
const fast = { interval: "0", timeout: "2" };

/** The log without repeated health lines: `resize <name> <size>` and `health <ip> <code>` in order. */
const squeeze = (log: string[]) => log.filter((l, i) => l !== log[i - 1]);

describe("the rolling resize under terraform 1.11.4", () => {
  let w: Workdir;
  beforeEach(() => {
    w = new Workdir();
    const init = w.terraform(["init", "-no-color", "-input=false"]);
    if (init.error) throw new Error(`terraform is not on PATH (${init.error.message}): this test runs the real Terraform 1.11.4; CI's test jobs install it with hashicorp/setup-terraform`);
    expect(init.stderr).toBe("");
    expect(init.status).toBe(0);
  });
  afterEach(() => w.remove());

  it("resizes the app Droplets one after another, each only once the previous one answered its health path", () => {
    expect(w.apply(standIn(growth, small, OLD, fast)).status).toBe(0);
    const roll = w.apply(standIn(growth, big, OLD, fast));
    expect(roll.stderr).toBe("");
    expect(roll.status).toBe(0);
    expect(squeeze(roll.log)).toEqual([
      "resize bizsocials-prod-app-1 s-4vcpu-8gb",
      "health 192.0.2.1 200",
      "resize bizsocials-prod-app-2 s-4vcpu-8gb",
      "health 192.0.2.2 200",
      "resize bizsocials-prod-app-3 s-4vcpu-8gb",
      "health 192.0.2.3 200",
      "resize bizsocials-prod-app-4 s-4vcpu-8gb",
    ]);
    // the load balancer's count of good answers in a row, each time
    expect(roll.log.filter((l) => l === "health 192.0.2.1 200")).toHaveLength(5);
  });

  it("a Droplet that does not answer its health path fails the apply there: the Droplets after it keep their size", () => {
    expect(w.apply(standIn(growth, small, OLD, fast)).status).toBe(0);
    const roll = w.apply(standIn(growth, big, OLD, fast), ["192.0.2.2"]);
    expect(roll.status).toBe(1);
    const stderr = roll.stderr.replace(/\s+/g, " "); // Terraform wraps lines
    expect(stderr).toContain("health wait bizsocials-prod-app-2: FAILED: http://192.0.2.2/up (Host: app.bizsocials.io) did not answer 200 5 times in a row within 2s (last: HTTP 503).");
    expect(stderr).toContain("The roll stops here");
    expect(squeeze(roll.log)).toEqual(["resize bizsocials-prod-app-1 s-4vcpu-8gb", "health 192.0.2.1 200", "resize bizsocials-prod-app-2 s-4vcpu-8gb", "health 192.0.2.2 503"]);
    expect(w.sizes()).toEqual({
      "bizsocials-prod-app-1": "s-4vcpu-8gb",
      "bizsocials-prod-app-2": "s-4vcpu-8gb",
      "bizsocials-prod-app-3": "s-2vcpu-4gb",
      "bizsocials-prod-app-4": "s-2vcpu-4gb",
    });
  });

  it("a first apply does not wait on Droplets created just now (they run no release until npm run deploy)", () => {
    const created = w.apply(standIn(growth, small, new Date().toISOString().replace(/\.\d+Z$/, "Z"), fast), ["192.0.2.1", "192.0.2.2", "192.0.2.3"]);
    expect(created.status).toBe(0);
    expect(created.log.filter((l) => l.startsWith("health"))).toEqual([]);
    expect(created.stderr).toBe("");
    expect(created.stdout.replace(/\s+/g, " ")).toMatch(/health wait bizsocials-prod-app-1: created at .*, less than 1800s ago: it runs no release until npm run deploy; not waiting/);
  });
});
