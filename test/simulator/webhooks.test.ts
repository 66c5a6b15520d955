import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	type BatchView,
	batchCompletedData,
	caseData,
	caseUpdatedData,
	settlementCreatedData,
	startSimulator,
} from './index';
import { type Json, ORG, sleep, useSimulator } from './test-client';

const api = useSimulator({ batchDelayMs: 50 });

/** A stand-in for the user's n8n webhook: records each POST and answers `reply` (200 `{"ok":true}` by default). */
interface Received {
	method: string;
	headers: IncomingHttpHeaders;
	body: Json;
}
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
let reply = { status: 200, body: '{"ok":true}' };

beforeAll(async () => {
	receiver = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({
				method: req.method ?? '',
				headers: req.headers,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
			});
			res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/amili`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
beforeEach(() => {
	received = [];
	reply = { status: 200, body: '{"ok":true}' };
});

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('deliverWebhook', () => {
	it('POSTs BATCH_COMPLETED with `type`, organizationId and the documented headers, and returns the answer', async () => {
		const pay = {
			invoiceNumber: 'INV-1',
			uniqueSourcePaymentId: 'p',
			amount: 1,
			currency: 'NOK',
			date: '2025-03-09T14:30:00Z',
		};
		const { batchId } = (await api.post(`/orgs/${ORG}/payments`, { payments: [pay] })).json.data;
		api.sim.completeBatch(batchId);
		const data = batchCompletedData(api.sim.batch(batchId) as BatchView);
		expect(data).toEqual({ batchId, organizationId: ORG, status: 'SUCCESS' });
		const result = await api.sim.deliverWebhook(receiverUrl, 'BATCH_COMPLETED', data);
		expect(result).toEqual({
			status: 200,
			body: { ok: true },
			idempotencyKey: expect.stringMatching(UUID),
			requestId: expect.stringMatching(UUID),
			eventId: expect.stringMatching(UUID),
		});
		const [got] = received;
		expect(got.method).toBe('POST');
		expect(got.body).toEqual({
			id: result.eventId,
			type: 'BATCH_COMPLETED',
			source: 'COLLECTION',
			timeStamp: expect.stringMatching(TIMESTAMP),
			data,
		});
		expect(got.headers).toMatchObject({
			'content-type': 'application/json',
			'x-amili-event': 'BATCH_COMPLETED',
			idempotencykey: result.idempotencyKey,
			'x-amili-request-id': result.requestId,
		});
		// The signature scheme is not documented, so none is made up.
		expect(got.headers['x-webhook-signature']).toBeUndefined();
	});

	it('POSTs SETTLEMENT_CREATED with `type` and organizationId', async () => {
		const settlement = api.sim.addSettlement(ORG, {
			settlementDate: '2025-08-15',
			invoiceNumber: '1234567',
			caseNumber: '1234567',
		});
		await api.sim.deliverWebhook(
			receiverUrl,
			'SETTLEMENT_CREATED',
			settlementCreatedData(ORG, settlement),
		);
		expect(received[0].body).toMatchObject({ type: 'SETTLEMENT_CREATED', source: 'COLLECTION' });
		expect(received[0].body.data).toEqual({
			settlementId: settlement.settlementId,
			organizationId: ORG,
			settlementDate: '2025-08-15',
			invoiceId: settlement.invoiceId,
			invoiceNumber: '1234567',
			caseNumber: '1234567',
		});
		expect(received[0].headers['x-amili-event']).toBe('SETTLEMENT_CREATED');
	});

	it('POSTs CASE and CASE_UPDATED with `eventType` (not `type`) and orgId, as the docs print them', async () => {
		const opened = api.sim.addCase(ORG, { invoices: ['a8098c1a-f86e-11da-bd1a-00112444be1e'] });
		await api.sim.deliverWebhook(receiverUrl, 'CASE', caseData(ORG, opened));
		await api.sim.deliverWebhook(
			receiverUrl,
			'CASE_UPDATED',
			caseUpdatedData(ORG, { ...opened, status: 'PAUSED' }, ['status']),
		);
		const [created, updated] = received.map((r) => r.body);
		expect(Object.keys(created).sort()).toEqual(['data', 'eventType', 'id', 'source', 'timeStamp']);
		expect(created).toMatchObject({ eventType: 'CASE', source: 'COLLECTION' });
		const caseFields = {
			orgId: ORG,
			caseId: opened.caseId,
			caseNumber: opened.caseNumber,
			type: 'COLLECTION_NOTICE',
			invoices: opened.invoices,
		};
		expect(created.data).toEqual({ ...caseFields, status: 'OPEN' });
		expect(updated).toMatchObject({
			eventType: 'CASE_UPDATED',
			data: { ...caseFields, status: 'PAUSED', fields: ['status'] },
		});
		expect(received.map((r) => r.headers['x-amili-event'])).toEqual(['CASE', 'CASE_UPDATED']);
	});

	it('re-delivers under the same IdempotencyKey (and event id) with a new request id; passes extra headers', async () => {
		const data = {
			batchId: '1b4e28ba-2fa1-4d2b-883f-0016d3cca427',
			organizationId: ORG,
			status: 'FAILED' as const,
		};
		reply = { status: 500, body: 'boom' };
		const first = await api.sim.deliverWebhook(receiverUrl, 'BATCH_COMPLETED', data, {
			headers: { 'X-Webhook-Signature': 'sha256=abc' },
		});
		expect([first.status, first.body]).toEqual([500, 'boom']);
		reply = { status: 200, body: '' };
		const retry = await api.sim.deliverWebhook(receiverUrl, 'BATCH_COMPLETED', data, {
			idempotencyKey: first.idempotencyKey,
			eventId: first.eventId,
		});
		expect([retry.status, retry.body]).toEqual([200, '']);
		expect(received.map((r) => r.headers.idempotencykey)).toEqual([
			first.idempotencyKey,
			first.idempotencyKey,
		]);
		expect(received.map((r) => r.body.id)).toEqual([first.eventId, first.eventId]);
		expect(retry.requestId).not.toBe(first.requestId);
		expect(received[0].headers['x-webhook-signature']).toBe('sha256=abc');
		expect(api.sim.webhookDeliveries.map((d) => [d.event, d.status, d.idempotencyKey])).toEqual([
			['BATCH_COMPLETED', 500, first.idempotencyKey],
			['BATCH_COMPLETED', 200, first.idempotencyKey],
		]);
	});

	it('rejects when the receiver is unreachable (recorded) and refuses data with the wrong org key', async () => {
		const dead = await startSimulator();
		const deadUrl = `${dead.url}/gone`;
		await dead.close();
		const data = { batchId: 'b', organizationId: ORG, status: 'SUCCESS' as const };
		await expect(api.sim.deliverWebhook(deadUrl, 'BATCH_COMPLETED', data)).rejects.toThrow();
		expect(api.sim.webhookDeliveries[0]).toMatchObject({
			url: deadUrl,
			status: null,
			error: expect.any(String),
		});
		const wrongKey = {
			orgId: ORG,
			caseId: 'c',
			caseNumber: '1',
			type: 'COLLECTION_NOTICE',
			status: 'OPEN',
			invoices: [],
		};
		await expect(
			api.sim.deliverWebhook(receiverUrl, 'BATCH_COMPLETED', wrongKey as never),
		).rejects.toThrow(/organizationId/);
		expect(received).toEqual([]);
	});

	it('POST /__sim/deliver-webhook delivers for another process', async () => {
		const data = { batchId: 'b', organizationId: ORG, status: 'PARTIAL' };
		const res = await api.control('deliver-webhook', {
			url: receiverUrl,
			event: 'BATCH_COMPLETED',
			data,
			idempotencyKey: 'key-1',
			headers: { 'X-Webhook-Signature': 's' },
		});
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ status: 200, body: { ok: true }, idempotencyKey: 'key-1' });
		expect(received[0].headers).toMatchObject({
			idempotencykey: 'key-1',
			'x-webhook-signature': 's',
		});
		expect(
			(await api.control('deliver-webhook', { url: receiverUrl, event: 'PING', data })).status,
		).toBe(400);
		expect(
			(await api.control('deliver-webhook', { url: receiverUrl, event: 'CASE', data })).status,
		).toBe(400);
		expect(
			(
				await api.control('deliver-webhook', {
					url: 'http://127.0.0.1:1/x',
					event: 'BATCH_COMPLETED',
					data,
				})
			).status,
		).toBe(502);
	});
});

describe('autoWebhookUrl', () => {
	const pay = {
		payments: [
			{
				invoiceNumber: 'INV-1',
				uniqueSourcePaymentId: 'p',
				amount: 1,
				currency: 'NOK',
				date: '2025-03-09T14:30:00Z',
			},
		],
	};

	it('delivers BATCH_COMPLETED once per batch when it is first seen terminal, or on flushWebhooks()', async () => {
		api.sim.setAutoWebhookUrl(receiverUrl);
		api.sim.setBatchDelayMs(200);
		const { batchId } = (await api.post(`/orgs/${ORG}/payments`, pay)).json.data;
		expect(await api.sim.flushWebhooks()).toEqual([]);
		await sleep(220);
		expect((await api.get(`/batches/${batchId}`)).json.data.status).toBe('SUCCESS');
		await api.get(`/batches/${batchId}`);
		await api.sim.flushWebhooks();
		expect(received.map((r) => r.body)).toEqual([
			{
				id: expect.any(String),
				type: 'BATCH_COMPLETED',
				source: 'COLLECTION',
				timeStamp: expect.any(String),
				data: { batchId, organizationId: ORG, status: 'SUCCESS' },
			},
		]);
		const second = (await api.post(`/orgs/${ORG}/payments`, pay)).json.data.batchId;
		api.sim.completeBatch(second);
		const flushed = await api.sim.flushWebhooks();
		expect(flushed.map((d) => [d.event, d.status])).toEqual([['BATCH_COMPLETED', 200]]);
		expect(received.map((r) => r.body.data.batchId)).toEqual([batchId, second]);
	});

	it('is off after reset() unless given as an option; the control API switches and flushes it', async () => {
		const { batchId } = (await api.post(`/orgs/${ORG}/payments`, pay)).json.data;
		api.sim.completeBatch(batchId);
		await api.sim.flushWebhooks();
		expect(received).toEqual([]);
		expect((await api.control('auto-webhook', { url: receiverUrl })).status).toBe(200);
		const flushed = await api.control('flush-webhooks', {});
		expect(flushed.json.deliveries).toEqual([
			expect.objectContaining({ event: 'BATCH_COMPLETED', status: 200 }),
		]);
		expect((await api.control('state')).json.autoWebhookUrl).toBe(receiverUrl);
		expect((await api.control('auto-webhook', { url: null })).status).toBe(200);
		expect((await api.control('state')).json.autoWebhookUrl).toBeNull();

		const withOption = await startSimulator({ batchDelayMs: 0, autoWebhookUrl: receiverUrl });
		try {
			await fetch(`${withOption.apiBaseUrl}/orgs/${ORG}/payments`, {
				method: 'POST',
				headers: {
					authorization: `Bearer ${withOption.issueAccessToken()}`,
					'content-type': 'application/json',
				},
				body: JSON.stringify(pay),
			});
			await withOption.flushWebhooks();
			expect(received).toHaveLength(2);
		} finally {
			await withOption.close();
		}
	});
});

describe('state and reset', () => {
	it('/__sim/state carries the new recordings and reset() clears them', async () => {
		const [inv] = api.sim.seedInvoices(ORG, 1);
		await api.post(`/orgs/${ORG}/invoices/${inv.id}/pause`);
		await api.post(`/orgs/${ORG}/corrections`, {
			corrections: [
				{ invoiceId: inv.id, amount: 1, currency: 'NOK', date: '2025-01-01T00:00:00Z' },
			],
		});
		await api.post(`/orgs/${ORG}/invoices`, {
			invoices: [
				{
					type: 'NOTICE',
					invoiceNumber: 'S-1',
					originalInvoiceAmount: 1,
					currency: 'NOK',
					invoiceDate: '2025-01-01',
					dueDate: '2025-02-01',
				},
			],
		});
		api.sim.addSettlement(ORG);
		await api.sim.deliverWebhook(receiverUrl, 'CASE', caseData(ORG, api.sim.cases(ORG)[0]));
		api.sim.failInvoicesMatching(['never']);
		api.sim.setBatchDelayMs(5000);

		const state = (await api.control(`state?orgId=${ORG}`)).json;
		expect(state.invoices.map((i: Json) => i.invoiceNumber)).toEqual([inv.invoiceNumber, 'S-1']);
		expect(state.invoiceBatches).toHaveLength(1);
		expect(state.correctionBatches).toHaveLength(1);
		expect(state.receivedCorrections).toEqual([expect.objectContaining({ invoiceId: inv.id })]);
		expect(state.invoiceActions).toEqual([
			expect.objectContaining({ action: 'pause', invoiceId: inv.id, status: 202 }),
		]);
		expect(state.settlements).toHaveLength(1);
		expect(state.cases).toHaveLength(2);
		expect(state.webhookDeliveries).toEqual([
			expect.objectContaining({ event: 'CASE', status: 200 }),
		]);
		expect(state.batchDelayMs).toBe(5000);

		expect((await api.control('reset', {})).status).toBe(200);
		const after = (await api.control('state')).json;
		for (const key of [
			'invoices',
			'invoiceBatches',
			'correctionBatches',
			'receivedCorrections',
			'invoiceActions',
			'settlements',
			'cases',
			'webhookDeliveries',
		]) {
			expect([key, after[key]]).toEqual([key, []]);
		}
		expect(after.batchDelayMs).toBe(50);
		// The fail rule is gone too: an invoice it named is now created.
		const body = {
			invoices: [
				{
					type: 'NOTICE',
					invoiceNumber: 'never',
					originalInvoiceAmount: 1,
					currency: 'NOK',
					invoiceDate: '2025-01-01',
					dueDate: '2025-02-01',
				},
			],
		};
		const { batchId } = (await api.post(`/orgs/${ORG}/invoices`, body)).json.data;
		api.sim.completeBatch(batchId);
		expect(api.sim.batch(batchId)?.status).toBe('SUCCESS');
	});

	it('the control API seeds invoices and adds invoice fail rules', async () => {
		const seeded = await api.control('invoices', {
			orgId: ORG,
			count: 2,
			overrides: { currency: 'SEK' },
		});
		expect([seeded.status, seeded.json.invoices.map((i: Json) => i.currency)]).toEqual([
			201,
			['SEK', 'SEK'],
		]);
		expect((await api.control('invoices', { orgId: ORG, count: 0 })).status).toBe(400);
		expect(
			(await api.control('fail-invoices', { invoiceNumbers: ['X-1'], reason: 'no' })).status,
		).toBe(200);
		expect((await api.control('fail-invoices', { invoiceNumbers: 'X-1' })).status).toBe(400);
		const body = {
			invoices: [
				{
					type: 'NOTICE',
					invoiceNumber: 'X-1',
					originalInvoiceAmount: 1,
					currency: 'NOK',
					invoiceDate: '2025-01-01',
					dueDate: '2025-02-01',
				},
			],
		};
		const { batchId } = (await api.post(`/orgs/${ORG}/invoices`, body)).json.data;
		api.sim.completeBatch(batchId);
		expect(api.sim.batch(batchId)).toMatchObject({
			status: 'FAILED',
			failed: [{ invoiceNumber: 'X-1', reason: 'no' }],
		});
	});
});
