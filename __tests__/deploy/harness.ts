/**
 * `--outputs` fixtures built from the real synthesized outputs of a preset's stack, filled in the way
 * `terraform output -json` reports them after an apply; and scripts/deploy.ts run as a child process
 * with stub `ssh` and `terraform` (stub-tool.sh) as the only programs on PATH.
 */
import { spawnSync } from "node:child_process";
import { runCli } from "../../deploy/cli";
import { DEPLOY_PROTOCOL } from "../../runtimes/deploy";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PresetName } from "../../config/presets";
import type { StackName } from "../../config/types";
import { synthJson, type TerraformJson } from "../helpers";

export const ROOT = path.join(__dirname, "..", "..");

/** `npm run deploy` as package.json defines it (`node -r ./lib/register.js scripts/deploy.ts`), without the `node`. */
const DEPLOY_SCRIPT = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.deploy!.split(" ").slice(1);

const synthesized = new Map<string, TerraformJson>();

/** The stack's cdk.tf.json: bizsocials from global-setup's synth, other presets synthesized now (as `npm run synth`). */
export function synthesize(preset: PresetName, stack: StackName): TerraformJson {
  if (preset === "bizsocials") return synthJson(stack);
  const key = `${preset}/${stack}`;
  const done = synthesized.get(key);
  if (done) return done;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-synth-"));
  try {
    const result = spawnSync(process.execPath, ["-r", "./lib/register.js", "main.ts"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PLATFORM_PRESET: preset, PLATFORM_STACKS: stack, CDKTF_OUTDIR: dir },
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`synth of ${key} failed:\n${result.stderr}`);
    const json = JSON.parse(fs.readFileSync(path.join(dir, "stacks", stack, "cdk.tf.json"), "utf8")) as TerraformJson;
    synthesized.set(key, json);
    return json;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface OutputValue {
  readonly sensitive: boolean;
  readonly type: unknown;
  readonly value: any;
}
export type Outputs = Record<string, OutputValue>;

/** Terraform's type of a JSON value, as `terraform output -json` writes it. */
function typeOf(value: unknown): unknown {
  if (value === null) return "dynamic";
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map(typeOf)];
  return ["object", Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, typeOf(v)]))];
}

/**
 * Every output of the synthesized stack with its references replaced by what an apply yields:
 * literals of the referenced resource where it has them (user and database names), else a value
 * of the attribute's kind (passwords like DigitalOcean's, private hosts, ports as numbers, IPs).
 */
export function terraformOutputs(json: TerraformJson): Outputs {
  const ips = new Map<string, string>();
  const fake = (ref: string): unknown => {
    // The backup copy's source bucket, prod's bucket_name output read from prod's state.
    const listed = /^data\.terraform_remote_state\.[\w-]+\.outputs\.bucket_name$/.exec(ref);
    if (listed) return "acme-prod-media-0a1b2c";
    const m = /^(data\.)?([a-z_]+)\.([\w-]+)\.(\w+)$/.exec(ref);
    if (!m) throw new Error(`no fixture value for \${${ref}}`);
    const [, data, type, name, attr] = m as unknown as [string, string | undefined, string, string, string];
    const literal = (data ? json.data : json.resource)?.[type]?.[name]?.[attr];
    if (typeof literal === "string") return fill(literal);
    const digest = crypto.createHash("sha256").update(ref).digest("base64url");
    switch (attr) {
      case "password":
        return `AVNS_${digest.slice(0, 20)}`;
      case "private_host":
        return `private-${name.replace(/_/g, "-")}-do-user-1234-0.f.db.ondigitalocean.com`;
      case "port":
        return name.startsWith("cache") ? 25061 : 25060;
      case "user":
        return "default";
      case "ipv4_address":
        if (!ips.has(ref)) ips.set(ref, `203.0.113.${11 + ips.size}`);
        return ips.get(ref);
      case "ip":
        return "198.51.100.7";
      case "hex":
        return digest.replace(/[^a-f0-9]/g, "").slice(0, 6).padEnd(6, "0");
      case "access_key":
        return `DO00${digest.replace(/[^A-Z0-9]/g, "").padEnd(16, "7").slice(0, 16)}`;
      case "secret_key":
        return digest.slice(0, 43).padEnd(43, "x");
      case "certificate":
        return `-----BEGIN CERTIFICATE-----\nMIIE${digest.slice(0, 40)}\n-----END CERTIFICATE-----\n`;
    }
    throw new Error(`no fixture value for \${${ref}}`);
  };
  const fill = (value: unknown): unknown => {
    if (typeof value === "string") {
      const whole = /^\$\{([^}]+)\}$/.exec(value);
      if (whole) return fake(whole[1]!);
      return value.replace(/\$\{([^}]+)\}/g, (_m, ref: string) => String(fake(ref)));
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  const outputs: Outputs = {};
  for (const [name, output] of Object.entries(json.output ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const value = fill(output.value);
    outputs[name] = { sensitive: output.sensitive === true, type: typeOf(value), value };
  }
  return outputs;
}

export function outputsOf(preset: PresetName, stack: StackName): Outputs {
  return terraformOutputs(synthesize(preset, stack));
}

export interface Call {
  readonly tool: "ssh" | "terraform";
  readonly argv: string[];
  readonly stdin: Buffer;
  /** ssh: the destination and the remote command's words. */
  readonly destination?: string;
  readonly remote?: string[];
}

export interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly calls: Call[];
}

/** A scratch directory with stub ssh and terraform on PATH (nothing else), a call log, and files. */
export class Sandbox {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-test-"));
  readonly bin = path.join(this.dir, "bin");
  private readonly log = path.join(this.dir, "calls.jsonl");
  /** Everything every run printed, for the check that no setting value is ever shown. */
  static readonly printed: string[] = [];

  constructor() {
    fs.mkdirSync(this.bin);
    const stub = fs.readFileSync(path.join(__dirname, "stub-tool.sh"), "utf8");
    for (const tool of ["ssh", "terraform"]) fs.writeFileSync(path.join(this.bin, tool), stub, { mode: 0o755 });
  }

  file(name: string, content: string | Buffer): string {
    const file = path.join(this.dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  outputs(outputs: Outputs, name = "outputs.json"): string {
    return this.file(name, `${JSON.stringify(outputs, null, 2)}\n`);
  }

  /** `npm run deploy -- <args>`, in-process (deploy/cli.ts), with the stubs as the only programs on PATH. */
  async run(args: string[], env: Record<string, string> = {}): Promise<Result> {
    this.resetLog();
    let stdout = "";
    let stderr = "";
    const status = await runCli(args, { PATH: this.bin, STUB_LOG: this.log, STUB_PROTOCOL: String(DEPLOY_PROTOCOL), ...env }, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) });
    return this.result(status, stdout, stderr);
  }

  /** The same as a child process, exactly as package.json runs it (for what only a real process shows). */
  runChild(args: string[], env: Record<string, string> = {}): Result {
    this.resetLog();
    const result = spawnSync(process.execPath, [...DEPLOY_SCRIPT, ...args], { cwd: ROOT, env: { PATH: this.bin, STUB_LOG: this.log, STUB_PROTOCOL: String(DEPLOY_PROTOCOL), ...env }, encoding: "utf8" });
    return this.result(result.status, result.stdout, result.stderr);
  }

  private resetLog(): void {
    fs.rmSync(this.log, { force: true });
    fs.writeFileSync(this.log, "");
  }

  private result(status: number | null, stdout: string, stderr: string): Result {
    Sandbox.printed.push(stdout, stderr);
    const calls = fs
      .readFileSync(this.log, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [tool, argv64, stdin64] = line.split("\t") as ["ssh" | "terraform", string, string];
        const argv = Buffer.from(argv64, "base64").toString("utf8").split("\0").slice(0, -1);
        const ssh = tool === "ssh" ? { destination: argv[argv.length - 2]!, remote: argv[argv.length - 1]!.split(" ") } : {};
        return { tool, argv, stdin: Buffer.from(stdin64 ?? "", "base64"), ...ssh };
      });
    return { status, stdout, stderr, calls };
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
