import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** The PostgreSQL database that holds CreatorFlow's orders, stock, labels and rule limits. */
export class CreatorFlowDatabaseApi implements ICredentialType {
  name = 'creatorFlowDatabaseApi';

  displayName = 'CreatorFlow Database API';

  icon = 'file:../nodes/shared/creatorflow.svg' as const;

  documentationUrl = 'https://github.com/creatorflow/n8n-nodes-creatorflow#creatorflow-database';

  properties: INodeProperties[] = [
    {
      displayName: 'Connect With',
      name: 'connectWith',
      type: 'options',
      options: [
        { name: 'Host and Port', value: 'fields' },
        { name: 'Connection String', value: 'connectionString' },
      ],
      default: 'fields',
    },
    {
      displayName: 'Connection String',
      name: 'connectionString',
      type: 'string',
      default: '',
      placeholder: 'postgresql://user@db.example.com:5432/creatorflow?sslmode=require',
      description: 'A PostgreSQL URL without the password (put it in Password); sslmode and other URL options are honoured',
      displayOptions: { show: { connectWith: ['connectionString'] } },
    },
    {
      displayName: 'Host',
      name: 'host',
      type: 'string',
      default: 'localhost',
      displayOptions: { show: { connectWith: ['fields'] } },
    },
    {
      displayName: 'Port',
      name: 'port',
      type: 'number',
      default: 5432,
      displayOptions: { show: { connectWith: ['fields'] } },
    },
    {
      displayName: 'Database',
      name: 'database',
      type: 'string',
      default: 'creatorflow',
      displayOptions: { show: { connectWith: ['fields'] } },
    },
    {
      displayName: 'User',
      name: 'user',
      type: 'string',
      default: 'postgres',
      displayOptions: { show: { connectWith: ['fields'] } },
    },
    {
      displayName: 'Password',
      name: 'password',
      type: 'string',
      typeOptions: { password: true },
      default: '',
    },
    {
      displayName: 'SSL',
      name: 'ssl',
      type: 'options',
      options: [
        { name: 'Disable', value: 'disable' },
        { name: 'Require (Encrypt, Do Not Verify the Certificate)', value: 'require' },
        { name: 'Verify Full (Encrypt and Verify the Certificate)', value: 'verify-full' },
      ],
      default: 'disable',
      displayOptions: { show: { connectWith: ['fields'] } },
    },
    {
      displayName: 'Maximum Connections',
      name: 'maxConnections',
      type: 'number',
      typeOptions: { minValue: 1 },
      default: 10,
      description: 'Size of the connection pool this credential shares across executions',
    },
  ];
}
