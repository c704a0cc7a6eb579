/**
 * `npm run deploy` on a stack that runs on App Platform: there are no Droplets to reach over ssh,
 * so the command does nothing and says what a release is there, with exit 1. Recognised from the
 * selected preset (its compute), the stack's synthesized JSON (`"//".platform.compute`), or its
 * outputs (`app_id` and no `app_servers`), whichever is known first.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isAppPlatform, type AnyPlatformConfig } from "../config/types";
import { DeployError } from "./plan";

/** What the stack's synthesized file records, when there is one in the synth output. */
export function synthesizedCompute(outdir: string, stack: string): string | undefined {
  const file = path.join(outdir, "stacks", stack, "cdk.tf.json");
  try {
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as { "//"?: { platform?: { compute?: unknown } } };
    const compute = json["//"]?.platform?.compute;
    return typeof compute === "string" ? compute : undefined;
  } catch {
    return undefined;
  }
}

/** `terraform output -json` of an App Platform stack: an `app_id` output and no `app_servers`. */
export function outputsAreAppPlatform(json: unknown): { appId?: string } | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const outputs = json as Record<string, { value?: unknown } | undefined>;
  if (outputs.app_id === undefined || outputs.app_servers !== undefined) return undefined;
  const id = outputs.app_id?.value;
  return typeof id === "string" && id !== "" ? { appId: id } : {};
}

export function isAppPlatformSelection(platform: unknown): boolean {
  return typeof platform === "object" && platform !== null && isAppPlatform(platform as AnyPlatformConfig);
}

/** The refusal: nothing was done, and how a release reaches an App Platform app. */
export function appPlatformRefusal(stack: string, how: string, appId?: string): DeployError {
  const id = appId ?? "<app_id>";
  return new DeployError(
    [
      `${stack} runs on App Platform (${how}): npm run deploy delivers releases to Droplets over ssh, so it did nothing here.`,
      "On App Platform a release is the image the app's services run: the stack's `release` variable (an image tag, or a sha256 digest) in the container registry.",
      `  - image in the registry: push it, then apply the stack with it: \`TF_VAR_release=<tag> npx cdktf deploy ${stack}\` (or \`terraform apply -var release=<tag>\` in cdktf.out/stacks/${stack}); App Platform rolls the new deployment once its health checks pass.`,
      `  - components built from GitHub: \`doctl apps create-deployment ${id}\`${appId ? "" : " (the stack's app_id output: `terraform output -raw app_id`)"} deploys the branch's latest commit.`,
      "The app's secrets are the stack's sensitive variables (TF_VAR_<name>), not an --env-file.",
    ].join("\n"),
  );
}
