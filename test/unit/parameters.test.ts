import { plainFieldReference } from '../../nodes/Amili/create/parameterReader';

describe('plainFieldReference: which expressions are read straight from the input item', () => {
	it.each([
		['={{ $json.amount }}', 'amount'],
		['={{$json.amount}}', 'amount'],
		['={{ $json._id2 }}', '_id2'],
		['={{ $json["field name"] }}', 'field name'],
		["={{ $json['Beløp'] }}", 'Beløp'],
	])('%s copies the field %s', (expression, field) => {
		expect(plainFieldReference(expression)).toBe(field);
	});

	it.each([
		'={{ $json.a.b }}',
		'={{ $json.amount * 100 }}',
		'={{ $json.amount }} NOK',
		'=NOK {{ $json.amount }}',
		'={{ $json["a"].b }}',
		'={{ $json["a\'] }}',
		'={{ $("Other").item.json.amount }}',
		'={{ $json }}',
		'amount',
		'=amount',
		42,
		undefined,
	])('%p goes through n8n', (expression) => {
		expect(plainFieldReference(expression)).toBeUndefined();
	});
});
