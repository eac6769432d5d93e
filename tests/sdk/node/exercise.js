// Drives HighLevel's official Node SDK against crm-mock and prints what it saw as JSON.
// Usage: node exercise.js <base URL of the mock, e.g. http://127.0.0.1:8080>
const { HighLevel } = require('@gohighlevel/api-client');

const LOCATION = 've9EPM428h8vShlRW1KT';
const PET = 'custom_objects.pet';
const BUDDY = '679b8f9bde6a0c356a0311b3';

async function main() {
  HighLevel.BASE_URL = `${process.argv[2]}/highlevel`;
  const ghl = new HighLevel({ privateIntegrationToken: `pit-node-${Date.now()}-${process.pid}`, logLevel: 'error' });
  const suffix = Math.random().toString(16).slice(2, 8);
  const seen = {};

  const listed = await ghl.objects.getObjectByLocationId({ locationId: LOCATION });
  seen.objectKeys = listed.objects.map((o) => o.key);
  const created = await ghl.objects.createCustomObjectSchema({
    labels: { singular: 'Kite', plural: 'Kites' },
    key: `kite_${suffix}`,
    locationId: LOCATION,
    primaryDisplayPropertyDetails: { key: 'name', name: 'Name', dataType: 'TEXT' },
  });
  const kite = created.object.key;
  seen.kite = kite;
  const fetched = await ghl.objects.getObjectSchemaByKey({ key: kite, locationId: LOCATION, fetchProperties: 'true' });
  seen.kiteFields = fetched.fields.map((f) => f.fieldKey);
  await ghl.objects.updateCustomObject({ key: kite }, { locationId: LOCATION, searchableProperties: [`${kite}.name`] });

  const record = (await ghl.objects.createObjectRecord({ schemaKey: kite }, { locationId: LOCATION, properties: { name: 'Skylark' } })).record;
  seen.gotName = (await ghl.objects.getRecordById({ schemaKey: kite, id: record.id })).record.properties.name;
  await ghl.objects.updateObjectRecord({ schemaKey: kite, id: record.id, locationId: LOCATION }, { properties: { name: 'Skylark II' } });
  const found = await ghl.objects.searchObjectRecords({ schemaKey: kite }, { locationId: LOCATION, page: 1, pageLimit: 10, query: 'name:sky' });
  seen.search = [found.total, found.records[0].properties.name];

  const association = await ghl.associations.createAssociation({
    locationId: LOCATION, key: `kite_pet_${suffix}`, firstObjectLabel: 'Kite', firstObjectKey: kite,
    secondObjectLabel: 'Pet', secondObjectKey: PET,
  });
  const page = await ghl.associations.findAssociations({ locationId: LOCATION, skip: 0, limit: 50 });
  seen.associationListed = page.associations.some((a) => a.id === association.id);
  await ghl.associations.getAssociationByID({ associationId: association.id });
  await ghl.associations.getAssociationKeyByKeyName({ keyName: association.key, locationId: LOCATION });
  await ghl.associations.getAssociationByObjectKeys({ objectKey: kite, locationId: LOCATION });
  await ghl.associations.updateAssociation({ associationId: association.id }, { firstObjectLabel: 'Glider', secondObjectLabel: 'Pet' });
  const relation = await ghl.associations.createRelation({
    locationId: LOCATION, associationId: association.id, firstRecordId: record.id, secondRecordId: BUDDY,
  });
  const relations = await ghl.associations.getRelationsByRecordId({ recordId: record.id, locationId: LOCATION, skip: 0, limit: 10 });
  seen.relations = relations.relations.map((r) => r.id).join() === relation.id;
  await ghl.associations.deleteRelation({ relationId: relation.id, locationId: LOCATION });

  const folder = await ghl.customFields.createCustomFieldFolder({ objectKey: kite, name: 'Specs', locationId: LOCATION });
  await ghl.customFields.updateCustomFieldFolder({ id: folder.id }, { name: 'Specifications', locationId: LOCATION });
  const field = (await ghl.customFields.createCustomField({
    locationId: LOCATION, showInForms: true, dataType: 'NUMERICAL', fieldKey: 'span_m', objectKey: kite,
    parentId: folder.id, name: 'Span (m)',
  })).field;
  await ghl.customFields.getCustomFieldById({ id: field.id });
  await ghl.customFields.updateCustomField({ id: field.id }, { locationId: LOCATION, showInForms: false, name: 'Span' });
  const listing = await ghl.customFields.getCustomFieldsByObjectKey({ objectKey: kite, locationId: LOCATION });
  seen.fieldKeys = listing.fields.map((f) => f.fieldKey).sort();
  await ghl.customFields.deleteCustomField({ id: field.id });
  await ghl.customFields.deleteCustomFieldFolder({ id: folder.id, locationId: LOCATION });
  await ghl.associations.deleteAssociation({ associationId: association.id });
  seen.deleted = await ghl.objects.deleteObjectRecord({ schemaKey: kite, id: record.id });

  try {
    await ghl.objects.getRecordById({ schemaKey: PET, id: '000000000000000000000000' });
    seen.missing = 'no error';
  } catch (error) {
    seen.missing = { status: error.statusCode, body: error.response };
  }
  process.stdout.write(JSON.stringify(seen));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n${JSON.stringify(error.response || {})}\n`);
  process.exit(1);
});
