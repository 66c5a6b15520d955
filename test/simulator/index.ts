/** A local model of Amili's documented Collection API contract, for tests, `npm run dev` and benchmarks. */
export { AmiliSimulator, startSimulator } from './server';
export type { SimulatorOptions, SimulatorState } from './server';
export type { Fault, RouteName } from './faults';
export type { AmiliPayment, ValidationError } from './payments';
export type { BatchStatus, BatchView, PaymentRef } from './batches';
export type { PaymentBatchRecord, RequestRecord } from './recorder';
export type { TokenRequestRecord } from './token-endpoint';
export type { BearerCheck, TokenResponse } from './tokens';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './listing';
