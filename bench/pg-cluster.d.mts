export interface PgCluster {
  adminUrl: string;
  host: string;
  port: number;
  password: string;
  dataDir: string;
  stop(): Promise<void>;
  restart(options?: { downMs?: number }): Promise<void>;
}

export function postgresBin(): string;
export function startCluster(): Promise<PgCluster>;
