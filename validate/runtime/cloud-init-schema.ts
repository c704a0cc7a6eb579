/**
 * cloud-init's own schema check of a Droplet's user_data (`cloud-init schema --config-file`), with
 * the cloud-init the Droplet's image will run (Debian 12's 22.4.2, unpacked by the install script).
 * Any schema error or deprecation is a failure.
 */
import { run } from "../exec";
import { fail, ok, type CheckResult } from "../report";
import { Sandbox } from "../sandbox";
import { findCloudInit, MissingTool } from "../tools";

/** Lines cloud-init prints for a document that is fine. */
const BENIGN = [/^Valid cloud-config: /, /^Cloud config schema deprecations:\s*$/];

/** Output lines that say something is wrong (errors, deprecations, anything unexpected). */
export function schemaProblems(output: string): string[] {
  return output
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "" && !BENIGN.some((re) => re.test(l)));
}

export async function cloudInitSchema(userData: string): Promise<CheckResult> {
  const tool = findCloudInit();
  if (tool instanceof MissingTool) return fail(tool.message);
  const sandbox = Sandbox.create("cloud-init");
  try {
    const file = sandbox.write("/user-data.yaml", userData);
    const ran = await run(tool.cmd, [...tool.args, "schema", "--config-file", file], { cwd: sandbox.root, env: { ...process.env, ...tool.env }, timeoutMs: 60_000 });
    const problems = schemaProblems(ran.output);
    if (ran.code !== 0 || problems.length > 0) {
      return fail(ran.code !== 0 ? `exit ${ran.code ?? "signal"}` : "deprecations or warnings", sandbox.unsandbox(ran.output).split("/user-data.yaml").join("user_data"));
    }
    return ok();
  } finally {
    sandbox.dispose();
  }
}
