// Drives HighLevel's official Node SDK through the services beside the objects API
// (contacts, location custom fields, opportunities, users, businesses, OAuth) against
// crm-mock and prints what it saw as JSON: tests/sdk/test_highlevel_node_sdk.py reads it
// and the mock's journal.
// Usage: node neighbours.js <base URL of the mock> <private integration token>
const { HighLevel } = require('@gohighlevel/api-client');

const LOCATION = 've9EPM428h8vShlRW1KT';
const COMPANY = 'cmpClinicAgency8vShl';
const PIPELINE = 'P01clinicPipe8vShlRW';
const SIGNED = '3e9c6f4b-5d7a-4b12-8e4d-8fa02b5c7d94';
const TOMAS = 'C04leadTomas8vShlRW1';
const ANA = 'U01clinicVet8vShlRW1';
const BEN = 'U02clinicNur8vShlRW1';
// The marketplace app of fixtures/highlevel/oauth_apps.yaml.
const APP = {
  clientId: '6578278e879ad2646715ba9c-crmmock',
  clientSecret: '9f3c2a71-4b8e-4d20-a6c5-0e1f2d3c4b5a',
  appId: '6578278e879ad2646715ba9c',
  companyId: 'cmpClinicAgency8vShl',
};

// The error an SDK call raised, as status and body; 'no error' if it succeeded.
async function refusal(call) {
  try {
    await call();
    return 'no error';
  } catch (error) {
    return { status: error.statusCode, body: error.response };
  }
}

async function contacts(ghl, suffix) {
  const seen = {};
  const email = `node-${suffix}@example.com`;
  const field = (await ghl.locations.createCustomField({ locationId: LOCATION }, { name: 'Litter size', dataType: 'NUMERICAL' })).customField;
  await ghl.locations.updateCustomField({ locationId: LOCATION, id: field.id }, { name: 'Litter size', placeholder: '0' });
  seen.fieldKey = (await ghl.locations.getCustomField({ locationId: LOCATION, id: field.id })).customField.fieldKey;
  const fields = await ghl.locations.getCustomFields({ locationId: LOCATION, model: 'contact' });
  seen.fieldListed = fields.customFields.some((item) => item.id === field.id);

  const created = (await ghl.contacts.createContact({
    locationId: LOCATION, firstName: 'Node', email, customFields: [{ id: field.id, field_value: 3 }],
  })).contact;
  seen.customValue = (await ghl.contacts.getContact({ contactId: created.id })).contact.customFields[0].value;
  await ghl.contacts.updateContact({ contactId: created.id }, { lastName: 'Client' });
  const upserted = await ghl.contacts.upsertContact({ locationId: LOCATION, email, city: 'Bergen' });
  seen.upsert = [upserted.new, upserted.contact.id === created.id, upserted.contact.lastName];
  seen.tags = (await ghl.contacts.addTags({ contactId: created.id }, { tags: ['node', 'vip'] })).tags;
  seen.tagsLeft = (await ghl.contacts.removeTags({ contactId: created.id }, { tags: ['vip'] })).tags;
  const found = await ghl.contacts.searchContactsAdvanced({
    locationId: LOCATION, pageLimit: 5, filters: [{ field: 'email', operator: 'eq', value: email }],
  });
  seen.searched = found.contacts.map((item) => item.id).join() === created.id;
  const listed = await ghl.contacts.getContacts({ locationId: LOCATION, query: email, limit: 20 });
  seen.listed = listed.contacts.map((item) => item.id).join() === created.id;
  seen.contactDeleted = await ghl.contacts.deleteContact({ contactId: created.id });
  seen.fieldDeleted = await ghl.locations.deleteCustomField({ locationId: LOCATION, id: field.id });
  seen.duplicate = await refusal(() => ghl.contacts.createContact({ locationId: LOCATION, email: 'jane.cooper@example.com' }));
  return seen;
}

async function opportunities(ghl) {
  const seen = {};
  const api = ghl.opportunities;
  const pipelines = await api.getPipelines({ locationId: LOCATION });
  seen.pipelines = pipelines.pipelines.map((item) => [item.id, item.stages.length]);
  const created = (await api.createOpportunity({
    pipelineId: PIPELINE, locationId: LOCATION, name: 'Kitten plan', status: 'open', contactId: TOMAS,
  })).opportunity;
  seen.got = (await api.getOpportunity({ id: created.id })).opportunity.name;
  const updated = (await api.updateOpportunity({ id: created.id }, { pipelineStageId: SIGNED, monetaryValue: 420 })).opportunity;
  seen.updated = [updated.pipelineStageId, updated.monetaryValue];
  seen.status = await api.updateOpportunityStatus({ id: created.id }, { status: 'won' });
  const upserted = await api.upsertOpportunity({
    id: created.id, pipelineId: PIPELINE, locationId: LOCATION, name: 'Kitten plan II',
    followers: [BEN], isRemoveAllFollowers: false, followersActionType: 'add',
  });
  seen.upserted = [upserted.new, upserted.opportunity.name, upserted.opportunity.status];
  const added = await api.addFollowersOpportunity({ id: created.id }, { followers: [ANA, BEN] });
  seen.followersAdded = added.followersAdded;
  const removed = await api.removeFollowersOpportunity({ id: created.id }, { followers: [ANA] });
  seen.followersLeft = removed.followers;
  // The Node SDK maps locationId to the documented location_id (the Python SDK does not).
  const byContact = await api.searchOpportunity({ locationId: LOCATION, contactId: TOMAS, limit: 10 });
  seen.byContact = byContact.opportunities.map((item) => item.id).join() === created.id;
  const advanced = await api.searchOpportunitiesAdvanced({ locationId: LOCATION, query: '', limit: 2, page: 1, searchAfter: [] });
  seen.advanced = [advanced.total, advanced.opportunities.length];
  const reasons = await api.getLostReason({ locationId: LOCATION, getCount: true });
  seen.lostReasons = reasons.lostReasons.length === reasons.total && reasons.total > 0;
  seen.opportunityDeleted = await api.deleteOpportunity({ id: created.id });
  seen.missingOpportunity = await refusal(() => api.getOpportunity({ id: created.id }));
  return seen;
}

async function users(ghl, suffix) {
  const seen = {};
  const api = ghl.users;
  seen.ana = (await api.getUser({ userId: ANA })).name;
  seen.atLocation = (await api.getUserByLocation({ locationId: LOCATION })).users.map((user) => user.id).sort();
  const found = await api.searchUsers({ companyId: COMPANY, query: 'lee', skip: '0', limit: '10' });
  seen.search = [found.users.map((user) => user.name), found.count];
  const created = await api.createUser({
    companyId: COMPANY, firstName: 'Eli', lastName: 'Moss', email: `eli.${suffix}@clinic.example.com`,
    password: 's3cret-Passw0rd', type: 'account', role: 'user', locationIds: [LOCATION],
  });
  seen.created = created.name;
  // Unlike the Python SDK's, the Node SDK's update and delete take the userId.
  seen.updated = (await api.updateUser({ userId: created.id }, { lastName: 'Stone' })).name;
  seen.userDeleted = (await api.deleteUser({ userId: created.id })).succeded;
  seen.byEmail = await refusal(() => api.filterUsersByEmail({ companyId: COMPANY, emails: 'ana.smith@clinic.example.com' }));
  return seen;
}

async function businesses(ghl) {
  const seen = {};
  const api = ghl.businesses;
  const created = await api.createBusiness({ name: 'Node Kennels', locationId: LOCATION });
  const id = created.buiseness.id;
  seen.got = (await api.getBusiness({ businessId: id })).business.name;
  seen.updated = (await api.updateBusiness({ businessId: id }, { city: 'Salem' })).buiseness.city;
  const page = await api.getBusinessesByLocation({ locationId: LOCATION, limit: '50', skip: '0' });
  seen.listed = page.businesses.some((item) => item.id === id);
  seen.businessDeleted = await api.deleteBusiness({ businessId: id });
  return seen;
}

// The Node SDK speaks the 2021-07-28 OAuth document: snake_case form bodies,
// /oauth/locationToken and /oauth/installedLocations.
async function oauth() {
  const seen = {};
  const app = { clientId: APP.clientId, clientSecret: APP.clientSecret, logLevel: 'none' };
  const api = new HighLevel(app).oauth;
  const grant = (code) => api.getAccessToken({
    client_id: APP.clientId, client_secret: APP.clientSecret, grant_type: 'authorization_code', code,
  });
  const granted = await grant(`${LOCATION}.node`);
  seen.granted = [granted.userType, granted.locationId, granted.token_type, granted.expires_in];
  const refreshed = await api.refreshToken(granted.refresh_token, APP.clientId, APP.clientSecret, 'refresh_token', 'Location');
  seen.rotated = refreshed.refresh_token !== granted.refresh_token;
  seen.reused = await refusal(() => api.refreshToken(granted.refresh_token, APP.clientId, APP.clientSecret, 'refresh_token', 'Location'));
  const located = new HighLevel({ ...app, locationAccessToken: refreshed.access_token });
  seen.withToken = (await located.contacts.getContact({ contactId: TOMAS })).contact.id;

  const agencyGrant = await grant(`${APP.companyId}.node`);
  seen.agency = agencyGrant.userType;
  const agency = new HighLevel({ ...app, agencyAccessToken: agencyGrant.access_token }).oauth;
  const locationToken = await agency.getLocationAccessToken({ companyId: APP.companyId, locationId: LOCATION });
  seen.locationToken = [locationToken.locationId, 'access_token' in locationToken, 'refresh_token' in locationToken];
  const installed = await agency.getInstalledLocation({ companyId: APP.companyId, appId: APP.appId, skip: '0', limit: '10' });
  seen.installed = [installed.locations.map((item) => item._id), installed.count];
  return seen;
}

async function main() {
  const [base, token] = process.argv.slice(2);
  HighLevel.BASE_URL = `${base}/highlevel`;
  const ghl = new HighLevel({ privateIntegrationToken: token, logLevel: 'none' });
  const suffix = Math.random().toString(16).slice(2, 10);
  const seen = {
    contacts: await contacts(ghl, suffix),
    opportunities: await opportunities(ghl),
    users: await users(ghl, suffix),
    businesses: await businesses(ghl),
    oauth: await oauth(),
  };
  process.stdout.write(JSON.stringify(seen));
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n${JSON.stringify(error.response || {})}\n`);
  process.exit(1);
});
