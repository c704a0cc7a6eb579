/**
 * The App Platform release variable under the real Terraform (1.11.4, builtin features only): its
 * validation as synthesized, and the image's `tag`/`digest` expressions as synthesized, evaluated
 * as outputs. Accepts a tag and a sha256 digest; refuses latest, the empty string, a short digest.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { AppPlatformApp } from "../../constructs/app-platform";
import { Naming } from "../../config/naming";

type Json = Record<string, any>;

function synthesized(): { variable: Json; image: Json } {
  const stack = new TerraformStack(Testing.app(), "s");
  new AppPlatformApp(stack, "compute", {
    naming: new Naming("acme", "dev"),
    region: "fra1",
    vpcId: "vpc-1",
    compute: { kind: "app-platform", registry: { name: "acme", tier: "starter" }, components: [{ kind: "worker", name: "queue", source: { kind: "image", repository: "api" } }] },
    sizing: { components: { queue: { size: "basic-xxs", count: 1 } } },
    hostnames: [],
    appComponent: "queue",
    zone: "acme.io",
    dataServices: [],
    stackValues: {},
    registry: { owned: false },
    alerts: null,
    production: false,
  });
  const json = JSON.parse(Testing.synth(stack)) as Json;
  const app = Object.values(json.resource.digitalocean_app as Json)[0] as Json;
  return { variable: json.variable.release, image: app.spec.worker[0].image };
}

const DIGEST = `sha256:${"ab12".repeat(16)}`;

describe("the release variable under terraform 1.11.4", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-release-"));
  const { variable, image } = synthesized();
  const run = (args: string[]) => spawnSync("terraform", args, { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH, HOME: dir, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" } });

  beforeAll(() => {
    const config = { variable: { release: variable }, output: { tag: { value: image.tag }, digest: { value: image.digest } } };
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config));
    const init = run(["init", "-no-color", "-input=false"]);
    if (init.error) throw new Error(`terraform is not on PATH (${init.error.message}): this test runs the real Terraform 1.11.4`);
    expect(init.status).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const apply = (release: string) => {
    const ran = run(["apply", "-auto-approve", "-no-color", "-input=false", `-var=release=${release}`]);
    const outputs = ran.status === 0 ? (JSON.parse(run(["output", "-json"]).stdout) as Json) : {};
    return { status: ran.status, stderr: ran.stderr.replace(/\s+/g, " "), tag: outputs.tag?.value ?? null, digest: outputs.digest?.value ?? null };
  };

  it("a tag runs as the tag", () => {
    expect(apply("v1.2.3")).toMatchObject({ status: 0, tag: "v1.2.3", digest: null });
  });

  it("a sha256 digest runs as the digest", () => {
    expect(apply(DIGEST)).toMatchObject({ status: 0, tag: null, digest: DIGEST });
  });

  it.each(["latest", "", "sha256:abc", "v1 2", "sha256:" + "AB12".repeat(16)])("refuses %j", (release) => {
    const ran = apply(release);
    expect(ran.status).toBe(1);
    expect(ran.stderr).toContain("release must be a Docker image tag other than latest");
  });
});
