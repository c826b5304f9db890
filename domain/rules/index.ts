export { publishRuleSet, type PublishRuleSetInput, type PublishedRuleSet } from './publish';
export { loadRuleSet, listRuleSetVersions, type LoadRuleSetInput, type StoredRuleSet, type RuleSetVersion } from './load';
export { evaluateWithStoredLimits, type StoredLimitsInput } from './stored-limits';
export { RuleSetNotFoundError, RuleSetChecksumError } from './errors';
