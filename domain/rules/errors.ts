import { CreatorFlowError } from '../errors';

/** No published version answers the request: the rule set has none (enabled), or not the pinned one. */
export class RuleSetNotFoundError extends CreatorFlowError {
  constructor(
    readonly shopId: string,
    readonly ruleSet: string,
    readonly version: number | null,
  ) {
    const which = version === null ? 'has no enabled published version' : `has no published version ${version}`;
    super('RULE_SET_NOT_FOUND', `Rule set "${ruleSet}" of shop "${shopId}" ${which}; publish it first`);
  }
}

/** A stored version's source no longer matches the checksum taken when it was published. */
export class RuleSetChecksumError extends CreatorFlowError {
  constructor(
    readonly shopId: string,
    readonly ruleSet: string,
    readonly version: number,
  ) {
    super(
      'RULE_SET_CHECKSUM_MISMATCH',
      `Version ${version} of rule set "${ruleSet}" of shop "${shopId}" was changed after it was published (its source no longer matches its checksum); publish the intended source again`,
    );
  }
}
