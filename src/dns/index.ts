export { zoneProblems } from './check';
export { createDnsDb, type DnsDb } from './db';
export { answerLines, describeAnswer, formatRecord } from './describe';
export { type DnsFault, type DnsFaultSpec, type DnsFaults, faultAt } from './faults';
export {
  type MailRoute,
  type MailRouteOptions,
  type RouteDsn,
  type RouteHost,
  resolveMailRoute,
} from './mail-route';
export { orderByPreference, type Random } from './mx-order';
export { fqdn, normalizeName, sameName } from './names';
export { type DnsStep, MAX_CNAME_CHAIN, type QueryResult, query, type ServfailCause } from './resolve';
export {
  type AaaaRecord,
  type ARecord,
  type CnameRecord,
  type DnsRecord,
  type MxRecord,
  type NameSpec,
  type RecordOfType,
  type RecordType,
  recordsFromSpec,
  type TxtRecord,
  type ZoneSpec,
} from './zone';
