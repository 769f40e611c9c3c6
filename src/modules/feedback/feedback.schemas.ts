import { Type, type Static } from 'typebox';
import { ANSWER_STATUSES, CHANNELS, CLOSE_REASONS, KINDS, OFFICER_CHANNELS, OPEN311_DATATYPES, STATUSES, TOPICS } from './feedback.rules.js';

/** A string enum whose static type is the union of its values. */
const Literals = <T extends string>(xs: readonly T[]) => Type.Unsafe<T>(Type.String({ enum: [...xs] }));
const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });

export const AgencyRef = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });

export const AttributeValueDef = Type.Object(
  { key: Type.String({ minLength: 1, maxLength: 100 }), name: Type.String({ minLength: 1, maxLength: 300 }) },
  { additionalProperties: false },
);
export const AttributeDefT = Type.Object(
  {
    variable: Type.Boolean(),
    code: Type.String({ pattern: '^[A-Za-z0-9_-]{1,50}$' }),
    datatype: Literals(OPEN311_DATATYPES),
    required: Type.Boolean(),
    datatype_description: Nullable(Type.String({ maxLength: 500 })),
    order: Nullable(Type.Integer({ minimum: 1, maximum: 1000 })),
    description: Nullable(Type.String({ maxLength: 1000 })),
    values: Type.Optional(Type.Array(AttributeValueDef, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const Category = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  agency: AgencyRef,
  topic: Nullable(Literals(TOPICS)),
  keywords: Nullable(Type.String()),
  group: Nullable(Type.String()),
  attributes: Type.Array(AttributeDefT),
  active: Type.Boolean(),
});
export type Category = Static<typeof Category>;

export const CategoryCreate = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Za-z0-9_-]{2,40}$' }),
    name: Text(300, 3),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    agencyId: Type.String({ format: 'uuid' }),
    topic: Type.Optional(Nullable(Type.String({ enum: [...TOPICS] }))),
    keywords: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    group: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    attributes: Type.Optional(Type.Array(AttributeDefT, { maxItems: 30 })),
  },
  { additionalProperties: false },
);
export type CategoryCreate = Static<typeof CategoryCreate>;

export const CategoryUpdate = Type.Object(
  {
    name: Type.Optional(Text(300, 3)),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    keywords: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    group: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    attributes: Type.Optional(Type.Array(AttributeDefT, { maxItems: 30 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CategoryUpdate = Static<typeof CategoryUpdate>;

const Location = {
  locationAddress: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  long: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
};

/** A feedback sent from the public portal (anyone; a logged-in citizen is linked to it). */
export const PublicSubmit = Type.Object(
  {
    kind: Type.Optional(Type.String({ enum: [...KINDS] })),
    categoryId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    content: Text(4000, 10),
    attributes: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 2000 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })])),
    ),
    name: Text(200, 2),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    ...Location,
  },
  { additionalProperties: false },
);
export type PublicSubmit = Static<typeof PublicSubmit>;

/** A feedback entered by an officer from the counter, a letter, an e-mail or the hotline. */
export const OfficerIntake = Type.Object(
  {
    channel: Type.String({ enum: [...OFFICER_CHANNELS] }),
    receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
    kind: Type.Optional(Type.String({ enum: [...KINDS] })),
    categoryId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
    title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    content: Text(4000, 10),
    attributes: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 2000 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })])),
    ),
    name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
    email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    ...Location,
  },
  { additionalProperties: false },
);
export type OfficerIntake = Static<typeof OfficerIntake>;

const Version = { version: Type.Integer({ minimum: 1 }) };

export const ClassifyBody = Type.Object(
  {
    decision: Type.String({ enum: ['forward', 'not_accepted', 'complaint_redirected'] }),
    topic: Type.Optional(Type.String({ enum: [...TOPICS] })),
    kind: Type.Optional(Type.String({ enum: [...KINDS] })),
    agencyId: Type.Optional(Type.String({ format: 'uuid' })),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    ...Version,
  },
  { additionalProperties: false },
);
export type ClassifyBody = Static<typeof ClassifyBody>;

export const RerouteBody = Type.Object({ agencyId: Type.String({ format: 'uuid' }), note: Text(2000, 5), ...Version }, { additionalProperties: false });
export type RerouteBody = Static<typeof RerouteBody>;

export const ExtendBody = Type.Object({ reason: Text(2000, 10), ...Version }, { additionalProperties: false });
export type ExtendBody = Static<typeof ExtendBody>;

export const AnswerBody = Type.Object(
  {
    answerStatus: Type.String({ enum: [...ANSWER_STATUSES] }),
    text: Text(20000, 10),
    documentNo: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
    ...Version,
  },
  { additionalProperties: false },
);
export type AnswerBody = Static<typeof AnswerBody>;

export const PublishBody = Type.Object({ publicSummary: Text(4000, 10), publicAnswer: Text(20000, 10), ...Version }, { additionalProperties: false });
export type PublishBody = Static<typeof PublishBody>;

export const DuplicateBody = Type.Object({ originalId: Type.String({ format: 'uuid' }), ...Version }, { additionalProperties: false });
export type DuplicateBody = Static<typeof DuplicateBody>;

/** What the sender proves to follow a feedback without an account: its code and their phone or e-mail. */
export const TrackQuery = Type.Object({ code: Type.String({ pattern: '^PAKN-\\d{4}-\\d{6}$' }), contact: Type.String({ minLength: 5, maxLength: 254 }) });
export const FollowUpBody = Type.Object(
  { code: Type.String({ pattern: '^PAKN-\\d{4}-\\d{6}$' }), contact: Type.String({ minLength: 5, maxLength: 254 }), content: Text(4000, 10) },
  { additionalProperties: false },
);
export type FollowUpBody = Static<typeof FollowUpBody>;

export const Attachment = Type.Object({
  id: Type.String(),
  purpose: Type.String({ enum: ['submission', 'answer'] }),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  createdAt: Type.String(),
});
export type Attachment = Static<typeof Attachment>;

export const Action = Type.Object({
  id: Type.String(),
  at: Type.String(),
  action: Type.String(),
  actorUsername: Nullable(Type.String()),
  /** The officer's full name and the agency acting (null for the sender and for the system's own steps). */
  actorName: Nullable(Type.String()),
  agencyName: Nullable(Type.String()),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  note: Nullable(Type.String()),
  payload: Type.Record(Type.String(), Type.Unknown()),
});
export type ActionT = Static<typeof Action>;

const Deadline = Type.Object({ stage: Type.String({ enum: ['classify', 'handle', 'publish'] }), dueAt: Type.String(), overdue: Type.Boolean() });

/** The full record, as staff (and the sender, for their own) see it. */
export const Feedback = Type.Object({
  id: Type.String(),
  code: Type.String(),
  channel: Type.String({ enum: [...CHANNELS] }),
  kind: Type.String({ enum: [...KINDS] }),
  topic: Nullable(Type.String({ enum: [...TOPICS] })),
  category: Nullable(Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() })),
  title: Type.String(),
  content: Type.String(),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  submitter: Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()), email: Nullable(Type.String()), address: Nullable(Type.String()) }),
  locationAddress: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  mediaUrl: Nullable(Type.String()),
  receivingAgency: AgencyRef,
  agency: Nullable(AgencyRef),
  status: Type.String({ enum: [...STATUSES] }),
  closeReason: Nullable(Type.String({ enum: [...CLOSE_REASONS] })),
  closeNote: Nullable(Type.String()),
  duplicateOf: Nullable(Type.Object({ id: Type.String(), code: Type.String() })),
  suspectedDuplicateOf: Nullable(Type.Object({ id: Type.String(), code: Type.String() })),
  receivedAt: Type.String(),
  classifyDueAt: Type.String(),
  forwardedAt: Nullable(Type.String()),
  handleDueAt: Nullable(Type.String()),
  extendedAt: Nullable(Type.String()),
  extensionReason: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  publishDueAt: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  answerStatus: Nullable(Type.String({ enum: [...ANSWER_STATUSES] })),
  answerText: Nullable(Type.String()),
  answerDocumentNo: Nullable(Type.String()),
  publicSummary: Nullable(Type.String()),
  publicAnswer: Nullable(Type.String()),
  followUpText: Nullable(Type.String()),
  followUpAt: Nullable(Type.String()),
  escalatedStages: Type.Array(Type.String()),
  deadline: Nullable(Deadline),
  version: Type.Integer(),
});
export type Feedback = Static<typeof Feedback>;

export const FeedbackDetail = Type.Intersect([
  Feedback,
  Type.Object({
    actions: Type.Array(Action),
    attachments: Type.Array(Attachment),
    /** A first draft of the public texts with the sender's personal data masked (staff only). */
    publicDraft: Nullable(Type.Object({ publicSummary: Type.String(), publicAnswer: Type.String() })),
  }),
]);
export type FeedbackDetail = Static<typeof FeedbackDetail>;

/** What the sender sees when following their feedback (no internal notes, no staff names). */
export const TrackView = Type.Object({
  code: Type.String(),
  title: Type.String(),
  content: Type.String(),
  status: Type.String({ enum: [...STATUSES] }),
  statusText: Type.String(),
  receivedAt: Type.String(),
  agency: Nullable(AgencyRef),
  deadline: Nullable(Deadline),
  extendedAt: Nullable(Type.String()),
  extensionReason: Nullable(Type.String()),
  answerStatus: Nullable(Type.String({ enum: [...ANSWER_STATUSES] })),
  answerText: Nullable(Type.String()),
  answerDocumentNo: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  closeReason: Nullable(Type.String({ enum: [...CLOSE_REASONS] })),
  closeNote: Nullable(Type.String()),
  followUpText: Nullable(Type.String()),
  followUpAt: Nullable(Type.String()),
  canFollowUp: Type.Boolean(),
  attachments: Type.Array(Attachment),
  history: Type.Array(Type.Object({ at: Type.String(), action: Type.String(), toStatus: Nullable(Type.String()) })),
});
export type TrackView = Static<typeof TrackView>;

/** A published answer on the public page: no personal data at all. */
export const PublicItem = Type.Object({
  code: Type.String(),
  title: Type.String(),
  kind: Type.String({ enum: [...KINDS] }),
  topic: Nullable(Type.String({ enum: [...TOPICS] })),
  category: Nullable(Type.String()),
  agency: Nullable(AgencyRef),
  receivedDate: Type.String(),
  answeredDate: Nullable(Type.String()),
  publishedDate: Type.String(),
  answerStatus: Nullable(Type.String({ enum: [...ANSWER_STATUSES] })),
  publicSummary: Type.String(),
  publicAnswer: Type.String(),
  answerDocumentNo: Nullable(Type.String()),
});
export type PublicItem = Static<typeof PublicItem>;

export const Created = Type.Object({
  id: Type.String(),
  code: Type.String(),
  status: Type.String({ enum: [...STATUSES] }),
  receivedAt: Type.String(),
  classifyDueAt: Type.String(),
  suspectedDuplicateOf: Nullable(Type.String()),
});
export type Created = Static<typeof Created>;

export const StatsRow = Type.Object({
  agency: Nullable(AgencyRef),
  total: Type.Integer(),
  byStatus: Type.Record(Type.String(), Type.Integer()),
  byTopic: Type.Record(Type.String(), Type.Integer()),
  onTime: Type.Integer(),
  late: Type.Integer(),
  inTime: Type.Integer(),
  overdue: Type.Integer(),
  onTimeRate: Nullable(Type.Number()),
  followUps: Type.Integer(),
});
export type StatsRow = Static<typeof StatsRow>;

export const Stats = Type.Object({
  from: Type.String(),
  to: Type.String(),
  total: StatsRow,
  byAgency: Type.Array(StatsRow),
  byChannel: Type.Record(Type.String(), Type.Integer()),
});
export type Stats = Static<typeof Stats>;

// ---- success responses documented for issue 23 ---------------------------------------------------

export const Open311KeyList = Type.Object({
  items: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), active: Type.Boolean(), createdAt: Type.String(), lastUsedAt: Nullable(Type.String()) }),
  ),
  total: Type.Integer(),
});

export const FeedbackNotifications = Type.Object({
  items: Type.Array(
    Type.Object(
      { event: Type.String(), channel: Type.String(), recipient: Type.String(), subject: Type.String(), body: Type.String(), createdAt: Type.String() },
      { additionalProperties: true },
    ),
  ),
  total: Type.Integer(),
});

// Open311 GeoReport v2 bodies (http://wiki.open311.org/GeoReport_v2): JSON as below, XML the same fields.
export const Open311Discovery = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(
    Type.Object({ specification: Type.String(), url: Type.String(), changeset: Type.String(), type: Type.String(), formats: Type.Array(Type.String()) }),
  ),
});

export const Open311Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Nullable(Type.String()),
  metadata: Type.Boolean(),
  type: Literals(['realtime', 'batch', 'blackbox']),
  keywords: Nullable(Type.String()),
  group: Nullable(Type.String()),
});

export const Open311ServiceDefinition = Type.Object({ service_code: Type.String(), attributes: Type.Array(AttributeDefT) });

export const Open311Request = Type.Object({
  service_request_id: Type.String(),
  status: Literals(['open', 'closed']),
  status_notes: Nullable(Type.String()),
  service_name: Nullable(Type.String()),
  service_code: Type.String(),
  description: Nullable(Type.String()),
  agency_responsible: Nullable(Type.String()),
  service_notice: Nullable(Type.String()),
  requested_datetime: Type.String(),
  updated_datetime: Nullable(Type.String()),
  expected_datetime: Nullable(Type.String()),
  address: Nullable(Type.String()),
  address_id: Nullable(Type.String()),
  zipcode: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  media_url: Nullable(Type.String()),
});

export const Open311Token = Type.Object({ service_request_id: Type.String(), token: Type.String() });
export const Open311Created = Type.Object({ service_request_id: Type.String(), token: Type.String(), service_notice: Nullable(Type.String()) });
