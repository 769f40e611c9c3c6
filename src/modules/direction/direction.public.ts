/** The direction module's public surface (issue 21): the late-risk estimate for other screens. */
export { createRiskEngine, type RiskEngine } from './direction.risk.js';
export { estimateLateRisk, riskReason, backtest } from './direction.rules.js';
