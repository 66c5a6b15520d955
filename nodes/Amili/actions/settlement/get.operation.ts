import { getRecordOperation } from '../getRecordOperation';

/** Settlement → Get: `GET /orgs/{organizationId}/settlements/{settlementId}` (documented, docs/amili-api.md, "Get a settlement"). */

export const { description, executeItem } = getRecordOperation({
	resource: 'settlement',
	subject: 'Settlement',
	parameter: 'settlementId',
	searchListMethod: 'searchSettlements',
	plural: 'settlements',
});
