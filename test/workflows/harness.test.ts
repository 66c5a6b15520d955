/**
 * Proves the harness against the real n8n with n8n's built-in nodes only: CLI import/execute,
 * output parsing, failure reporting, server mode with the REST and public APIs. The last test checks
 * that the packed package ships and n8n loads the Amili node and credentials.
 */
import { N8nInstance, nodeError, outputOf } from '../harness/n8n';
import { communityPackageDir, missingN8nFiles } from '../harness/pack';
import { AMILI_PAYMENT_TYPE, chain, code, manualTrigger, workflow } from '../harness/workflow';

// jest.config.js's project-level testTimeout is not applied by jest 29 (a global-only option).
jest.setTimeout(180_000);

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
					code('Three items', "return [1, 2, 3].map((n) => ({ json: { n, label: 'item ' + n } }));"),
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
			expect((workflows.body as { data: { name: string }[] }).data.map((w) => w.name)).toContain('harness smoke');
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
			expect(await n8n.loadedCredentialTypes()).toEqual(expect.arrayContaining(['amiliOAuth2Api', 'amiliApi']));
		} finally {
			await n8n.stop();
		}
	});
});
