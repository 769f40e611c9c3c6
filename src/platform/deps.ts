import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { AuthService } from './auth/auth.service.js';
import type { OutboxWorker } from './outbox.js';
import type { JobScheduler } from './jobs.js';
import type { AbuseGuards } from './http/rate-limit.js';
import type { CalendarService } from '../modules/calendar/calendar.public.js';
import type { DossierServices } from '../modules/dossiers/dossiers.public.js';
import type { QualityService } from '../modules/quality/quality.public.js';
import type { TasksService } from '../modules/tasks/tasks.public.js';

/** The time source of services; tests replace `now` to move through working days. */
export interface Clock {
  now(): Date;
}

/**
 * What the composition root (src/app.ts buildApp) hands to every module's register(app, deps):
 * the platform services and the module services more than one module uses, each built once.
 */
export interface Deps {
  clock: Clock;
  config: Config;
  database: Database;
  auth: AuthService;
  outbox: OutboxWorker;
  jobs: JobScheduler;
  /** Per-client limits of anonymous traffic and the daily anonymous upload budget. */
  abuse: AbuseGuards;
  /** The province's working calendar, built once by the composition root (src/app.ts). */
  calendar: CalendarService;
  /** The app's dossier service (with its file store and signing adapter), built once by the composition root. */
  dossiers: DossierServices;
  /** The QĐ 766 index service over its read model (quality module; the direction centre and report figures read it too). */
  quality: QualityService;
  /** The assigned-tasks service (tasks module; report figures read its overview). */
  tasks: TasksService;
}
