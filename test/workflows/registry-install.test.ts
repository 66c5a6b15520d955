/**
 * The README's install path, as written: the package published to a local registry (Verdaccio, as
 * publish.yml publishes it), `npm install n8n-nodes-amili` in a fresh n8n's `.n8n/nodes`, n8n
 * started again. On every n8n line: the package lands alone (no second n8n-workflow), n8n loads its
 * nodes and credentials, a payment workflow runs against the simulator. On 2.41.1 also the update
 * to a newer version (the saved workflow still runs and remembers what it sent) and the uninstall
 * (n8n starts; the workflow fails, sending nothing). Each step's time is printed at the end.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSimulator, type AmiliSimulator } from '../simulator';
import { N8nInstance, outputOf, type ExecuteResult } from '../harness/n8n';
import { newestLineOnly } from '../harness/lines';
import { communityPackageDir, missingN8nFiles, PACKAGE_NAME, packedTarball } from '../harness/pack';
import {
	installedPackages,
	LocalRegistry,
	nodesFolder,
	npmInstall,
	type NpmRun,
} from '../harness/registry';
import { selectedRuntimeId } from '../harness/runtime';
import {
	AMILI_PACKAGE,
	amiliPayment,
	chain,
	code,
	manualTrigger,
	oauth2Credential,
	ref,
	workflow,
	type CredentialJson,
	type NodeInput,
} from '../harness/workflow';

const NODES = ['amiliPayment', 'amili', 'amiliTrigger', 'amiliPollingTrigger'].map(
	(name) => `${AMILI_PACKAGE}.${name}`,
);
const CREDENTIALS = ['amiliOAuth2Api', 'amiliApi', 'amiliWebhookSecretApi'];
/** A newer version, published from a copy of the same package for the update. */
const NEXT_VERSION = '0.1.1-test.0';

const timings: Array<[string, number]> = [];
async function timed<T>(step: string, fn: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		timings.push([step, (Date.now() - started) / 1000]);
	}
}

/** Three payments through Amili Payment version 2 (Skip Payments Sent Before on by default). */
function payWorkflow(org: string, credential: CredentialJson) {
	const payments = code(
		'Payments',
		`return ['REG-0', 'REG-1', 'REG-2'].map((id, i) => ({ json: {
			invoiceNumber: 'INV-' + i, uniqueSourcePaymentId: id, amount: 100 + i,
			currency: 'NOK', date: '2025-03-09',
		} }));`,
	);
	const pay: NodeInput = {
		...amiliPayment({ organizationId: org, credential: ref(credential) }),
		typeVersion: 2,
		parameters: { authentication: 'oAuth2', organizationId: org, options: { output: 'items' } },
	};
	return workflow({
		name: 'Pay (saved before the update)',
		nodes: [manualTrigger(), payments, pay],
		connections: chain('Start', 'Payments', 'Amili Payment'),
	});
}

describe(`installed from a registry with npm, as the README says (runtime ${selectedRuntimeId()})`, () => {
	let registry: LocalRegistry;
	let n8n: N8nInstance;
	let sim: AmiliSimulator;
	let nodes: string;
	let workflowId: string;
	let published: string;
	let tarball: string;
	const org = randomUUID();

	beforeAll(async () => {
		[registry, n8n, sim] = await Promise.all([
			timed('registry started', () => LocalRegistry.start()),
			// A fresh user folder with nothing in .n8n/nodes: the package comes only from the registry.
			N8nInstance.create({ installPackage: false }),
			startSimulator({ batchDelayMs: 50 }),
		]);
		nodes = nodesFolder(n8n.userFolder);
		tarball = await packedTarball();
		published = await timed('published', () => registry.publish(tarball));
	});

	afterAll(async () => {
		await Promise.all([n8n?.dispose(), sim?.close(), registry?.stop()]);
		const lines = timings.map(([step, seconds]) => `  ${step}: ${seconds.toFixed(1)} s`);
		process.stdout.write(`\n[registry install, ${selectedRuntimeId()}]\n${lines.join('\n')}\n`);
	});

	const installedVersion = () =>
		(
			JSON.parse(
				readFileSync(join(communityPackageDir(n8n.userFolder), 'package.json'), 'utf8'),
			) as {
				version: string;
			}
		).version;

	/** Starts n8n, reads which of our node and credential types it loaded, stops it. */
	async function loadedTypes(): Promise<{ nodes: string[]; credentials: string[] }> {
		await n8n.start();
		try {
			const nodeTypes = await n8n.loadedNodeTypes();
			const credentialTypes = await n8n.loadedCredentialTypes();
			return {
				nodes: nodeTypes.filter((name) => NODES.includes(name)).sort(),
				credentials: credentialTypes.filter((name) => CREDENTIALS.includes(name)).sort(),
			};
		} finally {
			await n8n.stop();
		}
	}

	const requestsToAmili = () => sim.requests.filter((r) => r.route === 'createPayments').length;

	it('`npm install n8n-nodes-amili` in .n8n/nodes installs our package alone, every file n8n loads included', async () => {
		const run: NpmRun = await timed('npm install', () =>
			npmInstall(nodes, [PACKAGE_NAME], registry.url),
		);
		expect(run.exitCode).toBe(0);
		// No n8n-workflow (nor anything else) beside it: n8n's own copy is the one the nodes get.
		expect(installedPackages(nodes)).toEqual([PACKAGE_NAME]);
		expect(installedVersion()).toBe(published);
		expect(missingN8nFiles(communityPackageDir(n8n.userFolder))).toEqual([]);
	});

	it('n8n, started after the install, loads the 4 nodes and the 3 credentials', async () => {
		const loaded = await timed('n8n start: types loaded', loadedTypes);
		expect(loaded).toEqual({ nodes: [...NODES].sort(), credentials: [...CREDENTIALS].sort() });
	});

	it('a payment workflow runs against the simulator and sends each payment once', async () => {
		const oauth = oauth2Credential(sim);
		await n8n.importCredentials([oauth]);
		workflowId = await n8n.importWorkflow(payWorkflow(org, oauth));
		const result = await timed('payment run', () => n8n.execute(workflowId));
		expect(result.error).toBeUndefined();
		expect(sim.receivedPayments(org).map((p) => p.uniqueSourcePaymentId)).toEqual([
			'REG-0',
			'REG-1',
			'REG-2',
		]);
		expect(outputOf(result, 'Amili Payment').map((item) => item.skipped ?? false)).toEqual([
			false,
			false,
			false,
		]);
	});

	newestLineOnly(
		'update: `npm install n8n-nodes-amili@<newer>`, n8n restarted: the saved workflow still runs and remembers what it sent',
		async () => {
			await timed('published the newer version', () =>
				registry.publish(tarball, { version: NEXT_VERSION }),
			);
			await timed('npm install <newer>', () =>
				npmInstall(nodes, [`${PACKAGE_NAME}@${NEXT_VERSION}`], registry.url),
			);
			expect(installedVersion()).toBe(NEXT_VERSION);
			expect(installedPackages(nodes)).toEqual([PACKAGE_NAME]);
			const loaded = await timed('n8n restart: types loaded', loadedTypes);
			expect(loaded.nodes).toEqual([...NODES].sort());

			sim.reset();
			const again: ExecuteResult = await timed('payment run after the update', () =>
				n8n.execute(workflowId),
			);
			expect(again.ok).toBe(true);
			expect(requestsToAmili()).toBe(0);
			expect(outputOf(again, 'Amili Payment').map((item) => [item.skipped, item.outcome])).toEqual(
				[0, 1, 2].map(() => [true, 'sentBefore']),
			);
		},
	);

	newestLineOnly(
		'uninstall: `npm uninstall n8n-nodes-amili`, n8n starts, the saved workflow fails on its unknown node and sends nothing',
		async () => {
			await timed('npm uninstall', () =>
				npmInstall(nodes, [PACKAGE_NAME], registry.url, 'uninstall'),
			);
			expect(installedPackages(nodes)).toEqual([]);
			const loaded = await timed('n8n start without the package', loadedTypes);
			expect(loaded).toEqual({ nodes: [], credentials: [] });

			sim.reset();
			const failed = await timed('payment run without the package', () => n8n.execute(workflowId));
			expect(failed.ok).toBe(false);
			const said = `${failed.error?.message ?? ''}\n${failed.stdout}\n${failed.stderr}`;
			expect(said).toMatch(/Unrecognized node type: n8n-nodes-amili\.amiliPayment/);
			expect(sim.requests).toEqual([]);
		},
	);
});
