/**
 * Proves the harness against the real n8n with n8n's built-in nodes only: CLI import/execute,
 * output parsing, failure reporting, server mode with the REST and public APIs. The last test checks
 * that the packed package ships and n8n loads the Amili node and credentials.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSimulator, type AmiliSimulator } from '../simulator';
import { N8nInstance, nodeError, outputOf } from '../harness/n8n';
import { communityPackageDir, missingN8nFiles } from '../harness/pack';
import { REPO_ROOT } from '../harness/runtime';
import {
	AMILI_PAYMENT_TYPE,
	chain,
	code,
	manualTrigger,
	oauth2Credential,
	workflow,
	type WorkflowInput,
} from '../harness/workflow';

describe('n8n harness (built-in nodes)', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await N8nInstance.create();
	});

	afterAll(async () => {
		await n8n?.dispose();
	});

	it('imports and executes Manual Trigger → Code, and returns the 3 items', async () => {
		const id = await n8n.importWorkflow(
			workflow({
				name: 'harness smoke',
				nodes: [
					manualTrigger('Start'),
					code(
						'Three items',
						"return [1, 2, 3].map((n) => ({ json: { n, label: 'item ' + n } }));",
					),
				],
				connections: chain('Start', 'Three items'),
			}),
		);
		const result = await n8n.execute(id);

		expect(result.error).toBeUndefined();
		expect(result.ok).toBe(true);
		expect(result.exitCode).toBe(0);
		expect(result.status).toBe('success');
		expect(result.lastNodeExecuted).toBe('Three items');
		expect(outputOf(result, 'Three items')).toEqual([
			{ n: 1, label: 'item 1' },
			{ n: 2, label: 'item 2' },
			{ n: 3, label: 'item 3' },
		]);
		expect(outputOf(result, 'Start')).toHaveLength(1);
	});

	it('reports a failing node with its error and a non-zero exit', async () => {
		const result = await n8n.run(
			workflow({
				nodes: [manualTrigger(), code('Boom', "throw new Error('harness-boom');")],
				connections: chain('Start', 'Boom'),
			}),
		);

		expect(result.ok).toBe(false);
		expect(result.exitCode).not.toBe(0);
		expect(result.status).toBe('error');
		expect(result.lastNodeExecuted).toBe('Boom');
		expect(result.error?.message).toContain('harness-boom');
		expect(nodeError(result, 'Boom')?.message).toContain('harness-boom');
		expect(() => outputOf(result, 'Boom')).toThrow(/harness-boom/);
	});

	it('keeps every run’s output for log assertions', () => {
		expect(n8n.logs.map((l) => l.command.split(' ')[0] + ' ' + l.command.split(' ')[1])).toEqual([
			'n8n import:workflow',
			'n8n execute',
			'n8n import:workflow',
			'n8n execute',
		]);
		expect(n8n.findInLogs('harness-boom')).toContain(`n8n ${n8n.logs[3].command.slice(4)}`);
		expect(n8n.findInLogs('a string no run printed')).toEqual([]);
	});

	it('serves in server mode: owner setup, login, API key, public API; stops without leftovers', async () => {
		await n8n.start();
		try {
			const health = await fetch(`${n8n.baseUrl}/healthz`);
			expect(health.status).toBe(200);

			const owner = await n8n.setupOwner({ email: 'harness@amili.local' });
			const cookie = await n8n.login();
			expect(cookie).toMatch(/^n8n-auth=/);
			const me = await n8n.rest<{ email: string }>('GET', '/login');
			expect(me.status).toBe(200);
			expect(me.data.email).toBe(owner.email);

			await n8n.createApiKey();
			const workflows = await n8n.publicApi<{ id: string; name: string }[]>('GET', '/workflows');
			expect(workflows.status).toBe(200);
			expect((workflows.body as { data: { name: string }[] }).data.map((w) => w.name)).toContain(
				'harness smoke',
			);
			const executions = await n8n.publicApi('GET', '/executions?limit=10');
			expect(executions.status).toBe(200);
		} finally {
			await n8n.stop();
		}
		expect(n8n.running).toBe(false);
		await expect(fetch(`${n8n.baseUrl}/healthz`)).rejects.toThrow();
	});
});

describe('the packed package', () => {
	let n8n: N8nInstance;

	beforeAll(async () => {
		n8n = await N8nInstance.create();
	});

	afterAll(async () => {
		await n8n?.dispose();
	});

	it('ships every file package.json’s n8n section names', () => {
		expect(missingN8nFiles(communityPackageDir(n8n.userFolder))).toEqual([]);
	});

	it('is loaded by n8n: the Amili node and both credential types are known', async () => {
		await n8n.start();
		try {
			expect(await n8n.loadedNodeTypes()).toContain(AMILI_PAYMENT_TYPE);
			expect(await n8n.loadedCredentialTypes()).toEqual(
				expect.arrayContaining(['amiliOAuth2Api', 'amiliApi']),
			);
		} finally {
			await n8n.stop();
		}
	});
});

describe('examples/payment-basic.json', () => {
	let n8n: N8nInstance;
	let sim: AmiliSimulator;

	beforeAll(async () => {
		[n8n, sim] = await Promise.all([N8nInstance.create(), startSimulator()]);
	});

	afterAll(async () => {
		await Promise.all([n8n?.dispose(), sim?.close()]);
	});

	it('imports as a user gets it (credential by name, no id) and registers its 3 payments', async () => {
		const example = JSON.parse(
			readFileSync(join(REPO_ROOT, 'examples', 'payment-basic.json'), 'utf8'),
		) as WorkflowInput;
		expect(example.id).toBeUndefined();
		const amiliNode = example.nodes.find((n) => n.type === AMILI_PAYMENT_TYPE);
		expect(amiliNode?.credentials?.amiliOAuth2Api).toEqual({
			id: null,
			name: 'Amili OAuth2 account',
		});

		// The credential a user would have made, under the name the example refers to.
		await n8n.importCredentials([oauth2Credential(sim, 'Amili OAuth2 account')]);
		const result = await n8n.run(example);

		expect(result.error).toBeUndefined();
		expect(result.ok).toBe(true);
		const [batch] = outputOf(result, 'Amili Payment');
		expect(batch).toMatchObject({
			paymentCount: 3,
			organizationId: '7bc05553-4b68-44e8-b7bc-37be63c6d9e9',
		});
		expect(
			sim
				.receivedPayments('7bc05553-4b68-44e8-b7bc-37be63c6d9e9')
				.map((p) => p.uniqueSourcePaymentId),
		).toEqual(['PAY-10001', 'PAY-10002', 'PAY-10003']);
		expect(n8n.findInLogs(sim.clientSecret)).toEqual([]);
	});
});
