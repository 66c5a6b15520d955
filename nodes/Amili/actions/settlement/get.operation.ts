import { getRecordOperation } from '../getRecordOperation';
import { SETTLEMENT } from '../pickedRecords';

/** Settlement → Get: `GET /orgs/{organizationId}/settlements/{settlementId}` (documented, docs/amili-api.md, "Get a settlement"). */

export const { description, executeItem } = getRecordOperation(SETTLEMENT);
