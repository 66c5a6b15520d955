import type { IDataObject } from 'n8n-workflow';

import { headerValue } from '../../transport/headers';

/**
 * Amili's webhook payloads in one shape. The docs (docs/amili-api.md, "Webhooks") name the event in the
 * `X-Amili-Event` header and in the body, under `type` (batch and settlement events) or `eventType`
 * (case events), and the organization as `data.organizationId` or `data.orgId` (case events).
 */

/** The events Amili documents as "currently" sent. */
export const AMILI_EVENTS = [
	'BATCH_COMPLETED',
	'SETTLEMENT_CREATED',
	'CASE',
	'CASE_UPDATED',
] as const;
/** The Events filter's value for any event not in AMILI_EVENTS (Amili may add events). */
export const OTHER_EVENTS = 'other';

export interface AmiliEvent extends IDataObject {
	event: string | null;
	organizationId: string | null;
	id: string | null;
	timeStamp: string | null;
	source: string | null;
	data: IDataObject | null;
	idempotencyKey: string | null;
	requestId: string | null;
}

function text(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function object(value: unknown): IDataObject | null {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: null;
}

/** One event from a delivery's JSON body and headers. */
export function normaliseEvent(body: IDataObject, headers: Record<string, unknown>): AmiliEvent {
	const data = object(body.data);
	return {
		event: text(headerValue(headers, 'x-amili-event')) ?? text(body.type) ?? text(body.eventType),
		organizationId:
			text(data?.organizationId) ??
			text(data?.orgId) ??
			text(body.organizationId) ??
			text(body.orgId),
		id: text(body.id),
		timeStamp: text(body.timeStamp),
		source: text(body.source),
		data: body.data === undefined ? null : (body.data as IDataObject),
		idempotencyKey: text(headerValue(headers, 'idempotencykey')),
		requestId: text(headerValue(headers, 'x-amili-request-id')),
	};
}

/** The value of the Events filter this event falls under. */
export function filterValueOf(event: AmiliEvent): string {
	const name = event.event?.toUpperCase();
	return name !== undefined && (AMILI_EVENTS as readonly string[]).includes(name)
		? name
		: OTHER_EVENTS;
}

/**
 * What identifies a delivery for de-duplication: the IdempotencyKey header, else the payload `id`;
 * undefined when there is neither (such an event is never taken for a duplicate).
 */
export function deduplicationKey(event: AmiliEvent): string | undefined {
	if (event.idempotencyKey) return `key:${event.idempotencyKey}`;
	if (event.id) return `id:${event.id}`;
	return undefined;
}
