import type { Command } from 'commander';
import { registerAuditCommands } from './audit.js';
import { registerBackupCommands } from './backup.js';
import { registerCloudCommands } from './cloud.js';
import { registerConfigCommands } from './config.js';
import { registerConnectionCommands } from './connection.js';
import { registerImportCommands } from './importTrueNas.js';
import { registerKeypairCommands } from './keypair.js';
import { registerPoolKeyCommands } from './poolKeys.js';
import { registerRcloneCommands } from './rclone.js';

/** Every scripted subcommand group, in the order `nasconsole --help` lists them. */
export function registerCommands(program: Command): void {
  registerConfigCommands(program);
  registerBackupCommands(program);
  registerPoolKeyCommands(program);
  registerCloudCommands(program);
  registerRcloneCommands(program);
  registerConnectionCommands(program);
  registerKeypairCommands(program);
  registerImportCommands(program);
  registerAuditCommands(program);
}
