/**
 * The Amili Payment node's own cost per item, in-process, without n8n and without HTTP: the node's
 * execute() (read items, map, validate, check duplicates, plan batches, build the bodies, build the
 * output items) with a stub n8n context whose HTTP helper answers 202 at once without serialising
 * the body. Next to it, preparePayments alone (mapping + validation) on the same items and on the
 * more varied ERP-like items of mapping.bench.ts.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { execute as createPayments } from '../../nodes/Amili/actions/payment/create.operation';
import { preparePayments } from '../../nodes/Amili/records/payments';
import { makeItems, median } from './mapping.bench';
import { wirePayments } from './wire';

/** The same items the benchmark workflows generate in n8n (see workflows.ts), with their ERP field. */
export function benchItems(count: number, prefix = 'INPROC'): INodeExecutionData[] {
	return wirePayments(count, prefix).map((payment, i) => ({
		json: { ...payment, erpField: 'not a payment field' },
		pairedItem: { item: i },
	}));
}

const ORG = '7bc05553-4b68-44e8-b7bc-37be63c6d9e9';

function stubContext(
	items: INodeExecutionData[],
	batchSize: number,
): { context: IExecuteFunctions; requests: () => number } {
	let requests = 0;
	const parameters: Record<string, unknown> = {
		authentication: 'oAuth2',
		organizationId: ORG,
		mappingMode: 'autoMapInputData',
		options: { batchSize },
	};
	const node = {
		id: 'bench',
		name: 'Amili Payment',
		type: 'n8n-nodes-amili.amiliPayment',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const context = {
		getInputData: () => items,
		continueOnFail: () => false,
		getNode: () => node,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			parameters[name] ?? fallback,
		getCredentials: async () => ({
			environment: 'custom',
			baseUrl: 'http://127.0.0.1:9/collection/v1',
			tokenUrl: 'http://127.0.0.1:9/token',
			clientId: 'bench',
			clientSecret: 'bench-secret',
		}),
		helpers: {
			httpRequestWithAuthentication: async () => {
				requests++;
				return {
					statusCode: 202,
					headers: {},
					body: {
						summary: { status: 'QUEUED' },
						data: {
							batchId: `b${requests}`,
							batchUrl: `http://127.0.0.1:9/collection/v1/batches/b${requests}`,
						},
					},
				};
			},
		},
	};
	return { context: context as unknown as IExecuteFunctions, requests: () => requests };
}

export interface InProcessCost {
	count: number;
	/** The node's execute() with the stub context, µs per item (median). */
	executeUs: number;
	/** preparePayments on the benchmark's items, µs per item (median). */
	prepareUs: number;
	/** preparePayments on mapping.bench.ts's varied ERP-like items, µs per item (median). */
	prepareErpUs: number;
	runs: number;
}

function timeUs(fn: () => unknown): number {
	const start = process.hrtime.bigint();
	fn();
	return Number(process.hrtime.bigint() - start) / 1000;
}

async function timeUsAsync(fn: () => Promise<unknown>): Promise<number> {
	const start = process.hrtime.bigint();
	await fn();
	return Number(process.hrtime.bigint() - start) / 1000;
}

export async function measureInProcess(count: number, runs: number): Promise<InProcessCost> {
	const items = benchItems(count);
	const execute = async () => {
		const { context, requests } = stubContext(items, 1000);
		// What AmiliPayment.execute() runs (it returns this as its one output).
		const out = await createPayments.call(context);
		if (requests() !== Math.ceil(count / 1000) || out.length !== requests())
			throw new Error('in-process run lost batches');
	};
	const sources = items.map((item) => item.json);
	const erp = makeItems(count);
	for (let i = 0; i < 3; i++) {
		await execute();
		preparePayments(sources);
		preparePayments(erp);
	}
	const executeTimes: number[] = [];
	const prepareTimes: number[] = [];
	const erpTimes: number[] = [];
	for (let run = 0; run < runs; run++) {
		executeTimes.push((await timeUsAsync(execute)) / count);
		prepareTimes.push(timeUs(() => preparePayments(sources)) / count);
		erpTimes.push(timeUs(() => preparePayments(erp)) / count);
	}
	return {
		count,
		executeUs: median(executeTimes),
		prepareUs: median(prepareTimes),
		prepareErpUs: median(erpTimes),
		runs,
	};
}
