import { spawn } from 'node:child_process';

/** Runs a command to completion and resolves with its output; rejects with the output's end when it fails. */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output.slice(-3000)}`))));
  });
}

/** npm's environment without its audit, funding and update chatter. */
export const quietNpmEnv = (env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => ({ ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' });

export const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';
