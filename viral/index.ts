// Viral detection: a pure in-memory detector and its PostgreSQL form (same functions, state per shop and product).
export { createViralDetector, type ViralDetector, type ViralDetectorOptions } from './detector';
export { VIRAL_ORDERS_PER_HOUR, VIRAL_VELOCITY_INCREASE, VELOCITY_MULTIPLIER_CAP, type ViralAssessment } from './assess';
export { ESCALATE_CONFIDENCE, ESCALATE_IMPACT, type ViralIndicator, type ViralIndicatorType } from './indicator';
export { DEFAULT_VIRAL_TUNING, type ViralTuning } from './params';
export type { ViralContext } from './input';
export type { ViralSignals, TrendingHashtag, WatchedCreator, FlashSale } from './signals';
export { InvalidViralOptionsError, InvalidViralSignalsError, InvalidViralInputError } from './errors';
export { createPostgresViralDetector, type PostgresViralDetector, type ProductObservation, type OrderObservation, type StoredDetectorOptions } from './postgres-detector';
export { saveViralSignals, loadViralSignals } from './postgres-signals';
