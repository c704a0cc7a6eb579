// A stand-in for ssh and terraform, copied onto PATH under those names by harness.ts (with this
// node as its interpreter). Each call appends {tool, argv, stdin (base64)} as a JSON line to
// $STUB_LOG. Told by the environment:
//   STUB_SSH_FAIL="deploy@203.0.113.12 activate"  the ssh call to that destination running that deploy
//                                                 subcommand prints STUB_SSH_FAIL_OUTPUT and exits 1
//   STUB_TERRAFORM_OUTPUTS=FILE                   terraform output -json prints this file
//   STUB_TERRAFORM_FAIL=1                         terraform prints an error and exits 1
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const tool = path.basename(process.argv[1]);
const argv = process.argv.slice(2);
const stdin = fs.readFileSync(0);
fs.appendFileSync(process.env.STUB_LOG, `${JSON.stringify({ tool, argv, stdin: stdin.toString("base64") })}\n`);

if (tool === "terraform") {
  if (process.env.STUB_TERRAFORM_FAIL) {
    console.error("Error: Backend initialization required, please run \"terraform init\"");
    process.exit(1);
  }
  process.stdout.write(fs.readFileSync(process.env.STUB_TERRAFORM_OUTPUTS));
} else if (tool === "ssh") {
  const remote = argv[argv.length - 1].split(" ");
  const destination = argv[argv.length - 2];
  if (process.env.STUB_SSH_FAIL === `${destination} ${remote[2]}`) {
    console.error(process.env.STUB_SSH_FAIL_OUTPUT || "stub: failing as told");
    process.exit(1);
  }
  console.log(`stub: ${remote[2]} done`);
}
