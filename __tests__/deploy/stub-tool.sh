#!/bin/bash
# A stand-in for ssh and terraform, copied onto PATH under those names by harness.ts. Bash, not
# node: a test makes up to a dozen calls, and a node start costs ten times a bash one. Each call
# appends "tool <TAB> base64(argv, NUL-separated) <TAB> base64(stdin)" to $STUB_LOG. Told by the
# environment:
#   STUB_SSH_FAIL="deploy@203.0.113.12 activate"  the ssh call to that destination running that deploy
#                                                 subcommand prints STUB_SSH_FAIL_OUTPUT and exits 1
#   STUB_TERRAFORM_OUTPUTS=FILE                   terraform output -json prints this file
#   STUB_TERRAFORM_FAIL=FILE                      terraform prints FILE on stderr (what the real one
#                                                 printed: fixtures/terraform-output/) and exits 1
#   STUB_PROTOCOL=N                               the deploy command's `status` prints protocol N
#                                                 ("none": no protocol line, as before protocol 2)
# PATH holds only the stubs, so the few programs used are named by their absolute paths.
set -u
tool=${0##*/}
stdin=$(/usr/bin/base64 -w0)
argv=$( (($#)) && printf '%s\0' "$@" | /usr/bin/base64 -w0)
printf '%s\t%s\t%s\n' "$tool" "$argv" "$stdin" >>"$STUB_LOG"

if [[ $tool == terraform ]]; then
  if [[ -n ${STUB_TERRAFORM_FAIL:-} ]]; then
    /usr/bin/cat "$STUB_TERRAFORM_FAIL" >&2
    exit 1
  fi
  /usr/bin/cat "$STUB_TERRAFORM_OUTPUTS"
  exit 0
fi
destination=${*: -2:1}
read -r -a remote <<<"${*: -1}"
if [[ ${STUB_SSH_FAIL:-} == "$destination ${remote[2]:-}" ]]; then
  echo "${STUB_SSH_FAIL_OUTPUT:-stub: failing as told}" >&2
  exit 1
fi
if [[ ${remote[2]:-} == status ]]; then
  if [[ ${STUB_PROTOCOL:-} != none ]]; then echo "protocol: ${STUB_PROTOCOL:?the harness sets it}"; fi
  printf 'release: none\nroles: none\n'
  exit 0
fi
echo "stub: ${remote[2]:-} done"
