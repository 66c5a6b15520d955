import { randomUUID } from 'node:crypto';
import type { BatchView } from './batches';
import type { Case } from './cases';
import { isoSeconds } from './dates';
import { isPlainObject } from './http';
import type { Settlement } from './settlements';

/** The four events the docs list as "currently" sent (docs/amili-api.md, "Webhook events"). */
export type WebhookEvent = 'BATCH_COMPLETED' | 'SETTLEMENT_CREATED' | 'CASE' | 'CASE_UPDATED';
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [
	'BATCH_COMPLETED',
	'SETTLEMENT_CREATED',
	'CASE',
	'CASE_UPDATED',
];

/** `data` per event, as documented. Batch and settlement events say `organizationId`, case events `orgId`. */
export interface WebhookData {
	BATCH_COMPLETED: {
		batchId: string;
		organizationId: string;
		status: 'SUCCESS' | 'PARTIAL' | 'FAILED';
	};
	SETTLEMENT_CREATED: {
		settlementId: string;
		organizationId: string;
		settlementDate: string;
		invoiceId: string;
		invoiceNumber: string;
		caseNumber: string;
	};
	CASE: {
		orgId: string;
		caseId: string;
		caseNumber: string;
		type: string;
		status: string;
		invoices: string[];
	};
	CASE_UPDATED: WebhookData['CASE'] & { fields: string[] };
}

const REQUIRED: { [E in WebhookEvent]: ReadonlyArray<keyof WebhookData[E]> } = {
	BATCH_COMPLETED: ['batchId', 'organizationId', 'status'],
	SETTLEMENT_CREATED: [
		'settlementId',
		'organizationId',
		'settlementDate',
		'invoiceId',
		'invoiceNumber',
		'caseNumber',
	],
	CASE: ['orgId', 'caseId', 'caseNumber', 'type', 'status', 'invoices'],
	CASE_UPDATED: ['orgId', 'caseId', 'caseNumber', 'type', 'status', 'invoices', 'fields'],
};

export interface WebhookOptions {
	/** The `IdempotencyKey` header; generated (a UUID, our assumption) unless given, so a test can
	 * re-deliver an event under the same key. */
	idempotencyKey?: string;
	/** Extra or overriding headers, e.g. an `X-Webhook-Signature` (its scheme is not documented, so
	 * none is sent unless a test passes one). */
	headers?: Record<string, string>;
	/** The payload `id`; a new UUID unless given (pass the earlier one to model a retry of one event). */
	eventId?: string;
	/** Default 10 000. */
	timeoutMs?: number;
}

export interface WebhookResult {
	status: number;
	/** The receiver's answer: parsed JSON, else the text ('' when empty). */
	body: unknown;
	idempotencyKey: string;
	requestId: string;
	eventId: string;
}

/** One delivery attempt, for /__sim/state. `status` is null when the receiver could not be reached. */
export interface WebhookDeliveryRecord {
	at: string;
	url: string;
	event: WebhookEvent;
	eventId: string;
	idempotencyKey: string;
	requestId: string;
	status: number | null;
	error?: string;
}

/** Whether `event`/`data` are deliverable; a problem or undefined (they may come as JSON from a test process). */
export function webhookProblem(event: unknown, data: unknown): string | undefined {
	if (!WEBHOOK_EVENTS.includes(event as WebhookEvent))
		return `event must be one of ${WEBHOOK_EVENTS.join(', ')}`;
	if (!isPlainObject(data)) return 'data must be an object';
	const missing = (REQUIRED[event as WebhookEvent] as readonly string[]).filter(
		(k) => data[k] === undefined,
	);
	return missing.length > 0 ? `data of ${String(event)} needs ${missing.join(', ')}` : undefined;
}

/**
 * The documented envelope (docs/amili-api.md, "Webhook events"): `id`, the discriminator,
 * `source: 'COLLECTION'`, `timeStamp` and `data`. The discriminator key is `type` for batch and
 * settlement events but `eventType` for case events: that inconsistency is in the docs and kept on
 * purpose.
 */
export function webhookPayload<E extends WebhookEvent>(
	event: E,
	data: WebhookData[E],
	eventId: string = randomUUID(),
) {
	const key = event === 'CASE' || event === 'CASE_UPDATED' ? 'eventType' : 'type';
	return { id: eventId, [key]: event, source: 'COLLECTION', timeStamp: isoSeconds(), data };
}

/** POSTs one event with the documented headers (docs/amili-api.md, "Webhook deliveries"). Rejects
 * only when the receiver is unreachable. */
export async function sendWebhook<E extends WebhookEvent>(
	url: string,
	event: E,
	data: WebhookData[E],
	opts: WebhookOptions,
	record: (r: WebhookDeliveryRecord) => void,
): Promise<WebhookResult> {
	const problem = webhookProblem(event, data);
	if (problem) throw new Error(`invalid webhook: ${problem}`);
	const ids = {
		idempotencyKey: opts.idempotencyKey ?? randomUUID(),
		requestId: randomUUID(),
		eventId: opts.eventId ?? randomUUID(),
	};
	const entry: WebhookDeliveryRecord = {
		at: new Date().toISOString(),
		url,
		event,
		...ids,
		status: null,
	};
	record(entry);
	try {
		const res = await fetch(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-amili-event': event,
				idempotencykey: ids.idempotencyKey,
				'x-amili-request-id': ids.requestId,
				...Object.fromEntries(
					Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
				),
			},
			body: JSON.stringify(webhookPayload(event, data, ids.eventId)),
			signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
		});
		const text = await res.text();
		entry.status = res.status;
		return { status: res.status, body: parseMaybeJson(text), ...ids };
	} catch (e) {
		entry.error = e instanceof Error ? e.message : String(e);
		throw e;
	}
}

export function batchCompletedData(batch: BatchView): WebhookData['BATCH_COMPLETED'] {
	if (batch.status === 'QUEUED') throw new Error(`batch ${batch.batchId} is still QUEUED`);
	return { batchId: batch.batchId, organizationId: batch.organizationId, status: batch.status };
}

export function settlementCreatedData(
	orgId: string,
	s: Settlement,
): WebhookData['SETTLEMENT_CREATED'] {
	const { settlementId, settlementDate, invoiceId, invoiceNumber, caseNumber } = s;
	return {
		settlementId,
		organizationId: orgId,
		settlementDate,
		invoiceId,
		invoiceNumber,
		caseNumber,
	};
}

export function caseData(orgId: string, c: Case): WebhookData['CASE'] {
	return {
		orgId,
		caseId: c.caseId,
		caseNumber: c.caseNumber,
		type: c.type,
		status: c.status,
		invoices: [...c.invoices],
	};
}

export function caseUpdatedData(
	orgId: string,
	c: Case,
	fields: string[],
): WebhookData['CASE_UPDATED'] {
	return { ...caseData(orgId, c), fields };
}

function parseMaybeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
