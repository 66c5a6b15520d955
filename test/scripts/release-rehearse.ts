/**
 * A release rehearsal, before the tag is pushed: the built package packed, published to a local
 * registry (Verdaccio on loopback) as publish.yml publishes it (provenance aside), then installed with
 * the README's `npm install n8n-nodes-amili` into a temp n8n user folder's `.n8n/nodes`. It reports
 * what was published and what the install left, and exits 1 when the install is not what users must
 * get: our package alone, every file package.json's `n8n` section names present.
 *
 *   npm run release:rehearse              # build, then the rehearsal (~15 s; no n8n needed)
 *   npm run release:rehearse -- --n8n     # also start the pinned n8n 2.41.1 on it and list what it loaded
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nInstance } from '../harness/n8n';
import { communityPackageDir, missingN8nFiles, PACKAGE_NAME, packPackage } from '../harness/pack';
import { installedPackages, LocalRegistry, nodesFolder, npmInstall } from '../harness/registry';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Starts n8n on the user folder and lists the node and credential types of ours it loaded. */
async function loadInN8n(userFolder: string): Promise<string[]> {
	const n8n = await N8nInstance.create({ userFolder, installPackage: false });
	await n8n.start();
	try {
		const nodes = await n8n.loadedNodeTypes();
		const credentials = await n8n.loadedCredentialTypes();
		return [
			// Less the AI-tool variants n8n derives from nodes marked usableAsTool.
			...nodes.filter((name) => name.startsWith(`${PACKAGE_NAME}.`) && !name.endsWith('Tool')),
			...credentials.filter((name) => name.startsWith('amili')),
		];
	} finally {
		await n8n.dispose();
	}
}

/** What went wrong with the install (empty: what users must get). */
function installProblems(userFolder: string): string[] {
	const problems: string[] = [];
	const installed = installedPackages(nodesFolder(userFolder));
	if (installed.join() !== PACKAGE_NAME)
		problems.push(
			`node_modules holds ${installed.join(', ') || 'nothing'}, not ${PACKAGE_NAME} alone`,
		);
	else {
		const missing = missingN8nFiles(communityPackageDir(userFolder));
		if (missing.length)
			problems.push(`files the n8n section names are missing: ${missing.join(', ')}`);
	}
	return problems;
}

async function main(): Promise<number> {
	const started = Date.now();
	const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
	const userFolder = await fs.mkdtemp(join(tmpdir(), 'amili-rehearse-'));
	const registry = await LocalRegistry.start();
	try {
		say(`registry: ${registry.url} (Verdaccio, no uplinks), up at ${seconds()}`);
		const version = await registry.publish(await packPackage(join(userFolder, 'pack')));
		say(`published ${PACKAGE_NAME}@${version} at ${seconds()}`);
		const run = await npmInstall(nodesFolder(userFolder), [PACKAGE_NAME], registry.url);
		say(`npm install ${PACKAGE_NAME} in ${nodesFolder(userFolder)}: ${run.stdout.trim()}`);
		say(`node_modules: ${installedPackages(nodesFolder(userFolder)).join(', ') || '(empty)'}`);
		const problems = installProblems(userFolder);
		if (problems.length === 0 && process.argv.includes('--n8n')) {
			const loaded = await loadInN8n(userFolder);
			say(`n8n loaded: ${loaded.join(', ') || 'none of ours'}`);
			if (loaded.length !== 7)
				problems.push(`n8n loaded ${loaded.length} of our types, not 4 nodes and 3 credentials`);
		}
		for (const problem of problems) say(`PROBLEM: ${problem}`);
		say(
			problems.length ? `rehearsal failed after ${seconds()}` : `rehearsal passed in ${seconds()}`,
		);
		return problems.length ? 1 : 0;
	} finally {
		await registry.stop();
		await fs.rm(userFolder, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(
			`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
