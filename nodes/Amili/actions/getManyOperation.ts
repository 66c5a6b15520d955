import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { filtersCollection, returnAllFields } from '../descriptions/sharedFields';
import type { QueryMap } from '../helpers/query';
import type { ListRequest } from '../transport/paging';
import { listOfOrganization } from './shared';

/** What a resource's Get Many says of its own; Return All, Limit, paging and the Filters are shared. */
export interface GetManySpec {
	/** The resource's value in the Amili node, e.g. 'case'. */
	resource: string;
	/** The organization's list, e.g. '/cases' for `GET /orgs/{organizationId}/cases`. */
	path: string;
	/** Each filter's query parameter (helpers/query.ts). */
	query: QueryMap;
	/** The Filters collection's fields, in the order n8n shows them (alphabetical). */
	filters: INodeProperties[];
	pagingCase?: ListRequest['pagingCase'];
}

/** A Get Many operation for the router (per item), from what differs (actions/shared.ts lists). */
export function getManyOperation({ resource, path, query, filters, pagingCase }: GetManySpec) {
	return {
		description: updateDisplayOptions({ show: { resource: [resource], operation: ['getMany'] } }, [
			...returnAllFields,
			filtersCollection(filters),
		]),
		async executeItem(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
			return await listOfOrganization(this, itemIndex, path, query, { pagingCase });
		},
	};
}
