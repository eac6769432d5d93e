// What the console knows about each vendor: the credential a client sends (the
// README's examples) and, per snapshot collection, how to change or delete one of
// its records through the vendor's own API (method, path under the mount, body).

const enc = encodeURIComponent;

function pick(record, keys) {
  const out = {};
  for (const key of keys) if (record[key] !== undefined) out[key] = record[key];
  return out;
}

function omit(record, keys) {
  const out = { ...record };
  for (const key of keys) delete out[key];
  return out;
}

const READ_ONLY = (why) => ({ editable: false, deletable: false, note: why });
// Zendesk and SalesOS keep an object's records in a collection "records:<object key or id>".
const recordsOf = (name) => (name.startsWith("records:") ? name.slice("records:".length) : null);

const highlevel = {
  title: "HighLevel",
  auth: "Authorization: Bearer pit-any-token\nVersion: 2021-07-28",
  authNote: "Any token is a tenant of its own; Version is required.",
  collection(name) {
    if (name === "records") {
      return {
        editable: true,
        deletable: true,
        note: "PUT /objects/{objectKey}/records/{id}?locationId=… (only the properties sent change); DELETE answers 200.",
        template: (r) => ({ properties: r.properties || {} }),
        update: (r, body) => ({
          method: "PUT",
          path: `objects/${enc(r.objectKey)}/records/${enc(r.id)}`,
          query: { locationId: r.locationId },
          body,
        }),
        remove: (r) => ({ method: "DELETE", path: `objects/${enc(r.objectKey)}/records/${enc(r.id)}` }),
      };
    }
    return READ_ONLY(`The console edits custom object records ("records"); change ${name} through the API.`);
  },
};

const zendesk = {
  title: "Zendesk",
  auth: "Authorization: Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46YW55LWFwaS10b2tlbg==",
  authNote: "Basic base64(agent@example.com/token:any-api-token); each credential is an account (tenant).",
  collection(name) {
    const key = recordsOf(name);
    if (key) {
      const path = (r) => `api/v2/custom_objects/${enc(key)}/records/${enc(r.id)}`;
      return {
        editable: true,
        deletable: true,
        note: "PATCH …/records/{id} (only what is given changes); DELETE answers 204.",
        template: (r) => ({ custom_object_record: pick(r, ["name", "external_id", "custom_object_fields"]) }),
        update: (r, body) => ({ method: "PATCH", path: path(r), body }),
        remove: (r) => ({ method: "DELETE", path: path(r) }),
      };
    }
    return READ_ONLY(`The console edits custom object records ("records:<key>"); change ${name} through the API.`);
  },
};

const ESPO_SYSTEM = ["id", "deleted", "createdAt", "modifiedAt", "createdById", "modifiedById", "emailAddressData"];

const espocrm = {
  title: "EspoCRM",
  auth: "X-Api-Key: my-key",
  authNote: "Any API key (or user:password) is the admin of a tenant of its own.",
  collection(name) {
    if (name === "relations" || !/^[A-Z]/.test(name)) {
      return READ_ONLY("Links between records: change them with POST/DELETE /{Entity}/{id}/{link}.");
    }
    const path = (r) => `api/v1/${enc(name)}/${enc(r.id)}`;
    return {
      editable: true,
      deletable: true,
      note: `PUT /api/v1/${name}/{id} (partial; read-only attributes are dropped); DELETE answers true.`,
      template: (r) => omit(r, ESPO_SYSTEM),
      update: (r, body) => ({ method: "PUT", path: path(r), body }),
      remove: (r) => ({ method: "DELETE", path: path(r) }),
    };
  },
};

const OPENINT_INPUT = {
  accounts: { path: "account", keys: ["name", "industry", "website", "number_of_employees", "owner_id"] },
  contacts: { path: "contact", keys: ["first_name", "last_name", "email", "phone"] },
};

const openint = {
  title: "OpenInt",
  auth: "x-apikey: b3JnX2RlbW86c2VjcmV0",
  authNote: 'x-apikey is base64("org_demo:secret"): the organization is the tenant. The connection header is added per collection.',
  collection(name) {
    const crm = /^crm:([^:]+):(\w+)$/.exec(name);
    if (crm) {
      const [, connection, entity] = crm;
      const input = OPENINT_INPUT[entity];
      if (!input) {
        return READ_ONLY(`OpenInt's unified CRM API only lists and gets ${entity}: no update or delete.`);
      }
      return {
        editable: true,
        deletable: false,
        note: `PATCH /v0/unified/crm/${input.path}/{id} with x-connection-id; OpenInt's unified CRM API has no delete.`,
        template: (r) => ({ record: pick(r, input.keys) }),
        update: (r, body) => ({
          method: "PATCH",
          path: `v0/unified/crm/${input.path}/${enc(r.id)}`,
          headers: { "x-connection-id": connection },
          body,
        }),
      };
    }
    if (name === "connections" || name === "connector_configs" || name === "pipelines") {
      const base = { connections: "v0/core/connection", connector_configs: "v0/core/connector_config", pipelines: "v0/core/pipeline" }[name];
      return {
        editable: true,
        deletable: true,
        note: `PATCH and DELETE /${base}/{id}${name === "connector_configs" ? " (admin operations)" : ""}.`,
        template: (r) =>
          name === "pipelines" ? pick(r, ["streams", "disabled"]) : pick(r, ["displayName", "disabled", "metadata"]),
        update: (r, body) => ({ method: "PATCH", path: `${base}/${enc(r.id)}`, body }),
        remove: (r) => ({ method: "DELETE", path: `${base}/${enc(r.id)}` }),
      };
    }
    return READ_ONLY(`The console cannot change ${name}: OpenInt offers no update for it.`);
  },
};

const salesos = {
  title: "SalesOS",
  auth: "Authorization: Bearer eyJhbGciOiAiSFMyNTYifQ.eyJzdWIiOiAibWUifQ.x",
  authNote: "A JWT that is read, never verified: its sub (here \"me\") names the tenant.",
  collection(name) {
    const objectId = recordsOf(name);
    if (objectId) {
      const path = (r) => `v1/custom-objects/${enc(objectId)}/records/${enc(r.id)}`;
      return {
        editable: true,
        deletable: true,
        note: "PATCH …/records/{id} (only the values given change); DELETE.",
        template: (r) => ({ data: r.data || {} }),
        update: (r, body) => ({ method: "PATCH", path: path(r), body }),
        remove: (r) => ({ method: "DELETE", path: path(r) }),
      };
    }
    return READ_ONLY(`The console edits custom object records ("records:<objectId>"); change ${name} through the API.`);
  },
};

export const VENDORS = { highlevel, zendesk, espocrm, openint, salesos };

const GENERIC = {
  title: "",
  auth: "",
  authNote: "Headers the client sends; the credential decides the tenant.",
  collection: () => READ_ONLY("The console does not know how to change records of this vendor."),
};

export function vendorInfo(vendor) {
  return VENDORS[vendor] || { ...GENERIC, title: vendor };
}

/** A readable name for a collection ("records:cm5asset…" becomes "records: asset"; OpenInt's
 * "crm:conn_salesforce_…:accounts" becomes "salesforce …SF01: accounts"). */
export function collectionLabel(vendor, name, tenantState) {
  const id = vendor === "salesos" && recordsOf(name);
  if (id) {
    const object = (tenantState.objects || []).find((o) => o.id === id);
    if (object) return `records: ${object.apiName}`;
  }
  const crm = vendor === "openint" && /^crm:(conn_([a-z0-9-]+)_[^:]*):(\w+)$/.exec(name);
  if (crm) return `${crm[2]} …${crm[1].slice(-4)}: ${crm[3]}`;
  return name;
}

/** A short human name for a record, for the table. */
export function recordSummary(record) {
  if (!record || typeof record !== "object") return String(record);
  for (const key of ["name", "displayName", "title", "label", "key", "apiName", "fieldKey"]) {
    if (typeof record[key] === "string" && record[key]) return record[key];
  }
  if (record.first_name || record.last_name) return [record.first_name, record.last_name].filter(Boolean).join(" ");
  if (record.firstName || record.lastName) return [record.firstName, record.lastName].filter(Boolean).join(" ");
  for (const nested of [record.properties, record.data, record.custom_object_fields]) {
    if (nested && typeof nested === "object") {
      if (typeof nested.name === "string") return nested.name;
      const first = Object.values(nested).find((v) => typeof v === "string");
      if (first) return first;
    }
  }
  for (const key of ["email", "content", "emailAddress", "entity"]) {
    if (typeof record[key] === "string") return record[key];
  }
  return "";
}

/** When a record was last changed, if it says. */
export function recordUpdated(record) {
  return record.updatedAt || record.updated_at || record.modifiedAt || record.dateUpdated || "";
}
