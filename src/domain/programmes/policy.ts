/**
 * What a programme decides, as one value per programme: its calendar (time zone, holidays, phase
 * windows, meeting series, milestones) and the defaults it gives a new agreement. Code outside
 * src/domain/programmes asks a policy and never tests a programme's id.
 */
import type { AgreementTextField, AgreementTool, MentorRole } from "../agreement";
import type { CadenceBand, ProgrammeTimeZone, SeriesPlan, Slot } from "../cadence";
import type { IsoDate } from "../dates";
import type { Country } from "../holidays";
import type { Language } from "../language";
import type { Phase } from "../mentorship";
import type { IntroductionTemplate } from "../introduction";
import type { ProgrammeId, ProgrammeWording } from "./ids";

export type Localised = Readonly<Record<Language, string>>;

/** A milestone outside the pair's meetings: the leader's talks (probation talks, development talk). */
export interface Milestone {
  /** Built-ins: "probation14d" | "probation2m" | "probation4to5m" | "developmentTalk" (named in the word list); a coordinator's programme: its own key. */
  readonly key: string;
  readonly afterDays?: number;
  readonly afterMonths?: readonly [number, number];
  /** The talk's name in a coordinator's programme (built-in keys have theirs in the word list). */
  readonly label?: Localised;
}

/** A milestone placed in time: due from `from` to `to` (inclusive ISO dates; the same day for a fixed date). */
export interface DatedMilestone {
  readonly key: Milestone["key"];
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** [start, end) as ISO dates; `end` is where the next phase is expected to begin. */
export interface PhaseWindow {
  readonly start: string;
  readonly end: string;
}
export type ActivePhase = Exclude<Phase, "closed">;
export type PhaseTimeline = Readonly<Record<ActivePhase, PhaseWindow>>;

/** What a programme's cadence needs to lay out the meetings for a slot. */
export interface SeriesInput {
  readonly firstWorkingDay: IsoDate;
  /** The day the collaboration agreement was accepted (the first working day before that). */
  readonly agreedOn: IsoDate;
  /** The agreed number of meetings (a fixed cadence ignores it). */
  readonly meetingCount: number;
  readonly slot: Slot;
  /** The mentorship's zone (a programme with a zone of its own ignores it). */
  readonly timeZone: ProgrammeTimeZone;
}

export interface ProgrammePolicy {
  readonly id: ProgrammeId;
  /** A coordinator's programme: its own name (the overview shows it instead of "Custom"); absent for the built-ins. */
  readonly name?: Localised | string;
  /** The zone its dates are shown in; null: the mentorship's language decides (see timeZoneFor). */
  readonly timeZone: ProgrammeTimeZone | null;
  /** Whose public holidays the meetings keep off; null: the mentorship's zone decides (Oslo: Norway, Copenhagen: Denmark). */
  readonly country: Country | null;
  /** Whose texts in the word lists it uses ("plan.cadence.…", the agreement's examples). */
  readonly wording: ProgrammeWording;
  /** Months after the first working day: [start, end) of each part. */
  readonly introductionMonths: readonly [number, number] | null;
  readonly mentoringMonths: readonly [number, number] | null;
  /** A fixed cadence (weeks from the first working day); null: the agreement's number of meetings, spread. */
  readonly cadence: readonly CadenceBand[] | null;
  readonly meetingMinutes: { readonly min: number; readonly max: number; readonly default: number };
  readonly defaultMeetingCount: number;
  /** Hours before a meeting its agenda card is posted, until the mentor picks another lead time. */
  readonly agendaLeadHours: number;
  readonly milestones: readonly Milestone[];
  /** Months after the first working day the leader gets the heads-up card ("møder muren"); null: none. Issue 12. */
  readonly leaderHeadsUpMonths: number | null;
  /** The introduction scheme's templates (checklist, schedule, status agenda); null: the programme has none. Issue 12. */
  readonly introduction: IntroductionTemplate | null;
  /** Example themes / learning goals the agenda card offers as suggestions (seed examples). Issue 12. */
  readonly themes: readonly Localised[];
  readonly suggestedPurpose: Localised;
  /** The mentor roles and tools the agreement offers: each programme names its own. */
  readonly mentorRoles: readonly MentorRole[];
  readonly tools: readonly AgreementTool[];
  /** Fields whose example (the input's placeholder) is the programme's own; the others use KL/DS's (seed 000). */
  readonly ownExamples: readonly AgreementTextField[];
  /** The expected start-up, learning and closing windows from the first working day. */
  phases(firstWorkingDay: IsoDate): Omit<PhaseTimeline, "preparation">;
  /** The calendar series the cadence gives for a slot. */
  series(input: SeriesInput): SeriesPlan[];
  /**
   * The day the closing phase is due (its evaluation card is posted that morning): from the first
   * working day, or after the last planned meeting for a programme without a fixed length.
   */
  closingDue(input: ClosingDueInput): IsoDate;
}

export interface ClosingDueInput {
  readonly firstWorkingDay: IsoDate;
  /** The date of the last meeting still planned or held (not cancelled); null before a plan is booked. */
  readonly lastPlannedMeeting: IsoDate | null;
}
