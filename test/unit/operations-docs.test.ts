/**
 * The docs cannot drift from the operations. Every operation of every resource (actions/resources.ts)
 * runs once in-process against the simulator, and the requests it made are held against
 * docs/amili-node.md's Operations table (its method and path, or "none"); that table lists nothing
 * the node does not offer and offers nothing it calls "not offered"; the README's operations table
 * names each resource's operations. A new operation needs a sample here (the test says so), a row in
 * docs/amili-node.md and its name in the README.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { resources } from '../../nodes/Amili/actions/resources';
import { properties } from '../../nodes/Amili/actions/versionDescription';
import type { AmiliSimulator } from '../simulator';
import { ORG, type ContextOptions, runOperation, useSimulator } from './in-process';

const simulator = useSimulator();
const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** How to run one operation once: its parameters and the IDs its paths name, by placeholder. */
type Sample = (sim: AmiliSimulator) => Promise<{
	options: Omit<ContextOptions, 'parameters'> & { parameters: Record<string, unknown> };
	ids?: Record<string, string>;
}>;

const locator = (value: string) => ({ __rl: true, mode: 'id', value });
const payment = {
	invoiceNumber: 'INV-1',
	uniqueSourcePaymentId: 'pay-1',
	amount: 100,
	currency: 'NOK',
	date: '2025-03-09',
};
const invoice = {
	type: 'PAYMENT_REMINDER',
	invoiceNumber: 'INV-9',
	originalInvoiceAmount: 100,
	currency: 'NOK',
	invoiceDate: '2025-03-01',
	dueDate: '2025-03-15',
};

async function postPayments(sim: AmiliSimulator): Promise<string> {
	const response = await fetch(`${sim.apiBaseUrl}/orgs/${ORG}/payments`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${sim.issueAccessToken()}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify({ payments: [{ ...payment, date: '2025-03-09T00:00:00Z' }] }),
	});
	return ((await response.json()) as { data: { batchId: string } }).data.batchId;
}

const pickedInvoice: Sample = async (sim) => {
	const [seeded] = sim.seedInvoices(ORG, 1);
	return {
		options: { parameters: { invoiceId: locator(seeded.id) } },
		ids: { invoiceId: seeded.id },
	};
};
const pickedBatch: Sample = async (sim) => {
	const batchId = await postPayments(sim);
	return { options: { parameters: { batchId: locator(batchId) } }, ids: { batchId } };
};
const items =
	(json: object): Sample =>
	async () => ({
		options: { items: [{ json: { ...json } }], parameters: { mappingMode: 'autoMapInputData' } },
	});
const correction: Sample = async (sim) => {
	const [seeded] = sim.seedInvoices(ORG, 1);
	const json = { invoiceId: seeded.id, amount: -10, currency: 'NOK', date: '2025-03-09' };
	return await items(json)(sim);
};
const plain: Sample = async () => ({ options: { parameters: {} } });

/** One sample per `resource.operation`: add yours when you add an operation. */
const SAMPLES: Record<string, Sample> = {
	'batch.get': pickedBatch,
	'batch.getMany': plain,
	'batch.waitForCompletion': pickedBatch,
	'case.getMany': plain,
	'correction.create': correction,
	'correction.forgetSent': correction,
	'correction.markRegistered': correction,
	'invoice.create': items(invoice),
	'invoice.forgetSent': items(invoice),
	'invoice.get': pickedInvoice,
	'invoice.getMany': plain,
	'invoice.getPayments': pickedInvoice,
	'invoice.markRegistered': items(invoice),
	'invoice.pause': pickedInvoice,
	'invoice.resume': pickedInvoice,
	'invoice.withdraw': pickedInvoice,
	'payment.create': items(payment),
	'payment.forgetSent': items(payment),
	'payment.markRegistered': items(payment),
	'settlement.get': async (sim) => {
		const { settlementId } = sim.addSettlement(ORG);
		return {
			options: { parameters: { settlementId: locator(settlementId) } },
			ids: { settlementId },
		};
	},
	'settlement.getMany': plain,
};

const nameOf = (field: INodeProperties | undefined, value: string) =>
	(field?.options ?? []).find((option) => 'value' in option && option.value === value)?.name;

/** Every operation the node offers, by its panel names, e.g. ['Invoice', 'Get Payments', 'invoice', 'getPayments']. */
const OFFERED = Object.entries(resources).flatMap(([resource, { description, operations }]) =>
	Object.keys(operations).map((operation) => ({
		resource,
		operation,
		resourceName:
			nameOf(
				properties.find((p) => p.name === 'resource'),
				resource,
			) ?? resource,
		operationName: nameOf(description[0], operation) ?? operation,
	})),
);

/** docs/amili-node.md's Operations table: resource, operation (filters in brackets dropped), endpoint, status. */
function operationsTable() {
	const text = read('docs/amili-node.md');
	const start = text.indexOf('| Resource | Operation | Method + path | Status |');
	const lines = text.slice(start).split('\n');
	return lines
		.slice(
			2,
			lines.findIndex((line) => !line.startsWith('|')),
		)
		.map((line) =>
			line
				.split('|')
				.slice(1, -1)
				.map((cell) => cell.trim()),
		)
		.map(([resource, operation, endpoint, status]) => ({
			resource,
			operation: operation.replace(/\s*\(.*\)$/, ''),
			endpoint:
				/^`([A-Z]+ [^`?]+)/.exec(endpoint)?.[1] ??
				(endpoint.startsWith('none') ? 'none' : endpoint),
			notOffered: status.includes('not offered'),
		}));
}

/** The requests an operation made, IDs as the docs write them, e.g. `GET /orgs/{org}/invoices/{invoiceId}`. */
function requestsMade(sim: AmiliSimulator, since: number, ids: Record<string, string>): string[] {
	const placeholders = Object.entries({ org: ORG, ...ids });
	const made = sim.requests
		.slice(since)
		.filter((request) => request.path.startsWith('/collection/v1/'))
		.map((request) => {
			let path = request.path.slice('/collection/v1'.length);
			for (const [name, id] of placeholders) path = path.split(id).join(`{${name}}`);
			return `${request.method} ${path}`;
		});
	return [...new Set(made)];
}

describe('docs/amili-node.md → Operations', () => {
	const rows = operationsTable();

	test.each(OFFERED)(
		'$resourceName → $operationName: its row names the request it makes',
		async (offered) => {
			const sample = SAMPLES[`${offered.resource}.${offered.operation}`];
			if (!sample)
				throw new Error(
					`add a sample for ${offered.resource}.${offered.operation} to SAMPLES in this file`,
				);
			const { options, ids = {} } = await sample(simulator());
			const before = simulator().requests.length;
			await runOperation(simulator(), {
				typeVersion: 2,
				...options,
				parameters: {
					organizationId: ORG,
					resource: offered.resource,
					operation: offered.operation,
					...options.parameters,
				},
			});
			const row = rows.filter(
				(r) => r.resource === offered.resourceName && r.operation === offered.operationName,
			);
			// One row, naming the one request the operation makes, or none.
			const made = requestsMade(simulator(), before, ids);
			expect(row.map((r) => (r.endpoint === 'none' ? [] : [r.endpoint]))).toEqual([made]);
		},
	);

	test('every row offered is an operation of the node', () => {
		const offered = new Set(OFFERED.map((o) => `${o.resourceName} → ${o.operationName}`));
		const listed = rows.filter((r) => !r.notOffered).map((r) => `${r.resource} → ${r.operation}`);
		expect(listed.filter((row) => !offered.has(row))).toEqual([]);
	});

	test('nothing the table calls "not offered" is offered', () => {
		const offeredNow = rows
			.filter((r) => r.notOffered)
			.flatMap((r) =>
				r.operation
					.split(/[,/]/)
					.map((word) => ({ resource: r.resource, word: word.trim().toLowerCase() })),
			)
			.flatMap(({ resource, word }) =>
				OFFERED.filter(
					(o) =>
						(resource === '—' || o.resourceName === resource) &&
						o.operationName.toLowerCase().includes(word),
				).map((o) => `${o.resourceName} → ${o.operationName} ("${word}")`),
			);
		expect(offeredNow).toEqual([]);
	});
});

describe('README → Operations', () => {
	test.each(Object.keys(resources))('the Amili node’s %s row names its operations', (resource) => {
		const mine = OFFERED.filter((o) => o.resource === resource);
		const row = new RegExp(`^\\| Amili \\| ${mine[0].resourceName} \\| (.*) \\|$`, 'm').exec(
			read('README.md'),
		);
		expect(row?.[1].split(', ').sort()).toEqual(mine.map((o) => o.operationName).sort());
	});
});
