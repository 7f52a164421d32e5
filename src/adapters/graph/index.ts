export { GraphCalendar, type GraphCalendarOptions, seriesEventBody, seriesTransactionId } from "./graphCalendar";
export { GraphChats, type GraphChatsOptions } from "./graphChats";
export {
  GRAPH_CLOUDS,
  GraphConnection,
  type GraphConnectionOptions,
  type GraphIdentityOptions,
  type RetryOptions,
  createGraphCredential,
} from "./graphConnection";
export { WINDOWS_TIME_ZONES, windowsZone } from "./timeZones";
