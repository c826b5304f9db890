export { openDatabase, type ConnectionSettings, type Database, type OpenDatabaseOptions } from './open-database';
export { startEmbeddedPostgres, defaultDataDir, type EmbeddedPostgresServer } from './embedded-postgres';
export { migrate, loadMigrations, type Migration } from './migrations';
export { inTransaction, inTransactionBefore, type DbHandle } from './transaction';
export { beforeDeadline, deadlineIn, type Deadline } from './deadline';
