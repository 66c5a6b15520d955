#!/usr/bin/env node
// n8n's verification scanner, run here the way n8n runs it on a published version, without the network.
//
// n8n verifies a community package with @n8n/scan-community-package (`analyzePackageByName` in its
// scanner/scanner.mjs): it checks the npm provenance attestation, fetches the attested source commit and
// the published tarball, then calls its exported `analyzePackage(dir, patterns)` twice:
//   source leg:  the attested source checkout, SOURCE_FILE_PATTERNS (package.json, {nodes,credentials}/**)
//   tarball leg: the unpacked tarball, ['**/*.js', 'package.json']
// Both with ESLint's inline config off: an `eslint-disable` comment does not count. The provenance and
// download steps need the registry and GitHub, so this script skips them and calls `analyzePackage` itself:
// the source leg on this checkout (working tree), the tarball leg on an unpacked `npm pack` of it (needs
// `npm run build` first). It runs under plain `node`: the scanner's own tests note that its
// eslint-plugin-n8n-nodes-base rules no-op when it is loaded inside a test runner's module system.
//
//   node test/checks/n8n-scan.mjs                 both legs on this repo (npm run verify:n8n)
//   node test/checks/n8n-scan.mjs --leg source    only the source leg (no build needed)
//   node test/checks/n8n-scan.mjs source=DIR tarball=DIR   the legs on other folders (used by the tests)
//   --json                                        one JSON array of { leg, dir, passed, message, details }
//
// Exit code 0 when every leg passed, 1 when one failed (the scanner's own report, with rule, file and line,
// is printed), 2 on a usage or packing error.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The scanner makes a temp folder (for its downloads) when it is loaded and never removes it: load it with
// TMPDIR pointing into a scratch folder of ours, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), 'amili-n8n-scan-'));
process.once('exit', () => rmSync(scratch, { recursive: true, force: true }));
// eslint-plugin-n8n-nodes-base reads NODE_ENV when it is loaded and, under `test` (which jest sets),
// checks file names against its own fixtures: n8n never scans like that.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
const savedTmpdir = process.env.TMPDIR;
process.env.TMPDIR = scratch;
const { analyzePackage, SOURCE_FILE_PATTERNS } =
	await import('@n8n/scan-community-package/scanner/scanner.mjs');
if (savedTmpdir === undefined) delete process.env.TMPDIR;
else process.env.TMPDIR = savedTmpdir;

/** The tarball leg's patterns: a literal in the scanner's analyzePackageByName, not an export. */
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
export const LEGS = { source: SOURCE_FILE_PATTERNS, tarball: TARBALL_FILE_PATTERNS };

function scannerVersion() {
	const pkg = join(ROOT, 'node_modules', '@n8n', 'scan-community-package', 'package.json');
	return JSON.parse(readFileSync(pkg, 'utf8')).version;
}

/** `npm pack` of this repo, unpacked as the scanner unpacks a download (tar --strip-components=1). */
function packAndUnpack(temp) {
	if (!existsSync(join(ROOT, 'dist'))) {
		throw new Error(
			`${join(ROOT, 'dist')} does not exist: run \`npm run build\` first (npm test does).`,
		);
	}
	const pack = spawnSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', temp],
		{
			cwd: ROOT,
			encoding: 'utf8',
		},
	);
	if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
	const [{ filename }] = JSON.parse(pack.stdout);
	const dir = join(temp, 'package');
	mkdirSync(dir);
	const tar = spawnSync('tar', ['-xzf', join(temp, filename), '-C', dir, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
	return dir;
}

async function main(argv) {
	const json = argv.includes('--json');
	const legArg = argv.indexOf('--leg');
	const only = legArg >= 0 ? argv[legArg + 1] : undefined;
	const explicit = argv
		.filter((a) => /^(source|tarball)=/.test(a))
		.map((a) => {
			const [leg, dir] = a.split(/=(.*)/s);
			return { leg, dir: resolve(dir) };
		});
	if (only !== undefined && !(only in LEGS)) {
		console.error(`--leg takes source or tarball, not ${only}`);
		return 2;
	}

	try {
		let legs = explicit;
		if (legs.length === 0) {
			legs = [];
			if (only !== 'tarball') legs.push({ leg: 'source', dir: ROOT });
			if (only !== 'source') legs.push({ leg: 'tarball', dir: packAndUnpack(scratch) });
		}

		const results = [];
		for (const { leg, dir } of legs) {
			const started = Date.now();
			const result = await analyzePackage(dir, LEGS[leg]);
			// The scanner passes a folder with nothing to lint; for us that is a broken gate, not a pass.
			if (result.passed && result.message)
				Object.assign(result, { passed: false, details: `${result.message} in ${dir}` });
			// File paths relative to the leg's folder: nodes/… for the source, dist/… for the tarball.
			const details = result.details?.split(`${dir}/`).join('');
			results.push({ leg, dir, ...result, details, error: undefined, ms: Date.now() - started });
		}

		if (json) {
			process.stdout.write(`${JSON.stringify(results)}\n`);
		} else {
			const version = scannerVersion();
			for (const r of results) {
				const what =
					r.dir === ROOT
						? 'this checkout'
						: r.dir.startsWith(scratch)
							? 'the unpacked npm pack output'
							: r.dir;
				console.log(
					`${r.passed ? 'PASS' : 'FAIL'} n8n scanner ${version}, ${r.leg} leg (${LEGS[r.leg].join(', ')}) on ${what}: ${r.ms} ms`,
				);
				if (!r.passed) console.log(r.details ?? r.message);
			}
		}
		return results.every((r) => r.passed) ? 0 : 1;
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		return 2;
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	process.exitCode = await main(process.argv.slice(2));
}
