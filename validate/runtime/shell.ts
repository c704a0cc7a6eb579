/**
 * Shell scripts from write_files (content starting with a sh/bash shebang, wherever they go:
 * /usr/local/sbin/<app>-deploy, …) under shellcheck, with the shell their shebang names.
 * Any finding fails.
 */
import { run } from "../exec";
import { fail, ok, type CheckResult } from "../report";
import { Sandbox } from "../sandbox";
import { findTool, MissingTool } from "../tools";
import { shebangShell, type WrittenFile } from "./cloud-config";

export async function shellcheckScripts(scripts: readonly WrittenFile[]): Promise<CheckResult> {
  const shellcheck = findTool("shellcheck");
  if (shellcheck instanceof MissingTool) return fail(shellcheck.message);
  const sandbox = Sandbox.create("shellcheck");
  try {
    const outputs: string[] = [];
    let failed = false;
    for (const script of scripts) {
      const copy = sandbox.write(script.path, script.content, 0o755);
      const ran = await run(shellcheck.cmd, [...shellcheck.args, `--shell=${shebangShell(script.content)}`, "--format=gcc", copy], { cwd: sandbox.root, timeoutMs: 60_000 });
      if (ran.code !== 0 || ran.output.trim() !== "") {
        failed = true;
        outputs.push(sandbox.unsandbox(ran.output));
      }
    }
    if (failed) return fail("findings", outputs.join("\n"));
    return ok(scripts.map((s) => `${s.path} (${shebangShell(s.content)})`).join(", "));
  } finally {
    sandbox.dispose();
  }
}
