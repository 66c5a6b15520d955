/** A local model of Amili's documented Collection API contract, for tests, `npm run dev` and benchmarks. */
export { AmiliSimulator, startSimulator } from './server';
export type { SimulatorOptions } from './options';
export type { SimulatorState } from './records';
export type { Fault } from './faults';
export type { RouteName } from './routes';
export type { AmiliPayment, ValidationError } from './payments';
export type { AmiliCorrection } from './corrections';
export type { Invoice, InvoiceInput, SeedInvoice } from './invoices';
export type { Case, CollectionStatus } from './cases';
export type { Settlement } from './settlements';
export type {
	BatchStatus,
	BatchType,
	BatchView,
	CorrectionRef,
	FailedEntryShape,
	FailedItem,
	FailedPaymentItem,
	InvoiceRef,
	PaymentRef,
	SucceededItem,
} from './batches';
export type {
	CorrectionBatchRecord,
	InvoiceActionRecord,
	InvoiceBatchRecord,
	PaymentBatchRecord,
	RequestRecord,
} from './recorder';
export type { TokenRequestRecord } from './token-endpoint';
export type { BearerCheck, TokenResponse } from './tokens';
export type {
	WebhookData,
	WebhookDeliveryRecord,
	WebhookEvent,
	WebhookOptions,
	WebhookResult,
} from './webhooks';
export {
	WEBHOOK_EVENTS,
	batchCompletedData,
	caseData,
	caseUpdatedData,
	settlementCreatedData,
	webhookPayload,
} from './webhooks';
export { FAILED_ENTRY_SHAPES } from './batches';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './listing';
