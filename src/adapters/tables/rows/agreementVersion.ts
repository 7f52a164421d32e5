/** An agreement version row (`m|{id}|v|{n}`), immutable. Versions 0 and 1 hold the same shape. */
import type { z } from "zod";
import type { AgreementVersion } from "../../../domain/agreement";
import { agreementVersionSchema } from "./domainSchemas";
import { versionKey } from "./keys";
import { type SameKeys, SCHEMA_VERSION_COLUMN, jsonColumn, parseAs, unknownVersion, versionOf } from "./versioned";

export const AGREEMENT_VERSION_SCHEMA_VERSION = 1;

const _sameKeys: SameKeys<AgreementVersion, typeof agreementVersionSchema.shape> = true;
const _fits = (v: z.output<typeof agreementVersionSchema>): AgreementVersion => v;
void _sameKeys;
void _fits;

export function readAgreementVersion(entity: Readonly<Record<string, unknown>>): AgreementVersion {
  const version = versionOf(entity, "agreementVersion");
  if (version > AGREEMENT_VERSION_SCHEMA_VERSION) return unknownVersion("agreementVersion", version);
  return parseAs(agreementVersionSchema, jsonColumn(entity, "agreementVersion", version), "agreementVersion", version);
}

export function agreementVersionEntity(tenantId: string, mentorshipId: string, v: AgreementVersion) {
  return {
    partitionKey: tenantId,
    rowKey: versionKey(mentorshipId, v.number),
    kind: "agreementVersion",
    [SCHEMA_VERSION_COLUMN]: AGREEMENT_VERSION_SCHEMA_VERSION,
    json: JSON.stringify(v),
  };
}

export const AGREEMENT_VERSION_COLUMNS = ["json", SCHEMA_VERSION_COLUMN];
