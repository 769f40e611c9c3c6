/** The integration module's public surface: adapters to external systems behind ports. */
export * from './national-portal.js';
export { recordDelivery, listDeliveries } from './integration.repo.js';
export { createNotifier, type Notifier, type NotificationMessage } from './notifier.js';
