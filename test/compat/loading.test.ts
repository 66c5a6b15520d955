/**
 * Compatibility projects only (jest.config.js): that the n8n under test is the line the project names,
 * and that it loads every node and credential of the packed package. The rest of the compatibility
 * suite is the workflow test files themselves (payment, amili-node, reliability, triggers), less
 * their `newestLineOnly` tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8nInstance } from '../harness/n8n';
import { pinnedVersions, REPO_ROOT, selectedRuntimeId } from '../harness/runtime';
import { AMILI_PACKAGE } from '../harness/workflow';

const NODES = ['amiliPayment', 'amili', 'amiliTrigger', 'amiliPollingTrigger'];
const CREDENTIALS = ['amiliOAuth2Api', 'amiliApi', 'amiliWebhookSecretApi'];

describe(`n8n ${pinnedVersions().n8n} (runtime ${selectedRuntimeId()})`, () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await N8nInstance.create();
	});

	afterAll(async () => {
		await n8n?.dispose();
	});

	it('is the pinned n8n on the pinned Node', async () => {
		const { n8n: n8nVersion, node } = pinnedVersions();
		const version = await n8n.n8n(['--version']);
		expect(version.exitCode).toBe(0);
		expect(version.stdout.trim().split('\n').pop()).toBe(n8nVersion);
		const nodeVersion = await n8n.nodeVersion();
		expect(nodeVersion).toBe(`v${node}`);
	});

	it('package.json declares the 4 nodes and 3 credentials this suite expects', () => {
		const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[]; credentials: string[] };
		};
		expect(pkg.n8n.nodes).toHaveLength(NODES.length);
		expect(pkg.n8n.credentials).toHaveLength(CREDENTIALS.length);
	});

	it('loads all 4 nodes and all 3 credentials of the community package', async () => {
		await n8n.start();
		try {
			const nodeTypes = await n8n.loadedNodeTypes();
			const ours = nodeTypes.filter((name) => name.startsWith(`${AMILI_PACKAGE}.`)).sort();
			const declared = NODES.map((name) => `${AMILI_PACKAGE}.${name}`);
			expect(ours).toEqual(expect.arrayContaining(declared));
			// Besides them only the AI-tool variants n8n derives from nodes marked usableAsTool.
			expect(ours.filter((name) => !declared.includes(name))).toEqual(
				['amiliPaymentTool', 'amiliTool'].map((name) => `${AMILI_PACKAGE}.${name}`),
			);
			const credentialTypes = await n8n.loadedCredentialTypes();
			expect(credentialTypes).toEqual(expect.arrayContaining(CREDENTIALS));
		} finally {
			await n8n.stop();
		}
	});
});
